"""The privacy officer keeps the processing register, records a data subject request and
answers it, and reads the retention runs; every page passes axe. A coach reads the
register but does not reach the requests."""

from __future__ import annotations

import re

import pytest

from dwarsverbinder.people.constants import IdentityKind
from dwarsverbinder.people.models import Identity
from dwarsverbinder.people.pseudonyms import bsn_pseudonym
from dwarsverbinder.privacy.models import DataSubjectRequest, ProcessingRecord

from .browser import checked, log_in, visit

pytestmark = pytest.mark.e2e

BSN = "111222333"


def _click(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def test_privacy_officer_keeps_the_register_and_handles_a_request(new_context, world):
    person = world.person
    Identity.objects.create(person=person, kind=IdentityKind.BSN, value=bsn_pseudonym(BSN))
    fg = new_context().new_page()
    log_in(fg, "fg")

    # The register, and changing one entry: an error first, with the input kept.
    visit(fg, "/privacy/register/", "privacy-register")
    assert fg.locator("#main section[id]").count() == 8
    _click(fg, "#main a[href='/privacy/register/contacts/bewerken/']")
    checked(fg, "privacy-register-edit")
    fg.fill("#id_retention_months", "18")
    fg.fill("#id_legal_article", "")
    _click(fg, "#main form button[type=submit]")
    checked(fg, "privacy-register-edit-error")
    assert fg.locator("#id_legal_article_error").count() == 1
    assert fg.input_value("#id_retention_months") == "18"
    fg.fill("#id_legal_article", "WVO art. 118h")
    _click(fg, "#main form button[type=submit]")
    assert fg.evaluate("location.pathname") == "/privacy/register/"
    checked(fg, "privacy-register-saved")
    assert ProcessingRecord.objects.get(category="contacts").retention_months == 18

    # A new request: a BSN that fails the 11-proef first, then the right one.
    visit(fg, "/privacy/verzoeken/", "privacy-requests-empty")
    _click(fg, "#main a[href='/privacy/verzoeken/nieuw/']")
    checked(fg, "privacy-request-new")
    fg.fill("#id_bsn", "123456789")
    fg.select_option("#id_kind", "erasure")
    fg.fill("#id_details", "Wil alles laten wissen.")
    _click(fg, "#main form button[type=submit]")
    checked(fg, "privacy-request-new-error")
    assert fg.locator("#id_bsn_error").count() == 1
    assert fg.input_value("#id_details") == "Wil alles laten wissen."
    fg.fill("#id_bsn", BSN)
    _click(fg, "#main form button[type=submit]")
    assert re.search(r"/privacy/verzoeken/\d+/$", fg.url)
    checked(fg, "privacy-request-erasure")
    dsr = DataSubjectRequest.objects.get()
    assert dsr.reference in fg.locator("h1").inner_text()
    main = fg.locator("#main").inner_text()
    assert person.full_name in main
    assert "ROC Rivor" in main  # still enrolled: the erasure must be refused

    # Refuse it with the reason that is filled in already.
    _click(fg, "#main form[action$='/afsluiten/'] button[type=submit]")
    checked(fg, "privacy-request-refused")
    dsr.refresh_from_db()
    assert dsr.status == "refused"
    assert "ROC Rivor" in dsr.outcome

    visit(fg, "/privacy/verzoeken/", "privacy-requests")
    assert dsr.reference in fg.locator("#main table").inner_text()
    visit(fg, "/privacy/bewaartermijnen/", "privacy-retention")


def test_an_access_request_page_offers_the_export(new_context, world):
    DataSubjectRequest.objects.create(
        person=world.person,
        reference="AVG-2025-0001",
        kind="access",
        received_on="2025-01-31",
        due_on="2025-02-28",
    )
    fg = new_context().new_page()
    log_in(fg, "fg")
    visit(fg, "/privacy/verzoeken/", "privacy-requests-overdue")
    assert fg.locator("#main tr.dwv-row--overdue").count() == 1
    _click(fg, "#main table a")
    checked(fg, "privacy-request-access")
    assert fg.locator("#main a[href$='/gegevens.pdf']").count() == 1
    with fg.expect_download() as download:
        fg.locator("#main a[href$='/gegevens.json']").click()
    assert download.value.suggested_filename == "AVG-2025-0001.json"


def test_a_coach_reads_the_register_but_not_the_requests(new_context, world):
    coach = new_context().new_page()
    log_in(coach, "coach")
    visit(coach, "/privacy/register/", "privacy-register-coach")
    assert coach.locator("#main a[href$='/bewerken/']").count() == 0
    visit(coach, "/privacy/verzoeken/", "privacy-requests-coach-404", status=404)
