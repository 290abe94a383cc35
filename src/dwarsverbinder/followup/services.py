"""Writes of the follow-up: schedule, tasks, the contact log and coach assignment."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.accounts.constants import CASEWORK_ROLES
from dwarsverbinder.people import services as people_services
from dwarsverbinder.people.models import Assignment, ContactChannel, Person
from dwarsverbinder.privacy import audit
from dwarsverbinder.utils.dates import add_months

from .constants import ContactOutcome, TaskKind, TaskStatus
from .models import Contact, Task


def _today() -> datetime.date:
    return timezone.localdate()


def last_leave_date(person: Person) -> datetime.date | None:
    dates = [c.leave_date for c in person.school_careers.all() if c.leave_date]
    return max(dates) if dates else None


def active_assignments(person: Person) -> list[Assignment]:
    return [a for a in person.assignments.all() if a.ended_at is None]


@transaction.atomic
def follow_up_schedule_ensure(*, person: Person, by=None) -> list[Task]:
    """Create the follow-up moments (DWV_FOLLOW_UP_MONTHS after the last leave date) for
    every organisation with an open assignment. Idempotent: existing moments are kept."""
    leave = last_leave_date(person)
    if leave is None:
        return []
    created = []
    for assignment in active_assignments(person):
        # A corrected or later leave date replaces the moments counted from the old one.
        for stale in person.tasks.filter(
            organisation_id=assignment.organisation_id,
            kind=TaskKind.FOLLOW_UP,
            status=TaskStatus.OPEN,
        ).exclude(leave_date=leave):
            before = audit.snapshot(stale)
            stale.status = TaskStatus.CANCELLED
            stale.save(update_fields=["status"])
            audit.log_change(actor=by, obj=stale, before=before, person_id=person.pk)
        for months in settings.FOLLOW_UP_MONTHS:
            task, new = Task.objects.get_or_create(
                person=person,
                organisation_id=assignment.organisation_id,
                kind=TaskKind.FOLLOW_UP,
                leave_date=leave,
                months_after_leaving=months,
                defaults={
                    "assigned_to_id": assignment.coach_id,
                    "title": _("Follow-up %(months)s months after leaving school")
                    % {"months": months},
                    "due_date": add_months(leave, months),
                },
            )
            if new:
                audit.log_change(actor=by, obj=task, before=None, person_id=person.pk)
                created.append(task)
    return created


def _tasks_change(tasks, *, by, **fields) -> int:
    """Change a person's tasks one by one, so each change has its own audit row (a
    person has a handful of open tasks, never thousands)."""
    changed = 0
    for task in tasks:
        before = audit.snapshot(task)
        for name, value in fields.items():
            setattr(task, name, value)
        task.save(update_fields=[name.removesuffix("_id") for name in fields])
        audit.log_change(actor=by, obj=task, before=before, person_id=task.person_id)
        changed += 1
    return changed


@transaction.atomic
def task_create(
    *,
    person: Person,
    organisation,
    title: str,
    due_date: datetime.date,
    by,
    kind: str = TaskKind.OTHER,
    assigned_to=None,
) -> Task:
    if not title.strip():
        raise ValidationError({"title": _("Describe the task.")})
    task = Task(
        person=person,
        organisation=organisation,
        kind=kind,
        title=title.strip(),
        due_date=due_date,
        assigned_to=assigned_to,
    )
    task.full_clean()
    task.save()
    audit.log_change(actor=by, obj=task, before=None, person_id=person.pk)
    return task


@transaction.atomic
def task_complete(*, task: Task, by) -> Task:
    if task.status != TaskStatus.OPEN:
        return task
    before = audit.snapshot(task)
    task.status = TaskStatus.DONE
    task.done_at = timezone.now()
    task.done_by = by
    task.save(update_fields=["status", "done_at", "done_by"])
    audit.log_change(actor=by, obj=task, before=before, person_id=task.person_id)
    return task


@transaction.atomic
def contact_log(
    *,
    person: Person,
    organisation,
    by,
    on: datetime.date,
    channel: str,
    outcome: str,
    note: str = "",
    channel_used: ContactChannel | None = None,
) -> Contact:
    """Log a contact. A contact that reached the young person confirms their open status
    episodes and the contact detail used, and completes the follow-up moment that is due."""
    if on > _today():
        raise ValidationError({"on": _("The date of the contact lies in the future.")})
    if channel_used is not None and channel_used.person_id != person.pk:
        raise ValidationError({"channel_used": _("That contact detail is someone else's.")})
    contact = Contact(
        person=person,
        organisation=organisation,
        by=by,
        on=on,
        channel=channel,
        outcome=outcome,
        note=note.strip(),
        channel_used=channel_used,
    )
    contact.full_clean()
    contact.save()
    audit.log_change(actor=by, obj=contact, before=None, person_id=person.pk)
    if outcome in (ContactOutcome.REACHED, ContactOutcome.DECLINED):
        people_services.episodes_confirm(person=person, on=on, by=by)
        if channel_used is not None:
            people_services.contact_channel_confirm(channel=channel_used, on=on, by=by)
        for task in person.tasks.filter(
            organisation=organisation,
            kind=TaskKind.FOLLOW_UP,
            status=TaskStatus.OPEN,
            due_date__lte=on + datetime.timedelta(days=31),
        ):
            task_complete(task=task, by=by)
    elif outcome == ContactOutcome.WRONG_DETAILS and channel_used is not None:
        people_services.contact_channel_retire(channel=channel_used, by=by)
    return contact


@transaction.atomic
def assignment_start(
    *, person: Person, organisation, coach, by, since: datetime.date | None = None
) -> Assignment:
    """Make ``coach`` (or nobody yet) the coach at ``organisation``; one open assignment per
    person and organisation, so an existing one is handed over instead."""
    if (
        coach is not None
        and not coach.memberships.filter(
            organisation=organisation, is_active=True, role__in=CASEWORK_ROLES
        ).exists()
    ):
        raise ValidationError(
            {"coach": _("This coach does not work at %(org)s.") % {"org": organisation.name}}
        )
    current = person.assignments.filter(organisation=organisation, ended_at__isnull=True).first()
    if current is not None:
        before = audit.snapshot(current)
        current.coach = coach
        current.save(update_fields=["coach"])
        audit.log_change(actor=by, obj=current, before=before, person_id=person.pk)
        _tasks_change(
            person.tasks.filter(organisation=organisation, status=TaskStatus.OPEN),
            by=by,
            assigned_to=coach,
        )
        return current
    assignment = Assignment(
        person=person, organisation=organisation, coach=coach, started_at=since or _today()
    )
    assignment.full_clean()
    assignment.save()
    audit.log_change(actor=by, obj=assignment, before=None, person_id=person.pk)
    follow_up_schedule_ensure(person=person, by=by)
    return assignment


@transaction.atomic
def assignment_end(*, assignment: Assignment, by, on: datetime.date | None = None) -> Assignment:
    before = audit.snapshot(assignment)
    assignment.ended_at = on or _today()
    if assignment.ended_at < assignment.started_at:
        raise ValidationError({"ended_at": _("An assignment cannot end before it started.")})
    assignment.save(update_fields=["ended_at"])
    audit.log_change(actor=by, obj=assignment, before=before, person_id=assignment.person_id)
    _tasks_change(
        assignment.person.tasks.filter(
            organisation_id=assignment.organisation_id, status=TaskStatus.OPEN
        ),
        by=by,
        status=TaskStatus.CANCELLED,
    )
    return assignment


@transaction.atomic
def _transfer_basis(*, person: Person, to_organisation) -> None:
    """A transfer gives the other organisation the whole file, as far as the register lets
    its partner type see it. Where the register's legal basis covers handing over the
    identity to that partner type (school, municipality by default), that is enough;
    otherwise every category it would see needs the young person's consent. Without it:
    a handover, which carries only what is chosen."""
    from dwarsverbinder.privacy.constants import DataCategory
    from dwarsverbinder.privacy.policy import handover_bases, register_rows

    rows = register_rows()
    identity = rows.get(DataCategory.IDENTITY)
    if identity is not None and to_organisation.kind in identity.shared_without_consent_with:
        return
    categories = [c for c, row in rows.items() if to_organisation.kind in row.organisation_kinds]
    try:
        handover_bases(person=person, organisation=to_organisation, categories=categories)
    except ValidationError as exc:
        lead = _(
            "A transfer gives %(org)s the whole file, and for that the young person's "
            "consent is missing. Record the consent, or hand over with only the data needed."
        ) % {"org": to_organisation.name}
        raise ValidationError({"to_organisation": [lead, *exc.messages]}) from exc


def assignment_transfer(
    *, person: Person, from_organisation, to_organisation, coach, by
) -> Assignment:
    """Hand a young person to a coach at another organisation: the old assignment ends,
    the new one starts today with its own follow-up moments, and the other open tasks of
    the old organisation move along to the new one."""
    if to_organisation.pk == from_organisation.pk:
        raise ValidationError(
            {"to_organisation": _("Choose another organisation; within one, change the coach.")}
        )
    current = person.assignments.filter(
        organisation=from_organisation, ended_at__isnull=True
    ).first()
    if current is None:
        raise ValidationError(_("There is no open assignment to transfer."))
    _transfer_basis(person=person, to_organisation=to_organisation)
    new = assignment_start(person=person, organisation=to_organisation, coach=coach, by=by)
    _tasks_change(
        person.tasks.filter(organisation=from_organisation, status=TaskStatus.OPEN).exclude(
            kind=TaskKind.FOLLOW_UP
        ),
        by=by,
        organisation=to_organisation,
        assigned_to=coach,
    )
    assignment_end(assignment=current, by=by)
    return new
