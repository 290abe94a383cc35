"""Repeated wrong passwords lock a name out with a page that says when to try again;
an unknown name gets exactly the same error as a wrong password."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from .browser import checked, fill_login, visit

pytestmark = pytest.mark.e2e

ERROR = "#main form [role=alert]"


def test_six_wrong_passwords_lock_the_name_out(page, world):
    before = timezone.now()
    statuses = []
    for attempt in range(6):
        if attempt == 0:
            visit(page, "/accounts/login/", "lockout-login")
        else:
            page.goto("/accounts/login/")
        statuses.append(fill_login(page, "coach", "wrong-password-123").status)
        if attempt == 0:
            checked(page, "lockout-login-error")
            assert page.locator(ERROR).is_visible()
    # Wrong passwords get the form back with an error until the limit; then the lock-out.
    assert statuses[0] == 200 and statuses[-1] == 429, statuses
    checked(page, "lockout-locked-out")
    assert page.locator("#main [role=alert]").is_visible()
    retry = page.locator("#main time[datetime]")
    retry_at = datetime.datetime.fromisoformat(retry.get_attribute("datetime"))
    cooloff = settings.AXES_COOLOFF_TIME
    assert before + cooloff - datetime.timedelta(minutes=1) <= retry_at
    assert retry_at <= timezone.now() + cooloff + datetime.timedelta(minutes=1)
    assert retry.inner_text() == timezone.localtime(retry_at).strftime("%H:%M")

    # The right password does not get through while the name is locked.
    page.goto("/accounts/login/")
    assert fill_login(page, "coach").status == 429
    assert page.locator("#main time[datetime]").count() == 1
    assert page.evaluate("location.pathname") == "/accounts/login/"


def test_unknown_name_gets_the_same_error_as_a_wrong_password(page, world):
    visit(page, "/accounts/login/", "login-unknown-user")
    fill_login(page, "coach", "wrong-password-123")
    wrong_password = page.locator(ERROR).inner_text()
    assert page.locator("#id_login").input_value() == "coach"  # the form keeps it

    page.goto("/accounts/login/")
    fill_login(page, "nobody-by-this-name", "wrong-password-123")
    checked(page, "login-unknown-user-error")
    assert page.locator(ERROR).inner_text() == wrong_password
    assert "nobody-by-this-name" not in wrong_password
