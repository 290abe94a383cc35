"""Regional issues and projects in a browser: the public issue pages without login, the
coordinator editing a project (with a wrong period first), and a coach enrolling a young
person. Every page is checked with axe."""

from __future__ import annotations

import datetime

import pytest

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.programmes.constants import PartnerRole
from dwarsverbinder.programmes.models import Milestone, ProjectParticipation, ProjectPartner

from ..factories import MembershipFactory, ProjectFactory
from ..factories.programmes import MilestoneFactory, RegionalIssueFactory
from .browser import checked, log_in, submit, visit

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _issue_urls(settings):
    # Until conf/urls.py mounts /vraagstukken/, use the unit tests' URL map that adds it.
    settings.ROOT_URLCONF = "tests.unit.test_programmes_projects"


@pytest.fixture
def pilot(world):
    issue = RegionalIssueFactory(number=4, slug="uitval", title="Voortijdig schoolverlaten")
    project = ProjectFactory(
        slug="voordeel",
        name="VOORdeel & VERVOLG",
        region=world.rmc_region,
        approach="Een vaste coach vanaf het laatste schooljaar.",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2027, 12, 31),
        target_age_min=16,
        target_age_max=23,
        target_programme_types=["pro", "vso"],
        results=["30 jongeren op een werkplek"],
        success_factors=["Korte lijnen met werkgevers"],
        challenges=["Wisselende contactpersonen"],
    )
    project.issues.add(issue)
    ProjectPartner.objects.create(
        project=project, organisation=world.school, role=PartnerRole.PENVOERDER
    )
    MilestoneFactory(project=project, title="Convenant", due_on=datetime.date(2025, 3, 1))
    MembershipFactory(
        organisation=world.school, role=Role.COORDINATOR, user__username="coordinator"
    )
    return project


def test_public_reads_how_regions_approach_an_issue(page, pilot):
    visit(page, "/vraagstukken/", "issues-list")
    with page.expect_navigation():
        page.locator("#main a", has_text="Voortijdig schoolverlaten").click()
    checked(page, "issues-detail")
    text = page.locator("#main").inner_text()
    assert "VOORdeel & VERVOLG" in text
    assert "ROC Rivor" in text
    assert "Korte lijnen met werkgevers" in text
    assert "Sanne" not in text
    visit(page, "/vraagstukken/bestaat-niet/", "issues-404", status=404)


def test_coordinator_keeps_a_project(page, pilot):
    log_in(page, "coordinator", name="projects-login-coordinator")
    visit(page, "/projecten/voordeel/", "project-detail-coordinator")
    # The milestone planned in 2025 and not reached is marked late.
    assert page.locator("tr.dwv-row--overdue").count() == 1

    visit(page, "/projecten/voordeel/bewerken/", "project-edit")
    page.fill("#id_start_date", "2026-05-01")
    page.fill("#id_end_date", "2026-04-01")
    page.fill("#id_name", "VOORdeel en VERVOLG")
    submit(page)
    checked(page, "project-edit-error")
    assert page.locator(".dwv-error-summary").count() == 1
    assert page.locator("#id_end_date_error").count() == 1
    assert page.locator("#id_name").input_value() == "VOORdeel en VERVOLG"

    visit(page, "/projecten/voordeel/mijlpalen/nieuw/", "milestone-add")
    page.fill("#id_title", "Eindconferentie")
    page.fill("#id_due_on", "2028-03-01")
    submit(page)
    checked(page, "milestone-add-error")
    assert page.locator("#id_due_on_error").count() == 1
    page.fill("#id_due_on", "2027-11-01")
    submit(page)
    checked(page, "milestone-added")
    assert Milestone.objects.filter(title="Eindconferentie").exists()

    visit(page, "/projecten/voordeel/activiteiten/nieuw/", "activity-add")
    visit(page, "/projecten/voordeel/links/", "project-links")
    page.fill("#id_title", "Eindrapport")
    page.fill("#id_url", "niet-een-adres met spaties")
    submit(page)
    checked(page, "project-links-error")
    assert page.locator("#id_url_error").count() == 1
    visit(page, "/projecten/voordeel/partners/", "project-partners")


def test_coach_enrols_a_visible_young_person(page, world, pilot):
    log_in(page, "coach", name="projects-login-coach")
    visit(page, "/projecten/voordeel/deelnemers/", "participants-empty")
    page.fill("#id_q", "Jansen")
    submit(page)
    checked(page, "participants-search")
    prefix = f"p{world.person.pk}"
    page.fill(f"#id_{prefix}-joined_on", "2026-02-01")
    with page.expect_navigation():
        page.locator(f"form[action$='/aanmelden/{world.person.pk}/'] button").click()
    checked(page, "participants-enrolled")
    assert "Sanne Jansen" in page.locator("#main table").inner_text()
    participation = ProjectParticipation.objects.get()
    assert participation.person == world.person

    visit(
        page,
        f"/projecten/voordeel/deelnemers/{participation.pk}/beeindigen/",
        "participant-end",
    )
    page.fill("#id_left_on", "2026-01-01")
    submit(page)
    checked(page, "participant-end-error")
    assert page.locator("#id_left_on_error").count() == 1
    participation.refresh_from_db()
    assert participation.left_on is None


def test_administrator_edits_issues_and_project_inlines(page, world, pilot):
    log_in(page, "beheer", name="projects-login-admin")
    issue = pilot.issues.get()
    visit(page, f"/beheer/programmes/regionalissue/{issue.pk}/change/", "admin-issue-change")
    assert page.locator("#id_summary").count() == 1
    visit(page, f"/beheer/programmes/project/{pilot.pk}/change/", "admin-project-change")
    assert page.locator("#milestones-group").count() == 1
    assert page.locator("#activities-group").count() == 1
    assert page.locator("#links-group").count() == 1
