"""The demo's employer register (demo/seed_employers.py): written once, consistent with the
rules of the register, and with something to show on every page of it."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.models import Membership, User
from dwarsverbinder.demo import seed_employers
from dwarsverbinder.employers import placements
from dwarsverbinder.employers.constants import (
    OpeningKind,
    PlacementOutcome,
    ProposalStatus,
    RequestStatus,
)
from dwarsverbinder.employers.geo import pc4_of
from dwarsverbinder.employers.models import (
    AccountOwner,
    Accreditation,
    Certificate,
    ContactPerson,
    Employer,
    EmployerContact,
    EmployerRequest,
    Location,
    MatchProfile,
    Opening,
    Placement,
    PostcodeArea,
    Proposal,
)
from dwarsverbinder.employers.validators import validate_kvk, validate_postcode
from dwarsverbinder.people.constants import EpisodeKind

PEOPLE = 60
# The counts docs/employers.md ("Demo data") promises.
EXPECTED = {
    Employer: 25,
    Location: 27,
    ContactPerson: 30,
    Accreditation: 16,
    AccountOwner: 23,
    EmployerContact: 35,
    Opening: 15,
    MatchProfile: 20,
    Proposal: 5,
    Placement: 10,
    Certificate: 4,
    EmployerRequest: 3,
    PostcodeArea: 42,
}


def run_demo() -> None:
    call_command("demo", "--people", str(PEOPLE), "--quiet", stdout=StringIO())


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in EXPECTED}


@pytest.fixture
def demo(db) -> None:
    run_demo()


def acting(username: str, role: str) -> User:
    user = User.objects.get(username=username)
    user.active_membership = Membership.objects.select_related("organisation").get(
        user=user, role=role
    )
    return user


@pytest.mark.django_db
def test_the_register_is_written_once_with_the_documented_counts():
    run_demo()
    first = counts()
    assert first == {model.__name__: n for model, n in EXPECTED.items()}
    run_demo()
    assert counts() == first


@pytest.mark.django_db
def test_missing_postcode_centres_are_added_and_loaded_ones_kept():
    PostcodeArea.objects.create(pc4="4001", latitude=51.9, longitude=5.4)
    assert seed_employers.seed_postcode_areas() == len(seed_employers.POSTCODE_CENTRES) - 1
    assert PostcodeArea.objects.get(pc4="4001").latitude == 51.9
    assert seed_employers.seed_postcode_areas() == 0


def test_companies_have_valid_numbers_and_places_with_a_known_centre(demo):
    numbers = list(Employer.objects.values_list("kvk_number", flat=True))
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        validate_kvk(number)
        assert number.startswith("99")  # fictional, like the demo's BRIN codes
    centres = set(PostcodeArea.objects.values_list("pc4", flat=True))
    for postcode in Location.objects.values_list("postcode", flat=True):
        validate_postcode(postcode)
        assert pc4_of(postcode) in centres
    assert Location.objects.filter(is_main=True).count() == Employer.objects.count()
    assert {
        e.region.rmc_region.code for e in Employer.objects.select_related("region__rmc_region")
    } == {"rmc-rivierenland"}


def test_account_owners_are_keepers_of_their_own_organisation(demo):
    for owner in AccountOwner.objects.all():
        assert owner.until is None
        assert Membership.objects.filter(
            user=owner.user,
            organisation=owner.organisation,
            role__in=[Role.EMPLOYER_MANAGER, Role.COORDINATOR],
        ).exists()
    manager = User.objects.get(username="werkgeversadviseur")
    assert AccountOwner.objects.filter(user=manager).count() == 21
    assert Employer.objects.filter(account_owners__isnull=True).count() == 2


def test_six_employers_were_approached_by_several_parties_in_the_last_four_weeks(demo):
    since = timezone.localdate() - datetime.timedelta(weeks=4)
    doubled = (
        EmployerContact.objects.filter(date__gte=since)
        .values("employer")
        .annotate(parties=Count("organisation", distinct=True))
        .filter(parties__gte=2)
    )
    assert doubled.count() == 6
    assert max(row["parties"] for row in doubled) == 3
    assert not EmployerContact.objects.filter(date__gt=timezone.localdate()).exists()


def test_openings_of_every_kind(demo):
    kinds = set(Opening.objects.values_list("kind", flat=True))
    assert kinds == set(OpeningKind.values)
    assert Opening.objects.filter(status="open").count() == 12


def test_placements_are_on_the_timeline_and_some_lasted_and_some_ended_early(demo):
    today = timezone.localdate()
    rows = list(Placement.objects.select_related("episode"))
    for placement in rows:
        kind = placements.EPISODE_KIND.get(placement.kind)
        if kind is None:
            assert placement.episode is None  # an internship: the school career covers it
            continue
        assert placement.episode.kind == kind
        assert (placement.episode.start_date, placement.episode.end_date) == (
            placement.start_date,
            placement.end_date,
        )
        assert placement.episode.person_id == placement.person_id

    def lasted(months: int) -> int:
        return sum(
            bool(placements.lasted(start=p.start_date, end=p.end_date, months=months, today=today))
            for p in rows
        )

    assert (lasted(6), lasted(12)) == (4, 2)
    assert sum(p.outcome == PlacementOutcome.ENDED_EARLY for p in rows) == 2
    # The work trial that turned into a contract: the same young person has the job after it.
    trial = next(p for p in rows if p.outcome == PlacementOutcome.CONTRACT)
    job = Placement.objects.get(person_id=trial.person_id, kind=OpeningKind.JOB)
    assert job.start_date == trial.end_date + datetime.timedelta(days=1)
    assert Placement.objects.filter(episode__kind=EpisodeKind.ONDERWIJS).count() == 1


def test_the_proposal_a_placement_filled_is_accepted(demo):
    accepted = Proposal.objects.get(status=ProposalStatus.ACCEPTED)
    assert Placement.objects.filter(opening=accepted.opening, person=accepted.person).exists()
    assert all(p.reasons for p in Proposal.objects.all())  # the fit's reasons go along
    statuses = sorted(Proposal.objects.values_list("status", flat=True))
    assert statuses == sorted(
        ["voorgesteld", "voorgesteld", "voorgesteld-werkgever", "aangenomen", "afgewezen"]
    )


def test_the_young_people_side_is_visible_to_the_demo_caseworkers(demo):
    rmc = acting("rmc", Role.COACH)
    assert (
        placements.placements_visible_to(user=rmc)
        .filter(organisation__code="gemeente-tiel")
        .count()
        == 9
    )
    coach = acting("coach", Role.COACH)
    assert placements.placements_visible_to(user=coach).filter(kind=OpeningKind.BPV).count() == 1
    assert placements.certificates_visible_to(user=rmc).count() == 4


def test_requests_in_the_inbox(demo):
    assert EmployerRequest.objects.filter(status=RequestStatus.NEW).count() == 2
    linked = EmployerRequest.objects.get(employer__isnull=False)
    assert linked.kvk_number == linked.employer.kvk_number
    assert not AccountOwner.objects.filter(employer=linked.employer).exists()
