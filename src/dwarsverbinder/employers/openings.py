"""Openings, matching profiles and proposals: the writes, and the reads of openings.

Openings are about companies and shared by every partner in the region; a draft is seen
only by the organisation that publishes it. Keepers of the register publish and edit them
(``can_edit_opening``). A matching profile and a proposal are a young person's data
(register category "placements"): written only by a matcher whose organisation may change
the person (``privacy.policy.require_change``), and audited with the person's id.

Every write checks the acting role, validates (a ValidationError keyed by field, in the
user's language, so a form keeps what was typed and the API answers 400 with the same
keys), writes in one transaction and audits. Nothing is saved when anything is wrong.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.people.constants import ProgrammeType
from dwarsverbinder.people.selectors import people_visible_to, visible_person_ids
from dwarsverbinder.privacy import audit, policy
from dwarsverbinder.privacy.constants import AuditAction, DataCategory

from . import matching, notify
from .constants import OpeningKind, OpeningStatus, ProposalStatus, Sector
from .models import AccountOwner, Accreditation, Employer, MatchProfile, Opening, Proposal
from .permissions import MATCHERS, REGISTER_KEEPERS, REGISTER_READERS

CATEGORY = DataCategory.PLACEMENTS
OPENING_FIELDS = frozenset(
    {
        "employer",
        "location",
        "kind",
        "title",
        "description",
        "programme_types",
        "crebo",
        "level_min",
        "level_max",
        "hours_min",
        "hours_max",
        "jobcoach",
        "wage_cost_subsidy",
        "banenafspraak",
        "interests",
        "places",
        "start_date",
        "end_date",
        "status",
    }
)
PROFILE_FIELDS = frozenset(
    {
        "interests",
        "hours_wanted",
        "max_distance_km",
        "needs_jobcoach",
        "needs_wage_cost_subsidy",
        "banenafspraak",
        "kinds",
    }
)
# Set by the system, not typed: empty when the user who created it was removed.
SYSTEM_FIELDS = ("created_by", "organisation")
MAX_DISTANCE_KM = 250
# An internship and a BBL place need an employer recognised by SBB (erkend leerbedrijf).
ACCREDITED_KINDS = frozenset({OpeningKind.BPV, OpeningKind.BBL})

OPEN_PROPOSALS = (ProposalStatus.PROPOSED, ProposalStatus.INTRODUCED)
# Where a proposal may go next, and which side may move it there.
PROPOSER, EMPLOYER = "proposer", "employer"
PROPOSAL_STEPS: dict[str, dict[str, frozenset[str]]] = {
    ProposalStatus.PROPOSED: {
        ProposalStatus.INTRODUCED: frozenset({PROPOSER, EMPLOYER}),
        ProposalStatus.DECLINED: frozenset({PROPOSER, EMPLOYER}),
        ProposalStatus.WITHDRAWN: frozenset({PROPOSER}),
    },
    ProposalStatus.INTRODUCED: {
        ProposalStatus.ACCEPTED: frozenset({PROPOSER, EMPLOYER}),
        ProposalStatus.DECLINED: frozenset({PROPOSER, EMPLOYER}),
        ProposalStatus.WITHDRAWN: frozenset({PROPOSER}),
    },
}


def _today() -> datetime.date:
    return timezone.localdate()


def _membership(by, roles: frozenset[str]):
    membership = getattr(by, "active_membership", None)
    if membership is None or membership.role not in roles:
        raise PermissionDenied(_("Your role does not allow this."))
    return membership


def _full_clean(obj, errors: dict[str, list], exclude=()) -> None:
    """Our checks and the model's own, reported together (ours first)."""
    found = {key: list(value) for key, value in errors.items()}
    try:
        # The constraints repeat our checks; with errors of ours they only add noise.
        obj.full_clean(exclude=list(exclude), validate_constraints=not found)
    except ValidationError as exc:
        for key, messages in exc.error_dict.items():
            if key not in found:
                found.setdefault(key, []).extend(messages)
    if found:
        raise ValidationError(found)


def _choices_error(values, allowed, message: str) -> list[str]:
    if not isinstance(values, list | tuple) or any(v not in allowed for v in values):
        return [message]
    return []


# --- Openings: reads -----------------------------------------------------------------------


def current_account_owner(employer_id: int) -> AccountOwner | None:
    return (
        AccountOwner.objects.filter(employer_id=employer_id, until__isnull=True)
        .select_related("organisation", "user")
        .first()
    )


def openings_readable(*, user) -> QuerySet[Opening]:
    """Every opening a reader of the register may open: all but the drafts of other
    organisations. None for other roles."""
    membership = getattr(user, "active_membership", None)
    if membership is None or membership.role not in REGISTER_READERS:
        return Opening.objects.none()
    return Opening.objects.filter(
        ~Q(status=OpeningStatus.DRAFT) | Q(organisation_id=membership.organisation_id)
    )


def opening_list(
    *,
    user,
    kind: str = "",
    programme_type: str = "",
    level: int | None = None,
    status: str = "",
    place: str = "",
) -> QuerySet[Opening]:
    """Openings filtered as on the list page. ``programme_type`` keeps openings that ask
    for it and those open to anyone; ``level`` those whose level range includes it."""
    qs = openings_readable(user=user)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if programme_type:
        # JSON "contains" is not there on SQLite; the stored text of the list is.
        qs = qs.annotate(programme_text=Cast("programme_types", CharField())).filter(
            Q(programme_text__contains=f'"{programme_type}"') | Q(programme_types=[])
        )
    if level is not None:
        qs = qs.filter(Q(level_min__isnull=True) | Q(level_min__lte=level)).filter(
            Q(level_max__isnull=True) | Q(level_max__gte=level)
        )
    if place.strip():
        qs = qs.filter(location__city__icontains=place.strip())
    return qs.select_related("employer", "location", "organisation").order_by("-created_at", "-id")


def can_edit_opening(*, user, opening: Opening) -> bool:
    """Keepers of the register at the publishing organisation or at the employer's account
    owner, and regional coordinators."""
    membership = getattr(user, "active_membership", None)
    if membership is None or membership.role not in REGISTER_KEEPERS:
        return False
    if membership.role == Role.COORDINATOR:
        return True
    if opening.organisation_id == membership.organisation_id:
        return True
    owner = current_account_owner(opening.employer_id)
    return owner is not None and owner.organisation_id == membership.organisation_id


def _current_accreditations(today: datetime.date) -> QuerySet[Accreditation]:
    return Accreditation.objects.filter(valid_from__lte=today).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


def with_accreditation(
    queryset: QuerySet[Opening], *, today: datetime.date | None = None
) -> QuerySet[Opening]:
    """Openings annotated with what ``sbb_warning_for`` needs, so a list of them costs no
    query per row: ``employer_accredited`` and ``crebo_accredited``."""
    current = _current_accreditations(today or _today())
    return queryset.annotate(
        employer_accredited=Exists(current.filter(employer_id=OuterRef("employer_id"))),
        crebo_accredited=Exists(
            current.filter(employer_id=OuterRef("employer_id"), crebo=OuterRef("crebo"))
        ),
    )


def sbb_warning_text(*, kind: str, crebo: str, accredited: bool, crebo_accredited: bool) -> str:
    """A warning (not a refusal) when a BPV or BBL place is offered by an employer without a
    current SBB accreditation, or without one for the programme asked (crebo)."""
    if kind not in ACCREDITED_KINDS:
        return ""
    if not accredited:
        return _(
            "This employer has no current SBB accreditation as erkend leerbedrijf. A student "
            "can only do an internship (BPV) or a BBL place at an accredited employer: ask the "
            "employer to apply to SBB, or record the accreditation in the register."
        )
    if crebo and not crebo_accredited:
        return _(
            "This employer has no current SBB accreditation for crebo %(crebo)s. Check the "
            "accreditation before a student starts."
        ) % {"crebo": crebo}
    return ""


def sbb_warning(
    *, employer_id: int | None, kind: str, crebo: str = "", today: datetime.date | None = None
) -> str:
    """``sbb_warning_text`` for one employer (at most two queries)."""
    if employer_id is None or kind not in ACCREDITED_KINDS:
        return ""
    current = _current_accreditations(today or _today()).filter(employer_id=employer_id)
    accredited = current.exists()
    return sbb_warning_text(
        kind=kind,
        crebo=crebo,
        accredited=accredited,
        crebo_accredited=accredited and bool(crebo) and current.filter(crebo=crebo).exists(),
    )


def sbb_warning_for(opening: Opening) -> str:
    """The warning of an opening from ``with_accreditation``, or with queries without it."""
    if hasattr(opening, "employer_accredited"):
        return sbb_warning_text(
            kind=opening.kind,
            crebo=opening.crebo,
            accredited=opening.employer_accredited,
            crebo_accredited=opening.crebo_accredited,
        )
    return sbb_warning(employer_id=opening.employer_id, kind=opening.kind, crebo=opening.crebo)


# --- Openings: writes ----------------------------------------------------------------------


def _opening_errors(opening: Opening, *, employer_changed: bool) -> dict[str, list]:
    errors: dict[str, list] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    employer = opening.employer if opening.employer_id else None
    if employer is not None and employer_changed and not employer.is_active:
        add("employer", _("This employer is no longer active in the register."))
    location = opening.location if opening.location_id else None
    if location is not None and employer is not None and location.employer_id != employer.pk:
        add(
            "location",
            _(
                "This location belongs to another employer (%(other)s). Choose a location "
                "of %(employer)s."
            )
            % {"other": location.employer, "employer": employer},
        )
    if opening.hours_min is not None and opening.hours_min < 1:
        add("hours_min", _("Give at least 1 hour a week."))
    if (
        opening.hours_min is not None
        and opening.hours_max is not None
        and opening.hours_max < opening.hours_min
    ):
        add(
            "hours_max",
            _("The most hours cannot be fewer than the least hours (%(min)s).")
            % {"min": opening.hours_min},
        )
    for name in ("level_min", "level_max"):
        value = getattr(opening, name)
        if value is not None and not 1 <= value <= 4:
            add(name, _("An mbo level is 1, 2, 3 or 4."))
    if (
        opening.level_min is not None
        and opening.level_max is not None
        and opening.level_max < opening.level_min
    ):
        add(
            "level_max",
            _("The highest level cannot be below the lowest level (%(min)s).")
            % {"min": opening.level_min},
        )
    if opening.start_date and opening.end_date and opening.end_date < opening.start_date:
        add("end_date", _("The opening cannot end before it starts."))
    for message in _choices_error(
        opening.programme_types, ProgrammeType.values, _("Choose programme types from the list.")
    ):
        add("programme_types", message)
    for message in _choices_error(
        opening.interests, Sector.values, _("Choose interests from the list.")
    ):
        add("interests", message)
    return errors


def _set(obj, fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if name in ("programme_types", "interests", "kinds") and value is None:
            value = []
        if name in ("crebo", "description") and value is None:
            value = ""
        setattr(obj, name, value)


@transaction.atomic
def opening_create(*, by, **fields: Any) -> Opening:
    """Publish an opening for the acting keeper's organisation."""
    membership = _membership(by, REGISTER_KEEPERS)
    opening = Opening(organisation=membership.organisation, created_by=by)
    _set(opening, fields, OPENING_FIELDS)
    _full_clean(opening, _opening_errors(opening, employer_changed=True), SYSTEM_FIELDS)
    opening.save()
    audit.log_change(actor=by, obj=opening, before=None)
    return opening


@transaction.atomic
def opening_update(*, opening: Opening, by, **fields: Any) -> Opening:
    _membership(by, REGISTER_KEEPERS)
    if not can_edit_opening(user=by, opening=opening):
        raise PermissionDenied(
            _("Only the publishing organisation or the account owner edits this.")
        )
    stored = Opening.objects.select_for_update().get(pk=opening.pk)
    before = audit.snapshot(stored)
    _set(opening, fields, OPENING_FIELDS)
    changed = opening.employer_id != stored.employer_id
    _full_clean(opening, _opening_errors(opening, employer_changed=changed), SYSTEM_FIELDS)
    opening.save()
    audit.log_change(actor=by, obj=opening, before=before)
    return opening


# --- Matching profile ----------------------------------------------------------------------


def may_match_person(*, user, person) -> bool:
    """A matcher whose organisation may change this person's placements data."""
    membership = getattr(user, "active_membership", None)
    if membership is None or membership.role not in MATCHERS:
        return False
    return policy.may_change(user=user, person=person, category=CATEGORY)


def _require_matcher_for(by, person) -> None:
    _membership(by, MATCHERS)
    policy.require_change(user=by, person=person, category=CATEGORY)


def _profile_errors(profile: MatchProfile) -> dict[str, list]:
    errors: dict[str, list] = {}
    interests = _choices_error(
        profile.interests, Sector.values, _("Choose interests from the list.")
    )
    kinds = _choices_error(
        profile.kinds, OpeningKind.values, _("Choose kinds of place from the list.")
    )
    if interests:
        errors["interests"] = interests
    if kinds:
        errors["kinds"] = kinds
    if profile.hours_wanted is not None and not 1 <= profile.hours_wanted <= 60:
        errors["hours_wanted"] = [_("Give 1 to 60 hours a week.")]
    if profile.max_distance_km is not None and not 1 <= profile.max_distance_km <= MAX_DISTANCE_KM:
        errors["max_distance_km"] = [_("Give 1 to %(max)s kilometres.") % {"max": MAX_DISTANCE_KM}]
    return errors


@transaction.atomic
def match_profile_save(*, person, by, **fields: Any) -> MatchProfile:
    """Create or change what the young person looks for."""
    _require_matcher_for(by, person)
    profile = MatchProfile.objects.select_for_update().filter(person=person).first()
    before = audit.snapshot(profile) if profile else None
    profile = profile or MatchProfile(person=person)
    _set(profile, fields, PROFILE_FIELDS)
    _full_clean(profile, _profile_errors(profile))
    profile.save()
    audit.log_change(actor=by, obj=profile, before=before, person_id=person.pk)
    return profile


# --- Proposals -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposed:
    proposal: Proposal
    notified: notify.Notified


def _open_proposal(opening: Opening, person) -> Proposal | None:
    return (
        Proposal.objects.filter(opening=opening, person=person, status__in=OPEN_PROPOSALS)
        .select_related("organisation")
        .first()
    )


def _duplicate_error(existing: Proposal) -> ValidationError:
    return ValidationError(
        {
            NON_FIELD_ERRORS: [
                ValidationError(
                    _(
                        "This young person is already proposed for this opening, by %(org)s on "
                        "%(date)s. Change the status of that proposal instead."
                    )
                    % {
                        "org": existing.organisation,
                        "date": timezone.localtime(existing.created_at).strftime("%d-%m-%Y"),
                    },
                    code="already_proposed",
                )
            ]
        }
    )


@transaction.atomic
def proposal_create(*, opening: Opening, person, by, note: str = "") -> Proposed:
    """Propose a visible young person for an open opening. The fit and its reasons at this
    moment go along; the employer's account owner is told by mail (without the young
    person's name), or, without one, the employer managers of the publishing organisation.
    ``notified`` says who was told, or that nobody could be."""
    membership = _membership(by, MATCHERS)
    if not people_visible_to(user=by, category=CATEGORY).filter(pk=person.pk).exists():
        raise PermissionDenied
    policy.require_change(user=by, person=person, category=CATEGORY)
    if opening.status != OpeningStatus.OPEN or (opening.end_date and opening.end_date < _today()):
        raise ValidationError(
            {NON_FIELD_ERRORS: [_("This opening is not open (any more): nobody can be proposed.")]}
        )
    existing = _open_proposal(opening, person)
    if existing is not None:
        raise _duplicate_error(existing)
    fit = matching.fit_for(user=by, opening=opening, person=person)
    proposal = Proposal(
        opening=opening,
        person=person,
        organisation=membership.organisation,
        proposed_by=by,
        reasons=fit.fit.as_json(),
        note=(note or "").strip(),
    )
    _full_clean(proposal, {})
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError as exc:  # proposed at the same moment by someone else
        raise _duplicate_error(_open_proposal(opening, person) or proposal) from exc
    notified = notify.proposal_made(proposal)
    audit.log_event(
        actor=by,
        action=AuditAction.CREATE,
        obj=proposal,
        person_id=person.pk,
        changes=audit.diff({}, audit.snapshot(proposal)),
        detail={"notified": notified.kind, "recipients": notified.count},
    )
    return Proposed(proposal, notified)


def proposal_sides(*, user, proposal: Proposal) -> frozenset[str]:
    """Which side the user acts for: the proposer's organisation (a matcher there), and/or
    the employer (its current account owner; without one, the employer managers of the
    organisation that published the opening)."""
    membership = getattr(user, "active_membership", None)
    if membership is None:
        return frozenset()
    sides = set()
    if membership.organisation_id == proposal.organisation_id and membership.role in MATCHERS:
        sides.add(PROPOSER)
    owner = current_account_owner(proposal.opening.employer_id)
    if owner is not None:
        if owner.user_id == user.pk and owner.organisation_id == membership.organisation_id:
            sides.add(EMPLOYER)
    elif (
        membership.role == Role.EMPLOYER_MANAGER
        and membership.organisation_id == proposal.opening.organisation_id
    ):
        sides.add(EMPLOYER)
    return frozenset(sides)


def proposal_next_steps(*, user, proposal: Proposal) -> list[str]:
    sides = proposal_sides(user=user, proposal=proposal)
    return [
        status for status, who in PROPOSAL_STEPS.get(proposal.status, {}).items() if who & sides
    ]


@transaction.atomic
def proposal_status_change(*, proposal: Proposal, to: str, by) -> Proposal:
    """Move a proposal on (introduced, accepted, declined, withdrawn). The proposer's
    organisation and the employer side may; only the proposer withdraws. When the
    employer side moves it, the one who proposed is told by mail."""
    proposal = Proposal.objects.select_for_update().select_related("opening").get(pk=proposal.pk)
    sides = proposal_sides(user=by, proposal=proposal)
    if not sides:
        raise PermissionDenied(
            _("Only the proposing organisation or the account owner can do this.")
        )
    steps = PROPOSAL_STEPS.get(proposal.status, {})
    if to not in steps:
        raise ValidationError(
            {
                "status": [
                    _("A proposal that is “%(now)s” cannot become “%(to)s”.")
                    % {
                        "now": ProposalStatus(proposal.status).label,
                        "to": ProposalStatus(to).label if to in ProposalStatus.values else to,
                    }
                ]
            }
        )
    if not steps[to] & sides:
        raise PermissionDenied(_("Only the proposing organisation withdraws a proposal."))
    before = audit.snapshot(proposal)
    proposal.status = to
    proposal.save(update_fields=["status", "updated_at"])
    audit.log_change(actor=by, obj=proposal, before=before, person_id=proposal.person_id)
    if PROPOSER not in sides:
        notify.proposal_moved(proposal)
    return proposal


def proposals_reachable(*, user) -> QuerySet[Proposal]:
    """Proposals the user may open: of young people they may see (placements), made by
    their organisation (as a matcher), for employers whose account they hold, or, for an
    employer without an account owner, for openings their organisation published (as
    employer manager). The last three show the proposal without the young person's name
    when the user may not see them."""
    membership = getattr(user, "active_membership", None)
    if membership is None:
        return Proposal.objects.none()
    reach = Q(
        opening__employer__account_owners__until__isnull=True,
        opening__employer__account_owners__user_id=user.pk,
        opening__employer__account_owners__organisation_id=membership.organisation_id,
    )
    if membership.role in MATCHERS:
        reach |= Q(organisation_id=membership.organisation_id)
    if membership.role == Role.EMPLOYER_MANAGER:
        without_owner = ~Q(
            opening__employer__in=Employer.objects.filter(account_owners__until__isnull=True)
        )
        reach |= Q(opening__organisation_id=membership.organisation_id) & without_owner
    visible = visible_person_ids(user=user, category=CATEGORY)
    if visible is not None and membership.role in REGISTER_READERS:
        reach |= Q(person_id__in=visible)
    ids = Proposal.objects.filter(reach).values("id")
    return Proposal.objects.filter(id__in=ids)


def proposals_of_opening(*, user, opening: Opening) -> QuerySet[Proposal]:
    """Proposals for an opening of people the user may see (placements)."""
    visible = visible_person_ids(user=user, category=CATEGORY)
    if visible is None:
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(opening=opening, person_id__in=visible)
        .select_related("person", "organisation", "proposed_by")
        .order_by("-created_at", "-id")
    )


def proposals_of_person(*, person) -> QuerySet[Proposal]:
    """Every proposal of a person the caller already found visible (placements)."""
    return (
        Proposal.objects.filter(person=person)
        .select_related("opening__employer", "organisation", "proposed_by")
        .order_by("-created_at", "-id")
    )
