"""Background work of surveys: sending a round, and every morning the reminders and the
closing of rounds (08:30 Amsterdam time, after the follow-up work of the early morning).

Only a round's id goes through the queue; the tokens are made in the task itself, so they
are never stored in clear anywhere. One round is sent at a time (the lock): a round
started while another one is sending waits for it (the task is retried every
``SEND_RETRY_DELAY`` seconds). A worker that was stopped halfway leaves the round on
"sending"; the morning run queues it again, and ``sending.round_send`` continues where it
stopped. Start the worker with ``--flush-locks`` so that a crash leaves no lock behind
(docs/operations.md).
"""

from __future__ import annotations

from django.utils import timezone
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from dwarsverbinder.followup.tasks import local_crontab

from . import sending
from .constants import RoundStatus
from .models import Round

SEND_RETRIES = 240
SEND_RETRY_DELAY = 30


@db_task(retries=SEND_RETRIES, retry_delay=SEND_RETRY_DELAY)
@lock_task("surveys-round-send")
def round_send_task(round_id: int) -> dict[str, int]:
    return sending.round_send(round_id)


@db_periodic_task(local_crontab(hour="8", minute="30"))
@lock_task("surveys-rounds-daily")
def rounds_daily() -> dict[str, int]:
    counts = sending.rounds_daily(today=timezone.localdate())
    # Rounds left on "sending" by a worker that stopped: continue them. A round that is
    # being sent right now is not harmed: its second task finds it open and does nothing.
    stuck = list(Round.objects.filter(status=RoundStatus.SENDING).values_list("id", flat=True))
    for round_id in stuck:
        round_send_task(round_id)
    counts["resumed"] = len(stuck)
    return counts
