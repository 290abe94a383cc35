"""What My page shows. The young person reads their own file here, so these reads do not go
through ``people_visible_to`` (which answers for staff); the person comes from the My page
session alone, and every record is reached through that person."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from dwarsverbinder.chain.models import Handover
from dwarsverbinder.followup.models import Contact
from dwarsverbinder.people.constants import IdentityKind
from dwarsverbinder.people.models import ContactChannel, Person, SchoolCareer, StatusEpisode
from dwarsverbinder.people.positions import covers
from dwarsverbinder.privacy.export import OPENED_LABELS, who_opened
from dwarsverbinder.privacy.models import Consent

from .models import LoginLink
from .services import hash_token, link_state


def link_for_token(*, token: str) -> tuple[LoginLink | None, str]:
    """The link behind a token and what state it is in (without using it)."""
    link = LoginLink.objects.select_related("channel").filter(token_hash=hash_token(token)).first()
    return link, link_state(link, timezone.now())


def consents_of(*, person: Person) -> QuerySet[Consent]:
    return Consent.objects.filter(person=person).select_related("receiving_organisation")


@dataclass
class Overview:
    person: Person
    bsn_recorded: bool
    channels: list[ContactChannel]
    careers: list[SchoolCareer]
    episodes: list[dict]
    contacts: list[Contact]
    consents: list[dict]
    handovers: list[Handover]
    opened: list[dict] = field(default_factory=list)


def _episodes(person: Person, today: datetime.date) -> list[dict]:
    episodes = StatusEpisode.objects.filter(person=person).order_by("-start_date", "-id")
    return [{"episode": e, "now": covers(e, today)} for e in episodes]


def _consents(person: Person, today: datetime.date) -> list[dict]:
    return [{"consent": c, "state": c.state_on(today)} for c in consents_of(person=person)]


def _opened(person: Person) -> list[dict]:
    return [
        {
            "organisation": row["organisation"],
            "date": datetime.date.fromisoformat(row["date"]),
            "actions": [OPENED_LABELS[a] for a in row["actions"]],
        }
        for row in who_opened(person_id=person.pk)
    ]


def overview(*, person: Person) -> Overview:
    """Everything on My page, in a fixed number of queries."""
    today = timezone.localdate()
    person = Person.objects.select_related("municipality").get(pk=person.pk)
    return Overview(
        person=person,
        bsn_recorded=person.identities.filter(kind=IdentityKind.BSN).exists(),
        channels=list(person.contact_channels.filter(is_active=True)),
        careers=list(person.school_careers.select_related("school")),
        episodes=_episodes(person, today),
        contacts=list(person.contacts.select_related("organisation")),
        consents=_consents(person, today),
        handovers=list(
            person.handovers.select_related(
                "to_organisation", "from_organisation"
            ).prefetch_related("shares")
        ),
        opened=_opened(person),
    )
