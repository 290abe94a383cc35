"""Changes to consents. A consent is recorded once and never edited; the only change is
its withdrawal, which ends at once the access that rested on it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.accounts.constants import CASEWORK_ROLES
from dwarsverbinder.utils.dates import add_months

from . import audit
from .constants import AuditAction, ConsentForm, ConsentPurpose, DataCategory
from .models import Consent

# How the audit log names the young person acting on My page (they have no account).
MY_PAGE_ACTOR = "my page"


def consent_text(*, organisation, categories, purpose: str = ConsentPurpose.HANDOVER) -> str:
    """The standard text the young person reads, in plain words (B1)."""
    labels = ", ".join(
        str(DataCategory(c).label).lower() for c in DataCategory.values if c in categories
    )
    return _(
        "I agree that %(organisation)s gets these details about me: %(labels)s. They get "
        "them for: %(purpose)s. I can take back this consent at any time, on My page or by "
        "telling my coach. Then %(organisation)s no longer sees these details."
    ) % {
        "organisation": organisation.name,
        "labels": labels,
        "purpose": str(ConsentPurpose(purpose).label).lower(),
    }


@transaction.atomic
def consent_record(
    *,
    person,
    receiving_organisation,
    categories,
    by,
    form: str,
    purpose: str = ConsentPurpose.HANDOVER,
    given_on: datetime.date | None = None,
    expires_on: datetime.date | None = None,
    text_shown: str = "",
) -> Consent:
    membership = getattr(by, "active_membership", None)
    if membership is None or membership.role not in CASEWORK_ROLES:
        raise PermissionDenied
    today = timezone.localdate()
    given_on = given_on or today
    expires_on = expires_on or add_months(given_on, settings.CONSENT_MONTHS)
    errors = {}
    chosen = [c for c in DataCategory.values if c in set(categories)]
    if not chosen:
        errors["categories"] = _("Choose at least one data category.")
    elif len(chosen) != len(set(categories)):
        errors["categories"] = _("Choose data categories from the list.")
    if given_on > today:
        errors["given_on"] = _("Consent cannot be given in the future.")
    if expires_on < given_on:
        errors["expires_on"] = _("The end date cannot be before the date it was given.")
    elif expires_on > add_months(given_on, 24):
        errors["expires_on"] = _("A consent is valid for two years at most; ask again then.")
    if form == ConsentForm.MY_PAGE or form not in ConsentForm.values:
        errors["form"] = _("Choose how the young person gave consent.")
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        receiving_organisation=receiving_organisation,
        categories=chosen,
        text_shown=text_shown
        or consent_text(organisation=receiving_organisation, categories=chosen, purpose=purpose),
        form=form,
        given_on=given_on,
        expires_on=expires_on,
        recorded_by=by,
        recorded_by_organisation=membership.organisation,
    )
    audit.log_change(actor=by, obj=consent, before=None, person_id=person.pk)
    return consent


def _survey_answers_remove(consent: Consent, *, by, who: str) -> None:
    """Survey answers rest on consent: taking it back removes the young person's answers
    to that organisation's rounds (what they already changed in the file, such as a
    confirmed phone number, stays: that rests on the file's own basis). The invitation
    stays completed: the young person answered, and is not asked again in that round."""
    from dwarsverbinder.surveys.models import Response

    responses = Response.objects.filter(
        invitation__person_id=consent.person_id,
        invitation__round__organisation_id=consent.receiving_organisation_id,
    )
    removed, _detail = responses.delete()
    if removed:
        audit.log_event(
            actor=by,
            action=AuditAction.DELETE,
            object_type="surveys.response",
            person_id=consent.person_id,
            username=who,
            detail={"survey_consent_withdrawn": consent.pk, "rows": removed},
        )


@transaction.atomic
def consent_withdraw(*, consent: Consent, via: str, by=None) -> Consent:
    """Withdraw a consent: by a coach who records it (``by``), or by the young person on
    My page (``by`` None). Access that rested on it ends at once; a handover whose very
    identity rested on it ends; the partners concerned get a notice."""
    from dwarsverbinder.chain import notify
    from dwarsverbinder.chain.constants import ACTIVE_STATUSES, HandoverStatus
    from dwarsverbinder.chain.models import Handover, HandoverStep

    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(
            _("This consent was already withdrawn on %(date)s.")
            % {"date": timezone.localtime(consent.withdrawn_at).strftime("%d-%m-%Y")}
        )
    if via not in ConsentForm.values:
        raise ValidationError({"withdrawn_via": _("Choose how the consent was withdrawn.")})
    before = audit.snapshot(consent)
    now = timezone.now()
    consent.withdrawn_at = now
    consent.withdrawn_by = by
    consent.withdrawn_via = via
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_via"])
    who = "" if by is not None else MY_PAGE_ACTOR
    audit.log_change(
        actor=by, obj=consent, before=before, person_id=consent.person_id, username=who
    )

    if consent.purpose == ConsentPurpose.SURVEY:
        _survey_answers_remove(consent, by=by, who=who)
    affected = list(
        Handover.objects.filter(shares__consent=consent, status__in=ACTIVE_STATUSES).distinct()
    )
    identity_on_consent = set(
        consent.shares.filter(category=DataCategory.IDENTITY).values_list("handover_id", flat=True)
    )
    ended = [h for h in affected if h.pk in identity_on_consent]
    today = timezone.localdate()
    for handover in ended:
        snap = audit.snapshot(handover)
        handover.status = HandoverStatus.CONSENT_WITHDRAWN
        handover.closed_on = today
        handover.due_on = None
        handover.save(update_fields=["status", "closed_on", "due_on", "updated_at"])
        HandoverStep.objects.create(handover=handover, status=handover.status, on=today, by=by)
        audit.log_change(
            actor=by, obj=handover, before=snap, person_id=handover.person_id, username=who
        )
    if affected:
        audit.log_event(
            actor=by,
            action=AuditAction.UPDATE,
            obj=consent,
            person_id=consent.person_id,
            username=who,
            detail={
                "consent_withdrawn": True,
                "handovers_limited": [h.pk for h in affected],
                "handovers_ended": [h.pk for h in ended],
            },
        )
    receivers = set(notify.receivers_of(consent.receiving_organisation_id))
    receivers |= {h.from_user_id for h in affected}
    receivers.add(consent.recorded_by_id)
    receivers.discard(getattr(by, "pk", None))
    from django.urls import reverse

    notify.notice_later(kind="consent_withdrawn", user_ids=receivers, path=reverse("chain:list"))
    return consent
