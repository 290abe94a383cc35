"""The young person's file: what it shows, the forms that change it, and who may use them.

Every form keeps what was typed when a service refuses it, shows the error next to the
field and saves nothing; every page and post is a 404 for the outsider."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dwarsverbinder.followup.models import Contact, Signal, Task, Voucher
from dwarsverbinder.people import services
from dwarsverbinder.people.models import (
    Assignment,
    ContactChannel,
    Identity,
    Person,
    StatusEpisode,
)
from dwarsverbinder.people.pseudonyms import bsn_pseudonym
from dwarsverbinder.privacy.models import AuditEvent
from tests.conftest import login
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SchoolCareerFactory,
)

VALID_BSN = "111222333"  # passes the 11-proef
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def coach_client(client, world):
    login(client, world.coach)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _url(person, suffix=""):
    return f"/jongeren/{person.pk}/{suffix}"


def _field_error(response, name: str) -> str:
    """The error text shown next to a field (the markup of templates/forms/field.html)."""
    match = re.search(
        rf'id="id_{name}_error">(.*?)</div>', response.content.decode(), flags=re.DOTALL
    )
    assert match, f"no error shown next to {name}"
    return re.sub(r"<[^>]+>", "", match[1]).strip()


def _typed(response, name: str, value: str) -> bool:
    return f'name="{name}" value="{value}"' in response.content.decode()


def _new_person_data(world, **overrides) -> dict:
    data = {
        "given_names": "Daan",
        "tussenvoegsel": "van",
        "surname": "Dijk",
        "date_of_birth": "2007-03-14",
        "gender": "m",
        "street": "Hoogstraat",
        "house_number": "12a",
        "postcode": "4001 ab",
        "municipality": str(world.municipality.pk),
        "bsn": "",
        "student_number": "",
    }
    return {**data, **overrides}


# --- The file page -----------------------------------------------------------------------


def test_file_shows_position_care_flag_cohort_and_sections(coach_client, world):
    person = world.person
    career = person.school_careers.get()
    career.leave_date = datetime.date(2025, 6, 30)
    career.crebo = "25655"
    career.save()
    services.episode_record(person=person, kind="werk", start_date=TODAY - 30 * DAY, by=world.coach)
    services.episode_record(person=person, kind="zorg", start_date=TODAY - 30 * DAY, by=world.coach)
    services.identity_add_bsn(person=person, bsn=VALID_BSN, by=world.coach)
    services.identity_add_student_number(
        person=person, school=world.school, number="S-4711", by=world.coach
    )
    phone = services.contact_channel_add(
        person=person, kind="telefoon", value="0612345678", source="school", by=world.coach
    )
    old = services.contact_channel_add(
        person=person, kind="email", value="oud@example.nl", source="school", by=world.coach
    )
    services.contact_channel_retire(channel=old, by=world.coach)

    response = coach_client.get(_url(person))
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'dwv-position__value">Work<', html)
    # The register lets municipalities and care partners see care involvement, not schools.
    assert "Care involved" not in html
    assert "2024-2025" in html  # the cohort of the last leave date
    assert "25655" in html
    assert "0612345678" in html
    assert "oud@example.nl" in html.split("No longer in use (history)")[1]
    assert "S-4711" in html
    assert re.search(r"BSN recorded</dt><dd>yes", html)
    assert VALID_BSN not in html
    assert bsn_pseudonym(VALID_BSN) not in html
    assert phone.value in html


def test_a_stale_open_episode_is_marked_and_does_not_count(coach_client, world):
    long_ago = TODAY - 400 * DAY
    services.episode_record(
        person=world.person,
        kind="onderwijs",
        start_date=long_ago,
        last_confirmed=long_ago + 10 * DAY,
        by=world.coach,
    )
    html = coach_client.get(_url(world.person)).content.decode()
    assert re.search(r'dwv-position__value">Unknown<', html)
    assert "dwv-timeline__item--stale" in html
    assert "no longer counts" in html


def test_the_note_of_a_care_episode_is_not_shown(coach_client, client, world):
    StatusEpisode.objects.create(
        person=world.person,
        kind="zorg",
        start_date=TODAY - 5 * DAY,
        last_confirmed=TODAY,
        source="partner",
        note="diagnose X",
    )
    html = coach_client.get(_url(world.person)).content.decode()
    assert "Care involved" not in html  # a school does not see care involvement at all
    client.logout()
    login(client, world.rmc_consultant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(_url(world.person)).content.decode()
    assert "Care involved" in html  # the RMC does, by the register's default
    assert "Care" in html
    assert "diagnose X" not in html


def _grow(world, n: int, start: int) -> None:
    person = world.person
    for i in range(start, start + n):
        other = OrganisationFactory(school=True)
        coach = MembershipFactory(organisation=other).user
        StatusEpisode.objects.create(
            person=person,
            kind="werk",
            start_date=TODAY - (i + 10) * DAY,
            last_confirmed=TODAY - i * DAY,
            source="coach",
            recorded_by=coach,
        )
        channel = ContactChannel.objects.create(
            person=person, kind="telefoon", value=f"06{i:08d}", source="coach"
        )
        Contact.objects.create(
            person=person,
            organisation=other,
            by=coach,
            on=TODAY,
            channel="telefoon",
            outcome="bereikt",
            channel_used=channel,
        )
        SchoolCareerFactory(person=person, school=other)
        Identity.objects.create(
            person=person, kind="student_number", organisation=other, value=f"n{i}"
        )
        Task.objects.create(
            person=person, organisation=other, assigned_to=coach, title="Bellen", due_date=TODAY
        )
        Signal.objects.create(person=person, organisation=other, kind="neet", raised_on=TODAY)
        Voucher.objects.create(
            person=person,
            code=f"V{i:06d}",
            issued_by=other,
            issued_by_user=coach,
            issued_on=TODAY,
            description="Cursus",
            valid_until=TODAY + 365 * DAY,
        )
        AssignmentFactory(person=person, organisation=other, coach=coach)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_file_page_query_count_does_not_grow(coach_client, world):
    url = _url(world.person)
    _grow(world, 1, 0)
    first = _queries(coach_client, url)
    _grow(world, 5, 1)
    assert _queries(coach_client, url) == first


# --- Adding a young person ---------------------------------------------------------------


def test_coach_adds_a_young_person_with_bsn_and_student_number(coach_client, world):
    data = _new_person_data(world, bsn=VALID_BSN, student_number="R-1001")
    response = coach_client.post("/jongeren/nieuw/", data)
    person = Person.objects.get(surname="Dijk")
    assert response.status_code == 302
    assert response["Location"] == _url(person)
    assert person.postcode == "4001AB"
    assert person.municipality == world.municipality
    bsn = person.identities.get(kind="bsn")
    assert bsn.value == bsn_pseudonym(VALID_BSN)
    assert person.identities.get(kind="student_number").organisation == world.school
    assignment = Assignment.objects.get(person=person)
    assert (assignment.organisation, assignment.coach) == (world.school, world.coach)
    audited = set(
        AuditEvent.objects.filter(person_id=person.pk).values_list("object_type", flat=True)
    )
    assert {"people.person", "people.identity", "people.assignment"} <= audited
    assert VALID_BSN not in str(list(AuditEvent.objects.values_list("changes", "detail")))

    page = coach_client.get(response["Location"])
    html = page.content.decode()
    assert "Daan van Dijk was added." in html
    assert VALID_BSN not in html
    assert re.search(r"BSN recorded</dt><dd>yes", html)


def test_the_creator_at_a_municipality_sees_the_new_person_too(client, world):
    login(client, world.rmc_consultant)
    data = _new_person_data(world, student_number="ignored")
    response = client.post("/jongeren/nieuw/", data)
    person = Person.objects.get(surname="Dijk")
    assert response.status_code == 302
    assert not person.identities.exists()  # no student numbers outside a school
    assert client.get(_url(person)).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date_of_birth": (TODAY + DAY).isoformat()}, "date_of_birth", "future"),
        ({"bsn": "123456789"}, "bsn", "11-proef"),
        ({"postcode": "12345"}, "postcode", "four digits"),
    ],
)
def test_bad_new_person_is_refused_on_the_field_and_nothing_is_saved(
    coach_client, world, overrides, field, message
):
    people, events = Person.objects.count(), AuditEvent.objects.exclude(action="login").count()
    response = coach_client.post("/jongeren/nieuw/", _new_person_data(world, **overrides))
    assert response.status_code == 200
    assert message in _field_error(response, field)
    assert _typed(response, "given_names", "Daan")
    assert _typed(response, "surname", "Dijk")
    assert _typed(response, field, overrides[field])
    assert Person.objects.count() == people
    assert AuditEvent.objects.exclude(action="login").count() == events


def test_a_student_number_in_use_at_the_school_rolls_everything_back(coach_client, world):
    services.identity_add_student_number(
        person=world.person, school=world.school, number="R-1001", by=world.coach
    )
    people, identities = Person.objects.count(), Identity.objects.count()
    data = _new_person_data(world, bsn=VALID_BSN, student_number="R-1001")
    response = coach_client.post("/jongeren/nieuw/", data)
    assert response.status_code == 200
    assert "already in use at ROC Rivor" in _field_error(response, "student_number")
    assert _typed(response, "student_number", "R-1001")
    # The person and the BSN were written before the number failed: both are gone again.
    assert Person.objects.count() == people
    assert Identity.objects.count() == identities
    assert not Assignment.objects.exclude(person=world.person).exists()


def test_a_bsn_recorded_for_someone_else_is_refused_without_naming_them(coach_client, world):
    services.identity_add_bsn(person=world.person, bsn=VALID_BSN, by=world.coach)
    response = coach_client.post("/jongeren/nieuw/", _new_person_data(world, bsn=VALID_BSN))
    assert "already recorded for another young person" in _field_error(response, "bsn")
    assert "Jansen" not in response.content.decode()
    assert not Person.objects.filter(surname="Dijk").exists()


def test_roles_without_casework_cannot_add_people(client, world):
    login(client, world.analyst)
    assert client.get("/jongeren/nieuw/").status_code == 403
    assert client.post("/jongeren/nieuw/", _new_person_data(world)).status_code == 403
    assert not Person.objects.filter(surname="Dijk").exists()


# --- Personal details --------------------------------------------------------------------


def test_edit_personal_details(coach_client, world):
    data = _new_person_data(world, given_names="Sanne", surname="Jansen-Bakker", bsn=VALID_BSN)
    response = coach_client.post(_url(world.person, "gegevens/"), data)
    assert response.status_code == 302
    world.person.refresh_from_db()
    assert world.person.surname == "Jansen-Bakker"
    assert world.person.postcode == "4001AB"
    assert world.person.identities.filter(kind="bsn").exists()
    change = AuditEvent.objects.get(
        action="update", object_type="people.person", person_id=world.person.pk
    )
    assert change.changes["surname"] == ["Jansen", "Jansen-Bakker"]
    # With a BSN recorded the form no longer offers the field.
    assert 'name="bsn"' not in coach_client.get(_url(world.person, "gegevens/")).content.decode()


def test_edit_personal_details_keeps_the_typed_values_on_error(coach_client, world):
    future = (TODAY + 10 * DAY).isoformat()
    data = _new_person_data(world, surname="Anders", date_of_birth=future)
    response = coach_client.post(_url(world.person, "gegevens/"), data)
    assert "future" in _field_error(response, "date_of_birth")
    assert _typed(response, "surname", "Anders")
    assert _typed(response, "date_of_birth", future)
    world.person.refresh_from_db()
    assert world.person.surname == "Jansen"


# --- Status episodes ---------------------------------------------------------------------


def test_record_a_status_episode(coach_client, world):
    start = (TODAY - 20 * DAY).isoformat()
    data = {"kind": "werk", "start_date": start, "end_date": "", "source": "coach", "note": "BBL"}
    response = coach_client.post(_url(world.person, "status/nieuw/"), data)
    assert response.status_code == 302
    assert response["Location"] == _url(world.person) + "#timeline"
    episode = world.person.episodes.get()
    assert (episode.kind, episode.recorded_by, episode.last_confirmed) == (
        "werk",
        world.coach,
        TODAY,
    )
    assert AuditEvent.objects.filter(
        action="create", object_type="people.statusepisode", person_id=world.person.pk
    ).exists()
    html = coach_client.get(response["Location"]).content.decode()
    assert re.search(r'dwv-position__value">Work<', html)


def test_an_episode_ending_before_it_started_is_refused(coach_client, world):
    data = {
        "kind": "onderwijs",
        "start_date": (TODAY - 5 * DAY).isoformat(),
        "end_date": (TODAY - 10 * DAY).isoformat(),
        "source": "coach",
        "note": "typed",
    }
    response = coach_client.post(_url(world.person, "status/nieuw/"), data)
    assert "before the start date" in _field_error(response, "end_date")
    assert _typed(response, "end_date", data["end_date"])
    assert _typed(response, "note", "typed")
    assert not world.person.episodes.exists()


def test_a_care_episode_takes_no_note(coach_client, world):
    data = {"kind": "zorg", "start_date": TODAY.isoformat(), "source": "coach", "note": "ADHD"}
    response = coach_client.post(_url(world.person, "status/nieuw/"), data)
    assert "health details" in _field_error(response, "note")
    assert not world.person.episodes.exists()


def test_end_an_episode(coach_client, world):
    episode = services.episode_record(
        person=world.person, kind="werk", start_date=TODAY - 60 * DAY, by=world.coach
    )
    url = _url(world.person, f"status/{episode.pk}/")
    assert coach_client.get(url).status_code == 200
    data = {
        "kind": "werk",
        "start_date": episode.start_date.isoformat(),
        "end_date": (TODAY - DAY).isoformat(),
        "last_confirmed": (TODAY - DAY).isoformat(),
        "source": "coach",
        "note": "",
    }
    assert coach_client.post(url, data).status_code == 302
    episode.refresh_from_db()
    assert episode.end_date == TODAY - DAY
    assert AuditEvent.objects.filter(
        action="update", object_type="people.statusepisode", person_id=world.person.pk
    ).exists()


def test_an_episode_of_someone_else_is_a_404(coach_client, world):
    other = PersonFactory()
    episode = services.episode_record(person=other, kind="werk", start_date=TODAY, by=world.coach)
    assert coach_client.get(_url(world.person, f"status/{episode.pk}/")).status_code == 404


# --- Contact channels --------------------------------------------------------------------


def test_add_and_retire_a_phone_number(coach_client, world):
    data = {
        "kind": "telefoon",
        "value": "06 1234 5678",
        "label": "",
        "source": "jongere",
        "confirmed_on": TODAY.isoformat(),
    }
    response = coach_client.post(_url(world.person, "contactgegevens/nieuw/"), data)
    assert response.status_code == 302
    channel = world.person.contact_channels.get()
    assert (channel.value, channel.last_confirmed, channel.is_active) == (
        "06 1234 5678",
        TODAY,
        True,
    )
    retire = _url(world.person, f"contactgegevens/{channel.pk}/buiten-gebruik/")
    assert coach_client.get(retire).status_code == 405
    assert coach_client.post(retire).status_code == 302
    channel.refresh_from_db()
    assert channel.is_active is False
    assert (
        AuditEvent.objects.filter(object_type="people.contactchannel", person_id=world.person.pk)
        .values_list("action", flat=True)
        .count()
        == 2
    )


def test_a_phone_number_that_is_not_one_is_refused(coach_client, world):
    data = {"kind": "telefoon", "value": "bel maar", "source": "coach"}
    response = coach_client.post(_url(world.person, "contactgegevens/nieuw/"), data)
    assert "not a phone number" in _field_error(response, "value")
    assert _typed(response, "value", "bel maar")
    assert not world.person.contact_channels.exists()


# --- School careers ----------------------------------------------------------------------


def _career_data(world, **overrides) -> dict:
    data = {
        "school": str(world.school.pk),
        "programme_type": "mbo_bol",
        "level": "2",
        "programme_name": "Logistiek medewerker",
        "crebo": "25402",
        "uitstroomprofiel": "",
        "leerweg": "",
        "start_date": "2023-08-21",
        "leave_date": "2025-07-04",
        "leave_reason": "diploma",
        "diploma": "on",
    }
    return {**data, **overrides}


def test_add_a_school_career_sets_the_startkwalificatie(coach_client, world):
    response = coach_client.post(_url(world.person, "schoolloopbaan/nieuw/"), _career_data(world))
    assert response.status_code == 302
    career = world.person.school_careers.get(crebo="25402")
    assert career.startkwalificatie is True
    assert career.cohort == "2024-2025"
    assert AuditEvent.objects.filter(
        action="create", object_type="people.schoolcareer", person_id=world.person.pk
    ).exists()


def test_leaving_before_starting_is_refused(coach_client, world):
    data = _career_data(world, leave_date="2023-06-30")
    response = coach_client.post(_url(world.person, "schoolloopbaan/nieuw/"), data)
    assert "before the start date" in _field_error(response, "leave_date")
    assert _typed(response, "leave_date", "2023-06-30")
    assert _typed(response, "programme_name", "Logistiek medewerker")
    assert not world.person.school_careers.filter(crebo="25402").exists()


def test_crebo_has_five_digits_and_only_schools_can_be_chosen(coach_client, world):
    care = OrganisationFactory(care=True, name="Wijkteam Noord")
    page = coach_client.get(_url(world.person, "schoolloopbaan/nieuw/")).content.decode()
    assert "Wijkteam Noord" not in page
    data = _career_data(world, crebo="2540", school=str(care.pk))
    response = coach_client.post(_url(world.person, "schoolloopbaan/nieuw/"), data)
    assert "five digits" in _field_error(response, "crebo")
    assert _field_error(response, "school")
    assert world.person.school_careers.count() == 1


def test_record_the_leave_date_of_an_existing_career(coach_client, world):
    career = world.person.school_careers.get()
    url = _url(world.person, f"schoolloopbaan/{career.pk}/")
    assert coach_client.get(url).status_code == 200
    data = _career_data(
        world,
        start_date=career.start_date.isoformat(),
        leave_date="2025-01-31",
        leave_reason="uitval",
        diploma="",
    )
    assert coach_client.post(url, data).status_code == 302
    career.refresh_from_db()
    assert (career.leave_date, career.leave_reason) == (datetime.date(2025, 1, 31), "uitval")
    assert AuditEvent.objects.filter(
        action="update", object_type="people.schoolcareer", person_id=world.person.pk
    ).exists()


# --- Contact log -------------------------------------------------------------------------


def test_log_a_contact_that_reached_the_young_person(coach_client, world):
    episode = services.episode_record(
        person=world.person,
        kind="werk",
        start_date=TODAY - 90 * DAY,
        last_confirmed=TODAY - 90 * DAY,
        by=world.coach,
    )
    channel = services.contact_channel_add(
        person=world.person, kind="telefoon", value="0612345678", source="coach", by=world.coach
    )
    url = _url(world.person, "contacten/nieuw/")
    assert f'value="{TODAY.isoformat()}"' in coach_client.get(url).content.decode()
    data = {
        "on": TODAY.isoformat(),
        "channel": "telefoon",
        "outcome": "bereikt",
        "note": "Werkt nog bij de bakker.",
        "channel_used": str(channel.pk),
    }
    assert coach_client.post(url, data).status_code == 302
    contact = Contact.objects.get(person=world.person)
    assert (contact.organisation, contact.by) == (world.school, world.coach)
    episode.refresh_from_db()
    assert episode.last_confirmed == TODAY
    assert AuditEvent.objects.filter(
        action="create", object_type="followup.contact", person_id=world.person.pk
    ).exists()
    html = coach_client.get(_url(world.person)).content.decode()
    assert "Werkt nog bij de bakker." in html


def test_a_contact_in_the_future_or_with_someone_elses_detail_is_refused(coach_client, world):
    other = ContactChannel.objects.create(
        person=PersonFactory(), kind="telefoon", value="0699999999", source="coach"
    )
    url = _url(world.person, "contacten/nieuw/")
    data = {
        "on": (TODAY + DAY).isoformat(),
        "channel": "telefoon",
        "outcome": "niet_bereikt",
        "note": "typed note",
        "channel_used": str(other.pk),
    }
    response = coach_client.post(url, data)
    assert _field_error(response, "channel_used")
    assert "typed note" in response.content.decode()
    data["channel_used"] = ""
    response = coach_client.post(url, data)
    assert "future" in _field_error(response, "on")
    assert _typed(response, "on", data["on"])
    assert not Contact.objects.exists()


# --- Access ------------------------------------------------------------------------------


def _urls(world) -> list[str]:
    person = world.person
    episode = services.episode_record(person=person, kind="werk", start_date=TODAY, by=world.coach)
    channel = services.contact_channel_add(
        person=person, kind="telefoon", value="0612345678", source="coach", by=world.coach
    )
    career = person.school_careers.get()
    return [
        _url(person),
        _url(person, "gegevens/"),
        _url(person, "status/nieuw/"),
        _url(person, f"status/{episode.pk}/"),
        _url(person, "contactgegevens/nieuw/"),
        _url(person, f"contactgegevens/{channel.pk}/buiten-gebruik/"),
        _url(person, "schoolloopbaan/nieuw/"),
        _url(person, f"schoolloopbaan/{career.pk}/"),
        _url(person, "contacten/nieuw/"),
    ]


@pytest.mark.parametrize("username", ["outsider", "analist"])
def test_outsiders_get_404_on_every_page_and_post(client, world, username):
    urls = _urls(world)
    login(client, {"outsider": world.outsider, "analist": world.analyst}[username])
    before = AuditEvent.objects.count()
    for url in urls:
        if not url.endswith("buiten-gebruik/"):
            response = client.get(url)
            assert response.status_code == 404, url
            assert b"Jansen" not in response.content
        assert client.post(url, {"surname": "X", "kind": "geen"}).status_code == 404, url
    assert ContactChannel.objects.get().is_active
    world.person.refresh_from_db()
    assert world.person.surname == "Jansen"
    assert AuditEvent.objects.count() == before  # a 404 reads and changes nothing


def test_the_pages_need_a_login(client, world):
    for url in _urls(world) + ["/jongeren/nieuw/"]:
        response = client.post(url, {})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_opening_a_form_is_audited_as_a_read(coach_client, world):
    coach_client.get(_url(world.person, "gegevens/"))
    assert AuditEvent.objects.filter(
        action="view", object_type="people.person", person_id=world.person.pk
    ).exists()


def test_every_form_page_renders(coach_client, world):
    for url in _urls(world)[1:]:
        if url.endswith("buiten-gebruik/"):
            continue
        response = coach_client.get(url)
        assert response.status_code == 200, url
        assert 'type="date"' in response.content.decode(), url


def test_the_list_offers_adding_only_to_casework_roles(client, world):
    login(client, world.coach)
    assert b'href="/jongeren/nieuw/"' in client.get("/jongeren/").content
    client.post("/accounts/logout/")
    login(client, world.analyst)
    assert b'href="/jongeren/nieuw/"' not in client.get("/jongeren/").content


def test_an_employer_account_manager_works_on_placements_not_casework(client, world, settings):
    """Someone the Werkgeversservicepunt works with: its employer account manager sees who
    they are, their school career and placements, may record placements and open matching,
    but gets no handover, consent, voucher or coach actions (casework) and no other parts."""
    from dwarsverbinder.accounts.constants import Role
    from dwarsverbinder.network.constants import OrganisationKind

    wsp = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, name="Werkgeversservicepunt")
    manager = MembershipFactory(organisation=wsp, role=Role.EMPLOYER_MANAGER).user
    AssignmentFactory(person=world.person, organisation=wsp, started_at=TODAY - 30 * DAY)
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    listed = client.get("/jongeren/").content.decode()
    assert "Jansen" in listed
    html = client.get(_url(world.person)).content.decode()
    assert "Sanne" in html and 'id="work"' in html
    assert f"/werkgevers/matching/jongere/{world.person.pk}/" in html
    assert f"/werkgevers/plaatsingen/nieuw/{world.person.pk}/" in html
    assert "Hand over to a partner" not in html and "Issue an education voucher" not in html
    assert "Record a consent" not in html
    # The contact log and the timeline of statuses are not the account manager's to see.
    assert 'id="contacts"' not in html and 'id="timeline"' not in html
    # Somebody the service point does not work with stays out of sight.
    other = PersonFactory(municipality=world.municipality)
    assert client.get(_url(other)).status_code == 404


def test_an_employer_account_manager_reads_only_their_parts_through_the_api(client, world):
    """The API follows the register like the file: no statuses, care, contact details,
    contact log or consents for an employer account manager; the person's position is null;
    and changing the rest of the file is casework (403)."""
    from dwarsverbinder.accounts.constants import Role
    from dwarsverbinder.network.constants import OrganisationKind
    from dwarsverbinder.people import services
    from dwarsverbinder.people.models import StatusEpisode

    wsp = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, name="Werkgeversservicepunt")
    manager = MembershipFactory(organisation=wsp, role=Role.EMPLOYER_MANAGER).user
    AssignmentFactory(person=world.person, organisation=wsp, started_at=TODAY - 30 * DAY)
    StatusEpisode.objects.create(
        person=world.person, kind="zorg", start_date=TODAY, last_confirmed=TODAY, source="coach"
    )
    services.contact_channel_add(
        person=world.person, kind="telefoon", value="0612345678", source="coach", by=world.coach
    )
    client.force_login(manager)
    people = client.get("/api/v1/people/").json()["results"]
    assert [(p["id"], p["position"]) for p in people] == [(world.person.pk, None)]
    for endpoint in ("status-episodes", "contact-channels", "contacts", "tasks", "consents"):
        assert client.get(f"/api/v1/{endpoint}/").json()["results"] == [], endpoint
    careers = client.get("/api/v1/school-careers/").json()["results"]
    assert [c["person"] for c in careers] == [world.person.pk]
    assert client.get(_url(world.person, "gegevens/")).status_code == 403
    # The RMC consultant of the municipality still reads the care episode; the school's
    # coach reads statuses, but care is not the school's to see.
    client.force_login(world.rmc_consultant)
    kinds = [e["kind"] for e in client.get("/api/v1/status-episodes/").json()["results"]]
    assert "zorg" in kinds
    client.force_login(world.coach)
    assert client.get("/api/v1/status-episodes/").json()["results"] == []
