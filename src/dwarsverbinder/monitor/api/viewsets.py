"""API of the monitor: suppressed aggregates only, never a person."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction

from ..selectors import monitor_positions
from .permissions import ReadsMonitor
from .serializers import PositionsQuerySerializer, PositionsReportSerializer

AUDIT_OBJECT_TYPE = "monitor.positions"


class PositionsViewSet(viewsets.ViewSet):
    """Positions of a cohort at a horizon, per group, with small counts suppressed."""

    permission_classes = [IsAuthenticated, ReadsMonitor]

    @extend_schema(
        parameters=[PositionsQuerySerializer],
        responses={
            200: PositionsReportSerializer,
            400: OpenApiResponse(description="A parameter is missing or wrong, with why."),
            403: OpenApiResponse(description="Only analysts and regional coordinators."),
        },
        description="Positions of the young people who left school in one school year "
        "(the cohort), taken at the leave date plus the horizon in months, per group: the "
        "total, the number per position, the number with a care episode, and the headline "
        "indicators. Counts from 1 up to below the minimum cell size are null, and so is "
        "whatever would give them back (secondary suppression) and every percentage "
        "resting on a hidden number. Every figure names its definition version.",
    )
    def list(self, request):
        query = PositionsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        result = monitor_positions(
            cohort=data["cohort"],
            horizon=data["horizon"],
            group_by=data["group_by"],
            filters=query.filters(),
        )
        audit.log_event(
            actor=request.user,
            action=AuditAction.VIEW,
            object_type=AUDIT_OBJECT_TYPE,
            detail={"definition": result.definition, **query.audit_detail()},
        )
        return Response(PositionsReportSerializer(result).data)
