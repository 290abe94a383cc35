"""Reads for the response and results of a round.

Response and results are aggregates, counted live on every request with a fixed number of
queries and suppressed with ``utils.suppression`` (``DWV_MIN_CELL_SIZE``). The young people
who did not answer yet are personal data: only those in ``people_visible_to`` are listed.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.followup.models import Contact
from dwarsverbinder.network.models import Organisation
from dwarsverbinder.people.cohorts import cohort_label
from dwarsverbinder.people.models import SchoolCareer
from dwarsverbinder.people.selectors import people_visible_to
from dwarsverbinder.utils.suppression import (
    TOTAL,
    Line,
    percentage,
    suppress_count,
    suppress_line,
    suppress_linked,
)

from .constants import InvitationChannel, QuestionKind, RoundStatus
from .models import Answer, Invitation, Question, Round

# The three states of an invitation, which add up to the number invited. "opened" here is
# opened without completing; the pages show opened including completed.
COMPLETED, OPENED, NOT_OPENED = "completed", "opened", "not_opened"
STATES = (COMPLETED, OPENED, NOT_OPENED)
# When a second number must be hidden, give up these first: the response rate (completed
# of invited) is what people come for.
GIVE_UP_FIRST = (NOT_OPENED, OPENED)

BREAKDOWNS = {
    "school": gettext_lazy("Per school"),
    "cohort": gettext_lazy("Per cohort"),
    "channel": gettext_lazy("Per channel"),
}


def minimum_cell_size() -> int:
    return settings.MIN_CELL_SIZE


# -- who sees what ---------------------------------------------------------------------------


def may_see_results(*, user, round: Round) -> bool:
    """Coordinators of the round's organisation and analysts see its aggregates."""
    membership = getattr(user, "active_membership", None)
    if membership is None:
        return False
    if membership.role == Role.ANALYST:
        return True
    return (
        membership.role == Role.COORDINATOR and membership.organisation_id == round.organisation_id
    )


def rounds_with_results(*, user) -> QuerySet[Round]:
    """The rounds whose response and results the user may see: all sent rounds for an
    analyst, the organisation's own for a coordinator, none for anyone else."""
    membership = getattr(user, "active_membership", None)
    rounds = (
        Round.objects.exclude(status=RoundStatus.DRAFT)
        .select_related("version__questionnaire", "organisation")
        .order_by("-starts_on", "-id")
    )
    if membership is None:
        return rounds.none()
    if membership.role == Role.ANALYST:
        return rounds
    if membership.role == Role.COORDINATOR:
        return rounds.filter(organisation_id=membership.organisation_id)
    return rounds.none()


# -- response --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseRow:
    key: Hashable
    label: str
    invited: int | None
    opened: int | None
    completed: int | None

    @property
    def rate(self) -> float | None:
        return percentage(self.completed, self.invited)


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    rows: list[ResponseRow]


@dataclass(frozen=True)
class ResponseSummary:
    round: Round
    minimum: int
    total: ResponseRow
    breakdowns: list[Breakdown] = field(default_factory=list)


def _last_career() -> QuerySet[SchoolCareer]:
    """The person's last school career: the one that started last (as on the caseload)."""
    return SchoolCareer.objects.filter(person=OuterRef("person_id")).order_by("-start_date", "-id")


def response_counts(*, round: Round) -> list[dict]:
    """The invitations of the round counted per school, school year of leaving and channel,
    and per state, in one query. The school and leave date are those of the last career."""
    career = _last_career()
    counted = (
        Invitation.objects.filter(round=round)
        .annotate(
            school=Subquery(career.values("school_id")[:1]),
            leave=Subquery(career.values("leave_date")[:1]),
        )
        .annotate(leave_year=ExtractYear("leave"), leave_month=ExtractMonth("leave"))
        .annotate(
            # The school year runs from 1 August: July 2024 belongs to 2023-2024.
            school_year=Case(
                When(leave_month__gte=8, then=F("leave_year")),
                default=F("leave_year") - 1,
                output_field=IntegerField(),
            )
        )
        .order_by()
        .values("school", "school_year", "channel")
        .annotate(
            **{
                COMPLETED: Count("pk", filter=Q(completed_at__isnull=False)),
                OPENED: Count("pk", filter=Q(completed_at__isnull=True, opened_at__isnull=False)),
                NOT_OPENED: Count(
                    "pk", filter=Q(completed_at__isnull=True, opened_at__isnull=True)
                ),
            }
        )
    )
    return list(counted)


def _group(counts: list[dict], key: str) -> dict[Hashable, dict[str, int]]:
    tables: dict[Hashable, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATES, 0))
    for row in counts:
        target = tables[row[key]]
        for state in STATES:
            target[state] += row[state]
    return dict(tables)


def _opened(cells: dict[str, int | None], invited: int | None) -> int | None:
    """Opened, completed or not: the sum of two cells, or what the total leaves over."""
    if cells[COMPLETED] is not None and cells[OPENED] is not None:
        return cells[COMPLETED] + cells[OPENED]
    if invited is not None and cells[NOT_OPENED] is not None:
        # Only shown when the hidden cells together reach the minimum (suppression rule b).
        return invited - cells[NOT_OPENED]
    return None


def _row(key, label, cells, invited) -> ResponseRow:
    return ResponseRow(
        key=key,
        label=label,
        invited=invited,
        opened=_opened(cells, invited),
        completed=cells[COMPLETED],
    )


def _school_labels(keys) -> dict[Hashable, str]:
    ids = [k for k in keys if k is not None]
    names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    return {**names, None: _("No school known")}


def _cohort_labels(keys) -> dict[Hashable, str]:
    labels = {k: cohort_label(datetime.date(k, 8, 1)) for k in keys if k is not None}
    return {**labels, None: _("Not left school, or not known")}


def _channel_labels(keys) -> dict[Hashable, str]:
    labels = dict(InvitationChannel.choices)
    labels[""] = _("Not sent yet")
    return {k: labels.get(k, k) for k in keys}


def _ordered_keys(key: str, keys, labels) -> list:
    if key == "school":
        return sorted(keys, key=lambda k: (k is None, str(labels[k]).casefold()))
    if key == "cohort":
        return sorted(keys, key=lambda k: (k is None, -(k or 0)))
    order = {value: index for index, value in enumerate(InvitationChannel.values)}
    return sorted(keys, key=lambda k: order.get(k, len(order)))


def round_response(*, round: Round, minimum: int | None = None) -> ResponseSummary:
    """Invited, opened, completed and the response rate for the whole round and per school,
    cohort and channel; suppressed. Two queries, however many invitations."""
    minimum = minimum or minimum_cell_size()
    counts = response_counts(round=round)
    raw = {
        "school": _group(counts, "school"),
        "cohort": _group(counts, "school_year"),
        "channel": _group(counts, "channel"),
    }
    tables = suppress_linked(raw, minimum, columns=STATES, prefer=GIVE_UP_FIRST)
    labellers = {"school": _school_labels, "cohort": _cohort_labels, "channel": _channel_labels}
    breakdowns = []
    for key, title in BREAKDOWNS.items():
        table = tables[key]
        labels = labellers[key](raw[key].keys())
        rows = [
            _row(k, labels[k], table.cells[k], table.row_totals[k])
            for k in _ordered_keys(key, raw[key].keys(), labels)
        ]
        breakdowns.append(Breakdown(key=key, title=str(title), rows=rows))
    first = tables["school"]
    total = _row(TOTAL, _("Whole round"), first.column_totals, first.total)
    return ResponseSummary(round=round, minimum=minimum, total=total, breakdowns=breakdowns)


# -- results per question --------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerRow:
    label: str
    count: int | None
    share: float | None


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    rows: list[AnswerRow]
    total: int | None
    mean: float | None = None
    # The mean is left out when the answers are too few or a count is hidden: with the
    # mean and the total, the shown counts would give the hidden ones back.
    mean_withheld: bool = False

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def shows_answers(self) -> bool:
        """Free text is never shown (it can identify a young person): only its number."""
        return self.question.kind != QuestionKind.TEXT

    @property
    def several_per_person(self) -> bool:
        return self.question.kind == QuestionKind.MULTIPLE


def _is_empty(value) -> bool:
    return value is None or value == "" or value == []


def _answer_counts(*, round: Round, questions: list[Question]) -> dict[int, Counter]:
    """Per question, the number of completed responses per answer value (one query for
    the choices, one for the number of free-text answers; the texts are never read)."""
    completed = Answer.objects.filter(
        response__invitation__round=round, response__completed_at__isnull=False
    ).order_by()
    text_ids = [q.pk for q in questions if q.kind == QuestionKind.TEXT]
    other_ids = [q.pk for q in questions if q.kind != QuestionKind.TEXT]
    counts: dict[int, Counter] = defaultdict(Counter)
    if other_ids:
        grouped = (
            completed.filter(question_id__in=other_ids)
            .values("question_id", "value")
            .annotate(n=Count("pk"))
        )
        for row in grouped:
            value = row["value"]
            if _is_empty(value):
                continue
            key = tuple(sorted(map(str, value))) if isinstance(value, list) else value
            counts[row["question_id"]][key] += row["n"]
    if text_ids:
        grouped = (
            completed.filter(question_id__in=text_ids)
            .exclude(value="")
            .exclude(value=None)
            .values("question_id")
            .annotate(n=Count("pk"))
        )
        for row in grouped:
            counts[row["question_id"]]["text"] = row["n"]
    return counts


def _rows(line: Line, labels: dict) -> list[AnswerRow]:
    return [
        AnswerRow(label=labels[key], count=count, share=percentage(count, line.total))
        for key, count in line.cells.items()
    ]


def _choices(question: Question) -> list[tuple[str, str]]:
    options = [(o.get("value"), question.option_label(o.get("value"))) for o in question.options]
    if not options and question.kind == QuestionKind.YES_NO:
        options = [("yes", _("Yes")), ("no", _("No"))]
    return options


def _choice_result(question, counts: Counter, minimum, hide_total) -> QuestionResult:
    labels = dict(_choices(question))
    for value in counts:  # answers outside the options (kept as they came)
        labels.setdefault(value, question.option_label(value))
    cells = {value: counts.get(value, 0) for value in labels}
    line = suppress_line(cells, minimum=minimum, hide_total=hide_total)
    return QuestionResult(question=question, rows=_rows(line, labels), total=line.total)


def _multiple_result(question, counts: Counter, minimum, hide_total) -> QuestionResult:
    labels = dict(_choices(question))
    cells = dict.fromkeys(labels, 0)
    for combination, n in counts.items():
        for value in combination:
            labels.setdefault(value, question.option_label(value))
            cells[value] = cells.get(value, 0) + n
    respondents = sum(counts.values())
    line = suppress_line(cells, minimum=minimum, total=respondents, hide_total=hide_total)
    return QuestionResult(question=question, rows=_rows(line, labels), total=line.total)


def _scale_result(question, counts: Counter, minimum, hide_total) -> QuestionResult:
    low = question.scale_min if question.scale_min is not None else 1
    high = question.scale_max if question.scale_max is not None else 5
    values = list(range(low, high + 1))
    values += sorted(v for v in counts if isinstance(v, int) and v not in values)
    cells = {v: counts.get(v, 0) for v in values}
    line = suppress_line(cells, minimum=minimum, hide_total=hide_total)
    answered = sum(cells.values())
    safe = line.total is not None and answered >= minimum and not line.hidden
    mean = round(sum(v * n for v, n in cells.items()) / answered, 1) if safe else None
    labels = {v: _scale_label(question, v, low, high) for v in values}
    return QuestionResult(
        question=question,
        rows=_rows(line, labels),
        total=line.total,
        mean=mean,
        mean_withheld=not safe and answered > 0,
    )


def _scale_label(question: Question, value: int, low: int, high: int) -> str:
    """The value, with the label of its end of the scale in the active language."""
    english = (get_language() or "nl").startswith("en")
    if value == low:
        end = (english and question.scale_min_label_en) or question.scale_min_label_nl
    elif value == high:
        end = (english and question.scale_max_label_en) or question.scale_max_label_nl
    else:
        end = ""
    return f"{value} ({end})" if end else str(value)


def _month(value) -> str | None:
    try:
        return datetime.date.fromisoformat(str(value)).strftime("%Y-%m")
    except ValueError:
        return None


def _date_result(question, counts: Counter, minimum, hide_total) -> QuestionResult:
    months: Counter = Counter()
    for value, n in counts.items():
        month = _month(value)
        if month is not None:
            months[month] += n
    cells = dict(sorted(months.items()))
    labels = {m: date_format(datetime.date(int(m[:4]), int(m[5:]), 1), "F Y") for m in cells}
    line = suppress_line(cells, minimum=minimum, hide_total=hide_total)
    return QuestionResult(question=question, rows=_rows(line, labels), total=line.total)


def _text_result(question, counts: Counter, minimum, hide_total) -> QuestionResult:
    answered = counts.get("text", 0)
    total = None if hide_total and answered else suppress_count(answered, minimum=minimum)
    return QuestionResult(question=question, rows=[], total=total)


_BY_KIND = {
    QuestionKind.SINGLE: _choice_result,
    QuestionKind.YES_NO: _choice_result,
    QuestionKind.MULTIPLE: _multiple_result,
    QuestionKind.SCALE: _scale_result,
    QuestionKind.DATE: _date_result,
    QuestionKind.TEXT: _text_result,
}


def question_results(
    *, round: Round, minimum: int | None = None, hide_totals: bool = False
) -> list[QuestionResult]:
    """Per question of the round's version, the answers of completed responses counted and
    suppressed, with the number of answers as the margin. Three queries at most.

    ``hide_totals``: the number of completed responses is hidden on the response page, so
    the number of answers to a question (often the same number) is hidden here too.
    """
    minimum = minimum or minimum_cell_size()
    questions = list(round.version.questions.order_by("position", "id"))
    counts = _answer_counts(round=round, questions=questions)
    return [
        _BY_KIND[q.kind](q, counts.get(q.pk, Counter()), minimum, hide_totals) for q in questions
    ]


# -- the young people to call ----------------------------------------------------------------


def _acting_organisation_id(user) -> int | None:
    membership = getattr(user, "active_membership", None)
    return membership.organisation_id if membership is not None else None


def visible_invitations(*, user, round: Round) -> QuerySet[Invitation]:
    """The round's invitations of young people the user may see."""
    return Invitation.objects.filter(round=round, person__in=people_visible_to(user=user))


def visible_response(*, user, round: Round) -> dict[str, int]:
    """How many of the young people the user may see were invited, and how many completed
    (not suppressed: the user may see each of them)."""
    return visible_invitations(user=user, round=round).aggregate(
        invited=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False))
    )


def nonresponders(*, user, round: Round) -> QuerySet[Invitation]:
    """The visible young people who were invited and did not complete: those who never
    opened the invitation first, then by name. The last contact is the latest in the
    contact log of the user's organisation."""
    contacts = Contact.objects.filter(
        person=OuterRef("person_id"), organisation_id=_acting_organisation_id(user)
    ).order_by("-on", "-id")
    return (
        visible_invitations(user=user, round=round)
        .filter(completed_at__isnull=True)
        .select_related("person")
        .only(
            "id",
            "person_id",
            "channel",
            "sent_at",
            "reminders_sent",
            "last_reminded_at",
            "opened_at",
            "person__id",
            "person__given_names",
            "person__tussenvoegsel",
            "person__surname",
        )
        .annotate(
            last_contact=Subquery(contacts.values("on")[:1]),
            opened_first=Case(
                When(opened_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("opened_first", "person__surname", "person__given_names", "person_id", "id")
    )


def rounds_to_call(*, user) -> list[Round]:
    """The rounds in which the user has visible young people who did not complete, each
    with ``to_call``, their number. Two queries."""
    waiting = dict(
        Invitation.objects.filter(
            completed_at__isnull=True, person__in=people_visible_to(user=user)
        )
        .exclude(round__status=RoundStatus.DRAFT)
        .order_by()
        .values_list("round_id")
        .annotate(n=Count("pk"))
    )
    if not waiting:
        return []
    rounds = list(
        Round.objects.filter(pk__in=waiting)
        .select_related("version__questionnaire")
        .order_by("-starts_on", "-id")
    )
    for r in rounds:
        r.to_call = waiting[r.pk]
    return rounds
