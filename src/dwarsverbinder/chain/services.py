"""Changes to handovers. Every change is one transaction, audited, and checked against the
processing register and the young person's consents."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.accounts.constants import CASEWORK_ROLES
from dwarsverbinder.followup.constants import SignalKind
from dwarsverbinder.followup.models import Signal
from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction, DataCategory
from dwarsverbinder.privacy.policy import categories_for, handover_bases, register_rows

from . import notify
from .constants import (
    ACTIVE_STATUSES,
    TRANSITIONS,
    HandoverOutcome,
    HandoverStatus,
    ShareBasis,
)
from .models import Handover, HandoverShare, HandoverStep


def _membership(by):
    membership = getattr(by, "active_membership", None)
    if membership is None or membership.role not in CASEWORK_ROLES:
        raise PermissionDenied
    return membership


def _url(handover: Handover) -> str:
    return reverse("chain:detail", args=[handover.pk])


def due_for(*, status: str, urgency: str, on: datetime.date, expected=None):
    """The deadline of the next step after ``status`` was reached on ``on``."""
    days = None
    if status == HandoverStatus.SENT:
        days = settings.HANDOVER_ANSWER_DAYS[urgency]
    elif status == HandoverStatus.ACCEPTED:
        days = settings.HANDOVER_CONTACT_DAYS[urgency]
    elif status == HandoverStatus.WAITING:
        return expected
    elif status == HandoverStatus.FIRST_CONTACT:
        days = settings.HANDOVER_CLOSE_DAYS
    return on + datetime.timedelta(days=days) if days is not None else None


@transaction.atomic
def handover_send(
    *,
    person,
    to_organisation,
    reason: str,
    categories,
    by,
    to_service=None,
    question: str = "",
    urgency: str = "normal",
    today: datetime.date | None = None,
) -> Handover:
    """Hand ``person`` to another partner. The identity always goes along (the partner
    must know whom to contact); every category needs the register's legal basis or a
    valid consent, or nothing is sent."""
    today = today or timezone.localdate()
    membership = _membership(by)
    sender = membership.organisation
    if to_organisation.pk == sender.pk:
        raise ValidationError({"to_organisation": _("Choose another organisation than your own.")})
    if not to_organisation.is_active:
        raise ValidationError(
            {"to_organisation": _("This organisation no longer takes part in the region.")}
        )
    if to_service is not None and to_service.organisation_id != to_organisation.pk:
        raise ValidationError({"to_service": _("This service belongs to another organisation.")})
    wanted = [DataCategory.IDENTITY] + [
        c for c in DataCategory.values if c in set(categories) and c != DataCategory.IDENTITY
    ]
    unknown = set(categories) - set(DataCategory.values)
    if unknown:
        raise ValidationError({"categories": _("Choose data categories from the list.")})
    open_one = Handover.objects.filter(
        person=person, to_organisation=to_organisation, status__in=ACTIVE_STATUSES
    ).first()
    if open_one is not None:
        raise ValidationError(
            {
                "to_organisation": _(
                    "There is already an open handover of this young person to %(org)s, "
                    "sent on %(date)s."
                )
                % {"org": to_organisation.name, "date": open_one.sent_on.strftime("%d-%m-%Y")}
            }
        )
    own = categories_for(user=by, person=person)
    hidden = [c for c in wanted if c not in own]
    if hidden:
        raise ValidationError(
            {
                "categories": _("You cannot pass on what you may not see yourself: %(labels)s.")
                % {"labels": ", ".join(str(DataCategory(c).label) for c in hidden)}
            }
        )
    rows = register_rows()
    bases = handover_bases(
        person=person, organisation=to_organisation, categories=wanted, day=today, register=rows
    )
    handover = Handover.objects.create(
        person=person,
        from_organisation=sender,
        from_user=by,
        to_organisation=to_organisation,
        to_service=to_service,
        reason=reason,
        question=question,
        urgency=urgency,
        sent_on=today,
        due_on=due_for(status=HandoverStatus.SENT, urgency=urgency, on=today),
    )
    HandoverShare.objects.bulk_create(
        [
            HandoverShare(
                handover=handover,
                category=category,
                basis=ShareBasis.CONSENT if consent else ShareBasis.REGISTER,
                consent=consent,
                legal_basis=""
                if consent
                else f"{rows[category].get_legal_basis_display()}; {rows[category].legal_article}"[
                    :300
                ],
            )
            for category, consent in bases.items()
        ]
    )
    HandoverStep.objects.create(
        handover=handover, status=HandoverStatus.SENT, on=today, by=by, organisation=sender
    )
    audit.log_event(
        actor=by,
        action=AuditAction.CREATE,
        obj=handover,
        person_id=person.pk,
        changes={
            "to_organisation": to_organisation.pk,
            "reason": reason,
            "urgency": urgency,
            "categories": list(bases),
            "consents": sorted(c.pk for c in bases.values() if c),
        },
    )
    notify.notice_later(
        kind="received", user_ids=notify.receivers_of(to_organisation.pk), path=_url(handover)
    )
    return handover


@transaction.atomic
def handover_step(
    *,
    handover: Handover,
    to: str,
    by,
    on: datetime.date | None = None,
    decline_reason: str = "",
    expected_first_contact_on: datetime.date | None = None,
    outcome: str = "",
) -> Handover:
    """Move a handover on. Only the allowed steps, by the side that takes them."""
    today = timezone.localdate()
    on = on or today
    membership = _membership(by)
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    allowed = TRANSITIONS.get(handover.status, {})
    if to not in allowed:
        raise ValidationError(
            _("A handover that is “%(now)s” cannot become “%(to)s”.")
            % {
                "now": HandoverStatus(handover.status).label,
                "to": HandoverStatus(to).label if to in HandoverStatus.values else to,
            }
        )
    side = allowed[to]
    acting_org = membership.organisation_id
    expected_org = (
        handover.to_organisation_id if side == "receiver" else handover.from_organisation_id
    )
    if acting_org != expected_org:
        raise PermissionDenied
    errors = {}
    if on > today:
        errors["on"] = _("The date cannot be in the future.")
    elif on < handover.sent_on:
        errors["on"] = _("The date cannot be before the handover was sent (%(date)s).") % {
            "date": handover.sent_on.strftime("%d-%m-%Y")
        }
    if to == HandoverStatus.DECLINED and not decline_reason:
        errors["decline_reason"] = _("Say why you decline, so the sender can look further.")
    if to == HandoverStatus.WAITING:
        if expected_first_contact_on is None:
            errors["expected_first_contact_on"] = _(
                "Say when the first contact is expected, so the wait can be followed."
            )
        elif expected_first_contact_on < on:
            errors["expected_first_contact_on"] = _(
                "The expected first contact cannot be before today."
            )
    if to == HandoverStatus.CLOSED and outcome not in HandoverOutcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if errors:
        raise ValidationError(errors)

    before = audit.snapshot(handover)
    handover.status = to
    if to in (HandoverStatus.ACCEPTED, HandoverStatus.DECLINED):
        handover.answered_on = on
        handover.decline_reason = decline_reason if to == HandoverStatus.DECLINED else ""
        handover.handled_by = by
    if to == HandoverStatus.WAITING:
        handover.expected_first_contact_on = expected_first_contact_on
    if to == HandoverStatus.FIRST_CONTACT:
        handover.first_contact_on = on
    if to in (HandoverStatus.CLOSED, HandoverStatus.DECLINED, HandoverStatus.CANCELLED):
        handover.closed_on = on
        handover.outcome = outcome if to == HandoverStatus.CLOSED else ""
    if to in (HandoverStatus.FIRST_CONTACT, HandoverStatus.CLOSED) and not handover.answered_on:
        handover.answered_on = on
    handover.due_on = due_for(
        status=to, urgency=handover.urgency, on=on, expected=expected_first_contact_on
    )
    handover.overdue_signalled_on = None
    handover.save()
    HandoverStep.objects.create(
        handover=handover, status=to, on=on, by=by, organisation_id=acting_org
    )
    audit.log_change(actor=by, obj=handover, before=before, person_id=handover.person_id)
    _resolve_overdue(handover, today=today)
    if side == "receiver" and handover.from_user_id:
        notify.notice_later(kind="answered", user_ids=[handover.from_user_id], path=_url(handover))
    elif side == "sender":
        notify.notice_later(
            kind="answered",
            user_ids=notify.receivers_of(handover.to_organisation_id),
            path=_url(handover),
        )
    return handover


def _resolve_overdue(handover: Handover, *, today: datetime.date) -> None:
    """A step was taken: the overdue signals about this person's handovers between these
    two partners end, unless another of their handovers is still overdue."""
    still_overdue = Handover.objects.filter(
        person_id=handover.person_id,
        status__in=ACTIVE_STATUSES,
        due_on__lt=today,
        overdue_signalled_on__isnull=False,
    ).exists()
    if not still_overdue:
        Signal.objects.filter(
            person_id=handover.person_id,
            organisation_id__in=[handover.from_organisation_id, handover.to_organisation_id],
            kind=SignalKind.HANDOVER_OVERDUE,
            resolved_on__isnull=True,
        ).update(resolved_on=today)


def overdue_signal(*, today: datetime.date, notify_partners: bool = True) -> dict[str, int]:
    """Daily: for every active handover whose step deadline has passed and was not
    signalled yet, a signal to the sender and to the receiving organisation (its
    coordinators read it in the digest) and a notice by mail. Idempotent."""
    raised = 0
    handovers = list(
        Handover.objects.filter(
            status__in=ACTIVE_STATUSES, due_on__lt=today, overdue_signalled_on__isnull=True
        ).only(
            "id",
            "person_id",
            "from_organisation_id",
            "to_organisation_id",
            "from_user_id",
            "due_on",
            "status",
        )
    )
    receivers: dict[int, list[int]] = {}
    for handover in handovers:
        if handover.to_organisation_id not in receivers:
            receivers[handover.to_organisation_id] = notify.receivers_of(
                handover.to_organisation_id
            )
        with transaction.atomic():
            for organisation_id in (handover.from_organisation_id, handover.to_organisation_id):
                _signal, created = Signal.objects.get_or_create(
                    person_id=handover.person_id,
                    organisation_id=organisation_id,
                    kind=SignalKind.HANDOVER_OVERDUE,
                    resolved_on=None,
                    defaults={
                        "raised_on": today,
                        "detail": {
                            "handover": handover.pk,
                            "status": handover.status,
                            "due_on": handover.due_on.isoformat(),
                        },
                    },
                )
                raised += int(created)
            Handover.objects.filter(pk=handover.pk).update(overdue_signalled_on=today)
            if notify_partners:
                notify.notice_later(
                    kind="overdue",
                    user_ids=[
                        handover.from_user_id,
                        *receivers[handover.to_organisation_id],
                    ],
                    path=_url(handover),
                )
    result = {"handovers": len(handovers), "signals": raised}
    if handovers:
        audit.log_event(
            actor=None,
            action=AuditAction.UPDATE,
            object_type="chain.handover",
            detail={"run": "handover_overdue", "on": today.isoformat(), **result},
        )
    return result
