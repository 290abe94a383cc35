"""Messages from employers through the public page (/werkgever/), and handling them.

Anyone may write without logging in: a company offers a place or asks for help. The
request is saved and a short notice goes out, after commit, by a background task:

- when the KvK number belongs to a registered employer, the request is linked to it and its
  current account owner gets the notice;
- otherwise the region's employer account managers get it (active memberships with the
  role ``employer_manager``; regional coordinators when there are none, so that nothing
  goes unread).

The visitor sees the same page whatever happened: nobody learns through the page whether a
KvK number is registered. The notice carries no copy of the message or of the sender's
details, only a link to the request in the inbox (login required).

The contact person's details are personal data: the audit log records that a request came
in or changed, never its contents.
"""

from __future__ import annotations

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.models import Membership
from dwarsverbinder.followup.digest import site_url
from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction
from dwarsverbinder.utils.dates import add_months
from dwarsverbinder.utils.mail import mail_users, retry_failed

from .constants import RequestKind, RequestStatus
from .models import AccountOwner, Employer, EmployerRequest
from .validators import normalise_kvk, normalise_postcode

logger = logging.getLogger(__name__)

# The name under which the public page appears in the audit log: nobody is logged in.
AUDIT_ACTOR = "werkgeverspagina"
# What the thank-you page promises: someone answers within this many working days.
REPLY_WORKING_DAYS = 5
# One hour: the window of the rate limit per client address.
WINDOW_SECONDS = 3600


def requests_per_address_hour() -> int:
    """DWV_EMPLOYER_REQUESTS_PER_IP_HOUR: messages per client address per hour (default 5)."""
    return settings.EMPLOYER_REQUESTS_PER_IP_HOUR


def address_allows(ip_address: str | None) -> bool:
    """Count one message from this address; False once it sent more than the limit in the
    current one-hour window. The address itself is not kept, only a hash in the cache."""
    if not ip_address:
        return True
    key = "employers:request:" + hashlib.sha256(ip_address.encode()).hexdigest()[:32]
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= requests_per_address_hour()


# --- Receiving ------------------------------------------------------------------------------


def _employer_for(kvk_number: str) -> Employer | None:
    if not kvk_number:
        return None
    return Employer.objects.filter(kvk_number=kvk_number).first()


def current_account_owner(employer: Employer) -> AccountOwner | None:
    return (
        AccountOwner.objects.filter(employer=employer, until__isnull=True)
        .select_related("user", "organisation")
        .first()
    )


def region_receivers() -> list[int]:
    """The users who read requests that belong to no known employer: the employer account
    managers, or the regional coordinators when there are none."""
    for role in (Role.EMPLOYER_MANAGER, Role.COORDINATOR):
        ids = list(
            Membership.objects.filter(role=role, is_active=True, user__is_active=True)
            .exclude(user__email="")
            .order_by("user_id")
            .values_list("user_id", flat=True)
            .distinct()
        )
        if ids:
            return ids
    return []


def receivers_of(employer_request: EmployerRequest) -> list[int]:
    """The account owner of the linked employer; without one (or one who cannot be
    reached by mail), the region's receivers."""
    if employer_request.employer_id is not None:
        owner = current_account_owner(employer_request.employer)
        if owner is not None and owner.user.is_active and owner.user.email:
            return [owner.user_id]
    return region_receivers()


@transaction.atomic
def request_submit(
    *,
    kind: str,
    company: str,
    contact_name: str,
    email: str,
    message: str,
    kvk_number: str = "",
    phone: str = "",
    postcode: str = "",
    opening_kind: str = "",
) -> EmployerRequest:
    """Save a message from the public page and tell whoever should answer it.

    Raises ValidationError keyed by field (the form keeps what was typed); nothing is
    saved then."""
    kvk_number = normalise_kvk(kvk_number)
    employer_request = EmployerRequest(
        kind=kind,
        company=company.strip(),
        kvk_number=kvk_number,
        contact_name=contact_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        postcode=normalise_postcode(postcode) if postcode.strip() else "",
        opening_kind=opening_kind,
        message=message.strip(),
        employer=_employer_for(kvk_number),
    )
    employer_request.full_clean()
    employer_request.save()
    audit.log_event(
        actor=None,
        action=AuditAction.CREATE,
        obj=employer_request,
        username=AUDIT_ACTOR,
        detail={"kind": kind, "employer": employer_request.employer_id},
    )
    notify_later(employer_request=employer_request)
    return employer_request


# --- Handling -------------------------------------------------------------------------------


@transaction.atomic
def request_mark(*, employer_request: EmployerRequest, status: str, by) -> EmployerRequest:
    """Mark a request handled, not real (spam), or new again."""
    if status not in RequestStatus.values:
        raise ValidationError({"status": _("Choose handled, not a real request, or new.")})
    before = audit.snapshot(employer_request)
    employer_request.status = status
    employer_request.save(update_fields=["status"])
    audit.log_change(actor=by, obj=employer_request, before=before)
    return employer_request


@transaction.atomic
def requests_expire(*, today: datetime.date | None = None) -> int:
    """Delete handled and not-real requests received more than
    DWV_EMPLOYER_REQUEST_RETENTION_MONTHS ago (they hold an employer contact's name and
    e-mail); new ones stay until someone handles them. One audit row with the number."""
    today = today or timezone.localdate()
    limit = add_months(today, -settings.EMPLOYER_REQUEST_RETENTION_MONTHS)
    expired = EmployerRequest.objects.filter(
        status__in=(RequestStatus.HANDLED, RequestStatus.SPAM), created_at__date__lt=limit
    )
    count, _deleted = expired.delete()
    if count:
        audit.log_event(
            actor=None,
            action=AuditAction.RETENTION,
            object_type="employers.employerrequest",
            username=AUDIT_ACTOR,
            detail={"deleted": count, "received_before": limit.isoformat()},
        )
    return count


# --- The notice -----------------------------------------------------------------------------


def notify_later(*, employer_request: EmployerRequest) -> None:
    """Send the notice once the surrounding transaction has committed."""
    user_ids = receivers_of(employer_request)
    if not user_ids:
        logger.warning(
            "employer request without receivers", extra={"employer_request_id": employer_request.pk}
        )
        return
    linked = employer_request.employer_id is not None
    transaction.on_commit(
        lambda: request_notice_send(employer_request.pk, user_ids, employer_request.kind, linked)
    )


def _subject(kind: str) -> str:
    if kind == RequestKind.OFFER:
        return _("Dwarsverbinder: an employer offers a place")
    return _("Dwarsverbinder: an employer asks a question")


def _body(linked: bool, path: str) -> str:
    intro = (
        _("An employer you are account owner of sent a message through the employer page.")
        if linked
        else _("An employer sent a message through the employer page.")
    )
    ask = _("Please read it and answer within %(days)s working days. Log in to read it:") % {
        "days": REPLY_WORKING_DAYS
    }
    return f"{intro}\n{ask}\n\n{site_url()}{path}\n"


@db_task()
def request_notice_send(
    request_id: int, user_ids: list[int], kind: str, linked: bool, attempt: int = 1
) -> int:
    """Mail each receiver a link to the request; returns how many mails went out."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("employers:request_detail", args=[request_id])
        subject, body = _subject(kind), _body(linked, path)
    sent, failed = mail_users(
        user_ids=user_ids, subject=subject, body=body, what="employer request"
    )
    retry_failed(
        request_notice_send,
        failed,
        attempt=attempt,
        request_id=request_id,
        kind=kind,
        linked=linked,
    )
    return sent
