"""The indicator engine: positions of a cohort at a horizon, counted per group.

Unsuppressed. These counts are for the monitor's own code and its tests: anything shown or
exported goes through ``report.publish`` (the selector ``monitor_positions`` does this),
which applies small-cell suppression.

The work is set-based: one query reads the school careers of the whole cohort, then the
status episodes, placements and certificates are read in chunks of people, three queries per
chunk for every horizon at once, never one per person.
Every breakdown (per region, municipality, school, programme type, level and gender, and
the whole) is counted in the same pass, because suppression needs them all to keep the
tables consistent with one another (see report.py).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, OuterRef, Q, Value
from django.utils import timezone

from dwarsverbinder.employers.models import Certificate, Placement
from dwarsverbinder.people.cohorts import cohort_bounds
from dwarsverbinder.people.models import SchoolCareer, StatusEpisode
from dwarsverbinder.programmes.models import ProjectParticipation
from dwarsverbinder.utils.dates import add_months

from .definitions import CURRENT, CohortScope, Definition, EpisodeRow, get_definition

# People per query for status episodes: well under SQLite's 999 parameters per statement.
CHUNK_SIZE = 500

NONE = "none"
# What results can be grouped by; "none" is the whole population as one group.
# "pilot" splits a pilot's participants from the rest of its region (Filters.compare).
GROUP_BYS = (
    NONE,
    "region",
    "municipality",
    "school",
    "programme_type",
    "level",
    "gender",
    "pilot",
)


@dataclass(frozen=True)
class Filters:
    """Narrow the population. Region and municipality are those of residence (Region ids;
    region is the RMC region of the municipality); school, programme type and level are
    those of the career the person is counted with (the last one left in the year).

    ``project`` keeps the young people who take part in that project or pilot. With
    ``compare`` it keeps them and everyone else living in ``region`` instead, and marks who
    takes part, so that "pilot" groups the participants against the rest of the region."""

    region: int | None = None
    municipality: int | None = None
    school: int | None = None
    programme_type: str | None = None
    level: int | None = None
    gender: str | None = None
    project: int | None = None
    compare: bool = False

    def __post_init__(self) -> None:
        if self.compare and self.project is None:
            raise ValueError("A comparison needs a project.")


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Member:
    """A person in a cohort, with the career they are counted with (ids, no names)."""

    person_id: int
    leave_date: datetime.date
    region: int | None
    municipality: int | None
    school: int
    programme_type: str
    level: int | None
    gender: str | None
    # Takes part in the compared pilot; None when nothing is compared.
    pilot: bool | None = None

    def key(self, group_by: str) -> Hashable:
        return None if group_by == NONE else getattr(self, group_by)


@dataclass(frozen=True)
class Outcome:
    """A member's position at the reference date T of the horizon."""

    member: Member
    reference_date: datetime.date
    position: str
    flag: bool
    # In education, work or daytime activity at both 6 and 12 months; None when the
    # horizon comes before 12 months (not yet known for everyone).
    lasting: bool | None
    # A placement with an employer that had lasted placement_months by T; a certificate
    # (praktijkverklaring, mbo certificate, branch certificate, diploma) earned by T.
    placement: bool = False
    certificate: bool = False


@dataclass
class GroupCounts:
    total: int = 0
    positions: dict[str, int] = field(default_factory=dict)
    flag: int = 0
    lasting: int | None = None
    placement: int = 0
    certificate: int = 0

    def add(self, outcome: Outcome) -> None:
        self.total += 1
        self.positions[outcome.position] += 1
        self.flag += outcome.flag
        self.placement += outcome.placement
        self.certificate += outcome.certificate
        if outcome.lasting is not None:
            self.lasting = (self.lasting or 0) + outcome.lasting


@dataclass
class RawPositions:
    """Unsuppressed counts of one cohort and horizon, for every breakdown at once."""

    definition: Definition
    cohort: str
    horizon: int
    today: datetime.date
    filters: Filters
    breakdowns: dict[str, dict[Hashable, GroupCounts]]

    @property
    def overall(self) -> GroupCounts:
        return self.breakdowns[NONE][None]

    def groups(self, group_by: str) -> dict[Hashable, GroupCounts]:
        return self.breakdowns[group_by]

    @property
    def lasting_known(self) -> bool:
        return self.definition.lasting_from(self.horizon)


def reference_date(leave_date: datetime.date, horizon: int) -> datetime.date:
    """T: the leave date plus ``horizon`` calendar months, clamped to the month end."""
    return add_months(leave_date, horizon)


def cohort_members(
    *, cohort: str, scope: CohortScope, filters: Filters = NO_FILTERS
) -> list[Member]:
    """Everyone whose in-scope school career ended in the school year ``cohort``, once,
    with the career that ended last in that year (on a tie, the latest recorded). One
    query. ValueError when ``cohort`` is not a school year like "2023-2024"."""
    first, last = cohort_bounds(cohort)
    careers = SchoolCareer.objects.filter(scope.q(), leave_date__range=(first, last))
    region = Q(person__municipality__rmc_region_id=filters.region)
    if filters.project is not None:
        careers = careers.annotate(
            in_project=Exists(
                ProjectParticipation.objects.filter(
                    project_id=filters.project, person_id=OuterRef("person_id")
                )
            )
        )
        if filters.compare:
            # The participants wherever they live, and the rest of the region beside them.
            region = region | Q(in_project=True)
        else:
            careers = careers.filter(in_project=True)
    else:
        careers = careers.annotate(in_project=Value(None, output_field=BooleanField()))
    if filters.municipality is not None:
        careers = careers.filter(person__municipality_id=filters.municipality)
    if filters.region is not None:
        careers = careers.filter(region)
    if filters.gender is not None:
        careers = careers.filter(person__gender=filters.gender)
    rows = careers.order_by().values_list(
        "person_id",
        "leave_date",
        "id",
        "person__municipality__rmc_region_id",
        "person__municipality_id",
        "school_id",
        "programme_type",
        "level",
        "person__gender",
        "in_project",
    )
    last_career: dict[int, tuple] = {}
    for row in rows.iterator(chunk_size=2000):
        kept = last_career.get(row[0])
        if kept is None or row[1:3] > kept[1:3]:
            last_career[row[0]] = row
    members = [
        Member(
            *row[:2],
            *row[3:8],
            row[8] or None,
            bool(row[9]) if filters.compare else None,
        )
        for row in last_career.values()
    ]
    return [m for m in members if _matches(m, filters)]


def _matches(member: Member, filters: Filters) -> bool:
    """The filters on the career a member is counted with (not on any earlier one)."""
    return (
        (filters.school is None or member.school == filters.school)
        and (filters.programme_type is None or member.programme_type == filters.programme_type)
        and (filters.level is None or member.level == filters.level)
    )


def _episodes_of(person_ids: list[int], until: datetime.date) -> dict[int, list[EpisodeRow]]:
    """The episodes of these people that start on or before ``until``: one query."""
    episodes: dict[int, list[EpisodeRow]] = defaultdict(list)
    rows = (
        StatusEpisode.objects.filter(person_id__in=person_ids, start_date__lte=until)
        .order_by()
        .values_list("person_id", "kind", "start_date", "end_date", "last_confirmed")
    )
    for person_id, *episode in rows:
        episodes[person_id].append(tuple(episode))
    return episodes


@dataclass
class WorkFacts:
    """A person's placements (start, end) and the dates certificates were issued."""

    placements: list[tuple[datetime.date, datetime.date | None]] = field(default_factory=list)
    certificates: list[datetime.date] = field(default_factory=list)

    def placement_lasted(self, day: datetime.date, months: int) -> bool:
        """A placement had lasted ``months`` by ``day``: start + months on or before the
        day, and it had not ended before that."""
        for start, end in self.placements:
            mark = add_months(start, months)
            if mark <= day and (end is None or end >= mark):
                return True
        return False

    def certificate_by(self, day: datetime.date) -> bool:
        return any(issued <= day for issued in self.certificates)


def _work_of(person_ids: list[int], until: datetime.date) -> dict[int, WorkFacts]:
    """The placements and certificates of these people up to ``until``: two queries."""
    facts: dict[int, WorkFacts] = defaultdict(WorkFacts)
    placements = (
        Placement.objects.filter(person_id__in=person_ids, start_date__lte=until)
        .order_by()
        .values_list("person_id", "start_date", "end_date")
    )
    for person_id, start, end in placements:
        facts[person_id].placements.append((start, end))
    issued = (
        Certificate.objects.filter(person_id__in=person_ids, issued_on__lte=until)
        .order_by()
        .values_list("person_id", "issued_on")
    )
    for person_id, day in issued:
        facts[person_id].certificates.append(day)
    return facts


def _chunks(items: list[Member], size: int) -> Iterator[list[Member]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def outcomes(
    members: Iterable[Member],
    *,
    horizon: int,
    today: datetime.date,
    definition: Definition,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Outcome]:
    """The outcome of every member whose reference date lies before ``today`` (strictly);
    the others have not reached this horizon yet and are left out."""
    for _, outcome in outcomes_at(
        members, horizons=(horizon,), today=today, definition=definition, chunk_size=chunk_size
    ):
        yield outcome


def outcomes_at(
    members: Iterable[Member],
    *,
    horizons: Iterable[int],
    today: datetime.date,
    definition: Definition,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[tuple[int, Outcome]]:
    """(horizon, outcome) for every member and every one of ``horizons`` it has reached,
    reading each member's episodes, placements and certificates once for all of them:
    three queries per chunk of people."""
    if chunk_size < 1:
        raise ValueError("The chunk size must be 1 or more.")
    horizons = sorted(set(horizons))
    if not horizons:
        return
    first = horizons[0]
    reached = sorted(
        (m for m in members if reference_date(m.leave_date, first) < today),
        key=lambda m: m.person_id,
    )
    for chunk in _chunks(reached, chunk_size):
        until = max(
            reference_date(m.leave_date, h)
            for m in chunk
            for h in horizons
            if reference_date(m.leave_date, h) < today
        )
        ids = [m.person_id for m in chunk]
        episodes = _episodes_of(ids, until)
        work = _work_of(ids, until)
        for member in chunk:
            found = episodes.get(member.person_id, [])
            facts = work.get(member.person_id) or WorkFacts()
            lasting: bool | None = None
            for horizon in horizons:
                if reference_date(member.leave_date, horizon) >= today:
                    break
                lasting_known = definition.lasting_from(horizon)
                if lasting_known and lasting is None:
                    lasting = _lasting(member, found, definition)
                known = lasting if lasting_known else None
                yield horizon, _outcome(member, found, facts, horizon, definition, known)


def _lasting(member: Member, episodes: list[EpisodeRow], definition: Definition) -> bool:
    """In education, work or daytime activity at every one of the lasting horizons."""
    return all(
        definition.position(episodes, reference_date(member.leave_date, h))[0]
        in definition.lasting_positions
        for h in definition.lasting_horizons
    )


def _outcome(
    member: Member,
    episodes: list[EpisodeRow],
    work: WorkFacts,
    horizon: int,
    definition: Definition,
    lasting: bool | None,
) -> Outcome:
    day = reference_date(member.leave_date, horizon)
    position, flag = definition.position(episodes, day)
    return Outcome(
        member,
        day,
        position,
        flag,
        lasting,
        placement=work.placement_lasted(day, definition.placement_months),
        certificate=work.certificate_by(day),
    )


class _Counter:
    """Counts outcomes per group for every breakdown; "none" always has its one group."""

    def __init__(self, definition: Definition, lasting_known: bool) -> None:
        self.definition = definition
        self.lasting_known = lasting_known
        self.breakdowns: dict[str, dict[Hashable, GroupCounts]] = {g: {} for g in GROUP_BYS}
        self.breakdowns[NONE][None] = self._new_group()

    def _new_group(self) -> GroupCounts:
        return GroupCounts(
            positions=dict.fromkeys(self.definition.positions, 0),
            lasting=0 if self.lasting_known else None,
        )

    def add(self, outcome: Outcome) -> None:
        for group_by, groups in self.breakdowns.items():
            key = outcome.member.key(group_by)
            if key not in groups:
                groups[key] = self._new_group()
            groups[key].add(outcome)


def count(
    results: Iterable[Outcome], *, definition: Definition, lasting_known: bool
) -> dict[str, dict[Hashable, GroupCounts]]:
    """Count outcomes per group for every breakdown; "none" always has its one group."""
    counter = _Counter(definition, lasting_known)
    for outcome in results:
        counter.add(outcome)
    return counter.breakdowns


def compute(
    *,
    cohort: str,
    horizon: int,
    filters: Filters = NO_FILTERS,
    today: datetime.date | None = None,
    version: str = CURRENT,
    scope: CohortScope | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> RawPositions:
    """Unsuppressed positions of ``cohort`` at ``horizon`` months, for every breakdown.

    ``scope`` overrides the definition's cohort scope (a region's own). ValueError for a
    malformed cohort or a horizon the definition does not have."""
    return compute_horizons(
        cohort=cohort,
        horizons=(horizon,),
        filters=filters,
        today=today,
        version=version,
        scope=scope,
        chunk_size=chunk_size,
    )[horizon]


def compute_horizons(
    *,
    cohort: str,
    horizons: Iterable[int] | None = None,
    filters: Filters = NO_FILTERS,
    today: datetime.date | None = None,
    version: str = CURRENT,
    scope: CohortScope | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> dict[int, RawPositions]:
    """``compute`` for several horizons (all of the definition's by default) in one pass:
    the cohort is read once and each member's episodes once, for every horizon."""
    definition = get_definition(version)
    chosen = tuple(sorted(set(horizons if horizons is not None else definition.horizons)))
    wrong = [h for h in chosen if h not in definition.horizons]
    if wrong or not chosen:
        raise ValueError(f"Horizon {(wrong or chosen)} is not one of {definition.horizons}.")
    today = today or timezone.localdate()
    members = cohort_members(cohort=cohort, scope=scope or definition.scope, filters=filters)
    counters = {h: _Counter(definition, definition.lasting_from(h)) for h in chosen}
    for horizon, outcome in outcomes_at(
        members, horizons=chosen, today=today, definition=definition, chunk_size=chunk_size
    ):
        counters[horizon].add(outcome)
    return {
        h: RawPositions(
            definition=definition,
            cohort=cohort,
            horizon=h,
            today=today,
            filters=filters,
            breakdowns=counters[h].breakdowns,
        )
        for h in chosen
    }
