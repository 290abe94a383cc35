"""Checks of the numbers and codes employers are registered with."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

KVK = re.compile(r"^[0-9]{8}$")
POSTCODE = re.compile(r"^[1-9][0-9]{3} ?[A-Z]{2}$")


def normalise_kvk(value: str) -> str:
    """Spaces and dots people type between the digits go; the digits stay."""
    return re.sub(r"[\s.]", "", value or "")


def validate_kvk(value: str) -> None:
    """A KvK number is eight digits (the Chamber of Commerce gives no check digit)."""
    if not KVK.match(value or ""):
        raise ValidationError(
            _("A KvK number has exactly eight digits, like 12345678."), code="kvk_format"
        )
    if value == "00000000":
        raise ValidationError(_("00000000 is not a KvK number."), code="kvk_zero")


def normalise_postcode(value: str) -> str:
    """'1234ab' and '1234 AB' become '1234 AB'."""
    compact = re.sub(r"\s", "", value or "").upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else (value or "").strip().upper()


def validate_postcode(value: str) -> None:
    if not POSTCODE.match(value or ""):
        raise ValidationError(
            _("Give a Dutch postcode of four digits and two letters, like 4001 AB."),
            code="postcode_format",
        )
