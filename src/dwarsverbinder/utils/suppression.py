"""Small-cell suppression of counts: primary and secondary, in one or two dimensions.

Pure Python, no Django: the caller passes the minimum cell size (``settings.MIN_CELL_SIZE``,
the environment variable ``DWV_MIN_CELL_SIZE``). The rules are written out, with examples,
in docs/indicators.md ("Suppression").

- **Primary**: a count from 1 up to below the minimum is hidden (``None``). Zero is shown.
- **Secondary**: a line (a row or column whose members add up to a total) must never give a
  hidden count back by subtraction. Wherever the total of a line is shown:

  a. the number of hidden counts in the line is never exactly one, and
  b. the hidden counts together (what the total minus the shown counts gives away) are
     zero or at least the minimum. Zeros are shown, so every hidden count is known to be at
     least 1: two hidden counts adding up to 2 would both be 1.

  When a line breaks a rule, its next smallest non-zero shown count is hidden too (or one the
  caller prefers to give up first); with no such count left, the total itself is hidden.
  A hidden total whose members are all shown would be their sum, so one member is hidden.

- A table in two dimensions repeats this over every row, every column and both margins until
  nothing changes.

The rules make sure no hidden count follows from one line and its total. They are not a
full linear-programming audit across many lines at once; docs/indicators.md says so.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any


class _Total:
    """The key of a margin in ``suppress_table``'s coordinates."""

    _instance: _Total | None = None

    def __new__(cls) -> _Total:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "TOTAL"

    def __reduce__(self) -> str:
        return "TOTAL"


TOTAL: Any = _Total()


def is_small(count: int, *, minimum: int) -> bool:
    """Whether a count falls under primary suppression: 1 up to below the minimum."""
    return 1 <= count < minimum


def suppress_count(count: int | None, *, minimum: int) -> int | None:
    """One count on its own (primary suppression only)."""
    if count is None or is_small(count, minimum=minimum):
        return None
    return count


def percentage(
    numerator: int | float | None, denominator: int | float | None, *, digits: int = 1
) -> float | None:
    """``numerator`` as a percentage of ``denominator``, rounded; None when either one is
    hidden (None) or the denominator is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return round(100 * numerator / denominator, digits)


# -- the engine: lines of members with a total, over one set of coordinates ------------------


@dataclass(frozen=True)
class _Line:
    members: tuple[Hashable, ...]
    total: Hashable


def _cheapest(
    values: Mapping[Hashable, int],
    line: _Line,
    hidden: set[Hashable],
    rank: Mapping[Hashable, int],
    order: Mapping[Hashable, int],
) -> Hashable | None:
    """The member to give up next: preferred first, then the smallest, then the first."""
    candidates = [m for m in line.members if m not in hidden and values[m] > 0]
    if not candidates:
        return None
    return min(candidates, key=lambda m: (rank.get(m, len(rank)), values[m], order[m]))


def _next_to_hide(
    values: Mapping[Hashable, int],
    line: _Line,
    hidden: set[Hashable],
    minimum: int,
    rank: Mapping[Hashable, int],
    order: Mapping[Hashable, int],
) -> Hashable | None:
    """What this line still needs hidden to be safe, or None when it is safe."""
    hidden_members = [m for m in line.members if m in hidden]
    if line.total in hidden:
        if hidden_members or values[line.total] == 0:
            return None
        # Every member shown: the hidden total would be their sum.
        return _cheapest(values, line, hidden, rank, order)
    if not hidden_members:
        return None
    pool = sum(values[m] for m in hidden_members)
    if len(hidden_members) > 1 and pool >= minimum:
        return None
    candidate = _cheapest(values, line, hidden, rank, order)
    return line.total if candidate is None else candidate


def _protect(
    values: Mapping[Hashable, int],
    lines: list[_Line],
    hidden: set[Hashable],
    minimum: int,
    rank: Mapping[Hashable, int],
) -> set[Hashable]:
    """Hide more until every line is safe. Each pass hides at least one more coordinate, so
    this ends (at worst with everything non-zero hidden)."""
    order = {coordinate: index for index, coordinate in enumerate(values)}
    hidden = set(hidden)
    changed = True
    while changed:
        changed = False
        for line in lines:
            coordinate = _next_to_hide(values, line, hidden, minimum, rank, order)
            if coordinate is not None:
                hidden.add(coordinate)
                changed = True
    return hidden


def _primary(values: Mapping[Hashable, int], minimum: int) -> set[Hashable]:
    for coordinate, value in values.items():
        if value < 0:
            raise ValueError(f"A count cannot be negative: {coordinate!r} is {value}.")
    return {c for c, value in values.items() if is_small(value, minimum=minimum)}


def _check_minimum(minimum: int) -> None:
    if minimum < 1:
        raise ValueError("The minimum cell size must be 1 or more.")


# -- one dimension ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A suppressed line: its counts (None where hidden) and its total (None when hidden)."""

    cells: dict[Hashable, int | None]
    total: int | None

    @property
    def hidden(self) -> list[Hashable]:
        return [key for key, value in self.cells.items() if value is None]


def suppress_line(
    cells: Mapping[Hashable, int],
    *,
    minimum: int,
    total: int | None = None,
    prefer: Iterable[Hashable] = (),
    hide_total: bool = False,
) -> Line:
    """Suppress one line of counts with its total (the sum of the cells when not given).

    ``prefer`` names cells to give up first when a second one must be hidden (the rest go
    smallest first). ``hide_total`` hides the total whatever its size (unless it is 0): for
    a total that is hidden elsewhere (on another page or table), so that it cannot be
    worked out here as the sum of the cells.
    """
    _check_minimum(minimum)
    sum_ = sum(cells.values()) if total is None else total
    values: dict[Hashable, int] = {("cell", key): count for key, count in cells.items()}
    values[TOTAL] = sum_
    hidden = _primary(values, minimum)
    if hide_total and sum_ > 0:  # a zero tells nothing: it stays
        hidden.add(TOTAL)
    rank = {("cell", key): index for index, key in enumerate(prefer)}
    line = _Line(members=tuple(c for c in values if c is not TOTAL), total=TOTAL)
    hidden = _protect(values, [line], hidden, minimum, rank)
    return Line(
        cells={key: None if ("cell", key) in hidden else count for key, count in cells.items()},
        total=None if TOTAL in hidden else sum_,
    )


def suppress_counts(
    cells: Mapping[Hashable, int],
    *,
    minimum: int,
    total: int | None = None,
    prefer: Iterable[Hashable] = (),
) -> dict[Hashable, int | None]:
    """The counts of one line, hidden where needed (see ``suppress_line`` for the total)."""
    return suppress_line(cells, minimum=minimum, total=total, prefer=prefer).cells


# -- two dimensions --------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A suppressed table: cells per row and column, both margins and the grand total;
    None where hidden."""

    cells: dict[Hashable, dict[Hashable, int | None]]
    row_totals: dict[Hashable, int | None]
    column_totals: dict[Hashable, int | None]
    total: int | None
    hidden: frozenset[tuple[Hashable, Hashable]]

    @property
    def rows(self) -> list[Hashable]:
        return list(self.cells)

    @property
    def columns(self) -> list[Hashable]:
        return list(self.column_totals)


def _columns_of(rows: Mapping[Hashable, Mapping[Hashable, int]]) -> list[Hashable]:
    seen: dict[Hashable, None] = {}
    for row in rows.values():
        seen.update(dict.fromkeys(row))
    return list(seen)


def _table_values(
    rows: Mapping[Hashable, Mapping[Hashable, int]], columns: list[Hashable]
) -> dict[tuple[Hashable, Hashable], int]:
    values = {(r, c): row.get(c, 0) for r, row in rows.items() for c in columns}
    for r in rows:
        values[(r, TOTAL)] = sum(values[(r, c)] for c in columns)
    for c in columns:
        values[(TOTAL, c)] = sum(values[(r, c)] for r in rows)
    values[(TOTAL, TOTAL)] = sum(values[(TOTAL, c)] for c in columns)
    return values


def _table_lines(rows: Iterable[Hashable], columns: list[Hashable]) -> list[_Line]:
    row_keys = [*rows, TOTAL]
    lines = [_Line(members=tuple((r, c) for c in columns), total=(r, TOTAL)) for r in row_keys]
    lines += [
        _Line(members=tuple((r, c) for r in row_keys[:-1]), total=(TOTAL, c))
        for c in [*columns, TOTAL]
    ]
    return lines


def suppress_table(
    rows: Mapping[Hashable, Mapping[Hashable, int]],
    minimum: int,
    *,
    columns: Iterable[Hashable] | None = None,
    prefer: Iterable[Hashable] = (),
    force_hidden: Collection[tuple[Hashable, Hashable]] = (),
) -> Table:
    """Suppress a table of counts ``rows[row][column]`` with its margins.

    Primary suppression on every cell and margin, then the secondary rules over every row,
    column, the row of column totals and the column of row totals until stable. A missing
    cell counts as 0; ``columns`` fixes the columns and their order. ``prefer`` names
    columns whose cells a row gives up first. ``force_hidden`` hides coordinates whatever
    their size, ``(row, TOTAL)``, ``(TOTAL, column)`` or ``(TOTAL, TOTAL)`` for margins: to
    keep tables that share margins consistent (see ``suppress_linked``).
    """
    _check_minimum(minimum)
    columns = list(columns) if columns is not None else _columns_of(rows)
    values = _table_values(rows, columns)
    unknown = set(force_hidden) - set(values)
    if unknown:
        raise ValueError(f"Not in the table: {sorted(map(repr, unknown))}")
    hidden = _primary(values, minimum) | {c for c in force_hidden if values[c] > 0}
    rank = {c: index for index, c in enumerate(prefer)}
    rank_by_coordinate = {
        coordinate: rank[coordinate[1]] for coordinate in values if coordinate[1] in rank
    }
    hidden = _protect(values, _table_lines(rows, columns), hidden, minimum, rank_by_coordinate)

    def shown(coordinate):
        return None if coordinate in hidden else values[coordinate]

    return Table(
        cells={r: {c: shown((r, c)) for c in columns} for r in rows},
        row_totals={r: shown((r, TOTAL)) for r in rows},
        column_totals={c: shown((TOTAL, c)) for c in columns},
        total=shown((TOTAL, TOTAL)),
        hidden=frozenset(hidden),
    )


def suppress_linked(
    tables: Mapping[Hashable, Mapping[Hashable, Mapping[Hashable, int]]],
    minimum: int,
    *,
    columns: Iterable[Hashable],
    prefer: Iterable[Hashable] = (),
) -> dict[Hashable, Table]:
    """Suppress several breakdowns of the same population shown together (per school, per
    cohort, per channel): they share the column totals and the grand total, so a margin
    hidden in one is hidden in all, and each is suppressed again until they agree."""
    columns = list(columns)
    prefer = list(prefer)
    shared: set[tuple[Hashable, Hashable]] = set()
    while True:
        result = {
            name: suppress_table(rows, minimum, columns=columns, prefer=prefer, force_hidden=shared)
            for name, rows in tables.items()
        }
        margins = {
            coordinate
            for table in result.values()
            for coordinate in table.hidden
            if coordinate[0] is TOTAL
        }
        if margins <= shared:
            return result
        shared |= margins
