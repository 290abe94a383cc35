"""A coordinator makes a round (a mistake first, with what was typed kept), checks the
preview, starts sending (the task runs inline in tests) and follows the progress bar;
every page passes axe."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.people.models import ContactChannel
from dwarsverbinder.surveys.constants import RoundStatus, VersionStatus
from dwarsverbinder.surveys.models import Invitation, QuestionnaireVersion, Round

from ..factories import MembershipFactory, PersonFactory, SchoolCareerFactory
from .browser import checked, log_in, submit, visit

pytestmark = pytest.mark.e2e

TODAY = timezone.localdate()


def _leaver(world, email: str = ""):
    person = PersonFactory(municipality=world.municipality)
    SchoolCareerFactory(
        person=person, school=world.school, leave_date=TODAY - datetime.timedelta(days=90)
    )
    if email:
        ContactChannel.objects.create(
            person=person, kind="email", value=email, source="school", last_confirmed=TODAY
        )
    return person


def test_coordinator_makes_a_round_and_sends_it(new_context, world, smtp_server):
    MembershipFactory(
        organisation=world.school, role=Role.COORDINATOR, user__username="coordinator"
    )
    _leaver(world, "a@example.nl")
    _leaver(world, "b@example.nl")
    version = QuestionnaireVersion.objects.get(
        questionnaire__is_standard=True, status=VersionStatus.PUBLISHED
    )

    page = new_context().new_page()
    log_in(page, "coordinator")
    visit(page, "/vragenlijsten/rondes/", "rounds-empty")
    visit(page, "/vragenlijsten/rondes/nieuw/", "round-new")
    page.fill("#id_name", "Schoolverlaters, na 3 maanden")
    page.select_option("#id_version", str(version.pk))
    page.fill("#id_starts_on", TODAY.isoformat())
    page.fill("#id_closes_on", TODAY.isoformat())  # not after the start: refused
    page.fill("#id_reminder_days", "3, 7")
    submit(page)
    checked(page, "round-new-error")
    assert page.locator(".dwv-error-summary a[href='#id_closes_on']").count() == 1
    assert page.input_value("#id_name") == "Schoolverlaters, na 3 maanden"
    assert page.input_value("#id_reminder_days") == "3, 7"
    assert page.input_value("#id_version") == str(version.pk)
    page.fill("#id_closes_on", (TODAY + datetime.timedelta(days=14)).isoformat())
    submit(page)
    assert re.search(r"/vragenlijsten/rondes/\d+/$", page.url)
    checked(page, "round-draft")
    round = Round.objects.get()
    preview = page.locator(".dwv-round-preview").inner_text()
    assert re.findall(r"\d+", preview) == ["3", "1"]  # three invited, one without e-mail

    with page.expect_navigation():
        page.locator(f"form[action='/vragenlijsten/rondes/{round.pk}/versturen/'] button").click()
    checked(page, "round-sent")
    round.refresh_from_db()
    assert round.status == RoundStatus.OPEN
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == [
        "a@example.nl",
        "b@example.nl",
    ]
    assert Invitation.objects.filter(round=round).count() == 3
    counts = page.locator(".dwv-round-counts dd").all_inner_texts()
    assert counts == ["2", "0", "1", "0", "0"]
    visit(page, "/vragenlijsten/rondes/", "rounds-list")
    assert "Schoolverlaters, na 3 maanden" in page.locator("#main table").inner_text()


def test_the_progress_bar_moves_and_the_page_shows_the_result(new_context, world):
    by = MembershipFactory(
        organisation=world.school, role=Role.COORDINATOR, user__username="coordinator"
    ).user
    version = QuestionnaireVersion.objects.get(
        questionnaire__is_standard=True, status=VersionStatus.PUBLISHED
    )
    round = Round.objects.create(
        name="Iedereen, voorjaar",
        version=version,
        organisation=world.school,
        created_by=by,
        starts_on=TODAY,
        closes_on=TODAY + datetime.timedelta(days=14),
        status=RoundStatus.SENDING,
        to_send=50000,
        sent=12000,
    )
    page = new_context().new_page()
    log_in(page, "coordinator")
    visit(page, f"/vragenlijsten/rondes/{round.pk}/", "round-sending")
    bar = page.locator("progress#round-progress")
    assert bar.get_attribute("max") == "50000" and bar.get_attribute("value") == "12000"
    assert re.search(r"12[.,]000\D+50[.,]000", page.locator("#round-progress-text").inner_text())

    Round.objects.filter(pk=round.pk).update(sent=30000)
    page.wait_for_function("document.querySelector('progress').value === 30000")
    assert "30" in page.locator("#round-progress-text").inner_text()

    Round.objects.filter(pk=round.pk).update(sent=50000, status=RoundStatus.OPEN)
    page.wait_for_selector("progress", state="detached")
    checked(page, "round-open")
    assert page.locator(".dwv-round-counts").count() == 1
