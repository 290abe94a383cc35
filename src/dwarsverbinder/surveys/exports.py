"""Downloads of a round's response and results as CSV and XLSX: the same suppressed tables
as the pages, with "x" where a number is hidden and a legend line saying why. Aggregates
only; nothing about a single young person."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.utils.exports import Cell

from .constants import QuestionKind
from .results import QuestionResult, ResponseRow, ResponseSummary

# The mark for a hidden number, as Statistics Netherlands (CBS) writes "geheim".
HIDDEN = "x"

Rows = list[list[Cell]]


def _number(value: int | float | None) -> Cell:
    return HIDDEN if value is None else value


def _share(value: float | None, *, denominator: int | None) -> Cell:
    """A percentage; empty (not hidden) when there is nothing to take a share of."""
    if denominator == 0:
        return ""
    return _number(value)


def legend(minimum: int) -> str:
    return _(
        "%(mark)s = hidden: fewer than %(minimum)s young people, or a number from which a "
        "hidden one could be worked out."
    ) % {"mark": HIDDEN, "minimum": minimum}


def _footer(round, minimum: int) -> Rows:
    stamp = timezone.localtime().strftime("%d-%m-%Y %H:%M")
    return [
        [],
        [legend(minimum)],
        [
            _("%(round)s (%(questionnaire)s), counted on %(stamp)s.")
            % {"round": round.name, "questionnaire": round.version, "stamp": stamp}
        ],
    ]


def response_rows(summary: ResponseSummary) -> Rows:
    header = [
        _("Breakdown"),
        _("Group"),
        _("Invited"),
        _("Opened"),
        _("Completed"),
        _("Response rate (%)"),
    ]

    def line(title: str, row: ResponseRow) -> list[Cell]:
        return [
            title,
            row.label,
            _number(row.invited),
            _number(row.opened),
            _number(row.completed),
            _share(row.rate, denominator=row.invited),
        ]

    rows: Rows = [header, line(_("Total"), summary.total)]
    for breakdown in summary.breakdowns:
        rows += [line(breakdown.title, row) for row in breakdown.rows]
    return rows + _footer(summary.round, summary.minimum)


def _question_rows(result: QuestionResult) -> Rows:
    question = result.question
    start = [question.position, question.key, question.text()]
    if not result.shows_answers:
        label = _("Number of answers (free text is not shown)")
        return [[*start, label, _number(result.total), ""]]
    rows: Rows = [
        [*start, row.label, _number(row.count), _share(row.share, denominator=result.total)]
        for row in result.rows
    ]
    total_label = (
        _("Young people who answered (one may choose several answers)")
        if question.kind == QuestionKind.MULTIPLE
        else _("Total answers")
    )
    rows.append([*start, total_label, _number(result.total), ""])
    if question.kind == QuestionKind.SCALE:
        mean = "" if result.mean is None and not result.mean_withheld else _number(result.mean)
        rows.append([*start, _("Mean"), mean, ""])
    return rows


def results_rows(*, round, results: Iterable[QuestionResult], minimum: int) -> Rows:
    header = [_("No."), _("Key"), _("Question"), _("Answer"), _("Number"), _("Percentage")]
    rows: Rows = [header]
    for result in results:
        rows += _question_rows(result)
    return rows + _footer(round, minimum)
