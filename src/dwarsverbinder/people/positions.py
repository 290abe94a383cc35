"""Positions (monitor definition v1): one function for the file, caseload, signals and API,
and for the monitor when it comes.

An episode covers a date T when start <= T and either it has an end and T <= end, or it
has none and T <= last confirmed + 183 days. The position at T is the first kind, in the
order onderwijs, werk, dagbesteding, uitkering, geen, that has an episode covering T;
with none it is onbekend. zorg never sets the position: it is a flag beside it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from .constants import EpisodeKind, Position

DEFINITION_VERSION = "v1"
STALE_AFTER = datetime.timedelta(days=183)
PRECEDENCE = (
    EpisodeKind.ONDERWIJS,
    EpisodeKind.WERK,
    EpisodeKind.DAGBESTEDING,
    EpisodeKind.UITKERING,
    EpisodeKind.GEEN,
)


class EpisodeLike(Protocol):
    kind: str
    start_date: datetime.date
    end_date: datetime.date | None
    last_confirmed: datetime.date


def covers(episode: EpisodeLike, day: datetime.date) -> bool:
    if day < episode.start_date:
        return False
    if episode.end_date is not None:
        return day <= episode.end_date
    return day <= episode.last_confirmed + STALE_AFTER


@dataclass(frozen=True)
class PositionAt:
    position: str
    zorg: bool


def position_at(episodes: Iterable[EpisodeLike], day: datetime.date) -> PositionAt:
    covering = {episode.kind for episode in episodes if covers(episode, day)}
    position = next((kind for kind in PRECEDENCE if kind in covering), Position.ONBEKEND)
    return PositionAt(position=str(position), zorg=EpisodeKind.ZORG in covering)


def is_neet(position: str) -> bool:
    return position in (Position.UITKERING, Position.GEEN)
