"""Learning circles: every logged-in partner reads them, the regional coordinator keeps
them (at least two regions, no date more than two years ahead; audited); a project's
circles; and the demo's milestones, activities, funding years and circles, which a second
run leaves as they are."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.demo.seed import seed_organisations, seed_regions
from dwarsverbinder.demo.seed_programmes import (
    KWINT_OZDIL_SLUGS,
    seed_issues,
    seed_programme_details,
    seed_projects,
)
from dwarsverbinder.privacy.models import AuditEvent
from dwarsverbinder.programmes import circles
from dwarsverbinder.programmes.models import (
    Activity,
    FundingLine,
    FundingYear,
    LearningCircle,
    LearningCircleParticipant,
    Milestone,
    Project,
    ReportingDate,
)
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory, RegionFactory
from tests.factories.programmes import LearningCircleFactory, LearningCircleParticipantFactory

D = datetime.date
TODAY = D(2026, 11, 25)
TOO_FEW = "A learning circle brings together several regions: choose at least two."


@pytest.fixture(autouse=True)
def english(client, settings):
    """The tests read the English source texts; the pages are Dutch by default."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(world):
    user = MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    ).user
    user.active_membership = user.memberships.select_related("organisation").first()
    return user


@pytest.fixture
def regions(db):
    return [RegionFactory(name="Friesland Noord"), RegionFactory(name="Rivierenland")]


# -- services ----------------------------------------------------------------------------


def test_a_circle_with_two_regions_is_saved_and_audited(coordinator, regions):
    project = ProjectFactory(name="CircuLEREN")
    circle = circles.circle_save(
        fields={
            "title": "Tweede leercirkel",
            "held_on": D(2026, 4, 1),
            "place": "Utrecht",
            "themes": ["Gegevensdeling"],
            "notes": "Open space",
        },
        regions=regions,
        projects=[project],
        by=coordinator,
        today=TODAY,
    )
    circle.refresh_from_db()
    assert circle.themes == ["Gegevensdeling"]
    assert set(circle.regions.all()) == set(regions)
    assert list(circles.circles_for_project(project)) == [circle]
    events = AuditEvent.objects.filter(object_type="programmes.learningcircle")
    assert events.filter(action="create").count() == 1
    changed = events.filter(action="update").values_list("changes", flat=True)
    assert {"regions", "projects"} <= {key for change in changed for key in change}


@pytest.mark.parametrize("count", [0, 1])
def test_a_circle_needs_at_least_two_regions(coordinator, regions, count):
    with pytest.raises(ValidationError) as error:
        circles.circle_save(
            fields={"title": "Leercirkel", "held_on": D(2026, 4, 1)},
            regions=regions[:count],
            by=coordinator,
            today=TODAY,
        )
    assert error.value.message_dict == {"regions": [TOO_FEW]}
    assert not LearningCircle.objects.exists()
    assert not AuditEvent.objects.filter(object_type="programmes.learningcircle").exists()


def test_a_date_more_than_two_years_ahead_is_refused(coordinator, regions):
    fields = {"title": "Leercirkel", "held_on": D(2028, 11, 26)}
    with pytest.raises(ValidationError) as error:
        circles.circle_save(fields=fields, regions=regions, by=coordinator, today=TODAY)
    assert list(error.value.message_dict) == ["held_on"]
    fields["held_on"] = D(2028, 11, 25)  # exactly two years ahead is fine
    assert circles.circle_save(fields=fields, regions=regions, by=coordinator, today=TODAY).pk


def test_changing_a_circle_keeps_its_regions_unless_given(coordinator, regions):
    circle = circles.circle_save(
        fields={"title": "Leercirkel", "held_on": D(2026, 1, 15)},
        regions=regions,
        by=coordinator,
        today=TODAY,
    )
    circles.circle_save(
        circle=circle, fields={"place": "Zwolle"}, regions=regions, by=coordinator, today=TODAY
    )
    circle.refresh_from_db()
    assert circle.place == "Zwolle"
    update = AuditEvent.objects.filter(
        object_type="programmes.learningcircle", action="update", changes__has_key="place"
    )
    assert update.count() == 1


def test_participants_are_added_and_removed_with_an_audit_row(coordinator):
    circle = LearningCircleFactory()
    organisation = OrganisationFactory(name="KBA Nijmegen")
    participant = circles.circle_participant_add(
        circle=circle,
        organisation=organisation,
        name=" A. de Vries ",
        role="Onderzoeker",
        by=coordinator,
    )
    assert participant.name == "A. de Vries"
    circles.circle_participant_remove(participant=participant, by=coordinator)
    assert not LearningCircleParticipant.objects.exists()
    actions = AuditEvent.objects.filter(
        object_type="programmes.learningcircleparticipant"
    ).values_list("action", flat=True)
    assert sorted(actions) == ["create", "delete"]


# -- pages -------------------------------------------------------------------------------


def test_every_logged_in_partner_reads_the_list_and_a_circle(client, world):
    circle = LearningCircleFactory(title="Eerste leercirkel", themes=["Volgsysteem"])
    circle.regions.set([RegionFactory(name="Rijnland"), RegionFactory(name="Amsterdam")])
    LearningCircleParticipantFactory(circle=circle, organisation=world.school, role="Docent")
    assert client.get("/projecten/leerkringen/").status_code == 302  # to the login
    client.force_login(world.outsider)
    listing = client.get("/projecten/leerkringen/").content.decode()
    assert "Eerste leercirkel" in listing and "Rijnland" in listing
    assert "/projecten/leerkringen/nieuw/" not in listing  # not a coordinator
    detail = client.get(f"/projecten/leerkringen/{circle.pk}/").content.decode()
    assert "Volgsysteem" in detail and "ROC Rivor" in detail and "Docent" in detail
    assert client.get("/projecten/leerkringen/999999/").status_code == 404


@pytest.mark.parametrize("path", ["nieuw/", "{pk}/bewerken/", "{pk}/deelnemers/"])
def test_only_the_coordinator_keeps_circles(client, world, path):
    circle = LearningCircleFactory()
    client.force_login(world.coach)
    assert client.get(f"/projecten/leerkringen/{path.format(pk=circle.pk)}").status_code == 404


def test_the_form_keeps_what_was_typed_and_explains_too_few_regions(client, coordinator, regions):
    client.force_login(coordinator)
    data = {
        "title": "Derde leercirkel",
        "held_on": "2026-06-01",
        "place": "Utrecht",
        "regions": [regions[0].pk],
        "themes": "Volgsysteem\nGegevensdeling",
    }
    response = client.post("/projecten/leerkringen/nieuw/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert TOO_FEW in html
    assert 'value="Derde leercirkel"' in html
    assert "Volgsysteem\nGegevensdeling" in html
    data["regions"] = [r.pk for r in regions]
    response = client.post("/projecten/leerkringen/nieuw/", data)
    circle = LearningCircle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/projecten/leerkringen/{circle.pk}/"
    assert circle.themes == ["Volgsysteem", "Gegevensdeling"]


def test_the_coordinator_edits_a_circle_and_its_participants(client, coordinator, regions):
    circle = LearningCircleFactory(title="Leercirkel")
    circle.regions.set(regions)
    client.force_login(coordinator)
    form = client.get(f"/projecten/leerkringen/{circle.pk}/bewerken/")
    assert 'value="Leercirkel"' in form.content.decode()
    data = {
        "title": "Leercirkel april",
        "held_on": "2026-04-01",
        "regions": [r.pk for r in regions],
    }
    assert client.post(f"/projecten/leerkringen/{circle.pk}/bewerken/", data).status_code == 302
    circle.refresh_from_db()
    assert circle.title == "Leercirkel april"
    organisation = OrganisationFactory(name="Ingrado")
    url = f"/projecten/leerkringen/{circle.pk}/deelnemers/"
    response = client.post(url, {"organisation": organisation.pk, "role": "Organisatie"})
    assert response.status_code == 302
    participant = circle.participants.get()
    assert participant.role == "Organisatie"
    assert client.post(f"{url}{participant.pk}/verwijderen/").status_code == 302
    assert not circle.participants.exists()


def test_the_list_takes_the_same_queries_for_more_circles(client, world):
    client.force_login(world.coach)
    LearningCircleFactory().regions.set([RegionFactory(), RegionFactory()])
    with CaptureQueriesContext(connection) as small:
        client.get("/projecten/leerkringen/")
    for _ in range(5):
        circle = LearningCircleFactory()
        circle.regions.set([RegionFactory(), RegionFactory()])
        circle.projects.set([ProjectFactory()])
    with CaptureQueriesContext(connection) as large:
        response = client.get("/projecten/leerkringen/")
    assert response.content.decode().count("/projecten/leerkringen/") >= 6
    assert len(large) == len(small)


# -- demo data ---------------------------------------------------------------------------


def _demo_state() -> dict:
    return {
        "milestones": sorted(
            Milestone.objects.values_list(
                "project__slug", "title", "due_on", "status", "reached_on"
            )
        ),
        "activities": sorted(
            Activity.objects.values_list("project__slug", "title", "start_date", "end_date"),
            key=str,
        ),
        "years": sorted(
            FundingYear.objects.values_list("funding__funder", "year", "granted", "spent")
        ),
        "reports": sorted(ReportingDate.objects.values_list("funding__funder", "due_on")),
        "circles": sorted(
            (
                c.title,
                c.held_on,
                c.place,
                tuple(c.themes),
                c.notes,
                tuple(sorted(c.regions.values_list("code", flat=True))),
                tuple(sorted(c.projects.values_list("slug", flat=True))),
                tuple(sorted(c.participants.values_list("organisation__code", "role"))),
            )
            for c in LearningCircle.objects.all()
        ),
        "targets": sorted(
            Project.objects.values_list(
                "slug", "target_age_min", "target_age_max", "target_situation"
            )
        ),
    }


def _seed_twice():
    regions = seed_regions()
    organisations = seed_organisations(regions)
    projects = seed_projects(regions=regions, organisations=organisations, issues=seed_issues())
    seed_programme_details(projects=projects, regions=regions, organisations=organisations)
    first = _demo_state()
    regions = seed_regions()
    organisations = seed_organisations(regions)
    projects = seed_projects(regions=regions, organisations=organisations, issues=seed_issues())
    seed_programme_details(projects=projects, regions=regions, organisations=organisations)
    return first, _demo_state()


def test_demo_programme_details_are_idempotent_and_follow_the_seeds(db):
    first, second = _seed_twice()
    assert first == second
    second_circle = LearningCircle.objects.get(held_on=D(2019, 4, 1))
    assert second_circle.place == "Utrecht"
    assert second_circle.regions.count() == 7
    assert set(second_circle.projects.values_list("slug", flat=True)) == set(KWINT_OZDIL_SLUGS)
    assert "kba-nijmegen" in second_circle.participants.values_list("organisation__code", flat=True)
    assert LearningCircle.objects.filter(held_on__year=2019, held_on__month=1).count() == 1
    # Funding years add up to the published amounts, never to more.
    for line in FundingLine.objects.filter(years__isnull=False).distinct():
        assert sum(y.granted for y in line.years.all()) == line.amount_granted
    spoor = FundingLine.objects.get(project__slug="spoor-22", funder="Ministerie van OCW")
    assert sorted(spoor.years.values_list("year", flat=True)) == [2019, 2020, 2021, 2022]
    # The ECIO fund has no published amount: no years are made up for it.
    assert not FundingYear.objects.filter(funding__funder="ECIO-steunfonds").exists()
    # Milestones and activities stay inside their project's period.
    for m in Milestone.objects.select_related("project"):
        assert m.project.start_date is None or m.due_on >= m.project.start_date
        assert m.project.end_date is None or m.due_on <= m.project.end_date
    for a in Activity.objects.select_related("project").exclude(end_date=None):
        assert a.project.end_date is None or a.end_date <= a.project.end_date
    friesland = Project.objects.get(slug="kwint-ozdil-friesland-noord")
    assert friesland.target_programme_types == ["entree", "mbo_bol", "mbo_bbl"]
