"""API of warm handovers: the handovers the caller's organisation sent or received, sending
one, and taking the next step. A handover row names the young person by id only; the
receiving partner keeps seeing the row after the handover ended, not the file."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from dwarsverbinder.accounts.constants import CASEWORK_ROLES
from dwarsverbinder.people.api.filters import PersonFilter
from dwarsverbinder.people.api.permissions import ActsInCasework
from dwarsverbinder.people.api.viewsets import AuditedReadMixin, service_errors

from .. import services
from ..models import Handover
from ..selectors import handovers_for
from .filters import HandoverFilter
from .serializers import HandoverSendSerializer, HandoverSerializer, HandoverStepSerializer


class HandoverViewSet(
    AuditedReadMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Handovers your organisation sent or received, newest first.

    Reads need a casework role (others see none); sending and steps too. A step the other
    side takes is refused with 403, a step the handover cannot take with 400."""

    serializer_class = HandoverSerializer
    filter_backends = [PersonFilter, HandoverFilter]
    write_actions = frozenset({"create", "step"})

    def get_permissions(self):
        if self.action in self.write_actions:
            return [IsAuthenticated(), ActsInCasework()]
        return [IsAuthenticated()]

    def get_queryset(self):
        membership = getattr(self.request.user, "active_membership", None)
        if membership is None or membership.role not in CASEWORK_ROLES:
            return Handover.objects.none()
        return (
            handovers_for(organisation=membership.organisation)
            .select_related("from_organisation", "to_organisation", "to_service")
            .prefetch_related("shares")
            .order_by("-sent_on", "-id")
        )

    def _answer(self, handover: Handover, code: int = status.HTTP_200_OK) -> Response:
        shown = HandoverSerializer(handover, context=self.get_serializer_context())
        return Response(shown.data, status=code)

    @extend_schema(
        request=HandoverSendSerializer,
        responses={
            201: HandoverSerializer,
            400: OpenApiResponse(description="Refused, with the reason per field."),
            403: OpenApiResponse(description="Only casework roles send handovers."),
        },
        description="Hand a young person you see over to another partner. The identity "
        "always goes along; every category needs the register's legal basis or a valid "
        "consent of the young person, or nothing is sent (400 naming what is missing).",
    )
    def create(self, request, *args, **kwargs):
        given = HandoverSendSerializer(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        with service_errors():
            handover = services.handover_send(by=request.user, **given.validated_data)
        return self._answer(handover, status.HTTP_201_CREATED)

    @extend_schema(
        request=HandoverStepSerializer,
        responses={
            200: HandoverSerializer,
            400: OpenApiResponse(description="A step this handover cannot take, or input."),
            403: OpenApiResponse(description="The other side takes this step."),
            404: OpenApiResponse(description="Not a handover of your organisation."),
        },
        description="Move the handover on: accepted, declined, waiting, first_contact or "
        "closed by the receiving partner; cancelled by the sender.",
    )
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        handover = self.get_object()
        given = HandoverStepSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            handover = services.handover_step(
                handover=handover, by=request.user, **given.validated_data
            )
        return self._answer(handover)
