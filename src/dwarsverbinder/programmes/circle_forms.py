"""Forms of the learning circle pages: shape only; the rules (at least two regions, no date
far in the future) live in programmes/circles.py and come back next to the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.network.constants import RegionKind
from dwarsverbinder.network.models import Organisation, Region
from dwarsverbinder.people.forms import DateInput, ServiceForm

from .forms import LinesField
from .models import LearningCircle, Project, RegionalIssue


class CircleForm(ServiceForm):
    groups = (
        (_("The meeting"), ("title", "held_on", "place")),
        (_("Who and what"), ("regions", "themes", "issues", "projects")),
        (_("Notes"), ("notes",)),
    )

    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    # Not required here: the service gives the one clear message for too few regions.
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.exclude(kind=RegionKind.MUNICIPALITY).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two: a learning circle brings together several regions."),
    )
    themes = LinesField(label=_("Themes"))
    issues = forms.ModelMultipleChoiceField(
        label=_("Regional issues"),
        queryset=RegionalIssue.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Linked projects"),
        queryset=Project.objects.order_by("name"),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)

    @classmethod
    def for_circle(cls, circle: LearningCircle | None, data=None):
        if circle is None:
            return cls(data)
        initial = {name: getattr(circle, name) for name in ("title", "held_on", "place")}
        initial |= {"themes": circle.themes, "notes": circle.notes}
        for name in ("regions", "issues", "projects"):
            initial[name] = list(getattr(circle, name).all())
        return cls(data, initial=initial)

    def circle_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("title", "held_on", "place", "themes", "notes")}


class CircleParticipantForm(ServiceForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    role = forms.CharField(
        label=_("Role"),
        max_length=200,
        required=False,
        help_text=_("For example: policy adviser, researcher, student."),
    )
