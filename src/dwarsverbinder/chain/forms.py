"""Forms for handovers and consents. Shape only; the rules (register, consent, steps)
live in the services, whose errors land back on the fields."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.network.models import Organisation, Service
from dwarsverbinder.people.forms import DateInput, ServiceForm
from dwarsverbinder.privacy.constants import ConsentForm, DataCategory

from .constants import DeclineReason, HandoverOutcome, HandoverReason, HandoverStatus, Urgency

# Partner types a young person is handed over to (not employers: that is a placement).
RECEIVING_KINDS = ("gemeente", "uwv", "zorg", "school", "overig")


def _partners(exclude_pk: int):
    return (
        Organisation.objects.filter(is_active=True, kind__in=RECEIVING_KINDS)
        .exclude(pk=exclude_pk)
        .order_by("name")
    )


class CategoryField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=DataCategory.choices, **kwargs)


class HandoverForm(ServiceForm):
    to_organisation = forms.ModelChoiceField(
        label=_("Hand over to"), queryset=Organisation.objects.none(), empty_label=_("Choose")
    )
    to_service = forms.ModelChoiceField(
        label=_("Service (optional)"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("No specific service"),
        help_text=_("A service of that organisation on the sociale kaart."),
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", ""), *HandoverReason.choices])
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, widget=forms.RadioSelect, initial="normal"
    )
    categories = CategoryField(
        label=_("Data that goes along"),
        help_text=_(
            "The identity always goes along. Each category needs a legal basis in the "
            "processing register or the young person's consent."
        ),
    )
    question = forms.CharField(
        label=_("Question for the partner"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What should the partner do? Short and factual, no health details."),
    )

    def __init__(self, *args, sender, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = _partners(sender.pk)
        self.fields["to_service"].queryset = (
            Service.objects.filter(is_published=True)
            .exclude(organisation=sender)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        self.fields["to_service"].label_from_instance = lambda s: f"{s.organisation} · {s.name}"
        self.fields["categories"].initial = [DataCategory.IDENTITY, DataCategory.CONTACT]


class ConsentRecordForm(ServiceForm):
    receiving_organisation = forms.ModelChoiceField(
        label=_("Consent for"), queryset=Organisation.objects.none(), empty_label=_("Choose")
    )
    categories = CategoryField(label=_("Which details"))
    form = forms.ChoiceField(
        label=_("How was consent given"),
        choices=[("", ""), *[c for c in ConsentForm.choices if c[0] != ConsentForm.MY_PAGE]],
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput)
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty for the standard period of 12 months."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_organisation"].queryset = _partners(organisation.pk)
        self.fields["given_on"].initial = timezone.localdate()
        self.fields["categories"].initial = [DataCategory.IDENTITY, DataCategory.CONTACT]


class WithdrawForm(forms.Form):
    via = forms.ChoiceField(
        label=_("How was it withdrawn"),
        choices=[c for c in ConsentForm.choices if c[0] != ConsentForm.MY_PAGE],
    )


# The fields each step asks for, besides the date.
STEP_FIELDS = {
    HandoverStatus.ACCEPTED: (),
    HandoverStatus.DECLINED: ("decline_reason",),
    HandoverStatus.WAITING: ("expected_first_contact_on",),
    HandoverStatus.FIRST_CONTACT: (),
    HandoverStatus.CLOSED: ("outcome",),
    HandoverStatus.CANCELLED: (),
}
STEP_BUTTONS = {
    HandoverStatus.ACCEPTED: _("Accept"),
    HandoverStatus.DECLINED: _("Decline"),
    HandoverStatus.WAITING: _("Put on the waiting list"),
    HandoverStatus.FIRST_CONTACT: _("First contact made"),
    HandoverStatus.CLOSED: _("Close with an outcome"),
    HandoverStatus.CANCELLED: _("Withdraw the handover"),
}


class StepForm(ServiceForm):
    to = forms.ChoiceField(choices=HandoverStatus.choices, widget=forms.HiddenInput)
    on = forms.DateField(label=_("Date"), widget=DateInput)
    decline_reason = forms.ChoiceField(
        label=_("Reason for declining"), choices=[("", ""), *DeclineReason.choices]
    )
    expected_first_contact_on = forms.DateField(label=_("Expected first contact"), widget=DateInput)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", ""), *HandoverOutcome.choices])

    def __init__(self, *args, step: str, **kwargs):
        kwargs.setdefault("prefix", f"step-{step}")
        super().__init__(*args, **kwargs)
        self.step = step
        self.button = STEP_BUTTONS[step]
        self.fields["to"].initial = step
        self.fields["on"].initial = timezone.localdate()
        for name in ("decline_reason", "expected_first_contact_on", "outcome"):
            if name not in STEP_FIELDS[step]:
                del self.fields[name]
