from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from dwarsverbinder.privacy import audit
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

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, id)
        before = audit.snapshot(user) if user is not None else None
        response = super().user_change_password(request, id, form_url)
        if user is not None and request.method == "POST" and response.status_code == 302:
            user.refresh_from_db()
            audit.log_change(actor=request.user, obj=user, before=before)
        return response


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]
