"""Versioned indicator definitions of the monitor.

A definition fixes everything a figure depends on: which school careers make a cohort, the
horizons, when an episode covers a date, the order in which episode kinds set a position,
and what the headline indicators count. A later change gets a new version next to the old
one, so that an old report can be made again exactly; every result names its version.

Definition v1 is written out in ``product.md`` ("Positions and the monitor (definition
v1)") and in docs/indicators.md ("Positions and the monitor").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from dwarsverbinder.people.constants import EpisodeKind, Position, ProgrammeType

# An episode as the engine reads it from the database: (kind, start, end, last confirmed).
EpisodeRow = tuple[str, datetime.date, datetime.date | None, datetime.date]


@dataclass(frozen=True)
class CohortScope:
    """Which school careers put a leaver in a cohort.

    A career is in scope when its programme type is one of ``programme_types``, or one of
    ``levelled_programme_types`` at one of ``levels``, or (with
    ``without_startkwalificatie``) when it ended without a startkwalificatie. Regions may
    pass a scope of their own; the definition's scope is the default.
    """

    programme_types: frozenset[str]
    levelled_programme_types: frozenset[str]
    levels: frozenset[int]
    without_startkwalificatie: bool = True

    def q(self, prefix: str = "") -> Q:
        """The scope as a filter on SchoolCareer (``prefix`` for a related lookup)."""
        scope = Q(**{f"{prefix}programme_type__in": sorted(self.programme_types)}) | Q(
            **{
                f"{prefix}programme_type__in": sorted(self.levelled_programme_types),
                f"{prefix}level__in": sorted(self.levels),
            }
        )
        if self.without_startkwalificatie:
            scope |= Q(**{f"{prefix}startkwalificatie": False})
        return scope

    def includes(self, *, programme_type: str, level: int | None, startkwalificatie: bool) -> bool:
        """The same rule in Python, for one career."""
        if programme_type in self.programme_types:
            return True
        if programme_type in self.levelled_programme_types and level in self.levels:
            return True
        return self.without_startkwalificatie and not startkwalificatie


@dataclass(frozen=True)
class Indicator:
    """A headline indicator: the share of a group whose position is one of ``positions``."""

    name: str
    positions: frozenset[str]
    description: str


@dataclass(frozen=True)
class Definition:
    version: str
    scope: CohortScope
    horizons: tuple[int, ...]
    # The kinds that set a position, first match wins; with none the position is onbekend.
    position_order: tuple[str, ...]
    unknown: str
    # Kinds that never set the position but are reported as a flag beside it.
    flags: tuple[str, ...]
    # An open episode (no end date) covers up to this long after it was last confirmed.
    stale_after: datetime.timedelta
    headline: tuple[Indicator, ...]
    # Lasting outflow: in one of these positions at every one of these horizons.
    lasting_positions: frozenset[str]
    lasting_horizons: tuple[int, ...]
    # Time to first work or education: the kinds whose first day after leaving ends the
    # wait, and how many months after leaving the curve follows.
    curve_kinds: frozenset[str] = frozenset()
    curve_months: int = 24
    # Work facts beside the position: a placement with an employer that had lasted this
    # many months by T, and a certificate earned by T. They change no other figure.
    placement_months: int = 6

    @property
    def positions(self) -> tuple[str, ...]:
        """Every position a person can have, in the order of the definition."""
        return (*self.position_order, self.unknown)

    def covers(self, episode: EpisodeRow, day: datetime.date) -> bool:
        _, start, end, last_confirmed = episode
        if day < start:
            return False
        if end is not None:
            return day <= end
        return day <= last_confirmed + self.stale_after

    def position(self, episodes: Iterable[EpisodeRow], day: datetime.date) -> tuple[str, bool]:
        """The position at ``day`` and whether the (first) flag is set."""
        covering = {episode[0] for episode in episodes if self.covers(episode, day)}
        position = next((kind for kind in self.position_order if kind in covering), self.unknown)
        return position, any(flag in covering for flag in self.flags)

    def first_covered(self, episode: EpisodeRow, after: datetime.date) -> datetime.date | None:
        """The first day after ``after`` that ``episode`` covers, or None."""
        _, start, end, last_confirmed = episode
        first = max(start, after + datetime.timedelta(days=1))
        last = end if end is not None else last_confirmed + self.stale_after
        return first if first <= last else None

    def lasting_from(self, horizon: int) -> bool:
        """Whether lasting outflow is known for everyone counted at ``horizon``: only when
        all of its horizons have passed too."""
        return horizon >= max(self.lasting_horizons)


DEFAULT_SCOPE_V1 = CohortScope(
    programme_types=frozenset({ProgrammeType.PRO, ProgrammeType.VSO, ProgrammeType.ENTREE}),
    levelled_programme_types=frozenset({ProgrammeType.MBO_BOL, ProgrammeType.MBO_BBL}),
    levels=frozenset({1, 2}),
    without_startkwalificatie=True,
)

DEFINITION_V1 = Definition(
    version="v1",
    scope=DEFAULT_SCOPE_V1,
    horizons=(3, 6, 12, 18, 24),
    position_order=(
        EpisodeKind.ONDERWIJS.value,
        EpisodeKind.WERK.value,
        EpisodeKind.DAGBESTEDING.value,
        EpisodeKind.UITKERING.value,
        EpisodeKind.GEEN.value,
    ),
    unknown=Position.ONBEKEND.value,
    flags=(EpisodeKind.ZORG.value,),
    stale_after=datetime.timedelta(days=183),
    headline=(
        Indicator(
            "education_or_work",
            frozenset({Position.ONDERWIJS.value, Position.WERK.value}),
            "Share in education or work.",
        ),
        Indicator(
            "neet",
            frozenset({Position.UITKERING.value, Position.GEEN.value}),
            "Share not in education, employment or training: on a benefit or none of these.",
        ),
        Indicator(
            "onbekend",
            frozenset({Position.ONBEKEND.value}),
            "Share whose position is unknown.",
        ),
    ),
    lasting_positions=frozenset(
        {Position.ONDERWIJS.value, Position.WERK.value, Position.DAGBESTEDING.value}
    ),
    lasting_horizons=(6, 12),
    curve_kinds=frozenset({EpisodeKind.ONDERWIJS.value, EpisodeKind.WERK.value}),
    curve_months=24,
)

DEFINITIONS: dict[str, Definition] = {"v1": DEFINITION_V1}
CURRENT = "v1"


def get_definition(version: str = CURRENT) -> Definition:
    """The definition of this version; KeyError for one that does not exist."""
    return DEFINITIONS[version]
