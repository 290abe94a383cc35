"""The public page for employers (/werkgever/) and the inbox of requests
(/werkgevers/verzoeken/): an employer offers a place or asks for help without logging in;
the account owner or the region's employer advisers get a notice with a link, never a
copy; the page never tells whether a KvK number is registered."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.employers import public
from dwarsverbinder.employers.constants import RequestKind, RequestStatus
from dwarsverbinder.employers.models import EmployerRequest
from dwarsverbinder.employers.request_views import url_or_none
from dwarsverbinder.privacy.models import AuditEvent

from ..conftest import login
from ..factories import (
    AccountOwnerFactory,
    EmployerFactory,
    MembershipFactory,
    OrganisationFactory,
)

URL = "/werkgever/"
THANKS = "/werkgever/bedankt/"
INBOX = "/werkgevers/verzoeken/"
LINK = re.compile(r"/werkgevers/verzoeken/(\d+)/")
OTHER_CLIENT_ADDRESS = "192.0.2.7"


def form_data(**overrides) -> dict:
    data = {
        "kind": RequestKind.OFFER,
        "company": "Fruitteelt Van Ooyen",
        "kvk_number": "",
        "contact_name": "Ineke van Ooyen",
        "email": "ineke@fruitteelt.example",
        "phone": "",
        "postcode": "",
        "opening_kind": "bbl",
        "message": "Wij hebben plek voor een BBL-leerling in de fruitteelt, 32 uur.",
        "website": "",
    }
    data.update(overrides)
    return data


def body(message) -> str:
    return "\n".join(
        part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        for part in message.walk()
        if part.get_payload(decode=True)
    )


@pytest.fixture
def en(client):
    """Tests read the English source texts; the pages are Dutch by default."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def wsp(world):
    """The region's employer service point with two employer advisers, and a coordinator."""
    organisation = OrganisationFactory(kind="overig", name="Werkgeversservicepunt")
    advisers = [
        MembershipFactory(
            organisation=organisation, role=Role.EMPLOYER_MANAGER, user__username=name
        ).user
        for name in ("adviseur1", "adviseur2")
    ]
    coordinator = MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    ).user
    world.extra.update(wsp=organisation, advisers=advisers, coordinator=coordinator)
    return organisation


@pytest.fixture
def owned(world, wsp):
    """A registered employer whose account owner is the school's coach."""
    employer = EmployerFactory(name="Logistiek Centrum Medel", kvk_number="99123456")
    AccountOwnerFactory(employer=employer, organisation=world.school, user=world.coach)
    return employer


def send(client, capture, **overrides):
    with capture(execute=True) as callbacks:
        response = client.post(URL, form_data(**overrides))
    return response, callbacks


# --- The public page ------------------------------------------------------------------------


def test_the_page_opens_without_login_in_dutch_with_english_available(client, db):
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = english.get(URL).content.decode()
    assert "Offer a place or ask for help" in page
    assert "You get an answer within 5 working days." in page
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    assert response["Cache-Control"].startswith("max-age=0")
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="language" value="en"' in html  # the site's language switch
    # The honeypot is there but hidden from everyone, and out of the tab order.
    assert re.search(r'aria-hidden="true">.*name="website"[^>]*tabindex="-1"', html, re.S)
    assert re.search(r'value="aanbod"[^>]*checked', html)
    # A link for questions opens with that choice made.
    asking = client.get(URL, {"vraag": "hulp"}).content.decode()
    assert re.search(r'value="hulp"[^>]*checked', asking)


def test_an_offer_without_kvk_reaches_the_regions_employer_advisers(
    en, world, wsp, smtp_server, django_capture_on_commit_callbacks
):
    response, _ = send(en, django_capture_on_commit_callbacks, kvk_number="", postcode="4001ab")
    assert response.status_code == 302
    assert response["Location"] == THANKS
    saved = EmployerRequest.objects.get()
    assert (saved.kind, saved.company, saved.postcode) == (
        "aanbod",
        "Fruitteelt Van Ooyen",
        "4001 AB",
    )
    assert saved.employer is None
    assert saved.status == RequestStatus.NEW

    advisers = sorted(u.email for u in world.extra["advisers"])
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == advisers
    text = body(smtp_server.messages[0])
    assert LINK.search(text).group(1) == str(saved.pk)
    # A link, not a copy: nothing the employer typed is in the mail.
    for typed in ("Van Ooyen", "ineke@", "BBL-leerling", "32 uur"):
        assert typed not in text
        assert typed not in smtp_server.messages[0]["Subject"]


def test_a_registered_kvk_links_the_request_and_reaches_only_the_account_owner(
    en, world, owned, smtp_server, django_capture_on_commit_callbacks
):
    response, _ = send(en, django_capture_on_commit_callbacks, kvk_number="9912 3456")
    assert response["Location"] == THANKS
    saved = EmployerRequest.objects.get()
    assert saved.kvk_number == "99123456"
    assert saved.employer == owned
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == [world.coach.email]
    assert "accounthouder" in body(smtp_server.messages[0])  # the site's language, Dutch


def test_an_employer_without_account_owner_goes_to_the_region(
    en, world, wsp, smtp_server, django_capture_on_commit_callbacks
):
    employer = EmployerFactory(kvk_number="99000001")
    AccountOwnerFactory(
        employer=employer, user=world.coach, since="2024-01-01", until="2024-12-31"
    )  # an earlier owner no longer counts
    send(en, django_capture_on_commit_callbacks, kvk_number="99000001")
    assert EmployerRequest.objects.get().employer == employer
    assert len(smtp_server.messages) == 2
    assert world.coach.email not in {m["X-Envelope-To"] for m in smtp_server.messages}


def test_an_account_owner_without_e_mail_address_is_passed_over(
    en, world, owned, smtp_server, django_capture_on_commit_callbacks
):
    world.coach.email = ""
    world.coach.save(update_fields=["email"])
    send(en, django_capture_on_commit_callbacks, kvk_number=owned.kvk_number)
    assert EmployerRequest.objects.get().employer == owned
    advisers = sorted(u.email for u in world.extra["advisers"])
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == advisers


def test_without_employer_advisers_the_coordinators_get_the_notice(
    en, world, smtp_server, django_capture_on_commit_callbacks
):
    coordinator = MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coord"
    ).user
    send(en, django_capture_on_commit_callbacks)
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == [coordinator.email]


def test_the_page_never_tells_whether_a_kvk_number_is_registered(
    en, world, owned, django_capture_on_commit_callbacks
):
    known, _ = send(en, django_capture_on_commit_callbacks, kvk_number="99123456")
    unknown, _ = send(en, django_capture_on_commit_callbacks, kvk_number="99999998")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == THANKS
    assert set(known.headers) == set(unknown.headers)
    page = en.get(THANKS).content.decode()
    assert "Thank you for your message" in page
    assert "5 working days" in page
    assert "Medel" not in page
    assert EmployerRequest.objects.count() == 2


def test_nothing_is_sent_in_the_request_itself(
    en, world, wsp, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        en.post(URL, form_data())
    assert len(callbacks) == 1
    assert smtp_server.messages == []
    callbacks[0]()
    assert len(smtp_server.messages) == 2


@pytest.mark.parametrize(
    ("field", "typed", "error"),
    [
        ("kvk_number", "1234", "A KvK number has exactly eight digits"),
        ("kvk_number", "0000 0000", "00000000 is not a KvK number"),
        ("postcode", "40011AB", "Give a Dutch postcode"),
        ("email", "ineke at fruitteelt", "This is not an e-mail address"),
        ("phone", "bel me", "This is not a phone number"),
        ("company", "", "Fill in the name of your company"),
        ("message", "", "Write a short message"),
        ("message", "x" * 3001, "Your message is too long"),
        ("kind", "iets anders", "Select a valid choice"),
    ],
)
def test_mistakes_get_a_clear_error_and_keep_what_was_typed(
    en, world, wsp, smtp_server, field, typed, error
):
    response = en.post(URL, form_data(**{field: typed}))
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert "Not sent yet: please check" in html
    assert f'href="#id_{field}' in html  # the summary links to the field
    assert 'value="Fruitteelt Van Ooyen"' in html or field == "company"
    assert "BBL-leerling in de fruitteelt" in html or field == "message"
    assert not EmployerRequest.objects.exists()
    assert smtp_server.messages == []


def test_a_robot_filling_the_honeypot_gets_the_thank_you_page_and_saves_nothing(
    en, world, wsp, smtp_server, django_capture_on_commit_callbacks
):
    response, callbacks = send(
        en, django_capture_on_commit_callbacks, website="http://spam.example"
    )
    assert response["Location"] == THANKS
    assert not EmployerRequest.objects.exists()
    assert callbacks == []
    assert smtp_server.messages == []


def test_messages_per_client_address_are_limited(
    en, world, wsp, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.EMPLOYER_REQUESTS_PER_IP_HOUR = 2
    for _ in range(2):
        assert send(en, django_capture_on_commit_callbacks)[0]["Location"] == THANKS
    response, _ = send(en, django_capture_on_commit_callbacks, company="Derde Bedrijf")
    assert response.status_code == 429
    html = response.content.decode()
    assert "try again in an hour" in html
    assert 'value="Derde Bedrijf"' in html  # the form keeps what was typed
    assert EmployerRequest.objects.count() == 2
    # Another address is not affected; a robot there uses up its messages too.
    other = Client(REMOTE_ADDR=OTHER_CLIENT_ADDRESS)
    send(other, django_capture_on_commit_callbacks, website="http://spam.example")
    assert send(other, django_capture_on_commit_callbacks)[0]["Location"] == THANKS
    assert send(other, django_capture_on_commit_callbacks)[0].status_code == 429
    assert EmployerRequest.objects.count() == 3


def test_the_form_is_protected_against_cross_site_posts(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, form_data())
    assert response.status_code == 403
    assert not EmployerRequest.objects.exists()


def test_a_new_request_is_audited_without_its_contents(
    en, world, wsp, django_capture_on_commit_callbacks
):
    send(en, django_capture_on_commit_callbacks, phone="0344 123456")
    saved = EmployerRequest.objects.get()
    event = AuditEvent.objects.get(object_type="employers.employerrequest", action="create")
    assert event.object_id == str(saved.pk)
    assert event.actor_username == public.AUDIT_ACTOR
    stored = f"{event.changes} {event.detail}"
    for typed in ("Ineke", "ineke@", "0344", "fruitteelt"):
        assert typed not in stored


def test_the_service_refuses_bad_input_and_saves_nothing(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        public.request_submit(
            kind="aanbod",
            company="Bedrijf",
            contact_name="Piet",
            email="geen-adres",
            message="Hallo",
            kvk_number="12AB5678",
            postcode="0123 AB",
        )
    assert set(caught.value.error_dict) == {"email", "kvk_number", "postcode"}
    assert not EmployerRequest.objects.exists()


# --- The inbox ------------------------------------------------------------------------------


def make_request(**fields) -> EmployerRequest:
    values = {
        "kind": RequestKind.HELP,
        "company": "Bakkerij De Korenbloem",
        "contact_name": "Sandra Wouters",
        "email": "sandra@korenbloem.example",
        "message": "Hoe werkt een proefplaatsing?",
        **fields,
    }
    return EmployerRequest.objects.create(**values)


def test_employer_advisers_see_new_requests_and_the_list_is_audited(client, world, wsp):
    shown = make_request()
    done = make_request(company="Oud Verzoek", status=RequestStatus.HANDLED)
    login(client, world.extra["advisers"][0])
    response = client.get(INBOX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bakkerij De Korenbloem" in html
    assert "Oud Verzoek" not in html
    assert "Sandra Wouters" not in html  # contact details only on the request itself
    event = AuditEvent.objects.filter(object_type="employers.employerrequest", action="list").get()
    assert event.detail["ids"] == [shown.pk]
    handled = client.get(INBOX, {"status": RequestStatus.HANDLED}).content.decode()
    assert "Oud Verzoek" in handled and "Bakkerij De Korenbloem" not in handled
    assert done.pk in AuditEvent.objects.filter(action="list").latest("id").detail["ids"]


@pytest.mark.parametrize("who", ["coach", "outsider", "analyst"])
def test_others_cannot_open_the_inbox(client, world, wsp, who):
    make_request()
    login(client, getattr(world, who))
    assert client.get(INBOX).status_code == 403
    assert not AuditEvent.objects.filter(action="list", object_type="employers.employerrequest")


def test_the_inbox_needs_a_login(client, db):
    request = make_request()
    for url in (INBOX, f"{INBOX}{request.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_a_request_opens_with_its_contact_details_and_the_view_is_audited(client, world, wsp):
    request = make_request(phone="0344 123456")
    login(client, world.extra["coordinator"])
    response = client.get(f"{INBOX}{request.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sandra Wouters" in html
    assert 'href="mailto:sandra@korenbloem.example"' in html
    assert 'href="tel:0344123456"' in html
    assert "Hoe werkt een proefplaatsing?" in html
    assert AuditEvent.objects.filter(
        action="view", object_type="employers.employerrequest", object_id=str(request.pk)
    ).exists()


def test_the_account_owner_opens_a_linked_request_and_nobody_else_outside_the_keepers(
    client, world, owned
):
    linked = make_request(employer=owned, kvk_number=owned.kvk_number)
    other = make_request()
    login(client, world.coach)  # a coach: not a register keeper, but the account owner
    assert client.get(f"{INBOX}{linked.pk}/").status_code == 200
    assert client.get(f"{INBOX}{other.pk}/").status_code == 404
    client.logout()
    login(client, world.outsider)
    assert client.get(f"{INBOX}{linked.pk}/").status_code == 404
    assert client.post(f"{INBOX}{linked.pk}/status/", {"status": "spam"}).status_code == 404
    linked.refresh_from_db()
    assert linked.status == RequestStatus.NEW


def test_the_detail_shows_the_employer_or_an_employer_registered_later(en, world, owned):
    client = en
    linked = make_request(employer=owned, kvk_number=owned.kvk_number)
    later = make_request(kvk_number="99777777", company="Later Geregistreerd")
    login(client, world.extra["advisers"][0])
    html = client.get(f"{INBOX}{linked.pk}/").content.decode()
    assert "Logistiek Centrum Medel" in html
    assert f'href="{reverse("employers:detail", args=[owned.pk])}"' in html
    assert world.school.name in html  # the account owner's organisation
    assert "not in the register" not in client.get(f"{INBOX}{linked.pk}/").content.decode()
    html = client.get(f"{INBOX}{later.pk}/").content.decode()
    assert "is not in the register" in html
    assert f'href="{reverse("employers:employer_create")}"' in html  # add it to the register
    EmployerFactory(kvk_number="99777777", name="Later BV")
    html = client.get(f"{INBOX}{later.pk}/").content.decode()
    assert "added to the register after the request came in" in html
    assert "Later BV" in html


def test_marking_a_request_handled_or_spam_is_audited(client, world, wsp):
    request = make_request()
    login(client, world.extra["advisers"][1])
    response = client.post(f"{INBOX}{request.pk}/status/", {"status": RequestStatus.HANDLED})
    assert response.status_code == 302
    assert response["Location"] == f"{INBOX}?status=nieuw"
    request.refresh_from_db()
    assert request.status == RequestStatus.HANDLED
    event = AuditEvent.objects.get(action="update", object_type="employers.employerrequest")
    assert event.changes == {"status": [RequestStatus.NEW, RequestStatus.HANDLED]}
    client.post(f"{INBOX}{request.pk}/status/", {"status": RequestStatus.SPAM})
    request.refresh_from_db()
    assert request.status == RequestStatus.SPAM
    client.post(f"{INBOX}{request.pk}/status/", {"status": "weg"})
    request.refresh_from_db()
    assert request.status == RequestStatus.SPAM
    assert client.get(f"{INBOX}{request.pk}/status/").status_code == 405


def test_the_inbox_runs_a_fixed_number_of_queries(client, world, owned):
    login(client, world.extra["advisers"][0])
    make_request(employer=owned)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(INBOX).status_code == 200
        return len(ctx.captured_queries)

    small = queries()
    for n in range(8):
        make_request(employer=EmployerFactory(), company=f"Bedrijf {n}")
    assert queries() == small


def test_links_to_other_parts_of_the_register_only_when_they_exist(db):
    assert url_or_none("employers:requests") == INBOX
    assert url_or_none("employers:does-not-exist") is None


def test_handled_requests_are_deleted_after_their_retention_time(db, settings):
    import datetime

    from django.utils import timezone

    from dwarsverbinder.employers.public import requests_expire
    from dwarsverbinder.privacy.models import AuditEvent

    settings.EMPLOYER_REQUEST_RETENTION_MONTHS = 12
    old_handled = make_request(status=RequestStatus.HANDLED)
    old_spam = make_request(status=RequestStatus.SPAM)
    old_new = make_request()
    recent = make_request(status=RequestStatus.HANDLED)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    EmployerRequest.objects.filter(pk__in=[old_handled.pk, old_spam.pk, old_new.pk]).update(
        created_at=long_ago
    )
    assert requests_expire() == 2
    assert set(EmployerRequest.objects.values_list("pk", flat=True)) == {old_new.pk, recent.pk}
    event = AuditEvent.objects.get(action="retention", object_type="employers.employerrequest")
    assert event.detail["deleted"] == 2
    assert requests_expire() == 0  # nothing left to do, and no empty audit row
    assert AuditEvent.objects.filter(action="retention").count() == 1
