from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Voucher
from .voucher_services import CODE_LENGTH, normalise_code


class VoucherIssueForm(forms.Form):
    description = forms.CharField(
        label=_("For"),
        max_length=Voucher._meta.get_field("description").max_length,
        help_text=_("The course or programme the young person can follow with it."),
    )
    value_eur = forms.DecimalField(
        label=_("Value in euros"),
        required=False,
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
        # localize: "250,00" as well as "250.00"; a text field, so the comma is allowed.
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("Leave empty when the voucher has no fixed amount."),
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The young person can come back to education with it until this date."),
    )


class VoucherRedeemForm(forms.Form):
    code = forms.CharField(
        label=_("Voucher code"),
        max_length=20,
        help_text=_("Eight letters and digits, for example K7PX-3MQ9."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code.replace("-", "")) != CODE_LENGTH:
            raise ValidationError(_("A voucher code has eight letters and digits."))
        return code


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's errors beside the fields they name, the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)
