"""Forms of the employer register. They check the shape of what was typed; the rules (a
unique KvK number, one account owner, no approach in the future) live in
``employers/register.py``, whose errors ``add_service_errors`` puts next to the field."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.accounts.models import Membership
from dwarsverbinder.network.models import Region
from dwarsverbinder.people.forms import DateInput, ServiceForm
from dwarsverbinder.programmes.models import Project

from .constants import Sector
from .models import Accreditation, ContactPerson, Employer, EmployerContact, Location
from .register_selectors import OVERVIEW_WEEKS, account_candidates


def _field(model, name: str, **kwargs) -> forms.Field:
    """The form field of a model field: same label, length, help and choices."""
    model_field = model._meta.get_field(name)
    if model_field.get_internal_type() == "DateField":
        kwargs.setdefault("widget", DateInput)
    return model_field.formfield(**kwargs)


def _week_choices() -> list[tuple[int, str]]:
    return [
        (w, ngettext("%(weeks)s week", "%(weeks)s weeks", w) % {"weeks": w}) for w in OVERVIEW_WEEKS
    ]


def _regions():
    return Region.objects.order_by("kind", "name")


class EmployerFilterForm(forms.Form):
    """The search and filters of the employer list (GET); anything invalid is ignored."""

    q = forms.CharField(label=_("Name or KvK number"), required=False, max_length=100)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.none(), empty_label=_("All")
    )
    accredited = forms.BooleanField(label=_("Erkend leerbedrijf now"), required=False)
    weeks = forms.TypedChoiceField(
        label=_("Approached in the last"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _regions()
        self.fields["weeks"].choices = [("", gettext("Any time")), *_week_choices()]

    def filters(self) -> dict:
        self.is_valid()  # a field that does not validate is left out of cleaned_data
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "sector": data.get("sector") or "",
            "region": data.get("region"),
            "accredited": bool(data.get("accredited")),
            "approached_weeks": data.get("weeks"),
        }


class EmployerForm(ServiceForm):
    name = _field(Employer, "name")
    kvk_number = forms.CharField(
        label=_("KvK number"),
        max_length=20,
        help_text=_("The eight digits of the Chamber of Commerce registration, like 12345678."),
    )
    sector = _field(Employer, "sector")
    size = _field(Employer, "size")
    region = _field(Employer, "region", empty_label=_("Not known"))
    website = _field(Employer, "website", assume_scheme="https")
    description = _field(Employer, "description", widget=forms.Textarea(attrs={"rows": 3}))
    is_active = _field(Employer, "is_active")

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _regions()
        self.fields["kvk_number"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off"}
        )
        if creating:
            del self.fields["is_active"]


class LocationForm(ServiceForm):
    name = _field(Location, "name")
    street = _field(Location, "street")
    postcode = _field(
        Location, "postcode", max_length=10, help_text=_("Four digits and two letters: 1234 AB.")
    )
    city = _field(Location, "city")
    is_main = _field(Location, "is_main")


class AccreditationForm(ServiceForm):
    crebo = _field(Accreditation, "crebo", help_text=_("The five digits of the programme."))
    programme_name = _field(Accreditation, "programme_name")
    level = forms.TypedChoiceField(
        label=_("Level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Not filled in")), *[(n, str(n)) for n in range(1, 5)]],
    )
    valid_from = _field(Accreditation, "valid_from")
    valid_until = _field(
        Accreditation, "valid_until", help_text=_("Leave empty while the recognition lasts.")
    )


class ContactPersonForm(ServiceForm):
    name = _field(ContactPerson, "name")
    job_title = _field(ContactPerson, "job_title")
    email = _field(ContactPerson, "email")
    phone = _field(ContactPerson, "phone")
    is_active = _field(ContactPerson, "is_active")

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["is_active"]


class HandOverForm(ServiceForm):
    """Who takes on the account: one of the active employer account managers and
    regional coordinators, shown with their organisation."""

    membership = forms.ModelChoiceField(
        label=_("New account owner"), queryset=Membership.objects.none(), empty_label=_("Choose")
    )
    service_fields = {"user": "membership", "organisation": "membership"}

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = account_candidates()
        if owner is not None:  # the one holding it now is no choice
            candidates = candidates.exclude(organisation=owner.organisation_id, user=owner.user_id)
        self.fields["membership"].queryset = candidates
        self.fields["membership"].label_from_instance = _membership_label


def _membership_label(membership: Membership) -> str:
    user = membership.user
    name = user.get_full_name() or user.get_username()
    return f"{membership.organisation.name} · {name} ({membership.get_role_display()})"


class EmployerContactForm(ServiceForm):
    date = _field(EmployerContact, "date")
    channel = _field(EmployerContact, "channel")
    purpose = _field(EmployerContact, "purpose")
    outcome = _field(EmployerContact, "outcome")
    contact_person = forms.ModelChoiceField(
        label=_("Spoke with (optional)"),
        queryset=ContactPerson.objects.none(),
        required=False,
        empty_label=_("Nobody in particular or not listed"),
    )
    project = forms.ModelChoiceField(
        label=_("For project (optional)"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("No project"),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
        help_text=_(
            "What was asked and agreed, at most 500 characters. No names or other details "
            "of young people: the contact log is read by every partner."
        ),
    )

    def __init__(self, *args, employer: Employer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["contact_person"].queryset = employer.contact_persons.filter(is_active=True)
        self.fields["project"].queryset = Project.objects.order_by("name")


class OverviewForm(forms.Form):
    weeks = forms.TypedChoiceField(
        label=_("Approached in the last"),
        coerce=int,
        initial=8,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weeks"].choices = _week_choices()

    def weeks_or_default(self, default: int) -> int:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["weeks"]
        return default if default in OVERVIEW_WEEKS else OVERVIEW_WEEKS[1]
