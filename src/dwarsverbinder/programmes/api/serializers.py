"""Serializers of the programmes API. Shape only: the rules (an end before the start, at
least two regions for a learning circle, a date far ahead) live in the services, whose
errors come back as a 400 with the same field keys. Regions and organisations are named by
their code, regional issues and projects by their slug."""

from __future__ import annotations

from rest_framework import serializers

from dwarsverbinder.network.models import Region
from dwarsverbinder.people.api.serializers import organisation_field
from dwarsverbinder.people.constants import ProgrammeType

from ..constants import ProjectStatus
from ..models import (
    Activity,
    FundingLine,
    FundingYear,
    LearningCircle,
    LearningCircleParticipant,
    Milestone,
    Project,
    ProjectLink,
    ProjectPartner,
    RegionalIssue,
    ReportingDate,
)


def _slugs(model, help_text: str, **kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="slug", queryset=model.objects.all(), many=True, help_text=help_text, **kwargs
    )


class RegionalIssueSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegionalIssue
        fields = ["number", "slug", "title", "summary"]
        read_only_fields = fields


class ProjectPartnerSerializer(serializers.ModelSerializer):
    organisation = organisation_field()

    class Meta:
        model = ProjectPartner
        fields = ["organisation", "role"]
        read_only_fields = fields


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_on", "status", "reached_on", "note"]
        read_only_fields = fields


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["id", "title", "description", "start_date", "end_date"]
        read_only_fields = fields


class ProjectLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectLink
        fields = ["kind", "title", "url"]
        read_only_fields = fields


class FundingYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = FundingYear
        fields = ["year", "granted", "spent"]
        read_only_fields = fields


class ReportingDateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingDate
        fields = ["due_on", "description", "submitted_on"]
        read_only_fields = fields


class FundingLineSerializer(serializers.ModelSerializer):
    """A funding line with what it grants and what was spent per year; ``amount_granted``
    is null when the amount is not known (not zero)."""

    years = FundingYearSerializer(many=True, read_only=True)
    reporting_dates = ReportingDateSerializer(many=True, read_only=True)

    class Meta:
        model = FundingLine
        fields = [
            "id",
            "source",
            "funder",
            "amount_granted",
            "granted_on",
            "conditions",
            "years",
            "reporting_dates",
        ]
        read_only_fields = fields


class ProjectSerializer(serializers.ModelSerializer):
    """A project's facts. Coordinators change the facts and the issues; partners, funding,
    milestones, activities and links are kept on the web pages and read here."""

    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        allow_null=True,
        required=False,
        help_text="Code of the region, as in /api/v1/regions/.",
    )
    status = serializers.ChoiceField(choices=ProjectStatus.choices, required=False)
    issues = _slugs(RegionalIssue, "Slugs of the regional issues it addresses.", required=False)
    target_programme_types = serializers.ListField(
        child=serializers.ChoiceField(choices=ProgrammeType.choices),
        required=False,
        help_text="Empty for any programme.",
    )
    results = serializers.ListField(child=serializers.CharField(), required=False)
    success_factors = serializers.ListField(child=serializers.CharField(), required=False)
    challenges = serializers.ListField(child=serializers.CharField(), required=False)
    partners = ProjectPartnerSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    activities = ActivitySerializer(many=True, read_only=True)
    funding = FundingLineSerializer(many=True, read_only=True)
    links = ProjectLinkSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "slug",
            "name",
            "region",
            "region_label",
            "status",
            "summary",
            "approach",
            "target_group",
            "target_age_min",
            "target_age_max",
            "target_programme_types",
            "target_situation",
            "start_date",
            "end_date",
            "issues",
            "results",
            "success_factors",
            "challenges",
            "partners",
            "milestones",
            "activities",
            "funding",
            "links",
        ]
        read_only_fields = ["slug"]


class CircleParticipantSerializer(serializers.ModelSerializer):
    organisation = organisation_field()

    class Meta:
        model = LearningCircleParticipant
        fields = ["organisation", "name", "role"]
        read_only_fields = fields


class LearningCircleSerializer(serializers.ModelSerializer):
    """A learning circle. Participants are kept on the web pages and read here."""

    regions = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        many=True,
        help_text="Codes of the regions brought together: at least two.",
    )
    issues = _slugs(RegionalIssue, "Slugs of the regional issues discussed.", required=False)
    projects = _slugs(Project, "Slugs of the linked projects.", required=False)
    themes = serializers.ListField(child=serializers.CharField(), required=False)
    participants = CircleParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = LearningCircle
        fields = [
            "id",
            "title",
            "held_on",
            "place",
            "regions",
            "themes",
            "issues",
            "projects",
            "participants",
            "notes",
        ]
        read_only_fields = ["id"]


class FundingLineWriteSerializer(serializers.ModelSerializer):
    """A funding line to add or change; ``project`` by its code (slug) when adding."""

    project = serializers.SlugRelatedField(
        slug_field="slug", queryset=Project.objects.all(), required=False
    )

    class Meta:
        model = FundingLine
        fields = ["project", "source", "funder", "amount_granted", "granted_on", "conditions"]


class FundingLineDetailSerializer(FundingLineSerializer):
    """A funding line with its project (code)."""

    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta(FundingLineSerializer.Meta):
        fields = ["project", *FundingLineSerializer.Meta.fields]
        read_only_fields = fields


class FundingYearWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    granted = serializers.DecimalField(max_digits=12, decimal_places=2)
    spent = serializers.DecimalField(max_digits=12, decimal_places=2)
