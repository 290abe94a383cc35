"""The programmes API: every logged-in partner reads the regional issues, projects (with
milestones, partners and funding per year) and learning circles; only the regional
coordinator changes projects and circles, through the services (400 with field errors,
nothing saved when refused; audited)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.privacy.models import AuditEvent
from dwarsverbinder.programmes.models import LearningCircle
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    RegionFactory,
    UserFactory,
)
from tests.factories.programmes import (
    FundingLineFactory,
    FundingYearFactory,
    LearningCircleFactory,
    MilestoneFactory,
    RegionalIssueFactory,
)

D = datetime.date


@pytest.fixture
def coordinator(world):
    return MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    ).user


@pytest.fixture
def project(db):
    project = ProjectFactory(
        slug="circuleren", name="CircuLEREN", start_date=D(2025, 1, 1), end_date=D(2026, 12, 31)
    )
    project.issues.set([RegionalIssueFactory(slug="beperking-mbo-werk")])
    project.partners.create(organisation=OrganisationFactory(code="kba"), role="partner")
    MilestoneFactory(project=project, title="Volgsysteem live", due_on=D(2025, 9, 1))
    line = FundingLineFactory(project=project, source="rif", funder="OCW", amount_granted=20000)
    FundingYearFactory(funding=line, year=2025, granted=10000, spent=2500)
    return project


def test_a_partner_reads_issues_projects_and_circles(client, world, project):
    circle = LearningCircleFactory(title="Tweede leercirkel")
    circle.regions.set([RegionFactory(code="rmc-a"), RegionFactory(code="rmc-b")])
    circle.projects.set([project])
    client.force_login(world.outsider)

    issues = client.get("/api/v1/regional-issues/").json()
    assert [i["slug"] for i in issues["results"]] == ["beperking-mbo-werk"]
    detail = client.get("/api/v1/projects/circuleren/").json()
    assert detail["issues"] == ["beperking-mbo-werk"]
    assert detail["partners"] == [{"organisation": "kba", "role": "partner"}]
    assert detail["milestones"][0]["title"] == "Volgsysteem live"
    funding = detail["funding"][0]
    assert funding["source"] == "rif" and funding["amount_granted"] == "20000.00"
    assert funding["years"] == [{"year": 2025, "granted": "10000.00", "spent": "2500.00"}]
    circles = client.get("/api/v1/learning-circles/").json()["results"]
    assert sorted(circles[0]["regions"]) == ["rmc-a", "rmc-b"]
    assert circles[0]["projects"] == ["circuleren"]


def test_without_login_or_membership_nothing_is_read(client, db):
    assert client.get("/api/v1/projects/").status_code == 403
    client.force_login(UserFactory())
    assert client.get("/api/v1/projects/").status_code == 403


def test_project_list_queries_do_not_grow(client, world, project):
    client.force_login(world.coach)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/api/v1/projects/").status_code == 200
    for n in range(4):
        other = ProjectFactory()
        MilestoneFactory(project=other, due_on=D(2026, 1, n + 1))
        FundingYearFactory(funding=FundingLineFactory(project=other), year=2026)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/api/v1/projects/").json()["count"] == 5
    assert len(large) == len(small)


def test_only_the_coordinator_writes(client, world, project):
    client.force_login(world.coach)
    assert (
        client.patch(
            "/api/v1/projects/circuleren/", {"name": "X"}, content_type="application/json"
        ).status_code
        == 403
    )
    region_codes = [RegionFactory().code, RegionFactory().code]
    body = {"title": "Leercirkel", "held_on": "2026-04-01", "regions": region_codes}
    assert (
        client.post("/api/v1/learning-circles/", body, content_type="application/json").status_code
        == 403
    )
    assert not LearningCircle.objects.exists()


def test_the_coordinator_changes_a_project_through_the_service(client, coordinator, project):
    client.force_login(coordinator)
    url = "/api/v1/projects/circuleren/"
    refused = client.patch(url, {"end_date": "2024-01-01"}, content_type="application/json")
    assert refused.status_code == 400
    assert "end_date" in refused.json()
    project.refresh_from_db()
    assert project.end_date == D(2026, 12, 31)
    answer = client.patch(
        url,
        {"target_age_min": 16, "target_age_max": 27, "target_programme_types": ["entree"]},
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert answer.json()["target_programme_types"] == ["entree"]
    assert AuditEvent.objects.filter(
        object_type="programmes.project", action="update", actor_username="coordinator"
    ).exists()


def test_the_coordinator_adds_a_circle_and_too_few_regions_is_a_400(client, coordinator, project):
    client.force_login(coordinator)
    one, two = RegionFactory(code="rmc-een"), RegionFactory(code="rmc-twee")
    body = {
        "title": "Leercirkel",
        "held_on": "2026-04-01",
        "regions": [one.code],
        "projects": ["circuleren"],
        "themes": ["Gegevensdeling"],
    }
    refused = client.post("/api/v1/learning-circles/", body, content_type="application/json")
    assert refused.status_code == 400
    assert list(refused.json()) == ["regions"]
    assert not LearningCircle.objects.exists()
    body["regions"] = [one.code, two.code]
    created = client.post("/api/v1/learning-circles/", body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["projects"] == ["circuleren"]
    circle = LearningCircle.objects.get()
    assert circle.themes == ["Gegevensdeling"]
    changed = client.patch(
        f"/api/v1/learning-circles/{circle.pk}/",
        {"place": "Utrecht"},
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert sorted(changed.json()["regions"]) == ["rmc-een", "rmc-twee"]
    assert AuditEvent.objects.filter(object_type="programmes.learningcircle").count() >= 2


def test_funding_lines_through_the_api(client, world, coordinator, project):
    """Partners read the funding lines of a project; the coordinator adds a line and records
    a year, with the funding page's checks: spending above what a year grants is a 400 that
    changes nothing, and every change is audited."""
    from django.utils import translation

    from dwarsverbinder.programmes.models import FundingLine, FundingYear

    client.force_login(coordinator)
    added = client.post(
        "/api/v1/funding-lines/",
        {"project": project.slug, "source": "rif", "funder": "DUO", "amount_granted": "90000"},
        content_type="application/json",
    )
    assert added.status_code == 201, added.content
    line = FundingLine.objects.get(pk=added.json()["id"])
    url = f"/api/v1/funding-lines/{line.pk}/years/"
    year = 2026
    ok = client.post(
        url, {"year": year, "granted": "30000", "spent": "1000"}, content_type="application/json"
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["years"] == [{"year": year, "granted": "30000.00", "spent": "1000.00"}]
    with translation.override("en"):
        too_much = client.post(
            url,
            {"year": year, "granted": "30000", "spent": "30000.01"},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert too_much.status_code == 400
    assert "spent" in too_much.json()
    assert FundingYear.objects.get(funding=line).spent == 1000
    assert AuditEvent.objects.filter(object_type="programmes.fundingyear").count() == 1
    assert AuditEvent.objects.filter(object_type="programmes.fundingline").count() == 1

    client.force_login(world.coach)
    listed = client.get(f"/api/v1/funding-lines/?project={project.slug}").json()["results"]
    assert sorted(f["funder"] for f in listed) == ["DUO", "OCW"]
    assert {f["project"] for f in listed} == {project.slug}
    refused = client.post(
        url, {"year": year, "granted": "1", "spent": "0"}, content_type="application/json"
    )
    assert refused.status_code == 403
