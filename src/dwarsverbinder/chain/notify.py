"""Short notices by mail about handovers and consents. They name no young person: they
say that something happened and link to the page where a user with access reads it."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.models import Membership, User
from dwarsverbinder.followup.digest import site_url

logger = logging.getLogger(__name__)

SUBJECTS = {
    "received": lambda: _("Dwarsverbinder: a handover was sent to your organisation"),
    "answered": lambda: _("Dwarsverbinder: your handover has a new step"),
    "overdue": lambda: _("Dwarsverbinder: a handover step is overdue"),
    "consent_withdrawn": lambda: _("Dwarsverbinder: a consent was withdrawn"),
}
BODIES = {
    "received": lambda: _(
        "A young person was handed over to your organisation. Please accept or decline the "
        "handover before its deadline."
    ),
    "answered": lambda: _("A handover you sent has moved on to a new step."),
    "overdue": lambda: _("The deadline of a handover step has passed."),
    "consent_withdrawn": lambda: _(
        "A young person withdrew a consent. The access and handovers that rested on it have "
        "ended. You no longer see the data it covered."
    ),
}


def receivers_of(organisation_id: int) -> list[int]:
    """The intake workers and coordinators of an organisation: who handles what comes in."""
    return list(
        Membership.objects.filter(
            organisation_id=organisation_id,
            role__in=[Role.INTAKE, Role.COORDINATOR],
            is_active=True,
        ).values_list("user_id", flat=True)
    )


def notice_later(*, kind: str, user_ids, path: str) -> None:
    """Send the notice once the surrounding transaction has committed."""
    ids = sorted({i for i in user_ids if i is not None})
    if ids:
        transaction.on_commit(lambda: notice_send(kind, ids, path))


@db_task(retries=2, retry_delay=60)
def notice_send(kind: str, user_ids: list[int], path: str) -> int:
    addresses = list(
        User.objects.filter(id__in=user_ids, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = str(SUBJECTS[kind]()), str(BODIES[kind]())
        body = f"{body}\n\n{site_url()}{path}\n"
    for address in addresses:
        try:
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send()
        except (smtplib.SMTPException, OSError):
            logger.warning("notice mail failed", extra={"kind": kind})
            continue
        sent += 1
    return sent
