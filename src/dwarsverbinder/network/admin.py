from django import forms
from django.contrib import admin

from dwarsverbinder.privacy.admin_mixins import AuditedModelAdmin

from .forms import OrganisationForm
from .models import Organisation, Region, Service, ServiceTheme, WorkingGroup


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "kind", "rmc_region", "labour_market_region"]
    list_filter = ["kind"]
    list_select_related = ["rmc_region", "labour_market_region"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    form = OrganisationForm
    list_display = ["name", "code", "kind", "brin_code", "municipality", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["municipality"]
    search_fields = ["name", "code", "brin_code"]
    filter_horizontal = ["regions"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(AuditedModelAdmin):
    list_display = ["name", "region", "project"]
    list_select_related = ["region", "project"]
    filter_horizontal = ["organisations", "members"]


class ServiceAdminForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        choices=ServiceTheme.choices, widget=forms.CheckboxSelectMultiple
    )
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Service
        fields = [
            "organisation",
            "slug",
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
            "waiting_updated_on",
            "accepting_new",
            "is_published",
        ]


@admin.register(Service)
class ServiceAdmin(AuditedModelAdmin):
    """The sociale kaart for administrators: every organisation's services."""

    form = ServiceAdminForm
    list_display = [
        "name",
        "organisation",
        "municipality",
        "waiting_days",
        "waiting_updated_on",
        "accepting_new",
        "is_published",
    ]
    list_filter = ["is_published", "accepting_new", "organisation__kind"]
    list_select_related = ["organisation", "municipality"]
    search_fields = ["name", "slug", "organisation__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["regions"]
    readonly_fields = ["created_at", "updated_at"]
