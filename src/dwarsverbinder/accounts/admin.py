from allauth.mfa.models import Authenticator
from axes import admin as axes_admin
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


# What the administration shows of the login libraries, and nothing more: lifting a
# lock-out and removing a lost authenticator are real tasks and are audited; groups and
# allauth's e-mail table are not used (roles are memberships; the e-mail is on the user).
def _replace_registration(model, admin_class) -> None:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    if admin_class is not None:
        admin.site.register(model, admin_class)


class AuthenticatorAdmin(AuditedModelAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False  # a user sets up their own second factor

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class AccessAttemptAdmin(AuditedModelAdmin, axes_admin.AccessAttemptAdmin):
    """Failed-login counters; deleting one lifts that lock-out (audited)."""


def tidy_admin_site() -> None:
    """Called from conf/urls.py, after every app registered its own admin classes."""
    from allauth.account.models import EmailAddress
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    _replace_registration(Group, None)
    _replace_registration(EmailAddress, None)
    _replace_registration(AccessFailureLog, None)
    _replace_registration(AccessLog, None)
    _replace_registration(Authenticator, AuthenticatorAdmin)
    _replace_registration(AccessAttempt, AccessAttemptAdmin)
