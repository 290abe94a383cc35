"""Rounds: who a round invites (the selection), and creating, starting and closing one.

Who may be invited follows the access policy. A round belongs to an organisation, and it
invites only young people that organisation may see, on the same rules as every page
(``people.selectors.visible_person_ids``), narrowed to those of whom the processing
register lets the organisation keep survey answers (the "survey" data category).

- While a coordinator prepares a round, the preview counts through the coordinator's own
  view: ``people_visible_to(user=..., category="survey")``.
- When the background worker sends it, nobody is logged in. The round then acts as "a
  coordinator of its organisation" (``organisation_actor``): an unsaved membership with
  the coordinator role at the round's organisation. Visibility depends only on the
  organisation (its relations with young people) and on role and partner type (the
  register), so this sees exactly what each of its coordinators sees, and it keeps working
  when the coordinator who created the round has left.

The selection (``Round.selection``) narrows that down; every key is optional:

- ``cohort``: the school year of the last leave date ("2024-2025", 1 August to 31 July);
- ``months_after_leaving``: a number of months or a list of them; the last leave date lies
  that many months before the round's start date, give or take half a month
  (``HALF_MONTH_DAYS``). "All leavers at 6 and 12 months" is [6, 12];
- ``school`` and ``programme_types``: a school career at that school / of those types
  (both given: one career that matches both);
- ``municipality``: the municipality of residence.

Anonymised files and people already invited to the round are never selected.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.models import Membership
from dwarsverbinder.network.constants import OrganisationKind, RegionKind
from dwarsverbinder.network.models import Organisation, Region
from dwarsverbinder.people.cohorts import cohort_bounds
from dwarsverbinder.people.constants import ChannelKind, ProgrammeType
from dwarsverbinder.people.models import ContactChannel, Person, SchoolCareer
from dwarsverbinder.people.selectors import people_visible_to, visible_person_ids
from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import DataCategory
from dwarsverbinder.privacy.policy import categories_allowed
from dwarsverbinder.utils.dates import add_months

from .constants import InvitationChannel, RoundStatus, VersionStatus
from .models import Invitation, QuestionnaireVersion, Round

# "N months after leaving" matches a last leave date from this many days before the date
# N months before the start up to (not including) this many days after it: a window of
# about a month, so that a round every month reaches about every leaver once.
HALF_MONTH_DAYS = 15
# The horizons of the monitor, offered as choices for "months after leaving".
HORIZONS = (3, 6, 12, 18, 24)
MAX_MONTHS_AFTER_LEAVING = 60
# Channels a message goes out by; "class" invitations are made in class, never sent.
MESSAGE_CHANNELS = (InvitationChannel.EMAIL, InvitationChannel.SMS)


# --- Who may be invited -------------------------------------------------------------------


def organisation_actor(organisation: Organisation) -> SimpleNamespace:
    """Stands for "a coordinator of ``organisation``" where no user is logged in (the
    background worker). It carries only what the access policy reads: the membership."""
    return SimpleNamespace(
        active_membership=Membership(organisation=organisation, role=Role.COORDINATOR),
        is_authenticated=False,
        pk=None,
    )


def survey_allowed(organisation: Organisation) -> bool:
    """Whether the register lets coordinators of this partner type keep survey answers."""
    allowed = categories_allowed(role=Role.COORDINATOR, organisation_kind=organisation.kind)
    return DataCategory.SURVEY in allowed


def register_refusal(organisation: Organisation) -> str | None:
    """Why ``organisation`` cannot send rounds, or None when it can."""
    if survey_allowed(organisation):
        return None
    return _(
        "The processing register does not allow partners of the type “%(kind)s” to keep "
        "survey answers, so %(organisation)s cannot send a round. Ask your privacy officer."
    ) % {"kind": organisation.get_kind_display(), "organisation": organisation.name}


def invitable_people(round: Round) -> QuerySet[Person]:
    """The people the round's organisation may still send survey questions to: visible to
    it for the "survey" category, file not anonymised. Checked again before every message,
    reminders included: a relation that ended since the invitation ends the messages too."""
    ids = visible_person_ids(
        user=organisation_actor(round.organisation), category=DataCategory.SURVEY
    )
    if ids is None:
        return Person.objects.none()
    return Person.objects.filter(id__in=ids, anonymised_on__isnull=True).exclude(
        id__in=survey_consent_withdrawn(round.organisation)
    )


def survey_consent_withdrawn(organisation) -> QuerySet:
    """Ids of people who took back their survey consent for ``organisation`` and gave no
    new one since: they get no more invitations or reminders from it."""
    from dwarsverbinder.privacy.constants import ConsentPurpose
    from dwarsverbinder.privacy.models import Consent

    consents = Consent.objects.filter(
        purpose=ConsentPurpose.SURVEY, receiving_organisation=organisation
    )
    return (
        consents.filter(withdrawn_at__isnull=False)
        .exclude(person_id__in=consents.filter(withdrawn_at__isnull=True).values("person_id"))
        .values("person_id")
    )


def selection_people(round: Round, *, base: QuerySet[Person] | None = None) -> QuerySet:
    """The ids of the people the round invites now: visible to the round's organisation
    for surveys, matching the selection, not anonymised, not invited yet (a subquery).
    ``base``: ``invitable_people(round)`` when the caller has it already (it reads the
    register once per call)."""
    base = invitable_people(round) if base is None else base
    people = select(base, selection=round.selection, starts_on=round.starts_on)
    if round.pk:
        people = people.exclude(id__in=Invitation.objects.filter(round=round).values("person_id"))
    return people.values_list("id", flat=True)


def selection_for_user(*, user, selection: dict, starts_on: datetime.date) -> QuerySet[Person]:
    """The people a coordinator's round would invite, seen through the coordinator's own
    view of the file (for the preview while preparing a round)."""
    visible = people_visible_to(user=user, category=DataCategory.SURVEY)
    return select(visible, selection=selection, starts_on=starts_on)


def months_list(value) -> list[int]:
    """``months_after_leaving`` as stored: a number, or a list of numbers."""
    if value in (None, "", []):
        return []
    return [int(v) for v in (value if isinstance(value, list | tuple) else [value])]


def select(
    people: QuerySet[Person], *, selection: dict, starts_on: datetime.date
) -> QuerySet[Person]:
    """``people`` narrowed by the selection (see the module's docstring)."""
    people = people.filter(anonymised_on__isnull=True)
    school, types = selection.get("school"), selection.get("programme_types") or []
    if school or types:
        careers = SchoolCareer.objects.all()
        if school:
            careers = careers.filter(school_id=school)
        if types:
            careers = careers.filter(programme_type__in=types)
        people = people.filter(id__in=careers.values("person_id"))
    leave_window = _leave_window(selection, starts_on)
    if leave_window is not None:
        # The last leave date per person (GROUP BY ... HAVING), as one subquery.
        last_leave = (
            SchoolCareer.objects.filter(leave_date__isnull=False)
            .values("person_id")
            .annotate(last=Max("leave_date"))
            .filter(leave_window)
        )
        people = people.filter(id__in=last_leave.values("person_id"))
    if selection.get("municipality"):
        people = people.filter(municipality_id=selection["municipality"])
    return people


def _leave_window(selection: dict, starts_on: datetime.date) -> Q | None:
    window = None
    if selection.get("cohort"):
        first, last = cohort_bounds(selection["cohort"])
        window = Q(last__gte=first, last__lte=last)
    months = months_list(selection.get("months_after_leaving"))
    if months:
        around = Q()
        for month in months:
            centre = add_months(starts_on, -month)
            half = datetime.timedelta(days=HALF_MONTH_DAYS)
            around |= Q(last__gte=centre - half, last__lt=centre + half)
        window = around if window is None else window & around
    return window


# --- Reachable: an e-mail address or a phone number of their own -------------------------


def _channel(kind: str, *, confirmed: bool, person: str) -> Exists:
    channels = ContactChannel.objects.filter(person_id=OuterRef(person), kind=kind, is_active=True)
    if confirmed:
        channels = channels.filter(last_confirmed__isnull=False)
    return Exists(channels)


def reachable(person: str = "pk") -> Q:
    """People who can receive an invitation: an active own e-mail address that was
    confirmed to work, or an active own phone number (``sending.pick_channels`` chooses
    the same way). Parents' channels never count: the invitation is personal.
    ``person`` names the outer field that holds the person's id."""
    return Q(_channel(ChannelKind.EMAIL, confirmed=True, person=person)) | Q(
        _channel(ChannelKind.PHONE, confirmed=False, person=person)
    )


@dataclass(frozen=True)
class Preview:
    total: int
    unreachable: int

    @property
    def reachable(self) -> int:
        return self.total - self.unreachable


def preview(people: QuerySet[Person]) -> Preview:
    """How many the round will invite, and how many of them get no message (one query)."""
    counts = people.aggregate(total=Count("id"), reachable=Count("id", filter=reachable()))
    return Preview(total=counts["total"], unreachable=counts["total"] - counts["reachable"])


def round_preview(*, round: Round, user) -> Preview:
    """The preview of a round that is not sent yet, as the coordinator sees it."""
    people = selection_for_user(user=user, selection=round.selection, starts_on=round.starts_on)
    return preview(people)


# --- Reading rounds ---------------------------------------------------------------------


def _coordinator(user) -> Membership:
    membership = getattr(user, "active_membership", None)
    if membership is None or membership.role != Role.COORDINATOR:
        raise PermissionDenied
    return membership


def rounds_for(*, user) -> QuerySet[Round]:
    """The rounds of the organisation the coordinator acts for."""
    membership = _coordinator(user)
    return Round.objects.filter(organisation=membership.organisation).select_related(
        "version__questionnaire"
    )


def round_for(*, user, pk: int) -> Round:
    """One round of the coordinator's organisation; 404 for any other."""
    round = rounds_for(user=user).select_related("organisation", "created_by").filter(pk=pk).first()
    if round is None:
        raise Http404
    return round


def versions_for(*, organisation: Organisation) -> QuerySet[QuestionnaireVersion]:
    """Published versions a round of ``organisation`` may send: its own questionnaires
    and the shared ones (no owner, such as the standard check-in)."""
    return (
        QuestionnaireVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .filter(Q(questionnaire__owner__isnull=True) | Q(questionnaire__owner=organisation))
        .select_related("questionnaire")
        .order_by("questionnaire__name", "-number")
    )


def invitation_counts(round: Round) -> dict[str, int]:
    """How the invitations of a round went out, and how many were answered (one query)."""
    sent = Q(sent_at__isnull=False)
    return Invitation.objects.filter(round=round).aggregate(
        total=Count("id"),
        email=Count("id", filter=sent & Q(channel=InvitationChannel.EMAIL)),
        sms=Count("id", filter=sent & Q(channel=InvitationChannel.SMS)),
        none=Count("id", filter=Q(channel=InvitationChannel.NONE)),
        failed=Count("id", filter=Q(channel__in=MESSAGE_CHANNELS, sent_at__isnull=True)),
        completed=Count("id", filter=Q(completed_at__isnull=False)),
    )


# --- Changes ------------------------------------------------------------------------------


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def _selection(
    *, cohort: str, months_after_leaving, school, programme_types, municipality
) -> tuple[dict, dict[str, list[str]]]:
    """The selection as stored, and the errors in it by field."""
    errors: dict[str, list[str]] = {}
    selection: dict = {}
    if cohort:
        try:
            cohort_bounds(cohort)
        except ValueError:
            errors["cohort"] = [_("Write the school year as two years, for example 2024-2025.")]
        else:
            selection["cohort"] = cohort
    months = sorted({int(m) for m in months_after_leaving or []})
    if any(not 1 <= m <= MAX_MONTHS_AFTER_LEAVING for m in months):
        errors["months_after_leaving"] = [
            _("Months after leaving are whole months from 1 to %(max)s.")
            % {"max": MAX_MONTHS_AFTER_LEAVING}
        ]
    elif months:
        selection["months_after_leaving"] = months
    if school is not None:
        if getattr(school, "kind", None) != OrganisationKind.SCHOOL:
            errors["school"] = [_("Choose a school.")]
        else:
            selection["school"] = school.pk
    types = sorted(set(programme_types or []))
    if any(t not in ProgrammeType.values for t in types):
        errors["programme_types"] = [_("Choose programme types from the list.")]
    elif types:
        selection["programme_types"] = types
    if municipality is not None:
        if getattr(municipality, "kind", None) != RegionKind.MUNICIPALITY:
            errors["municipality"] = [_("Choose a municipality.")]
        else:
            selection["municipality"] = municipality.pk
    return selection, errors


def _dates_and_reminders(
    *, starts_on, closes_on, reminder_days, today: datetime.date
) -> tuple[list[int], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    if starts_on < today:
        errors["starts_on"] = [_("A round cannot start in the past. Choose today or a later day.")]
    if closes_on <= starts_on:
        errors["closes_on"] = [_("The closing date must come after the start date.")]
        return sorted(set(reminder_days)), errors
    length = (closes_on - starts_on).days
    days = sorted(set(reminder_days))
    wrong = [d for d in days if not 1 <= d <= length]
    if wrong:
        errors["reminder_days"] = [
            _(
                "A reminder is sent a whole number of days after the invitation, from 1 up "
                "to %(length)s (the length of this round). Not possible: %(wrong)s."
            )
            % {"length": length, "wrong": ", ".join(str(d) for d in wrong)}
        ]
    return days, errors


@transaction.atomic
def round_create(
    *,
    by,
    name: str,
    version: QuestionnaireVersion,
    starts_on: datetime.date,
    closes_on: datetime.date,
    reminder_days: list[int],
    cohort: str = "",
    months_after_leaving: list[int] | None = None,
    school: Organisation | None = None,
    programme_types: list[str] | None = None,
    municipality: Region | None = None,
    today: datetime.date | None = None,
) -> Round:
    """A new round (a draft) for the coordinator's organisation. Nothing is sent yet."""
    organisation = _coordinator(by).organisation
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    refusal = register_refusal(organisation)
    if refusal:
        errors["__all__"] = [refusal]
    if not name.strip():
        errors["name"] = [_("Give the round a name, for example “Leavers 2024-2025, 6 months”.")]
    if (
        version.status != VersionStatus.PUBLISHED
        or not versions_for(organisation=organisation).filter(pk=version.pk).exists()
    ):
        errors["version"] = [
            _(
                "Choose a published version of a questionnaire: a draft can still change, "
                "and a retired version is no longer sent."
            )
        ]
    selection, selection_errors = _selection(
        cohort=cohort,
        months_after_leaving=months_after_leaving,
        school=school,
        programme_types=programme_types,
        municipality=municipality,
    )
    days, date_errors = _dates_and_reminders(
        starts_on=starts_on, closes_on=closes_on, reminder_days=reminder_days, today=today
    )
    errors.update(selection_errors)
    errors.update(date_errors)
    if errors:
        raise ValidationError(errors)
    round = Round.objects.create(
        name=name.strip(),
        version=version,
        organisation=organisation,
        created_by=by,
        selection=selection,
        starts_on=starts_on,
        closes_on=closes_on,
        reminder_days=days,
    )
    audit.log_change(actor=by, obj=round, before=None)
    return round


@transaction.atomic
def round_start(*, round: Round, by, today: datetime.date | None = None) -> Round:
    """Start sending: the background worker creates and sends the invitations
    (``sending.round_send``); the round page follows its progress."""
    _own(round, by)
    today = today or timezone.localdate()
    round = Round.objects.select_for_update().select_related("organisation").get(pk=round.pk)
    if round.status != RoundStatus.DRAFT:
        raise ValidationError(_("This round has been started already."))
    refusal = register_refusal(round.organisation)
    if refusal:
        raise ValidationError(refusal)
    if today < round.starts_on:
        raise ValidationError(
            _("This round starts on %(date)s. You can start sending from that day.")
            % {"date": _date(round.starts_on)}
        )
    if today > round.closes_on:
        raise ValidationError(
            _("This round closed on %(date)s, so it can no longer be sent. Make a new round.")
            % {"date": _date(round.closes_on)}
        )
    counts = preview(Person.objects.filter(id__in=selection_people(round)))
    if counts.total == 0:
        raise ValidationError(
            _("Nobody matches the selection of this round, so there is nothing to send.")
        )
    return _begin_sending(round, by=by, to_send=counts.reachable)


@transaction.atomic
def round_resume(*, round: Round, by) -> Round:
    """Send again to whoever was not reached yet: messages that failed, and people who
    match the selection but were not invited yet. Only while the round is open."""
    _own(round, by)
    round = Round.objects.select_for_update().select_related("organisation").get(pk=round.pk)
    if round.status != RoundStatus.OPEN:
        raise ValidationError(_("Only an open round can be sent again."))
    return _begin_sending(round, by=by, to_send=round.to_send)


def _begin_sending(round: Round, *, by, to_send: int) -> Round:
    from .tasks import round_send_task

    before = audit.snapshot(round)
    round.status = RoundStatus.SENDING
    round.to_send = max(to_send, round.sent)
    round.save(update_fields=["status", "to_send"])
    audit.log_change(actor=by, obj=round, before=before)
    transaction.on_commit(partial(round_send_task, round.pk))
    return round


@transaction.atomic
def round_close(*, round: Round, by) -> Round:
    """Close a round early: its links stop working and no reminders go out. Sending that
    is still going on stops after the batch it is in."""
    _own(round, by)
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status not in (RoundStatus.SENDING, RoundStatus.OPEN):
        raise ValidationError(_("Only a round that is sending or open can be closed."))
    before = audit.snapshot(round)
    round.status = RoundStatus.CLOSED
    round.save(update_fields=["status"])
    audit.log_change(actor=by, obj=round, before=before)
    return round


def _own(round: Round, by) -> None:
    if _coordinator(by).organisation_id != round.organisation_id:
        raise PermissionDenied


def reachable_count(ids: QuerySet) -> int:
    """How many of the people behind ``ids`` (a subquery) can receive a message."""
    return Person.objects.filter(id__in=ids).filter(reachable()).count()
