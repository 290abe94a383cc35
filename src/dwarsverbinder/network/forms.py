from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .constants import MunicipalFunction, OrganisationKind, SchoolSector
from .models import Organisation


class OrganisationForm(forms.ModelForm):
    """Sectors and municipal functions as checkboxes instead of raw JSON."""

    sectors = forms.MultipleChoiceField(
        label=_("school sectors"),
        choices=SchoolSector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    functions = forms.MultipleChoiceField(
        label=_("municipal functions"),
        choices=MunicipalFunction.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "code",
            "name",
            "kind",
            "sectors",
            "functions",
            "brin_code",
            "municipality",
            "regions",
            "website",
            "is_active",
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if data.get("sectors") and kind != OrganisationKind.SCHOOL:
            self.add_error("sectors", _("Only a school has school sectors."))
        if data.get("functions") and kind != OrganisationKind.MUNICIPALITY:
            self.add_error("functions", _("Only a municipality has municipal functions."))
        if data.get("brin_code") and kind != OrganisationKind.SCHOOL:
            self.add_error("brin_code", _("Only a school has a BRIN code."))
        return data

    def clean_brin_code(self) -> str:
        value = (self.cleaned_data.get("brin_code") or "").strip().upper()
        if (
            value
            and Organisation.objects.filter(brin_code=value).exclude(pk=self.instance.pk).exists()
        ):
            raise ValidationError(_("Another organisation already has this BRIN code."))
        return value
