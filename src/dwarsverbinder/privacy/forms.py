from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.network.constants import OrganisationKind
from dwarsverbinder.people.forms import DateInput, ServiceForm
from dwarsverbinder.people.pseudonyms import clean_bsn

from .constants import AuditAction, RequestKind, RequestStatus
from .models import ProcessingRecord, object_type_label
from .register import EDITABLE_FIELDS, article_error


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("User"), required=False, max_length=150)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *AuditAction.choices]
    )
    object_type = forms.ChoiceField(label=_("Record type"), required=False, choices=())
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    person_id = forms.IntegerField(label=_("Young person id"), required=False, min_value=1)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, object_types: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("All record types"))] + [
            (value, f"{object_type_label(value)} ({value})") for value in object_types
        ]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise ValidationError(_("The end date lies before the start date."))
        return data


# --- The processing register -------------------------------------------------------------


def _checkboxes(label, choices, help_text="") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


class RegisterEntryForm(forms.ModelForm):
    """One entry of the register. The model refuses a partner type that receives a
    category in a handover without being allowed to see it; the form adds that a public
    task or a legal obligation names its law and article."""

    roles = _checkboxes(_("Roles that may see it"), Role.choices)
    organisation_kinds = _checkboxes(_("Partner types that may see it"), OrganisationKind.choices)
    shared_without_consent_with = _checkboxes(
        _("Handed over without consent to"),
        OrganisationKind.choices,
        help_text=_(
            "Partner types to which a handover may carry this category on the legal basis "
            "above. To any other partner type it needs the young person's consent."
        ),
    )

    class Meta:
        model = ProcessingRecord
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "legal_article": forms.Textarea(attrs={"rows": 2}),
        }

    groups = (
        (_("Why and on what basis"), ("purpose", "legal_basis", "legal_article")),
        (_("How long"), ("retention_months", "retention_from")),
        (_("Who may see it"), ("roles", "organisation_kinds", "shared_without_consent_with")),
    )

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.groups]

    def clean(self):
        data = super().clean()
        problem = article_error(
            legal_basis=data.get("legal_basis") or "",
            legal_article=data.get("legal_article") or "",
        )
        if problem:
            self.add_error("legal_article", problem)
        return data


# --- Data subject requests ---------------------------------------------------------------


class RequestCreateForm(ServiceForm):
    """A new request. The young person is found by BSN, or by surname and date of birth;
    the form checks the shape (the 11-proef), the service does the finding."""

    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=20,
        help_text=_("Nine digits. Or leave it empty and fill in surname and date of birth."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    surname = forms.CharField(
        label=_("Surname"),
        required=False,
        max_length=200,
        help_text=_("Without tussenvoegsel, exactly as recorded."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    kind = forms.ChoiceField(label=_("Request"), choices=RequestKind.choices)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)
    details = forms.CharField(
        label=_("What is asked"),
        required=False,
        max_length=2000,
        help_text=_("For rectification: which details are wrong. No health details."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    groups = (
        (_("Who asks"), ("bsn", "surname", "date_of_birth")),
        (_("The request"), ("kind", "received_on", "details")),
    )

    def clean_bsn(self) -> str:
        value = self.cleaned_data.get("bsn", "").strip()
        return clean_bsn(value) if value else ""

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise ValidationError(_("A request cannot be received in the future."))
        return day

    def clean(self):
        data = super().clean()
        if "bsn" in self.errors or data.get("bsn"):
            return data
        surname = (data.get("surname") or "").strip()
        if not surname and not data.get("date_of_birth") and "date_of_birth" not in self.errors:
            self.add_error(
                "bsn", _("Fill in the BSN, or the surname and date of birth of the young person.")
            )
        elif not surname:
            self.add_error("surname", _("Fill in the surname too, or use the BSN."))
        elif not data.get("date_of_birth") and "date_of_birth" not in self.errors:
            self.add_error("date_of_birth", _("Fill in the date of birth too, or use the BSN."))
        return data


class RequestCloseForm(ServiceForm):
    """Closing a request: done or refused, with what was done or why not."""

    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[(RequestStatus.DONE, _("Done")), (RequestStatus.REFUSED, _("Refused"))],
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=2000,
        help_text=_(
            "What was done, or why the request is refused. The young person receives this "
            "answer. No health details."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, refuse_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if refuse_only:
            # An erasure is only done by removing the file (its own form): here it can
            # only be refused, so there is nothing to choose.
            self.fields["status"].choices = [(RequestStatus.REFUSED, _("Refused"))]
            self.fields["status"].initial = RequestStatus.REFUSED
            self.fields["status"].widget = forms.HiddenInput()


class ErasureConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked what will be removed. Remove this young person's file."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=2000,
        help_text=_("Optional: a note for the answer to the young person."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
