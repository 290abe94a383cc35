"""Forms of the sociale kaart: the public filter and the partner's own forms."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Service, ServiceTheme
from .selectors import kaart_municipalities


class ServiceFilterForm(forms.Form):
    """The filters of the public list (GET; nothing personal is sent)."""

    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=100)
    theme = forms.MultipleChoiceField(
        label=_("Topic"),
        choices=ServiceTheme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    age = forms.IntegerField(label=_("How old are you?"), required=False, min_value=0, max_value=99)
    municipality = forms.ModelChoiceField(
        label=_("Where do you live?"),
        queryset=kaart_municipalities(),
        to_field_name="code",
        required=False,
        empty_label=_("Whole region"),
    )
    accepting = forms.BooleanField(label=_("Only places that take new people"), required=False)

    def filters(self) -> dict:
        """The valid filters; a wrong value is left out (and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": (data.get("q") or "").strip(),
            "themes": data.get("theme") or [],
            "age": data.get("age"),
            "municipality": data.get("municipality"),
            "accepting_only": bool(data.get("accepting")),
        }


class ServiceForm(forms.ModelForm):
    """A partner's own service. The slug and the date of the waiting time are set for them."""

    themes = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=ServiceTheme.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one topic.")},
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=kaart_municipalities(),
        required=False,
        empty_label=_("Whole region"),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Also for these municipalities"),
        queryset=kaart_municipalities(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Service
        fields = [
            "name",
            "summary",
            "for_whom",
            "themes",
            "min_age",
            "max_age",
            "how_to_get_in",
            "phone",
            "email",
            "website",
            "address",
            "municipality",
            "regions",
            "waiting_days",
            "accepting_new",
            "is_published",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "for_whom": forms.Textarea(attrs={"rows": 3}),
            "how_to_get_in": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    FIELDSETS = (
        (
            _("What you offer"),
            ("name", "summary", "for_whom", "themes", "min_age", "max_age", "how_to_get_in"),
        ),
        (
            _("Contact and place"),
            ("phone", "email", "website", "address", "municipality", "regions"),
        ),
        (_("Waiting time and publishing"), ("waiting_days", "accepting_new", "is_published")),
    )

    def fieldsets(self) -> list:
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean(self):
        data = super().clean()
        # The model wants a date with every waiting time. The service sets today's date
        # when it saves; give the model check a provisional one so it does not complain
        # about a field the form does not show.
        if data.get("waiting_days") is not None and self.instance.waiting_updated_on is None:
            self.instance.waiting_updated_on = timezone.localdate()
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["themes"] = [code for code in ServiceTheme.values if code in data["themes"]]
        data["regions"] = list(data["regions"])
        return data


class WaitingForm(forms.Form):
    """The quick update of the waiting time, from the partner's list."""

    waiting_days = forms.IntegerField(
        label=_("Waiting time in days"),
        required=False,
        min_value=0,
        max_value=999,
        help_text=_("Leave empty if you do not know."),
    )
    accepting_new = forms.BooleanField(label=_("Takes new people"), required=False)
