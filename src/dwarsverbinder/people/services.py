"""Writes to a young person's file. Every function validates, writes atomically and audits.

Errors are ValidationErrors keyed by field, in the user's language, so forms can show them
next to the field and keep what was typed.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.network.constants import OrganisationKind
from dwarsverbinder.privacy import audit

from .constants import EpisodeKind, IdentityKind, ProgrammeType, Source
from .models import ContactChannel, Identity, Person, SchoolCareer, StatusEpisode
from .pseudonyms import bsn_pseudonym

MBO = {ProgrammeType.MBO_BOL, ProgrammeType.MBO_BBL}
HIGHER = {ProgrammeType.HAVO, ProgrammeType.VWO, ProgrammeType.HBO, ProgrammeType.WO}


def startkwalificatie_for(*, programme_type: str, level: int | None, diploma: bool) -> bool:
    """A havo or vwo diploma, or an mbo diploma at level 2 or higher (and anything above)."""
    if not diploma:
        return False
    if programme_type in HIGHER:
        return True
    return programme_type in MBO and (level or 0) >= 2


def _today() -> datetime.date:
    return timezone.localdate()


def _check_birth_date(day: datetime.date) -> None:
    if day > _today():
        raise ValidationError({"date_of_birth": _("The date of birth lies in the future.")})
    if day.year < 1900:
        raise ValidationError({"date_of_birth": _("This date of birth is not plausible.")})


def _save(obj, *, by, person_id: int, before: dict | None) -> None:
    obj.full_clean()
    obj.save()
    audit.log_change(actor=by, obj=obj, before=before, person_id=person_id)


@transaction.atomic
def person_create(*, by, **fields: Any) -> Person:
    person = Person(**fields)
    _check_birth_date(person.date_of_birth)
    person.full_clean()
    person.save()
    audit.log_change(actor=by, obj=person, before=None, person_id=person.pk)
    return person


@transaction.atomic
def person_update(*, person: Person, by, **fields: Any) -> Person:
    before = audit.snapshot(person)
    for name, value in fields.items():
        setattr(person, name, value)
    _check_birth_date(person.date_of_birth)
    _save(person, by=by, person_id=person.pk, before=before)
    return person


@transaction.atomic
def identity_add_bsn(*, person: Person, bsn: str, by) -> Identity:
    """Store a BSN as its keyed pseudonym after the 11-proef; never the number itself."""
    try:
        pseudonym = bsn_pseudonym(bsn)
    except ValidationError as exc:
        raise ValidationError({"bsn": exc.messages}) from exc
    existing = Identity.objects.filter(kind=IdentityKind.BSN, value=pseudonym).first()
    if existing is not None:
        if existing.person_id == person.pk:
            return existing
        # Do not say whose it is: the user may not be allowed to see that person.
        raise ValidationError(
            {
                "bsn": _(
                    "This BSN is already recorded for another young person. "
                    "Ask the privacy officer to check for a duplicate."
                )
            }
        )
    if person.identities.filter(kind=IdentityKind.BSN).exists():
        raise ValidationError({"bsn": _("This young person already has a BSN.")})
    identity = Identity(person=person, kind=IdentityKind.BSN, value=pseudonym)
    _save(identity, by=by, person_id=person.pk, before=None)
    return identity


@transaction.atomic
def identity_add_student_number(*, person: Person, school, number: str, by) -> Identity:
    number = number.strip()
    if not number:
        raise ValidationError({"number": _("Fill in the student number.")})
    if school.kind != OrganisationKind.SCHOOL:
        raise ValidationError({"school": _("Student numbers are issued by schools.")})
    taken = Identity.objects.filter(
        kind=IdentityKind.STUDENT_NUMBER, organisation=school, value=number
    ).exclude(person=person)
    if taken.exists():
        raise ValidationError(
            {
                "number": _("This student number is already in use at %(school)s.")
                % {"school": school.name}
            }
        )
    identity, created = Identity.objects.get_or_create(
        person=person, kind=IdentityKind.STUDENT_NUMBER, organisation=school, value=number
    )
    if created:
        audit.log_change(actor=by, obj=identity, before=None, person_id=person.pk)
    return identity


def _check_career_dates(career: SchoolCareer) -> None:
    if career.leave_date and career.leave_date < career.start_date:
        raise ValidationError({"leave_date": _("The leave date lies before the start date.")})
    if career.start_date > _today() + datetime.timedelta(days=366):
        raise ValidationError({"start_date": _("The start date lies too far in the future.")})
    if career.leave_date and career.leave_date > _today() + datetime.timedelta(days=366):
        raise ValidationError({"leave_date": _("The leave date lies too far in the future.")})


@transaction.atomic
def school_career_save(*, career: SchoolCareer, by) -> SchoolCareer:
    """Create or change a school career; the startkwalificatie follows from the rules."""
    before = audit.snapshot(SchoolCareer.objects.get(pk=career.pk)) if career.pk else None
    _check_career_dates(career)
    if career.school.kind != OrganisationKind.SCHOOL:
        raise ValidationError({"school": _("Choose a school.")})
    career.startkwalificatie = startkwalificatie_for(
        programme_type=career.programme_type, level=career.level, diploma=career.diploma
    )
    _save(career, by=by, person_id=career.person_id, before=before)
    return career


def _check_episode(episode: StatusEpisode) -> None:
    errors: dict[str, str] = {}
    if episode.kind == EpisodeKind.ZORG and episode.note.strip():
        # Health details stay with the care partner: record that care is involved, not why.
        errors["note"] = _("Leave the note empty for care: record only that care is involved.")
    if episode.end_date and episode.end_date < episode.start_date:
        errors["end_date"] = _("The end date lies before the start date.")
    if episode.last_confirmed < episode.start_date:
        errors["last_confirmed"] = _("A period cannot be confirmed before it started.")
    if episode.start_date > _today():
        errors["start_date"] = _("The start date lies in the future.")
    if episode.last_confirmed > _today():
        errors["last_confirmed"] = _("The confirmation date lies in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def episode_record(
    *,
    person: Person,
    kind: str,
    start_date: datetime.date,
    by,
    end_date: datetime.date | None = None,
    last_confirmed: datetime.date | None = None,
    source: str = Source.COACH,
    note: str = "",
) -> StatusEpisode:
    """Record what a young person is doing from a date; confirmed today unless told."""
    episode = StatusEpisode(
        person=person,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        last_confirmed=last_confirmed or min(_today(), end_date or _today()),
        source=source,
        note=note,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if episode.last_confirmed < start_date:
        episode.last_confirmed = start_date
    _check_episode(episode)
    _save(episode, by=by, person_id=person.pk, before=None)
    return episode


@transaction.atomic
def episode_update(*, episode: StatusEpisode, by, **fields: Any) -> StatusEpisode:
    before = audit.snapshot(episode)
    for name, value in fields.items():
        setattr(episode, name, value)
    _check_episode(episode)
    _save(episode, by=by, person_id=episode.person_id, before=before)
    return episode


def episodes_confirm(*, person: Person, on: datetime.date, by) -> int:
    """A contact on ``on`` confirms every open episode that had started by then."""
    confirmed = 0
    for episode in person.episodes.filter(
        end_date__isnull=True, start_date__lte=on, last_confirmed__lt=on
    ):
        episode_update(episode=episode, by=by, last_confirmed=on)
        confirmed += 1
    return confirmed


@transaction.atomic
def contact_channel_add(
    *,
    person: Person,
    kind: str,
    value: str,
    source: str,
    by,
    label: str = "",
    confirmed_on: datetime.date | None = None,
) -> ContactChannel:
    value = value.strip()
    channel = person.contact_channels.filter(kind=kind, value__iexact=value).first()
    if channel is not None:
        # Known already: confirm it, and take the newer label and source.
        if label and channel.label != label or channel.source != source:
            before = audit.snapshot(channel)
            channel.label = label or channel.label
            channel.source = source
            _save(channel, by=by, person_id=person.pk, before=before)
        return contact_channel_confirm(channel=channel, on=confirmed_on or _today(), by=by)
    channel = ContactChannel(
        person=person,
        kind=kind,
        value=value,
        source=source,
        label=label,
        last_confirmed=confirmed_on,
    )
    _save(channel, by=by, person_id=person.pk, before=None)
    return channel


@transaction.atomic
def contact_channel_confirm(*, channel: ContactChannel, on: datetime.date, by) -> ContactChannel:
    before = audit.snapshot(channel)
    if channel.last_confirmed is None or channel.last_confirmed < on:
        channel.last_confirmed = on
    channel.is_active = True
    _save(channel, by=by, person_id=channel.person_id, before=before)
    return channel


@transaction.atomic
def contact_channel_retire(*, channel: ContactChannel, by) -> ContactChannel:
    """A number or address that no longer works is kept as history, not deleted."""
    before = audit.snapshot(channel)
    channel.is_active = False
    _save(channel, by=by, person_id=channel.person_id, before=before)
    return channel
