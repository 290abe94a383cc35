from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.people.cohorts import cohort_label, school_year_start

from .constants import SignalKind
from .selectors import CaseloadSort

SCOPE_MINE = "mine"
SCOPE_ORGANISATION = "organisation"

SORT_CHOICES = [
    (CaseloadSort.URGENCY, _("Most urgent first")),
    (CaseloadSort.NAME, _("Name")),
    (CaseloadSort.DUE, _("Next task due")),
    (CaseloadSort.LAST_CONTACT, _("Longest without contact")),
]


def recent_cohorts(today: datetime.date, years: int = 6) -> list[str]:
    """The current school year and the ones before it, newest first."""
    start = school_year_start(today)
    return [cohort_label(datetime.date(start - n, 8, 1)) for n in range(years)]


def person_label(person) -> str:
    name = f"{person.surname}, {person.given_names}"
    if person.tussenvoegsel:
        name += f" {person.tussenvoegsel}"
    return f"{name} ({person.date_of_birth:%d-%m-%Y})"


def user_label(user) -> str:
    return user.get_full_name() or user.username


class CaseloadFilterForm(forms.Form):
    """The filters and sort of the caseload; read from the query string."""

    scope = forms.ChoiceField(
        required=False,
        choices=[(SCOPE_MINE, _("Mine")), (SCOPE_ORGANISATION, _("Whole organisation"))],
        widget=forms.HiddenInput,
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    signal = forms.ChoiceField(
        label=_("Signal"),
        required=False,
        choices=[("", _("Any or none")), *SignalKind.choices],
    )
    cohort = forms.ChoiceField(label=_("Cohort (school year of leaving)"), required=False)
    school = forms.TypedChoiceField(label=_("School"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=_("Only with overdue tasks"), required=False)

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        cohorts = recent_cohorts(timezone.localdate())
        self.fields["cohort"].choices = [("", _("All cohorts"))] + [(c, c) for c in cohorts]
        self.fields["school"].choices = [("", _("All schools"))] + [
            (school.pk, school.name) for school in schools
        ]

    def filters(self) -> dict:
        """The keyword arguments for ``caseload_for``; the defaults when the form is bad."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "mine_only": data.get("scope") != SCOPE_ORGANISATION,
            "sort": data.get("sort") or CaseloadSort.URGENCY,
            "signal_kind": data.get("signal") or "",
            "cohort": data.get("cohort") or "",
            "school_id": data.get("school"),
            "overdue_only": bool(data.get("overdue")),
        }


class PersonSearchForm(forms.Form):
    # Not marked required (a search box needs no "(required)"); an empty search is an error.
    q = forms.CharField(
        label=_("Find a young person"),
        required=False,
        max_length=100,
        help_text=_(
            "Name, date of birth (dd-mm-yyyy), student number or BSN. Searches everyone you "
            "may see, not only your caseload."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"].strip()
        if not query:
            raise ValidationError(_("Type a name, date of birth, student number or BSN."))
        return query


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_label(obj)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return user_label(obj)


class TaskForm(forms.Form):
    person = PersonChoiceField(label=_("Young person"), queryset=None)
    title = forms.CharField(label=_("What needs doing"), max_length=200)
    due_date = forms.DateField(
        label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise ValidationError(_("The due date lies in the past."))
        return due


class CoachForm(forms.Form):
    """Assign a coach of the acting organisation."""

    coach = UserChoiceField(label=_("Coach"), queryset=None, empty_label=None)

    def __init__(self, *args, coaches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches


class TransferOrganisationForm(forms.Form):
    """Step one of a transfer (a GET form): pick the organisation, to list its coaches."""

    naar = forms.ModelChoiceField(label=_("Organisation"), queryset=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["naar"].queryset = organisations


class TransferForm(forms.Form):
    """Step two: the coach at the organisation picked in step one (or nobody yet)."""

    to_organisation = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    coach = UserChoiceField(
        label=_("Coach"),
        queryset=None,
        required=False,
        empty_label=_("No coach yet"),
    )

    def __init__(self, *args, organisations, coaches, **kwargs):
        # The coach page also has the assign form with a "coach" field: keep the ids apart.
        kwargs.setdefault("auto_id", "id_transfer_%s")
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = organisations
        self.fields["coach"].queryset = coaches
