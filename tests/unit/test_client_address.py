import pytest

from dwarsverbinder.privacy.models import AuditEvent
from tests.factories.accounts import PASSWORD


@pytest.fixture
def behind_proxy(settings):
    import ipaddress

    settings.TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.5"),)


def _login(client, **meta):
    return client.post("/accounts/login/", {"login": "coach", "password": PASSWORD}, **meta)


def test_client_address_comes_from_the_trusted_proxy_header(client, world, behind_proxy):
    _login(client, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.5")
    assert AuditEvent.objects.get(action="login").ip_address == "203.0.113.9"


def test_the_header_is_ignored_from_anybody_else(client, world, behind_proxy):
    _login(client, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert AuditEvent.objects.get(action="login").ip_address == "198.51.100.7"


def test_lock_out_counts_per_real_client_behind_the_proxy(client, world, behind_proxy, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/",
            {"login": f"name{n}", "password": "fout"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    # Another client behind the same proxy is not locked out by the first one's failures.
    response = _login(client, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert response.status_code == 302


def test_proxy_networks_and_spaces_are_understood(client, world, settings):
    import ipaddress

    settings.TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/24"),)
    _login(client, REMOTE_ADDR="10.0.0.77", HTTP_X_FORWARDED_FOR=" 203.0.113.9 , 10.0.0.5 ")
    assert AuditEvent.objects.get(action="login").ip_address == "203.0.113.9"


def test_a_forged_hop_is_not_believed(client, world, behind_proxy):
    _login(client, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9, not-an-ip")
    assert AuditEvent.objects.get(action="login").ip_address == "10.0.0.5"
