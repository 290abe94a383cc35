from tests.conftest import login


def _current(response):
    return [item["label"] for item in response.context["nav_items"] if item["current"]]


def test_exactly_one_section_is_current(client, world):
    login(client, world.coach)
    assert [str(x) for x in _current(client.get("/organisaties/werkgroepen/"))] == ["Werkgroepen"]
    assert [str(x) for x in _current(client.get("/organisaties/"))] == ["Organisaties"]
    assert [str(x) for x in _current(client.get("/"))] == ["Start"]


def test_navigation_follows_the_role(client, world):
    login(client, world.privacy_officer)
    urls = [item["url"] for item in client.get("/").context["nav_items"]]
    assert "/privacy/audit/" in urls
    assert "/jongeren/" not in urls
    assert "/beheer/" not in urls


def test_memberships_are_read_once_per_request(client, world, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.REQUIRE_MFA = True
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=world.coach, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(world.coach)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/organisaties/").status_code == 200
    membership_reads = [q for q in ctx.captured_queries if 'FROM "accounts_membership"' in q["sql"]]
    assert len(membership_reads) == 1
