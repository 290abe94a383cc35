"""The employer register in the browser: an account manager adds an employer (a wrong KvK
number first: refused, input kept), takes on the account, adds a location, an SBB
accreditation and a contact person; a coach sees who approached the employer before
logging an approach; the coordinator opens the overview of double approaches. Every page
passes axe, and the main pages fit a 375 px screen."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.employers.models import AccountOwner, Employer, EmployerContact

from ..factories import (
    EmployerContactFactory,
    EmployerFactory,
    MembershipFactory,
    OrganisationFactory,
)
from .browser import checked, log_in, submit, visit

pytestmark = pytest.mark.e2e

WIDTH = 375


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def keepers(world):
    wsp = OrganisationFactory(rmc=True, name="Werkgeversservicepunt", code="wsp")
    MembershipFactory(
        organisation=wsp,
        role=Role.EMPLOYER_MANAGER,
        user__username="accountmanager",
        user__first_name="Eva",
        user__last_name="de Wit",
    )
    MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    )
    return wsp


def test_account_manager_keeps_an_employer_and_a_coach_logs_an_approach(
    new_context, world, keepers
):
    manager = new_context().new_page()
    log_in(manager, "accountmanager")
    visit(manager, "/werkgevers/", "employers-list-empty")
    visit(manager, "/werkgevers/nieuw/", "employer-new")
    manager.fill("#id_name", "Transport Betuwe B.V.")
    manager.fill("#id_kvk_number", "1234 567")
    manager.select_option("#id_sector", "logistiek")
    submit(manager)
    checked(manager, "employer-new-refused")
    assert "KvK" in manager.locator(".dwv-error-summary").inner_text()
    assert manager.input_value("#id_name") == "Transport Betuwe B.V."
    assert manager.input_value("#id_kvk_number") == "1234 567"
    manager.fill("#id_kvk_number", "1234 5678")
    submit(manager)
    assert re.search(r"/werkgevers/\d+/$", manager.url)
    checked(manager, "employer-detail-new")
    employer = Employer.objects.get()
    assert employer.kvk_number == "12345678"

    manager.locator("form[action$='/accounthouder/overnemen/'] button").click()
    manager.wait_for_load_state()
    checked(manager, "employer-account-taken")
    assert AccountOwner.objects.get().user.username == "accountmanager"

    visit(manager, f"/werkgevers/{employer.pk}/locaties/nieuw/", "employer-location-new")
    manager.fill("#id_street", "Kanaalweg 4")
    manager.fill("#id_postcode", "4004ka")
    manager.fill("#id_city", "Tiel")
    submit(manager)
    assert manager.url.endswith("#locations")
    visit(manager, f"/werkgevers/{employer.pk}/erkenningen/nieuw/", "employer-accreditation-new")
    manager.fill("#id_crebo", "25329")
    manager.fill("#id_programme_name", "Logistiek medewerker")
    manager.fill("#id_valid_from", _ago(10).isoformat())
    manager.fill("#id_valid_until", _ago(20).isoformat())
    submit(manager)
    checked(manager, "employer-accreditation-refused")
    assert manager.locator("#id_valid_until_error").count() == 1
    manager.fill("#id_valid_until", "")
    submit(manager)
    visit(manager, f"/werkgevers/{employer.pk}/contactpersonen/nieuw/", "employer-person-new")
    manager.fill("#id_name", "Piet Bakker")
    manager.fill("#id_email", "piet@tb.example")
    submit(manager)
    checked(manager, "employer-detail-kept")
    main = manager.locator("#main").inner_text()
    assert "4004 KA" in main and "Logistiek medewerker" in main and "Piet Bakker" in main
    visit(manager, f"/werkgevers/{employer.pk}/accounthouder/overdragen/", "employer-hand-over")

    EmployerContactFactory(
        employer=employer,
        organisation=OrganisationFactory(name="Praktijkschool De Brug"),
        date=_ago(12),
        purpose="bbl",
    )
    coach = new_context().new_page()
    log_in(coach, "coach")
    visit(coach, f"/werkgevers/{employer.pk}/benadering/nieuw/", "employer-approach-new")
    before = coach.locator("section[aria-labelledby='coordinate']").inner_text()
    assert "Praktijkschool De Brug" in before and "Werkgeversservicepunt" in before
    coach.select_option("#id_channel", "bezoek")
    coach.select_option("#id_purpose", "bpv")
    coach.select_option("#id_outcome", "interesse")
    coach.fill("#id_summary", "Twee stageplaatsen magazijn.")
    submit(coach)
    assert coach.url.endswith("#contact-log")
    checked(coach, "employer-detail-coach")
    assert EmployerContact.objects.filter(organisation=world.school).count() == 1
    assert coach.locator("a[href$='/bewerken/']").count() == 0


def test_coordinator_sees_double_approaches(new_context, world, keepers):
    busy = EmployerFactory(name="Druk Bezocht")
    EmployerContactFactory(employer=busy, organisation=world.school, date=_ago(3))
    EmployerContactFactory(employer=busy, organisation=world.other_school, date=_ago(40))
    page = new_context().new_page()
    log_in(page, "coordinator")
    visit(page, "/werkgevers/dubbel-benaderd/", "employers-overview")
    assert "Druk Bezocht" in page.locator("#main").inner_text()
    page.select_option("#id_weeks", "4")
    submit(page)
    checked(page, "employers-overview-4-weeks")
    assert "Druk Bezocht" not in page.locator("#main").inner_text()


def test_register_pages_fit_a_phone(new_context, world, keepers):
    employer = EmployerFactory(name="Installatiebedrijf Van den Heuvel-Oosterbeek B.V.")
    EmployerContactFactory(employer=employer, organisation=world.school, date=_ago(2))
    page = new_context(viewport={"width": WIDTH, "height": 740}, is_mobile=True).new_page()
    log_in(page, "accountmanager", name="mobile-login-accountmanager")
    for name, url in {
        "list": "/werkgevers/",
        "detail": f"/werkgevers/{employer.pk}/",
        "approach": f"/werkgevers/{employer.pk}/benadering/nieuw/",
        "overview": "/werkgevers/dubbel-benaderd/",
    }.items():
        visit(page, url, f"mobile-employers-{name}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= WIDTH, f"{url} is {width}px wide on a {WIDTH}px screen"
