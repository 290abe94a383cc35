"""A young person asks for a link, opens My page on a phone, and takes back a consent with
one click. Every page on the way passes axe."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.people.models import ContactChannel
from dwarsverbinder.privacy import services as consent_services
from dwarsverbinder.privacy.models import Consent

from ..factories import MembershipFactory, OrganisationFactory
from .browser import checked, submit, visit

pytestmark = pytest.mark.e2e

WIDTH = 375
ADDRESS = "sanne.jansen@example.nl"
LINK = re.compile(r"/mijn/inloggen/[A-Za-z0-9_-]{20,}/")


def _text(message) -> str:
    return "\n".join(
        part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        for part in message.walk()
        if part.get_payload(decode=True)
    )


@pytest.fixture
def consent(world):
    ContactChannel.objects.create(
        person=world.person,
        kind="email",
        value=ADDRESS,
        source="coach",
        last_confirmed=timezone.localdate(),
    )
    care = OrganisationFactory(care=True, name="Wijkteam Oost", code="wijkteam-oost")
    MembershipFactory(organisation=care, role=Role.INTAKE, user__username="intake")
    coach = world.coach
    coach.active_membership = coach.memberships.select_related("organisation").get()
    return consent_services.consent_record(
        person=world.person,
        receiving_organisation=care,
        categories=["identity", "contact"],
        form="in_person",
        by=coach,
    )


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide on a {WIDTH}px screen"


def test_a_young_person_opens_my_page_with_a_link_and_takes_back_a_consent(
    new_context, world, consent, smtp_server
):
    page = new_context(viewport={"width": WIDTH, "height": 740}, is_mobile=True).new_page()

    visit(page, "/mijn/", "mypage-request")
    _fits(page)
    page.fill("#id_address", "")
    submit(page)
    checked(page, "mypage-request-error")
    assert page.locator("#id_address_error").count() == 1

    page.fill("#id_address", ADDRESS.upper())
    submit(page)
    assert page.evaluate("location.pathname") == "/mijn/verstuurd/"
    checked(page, "mypage-sent")

    assert len(smtp_server.messages) == 1
    path = LINK.search(_text(smtp_server.messages[0])).group(0)

    visit(page, path, "mypage-link")
    _fits(page)
    with page.expect_navigation():
        page.locator("#main form button[type=submit]").click()
    assert page.evaluate("location.pathname") == "/mijn/overzicht/"
    checked(page, "mypage-overview")
    _fits(page)
    main = page.locator("#main").inner_text()
    assert "Sanne Jansen" in main
    assert "Wijkteam Oost" in main

    take_back = page.locator(f"form[action='/mijn/toestemming/{consent.pk}/intrekken/'] button")
    assert take_back.count() == 1
    with page.expect_navigation():
        take_back.click()
    checked(page, "mypage-overview-consent-taken-back")
    assert page.locator(".dwv-messages").count() == 1
    assert take_back.count() == 0
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert Consent.objects.get(pk=consent.pk).withdrawn_via == "my_page"

    # The link was used: opening it again gives the friendly page with the form.
    visit(page, path, "mypage-link-used", status=410)
    _fits(page)
    assert page.locator("#main #id_address").count() == 1
    visit(
        page,
        "/mijn/inloggen/dit-is-geen-echte-link-maar-een-verzinsel/",
        "mypage-link-forged",
        status=404,
    )
