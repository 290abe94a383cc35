"""The progress report for a funder (/projecten/<slug>/voortgang.pdf and .xlsx): the
project's facts, milestones, activities, funding per year, lessons, and the participants'
positions exactly as the monitor publishes them (suppressed: "x" or "hidden", never the
small number), only for cohorts with participants; for coordinators and analysts (404 for
anybody else); every download audited as an export."""

from __future__ import annotations

import datetime
import html
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.monitor.engine import Filters
from dwarsverbinder.monitor.selectors import monitor_positions
from dwarsverbinder.people.models import StatusEpisode
from dwarsverbinder.privacy.models import AuditEvent
from dwarsverbinder.programmes import report
from dwarsverbinder.programmes.constants import FundingSource, MilestoneStatus
from dwarsverbinder.programmes.models import Activity, ProjectParticipation
from tests.conftest import login
from tests.factories import MembershipFactory, PersonFactory, SchoolCareerFactory
from tests.factories.programmes import (
    FundingLineFactory,
    FundingYearFactory,
    MilestoneFactory,
    ProjectFactory,
    ReportingDateFactory,
)

pytestmark = pytest.mark.urls("tests.unit.test_programmes_funding")

LEAVE = datetime.date(2023, 6, 30)  # cohort 2022-2023
EARLIER = datetime.date(2022, 6, 30)  # cohort 2021-2022


def leavers(world, kind: str, count: int, *, leave=LEAVE, project=None) -> None:
    for _ in range(count):
        person = PersonFactory(municipality=world.municipality, surname="Deelnemer-Verborgen")
        SchoolCareerFactory(
            person=person,
            school=world.school,
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
        if project is not None:
            ProjectParticipation.objects.create(project=project, person=person, joined_on=leave)


@pytest.fixture
def project(world):
    project = ProjectFactory(
        slug="spoor-22",
        name="Spoor 22",
        region=world.rmc_region,
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        results=["Veertig jongeren begeleid naar werk"],
        success_factors=["Vaste contactpersoon bij de werkgever"],
        challenges=["Jongeren uit beeld na de zomer"],
    )
    MilestoneFactory(
        project=project, title="Eerste groep gestart", due_on=datetime.date(2023, 9, 1),
        status=MilestoneStatus.DONE, reached_on=datetime.date(2023, 9, 4),
    )  # fmt: skip
    MilestoneFactory(project=project, title="Tussenevaluatie", due_on=datetime.date(2024, 3, 1))
    Activity.objects.create(project=project, title="Matchingsdagen met werkgevers")
    rif = FundingLineFactory(
        project=project, source=FundingSource.RIF, funder="DUO (RIF)",
        amount_granted=Decimal("80000"), granted_on=datetime.date(2022, 12, 1),
    )  # fmt: skip
    FundingYearFactory(funding=rif, year=2023, granted=Decimal("40000"), spent=Decimal("31250.5"))
    FundingLineFactory(
        project=project,
        source=FundingSource.OWN,
        funder="ROC Rivor",
        amount_granted=Decimal("20000"),
    )
    ReportingDateFactory(funding=rif, due_on=datetime.date(2024, 1, 31), description="Jaarverslag")
    # 12 participants in cohort 2022-2023: 10 in education, 2 in work (a hidden cell);
    # 15 others in that cohort and 15 in the cohort before, not in the project.
    leavers(world, "onderwijs", 10, project=project)
    leavers(world, "werk", 2, project=project)
    leavers(world, "werk", 15)
    leavers(world, "onderwijs", 15, leave=EARLIER)
    return project


@pytest.fixture
def coordinator(world):
    return MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    ).user


def test_the_participants_are_the_monitors_figures_for_the_project(project):
    with translation.override("en"):
        made = report.progress_report(project=project)
    assert [c.cohort for c in made.cohorts] == ["2022-2023"]  # no participants before
    published = monitor_positions(
        cohort="2022-2023", horizon=12, filters=Filters(project=project.pk)
    ).overall
    cohort = made.cohorts[0]
    assert cohort.total.value == published.total == 12
    assert [line.count.value for line in cohort.lines] == list(published.positions.values())
    work = next(line for line in cohort.lines if line.label == "Work")
    assert work.count.hidden and work.share.hidden
    assert made.definition == "v1"


def test_no_participants_no_cohorts(world):
    project = ProjectFactory()
    leavers(world, "werk", 12)
    assert report.progress_report(project=project).cohorts == []


def test_the_pdf_report_shows_every_part_and_hides_small_numbers(client, coordinator, project):
    login(client, coordinator)
    response = client.get("/projecten/spoor-22/voortgang.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert re.match(
        r'attachment; filename="voortgang-spoor-22-\d{4}-\d{2}-\d{2}\.pdf"',
        response["Content-Disposition"],
    )

    with translation.override("en"):
        page = report.report_html(report.progress_report(project=project))
    for text in (
        "Spoor 22",
        "Eerste groep gestart",
        "Tussenevaluatie",
        "(late)",
        "Matchingsdagen met werkgevers",
        "DUO (RIF)",
        "€ 31,250.50",
        "Jaarverslag",
        "Late: not submitted",
        "Cohort 2022-2023",
        "definition v1",
        "Veertig jongeren begeleid naar werk",
        "Vaste contactpersoon bij de werkgever",
        "Jongeren uit beeld na de zomer",
    ):
        assert text in page, text
    # Co-financing: 20,000 of 100,000 is not from the RIF.
    assert "20.0 %" in page
    participants = page.split('id="participants"')[1].split('id="lessons"')[0]
    assert re.search(r"Work</th><td class=\"num hidden\">hidden</td>", participants)
    assert ">2<" not in participants
    assert "Deelnemer-Verborgen" not in page


def _sheets(content: bytes) -> dict[str, str]:
    """Each sheet's cells in order, joined with " | " (xlsxwriter's constant_memory mode
    writes text inline and numbers as values)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = re.findall(r'<sheet name="([^"]+)"', archive.read("xl/workbook.xml").decode())
        sheets = {}
        for i, name in enumerate(names, start=1):
            xml = archive.read(f"xl/worksheets/sheet{i}.xml").decode()
            cells = [
                html.unescape(re.sub(r"<[^>]+>", "", body))
                for body in re.findall(r"<c [^>]*>(.*?)</c>", xml)
            ]
            sheets[name] = " | ".join(cells)
    return sheets


def test_the_xlsx_report_has_a_sheet_per_part(client, world, project):
    analyst = world.analyst
    login(client, analyst)
    response = client.get("/projecten/spoor-22/voortgang.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheets = _sheets(response.content)
    assert len(sheets) == 8
    values = list(sheets.values())
    assert "Spoor 22" in values[0]
    assert "Eerste groep gestart" in values[1]
    assert "Matchingsdagen met werkgevers" in values[2]
    assert "DUO (RIF)" in values[3] and "31250.5" in values[3]
    assert "2023 | 40000 | 31250.5" in values[4]
    assert "Jaarverslag" in values[5]
    participants = values[6]
    assert "2022-2023" in participants and "2021-2022" not in participants
    assert "| x |" in participants and "| 2 |" not in participants
    assert "| 12 |" in participants  # the total is shown
    assert "Jongeren uit beeld na de zomer" in values[7]
    assert "Deelnemer-Verborgen" not in "".join(values)


def test_only_coordinators_and_analysts_and_every_download_is_audited(
    client, world, coordinator, project
):
    login(client, world.coach)
    assert client.get("/projecten/spoor-22/voortgang.pdf").status_code == 404
    assert client.get("/projecten/spoor-22/voortgang.xlsx").status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()
    client.logout()

    login(client, coordinator)
    assert client.get("/projecten/spoor-22/voortgang.xlsx").status_code == 200
    assert client.get("/projecten/spoor-22/voortgang.pdf").status_code == 200
    events = AuditEvent.objects.filter(action="export").order_by("pk")
    assert [(e.object_type, e.object_id, e.detail["format"]) for e in events] == [
        ("programmes.project", str(project.pk), "xlsx"),
        ("programmes.project", str(project.pk), "pdf"),
    ]
    assert events[0].actor_id == coordinator.pk
    assert events[0].detail["definition"] == "v1"
    assert events[0].detail["cohorts"] == ["2022-2023"]
    assert events[0].person_id is None
    assert client.get("/projecten/bestaat-niet/voortgang.pdf").status_code == 404
