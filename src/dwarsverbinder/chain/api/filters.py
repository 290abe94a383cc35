"""Filters of the handover list: which way it went, and its status."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from ..constants import HandoverStatus

DIRECTIONS = ("sent", "received")


class HandoverFilter(BaseFilterBackend):
    """``?direction=sent|received`` (seen from the caller's organisation) and
    ``?status=<status>``."""

    def filter_queryset(self, request, queryset, view):
        direction = request.query_params.get("direction", "").strip()
        status = request.query_params.get("status", "").strip()
        if direction:
            if direction not in DIRECTIONS:
                raise ValidationError({"direction": [_('Choose "sent" or "received".')]})
            membership = getattr(request.user, "active_membership", None)
            if membership is None:
                return queryset.none()
            side = "from_organisation_id" if direction == "sent" else "to_organisation_id"
            queryset = queryset.filter(**{side: membership.organisation_id})
        if status:
            if status not in HandoverStatus.values:
                raise ValidationError({"status": [_("Choose a status from the list.")]})
            queryset = queryset.filter(status=status)
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "direction",
                "required": False,
                "in": "query",
                "description": "Only the handovers your organisation sent, or received.",
                "schema": {"type": "string", "enum": list(DIRECTIONS)},
            },
            {
                "name": "status",
                "required": False,
                "in": "query",
                "description": "Only the handovers in this status.",
                "schema": {"type": "string", "enum": list(HandoverStatus.values)},
            },
        ]
