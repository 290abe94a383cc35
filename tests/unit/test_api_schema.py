from django.core.management import call_command


def test_openapi_schema_is_generated_and_valid(db, tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert "/api/v1/people/" in text
    assert "/api/v1/organisations/" in text


def test_schema_and_docs_are_served(client, world):
    client.force_login(world.coach)
    assert client.get("/api/v1/schema/").status_code == 200
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def test_api_requires_authentication(client, db):
    assert client.get("/api/v1/people/").status_code == 403
