"""Writes to the employer register: employers and their locations, SBB accreditations and
contact persons; the account owner; the shared contact log.

Every function checks the acting role, validates, writes atomically and audits (object
type ``employers.<model>``). Errors are ValidationErrors keyed by field, in the user's
language, so a form shows them next to the field and keeps what was typed, and the API
answers 400 with the same keys. Nothing is saved when anything is wrong.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.models import Membership
from dwarsverbinder.privacy import audit

from .models import AccountOwner, Accreditation, ContactPerson, Employer, EmployerContact, Location
from .permissions import REGISTER_KEEPERS, REGISTER_READERS
from .register_selectors import ACCOUNT_ROLES
from .validators import normalise_kvk, normalise_postcode

EMPLOYER_FIELDS = frozenset(
    {"name", "kvk_number", "sector", "size", "region", "website", "description", "is_active"}
)
LOCATION_FIELDS = frozenset({"name", "street", "postcode", "city", "is_main"})
ACCREDITATION_FIELDS = frozenset({"crebo", "programme_name", "level", "valid_from", "valid_until"})
CONTACT_PERSON_FIELDS = frozenset({"name", "job_title", "email", "phone", "is_active"})


def _today() -> datetime.date:
    return timezone.localdate()


def _membership(by, roles: frozenset[str]) -> Membership:
    membership = getattr(by, "active_membership", None)
    if membership is None or membership.role not in roles:
        raise PermissionDenied(_("Your role does not allow this in the employer register."))
    return membership


def _keeper(by) -> Membership:
    return _membership(by, REGISTER_KEEPERS)


def _reader(by) -> Membership:
    return _membership(by, REGISTER_READERS)


def _full_clean(obj: models.Model, errors: dict | None = None, **kwargs: Any) -> None:
    """The model's own checks plus ours, reported together so the user sees every
    problem at once."""
    found: dict[str, list] = {key: list(value) for key, value in (errors or {}).items()}
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        for key, messages in exc.error_dict.items():
            found.setdefault(key, []).extend(messages)
    if found:
        raise ValidationError(found)


def _set(obj: models.Model, fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, name, value)


def _save(obj: models.Model, *, by, before: dict | None) -> None:
    obj.save()
    audit.log_change(actor=by, obj=obj, before=before)


# -- employers ----------------------------------------------------------------------------


def _kvk_errors(employer: Employer) -> dict[str, list]:
    employer.kvk_number = normalise_kvk(employer.kvk_number)
    taken = Employer.objects.filter(kvk_number=employer.kvk_number).exclude(pk=employer.pk)
    if employer.kvk_number and taken.exists():
        message = _("An employer with this KvK number is already registered.")
        return {"kvk_number": [ValidationError(message, code="kvk_taken")]}
    return {}


@transaction.atomic
def employer_create(*, by, **fields: Any) -> Employer:
    _keeper(by)
    employer = Employer()
    _set(employer, fields, EMPLOYER_FIELDS)
    _full_clean(employer, _kvk_errors(employer), validate_unique=False)
    _save(employer, by=by, before=None)
    return employer


@transaction.atomic
def employer_update(*, employer: Employer, by, **fields: Any) -> Employer:
    _keeper(by)
    before = audit.snapshot(Employer.objects.get(pk=employer.pk))
    _set(employer, fields, EMPLOYER_FIELDS)
    _full_clean(employer, _kvk_errors(employer), validate_unique=False)
    _save(employer, by=by, before=before)
    return employer


# -- locations, accreditations, contact persons -------------------------------------------


def _before(obj: models.Model) -> dict | None:
    return audit.snapshot(type(obj).objects.get(pk=obj.pk)) if obj.pk else None


@transaction.atomic
def location_save(
    *, employer: Employer, by, location: Location | None = None, **fields: Any
) -> Location:
    """Add a location or change one. Making it the main location makes the others not."""
    _keeper(by)
    location = location or Location(employer=employer)
    if location.employer_id != employer.pk:
        raise PermissionDenied
    before = _before(location)
    _set(location, fields, LOCATION_FIELDS)
    location.postcode = normalise_postcode(location.postcode)
    _full_clean(location)
    _save(location, by=by, before=before)
    if location.is_main:
        for other in employer.locations.filter(is_main=True).exclude(pk=location.pk):
            other_before = audit.snapshot(other)
            other.is_main = False
            other.save(update_fields=["is_main"])
            audit.log_change(actor=by, obj=other, before=other_before)
    return location


@transaction.atomic
def accreditation_save(
    *, employer: Employer, by, accreditation: Accreditation | None = None, **fields: Any
) -> Accreditation:
    """Add an SBB accreditation (crebo, programme, from and until) or change one."""
    _keeper(by)
    accreditation = accreditation or Accreditation(employer=employer)
    if accreditation.employer_id != employer.pk:
        raise PermissionDenied
    before = _before(accreditation)
    _set(accreditation, fields, ACCREDITATION_FIELDS)
    errors = {}
    start, end = accreditation.valid_from, accreditation.valid_until
    if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
        errors["valid_until"] = [_("The end date lies before the start date.")]
    # The database constraint says the same; the message above is the one the user reads.
    _full_clean(accreditation, errors, validate_constraints=False)
    _save(accreditation, by=by, before=before)
    return accreditation


@transaction.atomic
def contact_person_save(
    *, employer: Employer, by, contact_person: ContactPerson | None = None, **fields: Any
) -> ContactPerson:
    _keeper(by)
    contact_person = contact_person or ContactPerson(employer=employer)
    if contact_person.employer_id != employer.pk:
        raise PermissionDenied
    before = _before(contact_person)
    _set(contact_person, fields, CONTACT_PERSON_FIELDS)
    contact_person.email = contact_person.email.lower()
    _full_clean(contact_person)
    _save(contact_person, by=by, before=before)
    return contact_person


@transaction.atomic
def contact_person_deactivate(*, contact_person: ContactPerson, by) -> ContactPerson:
    """The person is no longer the contact; kept, inactive, for the contact log."""
    _keeper(by)
    if not contact_person.is_active:
        return contact_person
    before = audit.snapshot(contact_person)
    contact_person.is_active = False
    contact_person.save(update_fields=["is_active"])
    audit.log_change(actor=by, obj=contact_person, before=before)
    return contact_person


# -- the account owner --------------------------------------------------------------------


def _current_owner(employer: Employer) -> AccountOwner | None:
    # Lock the employer so that two takes or hand-overs at once are handled in turn (on
    # PostgreSQL; SQLite writes one at a time anyway).
    Employer.objects.select_for_update().filter(pk=employer.pk).first()
    return (
        AccountOwner.objects.filter(employer=employer, until__isnull=True)
        .select_related("organisation", "user")
        .first()
    )


def _owner_label(owner: AccountOwner) -> str:
    return f"{owner.organisation} ({owner.user.get_full_name() or owner.user.get_username()})"


def _check_since(since: datetime.date, current: AccountOwner | None) -> dict[str, list]:
    if since > _today():
        return {"since": [_("The date lies in the future.")]}
    if current is not None and since < current.since:
        return {
            "since": [
                _("The current account owner started on %(date)s; hand over on or after it.")
                % {"date": current.since.strftime("%d-%m-%Y")}
            ]
        }
    return {}


def _create_owner(owner: AccountOwner, *, by, errors: dict) -> AccountOwner:
    _full_clean(owner, errors)
    try:
        with transaction.atomic():
            owner.save()
    except IntegrityError as exc:  # another hand-over won the race: the constraint holds
        raise ValidationError(
            {NON_FIELD_ERRORS: [_("This employer already has an account owner.")]}
        ) from exc
    audit.log_change(actor=by, obj=owner, before=None)
    return owner


@transaction.atomic
def account_take(*, employer: Employer, by, since: datetime.date | None = None) -> AccountOwner:
    """The acting keeper takes on the account for their own organisation. Refused while
    another party holds it: that one hands it over (``account_hand_over``)."""
    membership = _keeper(by)
    current = _current_owner(employer)
    if current is not None:
        if current.organisation_id == membership.organisation_id and current.user_id == by.pk:
            message = _("You already hold the account of this employer.")
        else:
            message = _(
                "This employer already has an account owner: %(owner)s. Ask them to hand "
                "the account over to you."
            ) % {"owner": _owner_label(current)}
        raise ValidationError({NON_FIELD_ERRORS: [ValidationError(message, code="has_owner")]})
    since = since or _today()
    owner = AccountOwner(
        employer=employer, organisation=membership.organisation, user=by, since=since
    )
    return _create_owner(owner, by=by, errors=_check_since(since, None))


def _hand_over_errors(*, organisation, user, current: AccountOwner | None) -> dict[str, list]:
    if organisation is None or user is None:
        return {"user": [_("Choose who takes on the account.")]}
    fits = Membership.objects.filter(
        user=user,
        organisation=organisation,
        is_active=True,
        user__is_active=True,
        role__in=ACCOUNT_ROLES,
    ).exists()
    if not fits:
        name = user.get_full_name() or user.get_username()
        return {
            "user": [
                _(
                    "%(user)s has no active role as employer account manager or regional "
                    "coordinator at %(organisation)s."
                )
                % {"user": name, "organisation": organisation}
            ]
        }
    if current and current.organisation_id == organisation.pk and current.user_id == user.pk:
        return {"user": [_("This person already holds the account.")]}
    return {}


@transaction.atomic
def account_hand_over(
    *, employer: Employer, organisation, user, by, since: datetime.date | None = None
) -> AccountOwner:
    """Hand the account to another organisation and account manager: the current owner's
    period ends on ``since`` (today by default) and the new one starts. Only the
    organisation that holds the account, or a regional coordinator, hands it over; with no
    owner yet, any keeper may assign one."""
    membership = _keeper(by)
    current = _current_owner(employer)
    if (
        current is not None
        and current.organisation_id != membership.organisation_id
        and membership.role != Role.COORDINATOR
    ):
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    _(
                        "Only %(organisation)s, which holds the account, or a regional "
                        "coordinator can hand it over."
                    )
                    % {"organisation": current.organisation}
                ]
            }
        )
    since = since or _today()
    errors = {**_hand_over_errors(organisation=organisation, user=user, current=current)}
    errors.update(_check_since(since, current))
    if errors:
        raise ValidationError(errors)
    if current is not None:
        before = audit.snapshot(current)
        current.until = since
        current.save(update_fields=["until"])
        audit.log_change(actor=by, obj=current, before=before)
    owner = AccountOwner(employer=employer, organisation=organisation, user=user, since=since)
    return _create_owner(owner, by=by, errors={})


# -- the contact log ----------------------------------------------------------------------


@transaction.atomic
def employer_contact_log(
    *,
    employer: Employer,
    by,
    date: datetime.date,
    channel: str,
    purpose: str,
    outcome: str,
    project=None,
    contact_person: ContactPerson | None = None,
    summary: str = "",
) -> EmployerContact:
    """Log an approach of an employer for the organisation the user acts for."""
    membership = _reader(by)
    errors: dict[str, list] = {}
    if isinstance(date, datetime.date) and date > _today():
        errors["date"] = [_("The date lies in the future.")]
    if contact_person is not None and contact_person.employer_id != employer.pk:
        errors["contact_person"] = [
            _("This person is not a contact person of %(employer)s.") % {"employer": employer}
        ]
    contact = EmployerContact(
        employer=employer,
        organisation=membership.organisation,
        user=by,
        project=project,
        contact_person=contact_person,
        date=date,
        channel=channel,
        purpose=purpose,
        outcome=outcome,
        summary=(summary or "").strip(),
    )
    _full_clean(contact, errors)
    _save(contact, by=by, before=None)
    return contact
