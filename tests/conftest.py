"""Shared fixtures. The `world` fixture follows the healthchecks habit: in every access
test there is an owner, a colleague elsewhere with a legal task, and an outsider."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from dwarsverbinder.accounts.constants import Role

from .factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    SchoolCareerFactory,
)
from .factories.accounts import PASSWORD


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` belong to the PostgreSQL pass of `make test`; the SQLite
    pass leaves them out (deselected, not skipped)."""
    from django.conf import settings

    if settings.IS_POSTGRES:
        return
    kept = [item for item in items if item.get_closest_marker("postgresql") is None]
    deselected = [item for item in items if item.get_closest_marker("postgresql") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@dataclass
class World:
    rmc_region: object
    municipality: object
    school: object
    other_school: object
    rmc_office: object
    person: object
    coach: object
    rmc_consultant: object
    outsider: object
    privacy_officer: object
    administrator: object
    analyst: object
    password: str = PASSWORD
    extra: dict = field(default_factory=dict)


@pytest.fixture
def world(db) -> World:
    rmc_region = RegionFactory(name="RMC-regio Rivierenland", code="rmc-rivierenland")
    municipality = MunicipalityFactory(name="Tiel", code="gemeente-tiel", rmc_region=rmc_region)
    school = OrganisationFactory(school=True, name="ROC Rivor", code="roc-rivor")
    other_school = OrganisationFactory(school=True, name="Elders College", code="elders")
    rmc_office = OrganisationFactory(
        rmc=True, name="Gemeente Tiel", code="gemeente-tiel", regions=[rmc_region]
    )
    person = PersonFactory(municipality=municipality, given_names="Sanne", surname="Jansen")
    SchoolCareerFactory(person=person, school=school)
    coach = MembershipFactory(organisation=school, role=Role.COACH, user__username="coach").user
    rmc = MembershipFactory(organisation=rmc_office, role=Role.COACH, user__username="rmc").user
    outsider = MembershipFactory(
        organisation=other_school, role=Role.COACH, user__username="outsider"
    ).user
    privacy_officer = MembershipFactory(
        organisation=rmc_office, role=Role.PRIVACY_OFFICER, user__username="fg"
    ).user
    administrator = MembershipFactory(
        organisation=rmc_office,
        role=Role.ADMINISTRATOR,
        user__username="beheer",
        user__is_staff=True,
        user__is_superuser=True,
    ).user
    analyst = MembershipFactory(
        organisation=rmc_office, role=Role.ANALYST, user__username="analist"
    ).user
    return World(
        rmc_region=rmc_region,
        municipality=municipality,
        school=school,
        other_school=other_school,
        rmc_office=rmc_office,
        person=person,
        coach=coach,
        rmc_consultant=rmc,
        outsider=outsider,
        privacy_officer=privacy_officer,
        administrator=administrator,
        analyst=analyst,
    )


def login(client, user) -> None:
    """Log a test client in through the real login form (audit and axes included)."""
    response = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]


class _Collector:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        """Refuse addresses starting with "refuse-", to test what a refused mail does."""
        if address.startswith("refuse-"):
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        with self._lock:
            message = message_from_bytes(envelope.original_content)
            message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
            self.messages.append(message)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django sends through it with its SMTP backend."""
    collector = _Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield collector
    finally:
        controller.stop()


def _set_audit_guard(connection, open_: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SET dwarsverbinder.audit_maintenance = 'on'"
                if open_
                else "RESET dwarsverbinder.audit_maintenance"
            )
        else:
            cursor.execute("UPDATE privacy_auditguard SET open = %s", [1 if open_ else 0])


@pytest.fixture(autouse=True, scope="session")
def _audit_log_flushable():
    """Let Django's flush after transactional (browser) tests empty the append-only log.

    Only in tests: the flush between transactional tests deletes every table, and the
    append-only triggers rightly refuse that for the audit log. The guard is opened for
    the flush alone and closed straight after.
    """
    from django.db import connections
    from django.test.testcases import TransactionTestCase

    original = TransactionTestCase._fixture_teardown

    def teardown(self):
        for alias in self._databases_names(include_mirrors=False):
            _set_audit_guard(connections[alias], True)
        try:
            original(self)
        finally:
            for alias in self._databases_names(include_mirrors=False):
                _set_audit_guard(connections[alias], False)

    TransactionTestCase._fixture_teardown = teardown
    yield
    TransactionTestCase._fixture_teardown = original


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; one test's logins must not throttle the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _language_restored():
    """A request through the test client leaves its language active in this thread; put
    back what was active before, so that no test depends on the one that ran before it."""
    from django.utils import translation

    before = translation.get_language()
    yield
    if before is None:
        translation.deactivate_all()
    else:
        translation.activate(before)
