"""The regional coordinator records a learning circle (a single region is refused with the
typing kept), adds a participant, and reads the overlap page; a coach reads the circle.
Every page is checked with axe."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.programmes.models import LearningCircle
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory, RegionFactory
from tests.factories.programmes import ProjectParticipationFactory, RegionalIssueFactory

from .browser import checked, log_in, submit, visit

pytestmark = pytest.mark.e2e


def test_coordinator_records_a_learning_circle_and_a_coach_reads_it(new_context, world):
    MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    )
    friesland = RegionFactory(name="Friesland Noord", code="rmc-friesland-noord")
    RegionFactory(name="Rijnland", code="rmc-rijnland")
    ProjectFactory(name="CircuLEREN")
    OrganisationFactory(name="KBA Nijmegen", code="kba-nijmegen")

    page = new_context().new_page()
    log_in(page, "coordinator")
    visit(page, "/projecten/leerkringen/", "circles-empty")
    with page.expect_navigation():
        page.locator("#main a[href='/projecten/leerkringen/nieuw/']").click()
    checked(page, "circle-new")
    page.fill("#id_title", "Tweede leercirkel")
    page.fill("#id_held_on", "2026-04-01")
    page.fill("#id_place", "Utrecht")
    page.fill("#id_themes", "Gegevensdeling\nVolgsysteem")
    page.get_by_label("Friesland Noord").check()
    submit(page)
    checked(page, "circle-new-error")
    assert page.locator("#id_regions_error").count() == 1
    assert page.input_value("#id_title") == "Tweede leercirkel"
    page.get_by_label("Rijnland").check()
    page.locator("#id_projects").select_option(label="CircuLEREN")
    submit(page)
    assert re.search(r"/projecten/leerkringen/\d+/$", page.url)
    checked(page, "circle-detail-coordinator")
    circle = LearningCircle.objects.get()
    assert {r.pk for r in circle.regions.all()} >= {friesland.pk}
    main = page.locator("#main").inner_text()
    assert "Utrecht" in main and "Gegevensdeling" in main and "CircuLEREN" in main

    visit(page, f"/projecten/leerkringen/{circle.pk}/deelnemers/", "circle-participants")
    page.locator("#id_organisation").select_option(label="KBA Nijmegen")
    page.fill("#id_role", "Onderzoeker")
    with page.expect_navigation():
        page.locator("#main form.dwv-form button[type=submit]").click()
    checked(page, "circle-participants-added")
    assert "KBA Nijmegen" in page.locator("#main ul").first.inner_text()

    coach = new_context().new_page()
    log_in(coach, "coach")
    visit(coach, "/projecten/leerkringen/", "circles-coach")
    assert "Tweede leercirkel" in coach.locator("#main table").inner_text()
    assert coach.locator("#main a[href='/projecten/leerkringen/nieuw/']").count() == 0
    visit(coach, f"/projecten/leerkringen/{circle.pk}/", "circle-detail-coach")
    assert "Onderzoeker" in coach.locator("#main").inner_text()
    visit(coach, f"/projecten/leerkringen/{circle.pk}/bewerken/", "circle-edit-coach", status=404)


def test_coordinator_reads_the_overlap_page(new_context, world):
    MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    )
    issue = RegionalIssueFactory()
    projects = []
    for name in ("Praktijkcoaches", "Volgsysteem"):
        project = ProjectFactory(name=name, region=world.rmc_region)
        project.issues.set([issue])
        projects.append(project)
        ProjectParticipationFactory(
            project=project,
            person=world.person,
            joined_on=timezone.localdate() - datetime.timedelta(days=30),
        )

    page = new_context().new_page()
    log_in(page, "coordinator")
    visit(page, "/projecten/overlap/", "overlap")
    main = page.locator("#main").inner_text()
    assert "Praktijkcoaches" in main and "Volgsysteem" in main
    assert world.person.full_name in page.locator("#main table").first.inner_text()
