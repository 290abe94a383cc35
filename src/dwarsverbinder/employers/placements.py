"""Placements and certificates: a young person's work or internship at an employer, and
what they earned. Both are the young person's data (register category "placements").

Reads go through ``placements_visible_to`` and ``certificates_visible_to``: only records
of people the user may see with that category. Writes are services: keyword-only,
atomic, validated (a ValidationError keyed by field, so a form keeps what was typed) and
audited with the person's id. Who may write is checked by the caller with
``require_may_record`` (a matcher whose organisation has a relation of its own).

A placement puts a status episode on the young person's timeline (source "plaatsing"):

- job, work trial and learning-work place → ``werk``;
- BBL place → ``onderwijs`` (BBL is education with work; the monitor counts it as
  education, like a BBL school career);
- BPV internship → no episode: an internship is part of a school programme, whose school
  career is education already.

An episode cannot start in the future, so a placement recorded before it starts gets its
episode when it is edited after the start, or from ``placements_start_due`` (a daily job).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dwarsverbinder.people import services as people_services
from dwarsverbinder.people.constants import EpisodeKind, Source
from dwarsverbinder.people.selectors import visible_person_ids
from dwarsverbinder.privacy import audit, policy
from dwarsverbinder.privacy.constants import DataCategory
from dwarsverbinder.utils.dates import add_months

from .constants import OpeningKind, PlacementOutcome, ProposalStatus
from .models import Certificate, Placement, Proposal
from .permissions import can_match

CATEGORY = DataCategory.PLACEMENTS

# The timeline kind of each kind of placement; a BPV internship has none (see above).
EPISODE_KIND = {
    OpeningKind.JOB: EpisodeKind.WERK,
    OpeningKind.WORK_TRIAL: EpisodeKind.WERK,
    OpeningKind.LEARNING_WORK: EpisodeKind.WERK,
    OpeningKind.BBL: EpisodeKind.ONDERWIJS,
}
LASTING_MONTHS = (3, 6, 12)
OPEN_PROPOSALS = (ProposalStatus.PROPOSED, ProposalStatus.INTRODUCED)
MAX_HOURS = 60
# What changes the episode on the timeline when it is edited.
EPISODE_FIELDS = frozenset({"kind", "start_date", "end_date", "outcome"})


def _today() -> datetime.date:
    return timezone.localdate()


# --- Who may read and write ----------------------------------------------------------------


def _of_visible_people(model, user) -> QuerySet:
    ids = visible_person_ids(user=user, category=CATEGORY)
    return model.objects.none() if ids is None else model.objects.filter(person_id__in=ids)


def placements_visible_to(*, user) -> QuerySet[Placement]:
    """Placements of the young people the user may see with the placements category."""
    return _of_visible_people(Placement, user)


def certificates_visible_to(*, user) -> QuerySet[Certificate]:
    return _of_visible_people(Certificate, user)


def placement_for(*, user, pk: int) -> Placement:
    """One placement the user may see, with what its pages show; 404 for anything else."""
    placements = placements_visible_to(user=user).select_related(
        "person", "employer", "opening", "organisation", "episode", "recorded_by"
    )
    return get_object_or_404(placements, pk=pk)


def certificate_for(*, user, pk: int) -> Certificate:
    certificates = certificates_visible_to(user=user).select_related("person", "placement")
    return get_object_or_404(certificates, pk=pk)


def may_record(*, user, person) -> bool:
    """A matcher (coach or employer account manager) whose organisation has a relation of
    its own with the person, and whom the register allows the placements category."""
    return can_match(user=user) and policy.may_change(user=user, person=person, category=CATEGORY)


def require_may_record(*, user, person) -> None:
    if not may_record(user=user, person=person):
        raise PermissionDenied


# --- Lasting -------------------------------------------------------------------------------


def lasted(
    *, start: datetime.date, end: datetime.date | None, months: int, today: datetime.date
) -> bool | None:
    """Whether a placement lasted ``months`` calendar months (the monitor's month rule:
    ``add_months`` clamps to the end of the month). It lasted when it had not ended
    before start + months and that day has passed; it did not when it ended before that
    day; None while that is not known yet (also when only a planned end lies ahead)."""
    mark = add_months(start, months)
    if mark < today:
        return end is None or end >= mark
    if end is not None and end < today:
        return False
    return None


def lasting(placement: Placement, *, today: datetime.date) -> dict[int, bool | None]:
    """``{3: ..., 6: ..., 12: ...}`` for one placement."""
    return {
        months: lasted(
            start=placement.start_date, end=placement.end_date, months=months, today=today
        )
        for months in LASTING_MONTHS
    }


@dataclass(frozen=True)
class PlacementRow:
    """A placement with its lasting flags, for pages."""

    placement: Placement
    lasting: dict[int, bool | None]


def placement_rows(placements: Iterable[Placement], *, today: datetime.date) -> list[PlacementRow]:
    return [PlacementRow(p, lasting(p, today=today)) for p in placements]


# --- For the monitor (set-based, one query each) ------------------------------------------


def placement_durations(
    person_ids, *, kinds: Iterable[str] | None = None
) -> dict[int, list[tuple[datetime.date, datetime.date | None]]]:
    """Per person, the (start, end) of each placement, oldest first, in one query.
    ``person_ids`` is a list or a subquery of ids; ``kinds`` limits the kinds counted."""
    placements = Placement.objects.filter(person_id__in=person_ids)
    if kinds is not None:
        placements = placements.filter(kind__in=list(kinds))
    durations: dict[int, list] = defaultdict(list)
    rows = placements.order_by("person_id", "start_date", "id").values_list(
        "person_id", "start_date", "end_date"
    )
    for person_id, start, end in rows:
        durations[person_id].append((start, end))
    return dict(durations)


def lasting_counts(person_ids, *, today: datetime.date) -> dict[int, dict[str, int]]:
    """For the placements of these people: per 3, 6 and 12 months, how many lasted, how
    many ended before, and how many are not known yet (one query)."""
    counts = {m: {"lasted": 0, "ended_before": 0, "not_known": 0} for m in LASTING_MONTHS}
    for spans in placement_durations(person_ids).values():
        for start, end in spans:
            for months in LASTING_MONTHS:
                result = lasted(start=start, end=end, months=months, today=today)
                key = "not_known" if result is None else "lasted" if result else "ended_before"
                counts[months][key] += 1
    return counts


def certificate_counts(person_ids, *, until: datetime.date) -> dict[int, dict[str, int]]:
    """Per person, the certificates issued on or before ``until``, per kind (one query):
    ``{person_id: {"diploma": 1, "praktijkverklaring": 2}}``. People without any are
    left out."""
    rows = (
        Certificate.objects.filter(person_id__in=person_ids, issued_on__lte=until)
        .values("person_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["person_id"]][row["kind"]] = row["n"]
    return dict(counts)


# --- Pages ---------------------------------------------------------------------------------


def organisation_placements(*, user) -> QuerySet[Placement]:
    """The placements made by the user's organisation, of people the user may see."""
    membership = getattr(user, "active_membership", None)
    if membership is None:
        return Placement.objects.none()
    return (
        placements_visible_to(user=user)
        .filter(organisation_id=membership.organisation_id)
        .select_related("person", "employer", "opening")
        .order_by("-start_date", "-id")
    )


def file_section(*, user, person, categories, direct: bool, today: datetime.date) -> dict:
    """The "Work and placements" section of a person's file (two queries; none when the
    register does not let the user see placements)."""
    if CATEGORY not in categories:
        return {"work_shown": False}
    placements = person.placements.select_related("employer", "opening", "organisation")
    certificates = person.certificates.select_related("placement__employer")
    return {
        "work_shown": True,
        "work_placements": placement_rows(placements.order_by("-start_date", "-id"), today=today),
        "work_certificates": list(certificates.order_by("-issued_on", "-id")),
        # ``direct`` with the category shown is policy.may_change, without a query.
        "work_may_record": direct and can_match(user=user),
    }


# --- Placements: writing -------------------------------------------------------------------


def _apply_opening(placement: Placement, errors: dict) -> None:
    """Kind and employer follow the opening; an opening of another employer is refused."""
    opening = placement.opening
    if opening is None:
        return
    if placement.employer_id is not None and placement.employer_id != opening.employer_id:
        errors["opening"] = _(
            "This opening is of another employer. Choose an opening of %(employer)s, or "
            "leave the opening empty."
        ) % {"employer": placement.employer}
        return
    placement.employer = opening.employer
    placement.kind = opening.kind


def _check_placement(placement: Placement, today: datetime.date) -> None:
    errors: dict[str, str] = {}
    _apply_opening(placement, errors)
    if placement.employer_id is None and "opening" not in errors:
        errors["employer"] = _("Choose the employer, or an opening of the employer.")
    if not placement.kind:
        errors["kind"] = _("Choose the kind of placement.")
    if placement.start_date and placement.start_date > add_months(today, 12):
        errors["start_date"] = _("A placement cannot start more than a year from now.")
    if placement.start_date and placement.end_date and placement.end_date < placement.start_date:
        errors["end_date"] = _("A placement cannot end before it starts.")
    elif placement.outcome != PlacementOutcome.ONGOING and placement.end_date is None:
        errors["end_date"] = _("A placement with an outcome has ended: fill in the end date.")
    if placement.hours is None or not 1 <= placement.hours <= MAX_HOURS:
        errors["hours"] = _("The hours a week lie between 1 and 60.")
    _full_clean(placement, errors, exclude=["episode"])


def _full_clean(obj, errors: dict, *, exclude: list[str]) -> None:
    """The model's own checks on top of ours, each field's error said once; raises all."""
    try:
        # The constraints repeat what is checked above: only when that found nothing.
        obj.full_clean(exclude=[*exclude, *errors], validate_constraints=not errors)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)


def _episode_note(placement: Placement) -> str:
    # Stored text, so in the installation's language rather than the user's.
    with translation.override(settings.LANGUAGE_CODE):
        return _("Placement: %(kind)s (%(outcome)s)") % {
            "kind": OpeningKind(placement.kind).label,
            "outcome": PlacementOutcome(placement.outcome).label.lower(),
        }


def _sync_episode(placement: Placement, *, by, today: datetime.date) -> None:
    """Create or update the placement's episode on the timeline (see the module)."""
    kind = EPISODE_KIND.get(placement.kind)
    episode = placement.episode
    if kind is None:
        if episode is not None:
            raise ValidationError(
                {
                    "kind": _(
                        "This placement is on the timeline as %(kind)s. An internship (BPV) "
                        "is not: record the internship as a placement of its own."
                    )
                    % {"kind": episode.get_kind_display().lower()}
                }
            )
        return
    if placement.start_date > today:
        if episode is not None:
            raise ValidationError(
                {
                    "start_date": _(
                        "This placement is on the timeline already, so its start cannot move "
                        "into the future."
                    )
                }
            )
        return
    fields = {
        "kind": kind,
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        "note": _episode_note(placement),
    }
    if episode is None:
        placement.episode = people_services.episode_record(
            person=placement.person, by=by, source=Source.PLACEMENT, **fields
        )
        return
    if episode.last_confirmed < placement.start_date:
        fields["last_confirmed"] = placement.start_date
    changed = {name: value for name, value in fields.items() if getattr(episode, name) != value}
    if changed:
        people_services.episode_update(episode=episode, by=by, **changed)


def _accept_proposals(placement: Placement, *, by) -> None:
    """A proposal of this person for the opening becomes accepted."""
    if placement.opening_id is None:
        return
    proposals = Proposal.objects.select_for_update().filter(
        opening_id=placement.opening_id, person_id=placement.person_id, status__in=OPEN_PROPOSALS
    )
    for proposal in proposals:
        before = audit.snapshot(proposal)
        proposal.status = ProposalStatus.ACCEPTED
        proposal.save(update_fields=["status", "updated_at"])
        audit.log_change(actor=by, obj=proposal, before=before, person_id=placement.person_id)


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


@transaction.atomic
def placement_record(
    *,
    person,
    organisation,
    by,
    start_date: datetime.date,
    hours: int | None,
    employer=None,
    opening=None,
    kind: str = "",
    end_date: datetime.date | None = None,
    guidance: str = "",
    outcome: str = PlacementOutcome.ONGOING,
) -> Placement:
    """Record a placement of ``person`` by ``organisation``; it goes on the timeline, and an
    open proposal of the person for the opening becomes accepted."""
    today = _today()
    placement = Placement(
        person=person,
        organisation=organisation,
        employer=employer,
        opening=opening,
        kind=kind or "",
        start_date=start_date,
        end_date=end_date,
        hours=hours,
        guidance=(guidance or "").strip(),
        outcome=outcome or PlacementOutcome.ONGOING,
        recorded_by=_user(by),
    )
    _check_placement(placement, today)
    _sync_episode(placement, by=by, today=today)
    placement.save()
    audit.log_change(actor=by, obj=placement, before=None, person_id=person.pk)
    _accept_proposals(placement, by=by)
    return placement


@transaction.atomic
def placement_update(*, placement: Placement, by, **fields) -> Placement:
    """Change a placement; a change of kind, start, end or outcome follows on the timeline
    (ending the placement ends its episode)."""
    today = _today()
    before = audit.snapshot(placement)
    for name, value in fields.items():
        setattr(placement, name, value)
    placement.guidance = (placement.guidance or "").strip()
    _check_placement(placement, today)
    changed = {name for name, value in audit.snapshot(placement).items() if before[name] != value}
    if placement.episode_id is None or EPISODE_FIELDS & {n.removesuffix("_id") for n in changed}:
        _sync_episode(placement, by=by, today=today)
    placement.save()
    audit.log_change(actor=by, obj=placement, before=before, person_id=placement.person_id)
    if "opening_id" in changed:
        _accept_proposals(placement, by=by)
    return placement


def placements_start_due(*, today: datetime.date | None = None) -> int:
    """Put placements recorded before they started on the timeline once they have
    started (for a daily job). Returns how many episodes were recorded."""
    today = today or _today()
    due = Placement.objects.filter(
        episode__isnull=True,
        kind__in=list(EPISODE_KIND),
        start_date__lte=today,
        # Recorded ahead of the start: a placement whose episode was removed later (by
        # the coach or by retention) is not put back.
        created_at__date__lt=F("start_date"),
    ).select_related("person")
    recorded = 0
    for placement in due:
        try:
            with transaction.atomic():
                before = audit.snapshot(placement)
                _sync_episode(placement, by=None, today=today)
                placement.save(update_fields=["episode", "updated_at"])
                audit.log_change(
                    actor=None,
                    obj=placement,
                    before=before,
                    person_id=placement.person_id,
                    username="placements",
                )
        except ValidationError:
            continue  # the coach sees the placement without a status; the next edit tells
        recorded += 1
    return recorded


# --- Certificates --------------------------------------------------------------------------


def _check_certificate(certificate: Certificate, today: datetime.date) -> None:
    errors: dict[str, str] = {}
    if certificate.issued_on and certificate.issued_on > today:
        errors["issued_on"] = _("A certificate cannot be issued in the future.")
    placement = certificate.placement
    if placement is not None and placement.person_id != certificate.person_id:
        errors["placement"] = _("Choose a placement of this young person.")
    certificate.name = certificate.name.strip()
    certificate.issued_by = certificate.issued_by.strip()
    _full_clean(certificate, errors, exclude=[])


@transaction.atomic
def certificate_record(
    *,
    person,
    by,
    kind: str,
    name: str,
    issued_on: datetime.date,
    crebo: str = "",
    issued_by: str = "",
    placement: Placement | None = None,
) -> Certificate:
    certificate = Certificate(
        person=person,
        kind=kind,
        name=name or "",
        crebo=crebo or "",
        issued_on=issued_on,
        issued_by=issued_by or "",
        placement=placement,
        recorded_by=_user(by),
    )
    _check_certificate(certificate, _today())
    certificate.save()
    audit.log_change(actor=by, obj=certificate, before=None, person_id=person.pk)
    return certificate


@transaction.atomic
def certificate_update(*, certificate: Certificate, by, **fields) -> Certificate:
    before = audit.snapshot(certificate)
    for name, value in fields.items():
        setattr(
            certificate, name, "" if value is None and name in ("crebo", "issued_by") else value
        )
    _check_certificate(certificate, _today())
    certificate.save()
    audit.log_change(actor=by, obj=certificate, before=before, person_id=certificate.person_id)
    return certificate


@transaction.atomic
def certificate_delete(*, certificate: Certificate, by) -> None:
    audit.log_delete(actor=by, obj=certificate, person_id=certificate.person_id)
    certificate.delete()
