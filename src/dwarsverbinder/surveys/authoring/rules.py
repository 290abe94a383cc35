"""The rules of a question: key, options, scale, condition and effect. The services call
``validate_question`` before every write and ``version_problems`` before publishing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from ..constants import ConditionOperator, Effect, QuestionKind
from ..models import Question, QuestionnaireVersion

Op = ConditionOperator
Kind = QuestionKind

KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE})
SCALE_STEPS_MAX = 11

# The one kind of question each effect fits (what ``surveys.respond`` does with its answer).
EFFECT_KINDS = {
    Effect.POSITION: Kind.SINGLE,
    Effect.POSITION_SINCE: Kind.DATE,
    Effect.CONTACT_OK: Kind.YES_NO,
    Effect.WANTS_COACH: Kind.YES_NO,
    Effect.MONEY_WORRIES: Kind.YES_NO,
    Effect.WELLBEING: Kind.SCALE,
    Effect.NEW_PHONE: Kind.TEXT,
    Effect.NEW_EMAIL: Kind.TEXT,
}

# The operators a condition may use, by the kind of the question it depends on.
CONDITION_OPERATORS = {
    Kind.SINGLE: (Op.EQUALS, Op.NOT_EQUALS, Op.IN),
    Kind.MULTIPLE: (Op.CONTAINS,),
    Kind.YES_NO: (Op.EQUALS, Op.NOT_EQUALS),
    Kind.SCALE: (Op.EQUALS, Op.NOT_EQUALS, Op.IN),
}
YES_NO = {"yes": "yes", "no": "no", "ja": "yes", "nee": "no"}

# The fields of a question a coordinator writes (everything but version and position).
QUESTION_FIELDS = (
    "key",
    "kind",
    "text_nl",
    "text_en",
    "help_nl",
    "help_en",
    "required",
    "options",
    "scale_min",
    "scale_max",
    "scale_min_label_nl",
    "scale_max_label_nl",
    "scale_min_label_en",
    "scale_max_label_en",
    "condition_key",
    "condition_operator",
    "condition_value",
    "effect",
)
TEXT_FIELDS = (
    "text_nl",
    "text_en",
    "help_nl",
    "help_en",
    "scale_min_label_nl",
    "scale_max_label_nl",
    "scale_min_label_en",
    "scale_max_label_en",
)


def _options_errors(options: Any) -> list[str]:
    if not isinstance(options, list):
        return [_("Give the answer options as a list.")]
    errors, seen = [], set()
    for number, option in enumerate(options, start=1):
        value = option.get("value", "") if isinstance(option, dict) else ""
        label = option.get("label_nl", "") if isinstance(option, dict) else ""
        if not KEY.match(str(value)):
            errors.append(
                _(
                    "Option %(n)s: a value is made of lower-case letters, digits, - and _ "
                    "(at most 40), for example work."
                )
                % {"n": number}
            )
        elif value in seen:
            errors.append(
                _("Option %(n)s: the value “%(value)s” is used twice.")
                % {"n": number, "value": value}
            )
        if not str(label).strip():
            errors.append(_("Option %(n)s: give a Dutch label.") % {"n": number})
        seen.add(value)
    return errors


def _scale_errors(low: Any, high: Any) -> list[str]:
    if not isinstance(low, int) or not isinstance(high, int) or low < 0 or high < 0:
        return [_("A scale needs a lowest and a highest number, 0 or more.")]
    if low >= high:
        return [_("The highest number of a scale must be more than the lowest.")]
    if high - low + 1 > SCALE_STEPS_MAX:
        return [_("A scale has at most 11 steps, for example 0 to 10.")]
    return []


def _one_condition_value(source: Question, raw: Any) -> tuple[Any, str]:
    """One answer of ``source`` as it is stored, or an error sentence."""
    text = str(raw).strip()
    if source.kind in CHOICE_KINDS:
        values = [o.get("value") for o in source.options]
        if text in values:
            return text, ""
        return None, _(
            "“%(value)s” is not an answer option of question “%(key)s”. The options are: "
            "%(options)s."
        ) % {"value": text, "key": source.key, "options": ", ".join(values) or "–"}
    if source.kind == Kind.YES_NO:
        if text.lower() in YES_NO:
            return YES_NO[text.lower()], ""
        return None, _("Question “%(key)s” is answered with yes or no.") % {"key": source.key}
    low, high = source.scale_min or 0, source.scale_max or 0
    if re.fullmatch(r"-?\d+", text) and low <= int(text) <= high:
        return int(text), ""
    return None, _("Question “%(key)s” is answered with a number from %(low)s to %(high)s.") % {
        "key": source.key,
        "low": low,
        "high": high,
    }


def _condition_value(source: Question, operator: str, raw: Any) -> tuple[Any, list[str]]:
    """The condition value in its stored form (see the module docstring), or errors."""
    if operator == Op.IN:
        items = raw if isinstance(raw, list) else str(raw or "").split(",")
        items = [i for i in items if str(i).strip()]
        if not items:
            return None, [_("Give one or more answers, separated by commas.")]
        pairs = [_one_condition_value(source, item) for item in items]
        errors = [error for _value, error in pairs if error]
        return ([value for value, _error in pairs] if not errors else None), errors
    if raw is None or not str(raw).strip():
        return None, [_("Give the answer that makes this question appear.")]
    value, error = _one_condition_value(source, raw)
    return value, [error] if error else []


def _condition_errors(question: Question, questions: Iterable[Question]) -> dict[str, list]:
    """Check the condition of ``question`` against the version's questions (in their
    current order) and store its value in the normal form. Errors by field."""
    if not question.condition_key:
        if question.condition_operator or question.condition_value not in (None, "", []):
            return {"condition_key": [_("Choose the question this one depends on.")]}
        question.condition_operator, question.condition_value = "", None
        return {}
    if question.condition_key == question.key:
        return {"condition_key": [_("A question cannot depend on itself.")]}
    source = next(
        (q for q in questions if q is not question and q.key == question.condition_key), None
    )
    if source is None:
        message = _("There is no question with the key “%(key)s” in this version.")
        return {"condition_key": [message % {"key": question.condition_key}]}
    if source.position >= question.position:
        message = _("A question can only depend on an earlier question; “%(key)s” comes later.")
        return {"condition_key": [message % {"key": source.key}]}
    allowed = CONDITION_OPERATORS.get(source.kind)
    if not allowed:
        message = _("A condition can only depend on a choice, yes/no or scale question.")
        return {"condition_key": [message]}
    if question.condition_operator not in allowed:
        labels = ", ".join(str(Op(op).label) for op in allowed)
        message = _("For question “%(key)s” the condition can be: %(allowed)s.")
        return {"condition_operator": [message % {"key": source.key, "allowed": labels}]}
    value, errors = _condition_value(source, question.condition_operator, question.condition_value)
    if errors:
        return {"condition_value": errors}
    question.condition_value = value
    return {}


def question_errors(question: Question, questions: list[Question]) -> list[str]:
    """Everything publishing checks about one question, as sentences."""
    errors = []
    if question.kind in CHOICE_KINDS and len(question.options) < 2:
        errors.append(_("A choice question needs at least two answer options."))
    errors += _options_errors(question.options) if question.kind in CHOICE_KINDS else []
    if question.kind == Kind.SCALE:
        errors += _scale_errors(question.scale_min, question.scale_max)
    if question.effect and EFFECT_KINDS.get(question.effect) != question.kind:
        errors.append(_("Its effect does not fit its kind."))
    for messages in _condition_errors(question, questions).values():
        errors.extend(messages)
    return errors


def _effect_errors(question: Question, others: list[Question]) -> list[str]:
    if not question.effect:
        return []
    if question.effect not in EFFECT_KINDS:
        return [_("Choose an effect from the list.")]
    kind = EFFECT_KINDS[question.effect]
    if kind != question.kind:
        return [
            _("“%(effect)s” only fits a question of the kind “%(kind)s”.")
            % {"effect": Effect(question.effect).label, "kind": Kind(kind).label}
        ]
    taken = next((q for q in others if q.effect == question.effect), None)
    if taken is not None:
        return [
            _("Question “%(key)s” already has this effect. An effect is used once per version.")
            % {"key": taken.key}
        ]
    return []


def apply_fields(question: Question, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown question fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(question, name, value)
    question.key = (question.key or "").strip().lower()
    for name in TEXT_FIELDS:
        setattr(question, name, (getattr(question, name) or "").strip())
    question.required = bool(question.required)
    question.condition_key = (question.condition_key or "").strip().lower()
    question.condition_operator = question.condition_operator or ""
    question.effect = question.effect or ""
    question.options = question.options if question.options is not None else []
    # Fields of other kinds are cleared, so that a changed kind leaves nothing behind.
    if question.kind not in CHOICE_KINDS:
        question.options = []
    if question.kind != Kind.SCALE:
        question.scale_min = question.scale_max = None
        question.scale_min_label_nl = question.scale_max_label_nl = ""
        question.scale_min_label_en = question.scale_max_label_en = ""


# Addresses of pages next to the question pages (/vragenlijst/<token>/overzicht/ ...):
# a question with such a key could never be reached.
RESERVED_KEYS = frozenset({"overzicht", "bedankt"})


def validate_question(question: Question, questions: list[Question]) -> None:
    """Check one question (new or changed) among the version's ``questions``."""
    others = [q for q in questions if q is not question]
    errors: dict[str, list] = {}
    if not KEY.match(question.key):
        errors["key"] = [
            _(
                "A key is made of lower-case letters, digits, - and _ (at most 40), "
                "for example new_phone."
            )
        ]
    elif question.key in RESERVED_KEYS:
        errors["key"] = [
            _("“%(key)s” is the name of a page of the questionnaire; choose another key.")
            % {"key": question.key}
        ]
    elif any(q.key == question.key for q in others):
        errors["key"] = [
            _("Another question in this version already has the key “%(key)s”.")
            % {"key": question.key}
        ]
    if question.kind not in Kind.values:
        errors["kind"] = [_("Choose a kind of question.")]
    if not question.text_nl:
        errors["text_nl"] = [_("Write the question in Dutch.")]
    for name in TEXT_FIELDS:
        limit = Question._meta.get_field(name).max_length
        if len(getattr(question, name)) > limit:
            errors.setdefault(name, []).append(
                _("At most %(limit)s characters.") % {"limit": limit}
            )
    if question.kind in CHOICE_KINDS and (problems := _options_errors(question.options)):
        errors["options"] = problems
    if question.kind == Kind.SCALE and (
        problems := _scale_errors(question.scale_min, question.scale_max)
    ):
        errors["scale_max"] = problems
    if problems := _effect_errors(question, others):
        errors["effect"] = problems
    if not errors.get("key"):
        for name, messages in _condition_errors(question, questions).items():
            errors.setdefault(name, []).extend(messages)
        errors.update(_dependent_errors(question, others))
    if errors:
        raise ValidationError(errors)


def _dependent_errors(question: Question, others: list[Question]) -> dict[str, list]:
    """Questions that depend on this one must still fit after the change."""
    problems = []
    for other in others:
        if other.condition_key and other.condition_key == question.key:
            probe = Question(
                key=other.key,
                position=other.position,
                condition_key=other.condition_key,
                condition_operator=other.condition_operator,
                condition_value=other.condition_value,
            )
            for messages in _condition_errors(probe, [*others, question]).values():
                problems.extend(
                    _("Question “%(key)s” depends on this one: %(problem)s")
                    % {"key": other.key, "problem": message}
                    for message in messages
                )
    return {NON_FIELD_ERRORS: problems} if problems else {}


def version_problems(version: QuestionnaireVersion) -> list[str]:
    """What stands in the way of publishing, one sentence each; empty when ready."""
    questions = list(version.questions.order_by("position"))
    if not questions:
        return [_("Add at least one question.")]
    problems = []
    seen: set[str] = set()
    for question in questions:
        messages = question_errors(question, questions)
        if question.effect and question.effect in seen:
            messages.append(_("Its effect is used by an earlier question, too."))
        seen.add(question.effect)
        problems.extend(
            _("Question “%(key)s”: %(problem)s") % {"key": question.key, "problem": message}
            for message in messages
        )
    return problems
