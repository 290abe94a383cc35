"""The time-to-first-work-or-education chart as plain SVG geometry, for the dashboard and
the PDF report: no chart library, no CDN, and a table with the same figures beside it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .engine import NONE
from .survival import PublishedCurve, SurvivalReport

# The plot area inside the SVG's view box (0 0 WIDTH HEIGHT).
WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 620, 16, 236
# At most this many groups are drawn beside "All"; the table and downloads have them all.
MAX_LINES = 6
# Each at least 3:1 against white (WCAG 1.4.11), and told apart by dashes too (1.4.1).
STYLES = [
    ("#1d5fa8", "8 4"),
    ("#2e7d32", "2 3"),
    ("#b3401a", "10 3 2 3"),
    ("#6a3d9a", "4 2"),
    ("#8a6100", "1 3"),
    ("#5c5c5c", "12 6"),
]
OVERALL_STYLE = ("#1a1a1a", "")
MONTH_TICKS = (0, 3, 6, 12, 18, 24)


@dataclass(frozen=True)
class CurveLine:
    label: str
    colour: str
    dash: str
    width: str
    points: str  # the SVG polyline, from month 0 up to the last shown month
    values: list[int | None]  # per month 1 … months


@dataclass(frozen=True)
class Tick:
    position: str
    label: str


@dataclass(frozen=True)
class CurveChart:
    lines: list[CurveLine]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    rows: list[tuple[int, list[int | None]]]  # month and each line's value, for the table
    description: str
    # Groups left off the chart and table (too many to read, or too small for any point).
    omitted: int


def _x(month: int, months: int) -> float:
    return LEFT + (RIGHT - LEFT) * month / months


def _y(percent: float) -> float:
    return BOTTOM - (BOTTOM - TOP) * percent / 100


def _points(values: list[int | None], months: int) -> str:
    coordinates = [(0, 0)]
    for month, value in enumerate(values, start=1):
        if value is None:
            break
        coordinates.append((month, value))
    return " ".join(f"{_x(m, months):.1f},{_y(v):.1f}" for m, v in coordinates)


def _line(curve: PublishedCurve, style: tuple[str, str], months: int, *, bold=False) -> CurveLine:
    colour, dash = style
    return CurveLine(
        label=curve.label,
        colour=colour,
        dash=dash,
        width="3" if bold else "2",
        points=_points(curve.points, months),
        values=list(curve.points),
    )


def _summary(line: CurveLine) -> str:
    shown = [(m, v) for m, v in enumerate(line.values, start=1) if v is not None]
    if not shown:
        return _("%(group)s: hidden") % {"group": line.label}
    picks = [(m, v) for m, v in shown if m in (3, 6, 12, 24)] or [shown[-1]]
    points = ", ".join(
        _("%(percent)s %% by month %(month)s") % {"percent": v, "month": m} for m, v in picks
    )
    return f"{line.label}: {points}"


def curve_chart(report: SurvivalReport) -> CurveChart:
    """Lines for "All" and the largest groups that have a point to show."""
    months = report.months
    lines = [_line(report.overall, OVERALL_STYLE, months, bold=True)]
    drawable = [] if report.group_by == NONE else [g for g in report.groups if g.shown]
    drawable.sort(key=lambda g: g.rank)
    for curve, style in zip(drawable[:MAX_LINES], STYLES, strict=False):
        lines.append(_line(curve, style, months))
    x_ticks = [Tick(f"{_x(m, months):.1f}", str(m)) for m in MONTH_TICKS if m <= months]
    y_ticks = [Tick(f"{_y(p):.1f}", f"{p} %") for p in (0, 25, 50, 75, 100)]
    rows = [(m, [line.values[m - 1] for line in lines]) for m in range(1, months + 1)]
    description = _(
        "Line chart: share of young people who started work or education, per month after "
        "leaving school (cohort %(cohort)s, definition %(definition)s). %(lines)s."
    ) % {
        "cohort": report.cohort,
        "definition": report.definition,
        "lines": "; ".join(_summary(line) for line in lines),
    }
    omitted = 0 if report.group_by == NONE else len(report.groups) - (len(lines) - 1)
    return CurveChart(lines, x_ticks, y_ticks, rows, description, omitted)
