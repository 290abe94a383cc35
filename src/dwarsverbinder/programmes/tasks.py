"""Scheduled programmes work: the daily reminder of reports due to a funder, after the
07:00 digest (settings.REPORTING_REMINDER_DAYS before the date, once per reporting date)."""

from __future__ import annotations

from django.utils import timezone
from huey.contrib.djhuey import db_periodic_task, lock_task

from dwarsverbinder.followup.tasks import local_crontab

from . import funding


@db_periodic_task(local_crontab(hour="7", minute="15"))
@lock_task("programmes-reporting-reminders")
def reporting_reminders_daily() -> dict[str, int]:
    return funding.reporting_reminders_send(today=timezone.localdate())
