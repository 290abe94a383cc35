"""Response and results of a survey round in the browser: the coordinator opens the round
list, the response, the results per question and the young people to call, and downloads
the results; a coach sees only their own young people to call. Every page passes axe."""

from __future__ import annotations

import pytest

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.privacy.models import AuditEvent

from ..factories import MembershipFactory, OrganisationFactory
from ..unit.test_survey_results import (
    QUESTIONS,
    answer_all,
    invite_many,
    make_round,
    make_version,
)
from .browser import checked, log_in, visit

pytestmark = pytest.mark.e2e


def _round(world):
    version = make_version(QUESTIONS)
    round = make_round(version, world.rmc_office, name="Check-in najaar")
    done = invite_many(round, world.school, world.municipality, {"completed": 25})
    answer_all(done, version)
    invite_many(round, world.school, world.municipality, {"opened": 2, "not_opened": 12})
    small = OrganisationFactory(school=True, name="Praktijkschool De Brug", code="de-brug")
    invite_many(round, small, world.municipality, {"completed": 3, "not_opened": 4}, channel="sms")
    return round


def test_coordinator_reads_response_results_and_who_to_call(new_context, world):
    MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    )
    round = _round(world)
    page = new_context().new_page()
    log_in(page, "coordinator")

    visit(page, "/vragenlijsten/resultaten/", "survey-results-rounds")
    with page.expect_navigation():
        page.get_by_role("link", name="Check-in najaar").first.click()
    checked(page, "survey-response")
    assert page.url.endswith(f"/vragenlijsten/resultaten/{round.pk}/respons/")
    facts = page.locator("#main .dwv-facts").inner_text()
    assert "46" in facts and "28" in facts  # invited, completed
    school_table = page.locator("#response-school").inner_text()
    assert "Praktijkschool De Brug" in school_table

    with page.expect_navigation():
        page.locator(".dwv-tabs__link").nth(1).click()
    checked(page, "survey-results-per-question")
    assert page.locator("#main table caption").count() == 6
    assert "Wat doe je nu?" in page.locator("#main h2").first.inner_text()
    assert "06 1234567" not in page.locator("#main").inner_text()
    with page.expect_download() as download:
        page.locator("a[href$='/download/resultaten.xlsx']").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert AuditEvent.objects.filter(
        action="export", object_type="surveys.round", object_id=str(round.pk)
    ).exists()

    visit(page, f"/vragenlijsten/resultaten/{round.pk}/niet-gereageerd/", "survey-nonresponders")
    assert page.locator("#main tbody tr").count() == 18  # 2 + 12 + 4, everyone in the region
    first = page.locator("#main tbody tr").first.inner_text()
    assert "Niet geopend" in first or "Not opened" in first


def test_coach_sees_only_their_own_young_people_to_call(new_context, world):
    _round(world)
    page = new_context().new_page()
    log_in(page, "coach")
    visit(page, "/vragenlijsten/resultaten/", "survey-results-rounds-coach")
    with page.expect_navigation():
        page.get_by_role("link", name="Check-in najaar").click()
    checked(page, "survey-nonresponders-coach")
    assert page.locator("#main tbody tr").count() == 14
    assert "De Brug" not in page.locator("#main").inner_text()
