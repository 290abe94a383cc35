"""Serializers of openings and proposals. Shape only: ``employers.openings`` checks the
rules and writes, so the API refuses what the pages refuse, with the same field keys."""

from __future__ import annotations

from django.db.models import TextChoices
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dwarsverbinder.people.api.serializers import organisation_field, user_field
from dwarsverbinder.people.constants import ProgrammeType
from dwarsverbinder.people.models import Person
from dwarsverbinder.people.selectors import people_visible_to

from .. import matching, notify, openings
from ..constants import OpeningKind, OpeningStatus, ProposalStatus
from ..models import Employer, Location, Opening, Proposal

_ENUM_FIELDS: dict[str, type[serializers.ChoiceField]] = {}


def enum_field(choices: type[TextChoices], component: str, **kwargs) -> serializers.ChoiceField:
    """A choice field whose values are one named component in the schema, so that fields
    called "kind" or "status" on different resources do not collide."""
    field_class = _ENUM_FIELDS.get(component)
    if field_class is None:
        field_class = type(f"{component}Field", (serializers.ChoiceField,), {})
        schema = {"type": "string", "enum": list(choices.values)}
        field_class = extend_schema_field(schema, component_name=component)(field_class)
        _ENUM_FIELDS[component] = field_class
    return field_class(choices=choices.choices, **kwargs)


class NotifiedChoices(TextChoices):
    ACCOUNT_OWNER = notify.ACCOUNT_OWNER
    EMPLOYER_MANAGERS = notify.EMPLOYER_MANAGERS
    NOBODY = notify.NOBODY


class OpeningSerializer(serializers.ModelSerializer):
    """An opening at an employer. The writable fields are what a client sends to publish or
    change one (employers.openings checks the hours, levels, dates and the location's
    employer, and writes)."""

    employer = serializers.PrimaryKeyRelatedField(
        queryset=Employer.objects.all(), help_text="The employer (id in the register)."
    )
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="A location of that employer (id); needed to match by distance.",
    )
    kind = enum_field(OpeningKind, "OpeningKindEnum")
    status = enum_field(OpeningStatus, "OpeningStatusEnum", default=OpeningStatus.OPEN)
    programme_types = serializers.ListField(
        child=enum_field(ProgrammeType, "OpeningProgrammeTypeEnum"),
        required=False,
        default=list,
        help_text="For whom; empty for anyone.",
    )
    interests = serializers.ListField(
        child=enum_field(matching.INTERESTS, "InterestEnum"),
        required=False,
        default=list,
        help_text="Interests it fits (sectors); empty: the employer's sector.",
    )
    organisation = organisation_field(help_text="The organisation that published it (code).")
    sbb_warning = serializers.SerializerMethodField(
        help_text="For an internship or BBL place at an employer without a current SBB "
        'accreditation: a warning (the opening is saved all the same); "" otherwise.'
    )

    class Meta:
        model = Opening
        fields = [
            "id",
            "employer",
            "location",
            "kind",
            "title",
            "description",
            "programme_types",
            "crebo",
            "level_min",
            "level_max",
            "hours_min",
            "hours_max",
            "jobcoach",
            "wage_cost_subsidy",
            "banenafspraak",
            "interests",
            "places",
            "start_date",
            "end_date",
            "status",
            "organisation",
            "sbb_warning",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {
            "description": {"default": ""},
            "crebo": {"default": ""},
            "start_date": {"default": None},
            "end_date": {"default": None},
            "level_min": {"default": None},
            "level_max": {"default": None},
        }

    def get_sbb_warning(self, opening: Opening) -> str:
        return openings.sbb_warning_for(opening)


class ReasonSerializer(serializers.Serializer):
    """Why a criterion adds what it adds to the fit."""

    criterion = serializers.CharField(
        help_text="programme, level, distance, hours, support, interests or kind."
    )
    verdict = serializers.CharField(help_text="good, partial, poor or unknown.")
    points = serializers.IntegerField()
    max_points = serializers.IntegerField()
    text = serializers.CharField(help_text="The reason in words, in the language of the request.")


class ProposalSerializer(serializers.ModelSerializer):
    """A young person proposed for an opening, with the fit and its reasons as they were
    when proposed. Names the young person by id only."""

    organisation = organisation_field(help_text="The proposing organisation (code).")
    proposed_by = user_field("Username of who proposed.")
    status = enum_field(ProposalStatus, "ProposalStatusEnum", read_only=True)
    score = serializers.SerializerMethodField(help_text="The fit, 0 to 100, when proposed.")
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "opening",
            "person",
            "organisation",
            "proposed_by",
            "status",
            "score",
            "reasons",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_score(self, proposal: Proposal) -> int:
        return sum(int(r.get("points", 0)) for r in proposal.reasons if isinstance(r, dict))

    @extend_schema_field(ReasonSerializer(many=True))
    def get_reasons(self, proposal: Proposal) -> list[dict]:
        return [
            {
                "criterion": row.criterion,
                "verdict": row.verdict,
                "points": row.points,
                "max_points": row.max_points,
                "text": row.text,
            }
            for row in matching.reason_rows(proposal.reasons)
        ]


class ProposalCreatedSerializer(ProposalSerializer):
    notified = enum_field(
        NotifiedChoices,
        "ProposalNotifiedEnum",
        read_only=True,
        help_text="Who was told by e-mail: the account owner, the employer account managers "
        "of the publishing organisation (no account owner), or nobody.",
    )

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "notified"]
        read_only_fields = fields


class MatchablePersonField(serializers.PrimaryKeyRelatedField):
    """A young person the caller may see with the placements category; anyone else reads
    as "does not exist"."""

    def get_queryset(self):
        return people_visible_to(user=self.context["request"].user, category=openings.CATEGORY)


class ProposalCreateSerializer(serializers.Serializer):
    """What a client sends to propose a young person for an opening."""

    opening = serializers.PrimaryKeyRelatedField(
        queryset=Opening.objects.all(), help_text="The opening (id); it must be open."
    )
    person = MatchablePersonField(queryset=Person.objects.all())
    note = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="Short and factual, for the account owner. No health details.",
    )

    def validate_opening(self, opening: Opening) -> Opening:
        readable = openings.openings_readable(user=self.context["request"].user)
        if not readable.filter(pk=opening.pk).exists():
            raise serializers.ValidationError(
                self.fields["opening"].error_messages["does_not_exist"].format(pk_value=opening.pk)
            )
        return opening
