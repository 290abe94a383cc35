from django.contrib import admin

from dwarsverbinder.privacy.admin_mixins import AuditedModelAdmin

from .models import FundingLine, Project, ProjectPartner, RegionalIssue


@admin.register(RegionalIssue)
class RegionalIssueAdmin(AuditedModelAdmin):
    list_display = ["number", "title", "slug"]


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 1
    autocomplete_fields = ["organisation"]


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0


@admin.register(Project)
class ProjectAdmin(AuditedModelAdmin):
    list_display = ["name", "region", "status", "start_date", "end_date"]
    list_filter = ["status", "issues"]
    list_select_related = ["region"]
    search_fields = ["name"]
    inlines = [ProjectPartnerInline, FundingLineInline]
    filter_horizontal = ["issues"]
