"""The progress report of a project for a funder, as PDF (WeasyPrint, like the monitor's
report) and as XLSX (a sheet per part): the project's facts and partners, its milestones
with their status, its activities, the funding granted and spent per year with the
reporting dates, the participants' positions 12 months after leaving school, and the
lessons (results, success factors, challenges).

The participants appear only as the monitor publishes them: ``monitor_positions`` with the
project as filter, for every cohort in which participants have reached the horizon, after
small-cell suppression. A hidden number is printed as "hidden" in the PDF and "x" in the
XLSX, never as a number; the report names no young person.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

import xlsxwriter
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dwarsverbinder.monitor.definitions import CURRENT
from dwarsverbinder.monitor.engine import Filters
from dwarsverbinder.monitor.forms import existing_cohorts
from dwarsverbinder.monitor.selectors import monitor_positions
from dwarsverbinder.people.constants import Position
from dwarsverbinder.utils.exports import Cell, safe_text
from dwarsverbinder.utils.suppression import percentage

from . import funding
from .models import Project, ProjectParticipation
from .selectors import milestones_with_lateness

TEMPLATE = "programmes/report/progress_pdf.html"
HORIZON = 12
# The mark for a hidden number in the XLSX, as the monitor's downloads write it.
HIDDEN_MARK = "x"


@dataclass(frozen=True)
class Figure:
    """A count or share as printed; ``value`` is None when it is hidden."""

    value: int | float | None
    text: str

    @property
    def hidden(self) -> bool:
        return self.value is None


def _count(value: int | None) -> Figure:
    if value is None:
        return Figure(None, _("hidden"))
    return Figure(value, formats.number_format(value, force_grouping=True))


def _share(count: int | None, total: int | None) -> Figure:
    share = percentage(count, total)
    if share is None:
        return Figure(None, _("hidden") if total != 0 else "–")
    return Figure(share, f"{formats.number_format(share, 1)}\u00a0%")


@dataclass(frozen=True)
class PositionLine:
    label: str
    count: Figure
    share: Figure


@dataclass(frozen=True)
class CohortPositions:
    cohort: str
    total: Figure
    lines: list[PositionLine]


@dataclass(frozen=True)
class MilestoneLine:
    title: str
    due_on: datetime.date
    status: str
    reached_on: datetime.date | None
    late: bool
    note: str


@dataclass(frozen=True)
class ProgressReport:
    project: Project
    facts: list[tuple[str, str]]
    partners: list[tuple[str, str]]
    milestones: list[MilestoneLine]
    activities: list
    funding: funding.FundingOverview
    cohorts: list[CohortPositions]
    definition: str
    minimum: int
    horizon: int
    lessons: list[tuple[str, list[str]]]
    made_at: datetime.datetime
    made_at_label: str
    language: str

    @property
    def title(self) -> str:
        return _("Progress report: %(project)s") % {"project": self.project.name}

    def filename(self, fmt: str) -> str:
        return f"voortgang-{self.project.slug}-{self.made_at:%Y-%m-%d}.{fmt}"


def _period(project: Project) -> str:
    start, end = project.start_date, project.end_date
    if start and end:
        return f"{formats.date_format(start)} – {formats.date_format(end)}"
    if start:
        return _("since %(start)s") % {"start": formats.date_format(start)}
    if end:
        return _("until %(end)s") % {"end": formats.date_format(end)}
    return _("not known")


def _facts(project: Project) -> list[tuple[str, str]]:
    facts = [
        (_("Project"), project.name),
        (_("Region"), str(project.region or project.region_label or "–")),
        (_("Status"), str(project.get_status_display())),
        (_("Period"), _period(project)),
    ]
    if project.target_group:
        facts.append((_("Target group"), project.target_group))
    issues = "; ".join(str(i) for i in project.issues.all())
    if issues:
        facts.append((_("Regional issues"), issues))
    if project.summary:
        facts.append((_("Summary"), project.summary))
    if project.approach:
        facts.append((_("Approach"), project.approach))
    return facts


def participant_positions(*, project: Project) -> tuple[list[CohortPositions], str, int]:
    """The participants' positions at 12 months per cohort, suppressed, from the monitor;
    only the cohorts in which participants are counted (a hidden total counts too). With
    the definition version and the minimum cell size."""
    definition, minimum, cohorts = CURRENT, settings.MIN_CELL_SIZE, []
    if not ProjectParticipation.objects.filter(project=project).exists():
        return cohorts, definition, minimum
    for cohort in existing_cohorts():
        result = monitor_positions(
            cohort=cohort, horizon=HORIZON, filters=Filters(project=project.pk)
        )
        definition, minimum = result.definition, result.minimum
        overall = result.overall
        if overall.total == 0:
            continue
        lines = [
            PositionLine(str(Position(position).label), _count(count), _share(count, overall.total))
            for position, count in overall.positions.items()
        ]
        cohorts.append(CohortPositions(cohort, _count(overall.total), lines))
    return cohorts, definition, minimum


def progress_report(*, project: Project, now: datetime.datetime | None = None) -> ProgressReport:
    made_at = timezone.localtime(now or timezone.now())
    today = made_at.date()
    cohorts, definition, minimum = participant_positions(project=project)
    milestones = [
        MilestoneLine(m.title, m.due_on, str(m.get_status_display()), m.reached_on, late, m.note)
        for m, late in milestones_with_lateness(project, today=today)
    ]
    partners = [
        (str(p.organisation), str(p.get_role_display()))
        for p in project.partners.select_related("organisation").order_by(
            "role", "organisation__name"
        )
    ]
    lessons = [
        (_("Results"), list(project.results or [])),
        (_("Success factors"), list(project.success_factors or [])),
        (_("Challenges"), list(project.challenges or [])),
    ]
    return ProgressReport(
        project=project,
        facts=_facts(project),
        partners=partners,
        milestones=milestones,
        activities=list(project.activities.all()),
        funding=funding.funding_overview(project=project, today=today),
        cohorts=cohorts,
        definition=definition,
        minimum=minimum,
        horizon=HORIZON,
        lessons=lessons,
        made_at=made_at,
        made_at_label=formats.date_format(made_at, "DATETIME_FORMAT"),
        language=get_language() or "nl",
    )


# -- PDF -------------------------------------------------------------------------------------


def report_html(report: ProgressReport) -> str:
    return render_to_string(TEMPLATE, {"report": report})


def report_pdf(report: ProgressReport) -> bytes:
    """As ``monitor.pdf.report_pdf``: own styles, the system's DejaVu fonts, nothing
    fetched, tagged for screen readers."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=())
    document = HTML(string=report_html(report), base_url=None, url_fetcher=fetcher)
    return document.write_pdf(pdf_tags=True)


# -- XLSX ------------------------------------------------------------------------------------

Rows = list[list[Cell]]


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def _amount(value) -> float | None:
    return None if value is None else float(value)


def _figure(figure: Figure) -> Cell:
    return HIDDEN_MARK if figure.hidden else figure.value


def sheets(report: ProgressReport) -> list[tuple[str, Rows]]:
    """The report as (sheet name, rows) pairs; the first row of each sheet is its header."""
    overview = report.funding
    project_rows: Rows = [[_("Item"), _("Value")], *[[k, v] for k, v in report.facts]]
    project_rows += [[_("Partner"), f"{name} ({role})"] for name, role in report.partners]
    project_rows += [
        [_("Definition of the monitor"), report.definition],
        [_("Made on"), report.made_at_label],
    ]
    milestones: Rows = [[_("Milestone"), _("Planned for"), _("Status"), _("Reached on"), _("Late")]]
    milestones += [
        [m.title, _date(m.due_on), m.status, _date(m.reached_on), _("yes") if m.late else ""]
        for m in report.milestones
    ]
    activities: Rows = [[_("Activity"), _("From"), _("Until"), _("Description")]]
    activities += [
        [a.title, _date(a.start_date), _date(a.end_date), a.description] for a in report.activities
    ]
    lines: Rows = [
        [
            _("Source"),
            _("Funder"),
            _("Amount granted (EUR)"),
            _("Granted on"),
            _("Year"),
            _("Granted in the year (EUR)"),
            _("Spent in the year (EUR)"),
            _("Conditions"),
        ]
    ]
    for summary in overview.lines:
        line = summary.line
        head = [
            str(line.get_source_display()),
            line.funder,
            _amount(line.amount_granted) if line.amount_granted is not None else _("unknown"),
            _date(line.granted_on),
        ]
        if not summary.years:
            lines.append([*head, None, None, None, line.conditions])
        for year in summary.years:
            lines.append(
                [*head, year.year, _amount(year.granted), _amount(year.spent), line.conditions]
            )
    per_year: Rows = [[_("Year"), _("Granted (EUR)"), _("Spent (EUR)")]]
    per_year += [[y.year, _amount(y.granted), _amount(y.spent)] for y in overview.years]
    per_year.append(
        [
            _("Total"),
            _amount(overview.total_granted) if overview.total_granted is not None else _("unknown"),
            _amount(overview.total_spent),
        ]
    )
    co = overview.co_financing
    per_year.append(
        [
            _("Co-financing ratio (%)"),
            float(co.share) if co.known else (_("unknown") if co.applies else _("not applicable")),
        ]
    )
    reporting: Rows = [[_("Funder"), _("What is due"), _("Due on"), _("Submitted on"), _("State")]]
    reporting += [
        [
            row.reporting.funding.funder,
            row.reporting.description,
            _date(row.reporting.due_on),
            _date(row.reporting.submitted_on),
            row.label,
        ]
        for row in overview.reporting
    ]
    participants: Rows = [[_("Cohort"), _("Position"), _("Young people"), _("Share (%)")]]
    for cohort in report.cohorts:
        participants += [
            [cohort.cohort, line.label, _figure(line.count), _figure(line.share)]
            for line in cohort.lines
        ]
        participants.append([cohort.cohort, _("Total"), _figure(cohort.total), None])
    participants += [
        [],
        [
            _(
                "%(mark)s = hidden: fewer than %(minimum)s young people, or a number from "
                "which a hidden one could be worked out. Positions %(horizon)s months after "
                "leaving school, definition %(definition)s."
            )
            % {
                "mark": HIDDEN_MARK,
                "minimum": report.minimum,
                "horizon": report.horizon,
                "definition": report.definition,
            }
        ],
    ]
    lessons: Rows = [[_("Kind"), _("Lesson")]]
    lessons += [[kind, item] for kind, items in report.lessons for item in items]
    return [
        (_("Project"), project_rows),
        (_("Milestones"), milestones),
        (_("Activities"), activities),
        (_("Funding"), lines),
        (_("Funding per year"), per_year),
        (_("Reporting dates"), reporting),
        (_("Participants"), participants),
        (_("Lessons"), lessons),
    ]


def to_xlsx_sheets(sheets: Sequence[tuple[str, Sequence[Sequence[Cell]]]]) -> bytes:
    """Several sheets, each as ``utils.exports.to_xlsx`` writes one: numbers as numbers,
    text always as text (never a formula), the header row in bold."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    bold = workbook.add_format({"bold": True})
    decimal = workbook.add_format({"num_format": "#,##0.00"})
    for name, rows in sheets:
        worksheet = workbook.add_worksheet(name[:31])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, bool) or not isinstance(value, int | float):
                    worksheet.write_string(
                        r, c, str(safe_text(str(value))), bold if r == 0 else None
                    )
                elif isinstance(value, float):
                    worksheet.write_number(r, c, value, decimal)
                else:
                    worksheet.write_number(r, c, value)
    workbook.close()
    return buffer.getvalue()


def report_xlsx(report: ProgressReport) -> bytes:
    return to_xlsx_sheets(sheets(report))
