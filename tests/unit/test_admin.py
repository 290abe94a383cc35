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
