"""The monitor's group table, for the dashboard and its CSV and XLSX downloads: the same
suppressed figures as ``monitor_positions`` gives, with "x" in a download where a number is
hidden and a legend line saying why. Aggregates only; nothing about a single young person."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.people.constants import Position
from dwarsverbinder.utils.exports import Cell
from dwarsverbinder.utils.suppression import percentage

from .engine import NONE
from .report import PositionsReport, PublishedGroup
from .survival import SurvivalReport

# The mark for a hidden number, as Statistics Netherlands (CBS) writes "geheim".
HIDDEN = "x"

Rows = list[list[Cell]]


@dataclass(frozen=True)
class PositionCell:
    position: str
    label: str
    count: int | None
    share: float | None


@dataclass(frozen=True)
class GroupRow:
    """One line of the group table: a group's total and count and share per position."""

    key: object
    label: str
    total: int | None
    cells: list[PositionCell]

    @property
    def hidden(self) -> int | None:
        """What the reader can work out for the hidden positions together (the total less
        the shown counts; at least the minimum by secondary suppression); None when the
        total itself is hidden."""
        if self.total is None:
            return None
        return self.total - sum(c.count for c in self.cells if c.count is not None)


def position_label(position: str) -> str:
    return str(Position(position).label)


def group_row(group: PublishedGroup) -> GroupRow:
    cells = [
        PositionCell(position, position_label(position), count, percentage(count, group.total))
        for position, count in group.positions.items()
    ]
    return GroupRow(group.key, group.label, group.total, cells)


def group_rows(result: PositionsReport) -> list[GroupRow]:
    """The groups and, last, the whole selection (only that when nothing is grouped)."""
    groups = [] if result.group_by == NONE else [group_row(g) for g in result.groups]
    return [*groups, group_row(result.overall)]


def legend(minimum: int) -> str:
    return _(
        "%(mark)s = hidden: fewer than %(minimum)s young people, or a number from which a "
        "hidden one could be worked out."
    ) % {"mark": HIDDEN, "minimum": minimum}


def _number(value: int | float | None) -> Cell:
    return HIDDEN if value is None else value


def _share(value: float | None, total: int | None) -> Cell:
    """A percentage; empty (not hidden) when there is nobody to take a share of."""
    return "" if total == 0 else _number(value)


def table_rows(result: PositionsReport, *, parameters: dict) -> Rows:
    """The group table as rows of cells, with a legend and what the figures are."""
    positions = [position_label(p) for p in result.overall.positions]
    header: list[Cell] = [_("Group"), _("Total")]
    for label in positions:
        header += [
            _("%(position)s (number)") % {"position": label},
            _("%(position)s (%%)") % {"position": label},
        ]
    rows: Rows = [header]
    for row in group_rows(result):
        line: list[Cell] = [row.label, _number(row.total)]
        for cell in row.cells:
            line += [_number(cell.count), _share(cell.share, row.total)]
        rows.append(line)
    stamp = timezone.localtime().strftime("%d-%m-%Y %H:%M")
    chosen = ", ".join(f"{k}={v}" for k, v in parameters.items())
    return [
        *rows,
        [],
        [legend(result.minimum)],
        [_("Empty = not applicable (nobody in the group).")],
        [
            _("Positions at the leave date plus %(horizon)s months, definition %(definition)s.")
            % {"horizon": result.horizon, "definition": result.definition}
        ],
        [_("Chosen: %(chosen)s. Counted on %(stamp)s.") % {"chosen": chosen, "stamp": stamp}],
    ]


def _footer(result_definition: str, minimum: int, parameters: dict, what: str) -> Rows:
    stamp = timezone.localtime().strftime("%d-%m-%Y %H:%M")
    chosen = ", ".join(f"{k}={v}" for k, v in parameters.items())
    return [
        [],
        [legend(minimum)],
        [what],
        [_("Definition %(definition)s.") % {"definition": result_definition}],
        [_("Chosen: %(chosen)s. Counted on %(stamp)s.") % {"chosen": chosen, "stamp": stamp}],
    ]


def trend_rows(
    trend: list[tuple[str, PublishedGroup]],
    *,
    horizon: int,
    definition: str,
    minimum: int,
    parameters: dict,
) -> Rows:
    """The trend over cohorts: per cohort the total and the headline indicators."""
    rows: Rows = [
        [
            _("Cohort"),
            _("Young people counted"),
            _("In education or work (%)"),
            _("NEET (%)"),
            _("Position unknown (%)"),
            _("Lasting outflow (%)"),
        ]
    ]
    for cohort, overall in trend:
        shares = overall.indicators
        rows.append(
            [
                cohort,
                _number(overall.total),
                _share(shares["education_or_work"], overall.total),
                _share(shares["neet"], overall.total),
                _share(shares["onbekend"], overall.total),
                "" if horizon < 12 else _share(shares["lasting_outflow"], overall.total),
            ]
        )
    what = _("Per cohort, %(horizon)s months after leaving school.") % {"horizon": horizon}
    return [*rows, *_footer(definition, minimum, parameters, what)]


def curve_rows(report: SurvivalReport, *, parameters: dict) -> Rows:
    """Time to first work or education: per month, the share started in every group."""
    curves = [report.overall, *([] if report.group_by == NONE else report.groups)]
    rows: Rows = [[_("Months after leaving school"), *[curve.label for curve in curves]]]
    for month in range(1, report.months + 1):
        rows.append([month, *[_number(curve.points[month - 1]) for curve in curves]])
    what = _(
        "Share (%%) that started work or education, estimated with Kaplan–Meier; x = fewer "
        "than %(minimum)s young people still waiting in that month or in the group."
    ) % {"minimum": report.minimum}
    return [*rows, *_footer(report.definition, report.minimum, parameters, what)]
