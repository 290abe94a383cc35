"""Login, logout and failed logins go to the audit log."""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction

from .lockout import username_from_request


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.log_event(actor=user, action=AuditAction.LOGIN, obj=user)
    if request is not None and hasattr(request, "session"):
        # A login that just happened counts as a recent password check, so a user who must
        # set up 2FA straight after logging in is not asked for the password a second time.
        # allauth only counts explicit re-authentications; its usual time-out still applies.
        record_authentication(request, user, method="password", reauthenticated=True)


@receiver(authenticator_added)
def _authenticator_added(sender, request, user, authenticator, **kwargs):
    audit.log_event(actor=user, action=AuditAction.CREATE, obj=authenticator)


@receiver(authenticator_removed)
def _authenticator_removed(sender, request, user, authenticator, **kwargs):
    audit.log_event(
        actor=user,
        action=AuditAction.DELETE,
        object_type="mfa.authenticator",
        object_id=authenticator.pk or "",
    )


@receiver(authenticator_reset)
def _authenticator_reset(sender, request, user, authenticator, **kwargs):
    audit.log_event(actor=user, action=AuditAction.UPDATE, obj=authenticator)


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


@receiver(password_changed)
@receiver(password_set)
@receiver(password_reset)
def _password_changed(sender, request, user, **kwargs):
    audit.log_event(
        actor=user, action=AuditAction.UPDATE, obj=user, changes={"password": ["***", "***"]}
    )
