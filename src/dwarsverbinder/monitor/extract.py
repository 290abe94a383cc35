"""The pseudonymised extract for researchers: one row per person and horizon reached.

Unlike the rest of the monitor this is person-level data, so it is for the analyst role
only (``can_download_extract``) and every download is audited by the view. It holds no
names, no BSN or its pseudonym, no contact details and no database ids: a person is a
pseudonym, an HMAC-SHA256 of their id under a random key made for this one extract and
never stored. The same person has the same pseudonym at every horizon of one extract and
another pseudonym in the next extract, so two extracts cannot be linked by it.

The positions are the engine's (``engine.outcomes_at``), so the rows add up to the same
figures as the dashboard before suppression. Set-based like the engine: one query for the
cohort, one per chunk of people for the episodes (every horizon at once), one per chunk for
the birth years and two for the codes, never one per person.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models.functions import ExtractYear
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.network.models import Organisation, Region
from dwarsverbinder.people.models import Person
from dwarsverbinder.utils.exports import Cell

from . import engine
from .definitions import CURRENT, CohortScope, get_definition

EXTRACT_ROLES = frozenset({Role.ANALYST})
KEY_BYTES = 32
PSEUDONYM_LENGTH = 16  # hex characters: 64 bits, no clash to expect within a cohort

# Column names are codes, not translated labels, so that a researcher's script reads the
# file the same whatever language the analyst works in (docs/indicators.md has the list).
COLUMNS = (
    "pseudonym",
    "cohort",
    "leave_month",
    "horizon",
    "reference_month",
    "position",
    "care",
    "lasting_outflow",
    "rmc_region",
    "municipality",
    "school",
    "programme_type",
    "level",
    "gender",
    "birth_year",
)


def can_download_extract(*, user) -> bool:
    """Whether the user, in the membership they act in, may download the extract: stricter
    than ``can_read_monitor``, which lets regional coordinators read the aggregates."""
    membership = getattr(user, "active_membership", None)
    return membership is not None and membership.role in EXTRACT_ROLES


@dataclass(frozen=True)
class ExtractRow:
    """One person at one horizon; codes and values only, a field per column."""

    pseudonym: str
    cohort: str
    leave_month: str
    horizon: int
    reference_month: str
    position: str
    care: bool
    lasting_outflow: bool | None
    rmc_region: str | None
    municipality: str | None
    school: str | None
    programme_type: str
    level: int | None
    gender: str | None
    birth_year: int | None


@dataclass(frozen=True)
class Extract:
    definition: str
    cohort: str
    horizons: tuple[int, ...]
    rows: list[ExtractRow]


def pseudonym(person_id: int, key: bytes) -> str:
    """HMAC-SHA256 of the person id under ``key``, as the first 16 hex characters."""
    digest = hmac.new(key, str(person_id).encode("ascii"), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_LENGTH]


def _month(day: datetime.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _birth_years(person_ids: Iterable[int], chunk_size: int) -> dict[int, int | None]:
    """Only the year leaves the database, never the date of birth: one query per chunk."""
    years: dict[int, int | None] = {}
    for chunk in _chunks(sorted(set(person_ids)), chunk_size):
        rows = (
            Person.objects.filter(pk__in=chunk)
            .order_by()
            .annotate(birth_year=ExtractYear("date_of_birth"))
            .values_list("pk", "birth_year")
        )
        years.update(rows)
    return years


def _codes(members: Sequence[engine.Member]) -> tuple[dict[int, str], dict[int, str]]:
    """The public codes of the regions and municipalities (one query) and of the schools
    (one query) the members have."""
    places = {m.region for m in members} | {m.municipality for m in members}
    regions = Region.objects.filter(pk__in=places - {None}).values_list("pk", "code")
    schools = Organisation.objects.filter(pk__in={m.school for m in members} - {None})
    return dict(regions), dict(schools.values_list("pk", "code"))


def build_extract(
    *,
    cohort: str,
    horizons: Iterable[int],
    today: datetime.date | None = None,
    version: str = CURRENT,
    scope: CohortScope | None = None,
    chunk_size: int = engine.CHUNK_SIZE,
) -> Extract:
    """The extract of ``cohort`` at ``horizons``, rows in pseudonym order (then horizon),
    never in id order, which would give the order of the ids away. A person is in it only
    at the horizons they have reached (their reference date lies before today).

    ValueError for a malformed cohort or a horizon the definition does not have."""
    definition = get_definition(version)
    chosen = tuple(sorted(set(horizons)))
    unknown = [h for h in chosen if h not in definition.horizons]
    if unknown or not chosen:
        raise ValueError(f"Horizons {unknown or chosen} are not among {definition.horizons}.")
    today = today or timezone.localdate()
    members = engine.cohort_members(cohort=cohort, scope=scope or definition.scope)
    key = secrets.token_bytes(KEY_BYTES)  # fresh for every extract, never stored
    regions, schools = _codes(members)
    years = _birth_years((m.person_id for m in members), chunk_size)
    results = engine.outcomes_at(
        members, horizons=chosen, today=today, definition=definition, chunk_size=chunk_size
    )
    rows = [_row(o, cohort, horizon, key, regions, schools, years) for horizon, o in results]
    rows.sort(key=lambda row: (row.pseudonym, row.horizon))
    return Extract(definition=definition.version, cohort=cohort, horizons=chosen, rows=rows)


def _row(
    outcome: engine.Outcome,
    cohort: str,
    horizon: int,
    key: bytes,
    regions: dict[int, str],
    schools: dict[int, str],
    years: dict[int, int | None],
) -> ExtractRow:
    member = outcome.member
    return ExtractRow(
        pseudonym=pseudonym(member.person_id, key),
        cohort=cohort,
        leave_month=_month(member.leave_date),
        horizon=horizon,
        reference_month=_month(outcome.reference_date),
        position=outcome.position,
        care=outcome.flag,
        lasting_outflow=outcome.lasting,
        rmc_region=regions.get(member.region),
        municipality=regions.get(member.municipality),
        school=schools.get(member.school),
        programme_type=member.programme_type,
        level=member.level,
        gender=member.gender or None,
        birth_year=years.get(member.person_id),
    )


def _cell(value: object) -> Cell:
    """Yes/no as 1/0 (numbers in a spreadsheet and in R or SPSS), unknown as empty."""
    if isinstance(value, bool):
        return int(value)
    return value  # type: ignore[return-value]


def extract_table(extract: Extract) -> list[list[Cell]]:
    """The header and one line per row, for ``to_csv`` and ``to_xlsx``. No footer: the file
    is read by programs; what the columns mean is in docs/indicators.md."""
    return [
        list(COLUMNS),
        *([_cell(getattr(row, name)) for name in COLUMNS] for row in extract.rows),
    ]
