"""The access policy: which parts of a young person's file a user sees, read from the
processing register.

Two questions decide it. Does the user's organisation have a relation with the person
(``people.selectors``: an open assignment, a school career, the statutory follow-up task,
or an active handover)? And which data categories does the register allow for the user's
role and partner type? A direct relation gives every category the register allows; a
handover gives only the categories it carries, and only while each one's basis holds
(a consent that is withdrawn or expired ends that part of the access at once).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import DataCategory
from .models import Consent, ProcessingRecord

ALL_CATEGORIES = frozenset(DataCategory.values)


def register_rows() -> dict[str, ProcessingRecord]:
    """The register, one row per category (one query)."""
    return {row.category: row for row in ProcessingRecord.objects.all()}


def categories_allowed(*, role: str, organisation_kind: str, register=None) -> frozenset[str]:
    """The categories the register lets this role at this partner type see."""
    rows = register if register is not None else register_rows()
    return frozenset(
        category
        for category, row in rows.items()
        if role in row.roles and organisation_kind in row.organisation_kinds
    )


def categories_for_user(*, user) -> frozenset[str]:
    membership = getattr(user, "active_membership", None)
    if membership is None:
        return frozenset()
    return categories_allowed(role=membership.role, organisation_kind=membership.organisation.kind)


def file_access(*, user, person) -> tuple[frozenset[str], bool]:
    """The parts of ``person``'s file the user sees, and whether the user's organisation
    has a relation of its own (not only a handover it received). At most three queries:
    the register, the direct relation, the shared categories."""
    from dwarsverbinder.chain.selectors import shared_categories
    from dwarsverbinder.people.selectors import has_direct_relation

    allowed = categories_for_user(user=user)
    if not allowed:
        return frozenset(), False
    if has_direct_relation(user=user, person_id=person.pk):
        return allowed, True
    organisation = user.active_membership.organisation
    return allowed & shared_categories(organisation=organisation, person_id=person.pk), False


def categories_for(*, user, person) -> frozenset[str]:
    """The parts of ``person``'s file the user sees. Empty when the person is not visible."""
    return file_access(user=user, person=person)[0]


def handover_bases(
    *, person, organisation, categories, day: datetime.date | None = None, register=None
) -> dict[str, Consent | None]:
    """The basis for handing each category to ``organisation``: None for the register's
    legal basis, or the consent it rests on. Raises one ValidationError that names every
    category without a basis, and what is missing for it."""
    day = day or timezone.localdate()
    rows = register if register is not None else register_rows()
    consents = [
        c
        for c in Consent.objects.filter(
            person=person, receiving_organisation=organisation, purpose="handover"
        )
        if c.is_valid_on(day)
    ]
    kind_label = organisation.get_kind_display()
    bases: dict[str, Consent | None] = {}
    problems = []
    for category in categories:
        row = rows.get(category)
        label = DataCategory(category).label
        if row is None or organisation.kind not in row.organisation_kinds:
            problems.append(
                _(
                    "%(category)s: the processing register does not allow partners of the "
                    "type “%(kind)s” to receive it. Leave this category out."
                )
                % {"category": label, "kind": kind_label}
            )
            continue
        if organisation.kind in row.shared_without_consent_with:
            bases[category] = None
            continue
        consent = next((c for c in consents if category in c.categories), None)
        if consent is None:
            problems.append(
                _(
                    "%(category)s: there is no valid consent of the young person to share "
                    "this with %(organisation)s, and the register gives no legal basis to "
                    "share it with partners of the type “%(kind)s”. Record the consent "
                    "first, or leave this category out."
                )
                % {"category": label, "organisation": organisation.name, "kind": kind_label}
            )
            continue
        bases[category] = consent
    if problems:
        raise ValidationError({"categories": problems})
    return bases


def may_change(*, user, person, category: str) -> bool:
    """Whether the user may change a part of the file: the register must let them see it,
    and their organisation must have a relation of its own with the person. What arrived
    through a handover is read-only for the receiving partner."""
    from dwarsverbinder.people.selectors import has_direct_relation

    return category in categories_for_user(user=user) and has_direct_relation(
        user=user, person_id=person.pk
    )


def require_change(*, user, person, category: str) -> None:
    from django.core.exceptions import PermissionDenied

    if not may_change(user=user, person=person, category=category):
        raise PermissionDenied
