from django.contrib import admin
from django.db import models

from dwarsverbinder.privacy.admin_mixins import AuditedModelAdmin

from .models import (
    Activity,
    FundingLine,
    Milestone,
    Project,
    ProjectLink,
    ProjectPartner,
    RegionalIssue,
)


@admin.register(RegionalIssue)
class RegionalIssueAdmin(AuditedModelAdmin):
    """The administrator keeps the ten issues and their descriptions (shown publicly at
    /vraagstukken/)."""

    list_display = ["number", "title", "slug"]
    fields = ["number", "title", "slug", "summary"]
    search_fields = ["title", "summary"]


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 1
    autocomplete_fields = ["organisation"]


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "due_on", "status", "reached_on", "note"]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["title", "start_date", "end_date", "description"]


class ProjectLinkInline(admin.TabularInline):
    model = ProjectLink
    extra = 0
    fields = ["kind", "title", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Project)
class ProjectAdmin(AuditedModelAdmin):
    list_display = ["name", "region", "status", "start_date", "end_date"]
    list_filter = ["status", "issues"]
    list_select_related = ["region"]
    search_fields = ["name"]
    inlines = [
        ProjectPartnerInline,
        FundingLineInline,
        MilestoneInline,
        ActivityInline,
        ProjectLinkInline,
    ]
    filter_horizontal = ["issues"]
