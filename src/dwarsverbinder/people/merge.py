"""Merging two records of one young person into one.

Every row that points at the person who goes (identities, school careers, episodes,
contact channels, assignments, tasks, contacts, signals, vouchers, and whatever other app
adds a foreign key to Person later) moves to the person who stays. Rows that would clash
there are settled first, the same way in the preview and in the merge:

- two different BSN pseudonyms: two different people, the merge is refused;
- the same student number at the same school: the survivor's is kept;
- open assignments at the same organisation: the survivor's stays open, the other ends;
- open signals of the same kind at the same organisation: the other one is resolved;
- the same follow-up moment twice: the survivor's is kept (done if either was done).

The audit log is append-only: the rows about the removed person stay as they were, and the
merge writes one "update" on the survivor (``merged_from``) and one "delete" on the removed
person (``merged_into``), which link the two histories.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction

from .constants import IdentityKind
from .duplicates import normalised_student_number
from .models import Assignment, Person

# Personal fields a survivor may inherit when its own are empty.
_NOT_FILLED = {"id", "created_at", "updated_at"}


@dataclass(frozen=True)
class Conflict:
    kind: str
    message: str
    blocking: bool = False


@dataclass(frozen=True)
class Move:
    key: str  # the related name on Person: "identities", "episodes", ...
    label: str
    count: int


@dataclass
class MergePreview:
    keep: Person
    remove: Person
    moves: list[Move] = field(default_factory=list)
    fills: dict[str, list] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    # What the merge does to settle the conflicts (rows of the removed person).
    drop: list[models.Model] = field(default_factory=list)
    end_assignments: list[Assignment] = field(default_factory=list)
    resolve_signals: list[models.Model] = field(default_factory=list)
    complete_tasks: list[tuple[models.Model, models.Model]] = field(default_factory=list)

    @property
    def can_merge(self) -> bool:
        return not self.blocking

    @property
    def blocking(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.blocking]

    @property
    def counts(self) -> dict[str, int]:
        return {move.key: move.count for move in self.moves}


def _relations() -> list[models.ForeignKey]:
    """Every foreign key (or one-to-one) to Person, in any app, hidden ones included (a
    ``related_name="+"`` would otherwise be cascaded away with the removed person)."""
    return [
        model_field
        for model in apps.get_models(include_auto_created=True)
        for model_field in model._meta.concrete_fields
        if model_field.is_relation
        and model_field.related_model is Person
        and (model_field.many_to_one or model_field.one_to_one)
    ]


def _rows(fk: models.ForeignKey, person: Person) -> models.QuerySet:
    return fk.model._base_manager.filter(**{fk.name: person})


def _key(fk: models.ForeignKey) -> str:
    """The related name on Person ("identities"), or app.model.field when it has none."""
    if fk.remote_field.hidden:
        return f"{fk.model._meta.label_lower}.{fk.name}"
    return fk.remote_field.get_accessor_name()


def _today() -> datetime.date:
    return timezone.localdate()


def merge_preview(*, keep: Person, remove: Person) -> MergePreview:
    """What merging ``remove`` into ``keep`` would move, fill in and settle."""
    preview = MergePreview(keep=keep, remove=remove)
    if keep.pk == remove.pk:
        preview.conflicts.append(
            Conflict("same", _("A young person cannot be merged with themselves."), True)
        )
        return preview
    _check_bsn(preview)
    _check_student_numbers(preview)
    _check_assignments(preview)
    _check_signals(preview)
    _check_follow_up_moments(preview)
    dropped = {(type(obj), obj.pk) for obj in preview.drop}
    for fk in _relations():
        count = _rows(fk, remove).count()
        count -= sum(1 for model, _pk in dropped if model is fk.model)
        preview.moves.append(Move(_key(fk), str(fk.model._meta.verbose_name_plural), count))
    preview.fills = _fills(keep, remove)
    return preview


def _fills(keep: Person, remove: Person) -> dict[str, list]:
    fills = {}
    for model_field in Person._meta.concrete_fields:
        if model_field.name in _NOT_FILLED:
            continue
        mine, theirs = getattr(keep, model_field.attname), getattr(remove, model_field.attname)
        if mine in (None, "") and theirs not in (None, ""):
            fills[model_field.attname] = [mine, theirs]
    return fills


def _check_bsn(preview: MergePreview) -> None:
    values = [
        set(p.identities.filter(kind=IdentityKind.BSN).values_list("value", flat=True))
        for p in (preview.keep, preview.remove)
    ]
    if values[0] and values[1] and values[0] != values[1]:
        preview.conflicts.append(
            Conflict(
                "bsn",
                _(
                    "Both young people have a BSN and the two differ: they are two different "
                    "people and cannot be merged."
                ),
                blocking=True,
            )
        )
    elif values[0] and values[1]:
        # The same pseudonym twice (impossible under the constraint): keep one row.
        preview.drop.extend(preview.remove.identities.filter(kind=IdentityKind.BSN))


def _check_student_numbers(preview: MergePreview) -> None:
    kept = {
        (i.organisation_id, normalised_student_number(i.value))
        for i in preview.keep.identities.filter(kind=IdentityKind.STUDENT_NUMBER)
    }
    for identity in preview.remove.identities.filter(
        kind=IdentityKind.STUDENT_NUMBER
    ).select_related("organisation"):
        if (identity.organisation_id, normalised_student_number(identity.value)) in kept:
            preview.drop.append(identity)
            preview.conflicts.append(
                Conflict(
                    "student_number",
                    _(
                        "Both have student number %(number)s at %(school)s: the number of "
                        "the young person who stays is kept."
                    )
                    % {"number": identity.value, "school": identity.organisation},
                )
            )


def _check_assignments(preview: MergePreview) -> None:
    kept = set(
        preview.keep.assignments.filter(ended_at__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    for assignment in preview.remove.assignments.filter(
        ended_at__isnull=True, organisation_id__in=kept
    ).select_related("organisation"):
        preview.end_assignments.append(assignment)
        preview.conflicts.append(
            Conflict(
                "assignment",
                _(
                    "Both have an open assignment at %(organisation)s: the assignment of the "
                    "young person who stays remains, the other one ends today."
                )
                % {"organisation": assignment.organisation},
            )
        )


def _check_signals(preview: MergePreview) -> None:
    kept = set(
        preview.keep.signals.filter(resolved_on__isnull=True).values_list("organisation_id", "kind")
    )
    for signal in preview.remove.signals.filter(resolved_on__isnull=True).select_related(
        "organisation"
    ):
        if (signal.organisation_id, signal.kind) in kept:
            preview.resolve_signals.append(signal)
            preview.conflicts.append(
                Conflict(
                    "signal",
                    _(
                        "Both have an open signal “%(kind)s” at %(organisation)s: one is kept, "
                        "the other is resolved."
                    )
                    % {"kind": signal.get_kind_display(), "organisation": signal.organisation},
                )
            )


def _check_follow_up_moments(preview: MergePreview) -> None:
    from dwarsverbinder.followup.constants import TaskKind, TaskStatus

    def key(task):
        return (task.organisation_id, task.leave_date, task.months_after_leaving)

    kept = {key(t): t for t in preview.keep.tasks.filter(kind=TaskKind.FOLLOW_UP)}
    for task in preview.remove.tasks.filter(kind=TaskKind.FOLLOW_UP):
        twin = kept.get(key(task))
        if twin is None:
            continue
        preview.drop.append(task)
        if task.status == TaskStatus.DONE and twin.status != TaskStatus.DONE:
            preview.complete_tasks.append((twin, task))
        preview.conflicts.append(
            Conflict(
                "task",
                _(
                    "Both have the follow-up moment “%(title)s”: one is kept, and it counts "
                    "as done when either was done."
                )
                % {"title": task.title},
            )
        )


@transaction.atomic
def merge_people(*, keep: Person, remove: Person, by) -> MergePreview:
    """Merge ``remove`` into ``keep`` and delete ``remove``; all or nothing.

    Raises ValidationError (with a message the coordinator can act on) when the two cannot
    be merged; nothing is changed then."""
    locked = Person.objects.select_for_update().in_bulk([keep.pk, remove.pk])
    if keep.pk not in locked or remove.pk not in locked:
        raise ValidationError(_("One of the two young people no longer exists."))
    keep, remove = locked[keep.pk], locked[remove.pk]
    preview = merge_preview(keep=keep, remove=remove)
    if not preview.can_merge:
        raise ValidationError([conflict.message for conflict in preview.blocking])
    try:
        with transaction.atomic():
            _settle(preview, by=by)
            for fk in _relations():
                _rows(fk, remove).update(**{fk.name: keep})
            _fill_and_audit(preview, by=by)
            remove.delete()
    except IntegrityError as exc:
        raise ValidationError(
            _(
                "The two files could not be merged because their records clash. "
                "Nothing has been changed."
            )
        ) from exc
    return preview


def _settle(preview: MergePreview, *, by) -> None:
    keep_id = preview.keep.pk
    for twin, done in preview.complete_tasks:
        before = audit.snapshot(twin)
        twin.status, twin.done_at, twin.done_by_id = done.status, done.done_at, done.done_by_id
        twin.save(update_fields=["status", "done_at", "done_by"])
        audit.log_change(actor=by, obj=twin, before=before, person_id=keep_id)
    for row in preview.drop:
        audit.log_delete(actor=by, obj=row, person_id=keep_id)
        row.delete()
    today = _today()
    for assignment in preview.end_assignments:
        before = audit.snapshot(assignment)
        assignment.ended_at = max(today, assignment.started_at)
        assignment.save(update_fields=["ended_at"])
        audit.log_change(actor=by, obj=assignment, before=before, person_id=keep_id)
    for signal in preview.resolve_signals:
        before = audit.snapshot(signal)
        signal.resolved_on = max(today, signal.raised_on)
        signal.detail = {**signal.detail, "resolved_by_merge": True}
        signal.save(update_fields=["resolved_on", "detail"])
        audit.log_change(actor=by, obj=signal, before=before, person_id=keep_id)


def _fill_and_audit(preview: MergePreview, *, by) -> None:
    keep, remove = preview.keep, preview.remove
    for attname in preview.fills:
        setattr(keep, attname, getattr(remove, attname))
    if preview.fills:
        keep.save(update_fields=[*preview.fills, "updated_at"])
    audit.log_event(
        actor=by,
        action=AuditAction.UPDATE,
        obj=keep,
        person_id=keep.pk,
        changes={"merged_from": remove.pk, **preview.counts, **preview.fills},
    )
    audit.log_event(
        actor=by,
        action=AuditAction.DELETE,
        obj=remove,
        person_id=remove.pk,
        changes=audit.diff(audit.snapshot(remove), {}),
        detail={"merged_into": keep.pk},
    )
