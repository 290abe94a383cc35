"""The daily signals: which young people need attention, computed for everybody at once.

``signals_refresh`` is set-based: it walks the people in chunks of ids, loads the careers,
episodes, open assignments, overdue follow-up moments and open signals of a whole chunk in
one query each, decides in memory, and raises and resolves signals in bulk. The number of
queries grows with the number of chunks, never with the number of people.

Rules (kinds in ``SignalKind``):

- OUT_OF_SIGHT: the young person has left school (every school career has a leave date) and
  nothing was confirmed within DWV_OUT_OF_SIGHT_MONTHS: no status episode confirmed since,
  and the last leave date itself lies before that period (leaving school is the last thing
  known about someone without episodes).
- NEET: the position today (definition v1) is ``uitkering`` or ``geen``.
- OVERDUE: an open follow-up moment was due before today (one due today is not overdue).
- KWALIFICATIEPLICHT: still under 18 (the duty's age), left school without a
  startkwalificatie on any
  career, and no ``onderwijs`` episode covers today.

A signal goes to every organisation with an open assignment for the person; without one,
to the municipalities with a follow-up task (leerplicht/RMC) whose regions hold the
person's municipality or its RMC region. OVERDUE goes to the organisation whose moment it
is. Signals carry small details (dates, a position), never names.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Min

from dwarsverbinder.network.constants import OrganisationKind
from dwarsverbinder.network.models import Organisation
from dwarsverbinder.people.constants import EpisodeKind
from dwarsverbinder.people.models import Assignment, Person, SchoolCareer, StatusEpisode
from dwarsverbinder.people.positions import covers, is_neet, position_at
from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction
from dwarsverbinder.utils.dates import add_months

from .constants import DAILY_SIGNAL_KINDS, SignalKind, TaskKind, TaskStatus
from .models import Signal, Task

CHUNK_SIZE = 1000
ADULT_MONTHS = 18 * 12

# (person id, organisation id, kind) -> detail
SignalKey = tuple[int, int, str]


class _Career(NamedTuple):
    leave_date: datetime.date | None
    startkwalificatie: bool


class _Episode(NamedTuple):
    """The fields of a StatusEpisode that positions need (satisfies EpisodeLike)."""

    kind: str
    start_date: datetime.date
    end_date: datetime.date | None
    last_confirmed: datetime.date


class _PersonRow(NamedTuple):
    id: int
    date_of_birth: datetime.date
    municipality_id: int | None
    rmc_region_id: int | None


def signals_refresh(*, today: datetime.date) -> dict[str, int]:
    """Raise and resolve signals for everybody. Idempotent: a second run on the same day
    changes nothing. Returns the counts raised, resolved and open after the run."""
    routing = municipal_routing()
    raised = resolved = 0
    for people in _person_chunks():
        new, gone = _refresh_chunk(people, today=today, routing=routing)
        raised += new
        resolved += gone
    counts = {
        "raised": raised,
        "resolved": resolved,
        "open": Signal.objects.filter(resolved_on__isnull=True).count(),
    }
    # One row for the run: system-raised signals need no row per person.
    audit.log_event(
        actor=None,
        action=AuditAction.UPDATE,
        object_type="followup.signal",
        detail={"run": "signals_refresh", "on": today.isoformat(), **counts},
    )
    return counts


def municipal_routing() -> dict[int, set[int]]:
    """Region id -> the active municipalities with a follow-up task serving that region."""
    routing: dict[int, set[int]] = defaultdict(set)
    municipalities = (
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, is_active=True)
        .only("id", "kind", "functions")
        .prefetch_related("regions")
    )
    for organisation in municipalities:
        if organisation.has_follow_up_task:
            for region in organisation.regions.all():
                routing[region.pk].add(organisation.pk)
    return routing


def _person_chunks() -> Iterator[list[_PersonRow]]:
    """Everybody, CHUNK_SIZE at a time, by id (keyset pagination: no OFFSET scans)."""
    last_id = 0
    while True:
        rows = list(
            Person.objects.filter(id__gt=last_id)
            .order_by("id")
            .values_list("id", "date_of_birth", "municipality_id", "municipality__rmc_region_id")[
                :CHUNK_SIZE
            ]
        )
        if not rows:
            return
        yield [_PersonRow(*row) for row in rows]
        if len(rows) < CHUNK_SIZE:
            return
        last_id = rows[-1][0]


@transaction.atomic
def _refresh_chunk(
    people: list[_PersonRow], *, today: datetime.date, routing: dict[int, set[int]]
) -> tuple[int, int]:
    ids = [person.id for person in people]
    wanted = _wanted_signals(people, ids=ids, today=today, routing=routing)
    existing = {
        (person_id, organisation_id, kind): signal_id
        for signal_id, person_id, organisation_id, kind in Signal.objects.filter(
            person_id__in=ids, resolved_on__isnull=True, kind__in=DAILY_SIGNAL_KINDS
        ).values_list("id", "person_id", "organisation_id", "kind")
    }
    gone = [signal_id for key, signal_id in existing.items() if key not in wanted]
    if gone:
        Signal.objects.filter(id__in=gone).update(resolved_on=today)
    new = [
        Signal(
            person_id=person_id,
            organisation_id=organisation_id,
            kind=kind,
            raised_on=today,
            detail=detail,
        )
        for (person_id, organisation_id, kind), detail in wanted.items()
        if (person_id, organisation_id, kind) not in existing
    ]
    Signal.objects.bulk_create(new, batch_size=500)
    return len(new), len(gone)


def _wanted_signals(
    people: list[_PersonRow], *, ids: list[int], today: datetime.date, routing: dict[int, set[int]]
) -> dict[SignalKey, dict]:
    careers: dict[int, list[_Career]] = defaultdict(list)
    for person_id, leave_date, startkwalificatie in SchoolCareer.objects.filter(
        person_id__in=ids
    ).values_list("person_id", "leave_date", "startkwalificatie"):
        careers[person_id].append(_Career(leave_date, startkwalificatie))
    episodes: dict[int, list[_Episode]] = defaultdict(list)
    for person_id, *fields in StatusEpisode.objects.filter(person_id__in=ids).values_list(
        "person_id", "kind", "start_date", "end_date", "last_confirmed"
    ):
        episodes[person_id].append(_Episode(*fields))
    assigned: dict[int, set[int]] = defaultdict(set)
    for person_id, organisation_id in Assignment.objects.filter(
        person_id__in=ids, ended_at__isnull=True
    ).values_list("person_id", "organisation_id"):
        assigned[person_id].add(organisation_id)

    wanted: dict[SignalKey, dict] = {}
    for person in people:
        found = person_conditions(
            careers=careers[person.id],
            episodes=episodes[person.id],
            date_of_birth=person.date_of_birth,
            today=today,
        )
        if not found:
            continue
        receivers = assigned[person.id] or (
            routing.get(person.municipality_id, set()) | routing.get(person.rmc_region_id, set())
        )
        for kind, detail in found.items():
            for organisation_id in receivers:
                wanted[(person.id, organisation_id, kind)] = detail
    for (person_id, organisation_id), due in _overdue_moments(ids=ids, today=today).items():
        wanted[(person_id, organisation_id, SignalKind.OVERDUE)] = {"due": due.isoformat()}
    return wanted


def _overdue_moments(
    *, ids: list[int], today: datetime.date
) -> dict[tuple[int, int], datetime.date]:
    """(person, organisation) -> the earliest open follow-up moment due before today."""
    rows = (
        Task.objects.filter(
            person_id__in=ids,
            kind=TaskKind.FOLLOW_UP,
            status=TaskStatus.OPEN,
            due_date__lt=today,
        )
        .values("person_id", "organisation_id")
        .annotate(due=Min("due_date"))
        .order_by()
    )
    return {(row["person_id"], row["organisation_id"]): row["due"] for row in rows}


def person_conditions(
    *,
    careers: list[_Career],
    episodes: list[_Episode],
    date_of_birth: datetime.date,
    today: datetime.date,
) -> dict[str, dict]:
    """The person-level signal kinds that hold today, each with its detail."""
    found: dict[str, dict] = {}
    position = position_at(episodes, today).position
    if is_neet(position):
        found[SignalKind.NEET] = {"position": position}
    leave_dates = [career.leave_date for career in careers if career.leave_date]
    if not careers or len(leave_dates) < len(careers):
        return found  # never enrolled as far as we know, or still enrolled somewhere
    last_leave = max(leave_dates)
    last_known = max([last_leave, *(episode.last_confirmed for episode in episodes)])
    if last_known < add_months(today, -settings.OUT_OF_SIGHT_MONTHS):
        found[SignalKind.OUT_OF_SIGHT] = {"since": last_known.isoformat()}
    # The kwalificatieplicht ends at 18: from then on the RMC's own signals (out of sight,
    # NEET) carry the follow-up, so this one resolves on the 18th birthday.
    if (
        today < add_months(date_of_birth, ADULT_MONTHS)
        and not any(career.startkwalificatie for career in careers)
        and not any(
            episode.kind == EpisodeKind.ONDERWIJS and covers(episode, today) for episode in episodes
        )
    ):
        found[SignalKind.KWALIFICATIEPLICHT] = {"left": last_leave.isoformat()}
    return found
