"""Django's admin, under our name at /beheer/, passes axe on each kind of page it has:
index, list with search, change forms with inlines, date/time fields, filtered
multi-selects and autocompletes (the last two are built by Django's scripts)."""

from __future__ import annotations

import pytest

from .browser import checked, log_in, visit

pytestmark = pytest.mark.e2e


def test_admin_pages(page, world):
    log_in(page, "beheer")
    pages = {
        "admin-index": "/beheer/",
        "admin-users": "/beheer/accounts/user/",
        "admin-user-change": f"/beheer/accounts/user/{world.coach.pk}/change/",
        "admin-user-add": "/beheer/accounts/user/add/",
        "admin-organisations-search": "/beheer/network/organisation/?q=Rivor",
        "admin-organisation-change": f"/beheer/network/organisation/{world.school.pk}/change/",
        "admin-membership-add": "/beheer/accounts/membership/add/",
        "admin-project-add": "/beheer/programmes/project/add/",
        "admin-access-attempts": "/beheer/axes/accessattempt/",
        "admin-password-change": "/beheer/password_change/",
    }
    for name, url in pages.items():
        visit(page, url, name)
        assert page.locator("html").get_attribute("lang") == "nl"

    # A row added to an inline gets its labels and names too (the script watches the page).
    page.goto(f"/beheer/accounts/user/{world.coach.pk}/change/")
    rows = page.locator("#memberships-group tbody tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator("#memberships-group .add-row a").click()
    assert rows.count() == before + 1
    checked(page, "admin-user-change-added-row")
