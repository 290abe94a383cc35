"""The monitor dashboard (/monitor/) and its downloads: suppressed figures per group on a
known fixture, headline indicators, bars and a trend over cohorts, each naming definition
v1; only analysts and coordinators (404 for others); bad parameters give an error on the
field and still a page; every view and download audited; a fixed number of queries."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.people.models import StatusEpisode
from dwarsverbinder.privacy.models import AuditEvent
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    PersonFactory,
    RegionFactory,
    SchoolCareerFactory,
)
from tests.unit.test_survey_results import _csv, _xlsx

URL = "/monitor/"
LEAVE = datetime.date(2023, 6, 30)  # cohort 2022-2023
EARLIER = datetime.date(2022, 6, 30)  # cohort 2021-2022
POSITIONS = ["onderwijs", "werk", "dagbesteding", "uitkering", "geen", "onbekend"]


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def leavers(municipality, school, kind: str, count: int, leave=LEAVE, **fields) -> None:
    """People who left on ``leave`` and were in ``kind`` for the two years after."""
    for _ in range(count):
        person = PersonFactory(municipality=municipality, **fields)
        SchoolCareerFactory(
            person=person,
            school=school,
            start_date=leave - datetime.timedelta(days=365),
            leave_date=leave,
        )
        StatusEpisode.objects.create(
            person=person,
            kind=kind,
            start_date=leave,
            end_date=leave + datetime.timedelta(days=800),
            last_confirmed=leave,
            source="school",
        )


@pytest.fixture
def cohort(world):
    """Cohort 2022-2023 in four RMC regions (22, 21, 3 and 8 people), as in
    test_monitor_api.py, and a cohort 2021-2022 of 15 people in education."""
    regions = {
        "a": world.rmc_region,
        "b": RegionFactory(code="rmc-b", name="RMC-regio B"),
        "c": RegionFactory(code="rmc-c", name="RMC-regio C"),
        "d": RegionFactory(code="rmc-d", name="RMC-regio D"),
    }
    places = {
        "a": world.municipality,
        **{k: MunicipalityFactory(code=f"gemeente-{k}", rmc_region=regions[k]) for k in "bcd"},
    }
    leavers(places["a"], world.school, "onderwijs", 12)
    leavers(places["a"], world.school, "werk", 10)
    leavers(places["b"], world.school, "werk", 11)
    leavers(places["b"], world.school, "geen", 10)
    leavers(places["c"], world.school, "geen", 3)
    leavers(places["d"], world.school, "geen", 8)
    leavers(places["a"], world.school, "onderwijs", 15, leave=EARLIER)
    return places


def _rows(response) -> dict:
    return {row.label: row for row in response.context["rows"][:-1]}


def test_figures_per_region_with_small_groups_hidden(client, world, cohort):
    client.force_login(world.analyst)
    response = client.get(URL, {"cohort": "2022-2023", "horizon": 12, "group_by": "region"})
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.definition, result.cohort, result.horizon) == ("v1", "2022-2023", 12)

    rows = _rows(response)
    a = rows["RMC-regio Rivierenland"]
    assert a.total == 22
    assert [(c.position, c.count) for c in a.cells] == list(
        zip(POSITIONS, [12, 10, 0, 0, 0, 0], strict=True)
    )
    assert [c.share for c in a.cells][:2] == [54.5, 45.5]
    for small in ("RMC-regio C", "RMC-regio D"):
        assert rows[small].total is None
        assert [c.count for c in rows[small].cells] == [0, 0, 0, 0, None, 0]
        assert rows[small].cells[4].share is None
    everyone = response.context["rows"][-1]
    assert (everyone.total, everyone.cells[1].count) == (54, 21)

    html = response.content.decode()
    table = html[html.index('id="groups-table"') : html.index("</table>")]
    # C and D: the total, the count of geen and every share (their denominator is hidden).
    assert table.count('<span aria-hidden="true">x</span>') == 2 * (1 + 1 + 6)
    assert '<span class="dwv-visually-hidden">hidden</span>' in table
    assert "54.5" in table and "RMC-regio C" in table
    assert 'id="legend"' in html and "is hidden and shown as x" in html
    assert "definition v1" in html


def test_headline_indicators_and_trend(client, world, cohort):
    client.force_login(world.analyst)
    response = client.get(URL, {"cohort": "2022-2023", "horizon": 12, "group_by": "none"})
    overall = response.context["result"].overall
    assert overall.indicators == {
        "education_or_work": 61.1,
        "neet": 38.9,
        "onbekend": 0.0,
        "lasting_outflow": 61.1,
        "placement": 0.0,
        "certificate": 0.0,
    }
    html = response.content.decode()
    headline = html[html.index('id="headline-figures"') : html.index("</dl>")]
    assert "61.1" in headline and "38.9" in headline and "54" in headline
    assert len(response.context["rows"]) == 1  # nothing grouped: only the whole

    trend = dict(response.context["trend"])
    assert list(trend) == ["2021-2022", "2022-2023"]
    assert trend["2021-2022"].total == 15
    assert trend["2021-2022"].indicators["education_or_work"] == 100.0
    assert trend["2022-2023"].total == 54
    trend_html = html[html.index('id="trend-table"') :]
    assert "2021-2022" in trend_html and "100.0" in trend_html


def test_lasting_outflow_is_not_given_before_twelve_months(client, world, cohort):
    client.force_login(world.analyst)
    response = client.get(URL, {"cohort": "2022-2023", "horizon": 6})
    assert response.status_code == 200
    assert "Known from 12 months on." in response.content.decode()


def test_bars_are_svg_images_with_the_table_numbers(client, world, cohort):
    client.force_login(world.analyst)
    response = client.get(URL, {"cohort": "2022-2023", "horizon": 12, "group_by": "region"})
    bars = {bar.row.label: bar for bar in response.context["bars"][:-1]}
    a = bars["RMC-regio Rivierenland"]
    assert [(s.x, s.width, s.colour != "") for s in a.segments] == [
        ("0.000", "54.545", True),
        ("54.545", "45.455", True),
    ]
    assert "Education 12 (54.5 %)" in a.description and "definition v1" in a.description
    # A hidden total: one hatched segment, and the label says hidden.
    c = bars["RMC-regio C"]
    assert [(s.width, s.colour) for s in c.segments] == [("100.000", "")]
    assert "hidden" in c.description

    html = response.content.decode()
    svgs = re.findall(r'<svg class="dwv-bar" role="img" aria-label="([^"]+)"', html)
    assert len(svgs) == 5  # four regions and the whole
    assert any("RMC-regio Rivierenland" in label for label in svgs)
    assert len(set(re.findall(r'<pattern id="([^"]+)"', html))) == 6  # unique, with legend
    assert "<script" not in html[html.index('id="bars"') :]


def test_hidden_positions_are_drawn_as_one_hatched_part(client, world, cohort):
    """Region B with 11 in work, 10 nothing and 4 on a benefit: the 4 is hidden, and so is
    at least one more; the bar draws the shown counts and then the hidden ones together."""
    leavers(cohort["b"], world.school, "uitkering", 4)
    client.force_login(world.analyst)
    response = client.get(URL, {"cohort": "2022-2023", "horizon": 12, "group_by": "region"})
    b = {row.label: row for row in response.context["rows"]}["RMC-regio B"]
    assert b.total == 25
    shown = [c.count for c in b.cells if c.count]
    assert b.cells[3].count is None and sum(c.count is None for c in b.cells) >= 2
    assert b.hidden == 25 - sum(shown) >= 10
    bar = {bar.row.label: bar for bar in response.context["bars"]}["RMC-regio B"]
    assert [s.colour == "" for s in bar.segments] == [False] * len(shown) + [True]
    assert bar.segments[-1].width == f"{b.hidden / 25 * 100:.3f}"


def test_filters_narrow_the_figures_and_keep_their_values(client, world, cohort):
    client.force_login(world.analyst)
    response = client.get(
        URL, {"cohort": "2022-2023", "horizon": 6, "group_by": "school", "region": "rmc-b"}
    )
    assert response.context["result"].overall.total == 21
    html = response.content.decode()
    assert re.search(r'<option value="rmc-b" selected>', html)
    assert re.search(r'<option value="6" selected>', html)
    assert re.search(r'<option value="school" selected>', html)


def test_without_parameters_the_newest_reached_cohort_is_shown(client, world, cohort):
    client.force_login(world.analyst)
    response = client.get(URL)
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.cohort, result.horizon, result.group_by) == ("2022-2023", 12, "region")


def test_bad_parameters_give_an_error_on_the_field(client, world, cohort):
    client.force_login(world.analyst)
    response = client.get(
        URL, {"cohort": "1999-2000", "horizon": "7", "group_by": "shoe", "region": "nope"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"cohort", "horizon", "group_by", "region"}
    assert "Choose a horizon of 3, 6, 12, 18 or 24 months." in form.errors["horizon"]
    assert "result" not in response.context
    html = response.content.decode()
    assert "dwv-error-summary" in html and 'href="#id_horizon"' in html
    assert 'value="1999-2000"' not in html  # not offered as a cohort
    event = AuditEvent.objects.get(object_type="monitor.dashboard")
    assert event.detail == {"errors": ["cohort", "group_by", "horizon", "region"]}


def test_a_download_with_bad_parameters_is_refused(client, world, cohort):
    client.force_login(world.analyst)
    response = client.get(URL + "download.csv", {"cohort": "2022-2023", "horizon": "7"})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="export").exists()
    assert client.get(URL + "download.pdf", {"cohort": "2022-2023"}).status_code == 404


def test_every_view_is_audited_with_its_parameters(client, world, cohort):
    client.force_login(world.analyst)
    client.get(URL, {"cohort": "2022-2023", "horizon": 12, "group_by": "school", "level": 2})
    event = AuditEvent.objects.get(object_type="monitor.dashboard")
    assert event.action == "view"
    assert event.person_id is None
    assert event.role == Role.ANALYST
    assert event.detail == {
        "definition": "v1",
        "cohort": "2022-2023",
        "horizon": 12,
        "group_by": "school",
        "level": 2,
    }


@pytest.mark.parametrize("who", ["coach", "privacy_officer", "outsider", "administrator"])
def test_others_get_a_404(client, world, cohort, who):
    client.force_login(getattr(world, who))
    assert client.get(URL).status_code == 404
    assert client.get(URL + "download.csv").status_code == 404
    assert not AuditEvent.objects.filter(object_type="monitor.dashboard").exists()


def test_a_coordinator_may_read_it_and_anonymous_users_log_in(client, world, cohort):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    coordinator = MembershipFactory(organisation=world.rmc_office, role=Role.COORDINATOR).user
    client.force_login(coordinator)
    assert client.get(URL).status_code == 200


def test_no_cohorts_yet(client, world):
    client.force_login(world.analyst)
    response = client.get(URL)
    assert response.status_code == 200
    assert "There are no school leavers in the monitor yet." in response.content.decode()


def test_csv_download_has_the_same_suppression(client, world, cohort):
    client.force_login(world.analyst)
    params = {"cohort": "2022-2023", "horizon": 12, "group_by": "region"}
    response = client.get(URL + "download.csv", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="monitor-2022-2023-12m-region.csv"' in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:4] == ["Group", "Total", "Education (number)", "Education (%)"]
    assert len(rows[0]) == 2 + 2 * 6
    by_label = {row[0]: row for row in rows[1:6]}
    assert by_label["RMC-regio Rivierenland"][:6] == [
        "RMC-regio Rivierenland",
        "22",
        "12",
        "54,5",
        "10",
        "45,5",
    ]
    c = by_label["RMC-regio C"]
    assert c[1] == "x" and c[10] == "x" and c[11] == "x"  # total, geen and its share
    assert by_label["All"][1] == "54"
    text = "\n".join(";".join(r) for r in rows)
    assert "x = hidden: fewer than 10 young people" in text
    assert "definition v1" in text and "cohort=2022-2023" in text

    event = AuditEvent.objects.get(action="export")
    assert event.object_type == "monitor.dashboard"
    assert event.detail == {"definition": "v1", "format": "csv", "table": "positions", **params}


def test_xlsx_download_and_formula_injection(client, world, cohort):
    rogue = RegionFactory(code="rmc-rogue", name="=HYPERLINK(1)")
    leavers(MunicipalityFactory(rmc_region=rogue), world.school, "werk", 10)
    client.force_login(world.analyst)
    response = client.get(
        URL + "download.xlsx", {"cohort": "2022-2023", "horizon": 12, "group_by": "region"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    grid = _xlsx(response)
    assert grid[0][:2] == ["Group", "Total"]
    labels = [row[0] for row in grid[1:7]]
    assert "=HYPERLINK(1)" in labels  # a string cell, never a formula
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    c = next(row for row in grid if row and row[0] == "RMC-regio C")
    assert c[1] == "x"
    csv_rows = _csv(client.get(URL + "download.csv", {"cohort": "2022-2023", "horizon": 12}))
    assert "'=HYPERLINK(1)" in [row[0] for row in csv_rows if row]
    assert AuditEvent.objects.filter(action="export").count() == 2


def test_the_number_of_queries_does_not_grow_with_people(client, world, cohort):
    client.force_login(world.analyst)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(
                URL, {"cohort": "2022-2023", "horizon": 12, "group_by": "municipality"}
            )
        assert response.status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    leavers(MunicipalityFactory(), world.school, "werk", 15)
    leavers(MunicipalityFactory(), world.school, "onderwijs", 12, leave=EARLIER)
    assert queries() == before


def test_the_default_cohort_is_the_newest_complete_one():
    from dwarsverbinder.monitor.forms import default_cohort

    cohorts = ["2023-2024", "2024-2025", "2025-2026"]
    today = datetime.date(2026, 11, 25)
    # 2024-2025 ended 31 July 2025; + 12 months lies before today: everybody reached it.
    assert default_cohort(cohorts, 12, today) == "2024-2025"
    # At 3 months the 2025-2026 cohort is complete too (31 July 2026 + 3 months).
    assert default_cohort(cohorts, 3, today) == "2025-2026"
    # Nobody complete: the newest of which somebody reached the horizon.
    assert default_cohort(["2025-2026"], 12, today) == "2025-2026"


def test_the_time_to_first_work_curve_has_a_table_beside_it(client, world, cohort):
    client.force_login(world.analyst)
    response = client.get(URL, {"cohort": "2022-2023", "horizon": 12, "group_by": "region"})
    curve = response.context["curve"]
    labels = [line.label for line in curve.lines]
    # All first, then the regions with enough people (C has 3, D has 8: not drawn).
    assert labels[0] == "All"
    assert sorted(labels[1:]) == ["RMC-regio B", "RMC-regio Rivierenland"]
    assert curve.omitted == 2
    everyone = curve.lines[0]
    # 33 of 54 started in month 1 (education or work); the 21 in "geen" never do.
    assert everyone.values == [61] * 24
    rivierenland = curve.lines[labels.index("RMC-regio Rivierenland")]
    assert rivierenland.values[0] == 100
    # Everybody started: nobody is still waiting after month 1, so the rest is hidden.
    assert rivierenland.values[1:] == [None] * 23
    html = response.content.decode()
    section = html[html.index('id="curve"') :]
    assert 'class="dwv-curve" role="img"' in section
    assert "61 % by month 12" in section  # the chart's text alternative
    table = section[section.index('id="curve-table"') : section.index("</table>")]
    assert table.count('<tr class="utrecht-table__row"><th') == 24
    assert "61 %" in table and '<span aria-hidden="true">x</span>' in table


@pytest.mark.parametrize("table", ["trend", "curve"])
def test_the_trend_and_the_curve_download_too(client, world, cohort, table):
    client.force_login(world.analyst)
    params = {"cohort": "2022-2023", "horizon": 12, "group_by": "region", "table": table}
    response = client.get(URL + "download.csv", params)
    assert response.status_code == 200
    assert (
        f'filename="monitor-{table}-2022-2023-12m-region.csv"' in (response["Content-Disposition"])
    )
    rows = _csv(response)
    if table == "trend":
        assert rows[0][:2] == ["Cohort", "Young people counted"]
        assert rows[1][:3] == ["2021-2022", "15", "100,0"]
        assert rows[2][:3] == ["2022-2023", "54", "61,1"]
    else:
        assert rows[0][0] == "Months after leaving school"
        assert rows[0][1] == "All" and "RMC-regio C" in rows[0]
        assert rows[1][1] == "61"
        c = rows[0].index("RMC-regio C")
        assert {row[c] for row in rows[1:25]} == {"x"}
    event = AuditEvent.objects.get(action="export")
    assert event.detail["table"] == table
    assert client.get(URL + "download.csv", {**params, "table": "people"}).status_code == 404


@pytest.fixture
def pilot(world, cohort):
    from dwarsverbinder.programmes.models import ProjectParticipation
    from tests.factories import ProjectFactory

    project = ProjectFactory(slug="werkfit", name="Werkfit", region=world.rmc_region)
    # Ten of region A's leavers take part, and one who lives in region B.
    region_a = list(
        SchoolCareerFactory._meta.model.objects.filter(
            person__municipality=world.municipality, leave_date=LEAVE
        ).values_list("person_id", flat=True)
    )[:10]
    elsewhere = SchoolCareerFactory._meta.model.objects.filter(
        person__municipality=cohort["b"], leave_date=LEAVE
    ).values_list("person_id", flat=True)[0]
    ProjectParticipation.objects.bulk_create(
        ProjectParticipation(project=project, person_id=pk, joined_on=LEAVE)
        for pk in [*region_a, elsewhere]
    )
    return project


def test_a_pilot_against_the_rest_of_its_region(client, world, pilot):
    client.force_login(world.analyst)
    response = client.get(
        URL, {"cohort": "2022-2023", "horizon": 12, "group_by": "pilot", "project": "werkfit"}
    )
    assert response.status_code == 200
    rows = _rows(response)
    assert rows["In the pilot"].total == 11
    assert rows["Rest of the region"].total == 12  # region A's 22 less its 10
    assert response.context["rows"][-1].total == 23
    html = response.content.decode()
    assert "In the pilot" in html and "Rest of the region" in html

    only = client.get(URL, {"cohort": "2022-2023", "horizon": 12, "project": "werkfit"})
    assert only.context["rows"][-1].total == 11
    assert AuditEvent.objects.filter(detail__project="werkfit").count() == 2


def test_a_comparison_needs_a_pilot_with_a_region(client, world, pilot):
    client.force_login(world.analyst)
    params = {"cohort": "2022-2023", "horizon": 12, "group_by": "pilot"}
    response = client.get(URL, params)
    assert "Choose the pilot to compare" in response.context["form"].errors["project"][0]
    assert "result" not in response.context
    pilot.region = None
    pilot.save()
    response = client.get(URL, {**params, "project": "werkfit"})
    assert "no region of its own" in response.context["form"].errors["project"][0]
    other = RegionFactory(code="rmc-x")
    pilot.region = world.rmc_region
    pilot.save()
    response = client.get(URL, {**params, "project": "werkfit", "region": other.code})
    assert "compared within its own region" in response.context["form"].errors["region"][0]


def test_only_an_analyst_sees_the_link_to_the_researcher_extract(client, world, cohort):
    client.force_login(world.analyst)
    link = 'href="/monitor/onderzoeksbestand/"'
    assert link in client.get(URL).content.decode()
    coordinator = MembershipFactory(organisation=world.rmc_office, role=Role.COORDINATOR).user
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200 and link not in response.content.decode()


def test_the_trend_has_a_chart_with_the_table_beside_it(client, world, cohort):
    client.force_login(world.analyst)
    response = client.get(URL, {"cohort": "2022-2023", "horizon": 12, "group_by": "none"})
    chart = response.context["trend_chart"]
    assert [label for _x, label in chart["labels"]] == ["2021-2022", "2022-2023"]
    education_or_work = chart["series"][0]
    assert education_or_work.label == "In education or work"
    # 100 % in 2021-2022 at the top of the plot, 61.1 % in 2022-2023 below it.
    (x1, y1), (x2, y2) = education_or_work.points
    assert float(y1) < float(y2) and float(x1) < float(x2)
    html = response.content.decode()
    section = html[html.index('id="trend"') : html.index('id="curve"')]
    assert 'class="dwv-curve" role="img"' in section
    assert section.count("<polyline") == 3
    table = section[section.index('id="trend-table"') :]
    assert "Position unknown" in table and "61.1" in table
