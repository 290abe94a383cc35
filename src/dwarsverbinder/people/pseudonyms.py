"""The BSN is never stored: only a keyed HMAC pseudonym, after the 11-proef."""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn


def clean_bsn(value: str) -> str:
    """Normalise a BSN and check it with the 11-proef; raises ValidationError."""
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    if len(digits) in (8,):  # BSNs issued with a leading zero are often written without it
        digits = "0" + digits
    if len(digits) != 9 or not stdnum_bsn.is_valid(digits):
        raise ValidationError(
            _("This is not a valid BSN: it must have 9 digits and pass the 11-proef."),
            code="invalid_bsn",
        )
    return digits


def bsn_pseudonym(value: str) -> str:
    """The keyed pseudonym of a BSN (hex HMAC-SHA256 with DWV_PSEUDONYM_KEY)."""
    digits = clean_bsn(value)
    key = settings.PSEUDONYM_KEY.encode()
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()
