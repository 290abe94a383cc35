"""A coach adds a young person, records what they do, adds a phone number, logs a contact
and sees the position and the timeline; every page passes axe, also on a phone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dwarsverbinder.followup import services as followup_services
from dwarsverbinder.followup.models import Signal, Task, Voucher
from dwarsverbinder.people import services
from dwarsverbinder.people.models import Person

from .browser import checked, log_in, set_field, submit, visit

pytestmark = pytest.mark.e2e

WORK = {"Werk", "Work"}  # the position label in Dutch or English
PHONE_WIDTH = 375


def _follow(page, selector: str, name: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()
    checked(page, name)


def _send(page, name: str) -> None:
    with page.expect_navigation():
        submit(page)
    checked(page, name)


def test_coach_builds_a_file_from_scratch(new_context, world):
    today = timezone.localdate()
    page = new_context().new_page()
    log_in(page, "coach")
    visit(page, "/jongeren/", "person-file-list")
    _follow(page, "#main a[href='/jongeren/nieuw/']", "person-file-new")

    page.fill("#id_given_names", "Daan")
    page.fill("#id_tussenvoegsel", "van")
    page.fill("#id_surname", "Dijk")
    page.fill("#id_date_of_birth", "2007-03-14")
    set_field(page, "#id_gender", "m")
    page.fill("#id_postcode", "4001 ab")
    set_field(page, "#id_municipality", str(world.municipality.pk))
    page.fill("#id_bsn", "123456789")  # fails the 11-proef
    page.fill("#id_student_number", "R-1001")
    _send(page, "person-file-new-error")
    assert "BSN" in page.locator("#id_bsn_error").inner_text()
    assert page.locator("#id_surname").input_value() == "Dijk"
    assert page.locator("#id_student_number").input_value() == "R-1001"
    assert not Person.objects.filter(surname="Dijk").exists()

    page.fill("#id_bsn", "111222333")
    _send(page, "person-file-created")
    person = Person.objects.get(surname="Dijk")
    assert page.evaluate("location.pathname") == f"/jongeren/{person.pk}/"
    assert page.locator("h1").inner_text() == "Daan van Dijk"
    assert "111222333" not in page.content()
    assert person.postcode == "4001AB"

    _follow(page, f"#main a[href='/jongeren/{person.pk}/status/nieuw/']", "person-file-episode")
    set_field(page, "#id_kind", "werk")
    page.fill("#id_start_date", (today - datetime.timedelta(days=14)).isoformat())
    page.fill("#id_note", "BBL-plek bij de bakker")
    _send(page, "person-file-after-episode")
    assert page.locator(".dwv-position__value").inner_text() in WORK
    first = page.locator(".dwv-timeline__item").first
    assert first.locator(".dwv-timeline__kind").inner_text() in WORK
    assert "BBL-plek bij de bakker" in first.inner_text()

    _follow(
        page, f"#main a[href='/jongeren/{person.pk}/contactgegevens/nieuw/']", "person-file-phone"
    )
    set_field(page, "#id_kind", "telefoon")
    page.fill("#id_value", "06 1234 5678")
    set_field(page, "#id_source", "jongere")
    _send(page, "person-file-after-phone")
    channels = page.locator("section[aria-labelledby=channels]").inner_text()
    assert "06 1234 5678" in channels

    _follow(page, f"#main a[href='/jongeren/{person.pk}/contacten/nieuw/']", "person-file-contact")
    assert page.locator("#id_on").input_value() == today.isoformat()
    set_field(page, "#id_channel", "telefoon")
    set_field(page, "#id_outcome", "bereikt")
    page.fill("#id_note", "Gaat goed, wil blijven.")
    channel = person.contact_channels.get()
    set_field(page, "#id_channel_used", str(channel.pk))
    _send(page, "person-file-complete")
    log = page.locator("section[aria-labelledby=contacts]").inner_text()
    assert "Gaat goed, wil blijven." in log
    assert page.locator(".dwv-position__value").inner_text() in WORK
    assert person.contacts.get().organisation == world.school


def _fill_file(world) -> None:
    """A file with something in every section, one status no longer counting."""
    person, coach, today = world.person, world.coach, timezone.localdate()
    long_ago = today - datetime.timedelta(days=400)
    services.episode_record(
        person=person, kind="onderwijs", start_date=long_ago, last_confirmed=long_ago, by=coach
    )
    services.episode_record(
        person=person, kind="zorg", start_date=today - datetime.timedelta(days=20), by=coach
    )
    channel = services.contact_channel_add(
        person=person,
        kind="email",
        value="sanne.jansen.met.een.heel.lang.adres@voorbeeld-provider.nl",
        source="jongere",
        by=coach,
    )
    followup_services.contact_log(
        person=person,
        organisation=world.school,
        by=coach,
        on=today,
        channel="email",
        outcome="niet_bereikt",
        note="Geen antwoord op de mail; volgende week bellen.",
        channel_used=channel,
    )
    Task.objects.create(
        person=person,
        organisation=world.school,
        assigned_to=coach,
        title="Nabellen na 6 maanden",
        due_date=today - datetime.timedelta(days=3),
    )
    Signal.objects.create(
        person=person, organisation=world.school, kind="out_of_sight", raised_on=today
    )
    Voucher.objects.create(
        person=person,
        code="RVL-7Q2K",
        issued_by=world.school,
        issued_on=today,
        description="Entree-opleiding Logistiek",
        valid_until=today + datetime.timedelta(days=730),
    )


def test_the_file_and_a_form_fit_a_phone(new_context, world):
    page = new_context(viewport={"width": PHONE_WIDTH, "height": 740}, is_mobile=True).new_page()
    log_in(page, "coach", name="person-file-mobile-login")
    person = world.person
    _fill_file(world)
    for name, url in {
        "person-file-mobile": f"/jongeren/{person.pk}/",
        "person-file-mobile-form": f"/jongeren/{person.pk}/schoolloopbaan/nieuw/",
        "person-file-mobile-new": "/jongeren/nieuw/",
    }.items():
        visit(page, url, name)
        if name == "person-file-mobile":
            assert page.locator(".dwv-timeline__item--stale").count() == 1
            assert page.locator(".dwv-position__value").inner_text() in {"Onbekend", "Unknown"}
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_WIDTH, f"{url} is {width}px wide on a {PHONE_WIDTH}px screen"
