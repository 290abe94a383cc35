from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from dwarsverbinder.accounts.constants import CASEWORK_ROLES


class ActsInCasework(BasePermission):
    """The caller acts as a coach, intake worker or coordinator: only they write to files."""

    message = _("Only coaches, intake workers and coordinators can record this.")

    def has_permission(self, request, view) -> bool:
        membership = getattr(request.user, "active_membership", None)
        return membership is not None and membership.role in CASEWORK_ROLES
