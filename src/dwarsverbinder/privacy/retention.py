"""The retention run: remove what is past its retention period in the processing register.

Every limit comes from the register (``ProcessingRecord.retention_months``): a record goes
when its date lies before *today minus that many calendar months*. Per category:

- contacts and notes: contacts by their date; done or cancelled tasks by their due date;
  resolved signals by the date they were resolved;
- status: ended status episodes by their end date; those of the kind "zorg" by the care
  category's limit;
- identity: ended handovers (declined, closed, withdrawn, ended by consent) by their
  closing date, with their shared categories and steps; withdrawn or expired consents by
  the withdrawal or expiry date, once no remaining handover refers to them;
- placements: placements by their end date; certificates by the date they were issued,
  unless the placement they were earned during is kept; proposals that were decided
  (accepted, declined, withdrawn) and matching profiles by their last change;
- identity: a young person with no open relation (no open assignment, no school career
  without a leave date, no active handover, no voucher that can still be used, no
  placement without an end date) and no activity since the limit is **anonymised**:
  names, address and the day and month of birth go; identities, contact channels,
  contacts, tasks, signals, vouchers, consents, handovers, ended assignments, placements,
  certificates, proposals, the matching profile and every other record that hangs from
  the person are deleted; only school careers and status episodes stay (without their
  note), so the monitor still counts them. Activity is the latest leave date, status
  episode end or confirmation, contact, placement end, certificate, or change to the
  person record, counting only records this run keeps: what retention removes does not
  keep a file alive, so a second run finds the same people.

Set-based: a fixed number of queries per rule and per chunk of people, never per person.
The whole run is one transaction, and writes one audit row with counts per record type
and the date: never contents, never ids of people. A second run on the same day removes
nothing more. A dry run counts the same without changing anything (and is not logged).
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.apps import apps
from django.db import models, transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.utils.dates import add_months

from . import audit
from .constants import AuditAction, DataCategory
from .removal import cascade_counts, delete_counted

# What the run does with each category's limit, for the privacy officer's overview.
APPLIES_TO = {
    DataCategory.IDENTITY: _(
        "Ended handovers and withdrawn or expired consents; young people without an open "
        "relation or activity since then are anonymised"
    ),
    DataCategory.CONTACT: _(
        "Contact details go when the young person is anonymised (identity limit)"
    ),
    DataCategory.SCHOOL_CAREER: _(
        "Kept for the monitor; no longer linked to a name once the young person is anonymised"
    ),
    DataCategory.STATUS: _("Ended status periods (not care)"),
    DataCategory.CONTACTS: _("Contacts, done or cancelled tasks, resolved signals"),
    DataCategory.CARE: _("Ended care periods"),
    DataCategory.PLACEMENTS: _(
        "Ended placements, certificates (not of a placement that is kept), decided "
        "proposals and matching profiles not changed since then"
    ),
}

ANONYMISED_NAME = "Geanonimiseerd"
ANONYMISED_KEY = "anonymised"  # the count of people anonymised, next to the deletions
RETENTION_OBJECT_TYPE = "privacy.retention"
CHUNK_SIZE = 500


def _person_model():
    from dwarsverbinder.people.models import Person

    return Person


def anonymised_q(prefix: str = "") -> Q:
    """People anonymised by an earlier run."""
    return Q(**{f"{prefix}anonymised_on__isnull": False})


def retention_limits(*, today: datetime.date) -> dict[str, datetime.date]:
    """Per category in the register: records dated before this day are past retention."""
    from .models import ProcessingRecord

    return {
        row.category: add_months(today, -row.retention_months)
        for row in ProcessingRecord.objects.all()
    }


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# --- Who is anonymised -------------------------------------------------------------------


def _open_relation_q(today: datetime.date) -> Q:
    from dwarsverbinder.chain.constants import ACTIVE_STATUSES
    from dwarsverbinder.chain.models import Handover
    from dwarsverbinder.employers.models import Placement
    from dwarsverbinder.followup.models import Voucher
    from dwarsverbinder.people.models import Assignment, SchoolCareer

    person = OuterRef("pk")
    return (
        Q(Exists(Assignment.objects.filter(person=person, ended_at__isnull=True)))
        | Q(Exists(Placement.objects.filter(person=person, end_date__isnull=True)))
        | Q(Exists(SchoolCareer.objects.filter(person=person, leave_date__isnull=True)))
        | Q(Exists(Handover.objects.filter(person=person, status__in=ACTIVE_STATUSES)))
        | Q(
            Exists(
                Voucher.objects.filter(
                    person=person,
                    redeemed_on__isnull=True,
                    withdrawn_on__isnull=True,
                    valid_until__gte=today,
                )
            )
        )
    )


def _kept_episode_q(limits: dict[str, datetime.date]) -> Q:
    """Episodes this run keeps: open, or ended on or after their category's limit (the
    care category's for the kind "zorg", the status category's for the others)."""
    from dwarsverbinder.people.constants import EpisodeKind

    care = Q(kind=EpisodeKind.ZORG)
    kept = Q(end_date__isnull=True)
    for category, kind in ((DataCategory.STATUS, ~care), (DataCategory.CARE, care)):
        kept |= kind & Q(end_date__gte=limits[category]) if category in limits else kind
    return kept


def _recent_activity_q(limits: dict[str, datetime.date]) -> Q:
    from dwarsverbinder.followup.models import Contact
    from dwarsverbinder.people.models import SchoolCareer, StatusEpisode

    limit = limits[DataCategory.IDENTITY]
    contact_limit = max(limit, limits.get(DataCategory.CONTACTS, limit))
    person = OuterRef("pk")
    episodes = StatusEpisode.objects.filter(person=person).filter(_kept_episode_q(limits))
    return (
        Q(updated_at__gte=_start_of(limit))
        | Q(Exists(SchoolCareer.objects.filter(person=person, leave_date__gte=limit)))
        | Q(Exists(episodes.filter(Q(end_date__gte=limit) | Q(last_confirmed__gte=limit))))
        | Q(Exists(Contact.objects.filter(person=person, on__gte=contact_limit)))
        | _recent_placements_q(limits)
    )


def _recent_placements_q(limits: dict[str, datetime.date]) -> Q:
    """A placement that ended, or a certificate issued, since the identity limit, and that
    this run keeps (an open placement is an open relation already)."""
    from dwarsverbinder.employers.models import Certificate, Placement

    limit = limits[DataCategory.IDENTITY]
    limit = max(limit, limits.get(DataCategory.PLACEMENTS, limit))
    person = OuterRef("pk")
    return Q(Exists(Placement.objects.filter(person=person, end_date__gte=limit))) | Q(
        Exists(Certificate.objects.filter(person=person, issued_on__gte=limit))
    )


def anonymisation_candidates(*, today: datetime.date, limits=None) -> models.QuerySet:
    """People past the identity retention: no open relation, no activity since the limit."""
    Person = _person_model()
    limits = limits if limits is not None else retention_limits(today=today)
    if DataCategory.IDENTITY not in limits:
        return Person.objects.none()
    return (
        Person.objects.exclude(anonymised_q())
        .exclude(_open_relation_q(today))
        .exclude(_recent_activity_q(limits))
    )


# What anonymising keeps: the monitor counts these, and without a name, address or birthday
# they no longer point to a person. Every other record that hangs from a person goes,
# including those of apps added later, unless they are added here.
KEPT_ON_ANONYMISATION = frozenset({"people.schoolcareer", "people.statusepisode"})


def _person_relations() -> list[models.ForeignKey]:
    """The foreign keys to Person whose rows anonymising deletes. Handovers go first:
    their shared categories hold on to the consents (PROTECT)."""
    Person = _person_model()
    relations = [
        fk
        for model in apps.get_models()
        for fk in model._meta.concrete_fields
        if fk.is_relation
        and fk.related_model is Person
        and (fk.many_to_one or fk.one_to_one)
        and fk.remote_field.on_delete is models.CASCADE
        and model._meta.label_lower not in KEPT_ON_ANONYMISATION
    ]
    return sorted(relations, key=lambda fk: fk.model._meta.label_lower != "chain.handover")


def _person_rows(ids: list[int]) -> list[models.QuerySet]:
    return [fk.model._base_manager.filter(**{f"{fk.name}__in": ids}) for fk in _person_relations()]


def _anonymise(ids_years: list[tuple[int, int]], today: datetime.date) -> Counter:
    from dwarsverbinder.people.models import StatusEpisode

    Person = _person_model()
    ids = [pk for pk, _year in ids_years]
    counts: Counter = Counter()
    for queryset in _person_rows(ids):
        counts.update(delete_counted(queryset))
    # 1 July of the birth year keeps the age groups of the monitor, not the birthday.
    birthdays = Case(
        *(
            When(date_of_birth__year=year, then=Value(datetime.date(year, 7, 1)))
            for year in sorted({year for _pk, year in ids_years})
        ),
        default="date_of_birth",
        output_field=models.DateField(),
    )
    fields = {
        "given_names": ANONYMISED_NAME,
        "tussenvoegsel": "",
        "surname": "",
        "street": "",
        "house_number": "",
        "postcode": "",
        "date_of_birth": birthdays,
    }
    fields["anonymised_on"] = today
    counts[ANONYMISED_KEY] += Person.objects.filter(pk__in=ids).update(**fields)
    # A free-text note on a kept episode could name the person; the period itself stays.
    StatusEpisode.objects.filter(person_id__in=ids).exclude(note="").update(note="")
    return counts


def _anonymise_all(*, today, limits, dry_run: bool, chunk_size: int) -> Counter:
    counts: Counter = Counter()
    candidates = anonymisation_candidates(today=today, limits=limits)
    last_id = 0
    while True:
        ids_years = list(
            candidates.filter(pk__gt=last_id)
            .order_by("pk")
            .values_list("pk", "date_of_birth__year")[:chunk_size]
        )
        if not ids_years:
            return counts
        if dry_run:
            for queryset in _person_rows([pk for pk, _year in ids_years]):
                counts.update(cascade_counts(queryset))
            counts[ANONYMISED_KEY] += len(ids_years)
        else:
            counts.update(_anonymise(ids_years, today))
        last_id = ids_years[-1][0]


# --- What is deleted by date -------------------------------------------------------------


def _ended_handovers(limits, not_people) -> models.QuerySet:
    from dwarsverbinder.chain.constants import HandoverStatus
    from dwarsverbinder.chain.models import Handover

    ended = (
        HandoverStatus.DECLINED,
        HandoverStatus.CLOSED,
        HandoverStatus.CANCELLED,
        HandoverStatus.CONSENT_WITHDRAWN,
    )
    return Handover.objects.filter(
        status__in=ended,
        closed_on__isnull=False,
        closed_on__lt=limits[DataCategory.IDENTITY],
    ).exclude(person__in=not_people)


def _expired_rules(limits, not_people) -> list[models.QuerySet]:
    """The querysets of records past retention, in the order they are removed. People
    being anonymised are left out: anonymising removes their records already."""
    from dwarsverbinder.chain.models import HandoverShare
    from dwarsverbinder.followup.constants import TaskStatus
    from dwarsverbinder.followup.models import Contact, Signal, Task
    from dwarsverbinder.people.models import StatusEpisode

    from .models import Consent

    rules: list[models.QuerySet] = []
    if DataCategory.CONTACTS in limits:
        limit = limits[DataCategory.CONTACTS]
        rules += [
            Contact.objects.filter(on__lt=limit),
            Task.objects.filter(
                status__in=(TaskStatus.DONE, TaskStatus.CANCELLED), due_date__lt=limit
            ),
            Signal.objects.filter(resolved_on__isnull=False, resolved_on__lt=limit),
        ]
        rules = [rule.exclude(person__in=not_people) for rule in rules]
    # Episodes of anonymised people are kept, so they follow the same limits as anyone's.
    rules.append(
        StatusEpisode.objects.filter(end_date__isnull=False).exclude(_kept_episode_q(limits))
    )
    if DataCategory.IDENTITY in limits:
        limit = limits[DataCategory.IDENTITY]
        handovers = _ended_handovers(limits, not_people)
        # A consent stays while a handover that is kept still rests on it.
        still_used = HandoverShare.objects.filter(consent=OuterRef("pk")).exclude(
            handover__in=handovers.values("pk")
        )
        consents = (
            Consent.objects.filter(Q(withdrawn_at__lt=_start_of(limit)) | Q(expires_on__lt=limit))
            .exclude(person__in=not_people)
            .exclude(Exists(still_used))
        )
        rules += [handovers, consents]
    if DataCategory.PLACEMENTS in limits:
        rules += _expired_placement_rules(limits[DataCategory.PLACEMENTS], not_people)
    return rules


def _expired_placement_rules(limit: datetime.date, not_people) -> list[models.QuerySet]:
    """Placements ended before ``limit``; certificates issued before it, unless earned
    during a placement that is kept; decided proposals and matching profiles not changed
    since then. Only the rules that have rows: one query finds them (on most nights none)."""
    from dwarsverbinder.employers.constants import ProposalStatus
    from dwarsverbinder.employers.models import Certificate, MatchProfile, Placement, Proposal

    open_proposals = (ProposalStatus.PROPOSED, ProposalStatus.INTRODUCED)
    rules = [
        Placement.objects.filter(end_date__lt=limit),
        Certificate.objects.filter(issued_on__lt=limit).filter(
            Q(placement__isnull=True) | Q(placement__end_date__lt=limit)
        ),
        Proposal.objects.exclude(status__in=open_proposals).filter(updated_at__lt=_start_of(limit)),
        MatchProfile.objects.filter(updated_at__lt=_start_of(limit)),
    ]
    rules = [rule.exclude(person__in=not_people) for rule in rules]
    found = [
        rule.order_by()
        .annotate(rule_index=Value(index, output_field=models.IntegerField()))
        .values_list("rule_index", flat=True)
        .distinct()
        for index, rule in enumerate(rules)
    ]
    with_rows = set(found[0].union(*found[1:]))
    return [rule for index, rule in enumerate(rules) if index in with_rows]


def _remove(queryset: models.QuerySet, *, dry_run: bool, chunk_size: int) -> Counter:
    if dry_run:
        return cascade_counts(queryset)
    counts: Counter = Counter()
    model = queryset.model
    while True:
        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:chunk_size])
        if not ids:
            return counts
        counts.update(delete_counted(model._base_manager.filter(pk__in=ids)))


# --- The run -----------------------------------------------------------------------------


def retention_run(
    *, today: datetime.date, dry_run: bool = False, chunk_size: int = CHUNK_SIZE
) -> dict[str, int]:
    """Remove (or with ``dry_run`` only count) what is past retention on ``today``.

    Returns the number of rows removed per record type (``app_label.model``) and the
    number of people anonymised (``"anonymised"``). One audit row per real run.
    """
    with transaction.atomic():
        limits = retention_limits(today=today)
        counts = _anonymise_all(today=today, limits=limits, dry_run=dry_run, chunk_size=chunk_size)
        not_people = anonymisation_candidates(today=today, limits=limits).values("pk")
        for rule in _expired_rules(limits, not_people):
            counts.update(_remove(rule, dry_run=dry_run, chunk_size=chunk_size))
        result = {key: n for key, n in sorted(counts.items()) if n}
        if not dry_run:
            audit.log_event(
                actor=None,
                action=AuditAction.RETENTION,
                object_type=RETENTION_OBJECT_TYPE,
                username="retention",
                detail={"on": today.isoformat(), "removed": result},
            )
    return result


def retention_runs(*, limit: int = 10) -> list[dict]:
    """The last real runs, newest first, from the audit log."""
    from .models import AuditEvent

    events = AuditEvent.objects.filter(
        action=AuditAction.RETENTION, object_type=RETENTION_OBJECT_TYPE
    ).order_by("-at", "-id")[:limit]
    return [
        {
            "at": event.at,
            "on": event.detail.get("on", ""),
            "removed": event.detail.get("removed", {}),
            "event": event,
        }
        for event in events
    ]
