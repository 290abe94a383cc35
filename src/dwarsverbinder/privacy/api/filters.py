"""Filters of the consent list."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from ..models import valid_consent_q

TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no")


class ValidFilter(BaseFilterBackend):
    """``?valid=true``: only consents in force today; ``?valid=false``: only those that
    were withdrawn, have expired or do not start yet."""

    def filter_queryset(self, request, queryset, view):
        value = request.query_params.get("valid", "").strip().lower()
        if not value:
            return queryset
        if value not in TRUE + FALSE:
            raise ValidationError({"valid": [_('Give "true" or "false".')]})
        in_force = valid_consent_q(timezone.localdate())
        return queryset.filter(in_force) if value in TRUE else queryset.exclude(in_force)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "valid",
                "required": False,
                "in": "query",
                "description": "true: only consents in force today; false: only the others.",
                "schema": {"type": "boolean"},
            }
        ]
