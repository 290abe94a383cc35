"""The API of the records in a young person's file: the same visibility as the pages (an
outsider sees nothing), ``?person=`` filters, every list and read audited, and creates that
go through the services, answer 400 with field errors and save nothing when refused."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dwarsverbinder.followup.models import Contact, Signal, Task, Voucher
from dwarsverbinder.people.models import (
    ContactChannel,
    Identity,
    SchoolCareer,
    StatusEpisode,
)
from dwarsverbinder.people.pseudonyms import bsn_pseudonym
from dwarsverbinder.privacy.models import AuditEvent
from tests.factories import PersonFactory, SchoolCareerFactory

D = datetime.date


def _today() -> datetime.date:
    return timezone.localdate()


def _episode(person, **fields):
    fields = {
        "kind": "werk",
        "start_date": D(2025, 1, 1),
        "last_confirmed": D(2025, 1, 1),
        "source": "coach",
    } | fields
    return StatusEpisode.objects.create(person=person, **fields)


def _channel(person):
    return ContactChannel.objects.create(
        person=person, kind="telefoon", value="0612345678", source="school"
    )


# One record of each kind in the file of world.person: (endpoint, model, make).
RECORDS = {
    "identities": (
        Identity,
        lambda w: Identity.objects.create(
            person=w.person, kind="student_number", organisation=w.school, value="00123"
        ),
    ),
    "contact-channels": (ContactChannel, lambda w: _channel(w.person)),
    "school-careers": (SchoolCareer, lambda w: w.person.school_careers.get()),
    "status-episodes": (StatusEpisode, lambda w: _episode(w.person)),
    "contacts": (
        Contact,
        lambda w: Contact.objects.create(
            person=w.person,
            organisation=w.school,
            by=w.coach,
            on=D(2025, 2, 1),
            channel="telefoon",
            outcome="bereikt",
        ),
    ),
    "tasks": (
        Task,
        lambda w: Task.objects.create(
            person=w.person, organisation=w.school, title="Bellen", due_date=D(2026, 12, 1)
        ),
    ),
    "signals": (
        Signal,
        lambda w: Signal.objects.create(
            person=w.person, organisation=w.school, kind="neet", raised_on=D(2026, 11, 1)
        ),
    ),
    "vouchers": (
        Voucher,
        lambda w: Voucher.objects.create(
            person=w.person,
            code="RIV-0001",
            issued_by=w.school,
            issued_on=D(2026, 1, 1),
            description="Entree",
            valid_until=D(2027, 1, 1),
        ),
    ),
}


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.mark.parametrize("endpoint", RECORDS)
def test_visible_records_are_listed_and_the_list_is_audited(client, world, endpoint):
    model, make = RECORDS[endpoint]
    record = make(world)
    other = PersonFactory()  # in nobody's reach at the school
    SchoolCareerFactory(person=other)
    client.force_login(world.coach)
    data = client.get(f"/api/v1/{endpoint}/").json()
    assert data["count"] == 1
    assert [row["id"] for row in data["results"]] == [record.pk]
    assert data["results"][0]["person"] == world.person.pk
    event = AuditEvent.objects.get(action="list", object_type=model._meta.label_lower)
    assert event.detail["ids"] == [record.pk]
    assert event.detail["person_ids"] == [world.person.pk]
    assert event.channel == "api"
    assert event.actor_username == "coach"


@pytest.mark.parametrize("endpoint", RECORDS)
def test_a_read_is_audited_with_the_person(client, world, endpoint):
    model, make = RECORDS[endpoint]
    record = make(world)
    client.force_login(world.coach)
    response = client.get(f"/api/v1/{endpoint}/{record.pk}/")
    assert response.status_code == 200
    assert response.json()["id"] == record.pk
    event = AuditEvent.objects.get(action="view", object_type=model._meta.label_lower)
    assert event.person_id == world.person.pk
    assert event.object_id == str(record.pk)


@pytest.mark.parametrize("endpoint", RECORDS)
def test_an_outsider_sees_nothing_and_reads_nothing(client, world, endpoint):
    _model, make = RECORDS[endpoint]
    record = make(world)
    client.force_login(world.outsider)
    assert client.get(f"/api/v1/{endpoint}/").json()["count"] == 0
    assert client.get(f"/api/v1/{endpoint}/?person={world.person.pk}").json()["count"] == 0
    assert client.get(f"/api/v1/{endpoint}/{record.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="view").exists()


@pytest.mark.parametrize("endpoint", RECORDS)
def test_reads_need_a_login(client, world, endpoint):
    assert client.get(f"/api/v1/{endpoint}/").status_code == 403


def test_the_person_filter(client, world):
    second = PersonFactory(municipality=world.municipality)
    SchoolCareerFactory(person=second, school=world.school)
    mine, theirs = _episode(world.person), _episode(second)
    client.force_login(world.coach)
    both = client.get("/api/v1/status-episodes/").json()
    assert {row["id"] for row in both["results"]} == {mine.pk, theirs.pk}
    only = client.get(f"/api/v1/status-episodes/?person={second.pk}").json()
    assert [row["id"] for row in only["results"]] == [theirs.pk]
    event = AuditEvent.objects.filter(action="list").order_by("-id").first()
    assert event.detail["ids"] == [theirs.pk]


def test_a_malformed_person_filter_is_a_400(client, world):
    client.force_login(world.coach)
    response = client.get("/api/v1/contacts/?person=jansen")
    assert response.status_code == 400
    assert "person" in response.json()


def test_lists_are_paginated(client, world):
    first = D(2020, 1, 1)
    for day in range(55):
        start = first + datetime.timedelta(days=day)
        _episode(world.person, start_date=start, last_confirmed=start)
    client.force_login(world.coach)
    data = client.get("/api/v1/status-episodes/").json()
    assert data["count"] == 55
    assert len(data["results"]) == 50
    assert data["next"].endswith("?page=2")
    event = AuditEvent.objects.get(action="list")
    assert len(event.detail["ids"]) == 50  # what was shown, not everything


def test_the_bsn_pseudonym_never_leaves(client, world):
    bsn = Identity.objects.create(person=world.person, kind="bsn", value=bsn_pseudonym("111222333"))
    client.force_login(world.coach)
    listed = client.get("/api/v1/identities/")
    read = client.get(f"/api/v1/identities/{bsn.pk}/")
    for response in (listed, read):
        assert bsn.value not in response.content.decode()
    assert read.json() == {
        "id": bsn.pk,
        "person": world.person.pk,
        "kind": "bsn",
        "school": None,
        "student_number": None,
    }


def test_a_student_number_shows_school_and_number(client, world):
    RECORDS["identities"][1](world)
    client.force_login(world.coach)
    row = client.get("/api/v1/identities/").json()["results"][0]
    assert row["school"] == "roc-rivor"
    assert row["student_number"] == "00123"


def test_voucher_status_is_derived(client, world):
    RECORDS["vouchers"][1](world)
    client.force_login(world.coach)
    assert client.get("/api/v1/vouchers/").json()["results"][0]["status"] == "open"


# -- people ----------------------------------------------------------------------------


def test_person_shows_position_today_and_cohort(client, world):
    career = world.person.school_careers.get()
    career.leave_date = D(2025, 6, 30)
    career.save()
    recent = _today() - datetime.timedelta(days=30)
    _episode(world.person, kind="werk", start_date=recent, last_confirmed=recent)
    client.force_login(world.coach)
    data = client.get(f"/api/v1/people/{world.person.pk}/").json()
    assert data["position"] == "werk"
    assert data["cohort"] == "2024-2025"


def test_an_enrolled_person_without_episodes(client, world):
    client.force_login(world.coach)
    data = client.get("/api/v1/people/").json()["results"][0]
    assert data["position"] == "onbekend"
    assert data["cohort"] is None


def _grow(world, n):
    for _ in range(n):
        career = SchoolCareerFactory(school=world.school, person__municipality=world.municipality)
        career.leave_date = D(2025, 6, 30)
        career.save()
        SchoolCareerFactory(school=world.other_school, person=career.person)
        _episode(career.person)
        _episode(career.person, kind="zorg")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url", ["/api/v1/people/", "/api/v1/school-careers/", "/api/v1/status-episodes/"]
)
def test_lists_run_the_same_queries_for_3_and_20_people(client, world, url):
    client.force_login(world.coach)
    _grow(world, 2)  # with world.person: 3 people
    small = _queries(client, url)
    _grow(world, 17)  # 20 people
    assert _queries(client, url) == small


# -- creating episodes -------------------------------------------------------------------


def test_recording_an_episode(client, world):
    client.force_login(world.coach)
    response = client.post(
        "/api/v1/status-episodes/",
        {"person": world.person.pk, "kind": "onderwijs", "start_date": "2026-09-01"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    episode = StatusEpisode.objects.get(pk=data["id"])
    assert episode.person == world.person
    assert episode.last_confirmed == _today()
    assert episode.source == "coach"
    assert data["recorded_by"] == "coach"
    event = AuditEvent.objects.get(action="create", object_type="people.statusepisode")
    assert event.person_id == world.person.pk
    assert event.channel == "api"


def test_a_refused_episode_is_a_400_with_field_errors_and_nothing_saved(client, world, english):
    client.force_login(world.coach)
    response = client.post(
        "/api/v1/status-episodes/",
        {
            "person": world.person.pk,
            "kind": "werk",
            "start_date": "2026-09-01",
            "end_date": "2026-08-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"end_date": ["The end date lies before the start date."]}
    assert not StatusEpisode.objects.exists()
    assert not AuditEvent.objects.filter(action="create").exists()


def test_malformed_episode_input_is_a_400(client, world):
    client.force_login(world.coach)
    response = client.post(
        "/api/v1/status-episodes/",
        {"person": world.person.pk, "kind": "vakantie", "start_date": "gisteren"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"kind", "start_date"}
    assert not StatusEpisode.objects.exists()


def test_no_episode_for_someone_out_of_reach(client, world):
    client.force_login(world.outsider)
    response = client.post(
        "/api/v1/status-episodes/",
        {"person": world.person.pk, "kind": "werk", "start_date": "2026-09-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "person" in response.json()
    assert not StatusEpisode.objects.exists()


@pytest.mark.parametrize("username", ["analist", "fg", "beheer"])
def test_writes_need_a_casework_role(client, world, username):
    user = {"analist": world.analyst, "fg": world.privacy_officer, "beheer": world.administrator}
    client.force_login(user[username])
    for endpoint in ("status-episodes", "contacts"):
        response = client.post(
            f"/api/v1/{endpoint}/",
            {"person": world.person.pk, "kind": "werk", "start_date": "2026-09-01"},
            content_type="application/json",
        )
        assert response.status_code == 403, endpoint
    assert not StatusEpisode.objects.exists()


def test_writes_need_a_login(client, world):
    response = client.post(
        "/api/v1/contacts/", {"person": world.person.pk}, content_type="application/json"
    )
    assert response.status_code == 403


@pytest.mark.parametrize("endpoint", ["identities", "signals", "tasks", "vouchers"])
def test_read_only_endpoints_refuse_writes(client, world, endpoint):
    client.force_login(world.coach)
    response = client.post(f"/api/v1/{endpoint}/", {}, content_type="application/json")
    assert response.status_code == 405


# -- creating contacts -------------------------------------------------------------------


def test_logging_a_contact_for_the_acting_organisation(client, world):
    episode = _episode(world.person, start_date=D(2026, 1, 1), last_confirmed=D(2026, 1, 1))
    channel = _channel(world.person)
    client.force_login(world.coach)
    response = client.post(
        "/api/v1/contacts/",
        {
            "person": world.person.pk,
            "on": "2026-11-20",
            "channel": "telefoon",
            "outcome": "bereikt",
            "note": "Werkt bij de bakker.",
            "channel_used": channel.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["organisation"] == "roc-rivor"
    assert data["by"] == "coach"
    contact = Contact.objects.get(pk=data["id"])
    assert contact.channel_used == channel
    episode.refresh_from_db()
    assert episode.last_confirmed == D(2026, 11, 20)  # the service confirmed it
    event = AuditEvent.objects.get(action="create", object_type="followup.contact")
    assert event.person_id == world.person.pk


def test_a_contact_in_the_future_is_a_400_and_nothing_saved(client, world, english):
    client.force_login(world.coach)
    response = client.post(
        "/api/v1/contacts/",
        {
            "person": world.person.pk,
            "on": (_today() + datetime.timedelta(days=2)).isoformat(),
            "channel": "telefoon",
            "outcome": "bereikt",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"on": ["The date of the contact lies in the future."]}
    assert not Contact.objects.exists()
    assert not AuditEvent.objects.filter(action="create").exists()


def test_a_contact_detail_of_someone_else_is_refused(client, world, english):
    second = PersonFactory(municipality=world.municipality)
    SchoolCareerFactory(person=second, school=world.school)
    client.force_login(world.coach)
    response = client.post(
        "/api/v1/contacts/",
        {
            "person": world.person.pk,
            "on": "2026-11-20",
            "channel": "telefoon",
            "outcome": "niet_bereikt",
            "channel_used": _channel(second).pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"channel_used": ["That contact detail is someone else's."]}
    assert not Contact.objects.exists()


def test_a_contact_detail_out_of_reach_does_not_exist(client, world):
    hidden = PersonFactory()
    client.force_login(world.coach)
    response = client.post(
        "/api/v1/contacts/",
        {
            "person": world.person.pk,
            "on": "2026-11-20",
            "channel": "telefoon",
            "outcome": "niet_bereikt",
            "channel_used": _channel(hidden).pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "channel_used" in response.json()
    assert not Contact.objects.exists()
