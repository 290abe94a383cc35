"""Forms for placements and certificates. Shape only: the rules (dates, hours, the opening's
employer, the placement of the same person) live in ``placements.py``, whose field errors
land back next to the field with what was typed kept."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.people.forms import DateInput, ServiceForm

from .constants import CertificateKind, OpeningKind, OpeningStatus, PlacementOutcome
from .models import Certificate, Employer, Opening, Placement

PLACEMENT_FIELDS = (
    "employer",
    "opening",
    "kind",
    "start_date",
    "end_date",
    "hours",
    "guidance",
    "outcome",
)
CERTIFICATE_FIELDS = ("kind", "name", "crebo", "issued_on", "issued_by", "placement")


def _opening_label(opening: Opening) -> str:
    return f"{opening.title} · {opening.employer.name} ({opening.get_kind_display()})"


class PlacementForm(ServiceForm):
    employer = forms.ModelChoiceField(
        label=_("Employer"),
        queryset=Employer.objects.none(),
        required=False,
        empty_label=_("Choose"),
        help_text=_("From the employer register. Not needed when you choose an opening."),
    )
    opening = forms.ModelChoiceField(
        label=_("Opening (optional)"),
        queryset=Opening.objects.none(),
        required=False,
        empty_label=_("No opening"),
        help_text=_("The employer and the kind of placement then follow the opening."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of placement"),
        choices=[("", ""), *OpeningKind.choices],
        required=False,
        help_text=_(
            "A job, work trial or learning-work place shows as work on the timeline, a BBL "
            "place as education; an internship (BPV) adds nothing: the school career is "
            "education already."
        ),
    )
    start_date = forms.DateField(label=_("Start"), widget=DateInput)
    end_date = forms.DateField(
        label=_("End"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty while it goes on. Ending the placement ends the status."),
    )
    hours = forms.IntegerField(
        label=_("Hours a week"),
        widget=forms.NumberInput(attrs={"min": 1, "max": 60, "inputmode": "numeric"}),
        help_text=_("From 1 to 60."),
    )
    guidance = forms.CharField(
        label=_("Guidance"),
        max_length=300,
        required=False,
        help_text=Placement._meta.get_field("guidance").help_text,
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=PlacementOutcome.choices)

    def __init__(self, *args, placement: Placement | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # An inactive employer or a closed opening stays choosable for the placement that
        # has it already.
        keep_employer = Q(pk=placement.employer_id) if placement else Q(pk__in=[])
        keep_opening = Q(pk=placement.opening_id) if placement else Q(pk__in=[])
        self.fields["employer"].queryset = Employer.objects.filter(
            Q(is_active=True) | keep_employer
        ).order_by("name")
        openings = Opening.objects.filter(
            Q(status__in=(OpeningStatus.OPEN, OpeningStatus.FILLED)) | keep_opening
        ).select_related("employer")
        self.fields["opening"].queryset = openings.order_by("employer__name", "title")
        self.fields["opening"].label_from_instance = _opening_label
        self.fields["kind"].choices = [("", _("Follows the opening")), *OpeningKind.choices]

    def placement_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in PLACEMENT_FIELDS}


class CertificateForm(ServiceForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", ""), *CertificateKind.choices])
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("As on the certificate, e.g. “Praktijkverklaring logistiek medewerker”."),
    )
    crebo = forms.CharField(
        label=_("Crebo (optional)"),
        max_length=5,
        required=False,
        help_text=_("Five digits, for an mbo certificate or diploma."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput)
    issued_by = forms.CharField(
        label=_("Issued by"),
        max_length=200,
        required=False,
        help_text=_("The school, SBB, the branch or the employer."),
    )
    placement = forms.ModelChoiceField(
        label=_("Earned during placement (optional)"),
        queryset=Placement.objects.none(),
        required=False,
        empty_label=_("Not during a placement"),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = (
            Placement.objects.filter(person=person)
            .select_related("employer")
            .order_by("-start_date", "-id")
        )
        self.fields["placement"].label_from_instance = lambda p: (
            f"{p.employer.name} · {p.get_kind_display()} ({p.start_date:%d-%m-%Y})"
        )

    def certificate_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in CERTIFICATE_FIELDS}

    @staticmethod
    def initial_for(certificate: Certificate) -> dict:
        return {name: getattr(certificate, name) for name in CERTIFICATE_FIELDS}
