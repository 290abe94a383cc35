"""Reads of the follow-up: the caseload, the search for a young person, tasks and coaches.

Everything that returns young people starts from ``people_visible_to``; the caseload only
narrows that down to the people with an open assignment at the acting organisation.
"""

from __future__ import annotations

import datetime
import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Replace
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from dwarsverbinder.accounts.constants import CASEWORK_ROLES
from dwarsverbinder.network.models import Organisation
from dwarsverbinder.people.cohorts import cohort_bounds
from dwarsverbinder.people.constants import IdentityKind
from dwarsverbinder.people.models import Assignment, Identity, Person, SchoolCareer
from dwarsverbinder.people.pseudonyms import bsn_pseudonym
from dwarsverbinder.people.selectors import people_visible_to, visible_person_ids

from .constants import TaskStatus
from .models import Contact, Signal, Task


class CaseloadSort:
    URGENCY = "urgency"
    NAME = "name"
    DUE = "due"
    LAST_CONTACT = "contact"


SORTS = {
    # Open signals first, then overdue tasks, then the task that is due soonest.
    CaseloadSort.URGENCY: (
        F("signal_count").desc(),
        F("overdue_count").desc(),
        F("next_due").asc(nulls_last=True),
    ),
    CaseloadSort.NAME: (),
    CaseloadSort.DUE: (F("next_due").asc(nulls_last=True),),
    # Longest without contact first: nobody reached yet leads.
    CaseloadSort.LAST_CONTACT: (F("last_contact").asc(nulls_first=True),),
}
NAME_ORDER = ("surname", "given_names", "id")


def acting_organisation(user) -> Organisation | None:
    membership = getattr(user, "active_membership", None)
    return membership.organisation if membership is not None else None


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT of ``queryset`` (already filtered on person=OuterRef("pk"))."""
    counted = queryset.order_by().values("person_id").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), Value(0))


def _caseload_annotations(queryset: QuerySet[Person], organisation, today) -> QuerySet[Person]:
    person = OuterRef("pk")
    open_tasks = Task.objects.filter(
        person=person, organisation=organisation, status=TaskStatus.OPEN
    )
    open_signals = Signal.objects.filter(
        person=person, organisation=organisation, resolved_on__isnull=True
    )
    contacts = Contact.objects.filter(person=person, organisation=organisation)
    last_career = SchoolCareer.objects.filter(person=person).order_by("-start_date", "-id")
    return queryset.annotate(
        next_due=Subquery(open_tasks.order_by("due_date").values("due_date")[:1]),
        overdue_count=_count(open_tasks.filter(due_date__lt=today)),
        signal_count=_count(open_signals),
        last_contact=Subquery(contacts.order_by("-on").values("on")[:1]),
        last_leave_date=Subquery(last_career.values("leave_date")[:1]),
        last_school_id=Subquery(last_career.values("school_id")[:1]),
        last_school_name=Subquery(last_career.values("school__name")[:1]),
    )


def caseload_people(*, user, mine_only: bool = True) -> QuerySet[Person]:
    """The visible young people with an open assignment at the acting organisation (with
    the user as coach when ``mine_only``), without the list's annotations."""
    organisation = acting_organisation(user)
    if organisation is None:
        return Person.objects.none()
    assignments = Assignment.objects.filter(organisation=organisation, ended_at__isnull=True)
    if mine_only:
        assignments = assignments.filter(coach=user)
    visible = visible_person_ids(user=user)
    if visible is None:
        return Person.objects.none()
    # Visibility is checked on the assignments' person ids, so only the caseload's own
    # people are read (the same rule as people_visible_to, see its docstring).
    return Person.objects.filter(
        id__in=assignments.filter(person_id__in=visible).values("person_id")
    )


def caseload_for(
    *,
    user,
    mine_only: bool = True,
    signal_kind: str = "",
    overdue_only: bool = False,
    cohort: str = "",
    school_id: int | None = None,
    sort: str = CaseloadSort.URGENCY,
) -> QuerySet[Person]:
    """The young people with an open assignment at the acting organisation (with the user
    as coach when ``mine_only``), annotated for the caseload list.

    Tasks, signals and contacts are those of the acting organisation. The row's school and
    cohort come from the last school career (the one that started last).
    """
    organisation = acting_organisation(user)
    if organisation is None:
        return Person.objects.none()
    people = _caseload_annotations(
        caseload_people(user=user, mine_only=mine_only), organisation, timezone.localdate()
    )
    if signal_kind:
        people = people.filter(
            Exists(
                Signal.objects.filter(
                    person=OuterRef("pk"),
                    organisation=organisation,
                    resolved_on__isnull=True,
                    kind=signal_kind,
                )
            )
        )
    if overdue_only:
        people = people.filter(overdue_count__gt=0)
    if cohort:
        first, last = cohort_bounds(cohort)
        people = people.filter(last_leave_date__range=(first, last))
    if school_id:
        people = people.filter(last_school_id=school_id)
    return people.order_by(*SORTS.get(sort, SORTS[CaseloadSort.URGENCY]), *NAME_ORDER)


def caseload_rows(people: QuerySet[Person], *, user) -> QuerySet[Person]:
    """What a page of the caseload shows besides the annotations, each in one query:
    open signals, the coaches at the acting organisation, and the episodes for the
    position today."""
    organisation = acting_organisation(user)
    return people.prefetch_related(
        Prefetch(
            "signals",
            queryset=Signal.objects.filter(
                organisation=organisation, resolved_on__isnull=True
            ).order_by("kind"),
            to_attr="open_signals",
        ),
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(
                organisation=organisation, ended_at__isnull=True
            ).select_related("coach"),
            to_attr="open_assignments",
        ),
        "episodes",
    )


def caseload_schools(*, user) -> QuerySet[Organisation]:
    """The schools of the last school careers in the organisation's caseload (a filter)."""
    people = caseload_for(user=user, mine_only=False)
    return Organisation.objects.filter(pk__in=people.order_by().values("last_school_id")).order_by(
        "name"
    )


# -- search ----------------------------------------------------------------------------

DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")
BSN_LIKE = re.compile(r"^[\d\s.]{8,12}$")


def _parse_date(text: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@sensitive_variables("text", "pseudonym")
def _bsn_condition(text: str) -> Q | None:
    if not BSN_LIKE.match(text):
        return None
    try:
        pseudonym = bsn_pseudonym(text)
    except ValidationError:
        return None
    return Q(
        id__in=Identity.objects.filter(kind=IdentityKind.BSN, value=pseudonym).values("person_id")
    )


def _name_condition(text: str) -> Q:
    """Every word must occur in a part of the name, so "Jan de Vries", "de Vries", "Vries,
    Jan" and "Jan Vries" all find Jan de Vries; "devries" finds him through the surname
    written together with its tussenvoegsel."""
    words = [w for w in re.split(r"[\s,]+", text) if w]
    condition = Q()
    for word in words:
        condition &= (
            Q(given_names__icontains=word)
            | Q(tussenvoegsel__icontains=word)
            | Q(surname__icontains=word)
        )
    joined = "".join(words)
    return condition | Q(joined_surname__icontains=joined)


@sensitive_variables("query", "text")
def person_search(*, user, query: str) -> QuerySet[Person]:
    """Search everyone the user may see (not only the caseload) by name, date of birth
    (dd-mm-yyyy or yyyy-mm-dd), student number (exact) or BSN (through its pseudonym).

    The query is never stored or logged: it may be a BSN or a name.
    """
    text = query.strip()[:100]
    if not text:
        return Person.objects.none()
    condition = Q(
        id__in=Identity.objects.filter(kind=IdentityKind.STUDENT_NUMBER, value=text).values(
            "person_id"
        )
    )
    day = _parse_date(text)
    if day is not None:
        condition |= Q(date_of_birth=day)
    bsn = _bsn_condition(text)
    if bsn is not None:
        condition |= bsn
    if any(ch.isalpha() for ch in text):
        condition |= _name_condition(text)
    people = people_visible_to(user=user).annotate(
        joined_surname=Replace(Concat("tussenvoegsel", "surname"), Value(" "), Value(""))
    )
    return people.filter(condition).select_related("municipality").order_by(*NAME_ORDER)


# -- tasks and coaches -----------------------------------------------------------------


def tasks_for(*, user, mine_only: bool = True) -> QuerySet[Task]:
    """Open tasks at the acting organisation for people the user may see; with
    ``mine_only`` only those assigned to the user."""
    organisation = acting_organisation(user)
    if organisation is None:
        return Task.objects.none()
    tasks = Task.objects.filter(
        organisation=organisation,
        status=TaskStatus.OPEN,
        person__in=people_visible_to(user=user),
    )
    if mine_only:
        tasks = tasks.filter(assigned_to=user)
    return tasks.select_related("person").order_by("due_date", "id")


def coaches_at(*, organisation) -> QuerySet:
    """Users who can coach at ``organisation``: an active casework membership there."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__is_active=True,
            memberships__role__in=CASEWORK_ROLES,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def transfer_organisations(*, user) -> QuerySet[Organisation]:
    """The organisations a young person can be handed to: every other active one."""
    organisation = acting_organisation(user)
    return Organisation.objects.filter(is_active=True).exclude(pk=getattr(organisation, "pk", None))


def open_assignments_of(*, person: Person) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(person=person, ended_at__isnull=True)
        .select_related("organisation", "coach")
        .order_by("organisation__name")
    )
