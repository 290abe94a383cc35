"""API of placements and certificates: only those of young people the caller may see with
the placements category, filterable by ``?person=``; every list and read is audited.
Recording goes through ``employers.placements``, so the timeline, the proposal and the
audit follow as on the pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from dwarsverbinder.people.api.filters import PersonFilter
from dwarsverbinder.people.api.viewsets import AuditedReadMixin, service_errors

from .. import placements
from ..permissions import can_match
from .placement_serializers import CertificateSerializer, PlacementSerializer


class Matches(BasePermission):
    """The caller acts as a coach or employer account manager: only they record these."""

    message = _("Only coaches and employer account managers record placements and certificates.")

    def has_permission(self, request, view) -> bool:
        return can_match(user=request.user)


_WRITE_RESPONSES = {
    400: OpenApiResponse(description="Refused, with the reason per field."),
    403: OpenApiResponse(
        description="Not a matcher, or your organisation has no relation of its own with "
        "the young person (a handover shares read-only)."
    ),
}


class _RecordViewSet(
    AuditedReadMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    filter_backends = [PersonFilter]

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated(), Matches()]
        return [IsAuthenticated()]

    def _created(self, record) -> Response:
        shown = self.get_serializer_class()(record, context=self.get_serializer_context())
        return Response(shown.data, status=status.HTTP_201_CREATED)


class PlacementViewSet(_RecordViewSet):
    """Placements of the young people you may see, newest first, with whether each lasted
    3, 6 and 12 months."""

    serializer_class = PlacementSerializer

    def get_queryset(self):
        return (
            placements.placements_visible_to(user=self.request.user)
            .select_related("organisation", "recorded_by")
            .order_by("-start_date", "-id")
        )

    @extend_schema(
        request=PlacementSerializer,
        responses={201: PlacementSerializer, **_WRITE_RESPONSES},
        description="Record a placement. A job, work trial or learning-work place goes on "
        "the timeline as work, a BBL place as education (an internship does not), from the "
        "start date. Refused: an end before the start, hours outside 1 to 60, an opening of "
        "another employer, a start more than a year ahead.",
    )
    def create(self, request, *args, **kwargs):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        person = data.pop("person")
        placements.require_may_record(user=request.user, person=person)
        with service_errors():
            placement = placements.placement_record(
                person=person,
                organisation=request.user.active_membership.organisation,
                by=request.user,
                **data,
            )
        return self._created(placement)


class CertificateViewSet(_RecordViewSet):
    """Certificates of the young people you may see, newest first."""

    serializer_class = CertificateSerializer

    def get_queryset(self):
        return (
            placements.certificates_visible_to(user=self.request.user)
            .select_related("recorded_by")
            .order_by("-issued_on", "-id")
        )

    @extend_schema(
        request=CertificateSerializer,
        responses={201: CertificateSerializer, **_WRITE_RESPONSES},
        description="Record a certificate: not issued in the future, and a placement only of "
        "the same young person.",
    )
    def create(self, request, *args, **kwargs):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        person = data.pop("person")
        placements.require_may_record(user=request.user, person=person)
        with service_errors():
            certificate = placements.certificate_record(person=person, by=request.user, **data)
        return self._created(certificate)


ROUTES: list = [
    ("placements", PlacementViewSet, "placement"),
    ("certificates", CertificateViewSet, "certificate"),
]
