"""The partner pages: from the list of organisations to one organisation's page."""

from __future__ import annotations

import pytest

from .browser import checked, log_in, visit

pytestmark = pytest.mark.e2e


def test_organisation_list_search_and_page(page, world):
    log_in(page, "analist")
    visit(page, "/organisaties/", "organisations")
    page.fill("#id_q", "Rivor")
    with page.expect_navigation():
        page.locator("#main form[role=search] button[type=submit]").click()
    checked(page, "organisations-search")
    links = page.locator("#main table tbody a")
    assert links.all_inner_texts() == [world.school.name]
    with page.expect_navigation():
        links.first.click()
    checked(page, "organisation")
    assert page.locator("h1").inner_text() == world.school.name
    assert world.coach.get_full_name() in page.locator("#main").inner_text()  # people, roles
