"""Class mode: a coach or coordinator of a school shows a QR code in class; young people
open it on their own phone, say who they are with their student number and date of birth,
and answer the round's questionnaire there.

A class session works for two hours. Identifying is throttled per class session, network
address and browser, and a wrong try never says which of the two details was wrong.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import logging
import re
import secrets

import segno
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.network.constants import OrganisationKind
from dwarsverbinder.people.constants import IdentityKind
from dwarsverbinder.people.models import Identity
from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction

from .constants import InvitationChannel
from .models import ClassSession, Invitation, Round
from .respond import AUDIT_ACTOR, State, round_state
from .tokens import new_token

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: the code is read from a screen at the back of a class and typed over.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_ATTEMPTS = 10
SESSION_DURATION = datetime.timedelta(hours=2)
# Failed identifications allowed per class session, network address and browser within
# the window. A whole class usually shares one school network address, so the limit per
# address alone is higher: one typo-prone class must not lock itself out.
ATTEMPTS_PER_BROWSER = 10
ATTEMPTS_PER_ADDRESS = 60
ATTEMPT_WINDOW_SECONDS = 15 * 60


class IdentifyError(Exception):
    """Student number and date of birth do not match (on purpose, no detail)."""


class ThrottledError(Exception):
    """Too many failed tries; wait a while."""


def generate_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    return re.sub(r"[\s\-_.]+", "", typed or "").upper()[:20]


def school_may_use(round_: Round, school) -> bool:
    """A round meant for one school (``selection["school"]``) is only for that school."""
    chosen = (round_.selection or {}).get("school")
    return not chosen or str(chosen) == str(school.pk)


def rounds_for_class(*, school) -> list[Round]:
    """Open rounds a school may answer in class."""
    candidates = Round.objects.select_related("version__questionnaire", "organisation").filter(
        closes_on__gte=timezone.localdate()
    )
    return [r for r in candidates if round_state(r) == State.OPEN and school_may_use(r, school)]


@transaction.atomic
def class_session_open(*, round_: Round, school, by) -> ClassSession:
    """A new class session for ``round_`` at ``school``, working for two hours."""
    if school.kind != OrganisationKind.SCHOOL:
        raise ValidationError({"school": _("Only a school can answer a questionnaire in class.")})
    if round_state(round_) != State.OPEN or not school_may_use(round_, school):
        raise ValidationError({"round": _("This round is not open for answers now.")})
    expires_at = timezone.now() + SESSION_DURATION
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                session = ClassSession.objects.create(
                    round=round_,
                    school=school,
                    code=generate_code(),
                    opened_by=by,
                    expires_at=expires_at,
                )
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - 31^8 codes; ten collisions in a row do not happen
        raise RuntimeError("No free class session code found.")
    audit.log_event(actor=by, action=AuditAction.CREATE, obj=session)
    return session


def class_session_for_code(code: str) -> ClassSession | None:
    """The class session of a code, while it works; None for unknown or expired codes."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    session = (
        ClassSession.objects.select_related(
            "school", "round__organisation", "round__version__questionnaire"
        )
        .filter(code=code)
        .first()
    )
    if session is None or session.expires_at <= timezone.now():
        return None
    return session


def _key(*parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]
    return f"survey:class:{digest}"


def _count(key: str) -> int:
    return int(cache.get(key) or 0)


def _add(key: str) -> None:
    if cache.add(key, 1, timeout=ATTEMPT_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=ATTEMPT_WINDOW_SECONDS)


def _throttle_keys(session: ClassSession, ip_address: str, browser: str) -> list[tuple[str, int]]:
    address = _key(session.code, ip_address or "-")
    keys = [(address, ATTEMPTS_PER_ADDRESS)]
    if browser:
        keys.append((_key(session.code, ip_address or "-", browser), ATTEMPTS_PER_BROWSER))
    else:  # without a session cookie, the stricter limit applies to the address
        keys = [(address, ATTEMPTS_PER_BROWSER)]
    return keys


def _match(session: ClassSession, student_number: str, date_of_birth: datetime.date):
    number = (student_number or "").strip()
    if not number or date_of_birth is None:
        return None
    identity = (
        Identity.objects.select_related("person")
        .filter(
            kind=IdentityKind.STUDENT_NUMBER,
            organisation=session.school,
            # Phones like to change the case of what is typed.
            value__iexact=number,
            person__date_of_birth=date_of_birth,
        )
        .first()
    )
    return identity.person if identity is not None else None


def identify(
    *,
    session: ClassSession,
    student_number: str,
    date_of_birth: datetime.date,
    ip_address: str,
    browser: str,
) -> Invitation:
    """The young person's invitation for the session's round, found or made. Raises
    ThrottledError after too many failed tries and IdentifyError when nothing matches."""
    keys = _throttle_keys(session, ip_address, browser)
    if any(_count(key) >= limit for key, limit in keys):
        logger.info("class identification throttled", extra={"class_session_id": session.pk})
        raise ThrottledError
    person = _match(session, student_number, date_of_birth)
    if person is None:
        for key, _limit in keys:
            _add(key)
        logger.info("class identification failed", extra={"class_session_id": session.pk})
        raise IdentifyError
    invitation = invitation_for_class(session=session, person=person)
    audit.log_event(
        actor=None,
        username=AUDIT_ACTOR,
        action=AuditAction.LOGIN,
        obj=invitation,
        person_id=person.pk,
        detail={"via": "class", "class_session": session.pk},
    )
    return invitation


@transaction.atomic
def invitation_for_class(*, session: ClassSession, person) -> Invitation:
    """The person's invitation for the round: the existing one (sent by e-mail or SMS, or
    made in an earlier class) or a new one with channel "class"."""
    _token, token_hash = new_token()
    invitation, created = Invitation.objects.get_or_create(
        round=session.round,
        person=person,
        defaults={
            "token_hash": token_hash,
            "channel": InvitationChannel.CLASS,
            "sent_at": timezone.now(),
        },
    )
    if created:
        audit.log_event(
            actor=None,
            username=AUDIT_ACTOR,
            action=AuditAction.CREATE,
            obj=invitation,
            person_id=person.pk,
            detail={"via": "class", "class_session": session.pk},
        )
    return Invitation.objects.select_related(
        "round__organisation", "round__version__questionnaire"
    ).get(pk=invitation.pk)


def qr_svg(url: str, *, label: str) -> str:
    """The QR code of ``url`` as inline SVG that scales with its container."""
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(
        scale=1, border=4, dark="#000", light="#fff", omitsize=True, svgclass="dwv-qr"
    )
    return svg.replace(
        "<svg ", f'<svg role="img" aria-label="{html.escape(label)}" width="100%" ', 1
    )
