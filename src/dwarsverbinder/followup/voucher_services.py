"""Writes of education vouchers (the Rivierenland onderwijsvoucher): issue, redeem, withdraw.

A coach issues a voucher to a young person they can see; the young person takes its code to
any school, which redeems it when they enrol. Every write is atomic and audited with the
young person's id. Errors are ValidationErrors keyed by form field, in the user's language.
"""

from __future__ import annotations

import datetime
import re
import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dwarsverbinder.network.constants import OrganisationKind
from dwarsverbinder.network.models import Organisation
from dwarsverbinder.people.models import Person
from dwarsverbinder.people.selectors import people_visible_to
from dwarsverbinder.privacy import audit

from .constants import VoucherStatus
from .models import Voucher

# No 0/O, 1/I/L: a code is read aloud, written down and typed over at a school's desk.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_ATTEMPTS = 10


def _today() -> datetime.date:
    return timezone.localdate()


def generate_code() -> str:
    """Eight random characters from an unambiguous alphabet, grouped: K7PX-3MQ9."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(typed: str) -> str:
    """What was typed (any case, spaces or dashes anywhere) in the stored form."""
    raw = re.sub(r"[\s\-_.]+", "", typed or "").upper()
    if len(raw) != CODE_LENGTH:
        return raw
    return f"{raw[:4]}-{raw[4:]}"


def _acting_organisation(by) -> Organisation | None:
    membership = getattr(by, "active_membership", None)
    return membership.organisation if membership is not None else None


@transaction.atomic
def voucher_issue(
    *,
    person: Person,
    organisation: Organisation,
    by,
    description: str,
    valid_until: datetime.date,
    value_eur: Decimal | None = None,
) -> Voucher:
    """Issue a voucher for ``person`` on behalf of ``organisation`` (where ``by`` acts)."""
    acting = _acting_organisation(by)
    if acting is None or acting.pk != organisation.pk:
        raise PermissionDenied
    if not people_visible_to(user=by).filter(pk=person.pk).exists():
        raise PermissionDenied
    today = _today()
    errors = {}
    if not (description or "").strip():
        errors["description"] = _("Describe what the voucher is for.")
    if valid_until is None or valid_until <= today:
        errors["valid_until"] = _("A voucher must stay valid until a date after today.")
    if value_eur is not None and value_eur <= 0:
        errors["value_eur"] = _("The value must be more than zero, or left empty.")
    if errors:
        raise ValidationError(errors)
    voucher = Voucher(
        person=person,
        issued_by=organisation,
        issued_by_user=by,
        issued_on=today,
        description=description.strip(),
        value_eur=value_eur,
        valid_until=valid_until,
    )
    _save_with_unique_code(voucher)
    audit.log_change(actor=by, obj=voucher, before=None, person_id=person.pk)
    return voucher


def _save_with_unique_code(voucher: Voucher) -> None:
    """31^8 codes make a clash unlikely; the unique constraint settles a race anyway."""
    for _attempt in range(CODE_ATTEMPTS):
        voucher.code = generate_code()
        if Voucher.objects.filter(code=voucher.code).exists():
            continue
        voucher.full_clean()
        try:
            with transaction.atomic():
                voucher.save()
        except IntegrityError:
            voucher.pk = None
            continue
        return
    raise RuntimeError("No free voucher code found.")  # pragma: no cover


@transaction.atomic
def voucher_redeem(*, code: str, school: Organisation, by, on: datetime.date) -> Voucher:
    """Redeem the voucher with ``code`` at ``school`` on ``on``: the young person enrols."""
    if school.kind != OrganisationKind.SCHOOL:
        raise ValidationError({"code": _("Only a school can redeem an education voucher.")})
    acting = _acting_organisation(by)
    if acting is None or acting.pk != school.pk:
        raise PermissionDenied
    voucher = Voucher.objects.select_for_update().filter(code=normalise_code(code)).first()
    if voucher is None:
        raise ValidationError(
            {"code": _("No voucher has this code. Check the code and try again.")}
        )
    status = voucher.status_on(on)
    if status == VoucherStatus.REDEEMED:
        raise ValidationError(
            {
                "code": _("This voucher was already redeemed on %(date)s.")
                % {"date": date_format(voucher.redeemed_on, "SHORT_DATE_FORMAT")}
            }
        )
    if status == VoucherStatus.WITHDRAWN:
        raise ValidationError({"code": _("This voucher has been withdrawn and cannot be used.")})
    if status == VoucherStatus.EXPIRED:
        raise ValidationError(
            {
                "code": _("This voucher expired on %(date)s.")
                % {"date": date_format(voucher.valid_until, "SHORT_DATE_FORMAT")}
            }
        )
    if on < voucher.issued_on:
        raise ValidationError({"code": _("A voucher cannot be redeemed before it was issued.")})
    before = audit.snapshot(voucher)
    voucher.redeemed_on = on
    voucher.redeemed_at = school
    voucher.save(update_fields=["redeemed_on", "redeemed_at"])
    audit.log_change(actor=by, obj=voucher, before=before, person_id=voucher.person_id)
    return voucher


@transaction.atomic
def voucher_withdraw(*, voucher: Voucher, by, on: datetime.date | None = None) -> Voucher:
    """Withdraw an open voucher; only the issuing organisation can."""
    acting = _acting_organisation(by)
    if acting is None or acting.pk != voucher.issued_by_id:
        raise PermissionDenied
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    on = on or _today()
    status = voucher.status_on(on)
    if status != VoucherStatus.OPEN:
        messages = {
            VoucherStatus.REDEEMED: _("This voucher has already been redeemed."),
            VoucherStatus.WITHDRAWN: _("This voucher has already been withdrawn."),
            VoucherStatus.EXPIRED: _("This voucher has already expired."),
        }
        raise ValidationError(messages[status])
    before = audit.snapshot(voucher)
    voucher.withdrawn_on = on
    voucher.save(update_fields=["withdrawn_on"])
    audit.log_change(actor=by, obj=voucher, before=before, person_id=voucher.person_id)
    return voucher
