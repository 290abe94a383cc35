"""Serializers of placements and certificates. What a client sends is only shaped here;
``employers.placements`` checks the rules and writes (the same errors as on the pages)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dwarsverbinder.people.api.serializers import organisation_field, user_field
from dwarsverbinder.people.models import Person
from dwarsverbinder.people.selectors import people_visible_to

from .. import placements
from ..constants import CertificateKind, OpeningKind, PlacementOutcome
from ..models import Certificate, Employer, Placement


class PlacementPersonField(serializers.PrimaryKeyRelatedField):
    """A young person whose placements the caller may see; anyone else reads as "does not
    exist"."""

    def get_queryset(self):
        return people_visible_to(user=self.context["request"].user, category=placements.CATEGORY)


class ReadableOpeningField(serializers.PrimaryKeyRelatedField):
    """An opening the caller may read (not another organisation's draft); anything else
    reads as "does not exist"."""

    def get_queryset(self):
        from .. import openings

        return openings.openings_readable(user=self.context["request"].user)


def _lasted_field(months: int) -> serializers.SerializerMethodField:
    return serializers.SerializerMethodField(
        help_text=f"Whether it lasted {months} calendar months from the start; null while "
        "that is not known yet."
    )


class PlacementSerializer(serializers.ModelSerializer):
    """A placement of a young person at an employer, with whether it lasted. The writable
    fields are what a client sends to record one (employers.placements.placement_record
    checks the dates, the hours and the opening's employer, and writes)."""

    person = PlacementPersonField(queryset=Person.objects.all())
    employer = serializers.PrimaryKeyRelatedField(
        queryset=Employer.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The employer (id in the register). Follows the opening when one is given.",
    )
    opening = ReadableOpeningField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The opening (id), if the placement fills one: the kind and employer follow "
        "it, and an open proposal of the person for it becomes accepted.",
    )
    kind = serializers.ChoiceField(
        choices=OpeningKind.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required without an opening.",
    )
    hours = serializers.IntegerField(help_text="Hours a week, 1 to 60.")
    outcome = serializers.ChoiceField(
        choices=PlacementOutcome.choices, default=PlacementOutcome.ONGOING
    )
    organisation = organisation_field(help_text="The organisation that placed (code).")
    recorded_by = user_field("Username of who recorded it.")
    episode = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="The status episode on the timeline (/api/v1/status-episodes/); null for an "
        "internship (BPV) or before the start.",
    )
    lasted_3_months = _lasted_field(3)
    lasted_6_months = _lasted_field(6)
    lasted_12_months = _lasted_field(12)

    class Meta:
        model = Placement
        fields = [
            "id",
            "person",
            "employer",
            "opening",
            "kind",
            "organisation",
            "start_date",
            "end_date",
            "hours",
            "guidance",
            "outcome",
            "episode",
            "lasted_3_months",
            "lasted_6_months",
            "lasted_12_months",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"end_date": {"default": None}, "guidance": {"default": ""}}

    def _lasted(self, placement: Placement, months: int) -> bool | None:
        return placements.lasted(
            start=placement.start_date,
            end=placement.end_date,
            months=months,
            today=timezone.localdate(),
        )

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_lasted_3_months(self, placement: Placement) -> bool | None:
        return self._lasted(placement, 3)

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_lasted_6_months(self, placement: Placement) -> bool | None:
        return self._lasted(placement, 6)

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_lasted_12_months(self, placement: Placement) -> bool | None:
        return self._lasted(placement, 12)


class PlacementRecordField(serializers.PrimaryKeyRelatedField):
    """A placement the caller may see (the service checks it is the same person's)."""

    def get_queryset(self):
        return placements.placements_visible_to(user=self.context["request"].user)


class CertificateSerializer(serializers.ModelSerializer):
    """A certificate a young person earned; the same fields are what a client sends to
    record one (employers.placements.certificate_record checks and writes)."""

    person = PlacementPersonField(queryset=Person.objects.all())
    placement = PlacementRecordField(
        queryset=Placement.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The placement (id) it was earned during, of the same young person.",
    )
    kind = serializers.ChoiceField(choices=CertificateKind.choices)
    recorded_by = user_field("Username of who recorded it.")

    class Meta:
        model = Certificate
        fields = [
            "id",
            "person",
            "kind",
            "name",
            "crebo",
            "issued_on",
            "issued_by",
            "placement",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["id", "recorded_by", "created_at"]
        extra_kwargs = {
            "crebo": {"default": "", "validators": []},
            "issued_by": {"default": ""},
        }
