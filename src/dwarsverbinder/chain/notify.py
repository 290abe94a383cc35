"""Short notices by mail about handovers and consents. They name no young person: they
say that something happened and link to the page where a user with access reads it."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.models import Membership
from dwarsverbinder.followup.digest import site_url
from dwarsverbinder.utils.mail import mail_users, retry_failed

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


@db_task()
def notice_send(kind: str, user_ids: list[int], path: str, attempt: int = 1) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = str(SUBJECTS[kind]()), str(BODIES[kind]())
        body = f"{body}\n\n{site_url()}{path}\n"
    sent, failed = mail_users(user_ids=user_ids, subject=subject, body=body, what=kind)
    retry_failed(notice_send, failed, attempt=attempt, kind=kind, path=path)
    return sent
