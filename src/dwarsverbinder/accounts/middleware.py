from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .constants import PERSONAL_DATA_ROLES
from .selectors import active_membership, memberships_of


class ActiveMembershipMiddleware:
    """Attach the membership the user acts in, as ``request.user.active_membership``, and all
    of the user's memberships as ``request.user.memberships_list``: loaded once per request
    for the 2FA check, the role switch in the header and the navigation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            user.memberships_list = list(memberships_of(user=user))
            user.active_membership = active_membership(
                user=user, session=request.session, memberships=user.memberships_list
            )
        return self.get_response(request)


# Pages a user without 2FA may still open: setting it up, logging out, language, static.
_MFA_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")


class RequireMFAMiddleware:
    """Send users whose roles see personal data to set up TOTP before anything else.

    allauth has no per-role setting for this; with DWV_REQUIRE_MFA off (local demo) it
    does nothing, and the login page says so.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.REQUIRE_MFA and self._needs_setup(request):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)

    @staticmethod
    def _needs_setup(request) -> bool:
        user = request.user
        if not user.is_authenticated or request.path.startswith(_MFA_EXEMPT_PREFIXES):
            return False
        from allauth.mfa.models import Authenticator

        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            return False
        memberships = getattr(user, "memberships_list", None)
        if memberships is None:
            memberships = list(memberships_of(user=user))
        return user.is_staff or any(m.role in PERSONAL_DATA_ROLES for m in memberships)
