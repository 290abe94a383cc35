import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BRIN_RE = re.compile(r"^[0-9]{2}[A-Z0-9]{2}$")


def validate_brin(value: str) -> None:
    """A BRIN code is two digits followed by two letters or digits, e.g. 25LH."""
    if not BRIN_RE.match(value or ""):
        raise ValidationError(
            _("A BRIN code is two digits followed by two capital letters or digits, e.g. 25LH."),
            code="invalid_brin",
        )
