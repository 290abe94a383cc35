"""Mail about proposals. A notice never names the young person: it says which opening a
proposal is for and by which organisation, and links to the proposal page, where a user
with access reads the rest after logging in.

Who hears of a new proposal: the employer's current account owner; without one (or one
without a working e-mail address), the employer account managers of the organisation that
published the opening; otherwise nobody, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.models import Membership, User
from dwarsverbinder.followup.digest import site_url
from dwarsverbinder.utils.mail import mail_users, retry_failed

from .constants import ProposalStatus
from .models import AccountOwner, Proposal

ACCOUNT_OWNER = "account_owner"
EMPLOYER_MANAGERS = "employer_managers"
NOBODY = "nobody"


@dataclass(frozen=True)
class Notified:
    kind: str  # ACCOUNT_OWNER, EMPLOYER_MANAGERS or NOBODY
    count: int = 0


def _reachable(user_ids) -> list[int]:
    return list(
        User.objects.filter(id__in=list(user_ids), is_active=True)
        .exclude(email="")
        .values_list("id", flat=True)
    )


def proposal_receivers(proposal: Proposal) -> tuple[str, list[int]]:
    opening = proposal.opening
    owner = AccountOwner.objects.filter(employer_id=opening.employer_id, until__isnull=True).first()
    if owner is not None:
        ids = _reachable([owner.user_id])
        if ids:
            return ACCOUNT_OWNER, ids
    managers = Membership.objects.filter(
        organisation_id=opening.organisation_id, role=Role.EMPLOYER_MANAGER, is_active=True
    ).values_list("user_id", flat=True)
    ids = _reachable(managers)
    if ids:
        return EMPLOYER_MANAGERS, ids
    return NOBODY, []


def _later(kind: str, user_ids: list[int], proposal_id: int) -> None:
    transaction.on_commit(lambda: proposal_notice_send(kind, user_ids, proposal_id))


def proposal_made(proposal: Proposal) -> Notified:
    """Tell the employer side of a new proposal, once the transaction has committed."""
    kind, ids = proposal_receivers(proposal)
    if ids:
        _later("proposed", ids, proposal.pk)
    return Notified(kind, len(ids))


def proposal_moved(proposal: Proposal) -> None:
    """Tell the one who proposed that the employer side moved the proposal on."""
    ids = _reachable([proposal.proposed_by_id]) if proposal.proposed_by_id else []
    if ids:
        _later("moved", ids, proposal.pk)


def _message(kind: str, proposal: Proposal) -> tuple[str, str]:
    opening = proposal.opening
    values = {
        "title": opening.title,
        "employer": opening.employer.name,
        "organisation": proposal.organisation.name,
        "status": ProposalStatus(proposal.status).label,
    }
    if kind == "proposed":
        subject = _("Dwarsverbinder: a candidate for an opening of %(employer)s") % values
        body = (
            _(
                "%(organisation)s proposes a young person for the opening “%(title)s” of "
                "%(employer)s. Log in to read the proposal and why it fits, and to take the next "
                "step."
            )
            % values
        )
    else:
        subject = _("Dwarsverbinder: your proposal has a new status") % values
        body = (
            _("Your proposal for the opening “%(title)s” of %(employer)s is now: %(status)s.")
            % values
        )
    # A line break in an employer's name would make the mail header invalid.
    return " ".join(str(subject).split()), str(body)


@db_task()
def proposal_notice_send(kind: str, user_ids: list[int], proposal_id: int, attempt: int = 1) -> int:
    proposal = (
        Proposal.objects.select_related("opening__employer", "organisation")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(kind, proposal)
    path = reverse("employers:proposal_detail", args=[proposal.pk])
    body = f"{body}\n\n{site_url()}{path}\n"
    sent, failed = mail_users(user_ids=user_ids, subject=subject, body=body, what="proposal")
    retry_failed(proposal_notice_send, failed, attempt=attempt, kind=kind, proposal_id=proposal_id)
    return sent
