"""Duplicate detection and merging two files of one young person: the reasons a pair is
found, what a merge moves and settles, what it refuses, and who may do it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.followup.models import Contact, Signal, Task, Voucher
from dwarsverbinder.people.duplicates import Reason, duplicate_candidates
from dwarsverbinder.people.merge import merge_people, merge_preview
from dwarsverbinder.people.models import (
    Assignment,
    ContactChannel,
    Identity,
    Person,
    SchoolCareer,
    StatusEpisode,
)
from dwarsverbinder.people.pseudonyms import bsn_pseudonym
from dwarsverbinder.people.selectors import people_visible_to
from dwarsverbinder.privacy.models import AuditEvent
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    PersonFactory,
    SchoolCareerFactory,
)

D = datetime.date
BIRTH = D(2006, 3, 14)


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages are checked in English, the msgids, whatever translations come later."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def _as(user):
    user.active_membership = user.memberships.select_related("organisation").first()
    return user


@pytest.fixture
def coordinator(world):
    return MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    ).user


def _resident(world, **fields) -> Person:
    fields.setdefault("date_of_birth", BIRTH)
    return PersonFactory(municipality=world.municipality, **fields)


def _student_number(person, school, number) -> Identity:
    return Identity.objects.create(
        person=person, kind="student_number", organisation=school, value=number
    )


def _pairs(user) -> dict[tuple[int, int], tuple[str, ...]]:
    found = duplicate_candidates(queryset=people_visible_to(user=_as(user)))
    return {(p.first_id, p.second_id): p.reasons for p in found}


def _key(a, b) -> tuple[int, int]:
    return (min(a.pk, b.pk), max(a.pk, b.pk))


# -- detection -------------------------------------------------------------------------


def test_same_birth_date_and_similar_name_is_a_pair(world, coordinator):
    a = _resident(world, given_names="Sanne", surname="Janssen")
    b = _resident(world, given_names="sanne maria", surname="Jansen")
    assert _pairs(coordinator) == {_key(a, b): (Reason.NAME_AND_BIRTH_DATE,)}


def test_accents_and_tussenvoegsel_are_folded(world, coordinator):
    a = _resident(world, given_names="Zoë", tussenvoegsel="de", surname="Vries")
    b = _resident(world, given_names="Zoe", surname="De Vries")
    c = _resident(world, given_names="Zoey", surname="Vries")
    pairs = _pairs(coordinator)
    assert set(pairs) == {_key(a, b), _key(a, c), _key(b, c)}


def test_same_name_on_another_birth_date_is_no_pair(world, coordinator):
    _resident(world, given_names="Sanne", surname="Jansen")
    _resident(world, given_names="Sanne", surname="Jansen", date_of_birth=D(2006, 3, 15))
    assert _pairs(coordinator) == {}


def test_another_initial_or_another_surname_is_no_pair(world, coordinator):
    _resident(world, given_names="Sanne", surname="Jansen")
    _resident(world, given_names="Tim", surname="Jansen")
    _resident(world, given_names="Sanne", surname="Bakker")
    assert _pairs(coordinator) == {}


def test_student_number_with_leading_zeros_at_the_same_school_is_a_pair(world, coordinator):
    a = _resident(world, given_names="Sanne", surname="Jansen", date_of_birth=D(2005, 1, 1))
    b = _resident(world, given_names="Kees", surname="Smit", date_of_birth=D(2007, 1, 1))
    c = _resident(world, given_names="Piet", surname="Bos", date_of_birth=D(2008, 1, 1))
    _student_number(a, world.school, "00123")
    _student_number(b, world.school, " 123")
    _student_number(c, world.other_school, "123")  # another school: another number
    assert _pairs(coordinator) == {_key(a, b): (Reason.STUDENT_NUMBER,)}


def test_shared_bsn_is_a_pair_even_where_the_constraint_was_missing(world, coordinator):
    # The unique constraint makes this impossible today; drop it inside this test's
    # transaction to show that data from before it would still be found.
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX identity_unique_bsn")
    a = _resident(world, given_names="Sanne", surname="Jansen")
    b = _resident(world, given_names="Sandra", surname="Jansen")
    for person in (a, b):
        Identity.objects.create(person=person, kind="bsn", value=bsn_pseudonym("111222333"))
    assert _pairs(coordinator) == {_key(a, b): (Reason.BSN, Reason.NAME_AND_BIRTH_DATE)}


def test_only_pairs_of_two_visible_people_are_shown(world, coordinator):
    a = _resident(world, given_names="Sanne", surname="Jansen")
    PersonFactory(given_names="Sanne", surname="Jansen", date_of_birth=BIRTH)  # elsewhere
    assert _pairs(coordinator) == {}
    assert a in people_visible_to(user=_as(coordinator))


def test_detection_runs_a_fixed_number_of_queries(world, coordinator):
    def grow(start, n):
        for i in range(start, start + n):
            day = BIRTH + datetime.timedelta(days=i % 4)
            person = _resident(world, given_names="Sam", surname=f"Jansen{i}", date_of_birth=day)
            _student_number(person, world.school, f"{i:05d}")

    visible = people_visible_to(user=_as(coordinator))
    grow(0, 4)
    with CaptureQueriesContext(connection) as small:
        duplicate_candidates(queryset=visible)
    grow(4, 30)
    with CaptureQueriesContext(connection) as large:
        found = duplicate_candidates(queryset=visible)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert found  # "Jansen1" and "Jansen11" on one birthday are similar enough


# -- merge -----------------------------------------------------------------------------


@pytest.fixture
def twins(world):
    keep = _resident(world, given_names="Sanne", surname="Jansen", postcode="")
    remove = _resident(world, given_names="Sanne", surname="Janssen", postcode="4001AB")
    return keep, remove


def _fill_file(world, person, *, number="555"):
    _student_number(person, world.school, number)
    SchoolCareerFactory(person=person, school=world.school)
    StatusEpisode.objects.create(
        person=person,
        kind="werk",
        start_date=D(2025, 1, 1),
        last_confirmed=D(2025, 1, 1),
        source="coach",
    )
    channel = ContactChannel.objects.create(
        person=person, kind="telefoon", value="0612345678", source="school"
    )
    AssignmentFactory(person=person, organisation=world.school)
    Task.objects.create(
        person=person, organisation=world.school, title="Bellen", due_date=D(2026, 1, 1)
    )
    Contact.objects.create(
        person=person,
        organisation=world.school,
        on=D(2025, 2, 1),
        channel="telefoon",
        outcome="bereikt",
        channel_used=channel,
    )
    Signal.objects.create(
        person=person, organisation=world.school, kind="neet", raised_on=D(2026, 1, 1)
    )
    Voucher.objects.create(
        person=person,
        code=f"V{person.pk}",
        issued_by=world.school,
        issued_on=D(2026, 1, 1),
        description="Entree",
        valid_until=D(2027, 1, 1),
    )


def test_merge_moves_everything_fills_blanks_and_audits(world, coordinator, twins):
    keep, remove = twins
    _fill_file(world, remove)
    merge_people(keep=keep, remove=remove, by=_as(coordinator))

    assert not Person.objects.filter(pk=remove.pk).exists()
    for model in (
        Identity,
        SchoolCareer,
        StatusEpisode,
        ContactChannel,
        Assignment,
        Task,
        Contact,
        Signal,
        Voucher,
    ):
        assert model.objects.filter(person=keep).count() == 1, model
    keep.refresh_from_db()
    assert keep.postcode == "4001AB"  # empty on the survivor, taken from the other
    assert keep.surname == "Jansen"  # filled only where empty

    update = AuditEvent.objects.get(action="update", object_type="people.person")
    assert update.person_id == keep.pk
    assert update.changes["merged_from"] == remove.pk
    assert update.changes["identities"] == 1
    assert update.changes["vouchers"] == 1
    assert update.changes["postcode"] == ["", "4001AB"]
    assert update.organisation_name == "Gemeente Tiel"
    delete = AuditEvent.objects.get(action="delete", object_type="people.person")
    assert delete.person_id == remove.pk
    assert delete.object_id == str(remove.pk)
    assert delete.detail == {"merged_into": keep.pk}


def test_preview_counts_what_moves_and_changes_nothing(world, twins):
    keep, remove = twins
    _fill_file(world, remove)
    preview = merge_preview(keep=keep, remove=remove)
    assert preview.can_merge
    assert preview.conflicts == []
    counts = preview.counts
    for key in (
        "identities",
        "school_careers",
        "episodes",
        "contact_channels",
        "assignments",
        "tasks",
        "contacts",
        "signals",
        "vouchers",
    ):
        assert counts[key] == 1, key
    assert preview.fills == {"postcode": ["", "4001AB"]}
    assert Person.objects.filter(pk=remove.pk).exists()


def test_two_different_bsns_are_refused_and_nothing_changes(world, coordinator, twins):
    keep, remove = twins
    Identity.objects.create(person=keep, kind="bsn", value=bsn_pseudonym("111222333"))
    Identity.objects.create(person=remove, kind="bsn", value=bsn_pseudonym("123456782"))
    StatusEpisode.objects.create(
        person=remove, kind="werk", start_date=D(2025, 1, 1), last_confirmed=D(2025, 1, 1)
    )
    assert not merge_preview(keep=keep, remove=remove).can_merge
    with pytest.raises(ValidationError) as exc:
        merge_people(keep=keep, remove=remove, by=_as(coordinator))
    assert "two different people" in exc.value.messages[0]
    assert Person.objects.filter(pk=remove.pk).exists()
    assert remove.episodes.count() == 1
    assert not AuditEvent.objects.filter(object_type="people.person").exists()


def test_one_bsn_moves_to_the_survivor(world, coordinator, twins):
    keep, remove = twins
    Identity.objects.create(person=remove, kind="bsn", value=bsn_pseudonym("111222333"))
    merge_people(keep=keep, remove=remove, by=_as(coordinator))
    assert keep.identities.get().kind == "bsn"


def test_a_person_cannot_be_merged_with_themselves(world, coordinator, twins):
    keep, _remove = twins
    with pytest.raises(ValidationError, match="themselves"):
        merge_people(keep=keep, remove=keep, by=_as(coordinator))


def test_the_same_student_number_is_kept_once(world, coordinator, twins):
    keep, remove = twins
    _student_number(keep, world.school, "123")
    _student_number(remove, world.school, "00123")
    _student_number(remove, world.other_school, "77")
    preview = merge_preview(keep=keep, remove=remove)
    assert [c.kind for c in preview.conflicts] == ["student_number"]
    assert preview.counts["identities"] == 1
    merge_people(keep=keep, remove=remove, by=_as(coordinator))
    assert sorted(keep.identities.values_list("value", flat=True)) == ["123", "77"]
    dropped = AuditEvent.objects.get(action="delete", object_type="people.identity")
    assert dropped.changes["value"] == ["***", "***"]  # never the number in the log


def test_open_assignments_at_one_organisation_end_the_other(world, coordinator, twins):
    keep, remove = twins
    mine = AssignmentFactory(person=keep, organisation=world.school, coach=world.coach)
    theirs = AssignmentFactory(person=remove, organisation=world.school)
    merge_people(keep=keep, remove=remove, by=_as(coordinator))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.ended_at is None
    assert theirs.ended_at is not None
    assert theirs.person_id == keep.pk
    assert keep.assignments.filter(ended_at__isnull=True).get() == mine


def test_open_signals_of_one_kind_are_kept_once(world, coordinator, twins):
    keep, remove = twins
    for person in twins:
        Signal.objects.create(
            person=person, organisation=world.school, kind="neet", raised_on=D(2026, 1, 1)
        )
    merge_people(keep=keep, remove=remove, by=_as(coordinator))
    assert keep.signals.count() == 2
    assert keep.signals.filter(resolved_on__isnull=True).count() == 1


def test_the_same_follow_up_moment_is_kept_once_and_done_if_either_was(world, coordinator, twins):
    keep, remove = twins

    def moment(person, status):
        return Task.objects.create(
            person=person,
            organisation=world.school,
            kind="follow_up",
            title="Follow-up 3 months",
            due_date=D(2026, 9, 30),
            leave_date=D(2026, 6, 30),
            months_after_leaving=3,
            status=status,
        )

    mine = moment(keep, "open")
    moment(remove, "done")
    merge_people(keep=keep, remove=remove, by=_as(coordinator))
    assert keep.tasks.get() == mine
    mine.refresh_from_db()
    assert mine.status == "done"


# -- pages -----------------------------------------------------------------------------


def test_coordinator_sees_the_list_and_it_is_audited(client, world, coordinator, twins):
    keep, remove = twins
    client.force_login(coordinator)
    response = client.get("/dubbelen/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Janssen" in content
    assert f"/dubbelen/{keep.pk}/{remove.pk}/" in content
    event = AuditEvent.objects.get(action="list", object_type="people.person")
    assert event.detail["ids"] == sorted([keep.pk, remove.pk])


@pytest.mark.parametrize("username", ["coach", "fg", "analist", "beheer"])
def test_only_coordinators_open_the_pages(client, world, twins, username):
    keep, remove = twins
    user = {
        "coach": world.coach,
        "fg": world.privacy_officer,
        "analist": world.analyst,
        "beheer": world.administrator,
    }[username]
    client.force_login(user)
    assert client.get("/dubbelen/").status_code == 404
    assert client.get(f"/dubbelen/{keep.pk}/{remove.pk}/").status_code == 404
    response = client.post(f"/dubbelen/{keep.pk}/{remove.pk}/", {"confirmed": "on"})
    assert response.status_code == 404
    assert Person.objects.filter(pk=remove.pk).exists()


def test_a_coordinator_who_cannot_see_them_gets_404(client, world, twins):
    keep, remove = twins
    outsider = MembershipFactory(organisation=world.other_school, role=Role.COORDINATOR).user
    client.force_login(outsider)
    assert "Janssen" not in client.get("/dubbelen/").content.decode()
    assert client.get(f"/dubbelen/{keep.pk}/{remove.pk}/").status_code == 404
    response = client.post(f"/dubbelen/{keep.pk}/{remove.pk}/", {"confirmed": "on"})
    assert response.status_code == 404
    assert Person.objects.filter(pk=remove.pk).exists()
    assert not AuditEvent.objects.filter(action="view").exists()


def test_one_visible_and_one_hidden_is_404_too(client, world, coordinator, twins):
    keep, _remove = twins
    hidden = PersonFactory()
    client.force_login(coordinator)
    assert client.get(f"/dubbelen/{keep.pk}/{hidden.pk}/").status_code == 404
    assert client.get(f"/dubbelen/{hidden.pk}/{keep.pk}/").status_code == 404
    assert client.get(f"/dubbelen/{keep.pk}/{keep.pk}/").status_code == 404


def test_preview_page_compares_and_offers_a_swap(client, world, coordinator, twins):
    keep, remove = twins
    _fill_file(world, remove)
    Identity.objects.create(person=remove, kind="bsn", value=bsn_pseudonym("111222333"))
    client.force_login(coordinator)
    response = client.get(f"/dubbelen/{keep.pk}/{remove.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert keep.full_name in content
    assert remove.full_name in content
    assert f'href="/dubbelen/{remove.pk}/{keep.pk}/"' in content
    assert bsn_pseudonym("111222333") not in content  # the pseudonym is never shown
    assert "555" in content  # the student number is
    assert 'name="confirmed"' in content
    views = AuditEvent.objects.filter(action="view", object_type="people.person")
    assert sorted(views.values_list("person_id", flat=True)) == sorted([keep.pk, remove.pk])


def test_merging_needs_the_confirmation(client, world, coordinator, twins):
    keep, remove = twins
    client.force_login(coordinator)
    response = client.post(f"/dubbelen/{keep.pk}/{remove.pk}/", {})
    assert response.status_code == 200
    assert "Confirm that this is the same young person." in response.content.decode()
    assert Person.objects.filter(pk=remove.pk).exists()


def test_merging_redirects_to_the_kept_file_with_a_message(client, world, coordinator, twins):
    keep, remove = twins
    _fill_file(world, remove)
    client.force_login(coordinator)
    response = client.post(f"/dubbelen/{keep.pk}/{remove.pk}/", {"confirmed": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/jongeren/{keep.pk}/"
    assert "merged" in response.content.decode()
    assert not Person.objects.filter(pk=remove.pk).exists()


def test_a_refused_merge_shows_why_and_changes_nothing(client, world, coordinator, twins):
    keep, remove = twins
    Identity.objects.create(person=keep, kind="bsn", value=bsn_pseudonym("111222333"))
    Identity.objects.create(person=remove, kind="bsn", value=bsn_pseudonym("123456782"))
    client.force_login(coordinator)
    page = client.get(f"/dubbelen/{keep.pk}/{remove.pk}/").content.decode()
    assert "two different people" in page
    assert 'name="confirmed"' not in page
    response = client.post(f"/dubbelen/{keep.pk}/{remove.pk}/", {"confirmed": "on"})
    assert response.status_code == 200
    assert "two different people" in response.content.decode()
    assert Person.objects.filter(pk=remove.pk).exists()


def test_the_kept_file_shows_the_history_of_the_merged_one(world):
    from dwarsverbinder.people.merge import merge_people
    from dwarsverbinder.privacy import audit as audit_log
    from dwarsverbinder.privacy.selectors import history_of
    from tests.factories import PersonFactory

    keep = world.person
    remove = PersonFactory(
        given_names=keep.given_names, surname=keep.surname, date_of_birth=keep.date_of_birth
    )
    world.coach.active_membership = world.coach.memberships.get()
    old_read = audit_log.log_view(actor=world.coach, obj=remove, person_id=remove.pk)
    merge_people(keep=keep, remove=remove, by=world.coach)
    assert old_read in history_of(person_id=keep.pk)


def test_the_audit_search_by_person_follows_merges(world):
    from dwarsverbinder.people.merge import merge_people
    from dwarsverbinder.privacy import audit as audit_log
    from dwarsverbinder.privacy.selectors import audit_search
    from tests.factories import PersonFactory

    keep = world.person
    remove = PersonFactory(
        given_names=keep.given_names, surname=keep.surname, date_of_birth=keep.date_of_birth
    )
    world.coach.active_membership = world.coach.memberships.get()
    old_read = audit_log.log_view(actor=world.coach, obj=remove, person_id=remove.pk)
    merge_people(keep=keep, remove=remove, by=world.coach)
    assert old_read in audit_search(person_id=keep.pk)
