"""Reads of young people. Every page, API call, export and dashboard that shows a person
goes through ``people_visible_to``: the one place that decides who sees whom."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from dwarsverbinder.accounts.constants import CASEWORK_ROLES, Role
from dwarsverbinder.network.constants import OrganisationKind
from dwarsverbinder.utils.dates import add_months

from .models import Assignment, Person, SchoolCareer

# The roles that see young people: casework, and the employer account manager who matches
# and places them (the register decides which parts of a file each role sees).
VISIBILITY_ROLES = CASEWORK_ROLES | {Role.EMPLOYER_MANAGER}


def people_visible_to(*, user, category: str | None = None) -> QuerySet[Person]:
    """The young people the user may see in the membership they act in.

    Visible are those with an active relation to the acting organisation (enrolled at the
    school or left it less than DWV_SCHOOL_FOLLOW_UP_MONTHS ago, an open assignment
    there, or an active handover to it), and, for a municipality running leerplicht or
    RMC, everyone living in the region of that statutory task. Nobody else.

    With ``category`` (a DataCategory), only those of whom the user may see that part of
    the file: the processing register must allow it for the user's role and partner
    type, and a handover must carry it on a basis that still holds.
    """
    ids = visible_person_ids(user=user, category=category)
    if ids is None:
        return Person.objects.none()
    return Person.objects.filter(id__in=ids)


def visible_person_ids(*, user, category: str | None = None) -> QuerySet | None:
    """The ids behind people_visible_to, as a subquery (None: nobody is visible).

    For callers that narrow down a relation first (a caseload of assignments) and only
    need to check it against visibility: filtering the relation by these ids lets the
    database intersect id sets before it reads any person.
    """
    from dwarsverbinder.chain.selectors import handover_person_ids
    from dwarsverbinder.privacy.policy import categories_for_user

    membership = getattr(user, "active_membership", None)
    if membership is None or membership.role not in VISIBILITY_ROLES:
        return None
    if category is not None and category not in categories_for_user(user=user):
        return None
    organisation = membership.organisation
    relations = _direct_relations(organisation)
    relations.append(handover_person_ids(organisation=organisation, category=category))
    relations = [relation.order_by() for relation in relations]
    # Each relation is a set of person ids; their UNION is one semi-join for the database
    # (an OR of IN-subqueries would make PostgreSQL scan every person). UNION ALL: the IN
    # semi-join removes duplicates itself, no need to sort them out first.
    return relations[0].union(*relations[1:], all=True)


def _direct_relations(organisation) -> list[QuerySet]:
    """The relations that give the whole file (as far as the register allows): open
    assignments, the school's own students, the statutory follow-up task."""
    relations = [
        Assignment.objects.filter(organisation=organisation, ended_at__isnull=True).values(
            "person_id"
        )
    ]
    if organisation.kind == OrganisationKind.SCHOOL:
        cutoff = add_months(timezone.localdate(), -settings.SCHOOL_FOLLOW_UP_MONTHS)
        careers = SchoolCareer.objects.filter(school=organisation).filter(
            Q(leave_date__isnull=True) | Q(leave_date__gte=cutoff)
        )
        relations.append(careers.values("person_id"))
    if organisation.has_follow_up_task:
        region_ids = list(organisation.regions.values_list("id", flat=True))
        relations.append(
            Person.objects.filter(
                Q(municipality__rmc_region_id__in=region_ids) | Q(municipality_id__in=region_ids),
                # An anonymised file (privacy/retention.py) is kept for the monitor only.
                anonymised_on__isnull=True,
            ).values("id")
        )
    return relations


def direct_person_ids(*, user) -> QuerySet | None:
    """The ids of people the user's organisation has a relation of its own with (not only
    a handover it received), as a subquery; None when there are none."""
    membership = getattr(user, "active_membership", None)
    if membership is None or membership.role not in VISIBILITY_ROLES:
        return None
    relations = [r.order_by() for r in _direct_relations(membership.organisation)]
    return relations[0].union(*relations[1:], all=True) if len(relations) > 1 else relations[0]


def has_direct_relation(*, user, person_id: int) -> bool:
    """Whether the user's organisation has a relation with the person other than a
    handover it received (one query)."""
    ids = direct_person_ids(user=user)
    return ids is not None and Person.objects.filter(pk=person_id, id__in=ids).exists()
