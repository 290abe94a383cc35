"""Scheduled housekeeping that runs in the embedded default as well as at scale."""

from django.core.management import call_command
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


@db_periodic_task(crontab(hour="3", minute="15"))
@lock_task("clear-expired-sessions")
def clear_expired_sessions() -> None:
    """Remove expired sessions, so idle logins leave nothing behind."""
    call_command("clearsessions")
