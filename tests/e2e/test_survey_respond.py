"""A young person answers the standard check-in on a phone, one question per page, and a
coach shows a QR code in class where students identify themselves. Every page on the way
passes axe and fits a 375 px screen."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from dwarsverbinder.followup.models import Task
from dwarsverbinder.people.models import ContactChannel, Identity, StatusEpisode
from dwarsverbinder.surveys.constants import RoundStatus
from dwarsverbinder.surveys.models import ClassSession, Invitation, QuestionnaireVersion, Round
from dwarsverbinder.surveys.standard import ensure_standard_checkin
from dwarsverbinder.surveys.tokens import new_token

from .browser import checked, log_in, submit, visit

pytestmark = pytest.mark.e2e

WIDTH = 375
TODAY = timezone.localdate()


@pytest.fixture
def round_(world) -> Round:
    ensure_standard_checkin()
    version = QuestionnaireVersion.objects.get(questionnaire__is_standard=True, number=1)
    return Round.objects.create(
        name="Check-in juni",
        version=version,
        organisation=world.rmc_office,
        starts_on=TODAY - datetime.timedelta(days=1),
        closes_on=TODAY + datetime.timedelta(days=14),
        status=RoundStatus.OPEN,
    )


def _phone(new_context):
    return new_context(viewport={"width": WIDTH, "height": 740}, is_mobile=True).new_page()


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide on a {WIDTH}px screen"


def _next(page, name: str) -> None:
    with page.expect_navigation():
        submit(page)
    checked(page, name)
    _fits(page)


def test_a_young_person_answers_the_check_in_on_a_phone(new_context, world, round_):
    token, token_hash = new_token()
    Invitation.objects.create(
        round=round_, person=world.person, token_hash=token_hash, channel="email"
    )
    root = f"/vragenlijst/{token}/"
    page = _phone(new_context)

    visit(page, root, "survey-intro")
    _fits(page)
    assert page.locator("h1").inner_text() == "Check-in"
    with page.expect_navigation():
        page.locator("#main a.utrecht-button-link").click()
    assert page.evaluate("location.pathname") == root + "where/"
    checked(page, "survey-question")
    _fits(page)
    # "Question 1 of 6": the questions about new contact details are not shown (yet).
    assert re.findall(r"\d+", page.inner_text("#progress")) == ["1", "6"]

    _next(page, "survey-question-error")  # nothing chosen: an error on this question
    assert page.locator("[role=alert]").count() == 1
    assert page.locator("#answer-error").count() == 1
    page.check("input[value=work]")
    _next(page, "survey-question-date")
    assert page.evaluate("location.pathname") == root + "since/"
    page.fill("#answer-0", (TODAY - datetime.timedelta(days=60)).isoformat())
    _next(page, "survey-question-yes-no")
    page.check("input[value=no]")
    _next(page, "survey-question-phone")
    assert page.evaluate("location.pathname") == root + "new_phone/"
    page.fill("#answer-0", "bel me")
    _next(page, "survey-question-phone-error")
    assert page.input_value("#answer-0") == "bel me"
    page.fill("#answer-0", "06 12345678")
    _next(page, "survey-question-email")
    _next(page, "survey-question-coach")  # left empty: it did not change
    page.check("input[value=yes]")
    _next(page, "survey-question-scale")
    page.check("input[value='4']")
    _next(page, "survey-question-money")
    page.check("input[value=no]")
    _next(page, "survey-summary")
    assert page.evaluate("location.pathname") == root + "overzicht/"
    assert "06 12345678" in page.locator("#main").inner_text()

    _next(page, "survey-thanks")
    assert page.evaluate("location.pathname") == root + "bedankt/"
    invitation = Invitation.objects.get()
    assert invitation.completed_at is not None
    assert invitation.response.applied_at is not None
    assert StatusEpisode.objects.get(person=world.person).kind == "werk"
    assert ContactChannel.objects.get(person=world.person, value="0612345678").source == (
        "vragenlijst"
    )
    assert Task.objects.filter(person=world.person, kind="help").count() == 1

    visit(page, root, "survey-already-answered")
    assert page.locator("h1").count() == 1
    visit(
        page, "/vragenlijst/dit-is-geen-echte-link-maar-een-verzinsel/", "survey-forged", status=404
    )


def test_a_coach_shows_a_qr_code_and_a_student_identifies(new_context, world, round_):
    Identity.objects.create(
        person=world.person, kind="student_number", organisation=world.school, value="R123456"
    )
    coach = new_context().new_page()
    log_in(coach, "coach")
    visit(coach, "/vragenlijst/klas/", "survey-class-rounds")
    visit(coach, f"/vragenlijst/klas/start/{round_.pk}/", "survey-class-open")
    with coach.expect_navigation():
        submit(coach)
    checked(coach, "survey-class-qr")
    session = ClassSession.objects.get()
    assert coach.locator("#main svg[role=img]").count() == 1
    assert f"/vragenlijst/klas/{session.code}/" in coach.locator("#main").inner_text()
    assert session.code in coach.locator("#main").inner_text()

    student = _phone(new_context)
    visit(student, f"/vragenlijst/klas/{session.code}/", "survey-class-identify")
    _fits(student)
    student.fill("#id_student_number", "R123456")
    student.fill("#id_date_of_birth", "1990-01-01")
    _next(student, "survey-class-identify-error")
    assert student.locator("[role=alert]").count() == 1
    assert student.input_value("#id_student_number") == "R123456"
    student.fill("#id_date_of_birth", world.person.date_of_birth.isoformat())
    _next(student, "survey-class-start")
    assert student.evaluate("location.pathname") == f"/vragenlijst/klas/{session.code}/vragen/"
    assert Invitation.objects.get().channel == "class"


def test_a_coordinator_previews_the_check_in_and_nothing_is_saved(new_context, world, round_):
    from dwarsverbinder.accounts.constants import Role
    from dwarsverbinder.surveys.models import Answer, Response

    from ..factories import MembershipFactory

    MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    )
    page = _phone(new_context)  # as the young people will see it
    log_in(page, "coordinator")
    root = f"/vragenlijst/voorbeeld/{round_.version_id}/"
    visit(page, root, "survey-preview-intro")
    assert page.locator(".dwv-preview-banner").count() == 1
    visit(page, root + "where/", "survey-preview-question")
    page.check("input[value=nothing]")
    _next(page, "survey-preview-since")
    assert page.locator(".dwv-preview-banner").count() == 1
    assert not Response.objects.exists()
    assert not Answer.objects.exists()
