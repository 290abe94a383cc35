"""The form for a new round. Shape only: the rules (published version, dates, reminder
days within the round, the processing register) live in ``rounds.round_create``, whose
errors land back on these fields."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.network.constants import OrganisationKind, RegionKind
from dwarsverbinder.network.models import Organisation, Region
from dwarsverbinder.people.cohorts import cohort_label
from dwarsverbinder.people.constants import ProgrammeType
from dwarsverbinder.people.forms import DateInput, ServiceForm

from .rounds import HORIZONS, versions_for

COHORT_YEARS_BACK = 6


def _cohort_choices() -> list[tuple[str, str]]:
    current = cohort_label(timezone.localdate())
    start = int(current[:4])
    labels = [f"{year}-{year + 1}" for year in range(start, start - COHORT_YEARS_BACK, -1)]
    return [("", _("All school years")), *((label, label) for label in labels)]


class ReminderDaysField(forms.CharField):
    """Whole days written as "3, 7"; the service checks them against the round's length."""

    def to_python(self, value) -> list[int]:
        value = super().to_python(value)
        if not value.strip():
            return []
        parts = [p for p in re.split(r"[,;\s]+", value.strip()) if p]
        if not all(p.isdigit() for p in parts):
            raise ValidationError(
                _("Write whole days, separated by commas, for example: 3, 7."), code="invalid"
            )
        return [int(p) for p in parts]


class RoundForm(ServiceForm):
    name = forms.CharField(
        label=_("Name of the round"),
        max_length=200,
        help_text=_("For example: Leavers 2024-2025, 6 months."),
    )
    version = forms.ModelChoiceField(
        label=_("Questionnaire"),
        queryset=None,
        empty_label=_("Choose"),
        help_text=_("Only published versions can be sent: they never change."),
    )
    cohort = forms.ChoiceField(
        label=_("School year of leaving"),
        required=False,
        help_text=_("The school year (1 August to 31 July) in which they last left school."),
    )
    months_after_leaving = forms.TypedMultipleChoiceField(
        label=_("Months after leaving"),
        required=False,
        coerce=int,
        choices=[(m, _("%(months)s months") % {"months": m}) for m in HORIZONS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Who left school this many months before the start date, give or take half a "
            "month. Choose 6 and 12 to reach all leavers at 6 and at 12 months."
        ),
    )
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.SCHOOL, is_active=True),
        required=False,
        empty_label=_("All schools"),
    )
    programme_types = forms.MultipleChoiceField(
        label=_("Programme types"),
        required=False,
        choices=ProgrammeType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for all programme types."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality of residence"),
        queryset=Region.objects.filter(kind=RegionKind.MUNICIPALITY).order_by("name"),
        required=False,
        empty_label=_("All municipalities"),
    )
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput())
    closes_on = forms.DateField(
        label=_("Closing date"),
        widget=DateInput(),
        help_text=_("After this day the links stop working."),
    )
    reminder_days = ReminderDaysField(
        label=_("Reminders after (days)"),
        required=False,
        initial="3, 7",
        help_text=_(
            "Days after the invitation, separated by commas. For example 3, 7: a reminder "
            "after 3 days and after 7 days to those who have not answered."
        ),
    )

    groups = (
        (_("The round"), ("name", "version")),
        (
            _("Who is invited"),
            ("cohort", "months_after_leaving", "school", "programme_types", "municipality"),
        ),
        (_("When"), ("starts_on", "closes_on", "reminder_days")),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions_for(organisation=organisation)
        self.fields["version"].label_from_instance = lambda v: (
            _("%(name)s, version %(number)s")
            % {
                "name": v.questionnaire.name,
                "number": v.number,
            }
        )
        self.fields["cohort"].choices = _cohort_choices()
        self.fields["school"].queryset = self.fields["school"].queryset.order_by("name")
