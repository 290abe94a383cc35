"""Login, logout and failed logins go to the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction

from .lockout import username_from_request


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.log_event(actor=user, action=AuditAction.LOGIN, obj=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.log_event(actor=user, action=AuditAction.LOGOUT, obj=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The typed name is kept (it is needed to spot attacks), never the password.
    audit.log_event(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        username=username_from_request(request, credentials),
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit.log_event(actor=None, action=AuditAction.LOCKED_OUT, username=(username or "")[:150])
