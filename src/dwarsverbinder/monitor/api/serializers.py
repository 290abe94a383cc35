from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dwarsverbinder.network.constants import OrganisationKind, RegionKind
from dwarsverbinder.network.models import Organisation, Region
from dwarsverbinder.people.cohorts import cohort_bounds
from dwarsverbinder.people.constants import Gender, ProgrammeType
from dwarsverbinder.programmes.models import Project

from ..definitions import DEFINITION_V1
from ..engine import GROUP_BYS, Filters
from ..selectors import pilot_errors

COHORT_FORMAT = re.compile(r"^\d{4}-\d{4}$")
HORIZONS = DEFINITION_V1.horizons
COHORT_MESSAGE = _('Give the cohort as a school year of two following years, like "2023-2024".')
HORIZON_MESSAGE = _("Choose a horizon of 3, 6, 12, 18 or 24 months.")
GROUP_BY_MESSAGE = _(
    "Choose how to group: none, region, municipality, school, programme_type, level, gender "
    "or pilot."
)


def _code_field(queryset, message, help_text: str) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=queryset,
        required=False,
        help_text=help_text,
        error_messages={"does_not_exist": message, "invalid": message},
    )


class PositionsQuerySerializer(serializers.Serializer):
    """The query parameters of /api/v1/monitor/positions/, each with its own message."""

    cohort = serializers.CharField(
        help_text='The school year of leaving, like "2023-2024" (1 August to 31 July).',
        error_messages={"required": COHORT_MESSAGE, "blank": COHORT_MESSAGE},
    )
    horizon = serializers.ChoiceField(
        choices=HORIZONS,
        help_text="Months after the leave date at which positions are taken.",
        error_messages={"required": HORIZON_MESSAGE, "invalid_choice": HORIZON_MESSAGE},
    )
    group_by = serializers.ChoiceField(
        choices=GROUP_BYS,
        required=False,
        default="none",
        help_text='What to group by; "none" gives the whole cohort as one group.',
        error_messages={"invalid_choice": GROUP_BY_MESSAGE},
    )
    region = _code_field(
        Region.objects.filter(kind=RegionKind.RMC),
        _("There is no RMC region with this code."),
        "Only people living in this RMC region (code).",
    )
    municipality = _code_field(
        Region.objects.filter(kind=RegionKind.MUNICIPALITY),
        _("There is no municipality with this code."),
        "Only people living in this municipality (code).",
    )
    school = _code_field(
        Organisation.objects.filter(kind=OrganisationKind.SCHOOL),
        _("There is no school with this code."),
        "Only people who left this school (organisation code).",
    )
    programme_type = serializers.ChoiceField(
        choices=ProgrammeType.choices,
        required=False,
        help_text="Only people who left this programme type.",
        error_messages={"invalid_choice": _("Choose a programme type from the list.")},
    )
    level = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=4,
        help_text="Only people who left a programme at this level (1 to 4).",
        error_messages={
            key: _("Give the level as a number from 1 to 4.")
            for key in ("invalid", "min_value", "max_value", "max_string_length")
        },
    )
    gender = serializers.ChoiceField(
        choices=Gender.choices,
        required=False,
        help_text="Only people of this gender.",
        error_messages={"invalid_choice": _("Choose a gender from the list: v, m or x.")},
    )

    project = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Project.objects.all(),
        required=False,
        help_text="Only the young people taking part in this project or pilot (its code). "
        "With group_by=pilot: they against the rest of the pilot's region.",
        error_messages={
            key: _("There is no project with this code.") for key in ("does_not_exist", "invalid")
        },
    )

    def validate(self, attrs: dict) -> dict:
        problems = pilot_errors(
            group_by=attrs.get("group_by"), project=attrs.get("project"), region=attrs.get("region")
        )
        if problems:
            raise serializers.ValidationError(problems)
        return attrs

    def validate_cohort(self, value: str) -> str:
        value = value.strip()
        if not COHORT_FORMAT.match(value):
            raise serializers.ValidationError(COHORT_MESSAGE)
        try:
            cohort_bounds(value)
        except ValueError as exc:
            raise serializers.ValidationError(COHORT_MESSAGE) from exc
        return value

    def filters(self) -> Filters:
        data = self.validated_data

        def pk(name: str) -> int | None:
            return data[name].pk if data.get(name) is not None else None

        compare = data["group_by"] == "pilot"
        return Filters(
            project=pk("project"),
            compare=compare,
            region=data["project"].region_id if compare else pk("region"),
            municipality=pk("municipality"),
            school=pk("school"),
            programme_type=data.get("programme_type"),
            level=data.get("level"),
            gender=data.get("gender"),
        )

    def audit_detail(self) -> dict:
        """The parameters as given (codes and values): no personal data."""
        data = self.validated_data
        detail = {"cohort": data["cohort"], "horizon": data["horizon"]}
        detail["group_by"] = data["group_by"]
        for name in ("region", "municipality", "school"):
            if data.get(name) is not None:
                detail[name] = data[name].code
        for name in ("programme_type", "level", "gender"):
            if data.get(name) is not None:
                detail[name] = data[name]
        if data.get("project") is not None:
            detail["project"] = data["project"].slug
        return detail


class PositionCountsSerializer(serializers.Serializer):
    """The number of people per position at T; null where suppressed."""

    onderwijs = serializers.IntegerField(allow_null=True, help_text="In education.")
    werk = serializers.IntegerField(allow_null=True, help_text="In work.")
    dagbesteding = serializers.IntegerField(allow_null=True, help_text="In daytime activities.")
    uitkering = serializers.IntegerField(allow_null=True, help_text="On a benefit.")
    geen = serializers.IntegerField(allow_null=True, help_text="None of these.")
    onbekend = serializers.IntegerField(allow_null=True, help_text="Position unknown.")


class IndicatorsSerializer(serializers.Serializer):
    """Headline indicators as percentages of the group total; null where suppressed."""

    education_or_work = serializers.FloatField(
        allow_null=True, help_text="Share in education or work (onderwijs, werk)."
    )
    neet = serializers.FloatField(
        allow_null=True, help_text="Share on a benefit or in none of these (uitkering, geen)."
    )
    onbekend = serializers.FloatField(allow_null=True, help_text="Share with position unknown.")
    lasting_outflow = serializers.FloatField(
        allow_null=True,
        help_text="Share in education, work or daytime activities at both 6 and 12 months; "
        "null before the 12-month horizon.",
    )
    placement = serializers.FloatField(
        allow_null=True,
        help_text="Share with a placement at an employer that had lasted 6 months by T.",
    )
    certificate = serializers.FloatField(
        allow_null=True,
        help_text="Share with a certificate (praktijkverklaring, mbo certificate, branch "
        "certificate or diploma) earned by T.",
    )


class PositionsGroupSerializer(serializers.Serializer):
    key = serializers.CharField(
        allow_null=True,
        help_text="The group: a code (region, municipality, school) or value (programme "
        "type, level, gender); null for unknown, and for the whole cohort.",
    )
    label = serializers.CharField(help_text="The group's name.")
    total = serializers.IntegerField(allow_null=True, help_text="People counted; null if hidden.")
    positions = PositionCountsSerializer()
    zorg = serializers.IntegerField(
        source="flag",
        allow_null=True,
        help_text="People with a care episode at T (a flag beside the position).",
    )
    lasting_outflow = serializers.IntegerField(
        source="lasting",
        allow_null=True,
        help_text="People in lasting outflow; null before the 12-month horizon or if hidden.",
    )
    placement = serializers.IntegerField(
        allow_null=True,
        help_text="People with a placement at an employer that had lasted 6 months by T.",
    )
    certificate = serializers.IntegerField(
        allow_null=True, help_text="People with a certificate earned by T."
    )
    indicators = IndicatorsSerializer()


class PositionsReportSerializer(serializers.Serializer):
    definition = serializers.CharField(help_text='The definition that made the figures: "v1".')
    cohort = serializers.CharField()
    horizon = serializers.IntegerField()
    group_by = serializers.CharField()
    minimum_cell_size = serializers.IntegerField(
        source="minimum", help_text="Counts from 1 up to below this are hidden."
    )
    groups = PositionsGroupSerializer(many=True)
    overall = PositionsGroupSerializer(help_text="The whole (filtered) cohort.")
