"""The regional coordinator keeps a project's funding: adds a line, a year and a reporting
date; spending above the granted amount and a report before the grant are refused beside
the field with the typing kept. A partner reads the same page without the edit links."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.programmes.constants import PartnerRole
from dwarsverbinder.programmes.models import FundingLine, FundingYear, ProjectPartner
from tests.factories import MembershipFactory
from tests.factories.programmes import ProjectFactory

from .browser import checked, log_in, set_field, submit, visit

pytestmark = [pytest.mark.e2e, pytest.mark.urls("tests.unit.test_programmes_funding")]


def test_coordinator_keeps_the_funding_and_a_partner_reads_it(new_context, world):
    project = ProjectFactory(
        slug="spoor-22",
        name="Spoor 22",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    ProjectPartner.objects.create(
        project=project, organisation=world.rmc_office, role=PartnerRole.PENVOERDER
    )
    MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    )

    page = new_context().new_page()
    log_in(page, "coordinator")
    visit(page, "/projecten/spoor-22/financiering/", "funding-empty")
    with page.expect_navigation():
        page.locator("#main a[href$='/financiering/regel/nieuw/']").click()
    checked(page, "funding-line-add")
    set_field(page, "#id_source", "rif")
    page.fill("#id_funder", "DUO (RIF)")
    page.fill("#id_amount_granted", "100.000")
    page.fill("#id_granted_on", "2023-11-01")
    page.fill("#id_conditions", "Cofinanciering door de partners")
    submit(page)
    assert page.evaluate("location.pathname") == "/projecten/spoor-22/financiering/"
    checked(page, "funding-with-line")
    line = FundingLine.objects.get()
    assert line.amount_granted == Decimal("100000")

    with page.expect_navigation():
        page.locator(f"#line-{line.pk} a[href$='/jaar/nieuw/']").click()
    checked(page, "funding-year-add")
    page.fill("#id_year", "2024")
    page.fill("#id_granted", "40.000")
    page.fill("#id_spent", "45.000,50")  # more than granted: refused, typing kept
    submit(page)
    checked(page, "funding-year-error")
    assert page.locator("#id_spent_error").count() == 1
    assert page.locator(".dwv-error-summary a[href='#id_spent']").count() == 1
    assert page.input_value("#id_spent") == "45.000,50"
    assert not FundingYear.objects.exists()
    page.fill("#id_spent", "12.500")
    submit(page)
    assert page.evaluate("location.pathname") == "/projecten/spoor-22/financiering/"
    year = FundingYear.objects.get()
    assert (year.year, year.granted, year.spent) == (2024, Decimal("40000"), Decimal("12500"))

    with page.expect_navigation():
        page.locator(f"#line-{line.pk} a[href$='/rapportage/nieuw/']").click()
    page.fill("#id_description", "Tussenrapportage")
    page.fill("#id_due_on", "2023-10-01")  # before the grant
    submit(page)
    checked(page, "funding-reporting-error")
    assert page.locator("#id_due_on_error").count() == 1
    assert page.input_value("#id_description") == "Tussenrapportage"
    page.fill("#id_due_on", "2025-01-31")
    submit(page)
    checked(page, "funding-complete")
    main = page.locator("#main").inner_text()
    assert "Tussenrapportage" in main
    assert "12.500,00" in main
    assert "0,0 %" in page.locator("#co-financing").inner_text()  # only RIF money

    partner = new_context().new_page()
    log_in(partner, "coach")
    visit(partner, "/projecten/spoor-22/financiering/", "funding-partner")
    assert "DUO (RIF)" in partner.locator("#main").inner_text()
    assert partner.locator("#main a[href*='/regel/']").count() == 0
    visit(
        partner, "/projecten/spoor-22/financiering/regel/nieuw/", "funding-partner-add", status=404
    )
