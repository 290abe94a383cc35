import datetime

import pytest
from django.core.exceptions import ValidationError

from dwarsverbinder.followup import services
from dwarsverbinder.followup.models import Task
from dwarsverbinder.people import services as people_services
from dwarsverbinder.people.models import Identity
from dwarsverbinder.privacy.models import AuditEvent
from tests.factories import PersonFactory

D = datetime.date


@pytest.fixture
def leaver(world):
    career = world.person.school_careers.get()
    career.leave_date = D(2026, 6, 30)
    career.save()
    return world.person


def test_follow_up_moments_are_created_once(world, leaver, settings):
    services.assignment_start(
        person=leaver, organisation=world.school, coach=world.coach, by=world.coach
    )
    services.follow_up_schedule_ensure(person=leaver)
    tasks = Task.objects.filter(person=leaver).order_by("due_date")
    assert [t.months_after_leaving for t in tasks] == settings.FOLLOW_UP_MONTHS
    assert tasks[0].due_date == D(2026, 9, 30)
    assert {t.assigned_to for t in tasks} == {world.coach}


def test_a_reached_contact_confirms_episodes_and_completes_the_due_moment(world, leaver):
    services.assignment_start(
        person=leaver, organisation=world.school, coach=world.coach, by=world.coach
    )
    episode = people_services.episode_record(
        person=leaver,
        kind="werk",
        start_date=D(2026, 7, 1),
        last_confirmed=D(2026, 7, 1),
        by=world.coach,
    )
    channel = people_services.contact_channel_add(
        person=leaver, kind="telefoon", value="0612345678", source="school", by=world.coach
    )
    services.contact_log(
        person=leaver,
        organisation=world.school,
        by=world.coach,
        on=D(2026, 9, 25),
        channel="telefoon",
        outcome="bereikt",
        channel_used=channel,
    )
    episode.refresh_from_db()
    channel.refresh_from_db()
    assert episode.last_confirmed == D(2026, 9, 25)
    assert channel.last_confirmed == D(2026, 9, 25)
    done = Task.objects.get(person=leaver, months_after_leaving=3)
    assert done.status == "done"
    assert Task.objects.get(person=leaver, months_after_leaving=6).status == "open"


def test_wrong_details_retire_the_channel(world, leaver):
    channel = people_services.contact_channel_add(
        person=leaver, kind="telefoon", value="0612345678", source="school", by=world.coach
    )
    services.contact_log(
        person=leaver,
        organisation=world.school,
        by=world.coach,
        on=D(2026, 9, 1),
        channel="telefoon",
        outcome="onjuist",
        channel_used=channel,
    )
    channel.refresh_from_db()
    assert channel.is_active is False


def test_impossible_dates_are_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as exc:
        people_services.episode_record(
            person=world.person,
            kind="werk",
            start_date=D(2026, 5, 1),
            end_date=D(2026, 4, 1),
            by=world.coach,
        )
    assert "end_date" in exc.value.message_dict
    assert not world.person.episodes.exists()
    with pytest.raises(ValidationError) as exc:
        people_services.person_update(
            person=world.person, by=world.coach, date_of_birth=D(2099, 1, 1)
        )
    assert "date_of_birth" in exc.value.message_dict


def test_bsn_is_checked_and_stored_only_as_pseudonym(world):
    with pytest.raises(ValidationError) as exc:
        people_services.identity_add_bsn(person=world.person, bsn="123456789", by=world.coach)
    assert "bsn" in exc.value.message_dict
    identity = people_services.identity_add_bsn(
        person=world.person, bsn="111222333", by=world.coach
    )
    assert identity.value != "111222333" and len(identity.value) == 64
    other = PersonFactory()
    with pytest.raises(ValidationError):
        people_services.identity_add_bsn(person=other, bsn="111 222 333", by=world.coach)
    assert not Identity.objects.filter(person=other).exists()
    assert "111222333" not in str(list(AuditEvent.objects.values_list("changes", flat=True)))


def test_student_number_unique_per_school(world):
    people_services.identity_add_student_number(
        person=world.person, school=world.school, number="S123", by=world.coach
    )
    with pytest.raises(ValidationError) as exc:
        people_services.identity_add_student_number(
            person=PersonFactory(), school=world.school, number="S123", by=world.coach
        )
    assert "number" in exc.value.message_dict
    people_services.identity_add_student_number(
        person=PersonFactory(), school=world.other_school, number="S123", by=world.coach
    )


def test_transfer_moves_the_young_person_and_open_tasks(world, leaver):
    services.assignment_start(
        person=leaver, organisation=world.school, coach=world.coach, by=world.coach
    )
    services.assignment_transfer(
        person=leaver,
        from_organisation=world.school,
        to_organisation=world.rmc_office,
        coach=world.rmc_consultant,
        by=world.coach,
    )
    assert not leaver.assignments.filter(organisation=world.school, ended_at__isnull=True).exists()
    assert Task.objects.filter(
        person=leaver,
        organisation=world.rmc_office,
        status="open",
        assigned_to=world.rmc_consultant,
    ).exists()
    assert not Task.objects.filter(person=leaver, organisation=world.school, status="open").exists()


def test_a_coach_from_another_organisation_cannot_be_assigned(world, leaver):
    with pytest.raises(ValidationError):
        services.assignment_start(
            person=leaver, organisation=world.school, coach=world.outsider, by=world.coach
        )


def test_care_is_recorded_without_a_reason(world):
    with pytest.raises(ValidationError) as exc:
        people_services.episode_record(
            person=world.person,
            kind="zorg",
            start_date=D(2026, 1, 1),
            by=world.coach,
            note="depressie",
        )
    assert "note" in exc.value.message_dict
    assert not world.person.episodes.exists()


def test_transfer_within_one_organisation_is_refused(world, leaver):
    services.assignment_start(
        person=leaver, organisation=world.school, coach=world.coach, by=world.coach
    )
    with pytest.raises(ValidationError):
        services.assignment_transfer(
            person=leaver,
            from_organisation=world.school,
            to_organisation=world.school,
            coach=world.coach,
            by=world.coach,
        )
    assert leaver.assignments.filter(ended_at__isnull=True).count() == 1


def test_only_casework_roles_can_be_coach(world, leaver):
    from tests.factories import MembershipFactory

    analyst = MembershipFactory(organisation=world.school, role="analyst").user
    with pytest.raises(ValidationError):
        services.assignment_start(
            person=leaver, organisation=world.school, coach=analyst, by=world.coach
        )


def test_creating_a_person_shows_in_their_history(world):
    person = people_services.person_create(
        by=world.coach, given_names="Iris", surname="Bos", date_of_birth=D(2008, 5, 5)
    )
    assert AuditEvent.objects.filter(person_id=person.pk, action="create").exists()


def test_a_corrected_leave_date_replaces_the_open_moments(world, leaver, settings):
    services.assignment_start(
        person=leaver, organisation=world.school, coach=world.coach, by=world.coach
    )
    career = leaver.school_careers.get()
    career.leave_date = D(2026, 7, 15)
    career.save()
    services.follow_up_schedule_ensure(person=leaver)
    open_moments = Task.objects.filter(person=leaver, kind="follow_up", status="open")
    assert {t.leave_date for t in open_moments} == {D(2026, 7, 15)}
    assert (
        Task.objects.filter(person=leaver, status="cancelled", leave_date=D(2026, 6, 30)).count()
        == 5
    )


def test_each_task_moved_by_a_transfer_has_its_own_audit_row(world, leaver):
    services.assignment_start(
        person=leaver, organisation=world.school, coach=world.coach, by=world.coach
    )
    services.task_create(
        person=leaver,
        organisation=world.school,
        title="Bellen over stage",
        due_date=D(2026, 12, 1),
        by=world.coach,
        assigned_to=world.coach,
    )
    services.assignment_transfer(
        person=leaver,
        from_organisation=world.school,
        to_organisation=world.rmc_office,
        coach=world.rmc_consultant,
        by=world.coach,
    )
    moved = Task.objects.get(title="Bellen over stage")
    assert moved.organisation == world.rmc_office
    event = AuditEvent.objects.filter(
        object_type="followup.task", object_id=str(moved.pk), action="update"
    ).get()
    assert event.changes["organisation_id"] == [world.school.pk, world.rmc_office.pk]
    cancelled = Task.objects.filter(person=leaver, organisation=world.school, status="cancelled")
    assert cancelled.exists()
    assert (
        AuditEvent.objects.filter(
            object_type="followup.task",
            action="update",
            object_id__in=[str(t.pk) for t in cancelled],
        ).count()
        == cancelled.count()
    )
