"""Data subject requests (AVG articles 15 to 18), handled by the privacy officer.

The privacy officer is not a casework role and sees no files through ``people_visible_to``.
Handling a request is the one task for which the officer looks a young person up
directly, by BSN (through its pseudonym) or by surname and date of birth; every lookup
is in the audit log, without the search terms.

Erasure is refused while the young person is in a relation that a statutory task rests
on: still enrolled at a school (a school career without a leave date), an open handover,
or an open assignment. Otherwise it deletes the person and everything that hangs from
them, in one transaction; the request keeps its reference, dates, outcome and the counts
of what was removed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.utils.dates import add_months

from . import audit
from .constants import AuditAction, RequestKind, RequestStatus
from .models import DataSubjectRequest
from .removal import cascade_counts, delete_counted

REFERENCE_PREFIX = "AVG"


def _check_officer(by) -> None:
    membership = getattr(by, "active_membership", None)
    if membership is None or membership.role != Role.PRIVACY_OFFICER:
        raise PermissionDenied


def _today() -> datetime.date:
    return timezone.localdate()


# --- Reading -----------------------------------------------------------------------------


def requests_list() -> QuerySet[DataSubjectRequest]:
    """Open requests first, the earliest due date on top; then the closed ones."""
    from django.db.models import Case, IntegerField, Value, When

    return (
        DataSubjectRequest.objects.select_related("person", "handled_by")
        .annotate(
            open_first=Case(
                When(status=RequestStatus.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("open_first", "due_on", "id")
    )


def person_find(*, by, bsn: str = "", surname: str = "", date_of_birth=None):
    """The one young person a request is about. ``bsn`` is checked with the 11-proef and
    looked up through its keyed pseudonym; otherwise surname (without tussenvoegsel, case
    ignored) and date of birth must match exactly one person. The lookup is audited,
    without the search terms."""
    from dwarsverbinder.people.constants import IdentityKind
    from dwarsverbinder.people.models import Person
    from dwarsverbinder.people.pseudonyms import bsn_pseudonym

    _check_officer(by)
    if bsn:
        try:
            pseudonym = bsn_pseudonym(bsn)
        except ValidationError as exc:
            raise ValidationError({"bsn": exc.messages}) from exc
        found = list(
            Person.objects.filter(
                identities__kind=IdentityKind.BSN, identities__value=pseudonym
            ).distinct()[:2]
        )
        key, how = "bsn", "bsn"
    else:
        found = list(
            Person.objects.filter(
                surname__iexact=surname.strip(), date_of_birth=date_of_birth
            ).order_by("id")[:2]
        )
        key, how = "surname", "name_and_date_of_birth"
    audit.log_event(
        actor=by,
        action=AuditAction.SEARCH,
        object_type="people.person",
        person_id=found[0].pk if len(found) == 1 else None,
        detail={"purpose": "data_subject_request", "by": how, "found": len(found)},
    )
    if not found:
        message = (
            _("No young person with this BSN is known.")
            if bsn
            else _("No young person with this surname and date of birth is known.")
        )
        raise ValidationError({key: message})
    if len(found) > 1:
        raise ValidationError(
            {key: _("More than one young person matches. Search by BSN instead.")}
        )
    return found[0]


# --- Writing -----------------------------------------------------------------------------


def _next_reference(year: int) -> str:
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    last = (
        DataSubjectRequest.objects.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def request_create(
    *, by, person, kind: str, received_on: datetime.date, details: str = ""
) -> DataSubjectRequest:
    """Record a request; the answer is due one calendar month after it came in."""
    _check_officer(by)
    errors = {}
    if kind not in RequestKind.values:
        errors["kind"] = _("Choose the kind of request.")
    if received_on > _today():
        errors["received_on"] = _("A request cannot be received in the future.")
    if errors:
        raise ValidationError(errors)
    dsr = DataSubjectRequest.objects.create(
        person=person,
        reference=_next_reference(received_on.year),
        kind=kind,
        received_on=received_on,
        due_on=add_months(received_on, 1),
        details=details.strip(),
    )
    audit.log_change(actor=by, obj=dsr, before=None, person_id=person.pk)
    return dsr


def _locked_open(dsr: DataSubjectRequest) -> DataSubjectRequest:
    dsr = DataSubjectRequest.objects.select_for_update().get(pk=dsr.pk)
    if dsr.status != RequestStatus.OPEN:
        raise ValidationError(
            _("This request was already closed on %(date)s.")
            % {"date": dsr.closed_on.strftime("%d-%m-%Y") if dsr.closed_on else "-"}
        )
    return dsr


@transaction.atomic
def request_close(*, dsr: DataSubjectRequest, by, status: str, outcome: str) -> DataSubjectRequest:
    """Close a request as done or refused, with its outcome. An erasure is only done by
    ``person_erase``; here it can only be refused."""
    _check_officer(by)
    dsr = _locked_open(dsr)
    errors = {}
    if status not in (RequestStatus.DONE, RequestStatus.REFUSED):
        errors["status"] = _("Choose whether the request is done or refused.")
    elif status == RequestStatus.DONE and dsr.kind == RequestKind.ERASURE:
        errors["status"] = _("An erasure is done by removing the file, not by closing it.")
    if not outcome.strip():
        errors["outcome"] = _("Write down what was done, or why the request is refused.")
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(dsr)
    dsr.status = status
    dsr.outcome = outcome.strip()
    dsr.handled_by = by
    dsr.closed_on = _today()
    dsr.save(update_fields=["status", "outcome", "handled_by", "closed_on"])
    audit.log_change(actor=by, obj=dsr, before=before, person_id=dsr.person_id)
    return dsr


def access_exported(*, dsr: DataSubjectRequest, by, fmt: str) -> None:
    """Record that the officer downloaded the young person's data for an access request."""
    _check_officer(by)
    audit.log_event(
        actor=by,
        action=AuditAction.EXPORT,
        object_type="people.person",
        object_id=dsr.person_id,
        person_id=dsr.person_id,
        detail={"format": fmt, "data_subject_request": dsr.reference},
    )


# --- Erasure -----------------------------------------------------------------------------


@dataclass
class ErasurePreview:
    counts: dict[str, int] = field(default_factory=dict)
    # Why the file must be kept: each a sentence naming the relation.
    blockers: list[str] = field(default_factory=list)

    @property
    def can_erase(self) -> bool:
        return not self.blockers


def erasure_blockers(*, person) -> list[str]:
    """The relations under a statutory task that keep the file: a school career without a
    leave date, an open handover, an open assignment."""
    from dwarsverbinder.chain.constants import ACTIVE_STATUSES
    from dwarsverbinder.chain.models import Handover
    from dwarsverbinder.people.models import Assignment, SchoolCareer

    reasons = []
    for career in SchoolCareer.objects.filter(
        person=person, leave_date__isnull=True
    ).select_related("school"):
        reasons.append(
            _(
                "Still enrolled at %(school)s (since %(date)s): the school and the municipality "
                "must keep the registration while the young person is at school (WVO art. "
                "118h, WEB art. 8.3.2, Leerplichtwet 1969)."
            )
            % {"school": career.school.name, "date": career.start_date.strftime("%d-%m-%Y")}
        )
    for handover in Handover.objects.filter(
        person=person, status__in=ACTIVE_STATUSES
    ).select_related("to_organisation"):
        reasons.append(
            _(
                "An open handover to %(organisation)s (sent on %(date)s): it must be closed "
                "or withdrawn first."
            )
            % {
                "organisation": handover.to_organisation.name,
                "date": handover.sent_on.strftime("%d-%m-%Y"),
            }
        )
    for assignment in Assignment.objects.filter(
        person=person, ended_at__isnull=True
    ).select_related("organisation"):
        reasons.append(
            _(
                "%(organisation)s is still working with the young person (since %(date)s): "
                "the assignment must be ended first."
            )
            % {
                "organisation": assignment.organisation.name,
                "date": assignment.started_at.strftime("%d-%m-%Y"),
            }
        )
    return reasons


def erasure_preview(*, person) -> ErasurePreview:
    """What erasing ``person`` would remove, per record type, and what stops it."""
    from dwarsverbinder.people.models import Person

    counts = cascade_counts(Person.objects.filter(pk=person.pk))
    return ErasurePreview(
        counts=dict(sorted(counts.items())), blockers=erasure_blockers(person=person)
    )


@transaction.atomic
def person_erase(*, dsr: DataSubjectRequest, by, outcome: str = "") -> DataSubjectRequest:
    """Carry out an erasure request: delete the young person and everything that hangs
    from them. Handovers go first (a shared category holds on to its consent). The
    request keeps the counts; the audit log keeps its rows, which carry ids only."""
    from dwarsverbinder.chain.models import Handover
    from dwarsverbinder.people.models import Person

    _check_officer(by)
    dsr = _locked_open(dsr)
    if dsr.kind != RequestKind.ERASURE:
        raise ValidationError(_("Only an erasure request removes a file."))
    if dsr.person_id is None:
        raise ValidationError(_("This request is not linked to a young person."))
    person = Person.objects.select_for_update().get(pk=dsr.person_id)
    blockers = erasure_blockers(person=person)
    if blockers:
        raise ValidationError(blockers)
    person_id = person.pk
    counts = delete_counted(Handover.objects.filter(person_id=person_id))
    counts.update(delete_counted(Person.objects.filter(pk=person_id)))
    result = dict(sorted(counts.items()))
    before = audit.snapshot(dsr)
    dsr.person = None
    dsr.status = RequestStatus.DONE
    dsr.result = result
    dsr.outcome = outcome.strip() or _("The file was removed.")
    dsr.handled_by = by
    dsr.closed_on = _today()
    dsr.save(update_fields=["person", "status", "result", "outcome", "handled_by", "closed_on"])
    audit.log_event(
        actor=by,
        action=AuditAction.DELETE,
        object_type="people.person",
        object_id=person_id,
        person_id=person_id,
        detail={"data_subject_request": dsr.reference, "removed": result},
    )
    audit.log_change(actor=by, obj=dsr, before=before, person_id=person_id)
    return dsr
