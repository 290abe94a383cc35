"""Login by username or e-mail, lock-out, password reset by e-mail, 2FA requirement."""

import pytest
from allauth.mfa.models import Authenticator

from dwarsverbinder.privacy.models import AuditEvent
from tests.factories.accounts import PASSWORD


def _login(client, login, password=PASSWORD):
    return client.post("/accounts/login/", {"login": login, "password": password})


def test_login_by_username(client, world):
    response = _login(client, "coach")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="login", actor_username="coach").exists()


def test_login_by_email_in_any_case(client, world):
    assert _login(client, world.coach.email.upper()).status_code == 302


def test_wrong_password_and_unknown_user_get_the_same_answer(client, world):
    wrong = _login(client, "coach", "fout-wachtwoord")
    unknown = _login(client, "bestaat-niet", "fout-wachtwoord")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].errors == unknown.context["form"].errors
    assert AuditEvent.objects.filter(action="login_failed").count() == 2


def test_lock_out_after_repeated_failures_says_when_to_try_again(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "coach", "fout-wachtwoord")
    response = _login(client, "coach")  # even the right password is refused now
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert response.context["retry_at"] is not None
    assert AuditEvent.objects.filter(action="locked_out").exists()
    assert "_auth_user_id" not in client.session


def test_password_reset_goes_out_by_real_smtp(client, world, smtp_server):
    response = client.post("/accounts/password/reset/", {"email": world.coach.email})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["X-Envelope-To"] == world.coach.email
    body = (
        message.get_payload(decode=True)
        if not message.is_multipart()
        else (message.get_payload(0).get_payload(decode=True))
    )
    assert b"/accounts/password/reset/key/" in body


def test_password_reset_does_not_reveal_unknown_addresses(client, world, smtp_server):
    known = client.post("/accounts/password/reset/", {"email": world.coach.email})
    unknown = client.post("/accounts/password/reset/", {"email": "niemand@example.nl"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_signup_is_closed(client, db):
    response = client.get("/accounts/signup/")
    assert response.status_code in (200, 404)
    assert b'name="password1"' not in response.content


def test_sessions_end_after_idle_time(client, world, settings):
    _login(client, "coach")
    client.get("/")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.fixture
def mfa_required(settings):
    settings.REQUIRE_MFA = True


def test_roles_with_personal_data_must_set_up_2fa(client, world, mfa_required):
    _login(client, "coach")
    response = client.get("/jongeren/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_with_totp_set_up_the_user_passes(client, world, mfa_required):
    Authenticator.objects.create(
        user=world.coach, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(world.coach)
    assert client.get("/jongeren/").status_code == 200


def test_demo_login_page_says_2fa_is_relaxed(client, db, settings):
    settings.REQUIRE_MFA = False
    assert b"dwv-demo-notice" in client.get("/accounts/login/").content
    settings.REQUIRE_MFA = True
    assert b"dwv-demo-notice" not in client.get("/accounts/login/").content


def test_fresh_login_can_set_up_2fa_without_a_second_password(client, world, mfa_required):
    _login(client, "coach")
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert b"authenticator_secret" in response.content


def test_adding_an_authenticator_is_audited(world):
    from allauth.mfa.signals import authenticator_added
    from django.test import RequestFactory

    authenticator = Authenticator.objects.create(
        user=world.coach, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    authenticator_added.send(
        sender=Authenticator,
        request=RequestFactory().get("/"),
        user=world.coach,
        authenticator=authenticator,
    )
    event = AuditEvent.objects.get(action="create", object_type="mfa.authenticator")
    assert event.actor_username == "coach"
    assert "JBSWY3DPEHPK3PXP" not in str(event.changes)


def test_changing_ones_own_password_is_audited(client, world):
    _login(client, "coach")
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "een-nieuw-lang-wachtwoord-9",
            "password2": "een-nieuw-lang-wachtwoord-9",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="update", object_type="accounts.user")
    assert event.changes == {"password": ["***", "***"]}


def test_the_administrations_password_page_is_the_audited_one(client, world):
    client.force_login(world.administrator)
    response = client.get("/beheer/password_change/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/change/"
