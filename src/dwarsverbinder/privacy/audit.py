"""Writing the audit log: the one door through which every read and change is recorded.

Services call ``log_event`` (or ``log_change`` with before/after snapshots); views call
``log_view``/``log_list`` for reads. The acting role and organisation come from the
membership the user acts in (``user.active_membership``, set by the middleware).
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction

from dwarsverbinder.utils import request_context

from .constants import AuditAction
from .models import AuditEvent

# Field values never copied into the audit log, only the fact that they changed. A model
# adds its own with an ``AUDIT_REDACTED_FIELDS`` attribute (e.g. the BSN pseudonym).
REDACTED_FIELDS = frozenset({"password", "value_hash", "pseudonym", "secret"})


def _label(obj: models.Model) -> str:
    return obj._meta.label_lower


def log_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    person_id: int | None = None,
    changes: dict | None = None,
    detail: dict | None = None,
    username: str = "",
) -> AuditEvent:
    ctx = request_context.current()
    membership = getattr(actor, "active_membership", None)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor_id=actor.pk if is_user else None,
        actor_username=(actor.get_username() if is_user else username)[:150],
        role=membership.role if membership else "",
        organisation_id=membership.organisation_id if membership else None,
        organisation_name=membership.organisation.name if membership else "",
        action=action,
        object_type=_label(obj) if obj is not None else object_type,
        object_id=str(obj.pk if obj is not None else object_id),
        person_id=person_id,
        changes=changes or {},
        detail=detail or {},
        ip_address=ctx.ip_address,
        user_agent=ctx.user_agent,
        request_id=ctx.request_id,
        channel=ctx.channel,
    )


def log_view(*, actor, obj: models.Model, person_id: int | None = None) -> AuditEvent:
    return log_event(actor=actor, action=AuditAction.VIEW, obj=obj, person_id=person_id)


def log_m2m_change(
    *, actor, obj: models.Model, field: str, before: set[int], after: set[int]
) -> AuditEvent | None:
    """Record which related ids were added to or removed from a many-to-many field."""
    if before == after:
        return None
    return log_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=obj,
        changes={field: {"added": sorted(after - before), "removed": sorted(before - after)}},
    )


def log_list(
    *, actor, model: type[models.Model], ids: Iterable[int], detail: dict | None = None
) -> AuditEvent:
    """A list page or API list: one row naming every record that was shown."""
    shown = [int(i) for i in ids]
    return log_event(
        actor=actor,
        action=AuditAction.LIST,
        object_type=model._meta.label_lower,
        detail={"ids": shown, "count": len(shown), **(detail or {})},
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of a record, for diffing before and after a change."""
    return {
        field.attname: _plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
    }


def diff(
    before: dict[str, Any], after: dict[str, Any], redacted: frozenset[str] = frozenset()
) -> dict[str, list]:
    hidden = REDACTED_FIELDS | redacted
    changes: dict[str, list] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if name in hidden:
            changes[name] = ["***", "***"]
        else:
            changes[name] = [old, new]
    return changes


# The same for models of libraries, which cannot carry the attribute themselves.
REDACTED_BY_MODEL = {
    "mfa.authenticator": frozenset({"data"}),  # the TOTP secret and recovery codes
    "axes.accessattempt": frozenset({"get_data", "post_data"}),
}


def _redacted(obj: models.Model) -> frozenset[str]:
    own = frozenset(getattr(obj, "AUDIT_REDACTED_FIELDS", ()))
    return own | REDACTED_BY_MODEL.get(obj._meta.label_lower, frozenset())


def log_change(
    *,
    actor,
    obj: models.Model,
    before: dict | None,
    person_id: int | None = None,
    username: str = "",
) -> AuditEvent | None:
    """Record a create (before=None), update or delete (obj already removed: pass after).
    ``username`` names the actor when it is not a user (the young person on My page)."""
    after = snapshot(obj)
    if before is None:
        return log_event(
            actor=actor,
            action=AuditAction.CREATE,
            obj=obj,
            person_id=person_id,
            changes=diff({}, after, _redacted(obj)),
            username=username,
        )
    changes = diff(before, after, _redacted(obj))
    if not changes:
        return None
    return log_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=obj,
        person_id=person_id,
        changes=changes,
        username=username,
    )


def log_delete(*, actor, obj: models.Model, person_id: int | None = None) -> AuditEvent:
    return log_event(
        actor=actor,
        action=AuditAction.DELETE,
        obj=obj,
        person_id=person_id,
        changes=diff(snapshot(obj), {}, _redacted(obj)),
    )


@contextmanager
def maintenance() -> Iterator[None]:
    """Open the append-only log for one transaction (retention of the log itself).

    On PostgreSQL a transaction-local setting lets the triggers through; on SQLite a guard
    row is opened and closed again inside the same write transaction, which SQLite runs
    alone. Nothing else may use this.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL dwarsverbinder.audit_maintenance = 'on'")
            else:
                cursor.execute("UPDATE privacy_auditguard SET open = 1")
        yield
        # Close again at once: when this block is nested in a larger transaction, SET LOCAL
        # would otherwise last until that one ends. On an exception the rollback closes it.
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL dwarsverbinder.audit_maintenance = 'off'")
            else:
                cursor.execute("UPDATE privacy_auditguard SET open = 0")
