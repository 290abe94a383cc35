from django.contrib import admin

from dwarsverbinder.privacy.admin_mixins import AuditedModelAdmin

from .forms import OrganisationForm
from .models import Organisation, Region, WorkingGroup


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
