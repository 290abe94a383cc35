"""From the engine's raw counts to figures that may be shown: small-cell suppression.

Tables are made per breakdown (groups as rows): the positions (their row totals are the
group totals), the care flag (with care, without), the work facts (a placement that lasted,
a certificate: with, without) and, from the 12-month horizon on, lasting outflow (lasting,
not lasting). They all share their row totals, and the tables of
the different breakdowns of the same population share their column totals and grand total
(the whole population, which "group_by=none" shows). Each table is suppressed with
``utils.suppression.suppress_table``; a margin hidden in one table is then forced hidden in
every table that shows the same number, and all are suppressed again until they agree.
So no hidden count follows from its row, its column, or a total another breakdown shows.
docs/indicators.md ("Positions and the monitor") explains it with its limits.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace

from dwarsverbinder.utils.suppression import TOTAL, Table, percentage, suppress_table

from .engine import GROUP_BYS, NONE, Filters, RawPositions

FLAG_COLUMNS = ("with", "without")
# The work facts beside the positions: each a "with / without" table like the care flag.
WORK_FACTS = ("placement", "certificate")
LASTING_COLUMNS = ("lasting", "not_lasting")
LASTING_OUTFLOW = "lasting_outflow"


@dataclass(frozen=True)
class PublishedGroup:
    """One group's figures, None wherever suppressed. ``key`` is the engine's (an id for
    a region, municipality or school; None for "unknown" and for the whole); the selector
    gives it the public key and ``label``."""

    key: Hashable
    total: int | None
    positions: dict[str, int | None]
    flag: int | None
    lasting: int | None
    indicators: dict[str, float | None]
    label: str = ""
    # People with a placement that had lasted 6 months by T, and with a certificate by T.
    placement: int | None = None
    certificate: int | None = None


@dataclass(frozen=True)
class PositionsReport:
    definition: str
    cohort: str
    horizon: int
    group_by: str
    filters: Filters
    minimum: int
    groups: list[PublishedGroup]
    overall: PublishedGroup


@dataclass(frozen=True)
class _Spec:
    kind: str  # "positions", "flag" or "lasting"
    group_by: str
    rows: dict[Hashable, dict[str, int]]
    columns: tuple[str, ...]


def _specs(raw: RawPositions) -> list[_Spec]:
    positions = raw.definition.positions
    specs = []
    for group_by in GROUP_BYS:
        groups = raw.groups(group_by)
        specs.append(
            _Spec(
                "positions", group_by, {k: dict(g.positions) for k, g in groups.items()}, positions
            )
        )
        flag_rows = {k: {"with": g.flag, "without": g.total - g.flag} for k, g in groups.items()}
        specs.append(_Spec("flag", group_by, flag_rows, FLAG_COLUMNS))
        for fact in WORK_FACTS:
            rows = {
                k: {"with": getattr(g, fact), "without": g.total - getattr(g, fact)}
                for k, g in groups.items()
            }
            specs.append(_Spec(fact, group_by, rows, FLAG_COLUMNS))
        if raw.lasting_known:
            lasting_rows = {
                k: {"lasting": g.lasting, "not_lasting": g.total - g.lasting}
                for k, g in groups.items()
            }
            specs.append(_Spec("lasting", group_by, lasting_rows, LASTING_COLUMNS))
    return specs


def _shared(spec: _Spec, coordinate: tuple[Hashable, Hashable]) -> Hashable | None:
    """The number a margin shows, as a name that is the same in every table showing it."""
    row, column = coordinate
    if row is TOTAL and column is TOTAL:
        return "grand"
    if column is TOTAL:  # a group total; the one group of "none" is the whole population
        return "grand" if spec.group_by == NONE else ("group", spec.group_by, row)
    if row is TOTAL:
        return ("column", spec.kind, column)
    return None


def _suppress_all(specs: list[_Spec], minimum: int) -> list[Table]:
    """Suppress every table, forcing margins hidden elsewhere, until they all agree."""
    hidden_shared: set[Hashable] = set()
    while True:
        tables = []
        for spec in specs:
            margins = [(r, TOTAL) for r in spec.rows] + [(TOTAL, c) for c in spec.columns]
            margins.append((TOTAL, TOTAL))
            force = [m for m in margins if _shared(spec, m) in hidden_shared]
            tables.append(
                suppress_table(spec.rows, minimum, columns=spec.columns, force_hidden=force)
            )
        found = {
            _shared(spec, coordinate)
            for spec, table in zip(specs, tables, strict=True)
            for coordinate in table.hidden
        } - {None}
        if found <= hidden_shared:
            return tables
        hidden_shared |= found


def _indicators(raw: RawPositions, group: PublishedGroup) -> dict[str, float | None]:
    shares: dict[str, float | None] = {}
    for indicator in raw.definition.headline:
        counts = [group.positions[p] for p in indicator.positions]
        numerator = None if None in counts else sum(counts)
        shares[indicator.name] = percentage(numerator, group.total)
    shares[LASTING_OUTFLOW] = percentage(group.lasting, group.total)
    for fact in WORK_FACTS:
        shares[fact] = percentage(getattr(group, fact), group.total)
    return shares


def _published(
    raw: RawPositions,
    key: Hashable,
    positions: Table,
    flag: Table,
    lasting: Table | None,
    work: dict[str, Table],
) -> PublishedGroup:
    group = PublishedGroup(
        key=key,
        total=positions.row_totals[key],
        positions=dict(positions.cells[key]),
        flag=flag.cells[key]["with"],
        lasting=lasting.cells[key]["lasting"] if lasting is not None else None,
        indicators={},
        placement=work["placement"].cells[key]["with"],
        certificate=work["certificate"].cells[key]["with"],
    )
    return replace(group, indicators=_indicators(raw, group))


def publish(raw: RawPositions, *, group_by: str, minimum: int) -> PositionsReport:
    """The suppressed figures of one breakdown, with the whole population beside them."""
    if group_by not in GROUP_BYS:
        raise ValueError(f"Cannot group by {group_by!r}.")
    specs = _specs(raw)
    tables: Mapping[tuple[str, str], Table] = {
        (spec.kind, spec.group_by): table
        for spec, table in zip(specs, _suppress_all(specs, minimum), strict=True)
    }

    def group(by: str, key: Hashable) -> PublishedGroup:
        return _published(
            raw,
            key,
            tables[("positions", by)],
            tables[("flag", by)],
            tables.get(("lasting", by)),
            {fact: tables[(fact, by)] for fact in WORK_FACTS},
        )

    return PositionsReport(
        definition=raw.definition.version,
        cohort=raw.cohort,
        horizon=raw.horizon,
        group_by=group_by,
        filters=raw.filters,
        minimum=minimum,
        groups=[group(group_by, key) for key in raw.groups(group_by)],
        overall=group(NONE, None),
    )
