import pytest
from django.db import DatabaseError, transaction

from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction
from dwarsverbinder.privacy.models import AuditEvent


@pytest.fixture
def event(world):
    world.coach.active_membership = world.coach.memberships.get()
    return audit.log_view(actor=world.coach, obj=world.person, person_id=world.person.pk)


def test_an_event_records_who_in_which_role_and_organisation(world, event):
    assert event.actor_username == "coach"
    assert event.role == "coach"
    assert event.organisation_name == "ROC Rivor"
    assert event.object_type == "people.person"
    assert event.object_id == str(world.person.pk)
    assert event.person_id == world.person.pk
    assert event.action == AuditAction.VIEW


def test_rows_cannot_be_updated(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor_username="someone-else")
    event.refresh_from_db()
    assert event.actor_username == "coach"


def test_rows_cannot_be_deleted(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_saving_a_changed_instance_is_refused(event):
    event.action = AuditAction.DELETE
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()


def test_the_log_stays_closed_after_maintenance(event):
    with audit.maintenance():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert not AuditEvent.objects.filter(pk=event.pk).exists()
    other = audit.log_event(actor=None, action=AuditAction.LOGIN_FAILED, username="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=other.pk).delete()


def test_changes_are_diffed_and_secrets_redacted(world):
    before = audit.snapshot(world.coach)
    world.coach.first_name = "Anders"
    world.coach.set_password("een-heel-nieuw-wachtwoord")
    world.coach.save()
    event = audit.log_change(actor=world.administrator, obj=world.coach, before=before)
    assert event.action == AuditAction.UPDATE
    assert event.changes["first_name"][1] == "Anders"
    assert event.changes["password"] == ["***", "***"]


def test_no_change_writes_no_row(world):
    before = audit.snapshot(world.person)
    assert audit.log_change(actor=world.coach, obj=world.person, before=before) is None
