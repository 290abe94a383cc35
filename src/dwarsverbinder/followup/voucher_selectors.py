"""Reads of education vouchers, for the acting organisation and its visible young people."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from dwarsverbinder.accounts.constants import CASEWORK_ROLES
from dwarsverbinder.people.models import Person
from dwarsverbinder.people.selectors import people_visible_to

from .constants import VoucherStatus
from .models import Voucher

# The tabs of the list, in order.
LIST_STATUSES = (
    VoucherStatus.OPEN,
    VoucherStatus.REDEEMED,
    VoucherStatus.EXPIRED,
    VoucherStatus.WITHDRAWN,
)


def _casework_organisation_id(user) -> int | None:
    membership = getattr(user, "active_membership", None)
    if membership is None or membership.role not in CASEWORK_ROLES:
        return None
    return membership.organisation_id


def status_filter(status: str, *, today: datetime.date) -> Q:
    """The vouchers with ``status`` on ``today`` (the query form of Voucher.status_on)."""
    unused = Q(redeemed_on__isnull=True, withdrawn_on__isnull=True)
    return {
        VoucherStatus.OPEN: unused & Q(valid_until__gte=today),
        VoucherStatus.EXPIRED: unused & Q(valid_until__lt=today),
        VoucherStatus.REDEEMED: Q(redeemed_on__isnull=False),
        VoucherStatus.WITHDRAWN: Q(redeemed_on__isnull=True, withdrawn_on__isnull=False),
    }[status]


def _with_person_visibility(vouchers: QuerySet[Voucher], *, user) -> QuerySet[Voucher]:
    """Mark each voucher with whether its young person is visible to the user: a school
    that redeemed a voucher sees the voucher, not the file."""
    visible = people_visible_to(user=user).filter(pk=OuterRef("person_id"))
    return vouchers.annotate(person_visible=Exists(visible)).select_related(
        "person", "issued_by", "redeemed_at"
    )


def vouchers_visible_to(*, user) -> QuerySet[Voucher]:
    """Vouchers issued by or redeemed at the acting organisation, or of a young person the
    user can see. Nothing for roles without casework."""
    organisation_id = _casework_organisation_id(user)
    if organisation_id is None:
        return Voucher.objects.none()
    visible = Q(issued_by_id=organisation_id) | Q(redeemed_at_id=organisation_id)
    visible |= Q(person_id__in=people_visible_to(user=user).values("id"))
    return _with_person_visibility(Voucher.objects.filter(visible), user=user)


def vouchers_of_organisation(*, user) -> QuerySet[Voucher]:
    """The acting organisation's own register: issued there or redeemed there."""
    organisation_id = _casework_organisation_id(user)
    if organisation_id is None:
        return Voucher.objects.none()
    own = Q(issued_by_id=organisation_id) | Q(redeemed_at_id=organisation_id)
    return _with_person_visibility(Voucher.objects.filter(own), user=user)


def voucher_list(*, user, status: str, today: datetime.date) -> QuerySet[Voucher]:
    return (
        vouchers_of_organisation(user=user)
        .filter(status_filter(status, today=today))
        .order_by("-issued_on", "-id")
    )


def voucher_counts(*, user, today: datetime.date) -> dict[str, int]:
    """How many of the organisation's vouchers there are per status, in one query."""
    organisation_id = _casework_organisation_id(user)
    if organisation_id is None:
        return dict.fromkeys(LIST_STATUSES, 0)
    aggregates = {
        status: Count("id", filter=status_filter(status, today=today)) for status in LIST_STATUSES
    }
    return Voucher.objects.filter(
        Q(issued_by_id=organisation_id) | Q(redeemed_at_id=organisation_id)
    ).aggregate(**aggregates)


def vouchers_of_person(*, user, person: Person) -> QuerySet[Voucher]:
    """A young person's vouchers, for their file (the caller has checked visibility)."""
    return vouchers_visible_to(user=user).filter(person=person).order_by("-issued_on", "-id")
