"""The employer register's background work. huey finds tasks in ``tasks.py`` modules, so
the mail tasks of the public page and of proposals are imported here; the daily job puts
placements recorded ahead of their start on the timeline once they have started."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task, lock_task

from dwarsverbinder.followup.tasks import local_crontab

from . import placements
from .notify import proposal_notice_send
from .public import request_notice_send

__all__ = ["placements_start_daily", "proposal_notice_send", "request_notice_send"]


@db_periodic_task(local_crontab(hour="6", minute="30"))
@lock_task("employers-placements-start")
def placements_start_daily() -> int:
    return placements.placements_start_due()
