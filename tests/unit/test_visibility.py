"""Who sees a young person: decided once, in people_visible_to, with an outsider in every test."""

import pytest

from dwarsverbinder.people.selectors import people_visible_to
from dwarsverbinder.privacy.models import AuditEvent
from tests.conftest import login
from tests.factories import AssignmentFactory, PersonFactory


def _as(user):
    user.active_membership = user.memberships.select_related("organisation").first()
    return user


def test_school_sees_its_own_students(world):
    assert list(people_visible_to(user=_as(world.coach))) == [world.person]


def test_rmc_municipality_sees_residents_of_its_region(world):
    elsewhere = PersonFactory()  # lives in a municipality of another RMC region
    visible = set(people_visible_to(user=_as(world.rmc_consultant)))
    assert world.person in visible
    assert elsewhere not in visible


def test_outsider_sees_nobody(world):
    assert list(people_visible_to(user=_as(world.outsider))) == []


def test_an_open_assignment_gives_access_and_a_closed_one_does_not(world):
    import datetime

    assignment = AssignmentFactory(person=world.person, organisation=world.other_school)
    assert world.person in people_visible_to(user=_as(world.outsider))
    assignment.ended_at = datetime.date(2025, 1, 1)
    assignment.save()
    assert world.person not in people_visible_to(user=_as(world.outsider))


@pytest.mark.parametrize("username", ["analist", "fg", "beheer"])
def test_roles_without_casework_open_no_files(world, username):
    user = {"analist": world.analyst, "fg": world.privacy_officer, "beheer": world.administrator}
    assert list(people_visible_to(user=_as(user[username]))) == []


def test_no_membership_sees_nobody(world):
    world.coach.active_membership = None
    assert list(people_visible_to(user=world.coach)) == []


def test_opening_a_file_is_audited(client, world):
    login(client, world.coach)
    response = client.get(f"/jongeren/{world.person.pk}/")
    assert response.status_code == 200
    assert b"Sanne" in response.content
    event = AuditEvent.objects.get(action="view", object_type="people.person")
    assert event.actor_username == "coach"
    assert event.organisation_name == "ROC Rivor"
    assert event.person_id == world.person.pk
    assert event.ip_address == "127.0.0.1"


def test_outsider_gets_404_and_nothing_is_shown(client, world):
    login(client, world.outsider)
    response = client.get(f"/jongeren/{world.person.pk}/")
    assert response.status_code == 404
    assert b"Sanne" not in response.content
    assert not AuditEvent.objects.filter(action="view", object_type="people.person").exists()


def test_list_page_audits_the_ids_it_showed(client, world):
    login(client, world.coach)
    response = client.post("/jongeren/", {"q": "Jansen"})
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="list", object_type="people.person")
    assert event.detail["ids"] == [world.person.pk]
    assert event.detail["searched"] is True
    assert "Jansen" not in str(event.detail)  # the search term itself is never stored


def test_role_switch_changes_what_is_visible(client, world):
    from dwarsverbinder.accounts.constants import Role
    from tests.factories import MembershipFactory

    second = MembershipFactory(user=world.outsider, organisation=world.school, role=Role.COACH)
    login(client, world.outsider)
    client.post("/accounts/rol/", {"membership": second.pk, "next": "/"})
    assert client.get(f"/jongeren/{world.person.pk}/").status_code == 200
    event = AuditEvent.objects.get(action="view", object_type="people.person")
    assert event.organisation_name == "ROC Rivor"


def test_switching_to_a_role_you_do_not_hold_is_refused(client, world):
    login(client, world.outsider)
    coach_membership = world.coach.memberships.get()
    client.post("/accounts/rol/", {"membership": coach_membership.pk, "next": "/"})
    assert client.get(f"/jongeren/{world.person.pk}/").status_code == 404


def test_api_uses_the_same_visibility_and_audits(client, world):
    login(client, world.outsider)
    assert client.get("/api/v1/people/").json()["count"] == 0
    assert client.get(f"/api/v1/people/{world.person.pk}/").status_code == 404
    client.post("/accounts/logout/")
    login(client, world.coach)
    data = client.get(f"/api/v1/people/{world.person.pk}/").json()
    assert data["surname"] == "Jansen"
    assert AuditEvent.objects.filter(action="view", channel="api", actor_username="coach").exists()


def test_school_stops_seeing_a_leaver_after_the_follow_up_period(world, settings):
    import datetime

    from django.utils import timezone

    from dwarsverbinder.utils.dates import add_months

    career = world.person.school_careers.get()
    today = timezone.localdate()
    career.leave_date = add_months(today, -settings.SCHOOL_FOLLOW_UP_MONTHS) + datetime.timedelta(
        days=1
    )
    career.save()
    assert world.person in people_visible_to(user=_as(world.coach))
    career.leave_date = add_months(today, -settings.SCHOOL_FOLLOW_UP_MONTHS) - datetime.timedelta(
        days=1
    )
    career.save()
    assert world.person not in people_visible_to(user=_as(world.coach))
    # The RMC task for the region does not end with the school's.
    assert world.person in people_visible_to(user=_as(world.rmc_consultant))


def test_the_list_search_takes_a_bsn_by_post_and_finds_only_visible_people(client, world):
    from dwarsverbinder.people.services import identity_add_bsn

    identity_add_bsn(person=world.person, bsn="111222333", by=None)
    login(client, world.coach)
    response = client.post("/jongeren/", {"q": "111 222 333"})
    assert [p.pk for p in response.context["page"]] == [world.person.pk]
    assert response.request["PATH_INFO"] == "/jongeren/"  # nothing of the query in the URL
    client.post("/accounts/logout/")
    login(client, world.outsider)
    assert list(client.post("/jongeren/", {"q": "111222333"}).context["page"]) == []
