"""The form of the public page for employers, and the inbox's status form.

Written for employers at language level B1: short labels, one question per field, and
errors that say what to do. The rules live in ``public.py``; its errors land back on the
fields with the same names."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.people.forms import ServiceForm

from .constants import OpeningKind, RequestKind, RequestStatus
from .validators import normalise_kvk, normalise_postcode, validate_kvk, validate_postcode

PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{7,24}$")
MESSAGE_MAX = 3000
# The honeypot: a field people never see or reach, which form-filling robots do fill in.
HONEYPOT = "website"


class EmployerRequestForm(ServiceForm):
    groups = (
        (_("Your offer or question"), ("kind", "opening_kind", "message")),
        (_("Your company"), ("company", "kvk_number", "postcode")),
        (_("How we reach you"), ("contact_name", "email", "phone")),
    )

    kind = forms.ChoiceField(
        label=_("What do you want?"),
        choices=RequestKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you want: offer a place or ask a question.")},
    )
    company = forms.CharField(
        label=_("Name of your company"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": _("Fill in the name of your company.")},
    )
    kvk_number = forms.CharField(
        label=_("KvK number (optional)"),
        help_text=_("The 8 digits of your registration at the Chamber of Commerce (KvK)."),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Fill in your name.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send our answer to this address."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Fill in your e-mail address."),
            "invalid": _("This is not an e-mail address. Check it, for example: naam@bedrijf.nl."),
        },
    )
    phone = forms.CharField(
        label=_("Your phone number (optional)"),
        help_text=_("Fill this in if you want us to call you."),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    postcode = forms.CharField(
        label=_("Postcode of the workplace (optional)"),
        help_text=_("For example 4001 AB. Then we know which town it is about."),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    opening_kind = forms.ChoiceField(
        label=_("Kind of place (optional)"),
        help_text=_("Only when you offer a place. Not sure? Then leave it empty."),
        choices=[("", ""), *OpeningKind.choices],
        required=False,
    )
    message = forms.CharField(
        label=_("Your message"),
        help_text=_(
            "What kind of work is it? How many hours a week? From when? Or: what is your "
            "question? Do not write details about young people or your staff."
        ),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write a short message."),
            "max_length": _("Your message is too long. Use at most %(limit_value)d characters."),
        },
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opening_kind"].choices = [("", _("Not sure yet")), *OpeningKind.choices]

    def clean_kvk_number(self) -> str:
        value = normalise_kvk(self.cleaned_data["kvk_number"])
        if value:
            validate_kvk(value)
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        value = normalise_postcode(value)
        validate_postcode(value)
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        digits = re.sub(r"\D", "", value)
        if value and (not PHONE.match(value) or not 9 <= len(digits) <= 15):
            raise forms.ValidationError(
                _("This is not a phone number. Fill in a number like 0344 123456.")
            )
        return value

    def is_robot(self) -> bool:
        """True when the honeypot was filled in: the caller answers as if all went well."""
        return bool(self.data.get(HONEYPOT, "").strip())

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != HONEYPOT}


class RequestStatusForm(forms.Form):
    status = forms.ChoiceField(choices=RequestStatus.choices)
