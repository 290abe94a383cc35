"""With 2FA required, a user sets up TOTP on first login and passes the code step on
the next one. The codes are computed here (RFC 6238), as an authenticator app would."""

from __future__ import annotations

import pytest

from ..factories.accounts import PASSWORD
from .browser import checked, fill_login, fresh_totp_code, log_in, log_out, submit, totp_code

pytestmark = pytest.mark.e2e


def test_totp_code_matches_rfc_6238():
    # RFC 6238 appendix B, SHA1 secret "12345678901234567890" (base32 below).
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp_code(secret, at=59, digits=8) == "94287082"
    assert totp_code(secret, at=1111111109, digits=8) == "07081804"
    assert totp_code(secret, at=1234567890) == "005924"


def test_required_2fa_activation_then_code_on_next_login(page, world, settings):
    settings.REQUIRE_MFA = True

    requested = []
    page.on("request", lambda request: requested.append(request.url))
    log_in(page, "coach", name="mfa-login")
    # The middleware sends the user to the TOTP activation page. allauth guards that page
    # with a password re-entry, which a login just before does not count as.
    assert any("/accounts/2fa/totp/activate/" in url for url in requested), requested
    if page.evaluate("location.pathname") == "/accounts/reauthenticate/":
        checked(page, "mfa-reauthenticate")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            submit(page)
    assert page.evaluate("location.pathname") == "/accounts/2fa/totp/activate/"
    checked(page, "mfa-activate")
    secret = page.locator("#authenticator_secret").input_value()
    assert len(secret) >= 16

    page.fill("#id_code", fresh_totp_code(secret))
    with page.expect_navigation():
        submit(page)
    # allauth shows the new recovery codes first; the way on is the home page.
    assert page.evaluate("location.pathname").startswith("/accounts/2fa/")
    checked(page, "mfa-after-activation")
    page.goto("/")
    assert page.evaluate("location.pathname") == "/"
    checked(page, "mfa-home")
    assert world.coach.first_name in page.locator("h1").inner_text()

    log_out(page)
    assert page.evaluate("location.pathname") == "/accounts/login/"
    fill_login(page, "coach")
    assert page.evaluate("location.pathname") == "/accounts/2fa/authenticate/"
    checked(page, "mfa-authenticate")
    page.fill("#id_code", "000000" if totp_code(secret) != "000000" else "111111")
    with page.expect_navigation():
        submit(page)
    assert page.evaluate("location.pathname") == "/accounts/2fa/authenticate/"
    checked(page, "mfa-authenticate-wrong-code")

    page.fill("#id_code", fresh_totp_code(secret))
    with page.expect_navigation():
        submit(page)
    assert page.evaluate("location.pathname") == "/"
    checked(page, "mfa-home-after-code")
