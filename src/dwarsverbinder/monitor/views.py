"""The monitor dashboard (/monitor/) and its downloads, for analysts and regional
coordinators (anybody else gets a 404). Suppressed aggregates only, from
``monitor_positions``; every page view and download is audited with its parameters."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction
from dwarsverbinder.utils.exports import to_csv, to_xlsx

from . import exports
from .charts import COLOURS, curve_chart, trend_chart
from .forms import DashboardForm, existing_cohorts, with_defaults
from .report import PositionsReport
from .selectors import can_read_monitor, monitor_curve, monitor_positions, monitor_trend
from .survival import SurvivalReport

AUDIT_OBJECT_TYPE = "monitor.dashboard"
# The tables a download can hold (?table=…), the positions per group by default.
TABLES = ("positions", "trend", "curve")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Segment:
    x: str  # percentages of the bar, written with a decimal point for SVG
    width: str
    colour: str  # empty for the hatched "hidden" segment


def _segment(x: float, width: float, colour: str = "") -> Segment:
    return Segment(f"{x:.3f}", f"{width:.3f}", colour)


@dataclass(frozen=True)
class Bar:
    row: exports.GroupRow
    segments: list[Segment]
    description: str
    pattern: str  # the id of this bar's hatch pattern, unique on the page


def _monitor_user(request) -> None:
    if not can_read_monitor(user=request.user):
        raise Http404


def _n(value: int | None) -> str:
    return _("hidden") if value is None else formats.number_format(value)


def _pct(value: float | None) -> str:
    return _("hidden") if value is None else f"{formats.number_format(value, 1)} %"


def _description(row: exports.GroupRow, definition: str) -> str:
    parts = [
        f"{cell.label} {_n(cell.count)}" + ("" if cell.count is None else f" ({_pct(cell.share)})")
        for cell in row.cells
        if cell.count != 0
    ]
    return _("%(group)s, %(total)s young people (definition %(definition)s): %(parts)s") % {
        "group": row.label,
        "total": _n(row.total),
        "definition": definition,
        "parts": "; ".join(parts) or _("nobody"),
    }


def _bar(row: exports.GroupRow, definition: str, index: int) -> Bar:
    """Segments as percentages of the bar: one per shown position, then the hidden
    positions together as one hatched segment (the total less the shown counts, which the
    table gives away as well). A hidden total gives one hatched bar."""
    segments: list[Segment] = []
    if row.total is None:
        segments.append(_segment(0, 100))
    elif row.total > 0:
        x = 0.0
        for cell in row.cells:
            if cell.count:
                width = cell.count / row.total * 100
                segments.append(_segment(x, width, COLOURS[cell.position]))
                x += width
        if row.hidden:
            segments.append(_segment(x, row.hidden / row.total * 100))
    return Bar(row, segments, _description(row, definition), f"hatch-{index}")


def _selection(request) -> tuple[DashboardForm, list[str]]:
    cohorts = existing_cohorts()
    data = with_defaults(request.GET, cohorts, timezone.localdate())
    return DashboardForm(data, cohorts=cohorts), cohorts


def _result(form: DashboardForm) -> PositionsReport:
    data = form.cleaned_data
    return monitor_positions(
        cohort=data["cohort"],
        horizon=data["horizon"],
        group_by=data["group_by"],
        filters=form.filters(),
    )


def _curve(form: DashboardForm) -> SurvivalReport:
    data = form.cleaned_data
    return monitor_curve(cohort=data["cohort"], group_by=data["group_by"], filters=form.filters())


@require_GET
@login_required
def dashboard(request):
    _monitor_user(request)
    form, cohorts = _selection(request)
    context: dict = {"form": form, "cohorts": cohorts}
    if cohorts and form.is_valid():
        result = _result(form)
        rows = exports.group_rows(result)
        parameters = form.parameters()
        trend = monitor_trend(result=result, cohorts=cohorts)
        context.update(
            result=result,
            rows=rows,
            bars=[_bar(row, result.definition, i) for i, row in enumerate(rows)],
            positions=[(exports.position_label(p), COLOURS[p]) for p in result.overall.positions],
            trend=trend,
            trend_chart=trend_chart(trend),
            curve=curve_chart(_curve(form)),
            query=urlencode(parameters),
            legend=exports.legend(result.minimum),
        )
        detail = {"definition": result.definition, **parameters}
    else:
        detail = {"errors": sorted(form.errors) if cohorts else ["no cohorts"]}
    audit.log_event(
        actor=request.user, action=AuditAction.VIEW, object_type=AUDIT_OBJECT_TYPE, detail=detail
    )
    return render(request, "monitor/dashboard.html", context)


@require_GET
@login_required
def download(request, fmt: str):
    _monitor_user(request)
    if fmt not in FORMATS:
        raise Http404
    form, cohorts = _selection(request)
    if not cohorts or not form.is_valid():
        context = {"form": form, "cohorts": cohorts}
        return render(request, "monitor/dashboard.html", context, status=400)
    table = request.GET.get("table", "positions")
    if table not in TABLES:
        raise Http404
    result = _result(form)
    parameters = form.parameters()
    if table == "trend":
        trend = monitor_trend(result=result, cohorts=cohorts)
        rows = exports.trend_rows(
            trend,
            horizon=result.horizon,
            definition=result.definition,
            minimum=result.minimum,
            parameters=parameters,
        )
    elif table == "curve":
        rows = exports.curve_rows(_curve(form), parameters=parameters)
    else:
        rows = exports.table_rows(result, parameters=parameters)
    sheets = {"positions": _("Positions"), "trend": _("Trend"), "curve": _("Time to first work")}
    if fmt == "csv":
        body: str | bytes = to_csv(rows)
    else:
        body = to_xlsx(rows, sheet=sheets[table])
    audit.log_event(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type=AUDIT_OBJECT_TYPE,
        detail={"definition": result.definition, "format": fmt, "table": table, **parameters},
    )
    response = HttpResponse(body, content_type=FORMATS[fmt])
    prefix = "monitor" if table == "positions" else f"monitor-{table}"
    name = f"{prefix}-{result.cohort}-{result.horizon}m-{result.group_by}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
