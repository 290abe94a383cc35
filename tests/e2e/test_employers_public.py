"""The public employer page in a browser: an employer on a phone offers a place without
logging in, sees a clear error, fixes it and gets the thank-you page; the employer adviser
opens the notice's link, reads the request and marks it handled. Every page passes axe."""

from __future__ import annotations

import re

import pytest

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.employers.models import EmployerRequest

from ..factories import MembershipFactory, OrganisationFactory
from .browser import checked, log_in, submit, visit

pytestmark = pytest.mark.e2e

WIDTH = 375
LINK = re.compile(r"/werkgevers/verzoeken/\d+/")


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide on a {WIDTH}px screen"


def _text(message) -> str:
    return "\n".join(
        part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        for part in message.walk()
        if part.get_payload(decode=True)
    )


@pytest.fixture
def adviser(world):
    wsp = OrganisationFactory(kind="overig", name="Werkgeversservicepunt Rivierenland")
    return MembershipFactory(
        organisation=wsp, role=Role.EMPLOYER_MANAGER, user__username="adviseur"
    ).user


def test_an_employer_offers_a_place_and_the_adviser_handles_it(
    new_context, world, adviser, smtp_server
):
    page = new_context(viewport={"width": WIDTH, "height": 740}, is_mobile=True).new_page()
    visit(page, "/werkgever/", "employer-offer-phone")
    _fits(page)
    page.locator(".dwv-header button[value=en]").click()
    page.wait_for_load_state()
    checked(page, "employer-offer-english")
    assert page.locator("h1").inner_text() == "Offer a place or ask for help"

    page.locator("#id_kind_0").check()
    page.select_option("#id_opening_kind", "bbl")
    page.fill("#id_message", "Plek voor een BBL-leerling in de fruitteelt, 32 uur per week.")
    page.fill("#id_company", "Fruitteelt Van Ooyen")
    page.fill("#id_kvk_number", "1234")
    page.fill("#id_contact_name", "Ineke van Ooyen")
    page.fill("#id_email", "ineke@fruitteelt.example")
    submit(page)
    checked(page, "employer-offer-error")
    _fits(page)
    summary = page.locator(".dwv-error-summary")
    assert "eight digits" in summary.inner_text()
    assert page.input_value("#id_company") == "Fruitteelt Van Ooyen"
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_kvk_number"

    page.fill("#id_kvk_number", "")
    page.fill("#id_postcode", "4196hk")
    submit(page)
    assert page.evaluate("location.pathname") == "/werkgever/bedankt/"
    checked(page, "employer-offer-thanks")
    _fits(page)
    assert "5 working days" in page.locator("#main").inner_text()

    saved = EmployerRequest.objects.get()
    assert saved.postcode == "4196 HK"
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == [adviser.email]
    path = LINK.search(_text(smtp_server.messages[0])).group(0)

    office = new_context().new_page()
    log_in(office, "adviseur")
    visit(office, "/werkgevers/verzoeken/", "employer-requests-new")
    assert "Fruitteelt Van Ooyen" in office.locator("#main table").inner_text()
    visit(office, path, "employer-request-detail")
    assert "ineke@fruitteelt.example" in office.locator("#main").inner_text()
    submit(office)  # the first button: mark as handled
    checked(office, "employer-requests-after-handling")
    assert office.locator(".dwv-messages").count() == 1
    saved.refresh_from_db()
    assert saved.status == "afgehandeld"
    visit(office, "/werkgevers/verzoeken/?status=afgehandeld", "employer-requests-handled")
    assert "Fruitteelt Van Ooyen" in office.locator("#main table").inner_text()
