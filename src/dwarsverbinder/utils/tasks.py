"""The worker's heartbeat: lets /healthz tell whether background work is running."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, periodic_task

HEARTBEAT_KEY = "dwarsverbinder:heartbeat"


@periodic_task(crontab(minute="*"))
def heartbeat() -> str:
    """Every minute the scheduler records that it is alive, in the queue's own storage."""
    now = timezone.now().isoformat()
    HUEY.put(HEARTBEAT_KEY, now)
    return now


def last_heartbeat() -> str | None:
    """When the worker last ran its heartbeat, or None (never, or the queue is unreachable)."""
    try:
        return HUEY.get(HEARTBEAT_KEY, peek=True)
    except Exception:  # a queue outage must not break the health check
        return None
