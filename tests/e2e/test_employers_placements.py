"""A coach records a placement from the young person's file: a refused end date keeps what
was typed, the placement goes on the timeline, a certificate is added, the placement is
ended; the list of the organisation's placements; every page passes axe and fits a
phone."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from dwarsverbinder.employers.models import Certificate, Placement

from ..factories import EmployerFactory
from .browser import checked, log_in, set_field, submit, visit

pytestmark = pytest.mark.e2e

PHONE = 375


def _day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_coach_records_a_placement_and_a_certificate(new_context, world):
    person = world.person
    employer = EmployerFactory(name="Transport Tiel B.V.")

    coach = new_context().new_page()
    log_in(coach, "coach")
    visit(coach, f"/jongeren/{person.pk}/", "placements-file-empty")
    with coach.expect_navigation():
        coach.locator(f"#main a[href='/werkgevers/plaatsingen/nieuw/{person.pk}/']").click()
    checked(coach, "placement-new")
    set_field(coach, "#id_employer", str(employer.pk))
    set_field(coach, "#id_kind", "baan")
    coach.fill("#id_start_date", _day(-120))
    coach.fill("#id_end_date", _day(-130))  # before the start: refused, typing kept
    coach.fill("#id_hours", "24")
    coach.fill("#id_guidance", "Praktijkopleider Jan")
    submit(coach)
    checked(coach, "placement-new-error")
    assert coach.locator("#id_end_date_error").count() == 1
    assert coach.input_value("#id_guidance") == "Praktijkopleider Jan"
    assert coach.input_value("#id_hours") == "24"
    coach.fill("#id_end_date", "")
    submit(coach)
    assert re.search(r"/werkgevers/plaatsingen/\d+/$", coach.url)
    checked(coach, "placement-detail")
    placement = Placement.objects.get()
    assert placement.episode is not None
    assert "Transport Tiel B.V." in coach.locator("h1").inner_text()

    with coach.expect_navigation():
        coach.locator("#main a[href$='/bewerken/']").click()
    checked(coach, "placement-edit")
    coach.fill("#id_end_date", _day(-1))
    set_field(coach, "#id_outcome", "contract")
    submit(coach)
    checked(coach, "placement-detail-ended")
    placement.refresh_from_db()
    assert placement.episode.end_date == placement.end_date

    visit(coach, f"/werkgevers/certificaten/nieuw/{person.pk}/", "certificate-new")
    set_field(coach, "#id_kind", "praktijkverklaring")
    coach.fill("#id_name", "Praktijkverklaring logistiek medewerker")
    coach.fill("#id_crebo", "123")
    submit(coach)
    checked(coach, "certificate-new-error")
    assert coach.locator("#id_crebo_error").count() == 1
    coach.fill("#id_crebo", "25497")
    set_field(coach, "#id_placement", str(placement.pk))
    submit(coach)
    assert coach.url.endswith(f"/jongeren/{person.pk}/#work")
    checked(coach, "placements-file")
    section = coach.locator("section[aria-labelledby='work']").inner_text()
    assert "Transport Tiel B.V." in section
    assert "Praktijkverklaring logistiek medewerker" in section
    certificate = Certificate.objects.get()
    visit(coach, f"/werkgevers/certificaten/{certificate.pk}/verwijderen/", "certificate-delete")

    visit(coach, "/werkgevers/plaatsingen/", "placements-list")
    assert person.full_name in coach.locator("#main table").inner_text()


def test_placement_pages_fit_a_phone(new_context, world):
    placement = Placement.objects.create(
        person=world.person,
        employer=EmployerFactory(name="Groenvoorziening De Betuwe"),
        kind="leerwerkplek",
        organisation=world.school,
        start_date=timezone.localdate() - datetime.timedelta(days=200),
        hours=32,
        guidance="Jobcoach van het UWV, elke week op de werkvloer",
    )
    page = new_context(viewport={"width": PHONE, "height": 740}, is_mobile=True).new_page()
    log_in(page, "coach", name="placements-mobile-login")
    for name, url in {
        "file": f"/jongeren/{world.person.pk}/",
        "detail": f"/werkgevers/plaatsingen/{placement.pk}/",
        "edit": f"/werkgevers/plaatsingen/{placement.pk}/bewerken/",
        "list": "/werkgevers/plaatsingen/",
    }.items():
        visit(page, url, f"placements-mobile-{name}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE, f"{url} is {width}px wide on a {PHONE}px screen"
