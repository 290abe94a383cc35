"""Small-cell suppression (utils/suppression.py): primary, secondary, percentages, tables,
and property checks over random tables with fixed seeds."""

from __future__ import annotations

import copy
import random

import pytest

from dwarsverbinder.utils.suppression import (
    TOTAL,
    percentage,
    suppress_count,
    suppress_counts,
    suppress_line,
    suppress_linked,
    suppress_table,
)

MIN = 10


# -- primary -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, 0), (1, None), (MIN - 1, None), (MIN, MIN), (MIN + 1, MIN + 1), (None, None)],
)
def test_a_single_count(count, shown):
    assert suppress_count(count, minimum=MIN) == shown


def test_zero_is_shown_and_small_counts_are_hidden():
    # 0 and 10 shown, 9 hidden; 9 alone in its row forces a second: the 10 (smallest).
    result = suppress_counts({"a": 0, "b": 9, "c": 10, "d": 25}, minimum=MIN)
    assert result == {"a": 0, "b": None, "c": None, "d": 25}


def test_exactly_the_minimum_is_shown():
    assert suppress_counts({"a": MIN, "b": MIN, "c": 0}, minimum=MIN) == {
        "a": MIN,
        "b": MIN,
        "c": 0,
    }


def test_a_minimum_below_one_is_refused():
    with pytest.raises(ValueError):
        suppress_counts({"a": 1}, minimum=0)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        suppress_counts({"a": -1}, minimum=MIN)


# -- secondary in one line ---------------------------------------------------------------


def test_one_hidden_cell_forces_the_next_smallest_non_zero():
    line = suppress_line({"a": 3, "b": 0, "c": 40, "d": 12, "e": 15}, minimum=MIN)
    assert line.cells == {"a": None, "b": 0, "c": 40, "d": None, "e": 15}
    assert line.total == 70
    # With the total: 70 - 40 - 15 = 15 = a + d, and neither can be worked out.


def test_two_hidden_cells_need_no_third_when_together_they_reach_the_minimum():
    line = suppress_line({"a": 4, "b": 7, "c": 30}, minimum=MIN)
    assert line.cells == {"a": None, "b": None, "c": 30}
    assert line.total == 41


def test_hidden_cells_adding_up_below_the_minimum_take_another():
    # 1 + 1 = 2 with both at least 1 (zeros are shown) would give both back.
    line = suppress_line({"a": 1, "b": 1, "c": 30, "d": 50}, minimum=MIN)
    assert line.cells == {"a": None, "b": None, "c": None, "d": 50}


def test_total_below_the_minimum_is_hidden():
    line = suppress_line({"a": 3, "b": 4, "c": 0}, minimum=MIN)
    assert line.cells == {"a": None, "b": None, "c": 0}
    assert line.total is None


def test_total_given_explicitly():
    # A margin that is not the sum (several choices per respondent) is still the margin.
    line = suppress_line({"a": 12, "b": 5}, minimum=MIN, total=15)
    assert line.cells == {"a": None, "b": None}
    assert line.total == 15
    assert suppress_line({"a": 5}, minimum=MIN, total=6).total is None


def test_nothing_left_to_hide_hides_the_total():
    line = suppress_line({"a": 12, "b": 0}, minimum=MIN, hide_total=True)
    # Hidden total with every cell shown would be their sum: one cell goes too.
    assert line.cells == {"a": None, "b": 0}
    assert line.total is None


def test_a_preferred_cell_is_given_up_first():
    cells = {"completed": 50, "opened": 3, "not_opened": 100}
    assert suppress_counts(cells, minimum=MIN) == {
        "completed": None,
        "opened": None,
        "not_opened": 100,
    }
    assert suppress_counts(cells, minimum=MIN, prefer=["not_opened"]) == {
        "completed": 50,
        "opened": None,
        "not_opened": None,
    }


def test_all_zero_and_empty_lines():
    assert suppress_line({"a": 0, "b": 0}, minimum=MIN) == suppress_line(
        {"a": 0, "b": 0}, minimum=MIN
    )
    assert suppress_line({"a": 0, "b": 0}, minimum=MIN).total == 0
    assert suppress_line({}, minimum=MIN).total == 0


def test_minimum_of_one_hides_nothing():
    assert suppress_counts({"a": 1, "b": 2}, minimum=1) == {"a": 1, "b": 2}


# -- percentages -------------------------------------------------------------------------


def test_percentages():
    assert percentage(12, 30) == 40.0
    assert percentage(1, 3) == 33.3
    assert percentage(1, 3, digits=0) == 33
    assert percentage(0, 30) == 0.0
    assert percentage(None, 30) is None  # hidden numerator
    assert percentage(12, None) is None  # hidden denominator
    assert percentage(0, 0) is None


def test_percentages_with_hidden_parts():
    line = suppress_line({"yes": 25, "no": 4}, minimum=MIN)
    assert [percentage(line.cells[k], line.total) for k in ("yes", "no")] == [None, None]
    line = suppress_line({"yes": 25, "no": 15}, minimum=MIN)
    assert percentage(line.cells["yes"], line.total) == 62.5


# -- two dimensions ----------------------------------------------------------------------


def test_table_margins_and_secondary_in_rows_and_columns():
    table = suppress_table(
        {
            "school a": {"x": 20, "y": 3, "z": 15},
            "school b": {"x": 30, "y": 25, "z": 12},
            "school c": {"x": 11, "y": 40, "z": 0},
        },
        MIN,
    )
    assert table.cells["school a"]["y"] is None
    assert table.cells["school c"]["z"] == 0
    _assert_safe(table, MIN)
    assert table.total == 156
    assert table.row_totals == {"school a": 38, "school b": 67, "school c": 51}


def test_table_missing_cells_are_zero_and_columns_can_be_fixed():
    table = suppress_table({"a": {"x": 20}, "b": {"y": 30}}, MIN, columns=["y", "x", "w"])
    assert table.columns == ["y", "x", "w"]
    assert table.cells["a"] == {"y": 0, "x": 20, "w": 0}
    assert table.column_totals == {"y": 30, "x": 20, "w": 0}


def test_table_small_row_total_is_hidden():
    table = suppress_table({"a": {"x": 4, "y": 3}, "b": {"x": 20, "y": 30}}, MIN)
    assert table.row_totals["a"] is None
    _assert_safe(table, MIN)


def test_table_forced_margin_is_protected():
    rows = {"a": {"x": 20, "y": 30}, "b": {"x": 25, "y": 35}}
    table = suppress_table(rows, MIN, force_hidden=[(TOTAL, "x")])
    assert table.column_totals["x"] is None
    _assert_safe(table, MIN)
    with pytest.raises(ValueError):
        suppress_table(rows, MIN, force_hidden=[("nope", "x")])


def test_table_is_stable():
    rows = _random_table(random.Random(7), 6, 5)
    first = suppress_table(rows, MIN)
    again = suppress_table(copy.deepcopy(rows), MIN)
    assert first == again
    assert copy.deepcopy(TOTAL) is TOTAL


def test_linked_tables_share_their_margins():
    # The same 75 people per school and per channel. Alone, the school table shows the
    # column totals that the channel table has to hide: shown side by side, the school
    # table would give the channel table's hidden cells back.
    columns = ["done", "open", "never"]
    by_school = {
        "a": {"done": 6, "open": 11, "never": 20},
        "b": {"done": 6, "open": 12, "never": 20},
    }
    by_channel = {"email": {"done": 12, "open": 3, "never": 0}, "sms": {"open": 20, "never": 40}}
    alone = {
        "school": suppress_table(by_school, MIN, columns=columns),
        "channel": suppress_table(by_channel, MIN, columns=columns),
    }
    assert alone["school"].column_totals == {"done": 12, "open": 23, "never": 40}
    assert alone["channel"].column_totals["done"] is None
    linked = suppress_linked({"school": by_school, "channel": by_channel}, MIN, columns=columns)
    school, channel = linked["school"], linked["channel"]
    assert school.column_totals == channel.column_totals == alone["channel"].column_totals
    assert school.total == channel.total == 75
    _assert_safe(school, MIN, by_school)
    _assert_safe(channel, MIN, by_channel)


# -- properties over random tables --------------------------------------------------------


def _random_table(rng: random.Random, n_rows: int, n_columns: int) -> dict:
    def count() -> int:
        roll = rng.random()
        if roll < 0.2:
            return 0
        if roll < 0.55:
            return rng.randint(1, MIN - 1)
        return rng.randint(MIN, 60)

    return {f"r{r}": {f"c{c}": count() for c in range(n_columns)} for r in range(n_rows)}


def _lines(table) -> list[tuple[list, int | None]]:
    """Every row and column of a suppressed table with its total, margins included."""
    lines = [(list(table.cells[r].values()), table.row_totals[r]) for r in table.rows]
    lines += [
        ([table.cells[r][c] for r in table.rows], table.column_totals[c]) for c in table.columns
    ]
    lines.append((list(table.column_totals.values()), table.total))
    lines.append((list(table.row_totals.values()), table.total))
    return lines


def _assert_safe(table, minimum: int, original: dict | None = None) -> None:
    shown = [*table.row_totals.values(), *table.column_totals.values(), table.total]
    shown += [v for row in table.cells.values() for v in row.values()]
    for value in shown:
        assert value is None or value == 0 or value >= minimum
    for cells, total in _lines(table):
        hidden = sum(1 for v in cells if v is None) + (total is None)
        # Never exactly one hidden number in a row or column: with the total it comes back.
        assert hidden != 1, (cells, total)
        if total is not None and hidden:
            pool = total - sum(v for v in cells if v is not None)
            assert pool >= minimum, (cells, total)
    if original is not None:
        for r, row in original.items():
            for c, value in row.items():
                assert table.cells[r][c] in (None, value)


@pytest.mark.parametrize("seed", range(300))
def test_random_tables_are_safe(seed):
    rng = random.Random(seed)
    minimum = rng.choice([3, 5, 10])
    rows = _random_table(rng, rng.randint(1, 7), rng.randint(1, 6))
    table = suppress_table(rows, minimum)
    _assert_safe(table, minimum, rows)


@pytest.mark.parametrize("seed", range(300))
def test_random_lines_are_safe(seed):
    rng = random.Random(10_000 + seed)
    cells = _random_table(rng, 1, rng.randint(1, 9))["r0"]
    line = suppress_line(cells, minimum=MIN)
    values = list(line.cells.values())
    for value in [*values, line.total]:
        assert value is None or value == 0 or value >= MIN
    hidden = sum(1 for v in values if v is None) + (line.total is None)
    assert hidden != 1
    if line.total is not None and hidden:
        assert line.total - sum(v for v in values if v is not None) >= MIN
    assert all(line.cells[k] in (None, cells[k]) for k in cells)


@pytest.mark.parametrize("seed", range(50))
def test_random_linked_tables_agree_and_are_safe(seed):
    rng = random.Random(20_000 + seed)
    columns = ["done", "open", "never"]
    people = [
        (rng.randrange(4), rng.randrange(3), rng.choice(columns))
        for _ in range(rng.randint(0, 120))
    ]
    tables: dict = {"school": {}, "channel": {}}
    for school, channel, state in people:
        for name, key in (("school", school), ("channel", channel)):
            row = tables[name].setdefault(key, dict.fromkeys(columns, 0))
            row[state] += 1
    linked = suppress_linked(tables, MIN, columns=columns, prefer=["never", "open"])
    assert linked["school"].column_totals == linked["channel"].column_totals
    assert linked["school"].total == linked["channel"].total
    for name, table in linked.items():
        _assert_safe(table, MIN, tables[name])
