"""Scheduled handover work: the daily check for overdue steps, before the 07:00 digest."""

from __future__ import annotations

from django.utils import timezone
from huey.contrib.djhuey import db_periodic_task, lock_task

from dwarsverbinder.followup.tasks import local_crontab

from . import services


@db_periodic_task(local_crontab(hour="6", minute="15"))
@lock_task("chain-handover-overdue")
def handover_overdue_daily() -> dict[str, int]:
    return services.overdue_signal(today=timezone.localdate())
