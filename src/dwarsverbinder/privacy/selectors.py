from __future__ import annotations

import datetime

from django.db.models import QuerySet

from .constants import AuditAction
from .models import AuditEvent


def audit_search(
    *,
    actor: str = "",
    organisation: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    person_id: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.all()
    if actor:
        qs = qs.filter(actor_username__icontains=actor)
    if organisation:
        qs = qs.filter(organisation_name__icontains=organisation)
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if person_id is not None:
        # Files merged into this one keep their own ids in the log; follow the merges.
        qs = qs.filter(person_id__in={person_id} | merged_into(person_id))
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.order_by("-at", "-id")


def merged_into(person_id: int) -> set[int]:
    """The ids of files merged into this one, directly or through earlier merges."""
    found: set[int] = set()
    frontier = {person_id}
    while frontier:
        removed = (
            set(
                AuditEvent.objects.filter(
                    action=AuditAction.DELETE,
                    object_type="people.person",
                    detail__merged_into__in=list(frontier),
                ).values_list("person_id", flat=True)
            )
            - found
            - {person_id, None}
        )
        found |= removed
        frontier = removed
    return found


def history_of(*, person_id: int) -> QuerySet[AuditEvent]:
    """Who read or changed this young person's file, newest first, including the history
    of files that were merged into it (the audit log itself is never rewritten)."""
    ids = {person_id} | merged_into(person_id)
    return AuditEvent.objects.filter(person_id__in=ids).order_by("-at", "-id")


def audit_object_types() -> list[str]:
    return list(
        AuditEvent.objects.exclude(object_type="")
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )


def consents_visible_to(*, user) -> QuerySet:
    """Consents the user may read: every consent of a person their organisation has a
    relation of its own with (it needs them to hand over), and, through a handover it
    received, only the consents given to the organisation itself (another partner's
    consent could tell that care is involved elsewhere)."""
    from django.db.models import Q

    from dwarsverbinder.accounts.constants import CASEWORK_ROLES
    from dwarsverbinder.people.selectors import direct_person_ids, visible_person_ids

    from .models import Consent

    membership = getattr(user, "active_membership", None)
    if membership is None or membership.role not in CASEWORK_ROLES:
        return Consent.objects.none()  # consents are casework (handing over)
    visible = visible_person_ids(user=user)
    if visible is None:
        return Consent.objects.none()
    organisation = user.active_membership.organisation
    direct = direct_person_ids(user=user)
    own = Q(receiving_organisation=organisation)
    return Consent.objects.filter(person_id__in=visible).filter(
        own if direct is None else Q(person_id__in=direct) | own
    )
