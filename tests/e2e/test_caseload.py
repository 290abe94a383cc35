"""A coach opens the caseload from the navigation, searches, opens a young person's file,
marks a task done and looks at who coaches whom; every page passes axe, also on a phone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dwarsverbinder.followup import services
from dwarsverbinder.followup.constants import SignalKind, TaskStatus
from dwarsverbinder.followup.models import Signal, Task

from .browser import checked, log_in, visit

pytestmark = pytest.mark.e2e

TODAY = timezone.localdate()
PHONE = 375


@pytest.fixture
def caseload(world):
    person = world.person
    services.assignment_start(
        person=person, organisation=world.school, coach=world.coach, by=world.coach
    )
    task = services.task_create(
        person=person,
        organisation=world.school,
        title="Terugbellen over stage",
        due_date=TODAY - datetime.timedelta(days=2),
        by=world.coach,
        assigned_to=world.coach,
    )
    Signal.objects.create(
        person=person, organisation=world.school, kind=SignalKind.OUT_OF_SIGHT, raised_on=TODAY
    )
    return task


def _click(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_coach_works_through_the_caseload(page, world, caseload):
    person = world.person
    detail_url = f"/jongeren/{person.pk}/"
    log_in(page, "coach")

    _click(page, "header nav a[href='/volgen/']")
    assert page.evaluate("location.pathname") == "/volgen/"
    checked(page, "caseload")
    row = page.locator("#main table tbody tr").first
    assert person.surname in row.inner_text()
    assert row.locator(".dwv-badge--signal").count() == 1
    assert row.locator(".dwv-overdue").count() == 1

    _click(page, "#main .dwv-scope a:not([aria-current])")
    assert "scope=organisation" in page.url
    checked(page, "caseload-organisation")

    page.fill("#id_q", "jansen")
    _click(page, "#main form[role=search] button[type=submit]")
    checked(page, "caseload-search")
    assert "jansen" not in page.url.lower()  # posted: the term stays out of the URL
    assert "niet alleen in je caseload" in page.locator("#search-count").inner_text()

    _click(page, f"#main table a[href='{detail_url}']")
    assert page.evaluate("location.pathname") == detail_url
    checked(page, "caseload-person-file")

    _click(page, "header nav a[href='/volgen/taken/']")
    checked(page, "tasks")
    assert page.locator(".dwv-row--overdue").count() == 1
    _click(page, f"#task-{caseload.pk} button[type=submit]")
    checked(page, "tasks-after-done")
    assert page.locator(f"#task-{caseload.pk}").count() == 0
    caseload.refresh_from_db()
    assert caseload.status == TaskStatus.DONE


def test_tasks_form_errors_and_the_coach_page_pass_axe(page, world, caseload):
    person = world.person
    log_in(page, "coach")
    visit(page, "/volgen/taken/", "tasks-form")
    page.select_option("#id_person", str(person.pk))
    page.fill("#id_title", "Intake plannen")
    page.fill("#id_due_date", str(TODAY - datetime.timedelta(days=1)))
    _click(page, "#main form.dwv-form button[type=submit]")
    checked(page, "tasks-form-error")
    assert page.input_value("#id_title") == "Intake plannen"
    assert page.locator(".utrecht-form-field-error-message").count() == 1

    coach_url = f"/volgen/jongeren/{person.pk}/coach/"
    visit(page, coach_url, "coach-page")
    page.select_option("#id_naar", str(world.rmc_office.pk))
    _click(page, "#transfer ~ form[method=get] button[type=submit]")
    checked(page, "coach-transfer-pick")
    page.select_option("#id_transfer_coach", str(world.rmc_consultant.pk))
    _click(page, "form:has(input[value=transfer]) button[type=submit]")
    checked(page, "coach-after-transfer")
    assert not Task.objects.filter(person=person, organisation=world.school, status="open").exists()


@pytest.mark.parametrize("url", ["/volgen/?scope=organisation", "/volgen/taken/", "coach"])
def test_caseload_pages_fit_a_phone(new_context, world, caseload, url):
    page = new_context(viewport={"width": PHONE, "height": 740}, is_mobile=True).new_page()
    log_in(page, "coach", name="mobile-login-caseload")
    if url == "coach":
        url = f"/volgen/jongeren/{world.person.pk}/coach/?naar={world.rmc_office.pk}"
    name = "mobile-" + url.strip("/").split("?")[0].replace("/", "-")
    visit(page, url, name)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{url} is {width}px wide on a {PHONE}px screen"
