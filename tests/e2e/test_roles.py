"""Every role logs in through the real login page, lands on its home page and can open
every page its navigation offers; each of those pages passes axe."""

from __future__ import annotations

import pytest
from django.utils import translation

from .browser import checked, log_in, visit

pytestmark = pytest.mark.e2e

# world attribute, the nav links that role must (True) or must not (False) see
ROLES = {
    "coach": ("coach", {"/jongeren/": True, "/privacy/audit/": False, "/beheer/": False}),
    "rmc": ("rmc_consultant", {"/jongeren/": True, "/privacy/audit/": False}),
    "outsider": ("outsider", {"/jongeren/": True, "/beheer/": False}),
    "fg": ("privacy_officer", {"/privacy/audit/": True, "/jongeren/": False, "/beheer/": False}),
    "beheer": ("administrator", {"/beheer/": True, "/privacy/audit/": False, "/jongeren/": False}),
    "analist": ("analyst", {"/jongeren/": False, "/privacy/audit/": False, "/beheer/": False}),
}


@pytest.mark.parametrize("username", list(ROLES))
def test_login_home_and_navigation(page, world, username):
    attribute, expected_links = ROLES[username]
    user = getattr(world, attribute)
    membership = user.memberships.get()
    assert user.username == username

    log_in(page, username)
    assert page.evaluate("location.pathname") == "/"
    checked(page, f"{username}-home")

    assert user.first_name in page.locator("h1").inner_text()
    with translation.override("nl"):
        role, org = str(membership.get_role_display()), membership.organisation.name
    lead = page.locator("#main .dwv-lead")
    assert lead.locator("strong").all_inner_texts() == [role, org]

    links = page.locator("header nav a").evaluate_all(
        "links => links.map(a => [a.getAttribute('href'), a.textContent.trim()])"
    )
    hrefs = [href for href, _ in links]
    assert hrefs[0] == "/", hrefs
    for href, shown in expected_links.items():
        assert (href in hrefs) is shown, (href, hrefs)

    for href, label in links:
        visit(page, href, f"{username}-nav{href.replace('/', '-').rstrip('-') or '-home'}")
        assert page.locator("h1").count() == 1, f"{href} ({label}) has no single h1"
        current = page.locator("header nav a[aria-current=page]").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        if not href.startswith("/beheer/"):  # Django's admin has its own layout
            assert current == [href], (href, current)
