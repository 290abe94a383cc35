"""The filter form of the monitor dashboard (/monitor/): a GET form that keeps its values."""

from __future__ import annotations

import datetime

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from dwarsverbinder.network.constants import OrganisationKind, RegionKind
from dwarsverbinder.network.models import Organisation, Region
from dwarsverbinder.people.cohorts import cohort_bounds, cohort_label
from dwarsverbinder.people.constants import Gender, ProgrammeType
from dwarsverbinder.people.models import SchoolCareer
from dwarsverbinder.programmes.models import Project
from dwarsverbinder.utils.dates import add_months

from .definitions import DEFINITION_V1
from .engine import Filters
from .selectors import pilot_errors

DEFAULT_HORIZON = 12
DEFAULT_GROUP_BY = "region"
GROUP_BY_CHOICES = [
    ("none", _("Nothing (the whole selection)")),
    ("region", _("RMC region")),
    ("municipality", _("Municipality of residence")),
    ("school", _("School")),
    ("programme_type", _("Programme type")),
    ("level", _("Level")),
    ("gender", _("Gender")),
    ("pilot", _("Pilot against the rest of its region")),
]
CODE_FILTERS = ("region", "municipality", "school", "project")
VALUE_FILTERS = ("programme_type", "level", "gender")


def existing_cohorts() -> list[str]:
    """The school years in which someone in scope of definition v1 left school, oldest
    first: one query over the distinct months of the leave dates."""
    months = (
        SchoolCareer.objects.filter(DEFINITION_V1.scope.q(), leave_date__isnull=False)
        .order_by()
        .dates("leave_date", "month")
    )
    return sorted({cohort_label(month) for month in months})


def default_cohort(cohorts: list[str], horizon: int, today: datetime.date) -> str | None:
    """The newest cohort of which everybody has reached the horizon (its last leaver too),
    so that the first figures a user sees are complete; else the newest of which somebody
    has."""
    complete = [c for c in cohorts if add_months(cohort_bounds(c)[1], horizon) < today]
    reached = [c for c in cohorts if add_months(cohort_bounds(c)[0], horizon) < today]
    return (complete or reached or cohorts or [None])[-1]


def with_defaults(params: QueryDict, cohorts: list[str], today: datetime.date) -> QueryDict:
    """The query string with cohort, horizon and group_by filled in where missing."""
    data = params.copy()
    data.setdefault("horizon", str(DEFAULT_HORIZON))
    data.setdefault("group_by", DEFAULT_GROUP_BY)
    if "cohort" not in data:
        try:
            horizon = int(data["horizon"])
        except ValueError:
            horizon = DEFAULT_HORIZON
        data["cohort"] = default_cohort(cohorts, horizon, today) or ""
    return data


def _codes(queryset, label, empty) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=queryset,
        to_field_name="code",
        required=False,
        label=label,
        empty_label=empty,
        error_messages={"invalid_choice": _("Choose one from the list.")},
    )


class DashboardForm(forms.Form):
    cohort = forms.ChoiceField(
        label=_("Cohort (school year of leaving)"),
        error_messages={
            "required": _("Choose a cohort."),
            "invalid_choice": _("Choose a cohort from the list: a school year with leavers."),
        },
    )
    horizon = forms.TypedChoiceField(
        label=_("Months after leaving school"),
        choices=[
            (h, ngettext_lazy("%(months)s month", "%(months)s months", "months") % {"months": h})
            for h in DEFINITION_V1.horizons
        ],
        coerce=int,
        error_messages={
            "required": _("Choose a horizon of 3, 6, 12, 18 or 24 months."),
            "invalid_choice": _("Choose a horizon of 3, 6, 12, 18 or 24 months."),
        },
    )
    group_by = forms.ChoiceField(
        label=_("Group by"),
        choices=GROUP_BY_CHOICES,
        error_messages={
            "required": _("Choose how to group."),
            "invalid_choice": _("Choose how to group from the list."),
        },
    )
    region = _codes(
        Region.objects.filter(kind=RegionKind.RMC).order_by("name"),
        _("RMC region"),
        _("All RMC regions"),
    )
    municipality = _codes(
        Region.objects.filter(kind=RegionKind.MUNICIPALITY).order_by("name"),
        _("Municipality of residence"),
        _("All municipalities"),
    )
    school = _codes(
        Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("name"),
        _("School"),
        _("All schools"),
    )
    programme_type = forms.ChoiceField(
        label=_("Programme type"),
        required=False,
        choices=[("", _("All programme types")), *ProgrammeType.choices],
        error_messages={"invalid_choice": _("Choose a programme type from the list.")},
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("All levels"))] + [(n, str(n)) for n in range(1, 5)],
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a level from 1 to 4.")},
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("", _("All")), *Gender.choices],
        error_messages={"invalid_choice": _("Choose a gender from the list.")},
    )

    project = forms.ModelChoiceField(
        queryset=Project.objects.select_related("region").order_by("name"),
        to_field_name="slug",
        required=False,
        label=_("Project or pilot"),
        empty_label=_("All young people"),
        help_text=_(
            "Only the young people who take part. Grouped by pilot: they and the rest of the "
            "pilot's region."
        ),
        error_messages={"invalid_choice": _("Choose one from the list.")},
    )

    def __init__(self, *args, cohorts: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = [(c, c) for c in reversed(cohorts)]

    def clean(self) -> dict:
        data = super().clean()
        problems = pilot_errors(
            group_by=data.get("group_by"), project=data.get("project"), region=data.get("region")
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return data

    @property
    def compare(self) -> bool:
        return self.cleaned_data.get("group_by") == "pilot"

    def filters(self) -> Filters:
        data = self.cleaned_data

        def pk(name: str) -> int | None:
            return data[name].pk if data.get(name) is not None else None

        compare = self.compare
        return Filters(
            project=pk("project"),
            compare=compare,
            region=data["project"].region_id if compare else pk("region"),
            municipality=pk("municipality"),
            school=pk("school"),
            programme_type=data.get("programme_type") or None,
            level=data.get("level"),
            gender=data.get("gender") or None,
        )

    def parameters(self) -> dict:
        """The chosen parameters as codes and values (no personal data): for the audit
        log, the export's footer and the download links."""
        data = self.cleaned_data
        params = {name: data[name] for name in ("cohort", "horizon", "group_by")}
        for name in CODE_FILTERS:
            if data.get(name) is not None:
                params[name] = getattr(data[name], self.fields[name].to_field_name)
        for name in VALUE_FILTERS:
            if data.get(name) not in (None, ""):
                params[name] = data[name]
        return params
