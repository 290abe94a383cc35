"""A coordinator builds a small questionnaire with a condition in the browser, sees an
error that keeps what was typed, and publishes it. Every page is checked with axe, at
desktop width and on a 375 px phone."""

from __future__ import annotations

import re

import pytest

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.surveys.models import QuestionnaireVersion
from tests.factories import MembershipFactory

from .browser import checked, log_in, submit, visit

pytestmark = pytest.mark.e2e

PHONE = 375


@pytest.fixture
def coordinator(world):
    return MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    ).user


def _click(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def _fits_the_screen(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide on a {width}px screen"


def test_a_coordinator_builds_and_publishes_a_questionnaire(new_context, world, coordinator):
    page = new_context().new_page()
    log_in(page, "coordinator")
    visit(page, "/vragenlijsten/", "builder-list")
    _click(page, "#main a[href='/vragenlijsten/nieuw/']")
    checked(page, "builder-create")
    page.fill("#id_name", "Na zes maanden")
    page.fill("#id_description", "Voor schoolverlaters van vorig jaar")
    submit(page)
    version = QuestionnaireVersion.objects.get(questionnaire__name="Na zes maanden")
    assert page.evaluate("location.pathname") == f"/vragenlijsten/versie/{version.pk}/"
    checked(page, "builder-version-empty")

    _click(page, "#main a[href$='/inleiding/']")
    checked(page, "builder-intro")
    page.fill("#id_intro_nl", "Hoi! Twee korte vragen.")
    submit(page)

    # A single choice question, with a mistake in the options first.
    _click(page, f"#main a[href='/vragenlijsten/versie/{version.pk}/vraag/']")
    checked(page, "builder-question-kind")
    _click(page, "#main a[href='?soort=single']")
    checked(page, "builder-question-single")
    page.fill("#id_key", "where")
    page.fill("#id_text_nl", "Wat doe je nu?")
    page.fill("#id_text_en", "What are you doing now?")
    page.fill("#id_options", "school | Ik ga naar school | I go to school\nwerk")
    page.check("#id_required")
    submit(page)
    checked(page, "builder-question-error")
    assert page.locator("#id_options_error").count() == 1
    assert "2" in page.locator("#id_options_error").inner_text()  # the line is named
    assert page.locator(".dwv-error-summary a[href='#id_options']").count() == 1
    assert page.input_value("#id_key") == "where"
    assert page.input_value("#id_text_nl") == "Wat doe je nu?"
    assert page.is_checked("#id_required")
    assert page.input_value("#id_options").endswith("\nwerk")
    page.fill("#id_options", "school | Ik ga naar school | I go to school\nwork | Ik werk | I work")
    submit(page)
    assert page.evaluate("location.pathname") == f"/vragenlijsten/versie/{version.pk}/"

    # A yes/no question shown only to those who work.
    _click(page, f"#main a[href='/vragenlijsten/versie/{version.pk}/vraag/']")
    _click(page, "#main a[href='?soort=yes_no']")
    page.fill("#id_key", "happy")
    page.fill("#id_text_nl", "Vind je je werk leuk?")
    page.select_option("#id_condition_key", "where")
    page.select_option("#id_condition_operator", "equals")
    page.fill("#id_condition_value", "working")
    submit(page)
    checked(page, "builder-question-condition-error")
    assert page.locator("#id_condition_value_error").count() == 1
    assert page.input_value("#id_condition_key") == "where"
    assert page.input_value("#id_text_nl") == "Vind je je werk leuk?"
    page.fill("#id_condition_value", "work")
    submit(page)
    assert page.evaluate("location.pathname") == f"/vragenlijsten/versie/{version.pk}/"
    checked(page, "builder-version-draft")
    happy = version.questions.get(key="happy")
    assert (happy.condition_key, happy.condition_value) == ("where", "work")
    assert page.locator("#main .dwv-entries > li").count() == 2

    with page.expect_navigation():
        page.locator(f"#main form[action$='/versie/{version.pk}/publiceren/'] button").click()
    checked(page, "builder-version-published")
    version.refresh_from_db()
    assert version.status == "published" and version.published_at is not None
    assert page.locator("#main a[href*='/vragenlijsten/vraag/']").count() == 0
    assert page.locator("#main form[action*='/verplaatsen/']").count() == 0
    assert page.locator(f"#main a[href='/vragenlijst/voorbeeld/{version.pk}/']").count() == 1

    _click(page, f"#main a[href='/vragenlijsten/{version.questionnaire_id}/']")
    checked(page, "builder-questionnaire")
    with page.expect_navigation():
        page.locator("#main form[action$='/nieuwe-versie/'] button").click()
    assert re.search(r"/vragenlijsten/versie/\d+/$", page.url)
    checked(page, "builder-version-2")
    assert version.questionnaire.versions.get(number=2).questions.count() == 2


def test_builder_pages_fit_a_phone(new_context, world, coordinator):
    page = new_context(viewport={"width": PHONE, "height": 740}, is_mobile=True).new_page()
    log_in(page, "coordinator", name="builder-mobile-login")
    visit(page, "/vragenlijsten/", "builder-mobile-list")
    _fits_the_screen(page, PHONE)
    standard = QuestionnaireVersion.objects.get(questionnaire__is_standard=True)
    visit(page, f"/vragenlijsten/versie/{standard.pk}/", "builder-mobile-standard")
    _fits_the_screen(page, PHONE)
    visit(page, f"/vragenlijsten/kopieren/{standard.pk}/", "builder-mobile-copy")
    submit(page)
    copy = QuestionnaireVersion.objects.exclude(pk=standard.pk).get()
    assert copy.questions.count() == standard.questions.count()
    checked(page, "builder-mobile-copied-draft")
    _fits_the_screen(page, PHONE)
    where = copy.questions.get(key="where")
    visit(page, f"/vragenlijsten/vraag/{where.pk}/", "builder-mobile-question")
    _fits_the_screen(page, PHONE)
    visit(page, f"/vragenlijsten/vraag/{where.pk}/?soort=scale", "builder-mobile-scale")
    _fits_the_screen(page, PHONE)
    visit(page, f"/vragenlijsten/{copy.questionnaire_id}/", "builder-mobile-questionnaire")
    _fits_the_screen(page, PHONE)
