"""Forms of openings, matching profiles and proposals. Shape only: the rules live in
``openings.py``, whose errors ``add_service_errors`` puts back next to the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.people.constants import ProgrammeType
from dwarsverbinder.people.forms import DateInput, ServiceForm

from .constants import OpeningKind, OpeningStatus, ProposalStatus
from .matching import INTERESTS
from .models import Employer, Location, Opening

LEVELS = [(str(n), str(n)) for n in range(1, 5)]


class Checkboxes(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class LevelField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=[("", _("Any")), *LEVELS],
            coerce=int,
            empty_value=None,
            required=False,
            **kwargs,
        )


class LocationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Location) -> str:
        return f"{obj.employer.name} · {obj}"


class OpeningFilterForm(forms.Form):
    """The filters of the opening list; read from the query string."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    programme_type = forms.ChoiceField(label=_("For programme"), required=False)
    level = LevelField(label=_("Level"))
    status = forms.ChoiceField(label=_("Status"), required=False)
    place = forms.CharField(label=_("Place"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *OpeningKind.choices]
        self.fields["programme_type"].choices = [("", _("Any programme")), *ProgrammeType.choices]
        self.fields["status"].choices = [("", _("Any status")), *OpeningStatus.choices]

    def filters(self) -> dict:
        """Keyword arguments for ``openings.opening_list``; none when the form is bad."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "kind": data.get("kind", ""),
            "programme_type": data.get("programme_type", ""),
            "level": data.get("level"),
            "status": data.get("status", ""),
            "place": data.get("place", ""),
        }


class OpeningForm(ServiceForm):
    employer = forms.ModelChoiceField(
        label=_("Employer"), queryset=Employer.objects.none(), empty_label=_("Choose")
    )
    location = LocationChoiceField(
        label=_("Location"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("No location yet"),
        help_text=_("A location of this employer. Without one, matching cannot tell the distance."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", ""), *OpeningKind.choices])
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Work and what the employer asks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    places = forms.IntegerField(label=_("Number of places"), initial=1)
    start_date = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end_date = forms.DateField(label=_("Until"), required=False, widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=OpeningStatus.choices, initial="open")
    programme_types = Checkboxes(
        label=_("For programmes"),
        choices=ProgrammeType.choices,
        required=False,
        help_text=_("Leave all unticked when the opening is for anyone."),
    )
    crebo = forms.CharField(
        label=_("Crebo"),
        max_length=5,
        required=False,
        help_text=_("The five digits of the mbo programme, when it asks for one."),
    )
    level_min = LevelField(label=_("Lowest mbo level"))
    level_max = LevelField(label=_("Highest mbo level"))
    hours_min = forms.IntegerField(label=_("Hours a week, at least"))
    hours_max = forms.IntegerField(label=_("Hours a week, at most"))
    interests = Checkboxes(
        label=_("Fits interests"),
        choices=INTERESTS.choices,
        required=False,
        help_text=_("Leave all unticked to use the employer's sector."),
    )
    jobcoach = forms.BooleanField(label=_("A jobcoach is available"), required=False)
    wage_cost_subsidy = forms.BooleanField(label=_("Wage-cost subsidy possible"), required=False)
    banenafspraak = forms.BooleanField(
        label=_("A banenafspraak place (for the doelgroepregister)"), required=False
    )

    groups = (
        (
            _("The place"),
            ("employer", "location", "kind", "title", "description", "places", "start_date",
             "end_date", "status"),
        ),
        (
            _("Requirements"),
            ("programme_types", "crebo", "level_min", "level_max", "hours_min", "hours_max",
             "interests"),
        ),
        (_("Support on offer"), ("jobcoach", "wage_cost_subsidy", "banenafspraak")),
    )  # fmt: skip

    def __init__(self, *args, employer_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("level_min", "level_max"):
            self.fields[name].choices = [("", _("Any")), *LEVELS]
        employers = Employer.objects.filter(is_active=True)
        if employer_id is not None:
            # An employer made inactive after this opening stays choosable on its own form.
            employers = Employer.objects.filter(pk=employer_id) | employers
        self.fields["employer"].queryset = employers.order_by("name", "pk")
        # Every location, named with its employer: the service refuses another employer's,
        # with a message that says so (a narrowed list would only say "invalid choice").
        self.fields["location"].queryset = Location.objects.select_related("employer").order_by(
            "employer__name", "employer_id", "-is_main", "city", "name", "pk"
        )

    @classmethod
    def initial_from(cls, opening: Opening) -> dict:
        return {
            name: getattr(opening, name)
            for name in cls.base_fields
            if name not in ("employer", "location")
        } | {"employer": opening.employer_id, "location": opening.location_id}


class MatchProfileForm(ServiceForm):
    kinds = Checkboxes(
        label=_("Looking for"),
        choices=OpeningKind.choices,
        required=False,
        help_text=_("Leave all unticked when any kind of place is fine."),
    )
    interests = Checkboxes(label=_("Interests"), choices=INTERESTS.choices, required=False)
    hours_wanted = forms.IntegerField(label=_("Hours a week wanted"), required=False)
    max_distance_km = forms.IntegerField(
        label=_("Travels at most (km)"),
        required=False,
        help_text=_("Leave empty for the standard of 25 km."),
    )
    needs_jobcoach = forms.BooleanField(label=_("Needs a jobcoach"), required=False)
    needs_wage_cost_subsidy = forms.BooleanField(label=_("Needs wage-cost subsidy"), required=False)
    banenafspraak = forms.BooleanField(
        label=_("In the doelgroepregister (banenafspraak)"), required=False
    )

    groups = (
        (_("What the young person looks for"), ("kinds", "interests", "hours_wanted",
                                                 "max_distance_km")),
        (_("Support needed"), ("needs_jobcoach", "needs_wage_cost_subsidy", "banenafspraak")),
    )  # fmt: skip


class ProposalForm(ServiceForm):
    note = forms.CharField(
        label=_("Note for the account owner"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Short and factual: why you propose this young person. No health details."),
    )


class ProposalStatusForm(forms.Form):
    to = forms.ChoiceField(choices=ProposalStatus.choices, widget=forms.HiddenInput)
