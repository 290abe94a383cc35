"""Demo logins: one user per role, plus one RMC consultant with two roles.

Users are made through the account services, like any account the administrator makes,
so they get a verified e-mail address and an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.models import User
from dwarsverbinder.accounts.services import membership_grant, user_create
from dwarsverbinder.network.models import Organisation
from dwarsverbinder.privacy import audit

from .seed import DEMO_CONTACTGEMEENTE, ROC, WERKGEVERSSERVICEPUNT, WIJKTEAM

DEMO_PASSWORD = "dwarsverbinder-demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    memberships: tuple[tuple[str, str], ...]  # (organisation code, role)
    superuser: bool = False

    @property
    def email(self) -> str:
        local = f"{self.first_name}.{self.last_name}".lower().replace(" ", "")
        return f"{local}@example.nl"


DEMO_LOGINS = (
    DemoLogin("coach", "Fatima", "El Amrani", ((ROC, Role.COACH),)),
    DemoLogin("intake", "Joost", "van Dijk", ((WIJKTEAM, Role.INTAKE),)),
    DemoLogin(
        "werkgeversadviseur",
        "Marloes",
        "Verbeek",
        ((WERKGEVERSSERVICEPUNT, Role.EMPLOYER_MANAGER),),
    ),
    DemoLogin("coordinator", "Ruud", "Hendriks", ((DEMO_CONTACTGEMEENTE, Role.COORDINATOR),)),
    DemoLogin("analist", "Priya", "Ramdin", ((DEMO_CONTACTGEMEENTE, Role.ANALYST),)),
    DemoLogin("fg", "Henk", "Bosman", ((DEMO_CONTACTGEMEENTE, Role.PRIVACY_OFFICER),)),
    DemoLogin(
        "beheerder",
        "Anouk",
        "Smit",
        ((DEMO_CONTACTGEMEENTE, Role.ADMINISTRATOR),),
        superuser=True,
    ),
    # An RMC consultant who both keeps a caseload and coordinates: shows the role switch.
    DemoLogin(
        "rmc",
        "Daan",
        "Kuipers",
        ((DEMO_CONTACTGEMEENTE, Role.COACH), (DEMO_CONTACTGEMEENTE, Role.COORDINATOR)),
    ),
)


def seed_users(organisations: dict[str, Organisation]) -> dict[str, User]:
    """The demo users by username; existing ones are left as they are, memberships ensured."""
    users = {}
    for login in DEMO_LOGINS:
        user = User.objects.filter(username=login.username).first() or _create(login)
        for code, role in login.memberships:
            membership_grant(user=user, organisation=organisations[code], role=role)
        users[login.username] = user
    return users


def _create(login: DemoLogin) -> User:
    user = user_create(
        username=login.username,
        email=login.email,
        password=DEMO_PASSWORD,
        first_name=login.first_name,
        last_name=login.last_name,
        is_staff=login.superuser,
    )
    if login.superuser:
        # user_create has no superuser flag; the change is audited like any privilege change.
        before = audit.snapshot(user)
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
        audit.log_change(actor=None, obj=user, before=before)
    return user
