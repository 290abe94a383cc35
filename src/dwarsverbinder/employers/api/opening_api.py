"""API of openings and proposals.

Openings are about companies: readers of the register list and read them, keepers publish
and change them (``employers.openings`` checks and writes, as on the pages). Proposals are
a young person's data: the list holds only proposals of people the caller may see with the
category "placements", every list and read is audited, and proposing needs a matcher whose
organisation may change the person; the employer's account owner is told by mail."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from dwarsverbinder.people.api.filters import PersonFilter
from dwarsverbinder.people.api.viewsets import AuditedReadMixin, service_errors
from dwarsverbinder.people.selectors import visible_person_ids
from dwarsverbinder.utils.ids import as_id

from .. import openings
from ..constants import OpeningKind, OpeningStatus
from ..models import Proposal
from ..permissions import MATCHERS, REGISTER_KEEPERS, REGISTER_READERS
from .opening_serializers import (
    OpeningSerializer,
    ProposalCreatedSerializer,
    ProposalCreateSerializer,
    ProposalSerializer,
)


def _acts_as(roles: frozenset[str], message: str) -> type[BasePermission]:
    class ActsAs(BasePermission):
        def has_permission(self, request, view) -> bool:
            membership = getattr(request.user, "active_membership", None)
            return membership is not None and membership.role in roles

    ActsAs.message = message
    return ActsAs


ReadsRegister = _acts_as(
    REGISTER_READERS, gettext_lazy("Your role does not read the employer register.")
)
KeepsRegister = _acts_as(
    REGISTER_KEEPERS,
    gettext_lazy("Only employer account managers and coordinators publish openings."),
)
Matches = _acts_as(
    MATCHERS, gettext_lazy("Only coaches and employer account managers propose candidates.")
)


class OpeningFilter(BaseFilterBackend):
    """``?kind=``, ``?status=`` and ``?employer=<id>``."""

    def filter_queryset(self, request, queryset, view):
        kind = request.query_params.get("kind", "").strip()
        state = request.query_params.get("status", "").strip()
        employer = request.query_params.get("employer", "").strip()
        if kind:
            if kind not in OpeningKind.values:
                raise ValidationError({"kind": [_("Choose a kind from the list.")]})
            queryset = queryset.filter(kind=kind)
        if state:
            if state not in OpeningStatus.values:
                raise ValidationError({"status": [_("Choose a status from the list.")]})
            queryset = queryset.filter(status=state)
        if employer:
            if as_id(employer) is None:
                raise ValidationError({"employer": [_("Give the id of an employer (a number).")]})
            queryset = queryset.filter(employer_id=as_id(employer))
        return queryset

    def get_schema_operation_parameters(self, view):
        def param(name, description, schema):
            return {
                "name": name,
                "required": False,
                "in": "query",
                "description": description,
                "schema": schema,
            }

        return [
            param(
                "kind",
                "Only openings of this kind.",
                {"$ref": "#/components/schemas/OpeningKindEnum"},
            ),
            param(
                "status",
                "Only openings in this status.",
                {"$ref": "#/components/schemas/OpeningStatusEnum"},
            ),
            param("employer", "Only the openings of this employer (id).", {"type": "integer"}),
        ]


_WRITE_RESPONSES = {
    400: OpenApiResponse(description="Refused, with the reason per field."),
    403: OpenApiResponse(
        description="Not a keeper of the register, or not one of the publishing organisation "
        "or the employer's account owner (editing)."
    ),
}


class OpeningViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Openings at the region's employers, newest first: internships (BPV), BBL places,
    work trials, learning-work places and jobs. Drafts of other organisations are left out.

    Reading needs a role that reads the register; publishing and changing need an employer
    account manager or coordinator (changing: of the publishing organisation or the
    employer's account owner, or a coordinator)."""

    serializer_class = OpeningSerializer
    filter_backends = [OpeningFilter]

    def get_permissions(self):
        if self.action in ("create", "update", "partial_update"):
            return [IsAuthenticated(), KeepsRegister()]
        return [IsAuthenticated(), ReadsRegister()]

    def get_queryset(self):
        return openings.with_accreditation(
            openings.openings_readable(user=self.request.user).select_related("organisation")
        ).order_by("-created_at", "-id")

    def _answer(self, opening, code=status.HTTP_200_OK) -> Response:
        opening = self.get_queryset().get(pk=opening.pk)
        return Response(self.get_serializer(opening).data, status=code)

    @extend_schema(
        responses={201: OpeningSerializer, **_WRITE_RESPONSES},
        description="Publish an opening for your organisation. Refused: most hours fewer "
        "than least hours, highest level below lowest, an end before the start, a location "
        "of another employer. An internship or BBL place at an employer without a current "
        "SBB accreditation is saved with a warning in sbb_warning.",
    )
    def create(self, request, *args, **kwargs):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            opening = openings.opening_create(by=request.user, **given.validated_data)
        return self._answer(opening, status.HTTP_201_CREATED)

    @extend_schema(responses={200: OpeningSerializer, **_WRITE_RESPONSES})
    def update(self, request, *args, **kwargs):
        opening = self.get_object()
        given = self.get_serializer(
            opening, data=request.data, partial=kwargs.get("partial", False)
        )
        given.is_valid(raise_exception=True)
        with service_errors():
            opening = openings.opening_update(
                opening=opening, by=request.user, **given.validated_data
            )
        return self._answer(opening)

    @extend_schema(responses={200: OpeningSerializer, **_WRITE_RESPONSES})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


class ProposalViewSet(
    AuditedReadMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Proposals of young people you may see (category "placements"), newest first,
    filterable by ``?person=``. Every list and read is audited. Proposing needs a coach or
    employer account manager whose organisation may change the young person's file."""

    serializer_class = ProposalSerializer
    filter_backends = [PersonFilter]

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated(), Matches()]
        return [IsAuthenticated()]

    def get_queryset(self):
        visible = visible_person_ids(user=self.request.user, category=openings.CATEGORY)
        if visible is None:
            return Proposal.objects.none()
        return (
            Proposal.objects.filter(person_id__in=visible)
            .select_related("organisation", "proposed_by")
            .order_by("-created_at", "-id")
        )

    @extend_schema(
        request=ProposalCreateSerializer,
        responses={
            201: ProposalCreatedSerializer,
            400: OpenApiResponse(
                description="Refused: the opening is not open, or the young person is "
                "already proposed for it (an open proposal)."
            ),
            403: OpenApiResponse(
                description="Not a matcher, or your organisation has no relation of its own "
                "with the young person (a handover shares read-only)."
            ),
        },
        description="Propose a young person you may see for an open opening. The fit and "
        "its reasons are stored with the proposal; the employer's account owner is told by "
        "e-mail without the young person's name (without an account owner: the employer "
        "account managers of the publishing organisation). notified says who was told.",
    )
    def create(self, request, *args, **kwargs):
        given = ProposalCreateSerializer(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        with service_errors():
            done = openings.proposal_create(by=request.user, **given.validated_data)
        done.proposal.notified = done.notified.kind
        shown = ProposalCreatedSerializer(done.proposal, context=self.get_serializer_context())
        return Response(shown.data, status=status.HTTP_201_CREATED)


ROUTES = [
    ("openings", OpeningViewSet, "opening"),
    ("proposals", ProposalViewSet, "proposal"),
]
