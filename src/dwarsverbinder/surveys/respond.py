"""The young person's side of a survey: checking one answer, deciding which questions are
shown, saving answers one at a time, completing a response and applying its effects to the
young person's file.

Every answer is saved at once, so a young person can stop and come back; one invalid
answer never touches the others. A response is made once per invitation (the invitation
row is locked while it is made), so pressing a button twice never makes two. Audit rows
name the question, never the answer: an answer may be sensitive.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dwarsverbinder.followup.constants import TaskKind
from dwarsverbinder.followup.services import task_create
from dwarsverbinder.mypage.services import normalise_phone
from dwarsverbinder.people import services as people_services
from dwarsverbinder.people.constants import ChannelKind, Source
from dwarsverbinder.people.positions import covers
from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction

from .constants import ConditionOperator, Effect, QuestionKind, RoundStatus
from .models import Answer, Invitation, Question, QuestionnaireVersion, Response, Round
from .standard import POSITION_KINDS
from .tokens import hash_token

logger = logging.getLogger(__name__)

# Who the audit log names for what a young person does here (they have no account).
AUDIT_ACTOR = "survey"
TEXT_MAX_LENGTH = 500
HELP_TASK_DUE_DAYS = 3
DEFAULT_SCALE = (1, 5)
# A token is 32 characters; anything much longer is not one of ours.
MAX_TOKEN_LENGTH = 100

PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{7,24}$")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


class State:
    """Whether an invitation can be answered now."""

    OPEN = "open"
    NOT_STARTED = "not_started"
    CLOSED = "closed"
    COMPLETED = "completed"


class NotAnswerableError(Exception):
    """The invitation cannot be answered (any more): ``state`` says why."""

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


def _today() -> datetime.date:
    return timezone.localdate()


# --- Reading ----------------------------------------------------------------------------


def round_state(round_: Round, today: datetime.date | None = None) -> str:
    today = today or _today()
    if round_.status == RoundStatus.CLOSED or today > round_.closes_on:
        return State.CLOSED
    # A round is answerable while its invitations are still going out.
    if round_.status in (RoundStatus.OPEN, RoundStatus.SENDING) and today >= round_.starts_on:
        return State.OPEN
    return State.NOT_STARTED


def invitation_state(invitation: Invitation, today: datetime.date | None = None) -> str:
    if invitation.completed_at is not None:
        return State.COMPLETED
    return round_state(invitation.round, today)


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return (
        Invitation.objects.select_related("round__organisation", "round__version__questionnaire")
        .filter(token_hash=hash_token(token))
        .first()
    )


def invitation_mark_opened(invitation: Invitation) -> None:
    if invitation.opened_at is None:
        now = timezone.now()
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=now)
        invitation.opened_at = now


def questions_of(version: QuestionnaireVersion) -> list[Question]:
    return list(version.questions.order_by("position", "id"))


def answers_of(invitation: Invitation) -> dict[str, Any]:
    """The saved answers of an invitation by question key (empty before the first one)."""
    return dict(
        Answer.objects.filter(response__invitation=invitation).values_list("question__key", "value")
    )


# --- Checking one answer ------------------------------------------------------------------


def _error(message: str) -> ValidationError:
    return ValidationError({"answer": message})


def _text(raw: Any) -> str:
    if isinstance(raw, list | tuple):
        raw = raw[0] if raw else ""
    return "" if raw is None else str(raw).strip()


def _option_values(question: Question) -> list[str]:
    return [str(option.get("value")) for option in question.options]


def _clean_single(question: Question, raw: Any) -> str | None:
    value = _text(raw)
    if value and value not in _option_values(question):
        raise _error(_("This answer is not in the list. Choose one of the answers."))
    return value or None


def _clean_multiple(question: Question, raw: Any) -> list[str] | None:
    if raw is None or raw == "":
        raw = []
    items = raw if isinstance(raw, list | tuple) else [raw]
    chosen = {str(item).strip() for item in items if str(item).strip()}
    allowed = _option_values(question)
    if chosen - set(allowed):
        raise _error(_("One of these answers is not in the list. Choose from the list."))
    # In the order of the list, whatever order the browser sent them in.
    return [value for value in allowed if value in chosen] or None


def scale_bounds(question: Question) -> tuple[int, int]:
    low = question.scale_min if question.scale_min is not None else DEFAULT_SCALE[0]
    high = question.scale_max if question.scale_max is not None else DEFAULT_SCALE[1]
    return low, high


def _clean_scale(question: Question, raw: Any) -> int | None:
    value = _text(raw)
    if not value:
        return None
    low, high = scale_bounds(question)
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise _error(_("Choose a number from %(low)s to %(high)s.") % {"low": low, "high": high})
    return number


def _clean_phone(value: str) -> str:
    digits = normalise_phone(value)
    national = digits.startswith("0") and len(digits) == 10
    international = digits.startswith("+") and 9 <= len(digits) - 1 <= 15
    if not PHONE.match(value) or not (national or international):
        raise _error(_("This is not a phone number. Fill in 10 digits, for example 06 12345678."))
    return value


def _clean_email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise _error(
            _("This is not an e-mail address. Check it, for example: naam@voorbeeld.nl.")
        ) from None
    return value


def _clean_text(question: Question, raw: Any) -> str | None:
    value = " ".join(_text(raw).split())
    if not value:
        return None
    if len(value) > TEXT_MAX_LENGTH:
        raise _error(
            _("Your answer is too long. Use at most %(max)s characters.") % {"max": TEXT_MAX_LENGTH}
        )
    if question.effect == Effect.NEW_PHONE:
        return _clean_phone(value)
    if question.effect == Effect.NEW_EMAIL:
        return _clean_email(value)
    return value


def parse_date(value: str) -> datetime.date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _clean_date(question: Question, raw: Any) -> str | None:
    value = _text(raw)
    if not value:
        return None
    day = parse_date(value)
    if day is None:
        raise _error(_("This is not a date. Fill in a date, for example 15-03-2025."))
    if question.effect == Effect.POSITION_SINCE and day > _today():
        raise _error(_("This date is in the future. Fill in a date of today or earlier."))
    if day.year < 1900 or day.year > _today().year + 10:
        raise _error(_("This date is not possible. Check the year."))
    return day.isoformat()


def _clean_yes_no(question: Question, raw: Any) -> str | None:
    value = _text(raw)
    if value and value not in ("yes", "no"):
        raise _error(_("Choose yes or no."))
    return value or None


CLEANERS = {
    QuestionKind.SINGLE: _clean_single,
    QuestionKind.MULTIPLE: _clean_multiple,
    QuestionKind.SCALE: _clean_scale,
    QuestionKind.TEXT: _clean_text,
    QuestionKind.DATE: _clean_date,
    QuestionKind.YES_NO: _clean_yes_no,
}
TYPED_KINDS = frozenset({QuestionKind.TEXT, QuestionKind.DATE})


def answer_clean(*, question: Question, raw: Any) -> Any:
    """The value to store for what was sent, or None for no answer. Raises a
    ValidationError keyed "answer" with a short sentence the young person understands."""
    value = CLEANERS[question.kind](question, raw)
    if value is None and question.required:
        if question.kind in TYPED_KINDS:
            raise _error(_("This question needs an answer. Fill it in, please."))
        raise _error(_("This question needs an answer. Choose an answer, please."))
    return value


# --- Conditions -------------------------------------------------------------------------


def _as_list(value: Any) -> list[str]:
    if isinstance(value, bool):  # a yes/no condition written as true/false
        return ["yes" if value else "no"]
    if isinstance(value, list | tuple):
        return sorted(str(item) for item in value)
    return [] if value is None else [str(value)]


def condition_holds(question: Question, answers: dict[str, Any]) -> bool:
    """Whether ``question`` is shown, given the answers to the earlier questions. Without
    an answer to the question it refers to, a question with a condition is not shown."""
    if not question.condition_key:
        return True
    if question.condition_key not in answers:
        return False
    given = _as_list(answers[question.condition_key])
    wanted = _as_list(question.condition_value)
    operator = question.condition_operator or ConditionOperator.EQUALS
    if operator == ConditionOperator.EQUALS:
        return given == wanted
    if operator == ConditionOperator.NOT_EQUALS:
        return given != wanted
    if operator == ConditionOperator.IN:
        return bool(set(given) & set(wanted))
    if operator == ConditionOperator.CONTAINS:
        return bool(wanted) and set(wanted) <= set(given)
    return False


def shown_questions(questions: Iterable[Question], answers: dict[str, Any]) -> list[Question]:
    """The questions asked, in order. A condition sees only the answers of questions that
    are themselves shown, so a chain of conditions follows the answers."""
    seen: dict[str, Any] = {}
    shown = []
    for question in questions:
        if condition_holds(question, seen):
            shown.append(question)
            if question.key in answers:
                seen[question.key] = answers[question.key]
    return shown


def missing_required(questions: Iterable[Question], answers: dict[str, Any]) -> list[Question]:
    return [q for q in shown_questions(questions, answers) if q.required and q.key not in answers]


# --- Saving answers ---------------------------------------------------------------------


def _audit(action: str, obj, person_id: int, detail: dict) -> None:
    audit.log_event(
        actor=None,
        username=AUDIT_ACTOR,
        action=action,
        obj=obj,
        person_id=person_id,
        detail=detail,
    )


def _locked(invitation: Invitation) -> Invitation:
    """The invitation row, locked until the transaction ends: two requests for the same
    invitation take turns, so the second sees what the first wrote."""
    return (
        Invitation.objects.select_for_update()
        .select_related("round__version", "round__organisation")
        .get(pk=invitation.pk)
    )


def _answerable(invitation: Invitation) -> Invitation:
    locked = _locked(invitation)
    state = invitation_state(locked)
    if state != State.OPEN:
        raise NotAnswerableError(state)
    return locked


def _response(invitation: Invitation, via: str) -> Response:
    response, _created = Response.objects.get_or_create(
        invitation=invitation, defaults={"via": via}
    )
    return response


def _delete_answer(answer: Answer, person_id: int, reason: str) -> None:
    _audit(
        AuditAction.DELETE, answer, person_id, {"question": answer.question.key, "reason": reason}
    )
    answer.delete()


def _remove_hidden(response: Response, questions: list[Question], person_id: int) -> None:
    """Answers to questions that are no longer shown go, so results stay consistent."""
    answers = {a.question.key: a for a in response.answers.select_related("question")}
    shown = {q.key for q in shown_questions(questions, {k: a.value for k, a in answers.items()})}
    for key, answer in answers.items():
        if key not in shown:
            _delete_answer(answer, person_id, "not_shown")


@transaction.atomic
def answer_save(*, invitation: Invitation, question: Question, raw: Any, via: str) -> Any:
    """Check and save one answer (an empty optional answer removes an earlier one).
    Returns the stored value or None. Raises ValidationError (keyed "answer") for an invalid
    answer and NotAnswerableError when the invitation cannot be answered."""
    value = answer_clean(question=question, raw=raw)
    invitation = _answerable(invitation)
    if question.version_id != invitation.round.version_id:
        raise ValueError("The question belongs to another questionnaire version.")
    questions = questions_of(invitation.round.version)
    if question not in shown_questions(questions, answers_of(invitation)):
        raise _error(_("This question is not asked now."))
    response = _response(invitation, via)
    person_id = invitation.person_id
    detail = {"question": question.key}
    if value is None:
        existing = response.answers.filter(question=question).select_related("question").first()
        if existing is not None:
            _delete_answer(existing, person_id, "emptied")
    else:
        answer, created = Answer.objects.update_or_create(
            response=response, question=question, defaults={"value": value}
        )
        _audit(AuditAction.CREATE if created else AuditAction.UPDATE, answer, person_id, detail)
    _remove_hidden(response, questions, person_id)
    return value


@transaction.atomic
def response_complete(*, invitation: Invitation, via: str) -> Response:
    """Send the answers: the response and invitation are completed once, and the answers
    are applied to the file. Completing again changes nothing and returns the response."""
    locked = _locked(invitation)
    if locked.completed_at is not None:
        return locked.response
    if invitation_state(locked) != State.OPEN:
        raise NotAnswerableError(invitation_state(locked))
    answers = answers_of(locked)
    if missing_required(questions_of(locked.round.version), answers):
        raise _error(_("Some questions still need an answer."))
    response = _response(locked, via)
    now = timezone.now()
    response.completed_at = now
    response.save(update_fields=["completed_at"])
    locked.completed_at = now
    locked.save(update_fields=["completed_at"])
    invitation.completed_at = now
    _audit(AuditAction.UPDATE, response, locked.person_id, {"completed": True})
    survey_consent_record(invitation=locked)
    response_apply(response=response)
    return response


def consent_statement(organisation) -> str:
    """What the young person agrees to by sending the answers (shown on the start page)."""
    return _(
        "Your answers go to %(organisation)s. They use them to help you and to make their "
        "help better. Answering is your own choice. When you send your answers, you agree "
        "to this. You can take this back at any time on My page."
    ) % {"organisation": organisation.name}


def survey_consent_record(*, invitation: Invitation) -> None:
    """Sending the answers gives consent for the survey answers to the round's
    organisation (the register's basis for survey answers): recorded once, with the text
    shown, so that the young person can see and take it back on My page."""
    from dwarsverbinder.privacy.constants import ConsentForm, ConsentPurpose, DataCategory
    from dwarsverbinder.privacy.models import Consent
    from dwarsverbinder.utils.dates import add_months

    organisation = invitation.round.organisation
    today = timezone.localdate()
    valid = Consent.objects.filter(
        person_id=invitation.person_id,
        purpose=ConsentPurpose.SURVEY,
        receiving_organisation=organisation,
        withdrawn_at__isnull=True,
        expires_on__gte=today,
    )
    if valid.exists():
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = consent_statement(organisation)
    consent = Consent.objects.create(
        person_id=invitation.person_id,
        purpose=ConsentPurpose.SURVEY,
        receiving_organisation=organisation,
        categories=[DataCategory.SURVEY],
        text_shown=text,
        form=ConsentForm.DIGITAL,
        given_on=today,
        expires_on=add_months(today, settings.CONSENT_MONTHS),
        recorded_by=None,
        recorded_by_organisation=organisation,
    )
    audit.log_change(
        actor=None,
        obj=consent,
        before=None,
        person_id=invitation.person_id,
        username=AUDIT_ACTOR,
    )


# --- Effects in the file -------------------------------------------------------------------


def _effect_answers(response: Response) -> dict[str, Any]:
    """The answers that have an effect, by effect (the first question of each effect)."""
    found: dict[str, Any] = {}
    rows = (
        response.answers.exclude(question__effect="")
        .order_by("question__position")
        .values_list("question__effect", "value")
    )
    for effect, value in rows:
        found.setdefault(effect, value)
    return found


# The kinds that set a position (definition v1); care is a flag beside it and is never
# ended by what a young person answers about school or work.
POSITION_EPISODE_KINDS = ("onderwijs", "werk", "dagbesteding", "uitkering", "geen")


def _end_other_positions(person, *, keep, start: datetime.date, today: datetime.date) -> None:
    """The young person says what they do now: open episodes of the other position kinds
    end the day before (they would otherwise keep setting the position for 183 days)."""
    for episode in person.episodes.filter(
        end_date__isnull=True, kind__in=POSITION_EPISODE_KINDS
    ).exclude(kind__in=keep):
        if not covers(episode, today):
            continue
        end = max(episode.start_date, start - datetime.timedelta(days=1))
        people_services.episode_update(
            episode=episode,
            by=None,
            end_date=end,
            last_confirmed=min(episode.last_confirmed, end),
        )


def _apply_position(person, effects: dict[str, Any], today: datetime.date) -> None:
    kinds = POSITION_KINDS.get(str(effects.get(Effect.POSITION, "")), [])
    since = effects.get(Effect.POSITION_SINCE)
    start = datetime.date.fromisoformat(since) if since else today
    start = min(start, today)
    if kinds:
        _end_other_positions(person, keep=kinds, start=start, today=today)
    for kind in kinds:
        current = [e for e in person.episodes.filter(kind=kind) if covers(e, today)]
        if current:
            for episode in current:
                if episode.last_confirmed < today:
                    people_services.episode_update(episode=episode, by=None, last_confirmed=today)
            continue
        people_services.episode_record(
            person=person, kind=kind, start_date=start, by=None, source=Source.SURVEY
        )


def _apply_contact(person, effects: dict[str, Any], today: datetime.date) -> None:
    if effects.get(Effect.CONTACT_OK) == "yes":
        own = person.contact_channels.filter(
            kind__in=(ChannelKind.PHONE, ChannelKind.EMAIL), is_active=True
        )
        for channel in own:
            people_services.contact_channel_confirm(channel=channel, on=today, by=None)
    phone = (effects.get(Effect.NEW_PHONE) or "").strip()
    if phone:
        number = normalise_phone(phone)
        known = next(
            (
                c.value
                for c in person.contact_channels.filter(kind=ChannelKind.PHONE)
                if normalise_phone(c.value) == number
            ),
            number,
        )
        people_services.contact_channel_add(
            person=person,
            kind=ChannelKind.PHONE,
            value=known,
            source=Source.SURVEY,
            confirmed_on=today,
            by=None,
        )
    email = (effects.get(Effect.NEW_EMAIL) or "").strip()
    if email:
        people_services.contact_channel_add(
            person=person,
            kind=ChannelKind.EMAIL,
            value=email,
            source=Source.SURVEY,
            confirmed_on=today,
            by=None,
        )


def help_task_title(*, money_worries: bool) -> str:
    # Tasks are read by staff: in the site's language, whatever language the young
    # person answered in.
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Asked for contact in the check-in")
        if money_worries:
            title += " " + _("(money worries)")
    return title


def _apply_coach(response: Response, effects: dict[str, Any], today: datetime.date) -> None:
    if effects.get(Effect.WANTS_COACH) != "yes":
        return
    invitation = response.invitation
    person = invitation.person
    coaches: dict[int, Any] = {}
    for assignment in (
        person.assignments.filter(ended_at__isnull=True)
        .select_related("organisation", "coach")
        .order_by("started_at", "id")
    ):
        coaches.setdefault(assignment.organisation_id, assignment)
    targets = [(a.organisation, a.coach) for a in coaches.values()] or [
        (invitation.round.organisation, None)
    ]
    title = help_task_title(money_worries=effects.get(Effect.MONEY_WORRIES) == "yes")
    for organisation, coach in targets:
        task_create(
            person=person,
            organisation=organisation,
            title=title,
            due_date=today + datetime.timedelta(days=HELP_TASK_DUE_DAYS),
            by=None,
            kind=TaskKind.HELP_REQUESTED,
            assigned_to=coach,
        )


@transaction.atomic
def response_apply(*, response: Response) -> bool:
    """Apply a completed response's answers to the young person's file, once: the status
    (source survey), the contact details and a task when a coach is asked for. Wellbeing
    and money worries are kept as answers only. Returns whether anything was applied."""
    response = (
        Response.objects.select_for_update()
        .select_related("invitation__person", "invitation__round__organisation")
        .get(pk=response.pk)
    )
    if response.completed_at is None or response.applied_at is not None:
        return False
    effects = _effect_answers(response)
    person = response.invitation.person
    today = _today()
    _apply_position(person, effects, today)
    _apply_contact(person, effects, today)
    _apply_coach(response, effects, today)
    response.applied_at = timezone.now()
    response.save(update_fields=["applied_at"])
    logger.info("survey response applied", extra={"response_id": response.pk})
    return True
