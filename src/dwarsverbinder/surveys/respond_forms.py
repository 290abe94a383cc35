"""Forms of the young person's survey pages. The answer form only carries what was sent,
so the page can show it again; ``respond.answer_clean`` decides whether it is valid."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.people.forms import DateInput

from .constants import QuestionKind
from .models import Question
from .respond import DATE_FORMATS


class _ListField(forms.Field):
    """All the values sent under one name (checkboxes), unchecked."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        return [str(item) for item in value] if value else []


class AnswerForm(forms.Form):
    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        if question.kind == QuestionKind.MULTIPLE:
            self.fields["answer"] = _ListField(required=False)
        else:
            self.fields["answer"] = forms.CharField(required=False, strip=False)

    def raw(self):
        """What was sent, as it was typed (or the list of ticked values)."""
        self.is_valid()
        return self.cleaned_data.get("answer")

    def values(self) -> list[str]:
        """The value(s) to show as chosen or typed: what was just sent, or else the saved
        answer."""
        value = self["answer"].value()
        if value is None or value == "":
            return []
        if isinstance(value, list | tuple):
            return [str(item) for item in value]
        return [str(value)]


class ClassIdentifyForm(forms.Form):
    student_number = forms.CharField(
        label=_("Your student number"),
        max_length=64,
        help_text=_("You find it on your student card or in the school app."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Fill in your student number.")},
    )
    date_of_birth = forms.DateField(
        label=_("Your date of birth"),
        widget=DateInput(attrs={"autocomplete": "bday"}),
        input_formats=list(DATE_FORMATS),
        error_messages={
            "required": _("Fill in your date of birth."),
            "invalid": _("This is not a date. Fill in a date, for example 15-03-2008."),
        },
    )
