"""Reads of handovers. A receiving partner sees a person only through an active handover,
and only the categories whose basis still holds; the sender sees the handovers it sent."""

from __future__ import annotations

import datetime
import statistics

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from dwarsverbinder.privacy.constants import DataCategory
from dwarsverbinder.privacy.models import valid_consent_q

from .constants import ACTIVE_STATUSES, ShareBasis
from .models import Handover, HandoverShare


def valid_shares(*, day: datetime.date | None = None) -> QuerySet[HandoverShare]:
    """Shares of active handovers whose basis holds today: the register's legal basis, or
    a consent that is neither withdrawn nor expired."""
    day = day or timezone.localdate()
    return HandoverShare.objects.filter(handover__status__in=ACTIVE_STATUSES).filter(
        Q(basis=ShareBasis.REGISTER) | Q(valid_consent_q(day, prefix="consent__"))
    )


def handover_person_ids(*, organisation, category: str | None = None) -> QuerySet:
    """Person ids the organisation sees through handovers it received: the identity must be
    shared on a valid basis, and so must ``category`` when one is asked for."""
    shares = valid_shares().filter(handover__to_organisation=organisation)
    ids = shares.filter(category=DataCategory.IDENTITY).values("handover__person_id")
    if category is not None and category != DataCategory.IDENTITY:
        ids = ids.filter(
            handover__person_id__in=shares.filter(category=category).values("handover__person_id")
        )
    return ids


def shared_categories(*, organisation, person_id: int) -> frozenset[str]:
    """The categories of ``person_id`` that handovers to ``organisation`` carry today."""
    found = frozenset(
        valid_shares()
        .filter(handover__to_organisation=organisation, handover__person_id=person_id)
        .values_list("category", flat=True)
    )
    return found if DataCategory.IDENTITY in found else frozenset()


def handovers_for(*, organisation) -> QuerySet[Handover]:
    """Handovers the organisation sent or received."""
    return Handover.objects.filter(
        Q(from_organisation=organisation) | Q(to_organisation=organisation)
    )


def handover_for_user(*, user, pk: int) -> Handover:
    """One handover of the user's organisation, or Http404."""
    from django.shortcuts import get_object_or_404

    membership = getattr(user, "active_membership", None)
    if membership is None:
        from django.http import Http404

        raise Http404
    return get_object_or_404(
        handovers_for(organisation=membership.organisation).select_related(
            "person", "from_organisation", "to_organisation", "to_service", "from_user"
        ),
        pk=pk,
    )


def measured_waiting_days(*, services, today: datetime.date | None = None) -> dict[int, dict]:
    """Per service: the median days from sending to first contact over handovers whose
    first contact lies within DWV_WAITING_WINDOW_DAYS, and how many there were.

    A service with fewer than DWV_MIN_CELL_SIZE such handovers gets no figure: the median
    of a handful would say too much about the few young people behind it.
    """
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=settings.WAITING_WINDOW_DAYS)
    rows = Handover.objects.filter(
        to_service__in=services, first_contact_on__gte=since, first_contact_on__lte=today
    ).values_list("to_service_id", "sent_on", "first_contact_on")
    days: dict[int, list[int]] = {}
    for service_id, sent, contact in rows:
        days.setdefault(service_id, []).append((contact - sent).days)
    return {
        service_id: {
            "median_days": round(statistics.median(values)),
            "count": len(values),
            "window_days": settings.WAITING_WINDOW_DAYS,
        }
        for service_id, values in days.items()
        if len(values) >= settings.MIN_CELL_SIZE
    }


def file_chain_context(*, user, person, today: datetime.date, direct: bool) -> dict:
    """The consents and handovers section of a person's file (two queries).

    An organisation with a relation of its own sees every consent of the person (it needs
    them to hand over); a receiving partner only the consents given to it. Handovers are
    shown to the two organisations involved.
    """
    from dwarsverbinder.privacy.models import Consent

    organisation = user.active_membership.organisation
    consents = Consent.objects.filter(person=person).select_related("receiving_organisation")
    if not direct:
        consents = consents.filter(receiving_organisation=organisation)
    handovers = (
        handovers_for(organisation=organisation)
        .filter(person=person)
        .select_related("from_organisation", "to_organisation", "to_service")
    )
    return {
        "consents": [(c, c.state_on(today)) for c in consents],
        "handovers": list(handovers),
        "active_handover_statuses": ACTIVE_STATUSES,
    }
