"""Time to first work or education after leaving school: a Kaplan–Meier curve per group.

For each member of a cohort the wait ends in the first month after leaving in which an
episode of a curve kind (definition v1: ``onderwijs`` or ``werk``) covers a day after the
leave date, with the same covering rule as positions (an open episode covers up to 183
days after it was last confirmed). Months are calendar months from the leave date, as for
horizons: month k runs up to and including the leave date plus k months (clamped to the
month end). A member is followed for the months k whose end date lies before today, up to
the definition's ``curve_months``; after that they are censored: their wait is not over
yet, or not known yet.

The estimate is the discrete-time Kaplan–Meier product: with n_k members still waiting and
followed in month k, and d_k of them starting work or education in it,
S(k) = S(k-1) · (1 − d_k / n_k), and the curve shows the share that has started,
1 − S(k). Censoring is why this is not simply "the share that started by month k": people
who left last spring count for the months they have had.

Publication (``publish``) shows no counts at all, only shares rounded to whole percents: a
group's curve only when at least the minimum cell size of its members is followed, and each
month only while at least that many are still waiting and followed in it. docs/indicators.md
("Time to first work or education") explains it.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from django.utils import timezone

from dwarsverbinder.people.models import StatusEpisode
from dwarsverbinder.utils.dates import add_months

from . import engine
from .definitions import CURRENT, CohortScope, Definition, get_definition


@dataclass(frozen=True)
class Wait:
    """One member's wait: the month it ended in (None: not within what is followed) and
    how many months after leaving they are followed (0: not yet one whole month)."""

    member: engine.Member
    ended_in: int | None
    followed: int


@dataclass
class GroupSurvival:
    """Per month k (index k - 1): members still waiting and followed, and those whose wait
    ended in it."""

    months: int
    size: int = 0
    at_risk: list[int] = field(default_factory=list)
    events: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.at_risk = [0] * self.months
        self.events = [0] * self.months

    def add(self, wait: Wait) -> None:
        self.size += 1
        last = wait.followed if wait.ended_in is None else min(wait.followed, wait.ended_in)
        for k in range(1, last + 1):
            self.at_risk[k - 1] += 1
        if wait.ended_in is not None and wait.ended_in <= wait.followed:
            self.events[wait.ended_in - 1] += 1

    def started(self) -> list[float]:
        """1 − S(k) for k = 1 … months, as fractions (unrounded, unsuppressed)."""
        surviving = 1.0
        shares = []
        for at_risk, events in zip(self.at_risk, self.events, strict=True):
            if at_risk:
                surviving *= 1 - events / at_risk
            shares.append(1 - surviving)
        return shares


@dataclass
class RawSurvival:
    definition: Definition
    cohort: str
    group_by: str
    today: datetime.date
    filters: engine.Filters
    groups: dict[Hashable, GroupSurvival]
    overall: GroupSurvival


def months_followed(leave_date: datetime.date, today: datetime.date, limit: int) -> int:
    """The months k (up to ``limit``) whose last day, leave date + k months, is before
    today: the same rule as "a person counts for a horizon only when T is before today"."""
    followed = 0
    while followed < limit and add_months(leave_date, followed + 1) < today:
        followed += 1
    return followed


def month_of(leave_date: datetime.date, day: datetime.date, limit: int) -> int | None:
    """The month after leaving that ``day`` falls in (1 for up to leave + 1 month), or
    None after month ``limit``."""
    for k in range(1, limit + 1):
        if day <= add_months(leave_date, k):
            return k
    return None


def wait_of(
    member: engine.Member,
    episodes: Iterable[engine.EpisodeRow],
    *,
    today: datetime.date,
    definition: Definition,
) -> Wait:
    limit = definition.curve_months
    firsts = [
        day
        for episode in episodes
        if episode[0] in definition.curve_kinds
        and (day := definition.first_covered(episode, member.leave_date)) is not None
    ]
    ended_in = month_of(member.leave_date, min(firsts), limit) if firsts else None
    return Wait(member, ended_in, months_followed(member.leave_date, today, limit))


def _episodes_of(
    person_ids: list[int], kinds: Iterable[str], until: datetime.date
) -> dict[int, list[engine.EpisodeRow]]:
    """The episodes of a curve kind of these people that start on or before ``until``."""
    episodes: dict[int, list[engine.EpisodeRow]] = {}
    rows = (
        StatusEpisode.objects.filter(
            person_id__in=person_ids, kind__in=sorted(kinds), start_date__lte=until
        )
        .order_by()
        .values_list("person_id", "kind", "start_date", "end_date", "last_confirmed")
    )
    for person_id, *episode in rows:
        episodes.setdefault(person_id, []).append(tuple(episode))
    return episodes


def waits(
    members: Iterable[engine.Member],
    *,
    today: datetime.date,
    definition: Definition,
    chunk_size: int = engine.CHUNK_SIZE,
) -> Iterator[Wait]:
    """The wait of every member followed for at least one month; one query per chunk."""
    if chunk_size < 1:
        raise ValueError("The chunk size must be 1 or more.")
    followed = sorted(
        (m for m in members if add_months(m.leave_date, 1) < today), key=lambda m: m.person_id
    )
    for start in range(0, len(followed), chunk_size):
        chunk = followed[start : start + chunk_size]
        until = min(today, max(add_months(m.leave_date, definition.curve_months) for m in chunk))
        episodes = _episodes_of([m.person_id for m in chunk], definition.curve_kinds, until)
        for member in chunk:
            yield wait_of(
                member, episodes.get(member.person_id, []), today=today, definition=definition
            )


def compute(
    *,
    cohort: str,
    group_by: str = engine.NONE,
    filters: engine.Filters = engine.NO_FILTERS,
    today: datetime.date | None = None,
    version: str = CURRENT,
    scope: CohortScope | None = None,
    chunk_size: int = engine.CHUNK_SIZE,
) -> RawSurvival:
    """Unsuppressed waits of ``cohort`` counted per group of ``group_by`` and overall."""
    definition = get_definition(version)
    if group_by not in engine.GROUP_BYS:
        raise ValueError(f"Cannot group by {group_by!r}.")
    today = today or timezone.localdate()
    members = engine.cohort_members(cohort=cohort, scope=scope or definition.scope, filters=filters)
    months = definition.curve_months
    overall = GroupSurvival(months)
    groups: dict[Hashable, GroupSurvival] = {}
    for wait in waits(members, today=today, definition=definition, chunk_size=chunk_size):
        overall.add(wait)
        key = wait.member.key(group_by)
        groups.setdefault(key, GroupSurvival(months)).add(wait)
    return RawSurvival(definition, cohort, group_by, today, filters, groups, overall)


# -- publication ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedCurve:
    """A group's curve: per month 1 … months the whole percentage that has started work
    or education, None where hidden; ``shown`` is False when the group is too small for
    any point. ``key``/``label`` as in the positions report."""

    key: Hashable
    shown: bool
    points: list[int | None]
    label: str = ""
    # Groups are ordered by size in the chart; the size itself is never published.
    rank: int = 0


@dataclass(frozen=True)
class SurvivalReport:
    definition: str
    cohort: str
    group_by: str
    filters: engine.Filters
    minimum: int
    months: int
    groups: list[PublishedCurve]
    overall: PublishedCurve


def publish_curve(key: Hashable, group: GroupSurvival, *, minimum: int) -> PublishedCurve:
    if group.size < minimum:
        return PublishedCurve(key, False, [None] * group.months)
    points: list[int | None] = []
    for at_risk, share in zip(group.at_risk, group.started(), strict=True):
        points.append(round(100 * share) if at_risk >= minimum else None)
    return PublishedCurve(key, any(p is not None for p in points), points)


def publish(raw: RawSurvival, *, minimum: int) -> SurvivalReport:
    ranked = sorted(raw.groups.items(), key=lambda item: -item[1].size)
    groups = [
        replace(publish_curve(key, group, minimum=minimum), rank=rank)
        for rank, (key, group) in enumerate(ranked)
    ]
    return SurvivalReport(
        definition=raw.definition.version,
        cohort=raw.cohort,
        group_by=raw.group_by,
        filters=raw.filters,
        minimum=minimum,
        months=raw.definition.curve_months,
        groups=groups,
        overall=publish_curve(None, raw.overall, minimum=minimum),
    )
