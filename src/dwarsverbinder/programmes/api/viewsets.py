"""API of the programmes room: the regional issues, projects (with partners, milestones,
activities, funding lines with their years and reporting dates, links) and learning
circles. Every logged-in partner (a user acting in a membership) reads; the regional
coordinator changes projects' facts and adds and changes learning circles; others get
403. No young people are read here. Changes are audited by the services."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from dwarsverbinder.people.api.viewsets import service_errors

from .. import circles, funding, services
from ..models import FundingLine, LearningCircle, Project, ProjectPartner, RegionalIssue
from ..selectors import can_edit_projects
from .serializers import (
    FundingLineDetailSerializer,
    FundingLineWriteSerializer,
    FundingYearWriteSerializer,
    LearningCircleSerializer,
    ProjectSerializer,
    RegionalIssueSerializer,
)


class IsPartner(BasePermission):
    message = gettext_lazy("Only partners acting for an organisation read the projects.")

    def has_permission(self, request, view) -> bool:
        return getattr(request.user, "active_membership", None) is not None


class KeepsProjects(BasePermission):
    message = gettext_lazy("Only the regional coordinator changes projects and circles.")

    def has_permission(self, request, view) -> bool:
        return can_edit_projects(user=request.user)


_WRITE_RESPONSES = {
    400: OpenApiResponse(description="Refused, with the reason per field; nothing saved."),
    403: OpenApiResponse(description="Only the regional coordinator."),
}
WRITE_ACTIONS = frozenset({"create", "update", "partial_update"})


class _PartnerReadCoordinatorWrite:
    def get_permissions(self):
        if self.action in WRITE_ACTIONS:
            return [IsAuthenticated(), IsPartner(), KeepsProjects()]
        return [IsAuthenticated(), IsPartner()]


class RegionalIssueViewSet(viewsets.ReadOnlyModelViewSet):
    """The ten regional issues of the ROB tool, by number (kept by the administrator)."""

    serializer_class = RegionalIssueSerializer
    permission_classes = [IsAuthenticated, IsPartner]
    lookup_field = "slug"
    queryset = RegionalIssue.objects.order_by("number")


@extend_schema_view(
    update=extend_schema(responses={200: ProjectSerializer, **_WRITE_RESPONSES}),
    partial_update=extend_schema(
        responses={200: ProjectSerializer, **_WRITE_RESPONSES},
        description="Change a project's facts and issues. The end may not lie before the "
        "start, the oldest age not below the youngest, and milestones and activities must "
        "stay inside the period.",
    ),
)
class ProjectViewSet(
    _PartnerReadCoordinatorWrite, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Projects and pilots with their facts, partners, milestones, activities, funding
    (granted and spent per year, reporting dates) and links."""

    serializer_class = ProjectSerializer
    lookup_field = "slug"

    def get_queryset(self):
        funding = FundingLine.objects.prefetch_related("years", "reporting_dates")
        partners = ProjectPartner.objects.select_related("organisation")
        return (
            Project.objects.select_related("region")
            .prefetch_related(
                "issues",
                "milestones",
                "activities",
                "links",
                Prefetch("funding", queryset=funding),
                Prefetch("partners", queryset=partners),
            )
            .order_by("name")
        )

    def update(self, request, *args, **kwargs):
        project = self.get_object()
        partial = kwargs.pop("partial", False)
        given = self.get_serializer(project, data=request.data, partial=partial)
        given.is_valid(raise_exception=True)
        fields = dict(given.validated_data)
        issues = fields.pop("issues", None)
        with service_errors():
            services.project_update(project=project, fields=fields, issues=issues, by=request.user)
        fresh = self.get_queryset().get(pk=project.pk)
        return Response(self.get_serializer(fresh).data)


@extend_schema_view(
    create=extend_schema(
        responses={201: LearningCircleSerializer, **_WRITE_RESPONSES},
        description="Add a learning circle. It brings together at least two regions; its "
        "date may lie at most two years ahead.",
    ),
    update=extend_schema(responses={200: LearningCircleSerializer, **_WRITE_RESPONSES}),
    partial_update=extend_schema(responses={200: LearningCircleSerializer, **_WRITE_RESPONSES}),
)
class LearningCircleViewSet(
    _PartnerReadCoordinatorWrite,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Learning circles (leercirkels), newest first, with regions, themes, issues, linked
    projects, participants and notes."""

    serializer_class = LearningCircleSerializer

    def get_queryset(self):
        return LearningCircle.objects.prefetch_related(
            "regions", "issues", "projects", "participants__organisation"
        ).order_by("-held_on", "title", "pk")

    def _save(self, circle: LearningCircle | None, data: dict) -> LearningCircle:
        fields = {k: v for k, v in data.items() if k in circles.CIRCLE_FIELDS}
        regions = data["regions"] if "regions" in data else list(circle.regions.all())
        with service_errors():
            return circles.circle_save(
                circle=circle,
                fields=fields,
                regions=regions,
                issues=data.get("issues"),
                projects=data.get("projects"),
                by=self.request.user,
            )

    def _answer(self, circle: LearningCircle, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=circle.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        return self._answer(self._save(None, given.validated_data), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        circle = self.get_object()
        partial = kwargs.pop("partial", False)
        given = self.get_serializer(circle, data=request.data, partial=partial)
        given.is_valid(raise_exception=True)
        return self._answer(self._save(circle, given.validated_data))


class FundingLineViewSet(
    _PartnerReadCoordinatorWrite,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Funding lines of projects (``?project=<code>``), with what they grant and what was
    spent per year and their reporting dates. The regional coordinator adds and changes
    lines and records a year (POST ``years/``); the same checks as the funding page apply
    (no negative amounts, no spending above what was granted, a year inside the project's
    period), and a refusal changes nothing."""

    serializer_class = FundingLineDetailSerializer

    def get_serializer_class(self):
        if self.action in WRITE_ACTIONS:
            return FundingLineWriteSerializer
        if self.action == "years":
            return FundingYearWriteSerializer
        return FundingLineDetailSerializer

    def get_queryset(self):
        lines = FundingLine.objects.select_related("project").prefetch_related(
            "years", "reporting_dates"
        )
        code = self.request.query_params.get("project", "").strip()
        if code:
            lines = lines.filter(project__slug=code)
        return lines.order_by("project__name", "id")

    def get_permissions(self):
        if self.action == "years":
            return [IsAuthenticated(), IsPartner(), KeepsProjects()]
        return super().get_permissions()

    def _answer(self, line: FundingLine, code: int = status.HTTP_200_OK) -> Response:
        fresh = (
            self.get_queryset()
            .model.objects.prefetch_related("years", "reporting_dates")
            .select_related("project")
            .get(pk=line.pk)
        )
        return Response(FundingLineDetailSerializer(fresh).data, status=code)

    @extend_schema(
        request=FundingLineWriteSerializer,
        responses={201: FundingLineDetailSerializer, **_WRITE_RESPONSES},
    )
    def create(self, request, *args, **kwargs):
        given = FundingLineWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        fields = dict(given.validated_data)
        project = fields.pop("project", None)
        if project is None:
            return Response(
                {"project": [gettext_lazy("Give the project's code.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        with service_errors():
            line = funding.funding_line_save(project=project, by=request.user, **fields)
        return self._answer(line, status.HTTP_201_CREATED)

    @extend_schema(
        request=FundingLineWriteSerializer,
        responses={200: FundingLineDetailSerializer, **_WRITE_RESPONSES},
    )
    def update(self, request, *args, **kwargs):
        line = self.get_object()
        partial = kwargs.pop("partial", False)
        given = FundingLineWriteSerializer(line, data=request.data, partial=partial)
        given.is_valid(raise_exception=True)
        fields = dict(given.validated_data)
        fields.pop("project", None)  # a line stays with its project
        with service_errors():
            funding.funding_line_save(project=line.project, line=line, by=request.user, **fields)
        return self._answer(line)

    @extend_schema(
        request=FundingYearWriteSerializer,
        responses={200: FundingLineDetailSerializer, **_WRITE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def years(self, request, *args, **kwargs):
        """Record what the line grants and what was spent of it in a year (a year the
        line has already is changed)."""
        line = self.get_object()
        given = FundingYearWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        existing = line.years.filter(year=data["year"]).first()
        with service_errors():
            funding.funding_year_save(line=line, by=request.user, funding_year=existing, **data)
        return self._answer(line)


ROUTES = [
    ("regional-issues", RegionalIssueViewSet, "regional-issue"),
    ("projects", ProjectViewSet, "project"),
    ("funding-lines", FundingLineViewSet, "funding-line"),
    ("learning-circles", LearningCircleViewSet, "learning-circle"),
]
