"""My page: a one-time link to a confirmed address opens the young person's own page, where
they see their file, take back a consent with one click and download their data."""

from __future__ import annotations

import datetime
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.chain import services as chain_services
from dwarsverbinder.chain.constants import HandoverStatus
from dwarsverbinder.followup.models import Contact
from dwarsverbinder.mypage import services, sms
from dwarsverbinder.mypage.models import LoginLink
from dwarsverbinder.mypage.session import SESSION_KEY
from dwarsverbinder.people.models import ContactChannel, Identity, StatusEpisode
from dwarsverbinder.people.selectors import people_visible_to
from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy import services as consent_services
from dwarsverbinder.privacy.export import person_export, who_opened
from dwarsverbinder.privacy.models import AuditEvent

from ..factories import MembershipFactory, OrganisationFactory, PersonFactory

TODAY = timezone.localdate()
LINK = re.compile(r"/mijn/inloggen/([A-Za-z0-9_-]{20,})/")
ADDRESS = "sanne.jansen@example.nl"


def acting(user):
    user.active_membership = user.memberships.select_related("organisation").get()
    return user


def add_channel(person, value=ADDRESS, kind="email", confirmed=True, active=True):
    return ContactChannel.objects.create(
        person=person,
        kind=kind,
        value=value,
        source="coach",
        last_confirmed=TODAY if confirmed else None,
        is_active=active,
    )


@pytest.fixture
def en(client):
    """Tests read the English source texts; the pages are Dutch by default."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def email(world):
    return add_channel(world.person)


@pytest.fixture
def care(world):
    organisation = OrganisationFactory(care=True, name="Wijkteam Oost", code="wijkteam-oost")
    intake = MembershipFactory(
        organisation=organisation, role=Role.INTAKE, user__username="intake"
    ).user
    world.extra.update(care=organisation, intake=intake)
    return organisation


def ask(client, address, capture):
    with capture(execute=True):
        response = client.post("/mijn/", {"address": address})
    return response


def mail_text(message) -> str:
    parts = [message.get("Subject", "")]
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if payload:
            parts.append(payload.decode(part.get_content_charset() or "utf-8"))
    return "\n".join(parts)


def logged_in(client, person) -> None:
    """Log in to My page the way a young person does: a link, then the button."""
    channel = person.contact_channels.filter(is_active=True).first() or add_channel(
        person, value=f"p{person.pk}@example.nl"
    )
    _link, token = services.link_create(channel=channel)
    response = client.post(f"/mijn/inloggen/{token}/")
    assert response.status_code == 302, response.content[:300]


def new_token(channel) -> str:
    return services.link_create(channel=channel)[1]


# --- Asking for a link ---------------------------------------------------------------------


def test_a_link_goes_out_by_real_smtp_and_opens_my_page_once(
    en, world, email, smtp_server, django_capture_on_commit_callbacks
):
    response = ask(en, "  Sanne.Jansen@EXAMPLE.nl ", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == "/mijn/verstuurd/"
    assert "no-store" in response["Cache-Control"]
    sent_page = en.get(response["Location"])
    assert b"If we know this address, we sent you a link" in sent_page.content

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["X-Envelope-To"] == ADDRESS
    text = mail_text(message)
    assert "Your link to My page" in text
    assert world.person.surname not in text
    token = LINK.search(text).group(1)
    link = LoginLink.objects.get()
    assert link.token_hash == services.hash_token(token)
    assert token not in link.token_hash  # only the hash is stored
    assert link.expires_at - link.created_at == datetime.timedelta(minutes=15)

    # Opening the link (as a mail scanner would) does not use it up.
    page = en.get(f"/mijn/inloggen/{token}/")
    assert page.status_code == 200
    assert b"Open my page" in page.content
    assert page["Referrer-Policy"] == "same-origin"  # the token never goes to another site
    link.refresh_from_db()
    assert link.used_at is None

    key_before = en.session.session_key
    response = en.post(f"/mijn/inloggen/{token}/")
    assert response.status_code == 302
    assert response["Location"] == "/mijn/overzicht/"
    assert en.session.session_key != key_before  # rotated on login
    assert en.session[SESSION_KEY]["person_id"] == world.person.pk
    assert "_auth_user_id" not in en.session  # no Django login
    link.refresh_from_db()
    assert link.used_at is not None

    overview = en.get("/mijn/overzicht/")
    assert overview.status_code == 200
    assert b"Sanne Jansen" in overview.content
    assert "no-store" in overview["Cache-Control"]

    # Second use: a friendly page with the form to ask for a new link.
    for method in (en.post, en.get):
        again = method(f"/mijn/inloggen/{token}/")
        assert again.status_code == 410
        assert b"This link no longer works" in again.content
        assert b'name="address"' in again.content
        assert "mypage/link_invalid.html" in [t.name for t in again.templates]
    assert AuditEvent.objects.filter(action="login", person_id=world.person.pk).count() == 1


def test_an_expired_link_gets_the_friendly_page(en, world, email):
    link, token = services.link_create(channel=email)
    past = timezone.now() - datetime.timedelta(minutes=20)
    LoginLink.objects.filter(pk=link.pk).update(
        created_at=past, expires_at=past + datetime.timedelta(minutes=15)
    )
    for method in (en.get, en.post):
        response = method(f"/mijn/inloggen/{token}/")
        assert response.status_code == 410
        assert b"This link no longer works" in response.content
        assert b'name="address"' in response.content
    assert SESSION_KEY not in en.session
    link.refresh_from_db()
    assert link.used_at is None


def test_a_forged_link_is_a_404_with_the_same_friendly_page(en, world, email):
    services.link_create(channel=email)
    for token in ("bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtZm9yZ2VkLXh4eA", "x" * 500):
        for method in (en.get, en.post):
            response = method(f"/mijn/inloggen/{token}/")
            assert response.status_code == 404
            assert b"This link no longer works" in response.content
            assert b'name="address"' in response.content
    assert SESSION_KEY not in en.session


def test_a_link_stops_working_when_its_address_is_retired(en, world, email):
    token = new_token(email)
    email.is_active = False
    email.save()
    assert en.post(f"/mijn/inloggen/{token}/").status_code == 410
    assert SESSION_KEY not in en.session


@pytest.mark.parametrize(
    "channel",
    [
        {"confirmed": False},
        {"active": False},
        {"kind": "ouder_email"},  # a parent's address does not open the child's page
    ],
)
def test_no_link_for_an_unconfirmed_inactive_or_parent_address_and_the_same_answer(
    client, world, smtp_server, django_capture_on_commit_callbacks, channel
):
    add_channel(world.person, **channel)
    known = ask(client, ADDRESS, django_capture_on_commit_callbacks)
    unknown = ask(client, "nobody@example.nl", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/mijn/verstuurd/"
    assert smtp_server.messages == []
    assert not LoginLink.objects.exists()


def test_what_is_typed_wrongly_gets_an_error_and_is_kept(en, world, email, smtp_server):
    response = en.post("/mijn/", {"address": "sanne at example"})
    assert response.status_code == 200
    assert b"This is not a mobile number or e-mail address" in response.content
    assert b'value="sanne at example"' in response.content
    response = en.post("/mijn/", {"address": ""})
    assert b"Fill in your e-mail address or mobile number" in response.content
    assert smtp_server.messages == []


def test_links_per_address_are_throttled_and_the_answer_stays_the_same(
    client, world, email, smtp_server, django_capture_on_commit_callbacks
):
    answers = {
        ask(client, ADDRESS, django_capture_on_commit_callbacks)["Location"] for _ in range(5)
    }
    assert answers == {"/mijn/verstuurd/"}
    assert len(smtp_server.messages) == 3  # MYPAGE_LINKS_PER_HOUR
    assert LoginLink.objects.count() == 3
    # An hour later the address gets links again.
    LoginLink.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    ask(client, ADDRESS, django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 4


def test_requests_per_client_address_are_throttled(
    client, world, email, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.MYPAGE_REQUESTS_PER_IP_HOUR = 2
    other = add_channel(PersonFactory(), value="other@example.nl")
    ask(client, "nobody@example.nl", django_capture_on_commit_callbacks)
    ask(client, ADDRESS, django_capture_on_commit_callbacks)
    throttled = ask(client, other.value, django_capture_on_commit_callbacks)
    assert throttled["Location"] == "/mijn/verstuurd/"
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == [ADDRESS]
    # Another client address is not affected.
    other_client = Client(REMOTE_ADDR="192.0.2.7")
    ask(other_client, other.value, django_capture_on_commit_callbacks)
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == [ADDRESS, other.value]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("06 12345678", "0612345678"),
        ("+31 6 1234 5678", "0612345678"),
        ("0031 (0)6-12345678", "0612345678"),
        ("+31(0)612345678", "0612345678"),
        ("+32 470 12 34 56", "+32470123456"),
        ("0032 470 12 34 56", "+32470123456"),
    ],
)
def test_phone_numbers_are_normalised(typed, expected):
    assert services.normalise_phone(typed) == expected


def test_a_link_goes_out_by_text_message_to_a_confirmed_mobile_number(
    en, world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "dwarsverbinder.mypage.sms.FileBackend"
    settings.SMS_FILE_DIR = str(tmp_path)
    add_channel(world.person, kind="telefoon", value="06-12 34 56 78")
    response = ask(en, "+31 6 12345678", django_capture_on_commit_callbacks)
    assert response["Location"] == "/mijn/verstuurd/"
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    content = files[0].read_text()
    assert content.startswith("To: +31612345678\n")
    token = LINK.search(content).group(1)
    assert en.post(f"/mijn/inloggen/{token}/").status_code == 302
    assert en.get("/mijn/overzicht/").status_code == 200


def test_a_failing_gateway_still_gives_the_neutral_page_and_logs_no_number_or_link(
    client, world, settings, caplog, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "dwarsverbinder.mypage.sms.WebhookBackend"
    settings.SMS_WEBHOOK_URL = "http://127.0.0.1:1/sms"  # nothing listens there
    add_channel(world.person, kind="telefoon", value="0612345678")
    with caplog.at_level("DEBUG"):
        response = ask(client, "0612345678", django_capture_on_commit_callbacks)
    assert response["Location"] == "/mijn/verstuurd/"
    link = LoginLink.objects.get()
    logged = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "my page link not sent" in logged
    assert "612345678" not in logged
    assert "/mijn/inloggen/" not in logged
    assert str(link.pk) in logged


def test_old_links_are_purged(world, email):
    old, _token = services.link_create(
        channel=email, now=timezone.now() - datetime.timedelta(days=2)
    )
    fresh, _token = services.link_create(channel=email)
    assert services.links_purge() == 1
    assert list(LoginLink.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert AuditEvent.objects.filter(object_type="mypage.loginlink", object_id=old.pk).exists()


class _Gateway(BaseHTTPRequestHandler):
    received: list = []
    answer = 200

    def do_POST(self):  # noqa: N802 (http.server API)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), json.loads(body)))
        self.send_response(type(self).answer)
        self.end_headers()

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture
def gateway():
    handler = type("Gateway", (_Gateway,), {"received": [], "answer": 200})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield handler, f"http://127.0.0.1:{server.server_address[1]}/sms"
    finally:
        server.shutdown()
        server.server_close()


def test_the_webhook_backend_posts_json_to_the_gateway(gateway, settings):
    handler, url = gateway
    settings.SMS_BACKEND = "dwarsverbinder.mypage.sms.WebhookBackend"
    settings.SMS_WEBHOOK_URL = url
    settings.SMS_WEBHOOK_TOKEN = "gateway-secret"
    sms.send_sms(to="0612345678", text="Hallo")
    headers, body = handler.received[0]
    assert body == {"to": "0612345678", "text": "Hallo"}
    assert headers["Authorization"] == "Bearer gateway-secret"
    assert headers["Content-Type"] == "application/json"

    handler.answer = 500
    with pytest.raises(sms.SmsError, match="500"):
        sms.send_sms(to="0612345678", text="Hallo")


def test_the_webhook_backend_refuses_other_schemes(settings):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        sms.WebhookBackend(url="file:///etc/passwd")


# --- The page ------------------------------------------------------------------------------


def test_my_page_needs_a_link_and_closes_after_its_time(en, world, email):
    assert en.get("/mijn/overzicht/")["Location"] == "/mijn/"
    logged_in(en, world.person)
    assert en.get("/mijn/overzicht/").status_code == 200
    session = en.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "until": timezone.now().timestamp() - 1}
    session.save()
    response = en.get("/mijn/overzicht/")
    assert response["Location"] == "/mijn/"
    assert SESSION_KEY not in en.session
    assert b"My page has closed" in en.get("/mijn/").content


def test_log_out_ends_my_page(en, world, email):
    logged_in(en, world.person)
    assert en.get("/mijn/").context["logged_in"] is True
    response = en.post("/mijn/uitloggen/")
    assert response["Location"] == "/mijn/"
    assert SESSION_KEY not in en.session
    assert en.get("/mijn/overzicht/")["Location"] == "/mijn/"


def _contacts(person, organisation, by, count):
    for days in range(count):
        Contact.objects.create(
            person=person,
            organisation=organisation,
            by=by,
            on=TODAY - datetime.timedelta(days=days),
            channel="telefoon",
            outcome="bereikt",
        )


def test_my_page_shows_the_file_in_a_fixed_number_of_queries(en, world, email):
    StatusEpisode.objects.create(
        person=world.person,
        kind="werk",
        start_date=TODAY - datetime.timedelta(days=30),
        last_confirmed=TODAY,
        source="coach",
    )
    _contacts(world.person, world.school, world.coach, 2)
    audit.log_view(actor=acting(world.coach), obj=world.person, person_id=world.person.pk)
    logged_in(en, world.person)
    with CaptureQueriesContext(connection) as few:
        response = en.get("/mijn/overzicht/")
    content = response.content.decode()
    assert "ROC Rivor" in content
    assert "Phone call" in content
    assert ADDRESS in content
    assert "Work" in content

    _contacts(world.person, world.rmc_office, world.rmc_consultant, 8)
    add_channel(world.person, value="0612345678", kind="telefoon")
    audit.log_view(actor=acting(world.rmc_consultant), obj=world.person, person_id=world.person.pk)
    with CaptureQueriesContext(connection) as many:
        response = en.get("/mijn/overzicht/")
    assert "Gemeente Tiel" in response.content.decode()
    assert len(many) == len(few) <= 16


# --- Consents ------------------------------------------------------------------------------


def _consent_and_handover(world, care):
    consent = consent_services.consent_record(
        person=world.person,
        receiving_organisation=care,
        categories=["identity", "contact"],
        form="in_person",
        by=acting(world.coach),
    )
    handover = chain_services.handover_send(
        person=world.person,
        to_organisation=care,
        reason="care",
        categories=["contact"],
        by=acting(world.coach),
    )
    return consent, handover


def test_taking_back_a_consent_ends_the_partners_access_at_once(
    en, world, email, care, django_capture_on_commit_callbacks
):
    consent, handover = _consent_and_handover(world, care)
    intake = acting(world.extra["intake"])
    assert world.person in people_visible_to(user=intake)
    logged_in(en, world.person)
    page = en.get("/mijn/overzicht/").content.decode()
    assert f'action="/mijn/toestemming/{consent.pk}/intrekken/"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = en.post(f"/mijn/toestemming/{consent.pk}/intrekken/")
    assert response["Location"] == "/mijn/overzicht/"
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_via == "my_page"
    assert consent.withdrawn_by is None
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.CONSENT_WITHDRAWN
    assert world.person not in people_visible_to(user=intake)

    page = en.get("/mijn/overzicht/").content.decode()
    assert "You took back your consent" in page
    assert "Taken back on" in page
    assert f'action="/mijn/toestemming/{consent.pk}/intrekken/"' not in page

    # Pressing again (a second tab): nothing changes, nothing is revived, no error page.
    withdrawn_at = consent.withdrawn_at
    again = en.post(f"/mijn/toestemming/{consent.pk}/intrekken/", follow=True)
    assert again.status_code == 200
    assert b"You already took back this consent" in again.content
    consent.refresh_from_db()
    assert consent.withdrawn_at == withdrawn_at
    assert world.person not in people_visible_to(user=intake)


def test_another_persons_consent_is_a_404(en, world, email, care):
    other = PersonFactory()
    theirs = consent_services.consent_record(
        person=other,
        receiving_organisation=care,
        categories=["identity"],
        form="in_person",
        by=acting(world.coach),
    )
    logged_in(en, world.person)
    assert en.post(f"/mijn/toestemming/{theirs.pk}/intrekken/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.withdrawn_at is None


def test_taking_back_needs_my_page_and_a_csrf_token(world, email, care):
    consent, _handover = _consent_and_handover(world, care)
    anonymous = Client()
    assert anonymous.post(f"/mijn/toestemming/{consent.pk}/intrekken/")["Location"] == "/mijn/"
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(f"/mijn/inloggen/{new_token(email)}/")
    csrf = page.cookies[settings.CSRF_COOKIE_NAME].value
    token_path = page.request["PATH_INFO"]
    assert strict.post(token_path).status_code == 403  # no token
    assert strict.post(token_path, {"csrfmiddlewaretoken": csrf}).status_code == 302
    assert strict.post(f"/mijn/toestemming/{consent.pk}/intrekken/").status_code == 403
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


# --- Who opened the file -------------------------------------------------------------------


def test_who_opened_lists_the_organisation_and_not_my_pages_own_reads(en, world, email):
    audit.log_view(actor=acting(world.coach), obj=world.person, person_id=world.person.pk)
    logged_in(en, world.person)
    page = en.get("/mijn/overzicht/")
    en.get("/mijn/download/json/")
    opened = page.context["o"].opened
    assert [(row["organisation"], row["date"]) for row in opened] == [("ROC Rivor", TODAY)]
    assert AuditEvent.objects.filter(
        person_id=world.person.pk, action="view", actor_username="my page", organisation_name=""
    ).exists()
    assert AuditEvent.objects.filter(
        person_id=world.person.pk, action="export", actor_username="my page"
    ).exists()
    rows = who_opened(person_id=world.person.pk)
    assert rows == [{"organisation": "ROC Rivor", "date": TODAY.isoformat(), "actions": ["viewed"]}]
    assert "ROC Rivor" in page.content.decode().split('id="opened"')[1]


# --- Downloads -----------------------------------------------------------------------------


def test_the_json_download_holds_every_section_and_no_bsn_pseudonym(en, world, email, care):
    pseudonym = "f" * 64
    Identity.objects.create(person=world.person, kind="bsn", value=pseudonym)
    Identity.objects.create(
        person=world.person, kind="student_number", value="S123", organisation=world.school
    )
    _consent_and_handover(world, care)
    logged_in(en, world.person)
    response = en.get("/mijn/download/json/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert pseudonym.encode() not in response.content
    data = json.loads(response.content)
    assert set(data) >= {
        "personal_details",
        "identities",
        "contact_details",
        "school_careers",
        "status_episodes",
        "contacts",
        "tasks",
        "signals",
        "vouchers",
        "consents",
        "handovers",
        "file_opened_by",
    }
    assert data["identities"] == {
        "bsn_recorded": True,
        "student_numbers": [{"school": "ROC Rivor", "number": "S123"}],
    }
    assert data["personal_details"]["surname"] == "Jansen"
    assert data["contact_details"][0]["value"] == ADDRESS
    assert data["consents"][0]["organisation"] == "Wijkteam Oost"
    assert data["consents"][0]["state"] == "valid"
    handover = data["handovers"][0]
    assert handover["to_organisation"] == "Wijkteam Oost"
    assert handover["from_organisation"] == "ROC Rivor"
    assert {s["category"] for s in handover["shared"]} == {"Identity", "Contact details"}
    assert {s["basis"] for s in handover["shared"]} == {"Consent"}
    event = AuditEvent.objects.get(action="export", person_id=world.person.pk)
    assert event.detail == {"format": "json"}
    assert event.organisation_name == ""


def test_the_pdf_download_is_a_pdf(en, world, email, care):
    _consent_and_handover(world, care)
    logged_in(en, world.person)
    response = en.get("/mijn/download/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert en.get("/mijn/download/xml/").status_code == 404


def test_the_export_serves_the_privacy_officer_too(world, care):
    Identity.objects.create(person=world.person, kind="bsn", value="e" * 64)
    _consent_and_handover(world, care)
    data = person_export(person=world.person)
    json.dumps(data)  # serialisable as it is
    assert "e" * 64 not in json.dumps(data)
    assert data["school_careers"][0]["school"] == "ROC Rivor"
    # Recording the consent and sending the handover were changes by the school.
    assert data["file_opened_by"] == [
        {"organisation": "ROC Rivor", "date": TODAY.isoformat(), "actions": ["changed something"]}
    ]


def test_downloads_need_my_page(client, world):
    assert client.get("/mijn/download/json/")["Location"] == "/mijn/"
    assert client.get("/mijn/download/pdf/")["Location"] == "/mijn/"


def test_the_pdf_shows_placements_and_certificates(world):
    """The same sections as the JSON download: work and placements, certificates."""
    from django.template.loader import render_to_string

    from dwarsverbinder.employers.models import Certificate
    from tests.factories import EmployerFactory, PlacementFactory

    employer = EmployerFactory(name="Logistiek Centrum Medel")
    PlacementFactory(person=world.person, employer=employer, organisation=world.rmc_office)
    Certificate.objects.create(
        person=world.person, kind="praktijkverklaring", name="Orderpicken", issued_on=TODAY
    )
    data = person_export(person=world.person)
    with translation.override("en"):
        html = render_to_string("mypage/export_pdf.html", {"data": data, "title": "t"})
    work = html[html.index("Work and placements") : html.index("Your consents")]
    assert "Logistiek Centrum Medel" in work and "Orderpicken" in work
