"""Who may do what in the employer register. Employers, their contact persons, the contact
log and openings are about companies and are shared by every partner in the region; what
concerns a young person (matching, proposals, placements, certificates) also goes through
the visibility selectors and the access policy (register category "placements")."""

from __future__ import annotations

from dwarsverbinder.accounts.constants import Role

# Read the register, the contact log and the openings; log an approach of an employer.
REGISTER_READERS = frozenset(
    {Role.COACH, Role.INTAKE, Role.EMPLOYER_MANAGER, Role.COORDINATOR, Role.ADMINISTRATOR}
)
# Add and edit employers, their locations, accreditations and contact persons; publish and
# edit openings; take on or hand over the account of an employer.
REGISTER_KEEPERS = frozenset({Role.EMPLOYER_MANAGER, Role.COORDINATOR})
# The overview of employers approached by several parties.
OVERVIEW_READERS = frozenset({Role.COORDINATOR, Role.EMPLOYER_MANAGER})
# Match young people and openings, propose candidates, record placements and certificates
# (always with the person's visibility and the "placements" category on top).
MATCHERS = frozenset({Role.COACH, Role.EMPLOYER_MANAGER})


def _role(user) -> str | None:
    membership = getattr(user, "active_membership", None)
    return membership.role if membership is not None else None


def can_read_register(*, user) -> bool:
    return _role(user) in REGISTER_READERS


def can_keep_register(*, user) -> bool:
    return _role(user) in REGISTER_KEEPERS


def can_read_overview(*, user) -> bool:
    return _role(user) in OVERVIEW_READERS


def can_match(*, user) -> bool:
    return _role(user) in MATCHERS
