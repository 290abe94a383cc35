"""Scheduled follow-up work: the follow-up schedules, the signals and the daily digest.

The queue runs with ``utc=True``, so huey hands the schedule a naive UTC time. The region
works in Amsterdam time, which moves between UTC+1 and UTC+2, so the schedules are written
in local time and converted (``local_crontab``): 06:00 stays 06:00 all year round.
Order in the morning: schedules 05:30, signals 06:00, digest 07:00.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from dwarsverbinder.people.models import Assignment, Person

from . import digest, signals
from .constants import TaskKind
from .models import Task
from .services import active_assignments, follow_up_schedule_ensure, last_leave_date

SCHEDULE_CHUNK_SIZE = 500


def local_crontab(**fields: str) -> Callable[[datetime.datetime], bool]:
    """A huey crontab read in settings.TIME_ZONE rather than in UTC."""
    matches = crontab(**fields)
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def validate(timestamp: datetime.datetime) -> bool:
        if timestamp.tzinfo is None:  # huey with utc=True: naive UTC
            timestamp = timestamp.replace(tzinfo=datetime.UTC)
        return matches(timestamp.astimezone(zone).replace(tzinfo=None))

    return validate


@db_periodic_task(local_crontab(hour="5", minute="30"))
@lock_task("followup-schedules-ensure")
def follow_up_schedules_daily() -> int:
    return follow_up_schedules_ensure()


@db_periodic_task(local_crontab(hour="6", minute="0"))
@lock_task("followup-signals-refresh")
def signals_refresh_daily() -> dict[str, int]:
    return signals.signals_refresh(today=timezone.localdate())


@db_periodic_task(local_crontab(hour="7", minute="0"))
@lock_task("followup-digest-send")
def digest_send_daily() -> dict[str, int]:
    return digest.digest_send(today=timezone.localdate())


def follow_up_schedules_ensure(*, chunk_size: int = SCHEDULE_CHUNK_SIZE) -> int:
    """Ensure the follow-up moments of everybody with an open assignment, a chunk of
    people at a time; people whose moments all exist are skipped without a query.

    Catches leave dates that arrived after the assignment started (imports, corrections).
    Returns the number of moments created.
    """
    months = set(settings.FOLLOW_UP_MONTHS)
    created = 0
    last_id = 0
    while True:
        ids = list(
            Assignment.objects.filter(ended_at__isnull=True, person_id__gt=last_id)
            .order_by("person_id")
            .values_list("person_id", flat=True)
            .distinct()[:chunk_size]
        )
        if not ids:
            return created
        existing: dict[tuple[int, int, datetime.date], set[int]] = defaultdict(set)
        for person_id, organisation_id, leave, month in Task.objects.filter(
            person_id__in=ids, kind=TaskKind.FOLLOW_UP
        ).values_list("person_id", "organisation_id", "leave_date", "months_after_leaving"):
            existing[(person_id, organisation_id, leave)].add(month)
        people = Person.objects.filter(id__in=ids).prefetch_related("school_careers", "assignments")
        for person in people:
            leave = last_leave_date(person)
            if leave is None:
                continue
            if all(
                months <= existing[(person.pk, assignment.organisation_id, leave)]
                for assignment in active_assignments(person)
            ):
                continue
            created += len(follow_up_schedule_ensure(person=person))
        last_id = ids[-1]
