"""Build the demo: the real seed facts, the demo logins and a synthetic population."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.chain.services import overdue_signal
from dwarsverbinder.followup.signals import signals_refresh
from dwarsverbinder.network.models import Organisation

from .accounts import DEMO_LOGINS, DEMO_PASSWORD, seed_users
from .population import (
    DEFAULT_SEED,
    DEFAULT_SIZE,
    PopulationResult,
    create_population,
    existing_population,
    plan_population,
    population_exists,
)
from .seed import seed_organisations, seed_regions, seed_working_groups
from .seed_chain import chain_exists, create_chain
from .seed_employers import seed_employers
from .seed_programmes import (
    CIRCULEREN,
    DWARSVERBINDEN,
    seed_issues,
    seed_participations,
    seed_programme_details,
    seed_projects,
)
from .seed_services import seed_services
from .seed_surveys import create_surveys, surveys_exist
from .timeline import create_timeline, timeline_exists


@dataclass(frozen=True)
class LoginRow:
    username: str
    role: str
    organisation: str
    password: str


@dataclass(frozen=True)
class DemoSummary:
    regions: int
    organisations: int
    working_groups: int
    issues: int
    projects: int
    users: int
    population: PopulationResult
    logins: tuple[LoginRow, ...]
    timeline: dict[str, int] | None = None


@transaction.atomic
def demo_build(*, people: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED) -> DemoSummary:
    """Create or refresh the demo. Safe to run again: everything is keyed on codes, slugs
    and usernames, and an existing population is left alone."""
    regions = seed_regions()
    organisations = seed_organisations(regions)
    seed_services(regions, organisations)
    issues = seed_issues()
    projects = seed_projects(regions=regions, organisations=organisations, issues=issues)
    seed_programme_details(projects=projects, regions=regions, organisations=organisations)
    groups = seed_working_groups(regions, organisations, projects[DWARSVERBINDEN])
    users = seed_users(organisations)
    if population_exists():
        population = existing_population()
    else:
        population = create_population(
            plan_population(people, seed=seed),
            regions=regions,
            organisations=organisations,
            users=users,
        )
    if population_exists():
        seed_participations(projects[CIRCULEREN], seed=seed)
    timeline = None
    if not chain_exists() and population_exists():
        create_chain(seed=seed, users=users)
    if not timeline_exists():
        timeline = create_timeline(seed=seed, users=users)
        # Raise today's signals now rather than at the next 06:00 run, so the caseload of
        # a fresh demo shows them.
        signals_refresh(today=timezone.localdate())
        overdue_signal(today=timezone.localdate(), notify_partners=False)
    if not surveys_exist() and timeline_exists():
        # After the timeline: invitations go to the contact details it writes.
        create_surveys(seed=seed, users=users)
    seed_employers(seed=seed, users=users)
    return DemoSummary(
        timeline=timeline,
        regions=len(regions),
        organisations=len(organisations),
        working_groups=len(groups),
        issues=len(issues),
        projects=len(projects),
        users=len(users),
        population=population,
        logins=_login_rows(organisations),
    )


def _login_rows(organisations: dict[str, Organisation]) -> tuple[LoginRow, ...]:
    return tuple(
        LoginRow(login.username, str(Role(role).label), organisations[code].name, DEMO_PASSWORD)
        for login in DEMO_LOGINS
        for code, role in login.memberships
    )
