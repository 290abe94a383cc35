"""Reads of young people. Every page, API call, export and dashboard that shows a person
goes through ``people_visible_to``: the one place that decides who sees whom."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from dwarsverbinder.accounts.constants import CASEWORK_ROLES
from dwarsverbinder.network.constants import OrganisationKind
from dwarsverbinder.utils.dates import add_months

from .models import Assignment, Person, SchoolCareer


def people_visible_to(*, user) -> QuerySet[Person]:
    """The young people the user may see in the membership they act in.

    Visible are those with an active relation to the acting organisation (enrolled at the
    school or left it less than DWV_SCHOOL_FOLLOW_UP_MONTHS ago, or an open assignment
    there), and, for a municipality running leerplicht or RMC, everyone living in the
    region of that statutory task. Nobody else.
    """
    ids = visible_person_ids(user=user)
    if ids is None:
        return Person.objects.none()
    return Person.objects.filter(id__in=ids)


def visible_person_ids(*, user) -> QuerySet | None:
    """The ids behind people_visible_to, as a subquery (None: nobody is visible).

    For callers that narrow down a relation first (a caseload of assignments) and only
    need to check it against visibility: filtering the relation by these ids lets the
    database intersect id sets before it reads any person.
    """
    membership = getattr(user, "active_membership", None)
    if membership is None or membership.role not in CASEWORK_ROLES:
        return None
    organisation = membership.organisation
    # Each relation is a set of person ids; their UNION is one semi-join for the database
    # (an OR of IN-subqueries would make PostgreSQL scan every person).
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
                Q(municipality__rmc_region_id__in=region_ids) | Q(municipality_id__in=region_ids)
            ).values("id")
        )
    relations = [relation.order_by() for relation in relations]
    # UNION ALL: the IN semi-join removes duplicates itself, no need to sort them out first.
    return relations[0].union(*relations[1:], all=True) if len(relations) > 1 else relations[0]
