"""Notices by mail to users, one mail per receiver, for the background tasks.

A mail that the SMTP server refuses or cannot take now is not lost and not sent twice: the
task is scheduled again for the receivers whose mail failed, and only for them, up to
``MAX_ATTEMPTS`` times, ``RETRY_MINUTES`` apart. No address or content is logged."""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_MINUTES = 10


def mail_users(*, user_ids: list[int], subject: str, body: str, what: str) -> tuple[int, list[int]]:
    """Send the mail to every active user of ``user_ids`` with an e-mail address: how many
    went out, and the ids whose mail failed."""
    receivers = (
        get_user_model()
        .objects.filter(id__in=user_ids, is_active=True)
        .exclude(email="")
        .values_list("id", "email")
    )
    sent, failed = 0, []
    for user_id, address in receivers:
        try:
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send()
        except (smtplib.SMTPException, OSError):
            logger.warning("notice mail failed", extra={"notice": what})
            failed.append(user_id)
        else:
            sent += 1
    return sent, failed


def retry_failed(task, failed: list[int], *, attempt: int, **kwargs) -> None:
    """Schedule ``task`` again for the receivers in ``failed`` (by keyword arguments, with
    ``user_ids`` and the next ``attempt``), unless this was the last attempt."""
    if not failed:
        return
    if attempt >= MAX_ATTEMPTS:
        logger.error("notice mail given up", extra={"receivers": len(failed)})
        return
    task.schedule(
        kwargs={**kwargs, "user_ids": failed, "attempt": attempt + 1},
        delay=datetime.timedelta(minutes=RETRY_MINUTES).total_seconds(),
    )
