from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from ..selectors import can_read_monitor


class ReadsMonitor(BasePermission):
    """The caller acts as an analyst or a regional coordinator."""

    message = _("Only analysts and regional coordinators can read the monitor.")

    def has_permission(self, request, view) -> bool:
        return can_read_monitor(user=request.user)
