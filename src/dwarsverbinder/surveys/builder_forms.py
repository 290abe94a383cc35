"""Forms of the questionnaire builder. They check the shape of what was typed (an option
per line, whole numbers); the rules live in ``authoring``, whose errors
``add_service_errors`` puts back beside the fields, so the page keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from .authoring import EFFECT_KINDS, KEY, QUESTION_FIELDS
from .constants import ConditionOperator, Effect, QuestionKind
from .models import Question, QuestionnaireVersion

OPTION_SEPARATOR = "|"


def parse_options(text: str) -> list[dict[str, str]]:
    """``value | Dutch label | English label``, one option per line (English optional);
    empty lines are skipped. Errors name the line."""
    options: list[dict[str, str]] = []
    errors: list[ValidationError] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(OPTION_SEPARATOR)]
        if len(parts) not in (2, 3):
            errors.append(
                ValidationError(
                    _(
                        "Line %(n)s: write value | Dutch label | English label, for example "
                        "work | Ik werk | I work."
                    ),
                    params={"n": number},
                )
            )
            continue
        value, label_nl, label_en = (*parts, "")[:3]
        if not KEY.match(value):
            errors.append(
                ValidationError(
                    _(
                        "Line %(n)s: the value “%(value)s” may only hold lower-case letters, "
                        "digits, - and _ (at most 40)."
                    ),
                    params={"n": number, "value": value},
                )
            )
        elif value in first_line:
            errors.append(
                ValidationError(
                    _("Line %(n)s: the value “%(value)s” is on line %(first)s already."),
                    params={"n": number, "value": value, "first": first_line[value]},
                )
            )
        if not label_nl:
            errors.append(
                ValidationError(_("Line %(n)s: the Dutch label is missing."), params={"n": number})
            )
        first_line.setdefault(value, number)
        options.append({"value": value, "label_nl": label_nl, "label_en": label_en})
    if errors:
        raise ValidationError(errors)
    return options


def options_as_text(options: list[dict[str, str]]) -> str:
    lines = []
    for option in options or []:
        parts = [option.get("value", ""), option.get("label_nl", "")]
        if option.get("label_en"):
            parts.append(option["label_en"])
        lines.append(f" {OPTION_SEPARATOR} ".join(parts))
    return "\n".join(lines)


def condition_value_as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's errors beside the fields they name, the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        for message in errors:
            form.add_error(target, message)


def _text(label, *, required: bool = False, max_length: int = 500, rows: int = 2, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class QuestionnaireForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = _text(
        _("Description"),
        max_length=2000,
        rows=3,
        help_text=_("For colleagues: what the questionnaire is for. Young people do not see it."),
    )


class IntroForm(forms.Form):
    intro_nl = _text(
        _("Introduction (Dutch)"),
        max_length=2000,
        rows=4,
        help_text=_("Shown above the first question. Short, plain sentences (language level B1)."),
    )
    intro_en = _text(
        _("Introduction (English)"),
        max_length=2000,
        rows=4,
        help_text=_("Leave empty to show the Dutch text to everyone."),
    )


class NewVersionForm(forms.Form):
    source = forms.TypedChoiceField(label=_("Start from"), coerce=int)

    def __init__(self, *args, sources: list[QuestionnaireVersion], **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = {version.pk: version for version in sources}
        self.fields["source"].choices = [
            (v.pk, f"{v.questionnaire.name} · {_('version')} {v.number} ({v.get_status_display()})")
            for v in sources
        ]


class QuestionForm(forms.Form):
    """The fields of one kind of question. ``earlier`` are the questions above it: the
    ones its condition can depend on."""

    kind = forms.ChoiceField(choices=QuestionKind.choices, widget=forms.HiddenInput)
    key = forms.CharField(
        label=_("Key"),
        max_length=40,
        help_text=_(
            "A short name for conditions and exports: lower-case letters, digits, - and _, "
            "for example new_phone. Unique in this version."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    text_nl = _text(
        _("Question (Dutch)"),
        required=True,
        help_text=_("Short, plain sentences (language level B1)."),
    )
    text_en = _text(_("Question (English)"), help_text=_("Leave empty to show the Dutch text."))
    help_nl = _text(_("Explanation (Dutch)"), help_text=_("Optional. Shown below the question."))
    help_en = _text(_("Explanation (English)"))
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    options = forms.CharField(
        label=_("Answer options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_(
            "One option per line: value | Dutch label | English label. For example: "
            "work | Ik werk | I work. The value is stored and used in conditions. "
            "At least two options are needed to publish."
        ),
    )
    scale_min = forms.IntegerField(label=_("Scale from"), min_value=0, max_value=100)
    scale_max = forms.IntegerField(label=_("Scale to"), min_value=0, max_value=100)
    scale_min_label_nl = forms.CharField(
        label=_("Label of the lowest (Dutch)"), max_length=60, required=False
    )
    scale_max_label_nl = forms.CharField(
        label=_("Label of the highest (Dutch)"), max_length=60, required=False
    )
    scale_min_label_en = forms.CharField(
        label=_("Label of the lowest (English)"), max_length=60, required=False
    )
    scale_max_label_en = forms.CharField(
        label=_("Label of the highest (English)"), max_length=60, required=False
    )
    condition_key = forms.ChoiceField(label=_("Show this question"), required=False)
    condition_operator = forms.ChoiceField(
        label=_("When the answer"),
        required=False,
        choices=[("", _("Not filled in")), *ConditionOperator.choices],
    )
    condition_value = forms.CharField(
        label=_("Answer"),
        required=False,
        max_length=500,
        help_text=_(
            "An option value (for example work), yes or no, or a number on the scale. "
            "For “is one of”, separate answers with commas."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    effect = forms.ChoiceField(
        label=_("Effect in the file"),
        required=False,
        help_text=_(
            "What the answer does in the young person's file, as in the standard check-in. "
            "Each effect once per version."
        ),
    )

    CHOICE_FIELDS = ("options",)
    SCALE_FIELDS = (
        "scale_min",
        "scale_max",
        "scale_min_label_nl",
        "scale_max_label_nl",
        "scale_min_label_en",
        "scale_max_label_en",
    )
    GROUPS = (
        (_("The question"), ("key", "text_nl", "text_en", "help_nl", "help_en", "required")),
        (_("Answer options"), CHOICE_FIELDS),
        (_("Scale"), SCALE_FIELDS),
        (_("Condition"), ("condition_key", "condition_operator", "condition_value")),
        (_("Effect"), ("effect",)),
    )

    def __init__(self, *args, kind: str, earlier: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["kind"].initial = kind
        if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            for name in self.CHOICE_FIELDS:
                del self.fields[name]
        if kind != QuestionKind.SCALE:
            for name in self.SCALE_FIELDS:
                del self.fields[name]
        self.fields["condition_key"].choices = [
            ("", _("Always")),
            *(
                (
                    q.key,
                    _("When question %(n)s (%(key)s) is answered")
                    % {"n": q.position, "key": q.key},
                )
                for q in earlier
            ),
        ]
        effects = [(e.value, e.label) for e in Effect if EFFECT_KINDS.get(e) == kind]
        if effects:
            self.fields["effect"].choices = [("", Effect.NONE.label), *effects]
        else:
            del self.fields["effect"]

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        initial = {name: getattr(question, name) for name in QUESTION_FIELDS}
        initial["options"] = options_as_text(question.options)
        initial["condition_value"] = condition_value_as_text(question.condition_value)
        return initial

    def clean_options(self) -> list[dict[str, str]]:
        return parse_options(self.cleaned_data.get("options", ""))

    def fieldsets(self) -> list[dict[str, Any]]:
        """The groups of fields this kind has, each with a legend and maybe a note."""
        notes = {
            "condition_key": _(
                "Show this question only after a certain answer to an earlier question. "
                "Leave it on “Always” to show it to everyone."
            )
        }
        return [
            {
                "legend": legend,
                "fields": [self[name] for name in names if name in self.fields],
                "note": notes.get(names[0], ""),
            }
            for legend, names in self.GROUPS
            if any(name in self.fields for name in names)
        ]

    def service_data(self) -> dict[str, Any]:
        """Every field of the question; those this kind lacks are empty."""
        data = self.cleaned_data
        result: dict[str, Any] = {name: data.get(name, "") for name in QUESTION_FIELDS}
        result["kind"] = self.kind
        result["required"] = bool(data.get("required"))
        result["options"] = data.get("options") or []
        result["scale_min"] = data.get("scale_min")
        result["scale_max"] = data.get("scale_max")
        result["condition_value"] = data.get("condition_value") or None
        return result
