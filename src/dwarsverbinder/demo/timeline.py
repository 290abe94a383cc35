"""The demo population's life after school: status episodes, contact details, contacts and
follow-up moments, so the file, caseload and signals have something to show.

Deterministic (seeded), written in bulk and only once: when any demo person already has a
status episode, nothing is added. Dates are drawn relative to each person's leave date and
to REFERENCE_DATE, the same fixed day the population is planned against.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from dwarsverbinder.accounts.models import User
from dwarsverbinder.followup.constants import (
    ContactChannelUsed,
    ContactOutcome,
    TaskKind,
    TaskStatus,
)
from dwarsverbinder.followup.models import Contact, Task
from dwarsverbinder.people.constants import ChannelKind, EpisodeKind, Source
from dwarsverbinder.people.models import (
    Assignment,
    ContactChannel,
    Person,
    SchoolCareer,
    StatusEpisode,
)
from dwarsverbinder.utils.dates import add_months

from .population import REFERENCE_DATE

# What leavers go on to do (weights), roughly as the PrO/VSO/mbo-2 figures suggest.
AFTER_SCHOOL = (
    (EpisodeKind.ONDERWIJS, 40),
    (EpisodeKind.WERK, 32),
    (EpisodeKind.DAGBESTEDING, 5),
    (EpisodeKind.UITKERING, 9),
    (EpisodeKind.GEEN, 7),
    (None, 7),  # nothing known: out of sight
)


def timeline_exists() -> bool:
    return StatusEpisode.objects.exists()


def create_timeline(*, seed: int, users: dict[str, User]) -> dict[str, int]:
    rng = random.Random(seed + 1)
    people = list(
        Person.objects.order_by("id").prefetch_related(
            Prefetch("school_careers", queryset=SchoolCareer.objects.order_by("start_date")),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(ended_at__isnull=True).order_by("id"),
            ),
        )
    )
    episodes = StatusEpisode.objects.bulk_create(
        (e for p in people for e in _episodes(p, rng)), batch_size=1000
    )
    channels = ContactChannel.objects.bulk_create(
        (c for p in people for c in _channels(p, rng)), batch_size=1000
    )
    by_username = {u.pk: u for u in users.values()}
    contacts = Contact.objects.bulk_create(
        (c for p in people for c in _contacts(p, rng, by_username)), batch_size=1000
    )
    tasks = Task.objects.bulk_create((t for p in people for t in _tasks(p)), batch_size=1000)
    return {
        "episodes": len(episodes),
        "contact_channels": len(channels),
        "contacts": len(contacts),
        "tasks": len(tasks),
    }


def _days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(low, high))


def _confirmed(rng: random.Random, start: datetime.date) -> datetime.date:
    """A last-confirmed date between the start and the reference date; some go stale."""
    latest = max(start, REFERENCE_DATE - _days(rng, 0, 300))
    return min(latest, REFERENCE_DATE)


def _episodes(person: Person, rng: random.Random) -> Iterator[StatusEpisode]:
    careers = list(person.school_careers.all())
    current = careers[-1] if careers else None
    if current is None:
        return
    if current.leave_date is None:
        yield StatusEpisode(
            person=person,
            kind=EpisodeKind.ONDERWIJS,
            start_date=current.start_date,
            last_confirmed=max(current.start_date, REFERENCE_DATE - _days(rng, 0, 60)),
            source=Source.SCHOOL,
        )
        return
    kinds, weights = zip(*AFTER_SCHOOL, strict=True)
    kind = rng.choices(kinds, weights=weights)[0]
    if kind is None:
        return
    start = current.leave_date + _days(rng, 1, 75)
    if start > REFERENCE_DATE:
        return
    end = None
    if rng.random() < 0.2 and (REFERENCE_DATE - start).days > 120:
        end = start + _days(rng, 60, (REFERENCE_DATE - start).days - 30)
    yield StatusEpisode(
        person=person,
        kind=kind,
        start_date=start,
        end_date=end,
        last_confirmed=min(end, _confirmed(rng, start)) if end else _confirmed(rng, start),
        source=rng.choice([Source.COACH, Source.SURVEY, Source.IMPORT, Source.UWV]),
    )
    if end is not None:
        follow = rng.choice([EpisodeKind.WERK, EpisodeKind.GEEN, EpisodeKind.UITKERING])
        next_start = end + datetime.timedelta(days=1)
        yield StatusEpisode(
            person=person,
            kind=follow,
            start_date=next_start,
            last_confirmed=_confirmed(rng, next_start),
            source=Source.COACH,
        )
    if rng.random() < 0.06:
        yield StatusEpisode(
            person=person,
            kind=EpisodeKind.ZORG,
            start_date=start,
            last_confirmed=_confirmed(rng, start),
            source=Source.PARTNER,
        )


def _channels(person: Person, rng: random.Random) -> Iterator[ContactChannel]:
    if rng.random() < 0.85:
        yield ContactChannel(
            person=person,
            kind=ChannelKind.PHONE,
            value=f"06{rng.randint(10000000, 99999999)}",
            source=rng.choice([Source.SCHOOL, Source.YOUNG_PERSON, Source.IMPORT]),
            last_confirmed=REFERENCE_DATE - _days(rng, 0, 400),
        )
    if rng.random() < 0.25:  # an old number that stopped working, kept as history
        yield ContactChannel(
            person=person,
            kind=ChannelKind.PHONE,
            value=f"06{rng.randint(10000000, 99999999)}",
            source=Source.SCHOOL,
            last_confirmed=REFERENCE_DATE - _days(rng, 400, 900),
            is_active=False,
        )
    if rng.random() < 0.5:
        local = f"{person.given_names.split()[0]}.{person.surname}".lower().replace(" ", "")
        yield ContactChannel(
            person=person,
            kind=ChannelKind.EMAIL,
            value=f"{local}@example.nl",
            source=Source.YOUNG_PERSON,
            last_confirmed=REFERENCE_DATE - _days(rng, 0, 500),
        )
    if (REFERENCE_DATE - person.date_of_birth).days < 18 * 365 and rng.random() < 0.6:
        yield ContactChannel(
            person=person,
            kind=ChannelKind.GUARDIAN_PHONE,
            value=f"06{rng.randint(10000000, 99999999)}",
            label="ouder",
            source=Source.SCHOOL,
            last_confirmed=REFERENCE_DATE - _days(rng, 0, 300),
        )


def _contacts(person: Person, rng: random.Random, users: dict[int, User]) -> Iterator[Contact]:
    for assignment in person.assignments.all():
        for _attempt in range(rng.randint(0, 3)):
            on = max(assignment.started_at, REFERENCE_DATE - _days(rng, 0, 240))
            yield Contact(
                person=person,
                organisation_id=assignment.organisation_id,
                by=users.get(assignment.coach_id),
                on=on,
                channel=rng.choice(list(ContactChannelUsed.values)),
                outcome=rng.choices(list(ContactOutcome.values), weights=[70, 20, 5, 5])[0],
            )


def _tasks(person: Person) -> Iterator[Task]:
    careers = list(person.school_careers.all())
    leave = careers[-1].leave_date if careers else None
    if leave is None:
        return
    for assignment in person.assignments.all():
        for months in settings.FOLLOW_UP_MONTHS:
            due = add_months(leave, months)
            with translation.override(settings.LANGUAGE_CODE):
                title = _("Follow-up %(months)s months after leaving school") % {"months": months}
            yield Task(
                person=person,
                organisation_id=assignment.organisation_id,
                assigned_to_id=assignment.coach_id,
                kind=TaskKind.FOLLOW_UP,
                title=title,
                due_date=due,
                leave_date=leave,
                months_after_leaving=months,
                status=TaskStatus.DONE
                if due < REFERENCE_DATE - datetime.timedelta(days=60)
                else TaskStatus.OPEN,
            )
