"""Filters shared by the API endpoints of records that belong to a young person."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from dwarsverbinder.utils.ids import as_id


class PersonFilter(BaseFilterBackend):
    """``?person=<id>``: only the records of that young person (still within visibility)."""

    def filter_queryset(self, request, queryset, view):
        value = request.query_params.get("person", "").strip()
        if not value:
            return queryset
        if as_id(value) is None:
            raise ValidationError({"person": [_("Give the id of a young person (a number).")]})
        return queryset.filter(person_id=as_id(value))

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "person",
                "required": False,
                "in": "query",
                "description": "Only the records of this young person (id).",
                "schema": {"type": "integer"},
            }
        ]
