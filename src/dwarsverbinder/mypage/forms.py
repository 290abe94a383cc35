import re

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from .services import is_email, normalise_phone

PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{7,24}$")


class LinkRequestForm(forms.Form):
    address = forms.CharField(
        label=_("Your e-mail address or mobile number"),
        help_text=_("Use the e-mail address or phone number that your coach has of you."),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={"required": _("Fill in your e-mail address or mobile number.")},
    )

    def clean_address(self) -> str:
        value = self.cleaned_data["address"].strip()
        if is_email(value):
            try:
                validate_email(value)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("This is not an e-mail address. Check it, for example: naam@voorbeeld.nl.")
                ) from None
            return value
        digits = normalise_phone(value).lstrip("+")
        if not PHONE.match(value) or not 9 <= len(digits) <= 15:
            raise forms.ValidationError(
                _(
                    "This is not a mobile number or e-mail address. Fill in a number of 10 "
                    "digits, for example 06 12345678, or an e-mail address."
                )
            )
        return value
