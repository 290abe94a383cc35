"""Admin pages of the employer register. Every save, inline row and deletion is audited
(``AuditedModelAdmin``). The pages under /werkgevers/ are where account managers keep the
register; the admin is for the administrator's corrections."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.privacy.admin_mixins import AuditedModelAdmin

from .models import (
    AccountOwner,
    Accreditation,
    ContactPerson,
    Employer,
    EmployerContact,
    EmployerRequest,
    Location,
    PostcodeArea,
)
from .validators import normalise_kvk, normalise_postcode


class EmployerAdminForm(forms.ModelForm):
    """Spaces and dots typed in a KvK number go before it is checked."""

    kvk_number = forms.CharField(
        label=_("KvK number"),
        max_length=20,
        help_text=_("The eight digits of the Chamber of Commerce registration."),
    )
    website = Employer._meta.get_field("website").formfield(assume_scheme="https")

    class Meta:
        model = Employer
        fields = [
            "name",
            "kvk_number",
            "sector",
            "size",
            "region",
            "website",
            "description",
            "is_active",
        ]

    def clean_kvk_number(self):
        return normalise_kvk(self.cleaned_data["kvk_number"])


class PostcodeForm(forms.ModelForm):
    def clean_postcode(self):
        return normalise_postcode(self.cleaned_data["postcode"])


class LocationInline(admin.TabularInline):
    model = Location
    form = PostcodeForm
    extra = 0


class AccreditationInline(admin.TabularInline):
    model = Accreditation
    extra = 0


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


class AccountOwnerInline(admin.TabularInline):
    model = AccountOwner
    extra = 0
    autocomplete_fields = ["organisation", "user"]


@admin.register(Employer)
class EmployerAdmin(AuditedModelAdmin):
    form = EmployerAdminForm
    list_display = ["name", "kvk_number", "sector", "size", "region", "is_active"]
    list_filter = ["sector", "size", "is_active"]
    list_select_related = ["region"]
    search_fields = ["name", "kvk_number"]
    autocomplete_fields = ["region"]
    inlines = [LocationInline, AccreditationInline, ContactPersonInline, AccountOwnerInline]


@admin.register(Location)
class LocationAdmin(AuditedModelAdmin):
    form = PostcodeForm
    list_display = ["employer", "name", "street", "postcode", "city", "is_main"]
    list_select_related = ["employer"]
    search_fields = ["employer__name", "city", "postcode"]
    autocomplete_fields = ["employer"]


@admin.register(Accreditation)
class AccreditationAdmin(AuditedModelAdmin):
    list_display = ["employer", "programme_name", "crebo", "level", "valid_from", "valid_until"]
    list_select_related = ["employer"]
    search_fields = ["employer__name", "programme_name", "crebo"]
    autocomplete_fields = ["employer"]


@admin.register(ContactPerson)
class ContactPersonAdmin(AuditedModelAdmin):
    list_display = ["name", "employer", "job_title", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["employer"]
    search_fields = ["name", "employer__name"]
    autocomplete_fields = ["employer"]


@admin.register(AccountOwner)
class AccountOwnerAdmin(AuditedModelAdmin):
    """One current owner per employer: the database constraint's message shows on the
    form when a second one is added."""

    list_display = ["employer", "organisation", "user", "since", "until"]
    list_select_related = ["employer", "organisation", "user"]
    search_fields = ["employer__name", "organisation__name", "user__username"]
    autocomplete_fields = ["employer", "organisation", "user"]


@admin.register(EmployerContact)
class EmployerContactAdmin(AuditedModelAdmin):
    list_display = ["employer", "date", "organisation", "project", "purpose", "outcome"]
    list_filter = ["purpose", "outcome", "channel"]
    list_select_related = ["employer", "organisation", "project"]
    search_fields = ["employer__name", "organisation__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["employer", "organisation", "user", "project", "contact_person"]


@admin.register(EmployerRequest)
class EmployerRequestAdmin(AuditedModelAdmin):
    list_display = ["company", "kind", "created_at", "status", "employer"]
    list_filter = ["kind", "status"]
    list_select_related = ["employer"]
    search_fields = ["company", "kvk_number"]
    autocomplete_fields = ["employer"]
    readonly_fields = ["created_at"]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(AuditedModelAdmin):
    list_display = ["pc4", "latitude", "longitude"]
    search_fields = ["pc4"]
