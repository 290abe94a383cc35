"""The monitor's charts as plain SVG geometry, for the dashboard and the PDF report: the
trend of the headline shares over cohorts and the time-to-first-work-or-education curve.
No chart library, no CDN, and a table with the same figures beside each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .engine import NONE
from .report import PublishedGroup
from .survival import PublishedCurve, SurvivalReport

# Colours of the positions in the bars and charts, each at least 3:1 against white (WCAG
# 1.4.11).
COLOURS = {
    "onderwijs": "#1d5fa8",
    "werk": "#2e7d32",
    "dagbesteding": "#8a6100",
    "uitkering": "#b3401a",
    "geen": "#6a3d9a",
    "onbekend": "#5c5c5c",
}

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


# -- the trend over cohorts -------------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT = 640, 260
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 44, 16, 12, 64
HIDDEN_COLOUR = "#5c5c5c"


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    dash: str  # stroke-dasharray, so the lines differ by more than colour
    marker: str  # "circle" or "square"
    paths: list[str]  # one polyline per run of shown points
    points: list[tuple[str, str]]


TREND_INDICATORS = (
    ("education_or_work", COLOURS["onderwijs"], "", "circle"),
    ("neet", COLOURS["uitkering"], "8 5", "square"),
    ("onbekend", COLOURS["onbekend"], "2 4", "circle"),
)


def _trend_y(share: float) -> float:
    """The height of a share in the trend chart: 100 % at the top of the plot."""
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    return CHART_TOP + plot_height * (1 - share / 100)


def _series(indicator: tuple[str, str, str, str], xs: list[float], trend: list) -> Series:
    """One headline share over the cohorts: a point per shown share, a line through each
    run of shown points; a hidden share breaks the line."""
    name, colour, dash, marker = indicator
    points: list[tuple[str, str]] = []
    runs: list[list[tuple[str, str]]] = [[]]
    for x, (_cohort, overall) in zip(xs, trend, strict=True):
        share = overall.indicators.get(name)
        if share is None:
            runs.append([])
            continue
        point = (f"{x:.1f}", f"{_trend_y(share):.1f}")
        points.append(point)
        runs[-1].append(point)
    paths = [" ".join(f"{a},{b}" for a, b in run) for run in runs if len(run) > 1]
    return Series(trend_label(name), colour, dash, marker, paths, points)


def trend_chart(trend: list[tuple[str, PublishedGroup]]) -> dict[str, Any]:
    """A line chart of the headline shares (0 to 100 %) per cohort."""
    step = (CHART_WIDTH - CHART_LEFT - CHART_RIGHT) / max(len(trend), 1)
    xs = [CHART_LEFT + step * (i + 0.5) for i in range(len(trend))]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "bottom": CHART_HEIGHT - CHART_BOTTOM,
        "label_y": CHART_HEIGHT - CHART_BOTTOM + 16,
        "rotate": len(trend) > 6,  # long school years side by side would overlap
        "ticks": [(f"{_trend_y(v):.1f}", f"{v}\u00a0%") for v in (0, 25, 50, 75, 100)],
        "labels": [(f"{x:.1f}", cohort) for x, (cohort, _o) in zip(xs, trend, strict=True)],
        "series": [_series(indicator, xs, trend) for indicator in TREND_INDICATORS],
    }


def trend_label(name: str) -> str:
    return {
        "education_or_work": _("In education or work"),
        "neet": _("NEET"),
        "onbekend": _("Position unknown"),
    }[name]
