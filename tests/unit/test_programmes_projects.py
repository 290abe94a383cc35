"""Regional issues and projects (issue 8, items 1 and 2): the public issue pages, the
project page with all its facts, the coordinator's edits with their bad input, and the
participants page, which shows and counts only the young people the user may see."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings as django_settings
from django.urls import include, path
from django.utils import timezone, translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.conf import urls as root_urls
from dwarsverbinder.network.models import WorkingGroup
from dwarsverbinder.privacy.models import AuditEvent
from dwarsverbinder.programmes import services
from dwarsverbinder.programmes.constants import MilestoneStatus, PartnerRole
from dwarsverbinder.programmes.models import (
    Activity,
    Milestone,
    ProjectLink,
    ProjectParticipation,
    ProjectPartner,
)
from tests.conftest import login
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectFactory,
)
from tests.factories.programmes import (
    MilestoneFactory,
    ProjectParticipationFactory,
    RegionalIssueFactory,
)

# The public pages are mounted at /vraagstukken/ in conf/urls.py; until that line is
# there, these tests mount them the same way on top of the real URL map.
_mounted = any(str(p.pattern) == "vraagstukken/" for p in root_urls.urlpatterns)
urlpatterns = list(root_urls.urlpatterns) + (
    [] if _mounted else [path("vraagstukken/", include("dwarsverbinder.programmes.public_urls"))]
)


@pytest.fixture(autouse=True)
def _issue_urls(settings):
    settings.ROOT_URLCONF = __name__


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def acting(user):
    user.active_membership = user.memberships.select_related("organisation").first()
    return user


@pytest.fixture
def pilot(world):
    issue = RegionalIssueFactory(number=3, slug="aansluiting", title="Aansluiting onderwijs-werk")
    project = ProjectFactory(
        slug="spoor-22",
        name="Spoor 22",
        region=world.rmc_region,
        approach="Elke jongere krijgt een vaste coach.",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2027, 12, 31),
        target_age_min=16,
        target_age_max=23,
        target_programme_types=["pro", "entree"],
        target_situation="zonder startkwalificatie",
        results=["40 jongeren aan het werk"],
        success_factors=["Vaste contactpersoon"],
        challenges=["Wachtlijsten in de zorg"],
    )
    project.issues.add(issue)
    ProjectPartner.objects.create(
        project=project, organisation=world.school, role=PartnerRole.PENVOERDER
    )
    return project


@pytest.fixture
def coordinator(world):
    return MembershipFactory(
        organisation=world.school, role=Role.COORDINATOR, user__username="coordinator"
    ).user


# -- public issue pages ------------------------------------------------------------------


def test_public_issue_pages_show_approach_without_login(client, world, pilot):
    ProjectParticipationFactory(project=pilot, person=world.person)
    listing = client.get("/vraagstukken/")
    assert listing.status_code == 200
    assert "Aansluiting onderwijs-werk" in listing.content.decode()

    page = client.get("/vraagstukken/aansluiting/")
    html = page.content.decode()
    assert page.status_code == 200
    for fact in (
        "Spoor 22",
        "RMC-regio Rivierenland",
        "ROC Rivor",
        "Elke jongere krijgt een vaste coach.",
        "40 jongeren aan het werk",
        "Vaste contactpersoon",
        "Wachtlijsten in de zorg",
    ):
        assert fact in html
    # Organisations only: no young person and no user appears on a public page.
    assert "Sanne" not in html and "Jansen" not in html
    assert "coach</" not in html  # no user names (the world's users are coach, rmc, ...)


def test_unknown_issue_is_404(client, db):
    assert client.get("/vraagstukken/bestaat-niet/").status_code == 404


def test_issue_page_query_count_does_not_grow_with_projects(
    client, world, pilot, django_assert_max_num_queries
):
    issue = pilot.issues.get()
    for _n in range(5):
        extra = ProjectFactory(region=world.rmc_region)
        extra.issues.add(issue)
        ProjectPartner.objects.create(
            project=extra, organisation=OrganisationFactory(), role=PartnerRole.PARTNER
        )
    with django_assert_max_num_queries(6):
        assert client.get("/vraagstukken/aansluiting/").status_code == 200


# -- the project page --------------------------------------------------------------------


def test_project_page_shows_all_facts_and_marks_late_milestones(client, world, pilot):
    today = timezone.localdate()
    late = MilestoneFactory(
        project=pilot, title="Convenant getekend", due_on=today - datetime.timedelta(days=3)
    )
    MilestoneFactory(
        project=pilot,
        title="Startbijeenkomst",
        due_on=today - datetime.timedelta(days=10),
        status=MilestoneStatus.DONE,
        reached_on=today - datetime.timedelta(days=10),
    )
    group = WorkingGroup.objects.create(name="Werkgroep Tiel", region=world.rmc_region)
    group.organisations.add(world.other_school)
    group.project = pilot
    group.save()
    Activity.objects.create(project=pilot, title="Matchdag")
    ProjectLink.objects.create(
        project=pilot, kind="rapport", title="Eindrapport", url="https://example.nl/r.pdf"
    )
    login(client, world.coach)
    response = client.get("/projecten/spoor-22/")
    html = response.content.decode()
    assert response.status_code == 200
    for fact in (
        "16 to 23 years",
        "Practical education (PrO)",
        "zonder startkwalificatie",
        "Werkgroep Tiel",
        "Elders College",
        "Matchdag",
        "Eindrapport",
        "Penvoerder",
    ):
        assert fact in html, fact
    rows = dict(response.context["milestones"])
    assert rows[late] is True
    assert [m.title for m, is_late in response.context["milestones"] if is_late] == [
        "Convenant getekend"
    ]
    # A coach may not edit and is not a monitor role.
    assert "/bewerken/" not in html
    assert "/monitor/" not in html


def test_participant_count_is_suppressed_below_minimum(client, world, pilot, settings):
    settings.MIN_CELL_SIZE = 3
    for _n in range(2):
        ProjectParticipationFactory(project=pilot)
    login(client, world.coach)
    html = client.get("/projecten/spoor-22/").content.decode()
    assert "Fewer than 3 young people take part today." in html

    ProjectParticipationFactory(project=pilot)
    ProjectParticipationFactory(project=pilot, left_on=datetime.date(2026, 1, 2))  # left
    html = client.get("/projecten/spoor-22/").content.decode()
    assert "3 young people take part today." in html


def test_monitor_link_for_monitor_roles(client, world, pilot, coordinator):
    login(client, coordinator)
    html = client.get("/projecten/spoor-22/").content.decode()
    assert "/monitor/?group_by=pilot&amp;project=spoor-22" in html
    assert "/projecten/spoor-22/bewerken/" in html


def test_project_page_needs_login(client, pilot):
    assert client.get("/projecten/spoor-22/").status_code == 302


# -- editing: who ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/projecten/spoor-22/bewerken/",
        "/projecten/spoor-22/mijlpalen/nieuw/",
        "/projecten/spoor-22/activiteiten/nieuw/",
        "/projecten/spoor-22/links/",
        "/projecten/spoor-22/partners/",
    ],
)
def test_only_coordinators_edit(client, world, pilot, coordinator, url):
    login(client, world.coach)
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "x"}).status_code == 404
    client.logout()
    login(client, coordinator)
    assert client.get(url).status_code == 200


# -- editing: project facts and their bad input --------------------------------------------


def _facts(**changes) -> dict:
    data = {
        "name": "Spoor 22",
        "status": "lopend",
        "start_date": "2025-01-01",
        "end_date": "2027-12-31",
        "target_age_min": "16",
        "target_age_max": "23",
        "target_programme_types": ["pro"],
        "results": "40 jongeren aan het werk\n\n12 leerbanen",
    }
    data.update(changes)
    return data


def test_edit_project_facts_is_saved_and_audited(client, world, pilot, coordinator):
    login(client, coordinator)
    issue = pilot.issues.get()
    response = client.post(
        "/projecten/spoor-22/bewerken/", _facts(name="Spoor 22+", issues=[issue.pk])
    )
    assert response.status_code == 302
    pilot.refresh_from_db()
    assert pilot.name == "Spoor 22+"
    assert pilot.results == ["40 jongeren aan het werk", "12 leerbanen"]
    assert pilot.target_programme_types == ["pro"]
    event = AuditEvent.objects.get(object_type="programmes.project", action="update")
    assert event.changes["name"] == ["Spoor 22", "Spoor 22+"]
    assert event.actor_username == "coordinator"


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"start_date": "2026-05-01", "end_date": "2026-04-01"},
            "end_date",
            "The end date cannot be before the start date.",
        ),
        (
            {"target_age_min": "25", "target_age_max": "18"},
            "target_age_max",
            "The oldest age cannot be below the youngest age.",
        ),
        (
            {"target_programme_types": ["pro", "kleuterschool"]},
            "target_programme_types",
            "kleuterschool",
        ),
    ],
)
def test_bad_project_facts_get_a_field_error_and_keep_input(
    client, pilot, coordinator, changes, field, message
):
    login(client, coordinator)
    response = client.post("/projecten/spoor-22/bewerken/", _facts(name="Nieuw", **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form["name"].value() == "Nieuw"  # what was typed stays
    pilot.refresh_from_db()
    assert pilot.name == "Spoor 22"
    assert not AuditEvent.objects.filter(object_type="programmes.project").exists()


def test_shortening_the_period_past_a_milestone_is_refused(pilot, coordinator):
    MilestoneFactory(project=pilot, title="Eindconferentie", due_on=datetime.date(2027, 11, 1))
    with pytest.raises(services.ValidationError) as error:
        services.project_update(
            project=pilot, fields={"end_date": datetime.date(2027, 6, 30)}, by=coordinator
        )
    assert "Eindconferentie" in str(error.value.message_dict["start_date"])
    pilot.refresh_from_db()
    assert pilot.end_date == datetime.date(2027, 12, 31)


# -- milestones and activities ---------------------------------------------------------------


def test_milestone_outside_period_is_refused(client, pilot, coordinator):
    login(client, coordinator)
    response = client.post(
        "/projecten/spoor-22/mijlpalen/nieuw/",
        {"title": "Te laat", "due_on": "2028-02-01", "status": "gepland"},
    )
    assert response.status_code == 200
    assert "after the project ends (31-12-2027)" in response.context["form"].errors["due_on"][0]
    assert response.context["form"]["title"].value() == "Te laat"
    assert not Milestone.objects.exists()


def test_reached_milestone_needs_a_date(client, pilot, coordinator):
    login(client, coordinator)
    data = {"title": "Start", "due_on": "2025-03-01", "status": "behaald"}
    response = client.post("/projecten/spoor-22/mijlpalen/nieuw/", data)
    assert "needs the date it was reached" in response.context["form"].errors["reached_on"][0]
    response = client.post(
        "/projecten/spoor-22/mijlpalen/nieuw/", {**data, "reached_on": "2025-03-04"}
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    assert milestone.reached_on == datetime.date(2025, 3, 4)
    assert AuditEvent.objects.filter(
        object_type="programmes.milestone", action="create", object_id=str(milestone.pk)
    ).exists()


def test_milestone_edit_of_another_project_is_404(client, pilot, coordinator):
    other = MilestoneFactory()
    login(client, coordinator)
    assert client.get(f"/projecten/spoor-22/mijlpalen/{other.pk}/").status_code == 404


def test_milestone_edit_is_audited(client, pilot, coordinator):
    milestone = MilestoneFactory(project=pilot, title="Start", due_on=datetime.date(2025, 3, 1))
    login(client, coordinator)
    url = f"/projecten/spoor-22/mijlpalen/{milestone.pk}/"
    assert client.get(url).context["form"]["title"].value() == "Start"
    response = client.post(url, {"title": "Start", "due_on": "2025-03-01", "status": "risico"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="programmes.milestone", action="update")
    assert event.changes["status"] == ["gepland", "risico"]


def test_activity_outside_period_is_refused(client, pilot, coordinator):
    login(client, coordinator)
    response = client.post(
        "/projecten/spoor-22/activiteiten/nieuw/",
        {"title": "Voorbereiding", "start_date": "2024-06-01", "end_date": "2025-02-01"},
    )
    assert "before the project starts" in response.context["form"].errors["start_date"][0]
    assert not Activity.objects.exists()
    response = client.post(
        "/projecten/spoor-22/activiteiten/nieuw/",
        {"title": "Matchdag", "start_date": "2025-06-01", "end_date": "2025-06-01"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(object_type="programmes.activity", action="create").exists()


# -- links and partners ------------------------------------------------------------------------


def test_links_add_validates_url_and_remove_is_audited(client, pilot, coordinator):
    login(client, coordinator)
    bad = client.post(
        "/projecten/spoor-22/links/", {"kind": "rapport", "title": "Rapport", "url": "niet een url"}
    )
    assert bad.status_code == 200 and "url" in bad.context["form"].errors
    assert not ProjectLink.objects.exists()
    good = client.post(
        "/projecten/spoor-22/links/",
        {"kind": "rapport", "title": "Rapport", "url": "https://example.nl/r.pdf"},
    )
    assert good.status_code == 302
    link = ProjectLink.objects.get()
    assert client.get(f"/projecten/spoor-22/links/{link.pk}/verwijderen/").status_code == 405
    assert client.post(f"/projecten/spoor-22/links/{link.pk}/verwijderen/").status_code == 302
    assert not ProjectLink.objects.exists()
    actions = set(
        AuditEvent.objects.filter(object_type="programmes.projectlink").values_list(
            "action", flat=True
        )
    )
    assert actions == {"create", "delete"}


def test_partners_add_and_remove(client, world, pilot, coordinator):
    login(client, coordinator)
    data = {"organisation": world.rmc_office.pk, "role": PartnerRole.FUNDER}
    assert client.post("/projecten/spoor-22/partners/", data).status_code == 302
    again = client.post("/projecten/spoor-22/partners/", data)
    assert "already has this role" in again.context["form"].errors["organisation"][0]
    partner = ProjectPartner.objects.get(organisation=world.rmc_office)
    url = f"/projecten/spoor-22/partners/{partner.pk}/verwijderen/"
    assert client.post(url).status_code == 302
    assert not ProjectPartner.objects.filter(organisation=world.rmc_office).exists()
    assert AuditEvent.objects.filter(
        object_type="programmes.projectpartner", action="delete"
    ).exists()


# -- participants --------------------------------------------------------------------------------


def test_participants_page_shows_and_counts_only_visible_people(client, world, pilot):
    ProjectParticipationFactory(project=pilot, person=world.person)
    hidden = PersonFactory(given_names="Verborgen", surname="Persoon")
    ProjectParticipationFactory(project=pilot, person=hidden)
    login(client, world.coach)
    response = client.get("/projecten/spoor-22/deelnemers/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sanne Jansen" in html
    assert "Verborgen" not in html
    assert [p.person for p in response.context["participations"]] == [world.person]
    event = AuditEvent.objects.get(object_type="programmes.projectparticipation", action="list")
    assert event.detail["person_ids"] == [world.person.pk]

    client.logout()
    login(client, world.outsider)
    html = client.get("/projecten/spoor-22/deelnemers/").content.decode()
    assert "Sanne" not in html and "Verborgen" not in html


def test_participants_page_not_for_other_roles(client, world, pilot):
    login(client, world.analyst)
    assert client.get("/projecten/spoor-22/deelnemers/").status_code == 404


def test_search_and_enrol_a_visible_person(client, world, pilot):
    login(client, world.coach)
    assert client.get("/projecten/spoor-22/deelnemers/?q=Jansen").context["results"] is None
    found = client.post("/projecten/spoor-22/deelnemers/", {"q": "Jansen"})
    assert [p for p, _form in found.context["results"]] == [world.person]
    url = f"/projecten/spoor-22/deelnemers/aanmelden/{world.person.pk}/"
    prefix = f"p{world.person.pk}"
    bad = client.post(
        url, {f"{prefix}-person": world.person.pk, f"{prefix}-joined_on": "2024-01-01"}
    )
    assert bad.status_code == 200
    assert "before the project starts" in bad.context["results"][0][1].errors["joined_on"][0]
    ok = client.post(
        url, {f"{prefix}-person": world.person.pk, f"{prefix}-joined_on": "2026-02-01"}
    )
    assert ok.status_code == 302
    participation = ProjectParticipation.objects.get()
    assert participation.joined_on == datetime.date(2026, 2, 1)
    event = AuditEvent.objects.get(object_type="programmes.projectparticipation", action="create")
    assert event.person_id == world.person.pk
    twice = client.post(
        url, {f"{prefix}-person": world.person.pk, f"{prefix}-joined_on": "2026-03-01"}
    )
    assert "already takes part" in str(twice.context["results"][0][1].errors)
    assert ProjectParticipation.objects.count() == 1


def test_outsider_cannot_find_or_enrol_an_invisible_person(client, world, pilot):
    login(client, world.outsider)
    found = client.post("/projecten/spoor-22/deelnemers/", {"q": "Jansen"})
    assert found.context["results"] == []
    url = f"/projecten/spoor-22/deelnemers/aanmelden/{world.person.pk}/"
    prefix = f"p{world.person.pk}"
    data = {f"{prefix}-person": world.person.pk, f"{prefix}-joined_on": "2026-02-01"}
    assert client.post(url, data).status_code == 404
    assert not ProjectParticipation.objects.exists()


def test_end_participation_not_before_joining(client, world, pilot):
    participation = ProjectParticipationFactory(
        project=pilot, person=world.person, joined_on=datetime.date(2026, 2, 1)
    )
    url = f"/projecten/spoor-22/deelnemers/{participation.pk}/beeindigen/"
    login(client, world.outsider)
    assert client.get(url).status_code == 404
    client.logout()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    login(client, world.coach)
    bad = client.post(url, {"left_on": "2026-01-15"})
    assert "before the day the young person joined" in bad.context["form"].errors["left_on"][0]
    assert client.post(url, {"left_on": "2026-03-01"}).status_code == 302
    participation.refresh_from_db()
    assert participation.left_on == datetime.date(2026, 3, 1)
    event = AuditEvent.objects.get(object_type="programmes.projectparticipation", action="update")
    assert event.person_id == world.person.pk


def test_service_refuses_an_invisible_person(world, pilot):
    coach = acting(world.coach)
    hidden = PersonFactory()
    with pytest.raises(services.ValidationError) as error:
        services.participation_start(
            project=pilot, person=hidden, joined_on=datetime.date(2026, 2, 1), by=coach
        )
    assert "person" in error.value.message_dict
    # The same call for a visible person goes through.
    services.participation_start(
        project=pilot, person=world.person, joined_on=datetime.date(2026, 2, 1), by=coach
    )
    assert ProjectParticipation.objects.get().person == world.person
