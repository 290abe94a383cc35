"""Login links to My page: asking for one, sending it, and using it once.

The request page answers the same whatever happens here: nobody can find out through it
whether an address is known. Everything that differs (known or not, throttled or not,
sent or failed) stays on this side, and the link itself is sent by a background task, so
that the answer also takes about as long either way.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
import secrets
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Func, QuerySet, Value
from django.db.models.functions import Lower, Trim
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dwarsverbinder.people.constants import ChannelKind
from dwarsverbinder.people.models import ContactChannel
from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction
from dwarsverbinder.privacy.services import MY_PAGE_ACTOR

from . import sms
from .models import LoginLink

logger = logging.getLogger(__name__)

# The name under which My page appears in the audit log when nobody from an organisation
# acts: the young person themself.
AUDIT_ACTOR = MY_PAGE_ACTOR
# Only the young person's own channels: a parent's number does not open the child's page.
LINK_KINDS = (ChannelKind.EMAIL, ChannelKind.PHONE)
# At most this many links go out for one request (an address shared by brothers and
# sisters gives one link per person).
MAX_CHANNELS_PER_REQUEST = 5
# Characters people type in phone numbers that carry no meaning.
PHONE_NOISE = (" ", "-", "(", ")", ".", "/", "\u00a0")


def link_minutes() -> int:
    """DWV_MYPAGE_LINK_MINUTES: how long a login link works."""
    return int(getattr(settings, "MYPAGE_LINK_MINUTES", 15))


def links_per_hour() -> int:
    """DWV_MYPAGE_LINKS_PER_HOUR: at most this many links per channel per hour."""
    return int(getattr(settings, "MYPAGE_LINKS_PER_HOUR", 3))


def requests_per_address_hour() -> int:
    """DWV_MYPAGE_REQUESTS_PER_IP_HOUR: link requests from one IP address per hour."""
    return int(getattr(settings, "MYPAGE_REQUESTS_PER_IP_HOUR", 10))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- Normalising what people type -------------------------------------------------------


def normalise_email(value: str) -> str:
    return value.strip().lower()


def normalise_phone(value: str) -> str:
    """Digits only, with a Dutch number in its national form: "+31 6 1234 5678",
    "0031 (0)6-12345678" and "06 12345678" all become "0612345678". A foreign number
    keeps its country code: "+32 470 12 34 56" becomes "+32470123456"."""
    raw = value.strip()
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+"):
        international = digits
    elif digits.startswith("00"):
        international = digits[2:]
    else:
        return digits
    if international.startswith("31"):
        national = international[2:]
        return "0" + national.removeprefix("0")
    return "+" + international


def phone_e164(value: str) -> str:
    """The number in international form, as SMS gateways want it: "+31612345678"."""
    normalised = normalise_phone(value)
    if normalised.startswith("0"):
        return "+31" + normalised[1:]
    return normalised


def is_email(value: str) -> bool:
    return "@" in value


def phone_variants(normalised: str) -> list[str]:
    """The ways a stored number may be written, once spaces and dashes are gone."""
    if normalised.startswith("+"):
        return [normalised, "00" + normalised[1:]]
    national = normalised[1:] if normalised.startswith("0") else normalised
    return [
        normalised,
        f"+31{national}",
        f"0031{national}",
        f"+310{national}",
        f"00310{national}",
    ]


def _without_noise(field: str):
    expression = F(field)
    for character in PHONE_NOISE:
        expression = Func(expression, Value(character), Value(""), function="REPLACE")
    return expression


def channels_for(*, address: str) -> QuerySet[ContactChannel]:
    """The young people's own confirmed, active channels that match what was typed."""
    usable = ContactChannel.objects.filter(
        is_active=True, last_confirmed__isnull=False, kind__in=LINK_KINDS
    )
    if is_email(address):
        return (
            usable.filter(kind=ChannelKind.EMAIL)
            .alias(plain=Lower(Trim("value")))
            .filter(plain=normalise_email(address))
        )
    normalised = normalise_phone(address)
    if not normalised:
        return usable.none()
    return (
        usable.filter(kind=ChannelKind.PHONE)
        .alias(plain=_without_noise("value"))
        .filter(plain__in=phone_variants(normalised))
    )


# --- Asking for a link ------------------------------------------------------------------


def _address_allows(ip_address: str | None) -> bool:
    """A fixed one-hour window per client address, counted in the cache."""
    if not ip_address:
        return True
    key = "mypage:request:" + hashlib.sha256(ip_address.encode()).hexdigest()[:32]
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= requests_per_address_hour()


def link_request(*, address: str, ip_address: str | None, language: str) -> None:
    """Send a login link to every matching confirmed channel, unless throttled.

    Returns nothing on purpose: the caller shows the same page whatever happened.
    """
    if not _address_allows(ip_address):
        logger.info("my page link request throttled", extra={"reason": "client_address"})
        return
    ids = list(
        channels_for(address=address).values_list("id", flat=True)[:MAX_CHANNELS_PER_REQUEST]
    )
    from .tasks import login_link_send

    for channel_id in ids:
        transaction.on_commit(partial(login_link_send, channel_id, language))


@transaction.atomic
def link_create(
    *, channel: ContactChannel, now: datetime.datetime | None = None
) -> tuple[LoginLink, str] | None:
    """A new link for the channel's person: the link and its token (the only time the
    token exists in clear). None when the channel cannot receive one now (no longer
    active or confirmed, or it had its links for this hour)."""
    now = now or timezone.now()
    channel = (
        ContactChannel.objects.select_for_update()
        .filter(pk=channel.pk, is_active=True, last_confirmed__isnull=False, kind__in=LINK_KINDS)
        .first()
    )
    if channel is None:
        return None
    recent = LoginLink.objects.filter(
        channel=channel, created_at__gt=now - datetime.timedelta(hours=1)
    ).count()
    if recent >= links_per_hour():
        logger.info("my page link throttled", extra={"channel_id": channel.pk})
        return None
    token = secrets.token_urlsafe(32)
    link = LoginLink.objects.create(
        person_id=channel.person_id,
        channel=channel,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + datetime.timedelta(minutes=link_minutes()),
    )
    audit.log_event(
        actor=None,
        action=AuditAction.CREATE,
        obj=link,
        person_id=channel.person_id,
        detail={"sent_to": channel.kind},
        username=AUDIT_ACTOR,
    )
    return link, token


def link_url(token: str) -> str:
    from dwarsverbinder.followup.digest import site_url

    return site_url() + reverse("mypage:link", args=[token])


def _message(url: str) -> tuple[str, str, str]:
    """Subject and body of the e-mail, and the text message; in plain words (B1)."""
    minutes = link_minutes()
    subject = _("Your link to My page")
    body = _(
        "Hello,\n\n"
        "You asked for a link to My page of Dwarsverbinder. On My page you see what we "
        "know about you. You can also take back a consent there.\n\n"
        "Open My page with this link:\n%(url)s\n\n"
        "The link works once, for %(minutes)s minutes. After that, you can ask for a new "
        "link.\n\n"
        "Did you not ask for this link? Then you do not have to do anything.\n"
    ) % {"url": url, "minutes": minutes}
    text = _(
        "Your link to My page (Dwarsverbinder): %(url)s It works once, for %(minutes)s "
        "minutes. Did you not ask for it? Then you can ignore this message."
    ) % {"url": url, "minutes": minutes}
    return subject, body, text


def link_send(*, channel_id: int, language: str = "") -> bool:
    """Make a link for the channel and send it. True when it went out.

    A failure is logged with ids only and not retried: the young person can ask again,
    and a retry would only make another link.
    """
    channel = ContactChannel.objects.filter(pk=channel_id).first()
    created = link_create(channel=channel) if channel is not None else None
    if created is None:
        return False
    link, token = created
    with translation.override(language or settings.LANGUAGE_CODE):
        subject, body, text = _message(link_url(token))
    try:
        if channel.kind == ChannelKind.EMAIL:
            to = channel.value.strip()
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to]).send()
        else:
            sms.send_sms(to=phone_e164(channel.value), text=text)
    except (OSError, sms.SmsError) as exc:  # smtplib.SMTPException is an OSError
        logger.warning(
            "my page link not sent",
            extra={"link_id": link.pk, "channel_kind": channel.kind, "error": type(exc).__name__},
        )
        return False
    return True


# --- Using a link -----------------------------------------------------------------------


class LinkState:
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


class LinkNotUsableError(Exception):
    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


def link_state(link: LoginLink | None, now: datetime.datetime) -> str:
    if link is None:
        return LinkState.UNKNOWN
    if link.used_at is not None:
        return LinkState.USED
    if link.expires_at <= now:
        return LinkState.EXPIRED
    channel = link.channel
    if channel is None or not channel.is_active or channel.last_confirmed is None:
        # The address was retired after the link went out: it no longer opens the page.
        return LinkState.EXPIRED
    return LinkState.VALID


@transaction.atomic
def link_consume(*, token: str, now: datetime.datetime | None = None) -> LoginLink:
    """Use a link: it works once. Raises LinkNotUsableError(state) otherwise."""
    now = now or timezone.now()
    link = (
        # Lock the link row only: PostgreSQL cannot lock the nullable side of the join.
        LoginLink.objects.select_for_update(of=("self",))
        .select_related("channel")
        .filter(token_hash=hash_token(token))
        .first()
    )
    state = link_state(link, now)
    if state != LinkState.VALID:
        raise LinkNotUsableError(state)
    link.used_at = now
    link.save(update_fields=["used_at"])
    audit.log_event(
        actor=None,
        action=AuditAction.LOGIN,
        obj=link,
        person_id=link.person_id,
        username=AUDIT_ACTOR,
    )
    return link


def links_purge(*, now: datetime.datetime | None = None) -> int:
    """Remove links that ended more than a day ago; the audit log keeps that they were."""
    now = now or timezone.now()
    deleted, _counts = LoginLink.objects.filter(
        expires_at__lt=now - datetime.timedelta(days=1)
    ).delete()
    return deleted
