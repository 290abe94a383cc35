"""Lock-out after repeated failed logins (django-axes hooks)."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def username_from_request(request, credentials=None) -> str:
    """The name typed on the login form (username or e-mail), normalised."""
    value = ""
    if credentials:
        value = credentials.get("login") or credentials.get("username") or ""
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("login", "")
    return value.strip().lower()


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """Tell a locked-out user when to try again, without saying whether the account exists."""
    retry_at = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    return render(
        request,
        "accounts/locked_out.html",
        {"retry_at": retry_at, "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
        status=429,
    )
