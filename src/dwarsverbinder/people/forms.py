"""Forms of the young person's file. They only check the shape of what was typed; the
rules live in the services, whose ValidationErrors ``add_service_errors`` puts back next
to the field they are about, so the page keeps what the user typed."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.followup.models import Contact
from dwarsverbinder.network.constants import OrganisationKind, RegionKind
from dwarsverbinder.network.models import Organisation, Region

from .constants import ChannelKind, EpisodeKind, ProgrammeType
from .models import ContactChannel, Person, SchoolCareer, StatusEpisode

POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{7,19}$")
CREBO = re.compile(r"^[0-9]{5}$")
PHONE_KINDS = {ChannelKind.PHONE, ChannelKind.GUARDIAN_PHONE}
EMAIL_KINDS = {ChannelKind.EMAIL, ChannelKind.GUARDIAN_EMAIL}


class DateInput(forms.DateInput):
    """The browser's own date picker; it sends and expects ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _field(model, name: str, **kwargs) -> forms.Field:
    """The form field of a model field: same label, length and choices as the model."""
    model_field = model._meta.get_field(name)
    if model_field.get_internal_type() == "DateField":
        kwargs.setdefault("widget", DateInput)
    return model_field.formfield(**kwargs)


class ServiceForm(forms.Form):
    """A form whose data goes to a service. ``service_fields`` renames the keys of the
    service's errors where they differ from the form's field names."""

    service_fields: dict[str, str] = {}
    # (legend, field names) to group a long form; empty shows the fields in one group.
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            choices = getattr(field, "choices", None)
            if isinstance(field, forms.ModelChoiceField) or not choices:
                continue
            if choices[0][0] in ("", None):
                blank = _("Choose") if field.required else _("Not filled in")
                field.choices = [("", blank), *choices[1:]]

    def add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for key, errors in exc.error_dict.items():
            name = self.service_fields.get(key, key)
            if name == NON_FIELD_ERRORS or name not in self.fields:
                name = None
            for error in errors:
                self.add_error(name, error)

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.groups
        ]


class PersonForm(ServiceForm):
    given_names = _field(Person, "given_names")
    tussenvoegsel = _field(Person, "tussenvoegsel")
    surname = _field(Person, "surname")
    date_of_birth = _field(Person, "date_of_birth")
    gender = _field(Person, "gender")
    street = _field(Person, "street")
    house_number = _field(Person, "house_number")
    postcode = _field(
        Person, "postcode", max_length=10, help_text=_("Four digits and two letters: 1234 AB.")
    )
    municipality = _field(
        Person,
        "municipality",
        queryset=Region.objects.filter(kind=RegionKind.MUNICIPALITY).order_by("name"),
        empty_label=_("Not known"),
    )

    groups = (
        (
            _("Personal details"),
            ("given_names", "tussenvoegsel", "surname", "date_of_birth", "gender"),
        ),
        (_("Address"), ("street", "house_number", "postcode", "municipality")),
        (_("Identities"), ("bsn", "student_number")),
    )
    person_fields = (
        "given_names",
        "tussenvoegsel",
        "surname",
        "date_of_birth",
        "gender",
        "street",
        "house_number",
        "postcode",
        "municipality",
    )

    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=20,
        help_text=_("Optional. Stored only as a pseudonym; nobody can read it back."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    student_number = forms.CharField(label=_("Student number"), required=False, max_length=64)
    service_fields = {"number": "student_number"}

    def __init__(self, *args, with_bsn: bool = True, school: Organisation | None = None, **kw):
        """``with_bsn``: offer the BSN field (not when one is recorded already); ``school``:
        offer a student number at that school (the user's own)."""
        super().__init__(*args, **kw)
        if not with_bsn:
            del self.fields["bsn"]
        if school is None:
            del self.fields["student_number"]
        else:
            self.fields["student_number"].help_text = _("Optional. The number at %(school)s.") % {
                "school": school.name
            }

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        match = POSTCODE.match(value)
        if match is None:
            raise ValidationError(_("Write the postcode as four digits and two letters: 1234 AB."))
        return f"{match[1]}{match[2].upper()}"

    def person_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.person_fields}


class EpisodeForm(ServiceForm):
    kind = _field(StatusEpisode, "kind")
    start_date = _field(StatusEpisode, "start_date")
    end_date = _field(
        StatusEpisode, "end_date", help_text=_("Leave empty while it is still going on.")
    )
    source = _field(StatusEpisode, "source")
    note = _field(
        StatusEpisode,
        "note",
        help_text=_("Short and factual. For care: no note, health details stay with the partner."),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == EpisodeKind.ZORG and data.get("note"):
            # The file records that care is involved, never why: health data stays with the partner.
            self.add_error(
                "note", _("Leave the note empty for care: health details stay with the partner.")
            )
        return data


class EpisodeEditForm(EpisodeForm):
    last_confirmed = _field(
        StatusEpisode,
        "last_confirmed",
        help_text=_("The last day someone confirmed this was still so."),
    )
    field_order = ["kind", "start_date", "end_date", "last_confirmed", "source", "note"]


class ChannelForm(ServiceForm):
    kind = _field(ContactChannel, "kind")
    value = forms.CharField(
        label=_("Phone number, e-mail address or address"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    label = _field(ContactChannel, "label")
    source = _field(ContactChannel, "source")
    confirmed_on = forms.DateField(
        label=_("Last confirmed"),
        required=False,
        widget=DateInput,
        help_text=_("When it last worked or was checked. Leave empty if not known."),
    )

    def clean(self):
        data = super().clean()
        kind, value = data.get("kind"), (data.get("value") or "").strip()
        if kind in PHONE_KINDS and value and not PHONE.match(value):
            self.add_error("value", _("This is not a phone number."))
        if kind in EMAIL_KINDS and value:
            try:
                validate_email(value)
            except ValidationError:
                self.add_error("value", _("This is not an e-mail address."))
        confirmed_on = data.get("confirmed_on")
        if confirmed_on and confirmed_on > timezone.localdate():
            self.add_error("confirmed_on", _("This date lies in the future."))
        return data


class CareerForm(ServiceForm):
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.SCHOOL, is_active=True).order_by(
            "name"
        ),
    )
    programme_type = _field(SchoolCareer, "programme_type")
    level = forms.TypedChoiceField(
        label=_("Level"),
        choices=[("", "–")] + [(n, str(n)) for n in range(1, 5)],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("For mbo: level 1 (entree) to 4."),
    )
    programme_name = _field(SchoolCareer, "programme_name")
    crebo = _field(SchoolCareer, "crebo", help_text=_("Five digits."))
    uitstroomprofiel = _field(SchoolCareer, "uitstroomprofiel", help_text=_("Only for VSO."))
    leerweg = _field(SchoolCareer, "leerweg", help_text=_("Only for vmbo."))
    start_date = _field(SchoolCareer, "start_date")
    leave_date = _field(SchoolCareer, "leave_date", help_text=_("Empty while still enrolled."))
    leave_reason = _field(SchoolCareer, "leave_reason")
    diploma = _field(SchoolCareer, "diploma")

    def clean_crebo(self) -> str:
        value = self.cleaned_data["crebo"].strip()
        if value and not CREBO.match(value):
            raise ValidationError(_("A crebo number has five digits."))
        return value

    def clean(self):
        data = super().clean()
        programme = data.get("programme_type")
        if data.get("uitstroomprofiel") and programme != ProgrammeType.VSO:
            self.add_error("uitstroomprofiel", _("Only a VSO programme has an exit profile."))
        if data.get("leerweg") and programme != ProgrammeType.VMBO:
            self.add_error("leerweg", _("Only a vmbo programme has a leerweg."))
        if data.get("leave_reason") and not data.get("leave_date"):
            self.add_error("leave_date", _("Fill in the leave date, or leave the reason empty."))
        return data


class ContactForm(ServiceForm):
    on = _field(Contact, "on")
    channel = _field(Contact, "channel")
    outcome = _field(Contact, "outcome")
    note = _field(Contact, "note", widget=forms.Textarea(attrs={"rows": 3}))
    channel_used = forms.ModelChoiceField(
        label=_("Contact detail used"),
        queryset=ContactChannel.objects.none(),
        required=False,
        empty_label=_("None or not listed"),
        help_text=_("If the young person was reached, this detail is marked as confirmed."),
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel_used"].queryset = person.contact_channels.filter(is_active=True)
        self.fields["channel_used"].label_from_instance = _channel_label


def _channel_label(channel: ContactChannel) -> str:
    label = f" ({channel.label})" if channel.label else ""
    return f"{channel.get_kind_display()}: {channel.value}{label}"
