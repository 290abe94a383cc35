"""The forms of the funding page: a funding line, one year of it, a reporting date.

Amounts accept "12.500,00" as well as "12500.00" (localized text fields). The forms only
check the shape of what was typed; the rules (spending within the granted amount, a year in
the project's period, a report not due before the grant) are the services', whose errors
``add_service_errors`` puts beside the fields they name."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .constants import FundingSource
from .models import FundingLine, ReportingDate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AmountField(forms.DecimalField):
    """An amount in euros as people type it: "12.500,50", "12500,50", "12500.50" or
    "€ 12.500". A comma is the decimal sign when there is one; points before it group
    thousands."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
            elif value.count(".") > 1 or (
                "." in value and len(value.rsplit(".", 1)[1]) == 3 and value[0] != "-"
            ):
                value = value.replace(".", "")  # "12.500": grouped thousands
        return super().to_python(value)


def _amount(label, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return AmountField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=help_text,
    )


class FundingLineForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("Choose")), *FundingSource.choices]
    )
    funder = forms.CharField(
        label=_("Funder"),
        max_length=FundingLine._meta.get_field("funder").max_length,
        help_text=_(
            "The organisation that grants the money, e.g. DUO (RIF) or Provincie Gelderland."
        ),
    )
    amount_granted = _amount(
        _("Amount granted in euros"),
        required=False,
        help_text=_("The whole amount of the grant. Leave empty when it is not known."),
    )
    granted_on = forms.DateField(label=_("Granted on"), required=False, widget=DATE)
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the funder requires: co-financing, results, reports."),
    )


class FundingYearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    granted = _amount(_("Granted in this year (euros)"))
    spent = _amount(
        _("Spent in this year (euros)"),
        help_text=_("Not more than granted in this year."),
    )


class ReportingDateForm(forms.Form):
    description = forms.CharField(
        label=_("What is due"),
        max_length=ReportingDate._meta.get_field("description").max_length,
        help_text=_("E.g. interim report 2025, final report and accountability."),
    )
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    submitted_on = forms.DateField(
        label=_("Submitted on"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty until the report has been sent to the funder."),
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's errors beside the fields they name, the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)
