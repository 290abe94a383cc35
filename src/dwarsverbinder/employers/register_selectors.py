"""Reads of the employer register and the shared contact log.

Employers, their contact persons and the contact log are shared by every partner in the
region; who may open them is decided in the views (``permissions.REGISTER_READERS``). Each
list here costs a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.models import Membership

from .models import AccountOwner, Accreditation, Employer, EmployerContact, Opening
from .validators import normalise_kvk

# The windows a coordinator can choose on the overview of double approaches, in weeks.
OVERVIEW_WEEKS = (4, 8, 13, 26)
# Roles that may hold the account of an employer.
ACCOUNT_ROLES = frozenset({Role.EMPLOYER_MANAGER, Role.COORDINATOR})


def recent_weeks() -> int:
    """DWV_EMPLOYER_RECENT_WEEKS: how far back "approached recently" looks on the page
    where a partner logs an approach (default 8 weeks)."""
    return settings.EMPLOYER_RECENT_WEEKS


def _today() -> datetime.date:
    return timezone.localdate()


def since_weeks(weeks: int, *, today: datetime.date | None = None) -> datetime.date:
    """The first day of a window of ``weeks`` weeks ending today (today included)."""
    return (today or _today()) - datetime.timedelta(weeks=weeks)


def _current_owners() -> Prefetch:
    return Prefetch(
        "account_owners",
        queryset=AccountOwner.objects.filter(until__isnull=True).select_related(
            "organisation", "user"
        ),
        to_attr="current_owners",
    )


def _accredited_now(today: datetime.date) -> Exists:
    return Exists(
        Accreditation.objects.filter(employer=OuterRef("pk"), valid_from__lte=today).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )
    )


def in_region(region) -> Q:
    """Employers in a region: in it, or in a municipality of that RMC or labour market
    region."""
    return Q(region=region) | Q(region__rmc_region=region) | Q(region__labour_market_region=region)


def employer_list(
    *,
    query: str = "",
    sector: str = "",
    region=None,
    accredited: bool = False,
    approached_weeks: int | None = None,
    include_inactive: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Employer]:
    """Employers by name or KvK number, sector, region (a municipality, or everything in an
    RMC or labour market region), SBB accreditation today, and approached in the last
    ``approached_weeks`` weeks. Each row carries ``current_owners`` (a list of at most one)
    and ``accredited_now``."""
    today = today or _today()
    qs = Employer.objects.all() if include_inactive else Employer.objects.filter(is_active=True)
    query = query.strip()
    if query:
        digits = normalise_kvk(query)
        match = Q(name__icontains=query)
        if digits.isdigit():
            match |= Q(kvk_number__startswith=digits)
        qs = qs.filter(match)
    if sector:
        qs = qs.filter(sector=sector)
    if region is not None:
        qs = qs.filter(in_region(region))
    qs = qs.annotate(accredited_now=_accredited_now(today))
    if accredited:
        qs = qs.filter(accredited_now=True)
    if approached_weeks:
        recent = EmployerContact.objects.filter(
            employer=OuterRef("pk"), date__gte=since_weeks(approached_weeks, today=today)
        )
        qs = qs.filter(Exists(recent))
    return qs.select_related("region").prefetch_related(_current_owners()).order_by("name", "pk")


def employer_by_kvk(kvk_number: str) -> Employer | None:
    return Employer.objects.filter(kvk_number=normalise_kvk(kvk_number)).first()


def employer_detail(*, pk: int, today: datetime.date | None = None) -> Employer:
    """One employer with what its page shows, in a fixed number of queries. Raises
    Employer.DoesNotExist."""
    today = today or _today()
    return (
        Employer.objects.select_related("region")
        .annotate(accredited_now=_accredited_now(today))
        .prefetch_related(
            "locations",
            Prefetch(
                "accreditations",
                queryset=Accreditation.objects.order_by("programme_name", "-valid_from"),
            ),
            "contact_persons",
            _current_owners(),
        )
        .get(pk=pk)
    )


def current_owner(*, employer: Employer) -> AccountOwner | None:
    owners = getattr(employer, "current_owners", None)
    if owners is not None:
        return owners[0] if owners else None
    return (
        AccountOwner.objects.filter(employer=employer, until__isnull=True)
        .select_related("organisation", "user")
        .first()
    )


def contact_log_all() -> QuerySet[EmployerContact]:
    """Every approach of every employer, newest first (the API's contact log)."""
    return EmployerContact.objects.select_related(
        "organisation", "user", "project", "contact_person"
    ).order_by("-date", "-created_at", "-pk")


def contact_log(*, employer: Employer) -> QuerySet[EmployerContact]:
    """The shared timeline of an employer: every approach by any partner, newest first."""
    return contact_log_all().filter(employer=employer)


def recent_contacts(
    *, employer: Employer, weeks: int | None = None, today: datetime.date | None = None
) -> QuerySet[EmployerContact]:
    """Who approached this employer in the last ``weeks`` weeks (DWV_EMPLOYER_RECENT_WEEKS
    by default), and for what."""
    start = since_weeks(weeks or recent_weeks(), today=today)
    return contact_log(employer=employer).filter(date__gte=start)


def employer_openings(*, employer: Employer, include_drafts: bool) -> QuerySet[Opening]:
    """The employer's openings, read-only: the openings part owns them."""
    qs = Opening.objects.filter(employer=employer).select_related("location")
    if not include_drafts:
        qs = qs.exclude(status="concept")
    return qs.order_by("status", "-created_at")


def accreditation_rows(employer: Employer, *, today: datetime.date | None = None):
    """(accreditation, is current) for the prefetched accreditations, current ones first."""
    today = today or _today()
    rows = [
        (a, a.valid_from <= today and (a.valid_until is None or a.valid_until >= today))
        for a in employer.accreditations.all()
    ]
    return sorted(rows, key=lambda row: not row[1])


def account_candidates() -> QuerySet[Membership]:
    """Memberships whose user may hold an employer's account: an active employer account
    manager or regional coordinator role."""
    return (
        Membership.objects.filter(is_active=True, user__is_active=True, role__in=ACCOUNT_ROLES)
        .select_related("organisation", "user")
        .order_by("organisation__name", "user__last_name", "user__first_name", "user__username")
    )


# -- double approaches -------------------------------------------------------------------


@dataclass
class DoubleApproach:
    """An employer approached by two or more parties in the window. A party is an
    organisation, or an organisation for one project: the same partner approaching for two
    projects counts twice."""

    employer: Employer
    contacts: list[EmployerContact] = field(default_factory=list)
    parties: set[tuple[int, int | None]] = field(default_factory=set)

    @property
    def party_count(self) -> int:
        return len(self.parties)

    @property
    def last_date(self) -> datetime.date:
        return max(c.date for c in self.contacts)

    @property
    def organisation_count(self) -> int:
        return len({org for org, _project in self.parties})


def double_approaches(*, weeks: int, today: datetime.date | None = None) -> list[DoubleApproach]:
    """Employers approached by two or more parties in the last ``weeks`` weeks, with every
    approach in that window; most parties first. Two queries: the distinct parties per
    employer, then the approaches of the employers that have several."""
    start = since_weeks(weeks, today=today)
    window = EmployerContact.objects.filter(date__gte=start, date__lte=today or _today())
    parties: dict[int, set[tuple[int, int | None]]] = defaultdict(set)
    for employer_id, organisation_id, project_id in window.values_list(
        "employer_id", "organisation_id", "project_id"
    ).distinct():
        parties[employer_id].add((organisation_id, project_id))
    several = [employer_id for employer_id, found in parties.items() if len(found) > 1]
    if not several:
        return []
    rows: dict[int, DoubleApproach] = {}
    contacts = (
        window.filter(employer_id__in=several)
        .select_related("employer", "organisation", "user", "project")
        .order_by("-date", "-created_at", "-pk")
    )
    for contact in contacts:
        row = rows.get(contact.employer_id)
        if row is None:
            row = rows[contact.employer_id] = DoubleApproach(
                employer=contact.employer, parties=parties[contact.employer_id]
            )
        row.contacts.append(contact)
    return sorted(
        rows.values(),
        key=lambda r: (-r.party_count, -r.last_date.toordinal(), r.employer.name, r.employer.pk),
    )
