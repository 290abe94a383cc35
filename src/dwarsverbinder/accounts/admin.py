from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from dwarsverbinder.privacy.admin_mixins import AuditedModelAdmin

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "email", "first_name", "last_name", "is_active"]
    search_fields = ["username", "email", "first_name", "last_name"]


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]
