"""On a phone (375 px wide) pages fit the screen: no sideways scrolling."""

from __future__ import annotations

import pytest

from .browser import log_in, visit

pytestmark = pytest.mark.e2e

WIDTH = 375


@pytest.mark.parametrize("username", ["coach", "fg"])
def test_phone_width_has_no_horizontal_scroll(new_context, world, username):
    page = new_context(viewport={"width": WIDTH, "height": 740}, is_mobile=True).new_page()
    log_in(page, username, name=f"mobile-login-{username}")
    if username == "coach":
        pages = {
            "home": "/",
            "person-list": "/jongeren/",
            "person-detail": f"/jongeren/{world.person.pk}/",
        }
    else:
        pages = {"home": "/", "audit-log": "/privacy/audit/"}
    for name, url in pages.items():
        visit(page, url, f"mobile-{username}-{name}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= WIDTH, f"{url} is {width}px wide on a {WIDTH}px screen"
