"""Openings and matching in the browser: an account manager publishes a BPV place (hours
the wrong way round first: refused, input kept; then saved with the SBB warning); a coach
records a young person's matching profile, sees the opening suggested with its reasons,
finds the young person among the opening's candidates and proposes them; the account
owner opens the proposal from the mail's link (without the young person's name) and
introduces the candidate. Every page passes axe, and the matching pages fit a 375 px
screen."""

from __future__ import annotations

import re

import pytest

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.employers.models import MatchProfile, Opening, PostcodeArea, Proposal

from ..factories import (
    AccountOwnerFactory,
    EmployerFactory,
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
)
from .browser import checked, log_in, submit, visit

pytestmark = pytest.mark.e2e

WIDTH = 375


@pytest.fixture
def region(world):
    wsp = OrganisationFactory(kind="gemeente", name="Werkgeversservicepunt", code="wsp")
    manager = MembershipFactory(
        organisation=wsp, role=Role.EMPLOYER_MANAGER, user__username="accountmanager"
    ).user
    employer = EmployerFactory(name="Transport Betuwe B.V.")
    LocationFactory(employer=employer, postcode="4001 AB", city="Tiel", street="Kellenseweg 2")
    AccountOwnerFactory(employer=employer, organisation=wsp, user=manager)
    PostcodeArea.objects.bulk_create(
        [
            PostcodeArea(pc4="4001", latitude=51.886, longitude=5.430),
            PostcodeArea(pc4="4005", latitude=51.880, longitude=5.380),
        ]
    )
    world.person.postcode = "4005 KL"
    world.person.save()
    return employer


def _fits_the_screen(page, url: str, name: str) -> None:
    visit(page, url, name)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{url} is {width}px wide on a {WIDTH}px screen"


def test_publish_match_propose_and_introduce(new_context, world, region):
    manager = new_context().new_page()
    log_in(manager, "accountmanager")
    visit(manager, "/werkgevers/vacatures/", "openings-list-empty")
    visit(manager, "/werkgevers/vacatures/nieuw/", "opening-new")
    manager.select_option("#id_employer", label="Transport Betuwe B.V.")
    manager.select_option("#id_location", index=1)
    manager.select_option("#id_kind", "bpv")
    manager.fill("#id_title", "Stage logistiek medewerker")
    manager.check("#id_programme_types_4")  # mbo BOL
    manager.select_option("#id_level_min", "1")
    manager.select_option("#id_level_max", "2")
    manager.fill("#id_hours_min", "32")
    manager.fill("#id_hours_max", "16")
    manager.check("#id_jobcoach")
    submit(manager)
    checked(manager, "opening-new-refused")
    assert "hours_max" in manager.locator(".dwv-error-summary a").first.get_attribute("href")
    assert manager.input_value("#id_title") == "Stage logistiek medewerker"
    assert manager.is_checked("#id_jobcoach")
    assert not Opening.objects.exists()
    manager.fill("#id_hours_min", "16")
    manager.fill("#id_hours_max", "32")
    submit(manager)
    opening = Opening.objects.get()
    assert manager.url.endswith(f"/werkgevers/vacatures/{opening.pk}/")
    checked(manager, "opening-detail-sbb-warning")
    assert "SBB" in manager.locator(".utrecht-alert--warning").first.inner_text()

    coach = new_context().new_page()
    log_in(coach, "coach")
    visit(coach, f"/werkgevers/matching/jongere/{world.person.pk}/", "person-matches-no-profile")
    with coach.expect_navigation():
        coach.locator("a[href$='/profiel/']").click()
    checked(coach, "match-profile")
    coach.fill("#id_hours_wanted", "70")
    submit(coach)
    checked(coach, "match-profile-refused")
    coach.check("#id_kinds_0")  # BPV
    coach.check("input[name=interests][value=logistiek]")
    coach.fill("#id_hours_wanted", "24")
    coach.fill("#id_max_distance_km", "15")
    coach.check("#id_needs_jobcoach")
    submit(coach)
    assert MatchProfile.objects.get().hours_wanted == 24
    checked(coach, "person-matches")
    suggestion = coach.locator(".dwv-match").first
    assert "Stage logistiek medewerker" in suggestion.inner_text()
    assert re.search(r"\d+ of 100|\d+ van 100", suggestion.inner_text())
    assert "km" in suggestion.inner_text()

    visit(coach, f"/werkgevers/vacatures/{opening.pk}/kandidaten/", "opening-candidates")
    assert world.person.full_name in coach.locator(".dwv-match").first.inner_text()
    with coach.expect_navigation():
        coach.locator(".dwv-match a[href*='/voorstellen/']").first.click()
    checked(coach, "propose")
    coach.fill("#id_note", "Wil graag in de logistiek werken.")
    submit(coach)
    proposal = Proposal.objects.get()
    assert coach.url.endswith(f"/werkgevers/voorstellen/{proposal.pk}/")
    checked(coach, "proposal-detail-proposer")

    visit(manager, f"/werkgevers/voorstellen/{proposal.pk}/", "proposal-detail-account-owner")
    main = manager.locator("#main").inner_text()
    assert world.person.surname not in main
    manager.locator("form[action$='/status/'] button").first.click()
    manager.wait_for_load_state()
    checked(manager, "proposal-introduced")
    proposal.refresh_from_db()
    assert proposal.status == "voorgesteld-werkgever"
    visit(manager, f"/werkgevers/vacatures/{opening.pk}/", "opening-detail-with-proposal")


def test_matching_pages_fit_a_phone(new_context, world, region):
    opening = Opening.objects.create(
        employer=region,
        location=region.locations.get(),
        kind="baan",
        title="Medewerker orderpicking met een lange Nederlandse samengestelde titel",
        hours_min=16,
        hours_max=32,
        organisation=world.rmc_office,
    )
    MatchProfile.objects.create(person=world.person, hours_wanted=24, kinds=["baan"])
    page = new_context(viewport={"width": WIDTH, "height": 740}, is_mobile=True).new_page()
    log_in(page, "coach", name="mobile-login-openings")
    _fits_the_screen(page, "/werkgevers/vacatures/", "mobile-openings")
    _fits_the_screen(page, f"/werkgevers/vacatures/{opening.pk}/", "mobile-opening")
    _fits_the_screen(page, f"/werkgevers/vacatures/{opening.pk}/kandidaten/", "mobile-candidates")
    _fits_the_screen(
        page, f"/werkgevers/matching/jongere/{world.person.pk}/", "mobile-person-matches"
    )
