"""A warm handover in the browser: the coach records consent and hands a young person to a
wijkteam; the intake worker accepts, puts them on the waiting list and records the first
contact; every page passes axe."""

from __future__ import annotations

import re

import pytest

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.chain.models import Handover

from ..factories import MembershipFactory, OrganisationFactory
from .browser import checked, log_in, submit, visit

pytestmark = pytest.mark.e2e


def test_coach_hands_over_and_the_wijkteam_takes_it_up(new_context, world):
    person = world.person
    care = OrganisationFactory(care=True, name="Wijkteam Oost", code="wijkteam-oost")
    MembershipFactory(organisation=care, role=Role.INTAKE, user__username="intake")

    coach = new_context().new_page()
    log_in(coach, "coach")
    visit(coach, f"/overdrachten/jongere/{person.pk}/nieuw/", "handover-new")
    coach.select_option("#id_to_organisation", label="Wijkteam Oost")
    coach.select_option("#id_reason", "debts")
    coach.fill("#id_question", "Hulp bij de post graag.")
    submit(coach)  # no consent yet: refused with what is missing, input kept
    checked(coach, "handover-new-refused")
    assert "Wijkteam Oost" in coach.locator(".dwv-error-summary").inner_text()
    assert coach.input_value("#id_question") == "Hulp bij de post graag."
    with coach.expect_navigation():
        coach.locator(".dwv-error-summary a[href*='toestemming']").click()
    checked(coach, "consent-new")
    assert coach.input_value("#id_receiving_organisation") == str(care.pk)
    coach.select_option("#id_form", "in_person")
    submit(coach)
    assert coach.url.endswith(f"/jongeren/{person.pk}/#handovers")
    checked(coach, "file-with-consent")

    visit(coach, f"/overdrachten/jongere/{person.pk}/nieuw/", "handover-new-again")
    coach.select_option("#id_to_organisation", label="Wijkteam Oost")
    coach.select_option("#id_reason", "debts")
    submit(coach)
    assert re.search(r"/overdrachten/\d+/$", coach.url)
    checked(coach, "handover-detail-sender")
    handover = Handover.objects.get()

    intake = new_context().new_page()
    log_in(intake, "intake")
    visit(intake, "/overdrachten/", "handover-list-received")
    assert person.full_name in intake.locator("#main table").inner_text()
    visit(intake, f"/overdrachten/{handover.pk}/", "handover-detail-receiver")
    intake.locator("form[aria-labelledby='step-accepted'] button[type=submit]").click()
    intake.wait_for_load_state()
    checked(intake, "handover-accepted")
    form = intake.locator("form[aria-labelledby='step-waiting']")
    form.locator("button[type=submit]").click()  # no expected date: error on the form
    intake.wait_for_load_state()
    checked(intake, "handover-waiting-error")
    assert intake.locator("form[aria-labelledby='step-waiting'] .utrecht-alert").count() == 1
    handover.refresh_from_db()
    assert handover.status == "accepted"
    visit(intake, f"/jongeren/{person.pk}/", "file-received")
    main = intake.locator("#main").inner_text()
    assert person.full_name in main
    assert intake.locator("#school-careers").count() == 0
