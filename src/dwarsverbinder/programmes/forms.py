"""Forms of the project pages. They check the shape of what was typed; the rules (a period
that ends before it starts, a milestone outside the project period) live in the services,
whose errors ``add_service_errors`` puts next to the field, keeping what was typed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.network.models import Organisation, Region
from dwarsverbinder.people.constants import ProgrammeType
from dwarsverbinder.people.forms import DateInput, ServiceForm

from .constants import LinkKind, MilestoneStatus, PartnerRole, ProjectStatus
from .models import RegionalIssue

LINES_HELP = _("One per line.")


class LinesField(forms.CharField):
    """A list of short texts, typed one per line (results, success factors, challenges)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", LINES_HELP)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class ProjectForm(ServiceForm):
    groups = (
        (_("The project"), ("name", "status", "region", "region_label", "issues", "summary")),
        (_("Period"), ("start_date", "end_date")),
        (
            _("Target group"),
            (
                "target_age_min",
                "target_age_max",
                "target_programme_types",
                "target_situation",
                "target_group",
            ),
        ),
        (_("Approach and lessons"), ("approach", "results", "success_factors", "challenges")),
    )

    name = forms.CharField(label=_("Name"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("name"), required=False
    )
    region_label = forms.CharField(
        label=_("Region (as described)"),
        max_length=200,
        required=False,
        help_text=_("For projects spanning several regions."),
    )
    issues = forms.ModelMultipleChoiceField(
        label=_("Regional issues"),
        queryset=RegionalIssue.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DateInput)
    target_age_min = forms.IntegerField(
        label=_("Youngest age"), required=False, min_value=0, max_value=99
    )
    target_age_max = forms.IntegerField(
        label=_("Oldest age"), required=False, min_value=0, max_value=99
    )
    target_programme_types = forms.MultipleChoiceField(
        label=_("Programme types"),
        choices=ProgrammeType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: any programme."),
    )
    target_situation = forms.CharField(
        label=_("Situation"),
        max_length=300,
        required=False,
        help_text=_(
            "E.g. left school without a startkwalificatie, NEET, in the doelgroepregister."
        ),
    )
    target_group = forms.CharField(
        label=_("Target group in words"), required=False, widget=forms.Textarea
    )
    approach = forms.CharField(label=_("Approach"), required=False, widget=forms.Textarea)
    results = LinesField(label=_("Results"))
    success_factors = LinesField(label=_("Success factors"))
    challenges = LinesField(label=_("Challenges"))

    @classmethod
    def for_project(cls, project, data=None):
        initial = {name: getattr(project, name) for name in cls.base_fields if name != "issues"}
        initial["issues"] = list(project.issues.all())
        return cls(data, initial=initial)

    def project_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "issues"}


class MilestoneForm(ServiceForm):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Planned for"), widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)
    reached_on = forms.DateField(
        label=_("Reached on"),
        required=False,
        widget=DateInput,
        help_text=_("Only for a reached milestone."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ActivityForm(ServiceForm):
    title = forms.CharField(label=_("Activity"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    start_date = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end_date = forms.DateField(label=_("Until"), required=False, widget=DateInput)


class LinkForm(ServiceForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=LinkKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(
        label=_("Address (URL)"),
        max_length=500,
        assume_scheme="https",
        help_text=_("For example https://www.example.nl/report.pdf"),
    )


class PartnerForm(ServiceForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    role = forms.ChoiceField(label=_("Role"), choices=PartnerRole.choices)


class ParticipantSearchForm(forms.Form):
    q = forms.CharField(label=_("Name of the young person"), max_length=100)


class EnrolForm(ServiceForm):
    person = forms.IntegerField(widget=forms.HiddenInput)
    joined_on = forms.DateField(label=_("Takes part from"), widget=DateInput)


class EndEnrolmentForm(ServiceForm):
    left_on = forms.DateField(label=_("Took part until"), widget=DateInput)
