"""The monitor's PDF report (/monitor/rapport.pdf): a real PDF of the dashboard's selection,
titled with the region, with the selection, the moment it was made and definition v1; the
same suppression as the dashboard ("hidden", never the number); Dutch by default; only
analysts and coordinators (404 for others); bad parameters give a 400 with the form's
errors; every download audited once without personal data; a fixed number of queries."""

from __future__ import annotations

import datetime
import re
import zlib

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.http import urlencode

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.monitor import pdf, pdf_views
from dwarsverbinder.monitor.forms import DashboardForm, existing_cohorts
from dwarsverbinder.monitor.views import COLOURS
from dwarsverbinder.privacy.models import AuditEvent
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    RegionFactory,
)
from tests.unit.test_monitor_dashboard import leavers as dashboard_leavers

URL = "/monitor/rapport.pdf"
LEAVE = datetime.date(2023, 6, 30)  # cohort 2022-2023
EARLIER = datetime.date(2022, 6, 30)  # cohort 2021-2022
PARAMS = {
    "cohort": "2022-2023",
    "horizon": "12",
    "group_by": "municipality",
    "region": "rmc-rivierenland",
}


def leavers(municipality, school, kind: str, count: int, leave=LEAVE) -> None:
    dashboard_leavers(municipality, school, kind, count, leave, surname="Verborgen-Persoon")


@pytest.fixture
def cohort(world):
    """In RMC-regio Rivierenland: Tiel with 12 in education and 10 in work, Buren with 3
    with nothing (a hidden group); elsewhere RMC-regio B with 21; and a cohort 2021-2022
    of 15 in Tiel in education."""
    buren = MunicipalityFactory(name="Buren", code="gemeente-buren", rmc_region=world.rmc_region)
    elsewhere = MunicipalityFactory(rmc_region=RegionFactory(code="rmc-b", name="RMC-regio B"))
    leavers(world.municipality, world.school, "onderwijs", 12)
    leavers(world.municipality, world.school, "werk", 10)
    leavers(buren, world.school, "geen", 3)
    leavers(elsewhere, world.school, "werk", 11)
    leavers(elsewhere, world.school, "geen", 10)
    leavers(world.municipality, world.school, "onderwijs", 15, leave=EARLIER)
    return buren


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def rendered(monkeypatch):
    """The reports the view turned into a PDF: the real conversion, watched."""
    reports: list[pdf.Report] = []
    real = pdf_views.report_pdf

    def watched(report):
        reports.append(report)
        return real(report)

    monkeypatch.setattr(pdf_views, "report_pdf", watched)
    return reports


def _report(params: dict, now: datetime.datetime | None = None) -> pdf.Report:
    cohorts = existing_cohorts()
    form = DashboardForm(QueryDict(urlencode(params)), cohorts=cohorts)
    assert form.is_valid(), form.errors
    return pdf.report_context(selection=pdf.Selection.from_form(form), cohorts=cohorts, now=now)


def _table_row(html: str, table: str, label: str) -> str:
    body = html[html.index(f'id="{table}"') :]
    body = body[: body.index("</table>")]
    return next(row for row in body.split("<tr") if f">{label}<" in row)


def _pdf_objects(content: bytes) -> bytes:
    """The PDF's compressed streams, inflated: its structure, bookmarks and metadata (the
    page text itself is glyph codes, which this does not read)."""
    inflated = [content]
    for start in re.finditer(rb"stream\r?\n", content):
        try:
            inflated.append(zlib.decompressobj().decompress(content[start.end() :]))
        except zlib.error:
            continue
    return b"".join(inflated)


def _numbers(fragment: str) -> list[str]:
    """The figures printed in a piece of the HTML (text between tags that is a number)."""
    return re.findall(r">\s*(\d[\d.,]*)(?:\xa0%)?\s*<", fragment)


def test_the_report_is_a_pdf_download(client, world, cohort, english, rendered):
    client.force_login(world.analyst)
    response = client.get(URL, PARAMS)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response.content.rstrip().endswith(b"%%EOF")
    assert response["Content-Disposition"] == (
        'attachment; filename="monitor-2022-2023-12m-rmc-rivierenland.pdf"'
    )
    objects = _pdf_objects(response.content)
    assert b"StructTreeRoot" in objects and b"/Lang (en)" in objects  # tagged, in English
    # The headings are the bookmarks: the region, then the sections.
    assert b"/Title (RMC-regio Rivierenland)" in objects
    assert b"/Title (Positions per group)" in objects
    [report] = rendered
    assert report.subject == "RMC-regio Rivierenland"
    assert report.definition == "v1"
    assert [s.key for s in report.sections] == [
        "headline",
        "groups",
        "trend",
        "curve",
        "definitions",
    ]


def test_the_text_names_region_selection_moment_and_definition(
    client, world, cohort, english, rendered
):
    client.force_login(world.analyst)
    client.get(URL, {**PARAMS, "programme_type": "mbo_bol"})
    html = pdf.report_html(rendered[0])
    assert "<h1>RMC-regio Rivierenland</h1>" in html
    assert "<title>Monitor report: RMC-regio Rivierenland</title>" in html
    selection = html[html.index('id="selection"') : html.index("</table>")]
    assert "2022-2023" in selection and "12 months" in selection
    assert "Municipality of residence" in selection  # grouped by
    assert "RMC region: RMC-regio Rivierenland" in selection
    assert "Programme type: mbo BOL" in selection
    assert "definition v1" in html and ">v1<" in selection
    made = timezone.localtime(rendered[0].made_at)
    assert made.strftime("%Y") in selection and rendered[0].made_at_label in selection
    assert 'id="source"' in html and "holds no data about any single young person" in html
    assert "A number of young people from 1 up to 10 (not included) is hidden" in html
    assert "Verborgen-Persoon" not in html


def test_hidden_numbers_are_printed_as_hidden_and_match_the_dashboard(
    client, world, cohort, english, rendered
):
    client.force_login(world.analyst)
    client.get(URL, PARAMS)
    dashboard = client.get("/monitor/", PARAMS).context["rows"]
    groups = next(s for s in rendered[0].sections if s.key == "groups").data["lines"]

    assert [line.label for line in groups] == [row.label for row in dashboard]
    for line, row in zip(groups, dashboard, strict=True):
        assert line.total.hidden == (row.total is None)
        for cell, expected in zip(line.cells, row.cells, strict=True):
            assert cell.count.hidden == (expected.count is None)
            if expected.count is not None:
                assert cell.count.text == str(expected.count)

    html = pdf.report_html(rendered[0])
    buren = _table_row(html, "groups-table", "Buren")
    assert buren.count('<span class="hidden">hidden</span>') >= 2  # total and geen
    assert set(_numbers(buren)) == {"0"}  # only the zeros: never 3, never a share
    everyone = _table_row(html, "groups-table", "All")
    assert ">25<" in everyone and '<span class="hidden">hidden</span>' in everyone
    assert "3" not in _numbers(everyone)
    headline = html[
        html.index('id="headline-figures"') : html.index(
            "</table>", html.index('id="headline-figures"')
        )
    ]
    assert (
        'NEET (benefit or none of these)</th><td class="num"><span class="hidden">hidden'
        in headline
    )


def test_the_bars_draw_hidden_positions_hatched(client, world, cohort, english, rendered):
    client.force_login(world.analyst)
    client.get(URL, PARAMS)
    lines = {
        line.label: line
        for line in next(s for s in rendered[0].sections if s.key == "groups").data["lines"]
    }
    # Buren's total is hidden: one hatched bar over the whole width, no percentage in it.
    assert [(s.x, s.width, s.colour, s.label) for s in lines["Buren"].segments] == [
        ("0.0", "1200.0", "", "")
    ]
    # All 25: education 12 (48 %) shown, the other 13 hidden together as one hatched part.
    assert [(s.x, s.width, s.colour, s.label) for s in lines["All"].segments] == [
        ("0.0", "576.0", COLOURS["onderwijs"], "48.0\xa0%"),
        ("576.0", "624.0", "", ""),
    ]
    html = pdf.report_html(rendered[0])
    bars = html[html.index('id="bars"') : html.index("</table>", html.index('id="bars"'))]
    assert 'fill="url(#hatch-0)"' in bars and 'fill="url(#hatch-2)"' in bars
    assert len(set(re.findall(r'<pattern id="([^"]+)"', html))) == len(lines) + 1  # + legend
    assert "<script" not in html and "http" not in html


def test_the_trend_over_cohorts_has_a_table_and_a_chart(client, world, cohort, english, rendered):
    client.force_login(world.analyst)
    client.get(URL, {"cohort": "2022-2023", "horizon": "12", "group_by": "region"})
    trend = next(s for s in rendered[0].sections if s.key == "trend").data
    assert [(t.cohort, t.total.text) for t in trend["lines"]] == [
        ("2021-2022", "15"),
        ("2022-2023", "46"),
    ]
    assert [v.text for v in trend["lines"][0].shares] == ["100.0\xa0%", "0.0\xa0%", "0.0\xa0%"]
    assert [v.text for v in trend["lines"][1].shares][:2] == ["71.7\xa0%", "28.3\xa0%"]
    education_or_work, neet, _unknown = trend["chart"]["series"]
    assert len(education_or_work.points) == 2 and len(education_or_work.paths) == 1
    assert education_or_work.points[0][1] == "12.0"  # 100 % at the top of the plot
    html = pdf.report_html(rendered[0])
    trend_html = html[html.index('id="trend"') : html.index('id="curve"')]
    assert trend_html.count("<polyline") == 3 and 'id="trend-table"' in trend_html


def test_the_curve_has_a_chart_and_a_table_without_counts(client, world, cohort, english, rendered):
    client.force_login(world.analyst)
    client.get(URL, {"cohort": "2022-2023", "horizon": "12", "group_by": "region"})
    curve = next(s for s in rendered[0].sections if s.key == "curve").data
    assert [m for m, _values in curve["rows"]] == list(pdf.CURVE_MONTHS)
    labels = [line.label for line in curve["chart"].lines]
    assert labels[0] == "All"
    html = pdf.report_html(rendered[0])
    section = html[html.index('id="curve"') : html.index('id="definitions"')]
    assert section.count("<polyline") == len(labels)
    assert 'id="curve-table"' in section and "Kaplan" in section


def test_a_hidden_share_leaves_a_gap_in_the_trend(client, world, cohort, english, rendered):
    client.force_login(world.analyst)
    client.get(URL, PARAMS)  # Rivierenland only: 2022-2023 shows education, hides work
    trend = next(s for s in rendered[0].sections if s.key == "trend").data
    assert trend["lines"][1].shares[0].hidden
    education_or_work = trend["chart"]["series"][0]
    assert len(education_or_work.points) == 1 and education_or_work.paths == []


def test_dutch_is_the_default(client, world, cohort, rendered):
    client.force_login(world.analyst)
    assert client.get(URL, PARAMS).status_code == 200
    html = pdf.report_html(rendered[0])
    assert '<html lang="nl">' in html
    assert '<span class="hidden">afgeschermd</span>' in html
    assert ">hidden<" not in html
    assert "RMC-regio Rivierenland" in html and "v1" in html


def test_the_moment_is_written_in_the_language_of_the_report(world, cohort):
    moment = datetime.datetime(2025, 3, 4, 13, 5, tzinfo=datetime.UTC)
    with translation.override("nl"):
        dutch = _report({**PARAMS, "group_by": "none"}, now=moment)
    with translation.override("en"):
        english = _report({**PARAMS, "group_by": "none"}, now=moment)
    assert dutch.made_at_label == "4 maart 2025 14:05"  # Europe/Amsterdam
    assert english.language == "en" and "March 4, 2025" in english.made_at_label


def test_without_a_region_the_title_says_all_regions(client, world, cohort, english, rendered):
    client.force_login(world.analyst)
    client.get(URL, {"cohort": "2022-2023", "horizon": "12", "group_by": "region"})
    report = rendered[0]
    assert report.subject == "All regions"
    assert report.filename == "monitor-2022-2023-12m.pdf"
    html = pdf.report_html(report)
    assert "<h1>All regions</h1>" in html and "None: everybody in the cohort." in html


def test_one_audit_event_with_the_parameters(client, world, cohort):
    client.force_login(world.analyst)
    client.get(URL, {**PARAMS, "level": "2"})
    event = AuditEvent.objects.get(object_type="monitor.report")
    assert event.action == "export"
    assert event.person_id is None and event.role == Role.ANALYST
    assert event.detail == {
        "definition": "v1",
        "format": "pdf",
        "cohort": "2022-2023",
        "horizon": 12,
        "group_by": "municipality",
        "region": "rmc-rivierenland",
        "level": 2,
    }
    assert AuditEvent.objects.filter(action="export").count() == 1


def test_bad_parameters_give_a_400_with_the_form_errors(client, world, cohort, english):
    client.force_login(world.analyst)
    response = client.get(URL, {**PARAMS, "cohort": "1999-2000"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "dwv-error-summary" in html and 'href="#id_cohort"' in html
    assert "Choose a cohort from the list" in html
    assert not AuditEvent.objects.filter(object_type="monitor.report").exists()


def test_without_cohorts_the_report_is_refused(client, world):
    client.force_login(world.analyst)
    assert client.get(URL).status_code == 400


@pytest.mark.parametrize("who", ["coach", "privacy_officer", "outsider", "administrator"])
def test_others_get_a_404(client, world, cohort, who):
    client.force_login(getattr(world, who))
    assert client.get(URL, PARAMS).status_code == 404
    assert not AuditEvent.objects.filter(object_type="monitor.report").exists()


def test_a_coordinator_may_download_it_and_anonymous_users_log_in(client, world, cohort):
    response = client.get(URL, PARAMS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    coordinator = MembershipFactory(organisation=world.rmc_office, role=Role.COORDINATOR).user
    client.force_login(coordinator)
    response = client.get(URL, PARAMS)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_number_of_queries_does_not_grow_with_people(client, world, cohort):
    client.force_login(world.analyst)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, PARAMS)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    leavers(cohort, world.school, "werk", 15)
    leavers(MunicipalityFactory(rmc_region=world.rmc_region), world.school, "onderwijs", 12)
    leavers(world.municipality, world.school, "werk", 12, leave=EARLIER)
    assert queries() == before


def test_a_section_can_be_added_without_touching_the_rest(world, cohort):
    def extra(inputs: pdf.Inputs) -> pdf.Section:
        return pdf.Section(
            "extra",
            "monitor/report/_headline.html",
            "Extra",
            {"figures": [("Cohort", pdf.Value(inputs.result.cohort))]},
        )

    with translation.override("en"):
        report = _report(PARAMS)
        report = pdf.report_context(
            selection=report.selection,
            cohorts=existing_cohorts(),
            sections=(*pdf.SECTIONS, extra),
        )
        html = pdf.report_html(report)
    assert [s.key for s in report.sections][-1] == "extra"
    assert '<section class="section" id="extra">' in html and "<h2>Extra</h2>" in html


def test_lasting_outflow_is_not_given_before_twelve_months(world, cohort):
    with translation.override("en"):
        report = _report({**PARAMS, "horizon": "6"})
    headline = dict(report.sections[0].data["figures"])
    lasting = headline["Lasting outflow (education, work or daytime activities at 6 and 12 months)"]
    assert (lasting.text, lasting.note) == ("Known from 12 months on.", True)
