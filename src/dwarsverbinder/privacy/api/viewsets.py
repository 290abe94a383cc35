"""API of consents: those of the young people the caller sees, recording one, and its
withdrawal. A consent is never edited or deleted; a new consent is a new record."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from dwarsverbinder.people.api.filters import PersonFilter
from dwarsverbinder.people.api.permissions import ActsInCasework
from dwarsverbinder.people.api.viewsets import AuditedReadMixin, service_errors
from dwarsverbinder.privacy.selectors import consents_visible_to

from .. import services
from ..models import Consent
from .filters import ValidFilter
from .serializers import ConsentRecordSerializer, ConsentSerializer, ConsentWithdrawSerializer


class ConsentViewSet(
    AuditedReadMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Consents of the young people you see, newest first. Recording and withdrawing one
    need a casework role; there is no update or delete."""

    serializer_class = ConsentSerializer
    filter_backends = [PersonFilter, ValidFilter]
    write_actions = frozenset({"create", "withdraw"})

    def get_permissions(self):
        if self.action in self.write_actions:
            return [IsAuthenticated(), ActsInCasework()]
        return [IsAuthenticated()]

    def get_queryset(self):
        return (
            consents_visible_to(user=self.request.user)
            .select_related(
                "receiving_organisation", "recorded_by", "recorded_by_organisation", "withdrawn_by"
            )
            .order_by("-given_on", "-id")
        )

    def _answer(self, consent: Consent, code: int = status.HTTP_200_OK) -> Response:
        shown = ConsentSerializer(consent, context=self.get_serializer_context())
        return Response(shown.data, status=code)

    @extend_schema(
        request=ConsentRecordSerializer,
        responses={
            201: ConsentSerializer,
            400: OpenApiResponse(description="Refused, with the reason per field."),
            403: OpenApiResponse(description="Only casework roles record consents."),
        },
        description="Record the consent a young person you see gave, for one purpose and "
        "one receiving partner.",
    )
    def create(self, request, *args, **kwargs):
        given = ConsentRecordSerializer(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        with service_errors():
            consent = services.consent_record(by=request.user, **given.validated_data)
        return self._answer(consent, status.HTTP_201_CREATED)

    @extend_schema(
        request=ConsentWithdrawSerializer,
        responses={
            200: ConsentSerializer,
            400: OpenApiResponse(description="Already withdrawn, or input."),
            404: OpenApiResponse(description="Not a consent of a young person you see."),
        },
        description="Record that the young person withdrew this consent. Access and "
        "handovers that rested on it end at once. A consent is withdrawn once (400 after).",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        consent = self.get_object()
        given = ConsentWithdrawSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            consent = services.consent_withdraw(
                consent=consent, via=given.validated_data["via"], by=request.user
            )
        return self._answer(consent)
