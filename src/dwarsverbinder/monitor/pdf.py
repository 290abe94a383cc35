"""The monitor's PDF report for funders: one region (or all of them) for the selection of
the dashboard, with the headline indicators, the positions per group as bars and as a
table, the trend over cohorts, the definitions and the source, made at a stated moment.

The figures come from ``monitor_positions``, as on the dashboard, so they are suppressed
in the same way; a hidden number is written out as "hidden", never as a number.

The report is a list of sections. Each section builder takes the same ``Inputs`` (the
chosen selection, its suppressed result and the cohorts there are) and returns a
``Section``: a partial template and what it shows. A new part of the report (a pilot
compared with the rest of its region, a time-to-work curve) is a builder added to
``SECTIONS`` and a partial template, nothing more.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import exports
from .charts import COLOURS, TREND_INDICATORS, curve_chart, trend_chart, trend_label
from .definitions import get_definition
from .engine import Filters
from .report import PositionsReport
from .selectors import monitor_curve, monitor_positions, monitor_trend

TEMPLATE = "monitor/report_pdf.html"
# The parameters that make the selection itself; every other form field is a filter.
SELECTION_FIELDS = ("cohort", "horizon", "group_by")
# The filters that name the population of the report in its title, most specific first.
SUBJECT_FIELDS = ("project", "municipality", "region")

# The bars: drawn at their real size, so the hatch is not stretched (10 units a millimetre).
BAR_UNITS = 1200  # 120 mm
BAR_HEIGHT = 50  # 5 mm
# Shares at least this wide (% of the bar) carry their percentage inside the bar.
LABEL_FROM = 9.0
# The trend chart, in user units (1 unit = 0.25 mm).


# -- the selection ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """What the report is about, taken from a valid ``DashboardForm``: the parameters for
    ``monitor_positions``, the codes and values (for the audit log and the file name) and
    what the reader sees (labels and names)."""

    cohort: str
    horizon: int
    group_by: str
    filters: Filters
    parameters: dict[str, Any]
    horizon_label: str
    group_by_label: str
    chosen: list[tuple[str, str]]  # (label, shown value) of every filter chosen
    subject: str  # the region (or other population) in the title; "" for all

    @classmethod
    def from_form(cls, form: forms.Form) -> Selection:
        data = form.cleaned_data
        chosen = [
            (str(form.fields[name].label), _shown(form.fields[name], value))
            for name, value in data.items()
            if name not in SELECTION_FIELDS and value not in (None, "")
        ]
        subject = " · ".join(str(data[name]) for name in SUBJECT_FIELDS if data.get(name))
        return cls(
            cohort=data["cohort"],
            horizon=data["horizon"],
            group_by=data["group_by"],
            filters=form.filters(),
            parameters=form.parameters(),
            # Not the field's choice label: the form builds those once, at import.
            horizon_label=_("%(months)s months") % {"months": data["horizon"]},
            group_by_label=_shown(form.fields["group_by"], data["group_by"]),
            chosen=chosen,
            subject=subject,
        )


def _shown(field: forms.Field, value: object) -> str:
    """A cleaned value as the form's list shows it: the name of a record, the label of a
    choice, else the value itself."""
    if isinstance(value, models.Model):
        return str(value)
    choices = {str(key): label for key, label in getattr(field, "choices", [])}
    return str(choices.get(str(value), value))


# -- what a section shows --------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """A figure as printed: its text, and whether it is hidden (printed as "hidden") or a
    note in words instead of a figure."""

    text: str
    hidden: bool = False
    note: bool = False


def count_value(count: int | None) -> Value:
    if count is None:
        return Value(_("hidden"), hidden=True)
    return Value(formats.number_format(count, force_grouping=True))


def share_value(share: float | None, total: int | None) -> Value:
    """A percentage; "not applicable" when there is nobody to take a share of."""
    if share is not None:
        return Value(f"{formats.number_format(share, 1)}\u00a0%")
    if total == 0:
        return Value("–")
    return Value(_("hidden"), hidden=True)


@dataclass(frozen=True)
class Segment:
    x: str  # in bar units, written with a decimal point for SVG
    width: str
    colour: str  # empty for the hatched "hidden" part
    label: str  # the percentage printed inside the part; empty when it is too narrow
    label_x: str


@dataclass(frozen=True)
class TableCell:
    count: Value
    share: Value


@dataclass(frozen=True)
class GroupLine:
    """One group: its bar and its line of the table."""

    label: str
    total: Value
    cells: list[TableCell]
    segments: list[Segment]
    pattern: str  # the id of this bar's hatch pattern, unique in the document


@dataclass(frozen=True)
class Section:
    """One part of the report: a partial template with its own heading and data."""

    key: str  # also the anchor of the heading
    template: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Inputs:
    """What every section builder gets."""

    selection: Selection
    result: PositionsReport
    cohorts: list[str]


@dataclass(frozen=True)
class Report:
    title: str
    subject: str
    selection: Selection
    definition: str
    minimum: int
    made_at: datetime.datetime
    made_at_label: str
    language: str
    sections: list[Section]

    @property
    def filename(self) -> str:
        """ASCII only: cohort, horizon and the region's code when one is chosen."""
        parts = ["monitor", self.selection.cohort, f"{self.selection.horizon}m"]
        parts += [
            slugify(str(self.selection.parameters[n]))
            for n in SUBJECT_FIELDS[::-1]
            if n in self.selection.parameters
        ]
        return "-".join(p for p in parts if p) + ".pdf"


# -- the sections ----------------------------------------------------------------------------


def _headline(inputs: Inputs) -> Section:
    overall = inputs.result.overall
    shares = overall.indicators
    lasting = (
        share_value(shares["lasting_outflow"], overall.total)
        if get_definition(inputs.result.definition).lasting_from(inputs.result.horizon)
        else Value(_("Known from 12 months on."), note=True)
    )
    figures = [
        (_("Young people counted"), count_value(overall.total)),
        (_("In education or work"), share_value(shares["education_or_work"], overall.total)),
        (_("NEET (benefit or none of these)"), share_value(shares["neet"], overall.total)),
        (_("Position unknown"), share_value(shares["onbekend"], overall.total)),
        (
            _("Lasting outflow (education, work or daytime activities at 6 and 12 months)"),
            lasting,
        ),
        (
            _("A placement at an employer that lasted 6 months"),
            share_value(shares["placement"], overall.total),
        ),
        (
            _(
                "Earned a certificate (praktijkverklaring, mbo certificate, branch certificate "
                "or diploma)"
            ),
            share_value(shares["certificate"], overall.total),
        ),
    ]
    return Section(
        "headline", "monitor/report/_headline.html", _("Headline indicators"), {"figures": figures}
    )


def _segments(row: exports.GroupRow) -> list[Segment]:
    """The dashboard's rule: a part per shown position, then the hidden positions together
    as one hatched part (the total less the shown counts); a hidden total is one hatched
    bar."""
    if row.total is None:
        return [_segment(0, 100, "", "")]
    if row.total == 0:
        return []
    parts = [
        (cell.count / row.total * 100, COLOURS[cell.position], share_value(cell.share, 1).text)
        for cell in row.cells
        if cell.count
    ]
    if row.hidden:
        parts.append((row.hidden / row.total * 100, "", ""))
    segments, x = [], 0.0
    for width, colour, label in parts:
        segments.append(_segment(x, width, colour, label if width >= LABEL_FROM else ""))
        x += width
    return segments


def _segment(x: float, width: float, colour: str, label: str) -> Segment:
    scale = BAR_UNITS / 100
    return Segment(
        f"{x * scale:.1f}", f"{width * scale:.1f}", colour, label, f"{(x + width / 2) * scale:.1f}"
    )


def _group_line(row: exports.GroupRow, index: int) -> GroupLine:
    cells = [TableCell(count_value(c.count), share_value(c.share, row.total)) for c in row.cells]
    return GroupLine(row.label, count_value(row.total), cells, _segments(row), f"hatch-{index}")


def _groups(inputs: Inputs) -> Section:
    result = inputs.result
    positions = [(exports.position_label(p), COLOURS[p]) for p in result.overall.positions]
    lines = [_group_line(row, i) for i, row in enumerate(exports.group_rows(result))]
    data = {
        "positions": positions,
        "lines": lines,
        "grouped": result.group_by != "none",
        "bar": {"units": BAR_UNITS, "height": BAR_HEIGHT},
    }
    title = _("Positions per group") if data["grouped"] else _("Positions")
    return Section("groups", "monitor/report/_groups.html", title, data)


@dataclass(frozen=True)
class TrendLine:
    cohort: str
    total: Value
    shares: list[Value]


def _trend(inputs: Inputs) -> Section:
    trend = monitor_trend(result=inputs.result, cohorts=inputs.cohorts)
    lines = [
        TrendLine(
            cohort,
            count_value(overall.total),
            [share_value(overall.indicators[n], overall.total) for n, *_rest in TREND_INDICATORS],
        )
        for cohort, overall in trend
    ]
    data = {
        "lines": lines,
        "headers": [trend_label(n) for n, *_rest in TREND_INDICATORS],
        "chart": trend_chart(trend),
    }
    return Section("trend", "monitor/report/_trend.html", _("Trend over cohorts"), data)


# The months of the curve's table in the report (the dashboard's download has them all).
CURVE_MONTHS = (1, 2, 3, 6, 9, 12, 15, 18, 21, 24)


def _curve(inputs: Inputs) -> Section:
    selection = inputs.selection
    curve = monitor_curve(
        cohort=selection.cohort, group_by=selection.group_by, filters=selection.filters
    )
    chart = curve_chart(curve)
    rows = [(month, values) for month, values in chart.rows if month in CURVE_MONTHS]
    data = {"chart": chart, "rows": rows, "cohort": curve.cohort, "definition": curve.definition}
    return Section(
        "curve", "monitor/report/_curve.html", _("Time to first work or education"), data
    )


def _definitions(inputs: Inputs) -> Section:
    definition = get_definition(inputs.result.definition)
    data = {
        "definition": definition.version,
        "horizons": ", ".join(str(h) for h in definition.horizons),
        "stale_days": definition.stale_after.days,
        "minimum": inputs.result.minimum,
    }
    return Section("definitions", "monitor/report/_definitions.html", _("Definitions"), data)


SectionBuilder = Callable[[Inputs], Section]
SECTIONS: tuple[SectionBuilder, ...] = (_headline, _groups, _trend, _curve, _definitions)


# -- the report ------------------------------------------------------------------------------


def report_context(
    *,
    selection: Selection,
    cohorts: list[str],
    now: datetime.datetime | None = None,
    sections: tuple[SectionBuilder, ...] = SECTIONS,
) -> Report:
    """The report of ``selection``: its figures (suppressed, from ``monitor_positions``)
    and every section, in the active language."""
    result = monitor_positions(
        cohort=selection.cohort,
        horizon=selection.horizon,
        group_by=selection.group_by,
        filters=selection.filters,
    )
    inputs = Inputs(selection, result, cohorts)
    made_at = timezone.localtime(now or timezone.now())
    subject = selection.subject or _("All regions")
    return Report(
        title=_("Monitor report: %(subject)s") % {"subject": subject},
        subject=subject,
        selection=selection,
        definition=result.definition,
        minimum=result.minimum,
        made_at=made_at,
        made_at_label=formats.date_format(made_at, "DATETIME_FORMAT"),
        language=get_language() or "nl",
        sections=[build(inputs) for build in sections],
    )


def report_html(report: Report) -> str:
    return render_to_string(TEMPLATE, {"report": report})


def report_pdf(report: Report) -> bytes:
    """The report as a PDF (WeasyPrint). As ``privacy.export``: the template carries its
    own styles, uses the DejaVu fonts installed on the system, and nothing is fetched.
    Tagged (headings, tables with their header cells, the language), for screen readers;
    the headings become the PDF's bookmarks."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=())
    document = HTML(string=report_html(report), base_url=None, url_fetcher=fetcher)
    return document.write_pdf(pdf_tags=True)
