"""The other tests switch the Content-Security-Policy off (that is how axe gets in); this
one keeps it on and checks that no page needs anything the policy refuses, and that
every script, style sheet and image a page asks for is there."""

from __future__ import annotations

import pytest

from .browser import fill_login

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("username", "urls"),
    [
        ("coach", ["/", "/jongeren/", "person", "/organisaties/", "/projecten/"]),
        ("fg", ["/privacy/audit/?object_type=people.person", "/accounts/mijn-account/"]),
        ("beheer", ["/beheer/", "/beheer/accounts/user/add/", "/beheer/network/organisation/"]),
    ],
)
def test_pages_work_under_the_content_security_policy(browser, live_server, world, username, urls):
    context = browser.new_context(base_url=live_server.url, bypass_csp=False)
    try:
        page = context.new_page()
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "response",
            lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        response = page.goto("/accounts/login/")
        assert "default-src 'self'" in response.headers["content-security-policy"]
        fill_login(page, username)
        for url in urls:
            url = f"/jongeren/{world.person.pk}/" if url == "person" else url
            assert page.goto(url).status == 200, url
            page.wait_for_load_state("load")
        assert not problems, problems
    finally:
        context.close()
