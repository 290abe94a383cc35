"""A young person's own data, as one export (AVG art. 15 and 20).

Used by My page (the young person downloads it) and by the privacy officer's access
requests. ``person_export`` gathers everything recorded about the person into a plain,
JSON-serialisable dict; ``person_export_pdf`` prints that same dict as a PDF.

Two things are left out on purpose: the BSN pseudonym (a keyed hash that means nothing to
the person and must not leave the system; the export says only whether a BSN is
recorded), and the names of the staff who opened the file (the person sees which
organisation opened it and when, as AVG art. 15(1)(c) asks: the recipients).

Callers audit the export themselves (``audit.log_event(action=EXPORT, ...)``): they know
who asked for it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Prefetch
from django.db.models.functions import TruncDate
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .constants import AuditAction, DataCategory
from .models import Consent
from .selectors import history_of

EXPORT_VERSION = 1

# What an organisation did with the file, in the words of the export (grouped per day).
OPENED_ACTIONS = {
    AuditAction.VIEW: "viewed",
    AuditAction.SEARCH: "viewed",
    AuditAction.LIST: "viewed",
    AuditAction.CREATE: "changed",
    AuditAction.UPDATE: "changed",
    AuditAction.DELETE: "changed",
    AuditAction.EXPORT: "exported",
}

# The same, as the export and My page say it.
OPENED_LABELS = {
    "viewed": _lazy("looked at your file"),
    "changed": _lazy("changed something"),
    "exported": _lazy("downloaded your data"),
}


def _label(value: str, choices) -> str:
    """The display label of a choice; the stored value when it is not (or no longer) known."""
    return str(choices(value).label) if value in choices.values else value


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _moment(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def _name(obj) -> str | None:
    return obj.name if obj is not None else None


def _user_name(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def who_opened(*, person_id: int) -> list[dict[str, Any]]:
    """Which organisations opened or changed the file, per organisation and day, newest
    first: ``{"organisation", "date", "actions": ["viewed", "changed", "exported"]}``.

    Only events by a user acting for an organisation count. The young person's own visits
    to My page, and the system's own jobs, carry no organisation and are left out. The
    history of files merged into this one is included (``history_of``).
    """
    rows = (
        history_of(person_id=person_id)
        .exclude(organisation_name="")
        .exclude(actor_id__isnull=True)
        .filter(action__in=list(OPENED_ACTIONS))
        .annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()))
        .values_list("organisation_name", "day", "action")
        .order_by()
        .distinct()
    )
    grouped: dict[tuple[str, datetime.date], set[str]] = defaultdict(set)
    for organisation, day, action in rows:
        grouped[(organisation, day)].add(OPENED_ACTIONS[action])
    order = list(OPENED_LABELS)
    return [
        {
            "organisation": organisation,
            "date": day.isoformat(),
            "actions": [a for a in order if a in actions],
        }
        for (organisation, day), actions in sorted(
            grouped.items(), key=lambda item: (item[0][1], item[0][0]), reverse=True
        )
    ]


def _personal_details(person) -> dict[str, Any]:
    from dwarsverbinder.people.constants import Gender

    return {
        "first_names": person.given_names,
        "tussenvoegsel": person.tussenvoegsel,
        "surname": person.surname,
        "date_of_birth": _day(person.date_of_birth),
        "gender": _label(person.gender, Gender) if person.gender else None,
        "street": person.street,
        "house_number": person.house_number,
        "postcode": person.postcode,
        "municipality": _name(person.municipality),
        "recorded_since": _moment(person.created_at),
    }


def _identities(person) -> dict[str, Any]:
    from dwarsverbinder.people.constants import IdentityKind

    identities = list(person.identities.all())
    return {
        # Only whether a BSN is recorded: the stored value is a keyed pseudonym.
        "bsn_recorded": any(i.kind == IdentityKind.BSN for i in identities),
        "student_numbers": [
            {"school": _name(i.organisation), "number": i.value}
            for i in identities
            if i.kind == IdentityKind.STUDENT_NUMBER
        ],
    }


def _contact_details(person) -> list[dict[str, Any]]:
    from dwarsverbinder.people.constants import ChannelKind, Source

    return [
        {
            "kind": _label(c.kind, ChannelKind),
            "value": c.value,
            "label": c.label,
            "source": _label(c.source, Source),
            "last_confirmed": _day(c.last_confirmed),
            "in_use": c.is_active,
        }
        for c in person.contact_channels.all()
    ]


def _school_careers(person) -> list[dict[str, Any]]:
    from dwarsverbinder.people.constants import (
        LeaveReason,
        Leerweg,
        ProgrammeType,
        UitstroomProfiel,
    )

    return [
        {
            "school": _name(c.school),
            "programme_type": _label(c.programme_type, ProgrammeType),
            "level": c.level,
            "programme": c.programme_name,
            "crebo": c.crebo,
            "exit_profile": _label(c.uitstroomprofiel, UitstroomProfiel)
            if c.uitstroomprofiel
            else None,
            "learning_track": _label(c.leerweg, Leerweg) if c.leerweg else None,
            "start_date": _day(c.start_date),
            "leave_date": _day(c.leave_date),
            "reason_for_leaving": _label(c.leave_reason, LeaveReason) if c.leave_reason else None,
            "diploma": c.diploma,
            "startkwalificatie": c.startkwalificatie,
        }
        for c in person.school_careers.all()
    ]


def _status_episodes(person) -> list[dict[str, Any]]:
    from dwarsverbinder.people.constants import EpisodeKind, Source

    return [
        {
            "kind": _label(e.kind, EpisodeKind),
            "from": _day(e.start_date),
            "until": _day(e.end_date),
            "last_confirmed": _day(e.last_confirmed),
            "source": _label(e.source, Source),
            "note": e.note,
        }
        for e in person.episodes.all()
    ]


def _coaches(person) -> list[dict[str, Any]]:
    return [
        {
            "organisation": _name(a.organisation),
            "coach": _user_name(a.coach),
            "since": _day(a.started_at),
            "until": _day(a.ended_at),
        }
        for a in person.assignments.all()
    ]


def _contacts(person) -> list[dict[str, Any]]:
    from dwarsverbinder.followup.constants import ContactChannelUsed, ContactOutcome

    return [
        {
            "date": _day(c.on),
            "organisation": _name(c.organisation),
            "how": _label(c.channel, ContactChannelUsed),
            "outcome": _label(c.outcome, ContactOutcome),
            "note": c.note,
        }
        for c in person.contacts.all()
    ]


def _tasks(person) -> list[dict[str, Any]]:
    from dwarsverbinder.followup.constants import TaskKind, TaskStatus

    return [
        {
            "organisation": _name(t.organisation),
            "kind": _label(t.kind, TaskKind),
            "title": t.title,
            "due": _day(t.due_date),
            "status": _label(t.status, TaskStatus),
        }
        for t in person.tasks.all()
    ]


def _signals(person) -> list[dict[str, Any]]:
    from dwarsverbinder.followup.constants import SignalKind

    return [
        {
            "organisation": _name(s.organisation),
            "kind": _label(s.kind, SignalKind),
            "raised_on": _day(s.raised_on),
            "resolved_on": _day(s.resolved_on),
        }
        for s in person.signals.all()
    ]


def _vouchers(person, today: datetime.date) -> list[dict[str, Any]]:
    from dwarsverbinder.followup.constants import VoucherStatus

    return [
        {
            "code": v.code,
            "for": v.description,
            "issued_by": _name(v.issued_by),
            "issued_on": _day(v.issued_on),
            "value_eur": str(v.value_eur) if v.value_eur is not None else None,
            "valid_until": _day(v.valid_until),
            "status": _label(v.status_on(today), VoucherStatus),
            "redeemed_at": _name(v.redeemed_at),
            "redeemed_on": _day(v.redeemed_on),
            "withdrawn_on": _day(v.withdrawn_on),
        }
        for v in person.vouchers.all()
    ]


CONSENT_STATES = {
    "valid": _lazy("valid"),
    "expired": _lazy("expired"),
    "withdrawn": _lazy("taken back"),
}


def _consents(person, today: datetime.date) -> list[dict[str, Any]]:
    from .constants import ConsentForm, ConsentPurpose

    return [
        {
            "id": c.pk,
            "organisation": _name(c.receiving_organisation),
            "purpose": _label(c.purpose, ConsentPurpose),
            "categories": [_label(cat, DataCategory) for cat in c.categories],
            "text_shown": c.text_shown,
            "given": _label(c.form, ConsentForm),
            "given_on": _day(c.given_on),
            "valid_until": _day(c.expires_on),
            "state": str(CONSENT_STATES[c.state_on(today)]),
            "withdrawn_at": _moment(c.withdrawn_at),
            "withdrawn_via": _label(c.withdrawn_via, ConsentForm) if c.withdrawn_via else None,
            "recorded_by_organisation": _name(c.recorded_by_organisation),
        }
        for c in person.consents.all()
    ]


def _handovers(person) -> list[dict[str, Any]]:
    from dwarsverbinder.chain.constants import (
        DeclineReason,
        HandoverOutcome,
        HandoverReason,
        HandoverStatus,
        ShareBasis,
    )

    return [
        {
            "from_organisation": _name(h.from_organisation),
            "to_organisation": _name(h.to_organisation),
            "service": _name(h.to_service),
            "reason": _label(h.reason, HandoverReason),
            "question": h.question,
            "status": _label(h.status, HandoverStatus),
            "sent_on": _day(h.sent_on),
            "answered_on": _day(h.answered_on),
            "first_contact_on": _day(h.first_contact_on),
            "closed_on": _day(h.closed_on),
            "reason_for_declining": _label(h.decline_reason, DeclineReason)
            if h.decline_reason
            else None,
            "outcome": _label(h.outcome, HandoverOutcome) if h.outcome else None,
            "shared": [
                {
                    "category": _label(s.category, DataCategory),
                    "basis": _label(s.basis, ShareBasis),
                    "legal_basis": s.legal_basis,
                    "consent_given_on": _day(s.consent.given_on) if s.consent else None,
                }
                for s in h.shares.all()
            ],
        }
        for h in person.handovers.all()
    ]


def _placements(person) -> list[dict[str, Any]]:
    from dwarsverbinder.employers.constants import OpeningKind, PlacementOutcome

    return [
        {
            "employer": _name(p.employer),
            "opening": p.opening.title if p.opening else None,
            "kind": _label(p.kind, OpeningKind),
            "placed_by": _name(p.organisation),
            "start_date": _day(p.start_date),
            "end_date": _day(p.end_date),
            "hours_a_week": p.hours,
            "guidance": p.guidance,
            "outcome": _label(p.outcome, PlacementOutcome),
        }
        for p in person.placements.all()
    ]


def _certificates(person) -> list[dict[str, Any]]:
    from dwarsverbinder.employers.constants import CertificateKind

    return [
        {
            "kind": _label(c.kind, CertificateKind),
            "name": c.name,
            "crebo": c.crebo,
            "issued_on": _day(c.issued_on),
            "issued_by": c.issued_by,
            "during_placement_at": _name(c.placement.employer) if c.placement else None,
        }
        for c in person.certificates.all()
    ]


def _proposals(person) -> list[dict[str, Any]]:
    from dwarsverbinder.employers.constants import OpeningKind, ProposalStatus

    return [
        {
            "opening": p.opening.title,
            "employer": _name(p.opening.employer),
            "kind": _label(p.opening.kind, OpeningKind),
            "proposed_by_organisation": _name(p.organisation),
            "proposed_on": _moment(p.created_at),
            "why_it_fits": p.reasons,
            "note": p.note,
            "status": _label(p.status, ProposalStatus),
        }
        for p in person.proposals.all()
    ]


def _match_profile(person) -> dict[str, Any] | None:
    from dwarsverbinder.employers.constants import OpeningKind
    from dwarsverbinder.employers.models import MatchProfile

    try:
        profile = person.match_profile
    except MatchProfile.DoesNotExist:
        return None
    return {
        "looking_for": [_label(kind, OpeningKind) for kind in profile.kinds],
        "interests": profile.interests,
        "hours_a_week_wanted": profile.hours_wanted,
        "travels_at_most_km": profile.max_distance_km,
        "needs_a_jobcoach": profile.needs_jobcoach,
        "needs_wage_cost_subsidy": profile.needs_wage_cost_subsidy,
        "banenafspraak": profile.banenafspraak,
        "updated_at": _moment(profile.updated_at),
    }


def _requests(person) -> list[dict[str, Any]]:
    from .constants import RequestKind, RequestStatus

    return [
        {
            "reference": r.reference,
            "kind": _label(r.kind, RequestKind),
            "received_on": _day(r.received_on),
            "answer_before": _day(r.due_on),
            "status": _label(r.status, RequestStatus),
            "closed_on": _day(r.closed_on),
        }
        for r in person.data_subject_requests.all()
    ]


def _load(person):
    """The person again, with every record of the export fetched in a fixed number of
    queries (one per kind of record)."""
    from dwarsverbinder.chain.models import HandoverShare
    from dwarsverbinder.people.models import Person

    return (
        Person.objects.select_related("municipality")
        .prefetch_related(
            "identities__organisation",
            "contact_channels",
            "school_careers__school",
            "episodes",
            "assignments__organisation",
            "assignments__coach",
            "contacts__organisation",
            "tasks__organisation",
            "signals__organisation",
            "vouchers__issued_by",
            "vouchers__redeemed_at",
            Prefetch(
                "consents",
                queryset=Consent.objects.select_related(
                    "receiving_organisation", "recorded_by_organisation"
                ),
            ),
            Prefetch("handovers__shares", queryset=HandoverShare.objects.select_related("consent")),
            "handovers__from_organisation",
            "handovers__to_organisation",
            "handovers__to_service",
            "data_subject_requests",
            "placements__employer",
            "placements__opening",
            "placements__organisation",
            "certificates__placement__employer",
            "proposals__opening__employer",
            "proposals__organisation",
            "match_profile",
        )
        .get(pk=person.pk)
    )


def person_export(*, person) -> dict[str, Any]:
    """Everything recorded about ``person``, JSON-serialisable, labels in the active
    language and dates as ISO 8601."""
    person = _load(person)
    today = timezone.localdate()
    return {
        "export": {
            "version": EXPORT_VERSION,
            "made_at": _moment(timezone.now()),
            "about": person.full_name,
        },
        "personal_details": _personal_details(person),
        "identities": _identities(person),
        "contact_details": _contact_details(person),
        "school_careers": _school_careers(person),
        "status_episodes": _status_episodes(person),
        "coaches": _coaches(person),
        "contacts": _contacts(person),
        "tasks": _tasks(person),
        "signals": _signals(person),
        "vouchers": _vouchers(person, today),
        "consents": _consents(person, today),
        "handovers": _handovers(person),
        "placements": _placements(person),
        "certificates": _certificates(person),
        "proposals": _proposals(person),
        "match_profile": _match_profile(person),
        "requests": _requests(person),
        "file_opened_by": [
            {**row, "actions": [str(OPENED_LABELS[a]) for a in row["actions"]]}
            for row in who_opened(person_id=person.pk)
        ],
    }


def person_export_pdf(*, data: dict[str, Any]) -> bytes:
    """The export as a PDF (WeasyPrint). Nothing is fetched from outside: the template
    carries its own styles and uses the DejaVu fonts installed on the system."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(
        "mypage/export_pdf.html", {"data": data, "title": _("Your data in Dwarsverbinder")}
    )
    # No protocol is allowed: not the network, not the file system, not even data: URLs.
    fetcher = URLFetcher(allowed_protocols=())
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
