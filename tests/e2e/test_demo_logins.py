"""Every demo login printed by `dwarsverbinder demo` works in a real browser, and the
young people of the demo region show for the roles that follow them."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from dwarsverbinder.accounts.models import User
from dwarsverbinder.demo.accounts import DEMO_PASSWORD

from .browser import checked, log_in, log_out, visit

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo_region(transactional_db):
    call_command("demo", people=40, quiet=True)


def test_every_demo_user_logs_in(page, live_server, demo_region):
    usernames = list(User.objects.order_by("username").values_list("username", flat=True))
    assert {
        "coach",
        "intake",
        "werkgeversadviseur",
        "coordinator",
        "analist",
        "fg",
        "beheerder",
    } <= set(usernames)
    for username in usernames:
        log_in(page, username, DEMO_PASSWORD, name=f"demo-login-{username}")
        assert page.evaluate("location.pathname") == "/", username
        checked(page, f"demo-home-{username}")
        log_out(page)


def test_the_demo_coach_sees_a_caseload(page, live_server, demo_region):
    log_in(page, "coach", DEMO_PASSWORD)
    visit(page, "/jongeren/", "demo-coach-people")
    assert page.locator("#main table tbody tr").count() > 0
