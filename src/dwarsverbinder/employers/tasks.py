"""The employer register's background work. huey finds tasks in ``tasks.py`` modules, so
the mail tasks of the public page and of proposals are imported here; the daily job puts
placements recorded ahead of their start on the timeline once they have started; the
nightly one removes handled requests from the public page after their retention time."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task, lock_task

from dwarsverbinder.followup.tasks import local_crontab

from . import placements, public
from .notify import proposal_notice_send
from .public import request_notice_send

__all__ = [
    "placements_start_daily",
    "proposal_notice_send",
    "request_notice_send",
    "requests_expire_daily",
]


@db_periodic_task(local_crontab(hour="6", minute="30"))
@lock_task("employers-placements-start")
def placements_start_daily() -> int:
    return placements.placements_start_due()


@db_periodic_task(local_crontab(hour="3", minute="45"))
@lock_task("employers-requests-expire")
def requests_expire_daily() -> int:
    return public.requests_expire()
