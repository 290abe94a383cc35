"""The questions of a draft version: add, change, delete and move."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dwarsverbinder.privacy import audit

from ..models import Question, QuestionnaireVersion
from .access import locked_draft
from .rules import apply_fields, validate_question


@transaction.atomic
def question_add(*, version: QuestionnaireVersion, by, **fields: Any) -> Question:
    """Add a question at the end of a draft version."""
    version = locked_draft(version, by)
    questions = list(version.questions.order_by("position"))
    question = Question(version=version, position=(questions[-1].position if questions else 0) + 1)
    apply_fields(question, fields)
    validate_question(question, [*questions, question])
    question.save()
    audit.log_change(actor=by, obj=question, before=None)
    return question


@transaction.atomic
def question_update(*, question: Question, by, **fields: Any) -> Question:
    """Change a question of a draft. A changed key is changed in the conditions that use
    it, too."""
    version = locked_draft(question.version, by)
    questions = list(version.questions.order_by("position"))
    question = next(q for q in questions if q.pk == question.pk)
    before = audit.snapshot(question)
    old_key = question.key
    apply_fields(question, fields)
    renamed = question.key != old_key
    dependents = [q for q in questions if q.condition_key == old_key and renamed]
    for dependent in dependents:
        dependent.condition_key = question.key
    validate_question(question, questions)
    question.save()
    audit.log_change(actor=by, obj=question, before=before)
    for dependent in dependents:
        earlier = {**audit.snapshot(dependent), "condition_key": old_key}
        dependent.save(update_fields=["condition_key"])
        audit.log_change(actor=by, obj=dependent, before=earlier)
    return question


@transaction.atomic
def question_delete(*, question: Question, by) -> None:
    version = locked_draft(question.version, by)
    questions = list(version.questions.order_by("position"))
    question = next(q for q in questions if q.pk == question.pk)
    dependent = next((q for q in questions if q.condition_key == question.key), None)
    if dependent is not None:
        raise ValidationError(
            _("Question “%(key)s” depends on this question. Change or remove its condition first.")
            % {"key": dependent.key},
            code="dependent",
        )
    audit.log_delete(actor=by, obj=question)
    question.delete()
    for later in questions:
        if later.position > question.position:
            before = audit.snapshot(later)
            later.position -= 1
            later.save(update_fields=["position"])
            audit.log_change(actor=by, obj=later, before=before)


@transaction.atomic
def question_move(*, question: Question, by, direction: str) -> Question:
    """Swap a question with the one above ("up") or below ("down") it."""
    if direction not in ("up", "down"):
        raise ValueError(direction)
    version = locked_draft(question.version, by)
    questions = list(version.questions.order_by("position"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(questions):
        return questions[index]
    upper, lower = sorted((questions[index], questions[other_index]), key=lambda q: q.position)
    if lower.condition_key == upper.key:
        raise ValidationError(
            _("Question “%(lower)s” depends on “%(upper)s”, so it has to stay below it.")
            % {"lower": lower.key, "upper": upper.key},
            code="order",
        )
    befores = [audit.snapshot(upper), audit.snapshot(lower)]
    upper_position, lower_position = upper.position, lower.position
    # Through a free position: (version, position) is unique at every step.
    upper.position = max(q.position for q in questions) + 1
    upper.save(update_fields=["position"])
    lower.position = upper_position
    lower.save(update_fields=["position"])
    upper.position = lower_position
    upper.save(update_fields=["position"])
    for moved, before in zip((upper, lower), befores, strict=True):
        audit.log_change(actor=by, obj=moved, before=before)
    return questions[index]
