"""The sociale kaart in a browser: a young person on a phone finds help without logging
in, and a partner updates a waiting time. Every page is checked with axe."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.network.models import Service

from ..factories import MembershipFactory, MunicipalityFactory, OrganisationFactory
from ..unit.test_sociale_kaart import ServiceFactory
from .browser import checked, log_in, visit

pytestmark = pytest.mark.e2e

WIDTH = 375


@pytest.fixture
def kaart(db):
    tiel = MunicipalityFactory(name="Tiel", code="kaart-tiel")
    wijkteam = OrganisationFactory(care=True, name="Wijkteam Tiel-Oost")
    gemeente = OrganisationFactory(rmc=True, name="Gemeente Tiel")
    checked_on = timezone.localdate() - datetime.timedelta(days=3)
    ServiceFactory(
        organisation=gemeente,
        slug="schuldhulp-jongeren",
        name="Schuldhulp voor jongeren",
        summary="Heb je schulden? De gemeente helpt je om ze op te lossen.",
        for_whom="Voor jongeren van 18 tot 27 jaar met schulden.",
        how_to_get_in="Meld je aan via de website of bel de gemeente.",
        themes=["geld"],
        min_age=18,
        max_age=27,
        municipality=tiel,
        phone="14 0344",
        email="schuldhulp@example.nl",
        waiting_days=21,
        waiting_updated_on=checked_on,
    )
    ServiceFactory(
        organisation=wijkteam,
        slug="hulp-wijkteam",
        name="Hulp van het wijkteam",
        themes=["zorg", "wonen"],
        waiting_days=None,
        waiting_updated_on=None,
    )
    ServiceFactory(
        organisation=wijkteam,
        slug="inloop",
        name="Inloop: meteen een gesprek",
        themes=["mentaal"],
        accepting_new=False,
    )
    intake = MembershipFactory(
        organisation=wijkteam, role=Role.INTAKE, user__username="intake"
    ).user
    return {"tiel": tiel, "intake": intake}


def _fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide on a {WIDTH}px screen"


def test_young_person_finds_help_on_a_phone(new_context, kaart):
    page = new_context(viewport={"width": WIDTH, "height": 740}, is_mobile=True).new_page()
    visit(page, "/hulp/", "kaart-list-phone")
    _fits_the_phone(page)
    assert page.locator(".dwv-kaart-card").count() == 3

    page.locator(".dwv-chip", has_text="Money and debts").or_(
        page.locator(".dwv-chip", has_text="Geld en schulden")
    ).first.click()
    page.fill("#id_age", "19")
    with page.expect_navigation():
        page.locator("#main form[role=search] button[type=submit]").click()
    checked(page, "kaart-list-phone-filtered")
    _fits_the_phone(page)
    titles = page.locator(".dwv-kaart-card__title").all_inner_texts()
    assert titles == ["Schuldhulp voor jongeren"]
    assert "theme=geld" in page.url
    assert page.locator("input[name=theme][value=geld]").is_checked()

    with page.expect_navigation():
        page.locator(".dwv-kaart-card__title a").first.click()
    checked(page, "kaart-detail-phone")
    _fits_the_phone(page)
    assert page.locator("h1").inner_text() == "Schuldhulp voor jongeren"
    assert page.locator("a[href='tel:140344']").count() == 1
    assert page.locator("a[href='mailto:schuldhulp@example.nl']").count() == 1
    wait = page.locator(".dwv-kaart-wait").inner_text().lower()
    assert "ongeveer 3 weken" in wait


def test_partner_updates_a_waiting_time(page, kaart):
    log_in(page, "intake", name="kaart-login-intake")
    visit(page, "/hulp/beheer/", "kaart-manage")
    cards = page.locator(".dwv-kaart-card")
    assert cards.count() == 2  # only the wijkteam's own services
    card = cards.filter(has_text="Hulp van het wijkteam")
    card.locator("input[type=number]").fill("14")
    card.locator("input[type=checkbox]").check()
    with page.expect_navigation():
        card.locator("button[type=submit]").click()
    checked(page, "kaart-manage-updated")
    assert page.locator(".dwv-messages").count() == 1
    service = Service.objects.get(slug="hulp-wijkteam")
    assert service.waiting_days == 14
    assert service.waiting_updated_on == timezone.localdate()

    visit(page, "/hulp/beheer/hulp-wijkteam/", "kaart-edit")
    page.fill("#id_max_age", "12")
    page.fill("#id_min_age", "16")
    with page.expect_navigation():
        page.locator("#main form.dwv-form button[type=submit]").click()
    checked(page, "kaart-edit-error")
    assert page.locator(".dwv-error-summary").count() == 1
    assert page.locator("#id_min_age").input_value() == "16"

    visit(page, "/hulp/beheer/nieuw/", "kaart-create")
    visit(page, "/hulp/beheer/hulp-wijkteam/wachttijd/", "kaart-waiting")
    visit(page, "/hulp/hulp-wijkteam/", "kaart-detail-after-update")
    wait = page.locator(".dwv-kaart-wait").inner_text().lower()
    assert "ongeveer 2 weken" in wait  # 14 days, in plain words


def test_administrator_edits_every_service_in_the_admin(page, world, kaart):
    log_in(page, "beheer", name="kaart-login-admin")
    visit(page, "/beheer/network/service/", "kaart-admin-list")
    assert page.locator("#result_list tbody tr").count() == 3
    service = Service.objects.get(slug="inloop")
    visit(page, f"/beheer/network/service/{service.pk}/change/", "kaart-admin-change")
