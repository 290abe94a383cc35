"""Sending a round: the invitations, the reminders, and closing rounds (background work).

``round_send`` runs in the worker (``tasks.round_send_task``), never in a page. It works in
chunks of ``CHUNK_SIZE`` people: one query picks their contact channels, one bulk insert
makes their invitations, one SMTP connection carries the chunk's e-mails, one update marks
what went out and moves the progress bar. The number of queries grows with the number of
chunks, not with the number of people.

A token exists in clear only in memory, for the message of its own chunk; the database
holds its SHA-256 hash (``tokens``). It is idempotent and resumable: ``sent_at`` is set
only after a message was handed over, so running it again after a crash or a failed
message sends to exactly those not reached yet. Their earlier token was never delivered,
so they get a new one. (A crash between the SMTP server accepting a chunk and the update
that records it can make that chunk go out twice; the earlier link then stops working.)

Reminders (``rounds_daily``, every morning) go to invitations not answered yet, each
reminder once, on the day set in ``Round.reminder_days`` or the first run after it. The
clear token of the invitation is gone by then, so a reminder carries a new link and the
old one stops working; the hash is replaced only after the reminder was handed over, so a
reminder that fails leaves the old link working and is tried again the next morning.

Messages are in Dutch, in plain words (B1). Nothing personal goes into the log: ids only.
"""

from __future__ import annotations

import datetime
import logging
import math
import secrets
import smtplib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dwarsverbinder.mypage.services import phone_e164
from dwarsverbinder.mypage.sms import SmsError, send_sms
from dwarsverbinder.people.constants import ChannelKind
from dwarsverbinder.people.models import ContactChannel
from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction

from .constants import InvitationChannel, RoundStatus
from .models import Invitation, Question, Round
from .rounds import (
    MESSAGE_CHANNELS,
    invitable_people,
    reachable,
    reachable_count,
    selection_people,
)
from .tokens import hash_token, new_token

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1000
MESSAGE_LANGUAGE = "nl"
# Roughly how many short questions take a minute, for "it takes about N minutes".
QUESTIONS_PER_MINUTE = 4


def invitation_url(token: str) -> str:
    from dwarsverbinder.followup.digest import site_url

    # The young person's page for a personal link (respond_urls.py): /vragenlijst/<token>/
    return site_url() + reverse("survey:respond_start", args=[token])


# --- Channels -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pick:
    """The contact channel a person's message goes to."""

    channel_id: int
    kind: str  # InvitationChannel.EMAIL or .SMS
    address: str


def pick_channels(person_ids: Iterable[int]) -> dict[int, Pick]:
    """Per person: their own active e-mail address that was confirmed to work (the most
    recently confirmed), else their own active phone number (confirmed ones first, the
    most recent first) for a text message. Parents' channels are never used. One query.
    People without either are missing from the result."""
    rows = ContactChannel.objects.filter(
        person_id__in=list(person_ids),
        is_active=True,
        kind__in=(ChannelKind.EMAIL, ChannelKind.PHONE),
    ).values_list("id", "person_id", "kind", "value", "last_confirmed")
    best: dict[int, tuple] = {}
    for channel_id, person_id, kind, value, confirmed in rows:
        if kind == ChannelKind.EMAIL and confirmed is None:
            continue
        # Higher is better: e-mail over phone, confirmed over not, recent over old.
        rank = (kind == ChannelKind.EMAIL, confirmed is not None, confirmed or datetime.date.min)
        key = (rank, channel_id)
        if person_id not in best or key > best[person_id][0]:
            best[person_id] = (key, channel_id, kind, value.strip())
    return {
        person_id: Pick(
            channel_id=channel_id,
            kind=InvitationChannel.EMAIL if kind == ChannelKind.EMAIL else InvitationChannel.SMS,
            address=value,
        )
        for person_id, (_key, channel_id, kind, value) in best.items()
    }


# --- Messages -----------------------------------------------------------------------------


class Texts:
    """The messages of one round, rendered once; each message only fills in its link.

    Rendering a template per message would cost more than sending it: the texts are
    rendered with a placeholder that cannot occur in them, then the link is put in.
    """

    def __init__(self, round: Round, *, reminder: bool) -> None:
        self.placeholder = "link" + secrets.token_hex(16)
        questions = Question.objects.filter(version_id=round.version_id).count()
        context = {
            "organisation": round.organisation.name,
            "minutes": max(1, math.ceil(questions / QUESTIONS_PER_MINUTE)),
            "closes_on": round.closes_on,
            "url": invitation_url(self.placeholder),
            "reminder": reminder,
        }
        with translation.override(MESSAGE_LANGUAGE):
            self.subject = (
                _("Reminder: how are you doing? A few short questions")
                if reminder
                else _("How are you doing? A few short questions")
            )
            self.text = render_to_string("surveys/email/invitation.txt", context)
            self.html = render_to_string("surveys/email/invitation.html", context)
            self.sms = render_to_string("surveys/email/invitation_sms.txt", context).strip()

    def email(self, *, to: str, token: str) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.text.replace(self.placeholder, token),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
        )
        message.attach_alternative(self.html.replace(self.placeholder, token), "text/html")
        return message

    def text_message(self, token: str) -> str:
        return self.sms.replace(self.placeholder, token)


@dataclass
class Outgoing:
    invitation: Invitation
    token: str
    pick: Pick


def deliver(outgoing: list[Outgoing], texts: Texts) -> list[Outgoing]:
    """Hand the messages over: e-mails over one SMTP connection, text messages through the
    SMS back-end. Returns those that went out; a failure is logged by id and skipped."""
    emails = [o for o in outgoing if o.pick.kind == InvitationChannel.EMAIL]
    done = _send_emails(emails, texts) if emails else []
    for item in outgoing:
        if item.pick.kind != InvitationChannel.SMS:
            continue
        try:
            send_sms(to=phone_e164(item.pick.address), text=texts.text_message(item.token))
        except SmsError as exc:
            _log_failure(item, exc)
            continue
        done.append(item)
    return done


def _send_emails(emails: list[Outgoing], texts: Texts) -> list[Outgoing]:
    done = []
    connection = get_connection()
    if not _open(connection):
        return done
    try:
        for item in emails:
            error = _send_one(connection, item, texts)
            if isinstance(error, smtplib.SMTPServerDisconnected):
                # The server hung up before this message (after the previous one): the
                # message did not go out, so it is tried once more on a new connection.
                if not _reopen(connection):
                    _log_failure(item, error)
                    break
                error = _send_one(connection, item, texts)
            if error is None:
                done.append(item)
                continue
            _log_failure(item, error)
            if _connection_lost(error) and not _reopen(connection):
                break  # the rest stay unsent and are tried again by the next run
    finally:
        connection.close()
    return done


def _send_one(connection, item: Outgoing, texts: Texts) -> OSError | None:
    message = texts.email(to=item.pick.address, token=item.token)
    message.connection = connection
    try:
        message.send()
    except OSError as exc:  # smtplib.SMTPException is an OSError
        return exc
    return None


def _open(connection) -> bool:
    try:
        connection.open()
    except OSError as exc:
        logger.warning("survey mail server unreachable", extra={"error": type(exc).__name__})
        return False
    return True


def _connection_lost(exc: OSError) -> bool:
    """A refused recipient or message leaves the connection usable; anything else not."""
    return isinstance(exc, smtplib.SMTPServerDisconnected) or not isinstance(
        exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused
    )


def _reopen(connection) -> bool:
    connection.close()
    return _open(connection)


def _log_failure(item: Outgoing, exc: Exception) -> None:
    # Ids only: the address, the number and the link are personal or secret.
    logger.warning(
        "survey invitation not sent",
        extra={
            "invitation_id": item.invitation.pk,
            "round_id": item.invitation.round_id,
            "channel": item.pick.kind,
            "error": type(exc).__name__,
        },
    )


# --- Sending a round ----------------------------------------------------------------------


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _still_sending(round_id: int) -> bool:
    return Round.objects.filter(pk=round_id, status=RoundStatus.SENDING).exists()


def round_send(round_id: int, *, chunk_size: int = CHUNK_SIZE) -> dict[str, int]:
    """Create and send the invitations of a round that is sending, then open it.

    First those invited earlier whose message did not go out (a failure, or a crash),
    then everyone the selection adds. Stops between chunks when the round was closed.
    Returns the numbers sent by e-mail and SMS, without a channel, and failed.
    """
    round = (
        Round.objects.select_related("organisation", "version")
        .filter(pk=round_id, status=RoundStatus.SENDING)
        .first()
    )
    if round is None:
        return {}
    base = invitable_people(round)
    leftovers = list(_unsent(round, base).order_by("id").values_list("id", flat=True))
    newcomers = list(selection_people(round, base=base).order_by("id"))
    _set_progress(round, base, leftover_ids=leftovers)
    texts = Texts(round, reminder=False)
    totals: Counter = Counter()
    for ids in _chunks(leftovers, chunk_size):
        if not _still_sending(round.pk):
            return dict(+totals)
        totals.update(_resend_chunk(round, ids, texts))
    for ids in _chunks(newcomers, chunk_size):
        if not _still_sending(round.pk):
            return dict(+totals)
        totals.update(_invite_chunk(round, ids, texts))
    Round.objects.filter(pk=round.pk, status=RoundStatus.SENDING).update(status=RoundStatus.OPEN)
    logger.info("survey round sent", extra={"round_id": round.pk, **totals})
    return dict(+totals)  # without the zeros


def _unsent(round: Round, base):
    """Invitations of the round whose message has not gone out (class ones never do), of
    people the round's organisation may still send questions to (``base``)."""
    return (
        Invitation.objects.filter(round=round, sent_at__isnull=True, completed_at__isnull=True)
        .filter(person_id__in=base.values("id"))
        .exclude(channel=InvitationChannel.CLASS)
    )


def _set_progress(round: Round, base, *, leftover_ids: list[int]) -> None:
    """The progress bar's numbers for this run: what went out already, plus everyone
    still to reach who has a channel (two counting queries)."""
    sent = Invitation.objects.filter(
        round=round, sent_at__isnull=False, channel__in=MESSAGE_CHANNELS
    ).count()
    to_reach = _unsent(round, base).filter(reachable("person_id")).count() if leftover_ids else 0
    to_reach += reachable_count(selection_people(round, base=base))
    Round.objects.filter(pk=round.pk).update(sent=sent, to_send=sent + to_reach)


def _invite_chunk(round: Round, person_ids: list[int], texts: Texts) -> Counter:
    picks = pick_channels(person_ids)
    invitations, outgoing = [], []
    for person_id in person_ids:
        token, token_hash = new_token()
        pick = picks.get(person_id)
        invitation = Invitation(
            round=round,
            person_id=person_id,
            token_hash=token_hash,
            channel=pick.kind if pick else InvitationChannel.NONE,
            contact_channel_id=pick.channel_id if pick else None,
        )
        invitations.append(invitation)
        if pick:
            outgoing.append(Outgoing(invitation, token, pick))
    with transaction.atomic():
        Invitation.objects.bulk_create(invitations, batch_size=len(invitations))
        _audit(round, person_ids, run="round_send")
    done = deliver(outgoing, texts)
    now = timezone.now()
    Invitation.objects.filter(id__in=[o.invitation.pk for o in done]).update(sent_at=now)
    _advance(round, len(done))
    return _tally(outgoing, done, none=len(invitations) - len(outgoing))


def _resend_chunk(round: Round, invitation_ids: list[int], texts: Texts) -> Counter:
    """Invitations made earlier whose message did not go out: each gets a new token (the
    old one was never delivered) and the channel that is best now."""
    invitations = list(Invitation.objects.filter(id__in=invitation_ids).order_by("id"))
    picks = pick_channels(i.person_id for i in invitations)
    outgoing = []
    for invitation in invitations:
        pick = picks.get(invitation.person_id)
        invitation.channel = pick.kind if pick else InvitationChannel.NONE
        invitation.contact_channel_id = pick.channel_id if pick else None
        if pick:
            token, invitation.token_hash = new_token()
            outgoing.append(Outgoing(invitation, token, pick))
    done = deliver(outgoing, texts)
    now = timezone.now()
    for item in done:
        item.invitation.sent_at = now
    with transaction.atomic():
        Invitation.objects.bulk_update(
            invitations, ["token_hash", "channel", "contact_channel", "sent_at"]
        )
        _audit(round, [i.person_id for i in invitations], run="round_send")
    _advance(round, len(done))
    return _tally(outgoing, done, none=len(invitations) - len(outgoing))


def _advance(round: Round, count: int) -> None:
    if count:
        Round.objects.filter(pk=round.pk).update(sent=F("sent") + count)


def _tally(outgoing: list[Outgoing], done: list[Outgoing], *, none: int) -> Counter:
    counts = Counter(str(item.pick.kind) for item in done)
    counts["none"] += none
    counts["failed"] += len(outgoing) - len(done)
    return counts


def _audit(round: Round, person_ids: list[int], *, run: str) -> None:
    """One audit row per chunk, naming every young person whose contact details were used
    (like a list page does)."""
    audit.log_event(
        actor=None,
        action=AuditAction.CREATE if run == "round_send" else AuditAction.UPDATE,
        object_type="surveys.invitation",
        detail={"run": run, "round": round.pk, "ids": list(person_ids), "count": len(person_ids)},
    )


# --- Every morning: reminders and closing -------------------------------------------------


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def rounds_daily(
    *,
    today: datetime.date,
    now: datetime.datetime | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> dict[str, int]:
    """Close the rounds whose closing date has passed, and send the reminders that are due
    in the open ones. Idempotent: a second run on the same day sends nothing."""
    closed = Round.objects.filter(
        status__in=(RoundStatus.OPEN, RoundStatus.SENDING), closes_on__lt=today
    ).update(status=RoundStatus.CLOSED)
    reminded: Counter = Counter()
    for round in (
        Round.objects.filter(status=RoundStatus.OPEN, starts_on__lte=today, closes_on__gte=today)
        .exclude(reminder_days=[])
        .select_related("organisation")
    ):
        reminded.update(
            round_remind(round, today=today, now=now or timezone.now(), chunk_size=chunk_size)
        )
    counts = {"closed": closed, "reminded": reminded["email"] + reminded["sms"]}
    counts["failed"] = reminded["failed"]
    if closed or counts["reminded"] or counts["failed"]:
        logger.info("survey rounds daily run", extra=counts)
    return counts


def round_remind(
    round: Round,
    *,
    today: datetime.date,
    now: datetime.datetime,
    chunk_size: int = CHUNK_SIZE,
) -> Counter:
    """Send each reminder that is due: reminder i (counting from 0) goes to invitations
    not answered yet, sent ``reminder_days[i]`` or more days ago, that had i reminders.
    Nobody gets more than one reminder on one day."""
    totals: Counter = Counter()
    texts = None
    for index, days in enumerate(sorted(round.reminder_days)):
        due = (
            Invitation.objects.filter(
                round=round,
                channel__in=MESSAGE_CHANNELS,
                completed_at__isnull=True,
                reminders_sent=index,
                sent_at__lt=_start_of(today - datetime.timedelta(days=days - 1)),
                person_id__in=invitable_people(round).values("id"),
            )
            .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=_start_of(today)))
            .order_by("id")
        )
        ids = list(due.values_list("id", flat=True))
        if ids and texts is None:
            texts = Texts(round, reminder=True)
        for chunk in _chunks(ids, chunk_size):
            totals.update(_remind_chunk(round, chunk, texts, number=index + 1, now=now))
    return totals


def _remind_chunk(
    round: Round, invitation_ids: list[int], texts: Texts, *, number: int, now: datetime.datetime
) -> Counter:
    invitations = list(Invitation.objects.filter(id__in=invitation_ids).order_by("id"))
    picks = pick_channels(i.person_id for i in invitations)
    outgoing = []
    for invitation in invitations:
        pick = picks.get(invitation.person_id)
        if pick is not None:
            token, _hash = new_token()
            outgoing.append(Outgoing(invitation, token, pick))
    done = deliver(outgoing, texts)
    for item in done:
        # Only now the old link stops working: a reminder that failed changed nothing.
        item.invitation.token_hash = hash_token(item.token)
        item.invitation.reminders_sent = number
        item.invitation.last_reminded_at = now
    if done:
        with transaction.atomic():
            Invitation.objects.bulk_update(
                [item.invitation for item in done],
                ["token_hash", "reminders_sent", "last_reminded_at"],
            )
            _audit(round, [item.invitation.person_id for item in done], run="round_remind")
    return _tally(outgoing, done, none=len(invitations) - len(outgoing))
