"""Scheduled housekeeping that runs in the embedded default as well as at scale."""

from django.core.management import call_command
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from dwarsverbinder.followup.tasks import local_crontab


@db_periodic_task(crontab(hour="3", minute="15"))
@lock_task("clear-expired-sessions")
def clear_expired_sessions() -> None:
    """Remove expired sessions, so idle logins leave nothing behind."""
    call_command("clearsessions")


@db_periodic_task(local_crontab(hour="3", minute="30"))
@lock_task("privacy-retention-run")
def retention_daily() -> dict[str, int]:
    """Remove what is past its retention period (03:30 Amsterdam time, before the
    follow-up jobs of the morning)."""
    from .retention import retention_run

    return retention_run(today=timezone.localdate())
