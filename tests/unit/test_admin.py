"""The administrator manages organisations, users and roles; every change is audited."""

from dwarsverbinder.network.models import Organisation
from dwarsverbinder.privacy.models import AuditEvent
from tests.conftest import login


def _org_form(**overrides):
    data = {
        "code": "pro-tiel",
        "name": "Praktijkschool Tiel",
        "kind": "school",
        "sectors": ["pro"],
        "brin_code": "99pt",
        "website": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_administrator_adds_a_school_and_the_change_is_audited(client, world):
    login(client, world.administrator)
    response = client.post("/beheer/network/organisation/add/", _org_form())
    assert response.status_code == 302, response.content[:2000]
    org = Organisation.objects.get(code="pro-tiel")
    assert org.sectors == ["pro"]
    assert org.brin_code == "99PT"
    event = AuditEvent.objects.get(action="create", object_type="network.organisation")
    assert event.actor_username == "beheer"
    assert event.changes["name"] == [None, "Praktijkschool Tiel"]


def test_a_wrong_brin_code_is_refused_and_the_form_keeps_the_input(client, world):
    login(client, world.administrator)
    response = client.post("/beheer/network/organisation/add/", _org_form(brin_code="ABCD"))
    assert response.status_code == 200
    assert not Organisation.objects.filter(code="pro-tiel").exists()
    assert "brin_code" in response.context["adminform"].form.errors
    assert b"Praktijkschool Tiel" in response.content


def test_municipal_functions_only_for_municipalities(client, world):
    login(client, world.administrator)
    response = client.post("/beheer/network/organisation/add/", _org_form(functions=["rmc"]))
    assert response.status_code == 200
    assert "functions" in response.context["adminform"].form.errors


def test_non_administrators_cannot_open_the_administration(client, world):
    login(client, world.coach)
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_roles_added_inline_on_a_user_are_audited(client, world):
    from dwarsverbinder.accounts.models import Membership

    login(client, world.administrator)
    user = world.outsider
    existing = user.memberships.get()
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "Piet",
        "last_name": user.last_name,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": existing.pk,
        "memberships-0-user": user.pk,
        "memberships-0-organisation": existing.organisation_id,
        "memberships-0-role": "coach",
        "memberships-0-is_active": "on",
        "memberships-1-user": user.pk,
        "memberships-1-organisation": world.school.pk,
        "memberships-1-role": "intake",
        "memberships-1-is_active": "on",
    }
    response = client.post(f"/beheer/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if (response.context) else response
    )
    new = Membership.objects.get(user=user, role="intake")
    created = AuditEvent.objects.get(
        action="create", object_type="accounts.membership", object_id=str(new.pk)
    )
    assert created.actor_username == "beheer"
    changed = AuditEvent.objects.get(action="update", object_type="accounts.user")
    assert changed.changes["first_name"][1] == "Piet"


def test_the_administration_login_is_the_normal_login(client, db):
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_bsn_pseudonyms_never_enter_the_audit_log(world):
    from dwarsverbinder.people.models import Identity
    from dwarsverbinder.people.pseudonyms import bsn_pseudonym
    from dwarsverbinder.privacy import audit

    identity = Identity.objects.create(
        person=world.person, kind="bsn", value=bsn_pseudonym("111222333")
    )
    event = audit.log_change(actor=world.coach, obj=identity, before=None)
    assert event.changes["value"] == ["***", "***"]
    assert bsn_pseudonym("111222333") not in str(event.changes)


def test_removing_a_lost_authenticator_is_audited_without_its_secret(client, world):
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.create(
        user=world.coach, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    login(client, world.administrator)
    response = client.post(f"/beheer/mfa/authenticator/{authenticator.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="delete", object_type="mfa.authenticator")
    assert event.changes["data"] == ["***", "***"]
    assert "JBSWY3DPEHPK3PXP" not in str(event.changes)


def test_deleting_an_inline_role_is_audited_with_its_id(client, world):
    login(client, world.administrator)
    user = world.outsider
    existing = user.memberships.get()
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": existing.pk,
        "memberships-0-user": user.pk,
        "memberships-0-organisation": existing.organisation_id,
        "memberships-0-role": "coach",
        "memberships-0-is_active": "on",
        "memberships-0-DELETE": "on",
    }
    response = client.post(f"/beheer/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="delete", object_type="accounts.membership")
    assert event.object_id == str(existing.pk)
    assert event.changes["role"] == ["coach", None]


def test_reading_an_audit_event_is_not_in_the_young_persons_history(client, world):
    from dwarsverbinder.privacy import audit

    world.coach.active_membership = world.coach.memberships.get()
    event = audit.log_view(actor=world.coach, obj=world.person, person_id=world.person.pk)
    login(client, world.privacy_officer)
    assert client.get(f"/privacy/audit/{event.pk}/").status_code == 200
    read = AuditEvent.objects.get(object_type="privacy.auditevent", action="view")
    assert read.person_id is None
