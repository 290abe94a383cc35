"""The `dwarsverbinder demo` command: seed facts, logins, population, and safe to rerun."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.models import Membership, User
from dwarsverbinder.demo.accounts import DEMO_PASSWORD
from dwarsverbinder.demo.population import REFERENCE_DATE, plan_population
from dwarsverbinder.network.models import Organisation, Region, WorkingGroup
from dwarsverbinder.people.constants import IdentityKind, ProgrammeType
from dwarsverbinder.people.models import Assignment, Identity, Person, SchoolCareer
from dwarsverbinder.privacy.models import AuditEvent
from dwarsverbinder.programmes.constants import FundingSource, PartnerRole, ProjectStatus
from dwarsverbinder.programmes.models import (
    FundingLine,
    Project,
    ProjectParticipation,
    ProjectPartner,
    RegionalIssue,
)

PEOPLE = 60
COUNTED = (
    Region,
    Organisation,
    WorkingGroup,
    RegionalIssue,
    Project,
    ProjectPartner,
    ProjectParticipation,
    FundingLine,
    User,
    Membership,
    Person,
    Identity,
    SchoolCareer,
    Assignment,
    AuditEvent,
)


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--people", str(PEOPLE), *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def demo(db) -> str:
    return run_demo()


@pytest.mark.django_db
def test_second_run_changes_nothing():
    first_output = run_demo()
    first = counts()
    second_output = run_demo()
    assert counts() == first
    assert first["Person"] == PEOPLE
    assert "created" in first_output
    assert "already present" in second_output


@pytest.mark.django_db
def test_quiet_prints_only_the_logins(demo):
    output = run_demo("--quiet")
    lines = output.strip().splitlines()
    assert lines[0].split()[0] == "username"
    assert all(DEMO_PASSWORD in line for line in lines[1:])


def test_every_role_has_a_demo_user_with_an_active_membership(demo):
    for role in Role:
        assert Membership.objects.filter(
            role=role, is_active=True, user__is_active=True
        ).exists(), role
    admin = User.objects.get(username="beheerder")
    assert admin.is_staff and admin.is_superuser
    rmc_roles = set(User.objects.get(username="rmc").memberships.values_list("role", flat=True))
    assert rmc_roles == {Role.COACH, Role.COORDINATOR}


def test_a_demo_user_logs_in_through_the_form(demo, client):
    response = client.post("/accounts/login/", {"login": "coach", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_seed_projects_carry_their_facts(demo):
    spoor = Project.objects.get(slug="spoor-22")
    assert spoor.partners.get(role=PartnerRole.PENVOERDER).organisation.name == "ROC Mondriaan"
    assert spoor.funding.get(source=FundingSource.RIF).amount_granted == Decimal(1_300_000)
    assert sum(f.amount_granted for f in spoor.funding.all()) == Decimal(4_000_000)
    members = spoor.partners.filter(role__in=[PartnerRole.PENVOERDER, PartnerRole.PARTNER])
    assert members.values("organisation").distinct().count() == 18

    voordeel = Project.objects.get(slug="voordeel-en-vervolg")
    amounts = {f.funder: f.amount_granted for f in voordeel.funding.all()}
    assert amounts["Provincie Limburg"] == Decimal(1_200_000)
    assert Decimal(2_000_000) in amounts.values()
    assert any("15 deelnemers" in r for r in voordeel.results)
    assert "088" not in f"{voordeel.summary} {voordeel.approach}"  # no phone number

    dwars = Project.objects.get(slug="dwarsverbinden-in-de-regio")
    assert dwars.partners.get(role=PartnerRole.PROJECT_LEAD).organisation.code == "ecio"
    assert (dwars.start_date, dwars.end_date) == (
        datetime.date(2019, 7, 1),
        datetime.date(2020, 2, 29),
    )
    assert dwars.status == ProjectStatus.FINISHED
    assert set(dwars.issues.values_list("slug", flat=True)) == {
        "onderwijs-zorg",
        "aansluiting-onderwijs-arbeidsmarkt",
    }
    assert dwars.working_groups.count() == 2
    assert Project.objects.filter(slug__startswith="kwint-ozdil-").count() == 7
    assert list(RegionalIssue.objects.values_list("number", flat=True)) == list(range(1, 11))


def test_seed_records_pass_model_validation(demo):
    for model in (Region, Organisation, RegionalIssue, Project, FundingLine):
        for obj in model.objects.all():
            obj.full_clean()
    tiel = Organisation.objects.get(code="gemeente-tiel")
    assert tiel.has_follow_up_task
    assert list(tiel.regions.values_list("code", flat=True)) == ["rmc-rivierenland"]


def test_bsn_is_stored_only_as_a_pseudonym(demo):
    values = list(Identity.objects.filter(kind=IdentityKind.BSN).values_list("value", flat=True))
    assert len(values) == PEOPLE
    assert all(re.fullmatch(r"[0-9a-f]{64}", value) for value in values)
    assert not any(re.fullmatch(r"\d{9}", value) for value in values)


def test_population_lives_in_the_demo_region_with_plausible_careers(demo):
    assert not Person.objects.exclude(municipality__rmc_region__code="rmc-rivierenland").exists()
    for person in Person.objects.all():
        age = (REFERENCE_DATE - person.date_of_birth).days / 365.25
        assert 16 <= age < 27
    for career in SchoolCareer.objects.all():
        mbo_2_plus = career.programme_type in (ProgrammeType.MBO_BOL, ProgrammeType.MBO_BBL) and (
            career.level >= 2
        )
        havo_vwo = career.programme_type in (ProgrammeType.HAVO, ProgrammeType.VWO)
        assert not career.startkwalificatie or (career.diploma and (mbo_2_plus or havo_vwo))
    assert Assignment.objects.filter(coach__username="coach").exists()
    assert Assignment.objects.filter(coach__username="rmc").exists()
    assert Assignment.objects.filter(coach__username="intake").exists()


def test_population_plan_is_deterministic():
    assert plan_population(20, seed=7) == plan_population(20, seed=7)
    assert plan_population(20, seed=7) != plan_population(20, seed=8)


def test_refuses_to_run_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        run_demo()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_demo_has_a_life_after_school():
    from dwarsverbinder.followup.models import Contact, Task
    from dwarsverbinder.people.models import ContactChannel, StatusEpisode

    call_command("demo", people=80, quiet=True, stdout=StringIO())
    counts = (
        StatusEpisode.objects.count(),
        ContactChannel.objects.count(),
        Task.objects.count(),
        Contact.objects.count(),
    )
    assert StatusEpisode.objects.filter(end_date__isnull=True).exists()
    assert ContactChannel.objects.filter(is_active=False).exists()
    assert Task.objects.exists()
    call_command("demo", people=80, quiet=True, stdout=StringIO())
    assert counts == (
        StatusEpisode.objects.count(),
        ContactChannel.objects.count(),
        Task.objects.count(),
        Contact.objects.count(),
    )


@pytest.mark.django_db
def test_the_demo_pilot_has_participants_from_its_region(demo):
    pilot = Project.objects.get(slug="kwint-ozdil-rivierenland-circuleren")
    taking_part = ProjectParticipation.objects.filter(project=pilot)
    assert 0 < taking_part.count() < PEOPLE
    assert not taking_part.exclude(person__municipality__rmc_region=pilot.region).exists()
    assert not ProjectParticipation.objects.exclude(project=pilot).exists()
