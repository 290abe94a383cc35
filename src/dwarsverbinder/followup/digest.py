"""The daily digest: one e-mail per coach with the number of new signals per kind.

Mail leaves the system, so it holds counts and a link to the caseload only: no names, no
dates of birth, nothing that identifies a young person. Who receives what:

- the coach of the open assignment at the signal's organisation;
- when that assignment has no coach, or there is no assignment (signals routed to the
  leerplicht/RMC municipality), the coordinators of the signal's organisation.

A signal is reported once: ``notified_at`` is set when a mail that counted it went out, so
a second run on the same day sends nothing.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.models import Membership, User
from dwarsverbinder.network.models import Organisation
from dwarsverbinder.people.models import Assignment
from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction

from .constants import SignalKind
from .models import Signal

logger = logging.getLogger(__name__)

CHUNK_SIZE = 2000
# Used until the project has a setting for its public address (DWV_SITE_URL, see
# docs): development serves on this address.
DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"
CASELOAD_PATH = "/volgen/"


@dataclass
class _Inbox:
    """What one user is told: counts per (organisation, kind) and the signals behind them."""

    counts: Counter = field(default_factory=Counter)
    signal_ids: set[int] = field(default_factory=set)

    def add(self, organisation_id: int, kind: str, signal_id: int) -> None:
        self.counts[(organisation_id, kind)] += 1
        self.signal_ids.add(signal_id)


def digest_send(*, today: datetime.date) -> dict[str, int]:
    """Send the digest for every signal not yet reported. Returns the numbers of mails
    sent and failed, and of signals reported."""
    inboxes = _collect(today=today)
    users = dict(
        User.objects.filter(id__in=inboxes, is_active=True)
        .exclude(email="")
        .values_list("id", "email")
    )
    names = dict(
        Organisation.objects.filter(
            id__in={org for inbox in inboxes.values() for org, _kind in inbox.counts}
        ).values_list("id", "name")
    )
    with translation.override(settings.LANGUAGE_CODE):
        outbox = [
            (user_id, inbox, _message(inbox, to=users[user_id], names=names, today=today))
            for user_id, inbox in inboxes.items()
            if user_id in users
        ]
    sent, failed, reported = 0, 0, set()
    if outbox:
        # One SMTP connection for the run. If the server cannot be reached at all, the
        # run fails before anything is marked, and tomorrow's run reports these signals.
        with get_connection() as connection:
            for user_id, inbox, message in outbox:
                message.connection = connection
                try:
                    message.send()
                except (smtplib.SMTPException, OSError):
                    # Logged by id only: the address is personal data.
                    logger.warning("digest mail failed", extra={"user_id": user_id})
                    failed += 1
                    continue
                sent += 1
                reported |= inbox.signal_ids
    _mark_reported(reported)
    counts = {"mails": sent, "failed": failed, "signals": len(reported)}
    audit.log_event(
        actor=None,
        action=AuditAction.UPDATE,
        object_type="followup.signal",
        detail={"run": "digest_send", "on": today.isoformat(), **counts},
    )
    return counts


def _collect(*, today: datetime.date) -> dict[int, _Inbox]:
    """User id -> inbox, for every open signal not yet reported."""
    inboxes: dict[int, _Inbox] = defaultdict(_Inbox)
    unassigned: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for chunk in _pending_chunks(today=today):
        coaches = {
            (person_id, organisation_id): coach_id
            for person_id, organisation_id, coach_id in Assignment.objects.filter(
                person_id__in={person_id for _id, person_id, _org, _kind in chunk},
                ended_at__isnull=True,
                coach__isnull=False,
            ).values_list("person_id", "organisation_id", "coach_id")
        }
        for signal_id, person_id, organisation_id, kind in chunk:
            coach_id = coaches.get((person_id, organisation_id))
            if coach_id is not None:
                inboxes[coach_id].add(organisation_id, kind, signal_id)
            else:
                unassigned[organisation_id].append((kind, signal_id))
    for user_id, organisation_id in Membership.objects.filter(
        role=Role.COORDINATOR,
        is_active=True,
        organisation__is_active=True,
        organisation_id__in=unassigned,
    ).values_list("user_id", "organisation_id"):
        for kind, signal_id in unassigned[organisation_id]:
            inboxes[user_id].add(organisation_id, kind, signal_id)
    return inboxes


def _pending_chunks(*, today: datetime.date) -> Iterator[list[tuple[int, int, int, str]]]:
    last_id = 0
    while True:
        rows = list(
            Signal.objects.filter(
                id__gt=last_id,
                resolved_on__isnull=True,
                notified_at__isnull=True,
                raised_on__lte=today,
            )
            .order_by("id")
            .values_list("id", "person_id", "organisation_id", "kind")[:CHUNK_SIZE]
        )
        if not rows:
            return
        yield rows
        last_id = rows[-1][0]


def _mark_reported(signal_ids: Iterable[int]) -> None:
    ids = sorted(signal_ids)
    now = timezone.now()
    for start in range(0, len(ids), CHUNK_SIZE):
        Signal.objects.filter(
            id__in=ids[start : start + CHUNK_SIZE], notified_at__isnull=True
        ).update(notified_at=now)


def _message(
    inbox: _Inbox, *, to: str, names: dict[int, str], today: datetime.date
) -> EmailMultiAlternatives:
    labels = dict(SignalKind.choices)
    order = {kind: index for index, kind in enumerate(SignalKind.values)}
    sections = []
    for organisation_id in sorted({org for org, _kind in inbox.counts}, key=names.get):
        rows = [
            {"label": str(labels[kind]), "count": count}
            for (org, kind), count in sorted(inbox.counts.items(), key=lambda i: order[i[0][1]])
            if org == organisation_id
        ]
        sections.append({"organisation": names[organisation_id], "rows": rows})
    total = sum(inbox.counts.values())
    context = {
        "sections": sections,
        "total": total,
        "today": today,
        "caseload_url": caseload_url(),
    }
    subject = ngettext(
        "Dwarsverbinder: %(count)s new signal", "Dwarsverbinder: %(count)s new signals", total
    ) % {"count": total}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("followup/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(render_to_string("followup/email/digest.html", context), "text/html")
    return message


def site_url() -> str:
    """The public address of the app, for links in mail.

    DWV_SITE_URL when set; otherwise the first concrete host of ALLOWED_HOSTS over https in
    production, and the development server elsewhere.
    """
    configured = settings.DWV_SITE_URL
    if configured:
        return configured.rstrip("/")
    if settings.PRODUCTION:
        hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")]
        if hosts:
            return f"https://{hosts[0]}"
    return DEVELOPMENT_SITE_URL


def caseload_url() -> str:
    try:
        path = reverse("followup:caseload")
    except NoReverseMatch:
        path = CASELOAD_PATH
    return site_url() + path
