from __future__ import annotations

from django.db.models import QuerySet

from .models import Membership

SESSION_KEY = "dwv_active_membership"


def memberships_of(*, user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )


def active_membership(
    *, user, session, memberships: list[Membership] | None = None
) -> Membership | None:
    """The membership the user acts in: the one chosen in this session, else the first.
    Pass ``memberships`` when they are loaded already."""
    if memberships is None:
        memberships = list(memberships_of(user=user))
    chosen = session.get(SESSION_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0] if memberships else None


def user_has_role(*, user, roles) -> bool:
    membership = getattr(user, "active_membership", None)
    return membership is not None and membership.role in roles
