"""Overlap between projects: pairs of projects that may do the same for the same young
people, young people in several projects at once (only those the user may see), and
employers approached for several projects; each in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.privacy.models import AuditEvent
from dwarsverbinder.programmes import overlap
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    PersonFactory,
    ProjectFactory,
    RegionFactory,
)
from tests.factories.employers import EmployerContactFactory, EmployerFactory
from tests.factories.programmes import ProjectParticipationFactory, RegionalIssueFactory

D = datetime.date
TODAY = D(2026, 11, 25)


def _project(region, issues, **fields):
    project = ProjectFactory(region=region, **fields)
    project.issues.set(issues)
    return project


def _acting(user):
    """The user as the middleware hands it to a view: acting in its membership."""
    user.active_membership = user.memberships.select_related("organisation").first()
    return user


@pytest.fixture
def coordinator(world):
    return _acting(
        MembershipFactory(
            organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
        ).user
    )


# -- (a) projects ------------------------------------------------------------------------


def test_projects_in_same_region_issue_target_group_and_period_are_paired(world):
    region = world.rmc_region
    issue, other_issue = RegionalIssueFactory(), RegionalIssueFactory()
    a = _project(
        region,
        [issue],
        name="A Praktijkcoaches",
        target_age_min=16,
        target_age_max=20,
        target_programme_types=["mbo_bol"],
        start_date=D(2025, 1, 1),
    )  # open end
    _project(region, [issue], name="B Volgsysteem", target_age_min=18, start_date=D(2026, 1, 1))
    # Each differs from A in one respect only: none of them is paired with A.
    _project(region, [other_issue], name="C ander vraagstuk")
    _project(region, [issue], name="D ouder", target_age_min=21, target_age_max=27)
    _project(region, [issue], name="E PrO", target_programme_types=["pro"])
    _project(region, [issue], name="F eerder", start_date=D(2023, 1, 1), end_date=D(2024, 12, 31))
    _project(RegionFactory(name="Elders"), [issue], name="G elders")

    pairs = overlap.overlapping_projects()

    names = {(p.first.name, p.second.name) for p in pairs}
    assert ("A Praktijkcoaches", "B Volgsysteem") in names
    paired_with_a = {n[1] if n[0] == a.name else n[0] for n in names if a.name in n}
    assert paired_with_a == {"B Volgsysteem"}
    reasons = next(
        p.reasons for p in pairs if {p.first.name, p.second.name} == {a.name, "B Volgsysteem"}
    )
    text = " ".join(reasons)
    assert region.name in text
    assert issue.title in text
    assert "16–20" in text and "18–?" in text
    assert "01-01-2025 – ?" in text


def test_unknown_target_group_and_open_periods_count_as_overlapping(world):
    issue = RegionalIssueFactory()
    _project(world.rmc_region, [issue], name="Zonder gegevens 1")
    _project(world.rmc_region, [issue], name="Zonder gegevens 2")
    assert len(overlap.overlapping_projects()) == 1


def test_projects_without_region_are_never_paired(db):
    issue = RegionalIssueFactory()
    _project(None, [issue], region_label="Leeuwarden en Tilburg")
    _project(None, [issue], region_label="Leeuwarden en Tilburg")
    assert overlap.overlapping_projects() == []


def test_project_pairs_take_two_queries_however_many_projects(world, django_assert_num_queries):
    issue = RegionalIssueFactory()
    for _ in range(6):
        _project(world.rmc_region, [issue])
    with django_assert_num_queries(2):
        pairs = overlap.overlapping_projects()
    assert len(pairs) == 15  # every pair of six


# -- (b) young people ----------------------------------------------------------------------


def test_only_visible_people_enrolled_in_two_projects_at_once_are_listed(world, coordinator):
    p1, p2 = ProjectFactory(name="Praktijkcoaches"), ProjectFactory(name="Volgsysteem")
    visible = world.person  # lives in Tiel, in the coordinator's RMC region
    ProjectParticipationFactory(project=p1, person=visible, joined_on=D(2026, 1, 1))
    ProjectParticipationFactory(project=p2, person=visible, joined_on=D(2026, 6, 1))
    one_after_other = PersonFactory(municipality=world.municipality, surname="Opvolger")
    ProjectParticipationFactory(
        project=p1, person=one_after_other, joined_on=D(2025, 1, 1), left_on=D(2025, 6, 30)
    )
    ProjectParticipationFactory(project=p2, person=one_after_other, joined_on=D(2025, 7, 1))
    elsewhere = MunicipalityFactory(rmc_region=RegionFactory(name="Ver weg"))
    hidden = PersonFactory(municipality=elsewhere, surname="Onzichtbaar")
    ProjectParticipationFactory(project=p1, person=hidden, joined_on=D(2026, 1, 1))
    ProjectParticipationFactory(project=p2, person=hidden, joined_on=D(2026, 1, 1))

    rows = overlap.people_in_several_projects(user=coordinator)

    assert [row.person for row in rows] == [visible]
    assert [p.name for p in rows[0].projects] == ["Praktijkcoaches", "Volgsysteem"]
    # A coach at another school sees none of them.
    assert overlap.people_in_several_projects(user=_acting(world.outsider)) == []


def test_people_overlap_takes_two_queries(world, coordinator, django_assert_num_queries):
    projects = [ProjectFactory() for _ in range(3)]
    for n in range(4):
        person = PersonFactory(municipality=world.municipality, surname=f"Deelnemer {n}")
        for project in projects:
            ProjectParticipationFactory(project=project, person=person, joined_on=D(2026, 1, 1))
    # The regions of the acting municipality (for people_visible_to), then the enrolments.
    with django_assert_num_queries(2):
        rows = overlap.people_in_several_projects(user=coordinator)
    assert len(rows) == 4
    assert all(len(row.pairs) == 3 for row in rows)


# -- (c) employers ---------------------------------------------------------------------------


def test_employers_approached_for_two_projects_in_26_weeks_are_listed(db):
    p1, p2 = ProjectFactory(name="Spoor 1"), ProjectFactory(name="Spoor 2")
    both = EmployerFactory(name="Bakkerij Both")
    EmployerContactFactory(employer=both, project=p1, date=D(2026, 10, 1))
    EmployerContactFactory(employer=both, project=p1, date=D(2026, 11, 1))
    EmployerContactFactory(employer=both, project=p2, date=D(2026, 9, 1))
    one = EmployerFactory(name="Garage Een")
    EmployerContactFactory(employer=one, project=p1, date=D(2026, 10, 1))
    EmployerContactFactory(employer=one, project=p1, date=D(2026, 11, 1))
    EmployerContactFactory(employer=one, date=D(2026, 11, 2))  # not for a project
    old = EmployerFactory(name="Oud Bedrijf")
    EmployerContactFactory(employer=old, project=p1, date=D(2026, 11, 1))
    EmployerContactFactory(employer=old, project=p2, date=TODAY - datetime.timedelta(weeks=27))

    rows = overlap.employers_approached_by_several_projects(today=TODAY)

    assert [r.employer_name for r in rows] == ["Bakkerij Both"]
    assert rows[0].projects == [
        ("Spoor 1", p1.slug, 2, D(2026, 11, 1)),
        ("Spoor 2", p2.slug, 1, D(2026, 9, 1)),
    ]


def test_employer_overlap_is_one_query(db, django_assert_num_queries):
    projects = [ProjectFactory() for _ in range(3)]
    for n in range(5):
        employer = EmployerFactory(name=f"Werkgever {n}")
        for project in projects:
            EmployerContactFactory(employer=employer, project=project, date=D(2026, 11, 1))
    with django_assert_num_queries(1):
        rows = overlap.employers_approached_by_several_projects(today=TODAY)
    assert len(rows) == 5


# -- the page ----------------------------------------------------------------------------


def _page_fixture(world, size: int):
    issue = RegionalIssueFactory()
    today = timezone.localdate()
    for n in range(size):
        a = _project(world.rmc_region, [issue], name=f"Project {n}a")
        b = _project(world.rmc_region, [issue], name=f"Project {n}b")
        person = PersonFactory(municipality=world.municipality, surname=f"Jongere {n}")
        ProjectParticipationFactory(project=a, person=person, joined_on=today)
        ProjectParticipationFactory(project=b, person=person, joined_on=today)
        employer = EmployerFactory(name=f"Werkgever {n}")
        EmployerContactFactory(employer=employer, project=a, date=today)
        EmployerContactFactory(employer=employer, project=b, date=today)


def test_overlap_page_for_the_coordinator_names_visible_people_and_is_audited(
    client, world, coordinator
):
    _page_fixture(world, 1)
    hidden = PersonFactory(
        municipality=MunicipalityFactory(rmc_region=RegionFactory()), surname="Onzichtbaar"
    )
    p1, p2 = ProjectFactory(), ProjectFactory()
    ProjectParticipationFactory(project=p1, person=hidden, joined_on=timezone.localdate())
    ProjectParticipationFactory(project=p2, person=hidden, joined_on=timezone.localdate())
    client.force_login(coordinator)

    response = client.get("/projecten/overlap/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Project 0a" in html and "Project 0b" in html
    assert "Jongere 0" in html
    assert "Onzichtbaar" not in html
    assert "Werkgever 0" in html
    event = AuditEvent.objects.get(action="list", object_type="people.person")
    assert event.detail["count"] == 1
    assert hidden.pk not in event.detail["ids"]


@pytest.mark.parametrize("who", ["coach", "rmc_consultant", "privacy_officer", "analyst"])
def test_overlap_page_is_for_coordinators_only(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get("/projecten/overlap/").status_code == 404


def test_overlap_page_queries_do_not_grow_with_rows(client, world, coordinator):
    client.force_login(coordinator)
    _page_fixture(world, 1)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/projecten/overlap/").status_code == 200
    _page_fixture(world, 4)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/projecten/overlap/")
    assert "Jongere 3" in response.content.decode()
    assert len(large) == len(small)
