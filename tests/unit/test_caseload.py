"""The caseload, the search for a young person, the task list and who coaches whom.

As everywhere: the owner (the school's coach), a colleague, and an outsider who sees nothing.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.followup import selectors, services
from dwarsverbinder.followup.constants import SignalKind, TaskStatus
from dwarsverbinder.followup.models import Signal, Task
from dwarsverbinder.people import services as people_services
from dwarsverbinder.people.cohorts import cohort_label
from dwarsverbinder.people.models import Assignment, Person
from dwarsverbinder.privacy.models import AuditEvent
from tests.conftest import login
from tests.factories import MembershipFactory, PersonFactory, SchoolCareerFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
BSN = "111222333"  # passes the 11-proef


def _as(user):
    user.active_membership = user.memberships.select_related("organisation").first()
    return user


def _student(world, **person) -> Person:
    """A student of the school (so visible to its coaches), with these person fields."""
    fields = {f"person__{name}": value for name, value in person.items()}
    career = SchoolCareerFactory(
        school=world.school, person__municipality=world.municipality, **fields
    )
    return career.person


def _assigned(world, coach=None, **person) -> Person:
    student = _student(world, **person)
    services.assignment_start(
        person=student, organisation=world.school, coach=coach or world.coach, by=world.coach
    )
    return student


def _task(world, person, due, **extra) -> Task:
    return services.task_create(
        person=person,
        organisation=world.school,
        title="Bellen",
        due_date=due,
        by=world.coach,
        assigned_to=extra.pop("assigned_to", world.coach),
        **extra,
    )


def _signal(world, person, kind=SignalKind.OUT_OF_SIGHT) -> Signal:
    return Signal.objects.create(
        person=person, organisation=world.school, kind=kind, raised_on=TODAY
    )


@pytest.fixture
def colleague(world):
    return MembershipFactory(
        organisation=world.school, role=Role.COACH, user__username="collega"
    ).user


def _caseload(user, **filters) -> list[Person]:
    return list(selectors.caseload_for(user=_as(user), **filters))


# -- caseload contents -------------------------------------------------------------------


def test_mine_holds_my_open_assignments_and_the_organisation_holds_all(world, colleague):
    mine = _assigned(world, surname="Aalders")
    theirs = _assigned(world, coach=colleague, surname="Bakker")
    ended = _assigned(world, surname="Claes")
    services.assignment_end(assignment=ended.assignments.get(), by=world.coach)
    _student(world, surname="Dekker")  # visible to the school, but nobody's caseload

    assert _caseload(world.coach) == [mine]
    assert _caseload(world.coach, mine_only=False, sort="name") == [mine, theirs]
    assert _caseload(colleague) == [theirs]


def test_an_outsider_has_no_caseload_and_cannot_open_the_pages(client, world):
    person = _assigned(world)
    assert _caseload(world.outsider, mine_only=False) == []
    assert list(selectors.person_search(user=_as(world.outsider), query="Jansen")) == []
    assert list(selectors.tasks_for(user=_as(world.outsider), mine_only=False)) == []
    login(client, world.outsider)
    response = client.get("/volgen/?scope=organisation")
    assert response.status_code == 200
    assert person.surname.encode() not in response.content
    assert client.get(f"/volgen/jongeren/{person.pk}/coach/").status_code == 404
    task = person.tasks.first() or _task(world, person, TODAY)
    assert client.post(f"/volgen/taken/{task.pk}/klaar/").status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


@pytest.mark.parametrize("attribute", ["analyst", "privacy_officer", "administrator"])
def test_roles_without_casework_get_404(client, world, attribute):
    login(client, getattr(world, attribute))
    for url in ("/volgen/", "/volgen/taken/", f"/volgen/jongeren/{world.person.pk}/coach/"):
        assert client.get(url).status_code == 404, url


def test_the_caseload_is_built_on_the_visibility_selector(world, monkeypatch):
    _assigned(world)
    monkeypatch.setattr(selectors, "visible_person_ids", lambda *, user: None)
    assert _caseload(world.coach) == []


def test_rows_carry_tasks_signals_contacts_and_the_last_school_career(world):
    person = _assigned(world)
    career = person.school_careers.get()
    career.leave_date = TODAY - 40 * DAY
    career.save()
    _task(world, person, TODAY - 3 * DAY)
    _task(world, person, TODAY - 1 * DAY)
    _task(world, person, TODAY + 5 * DAY)
    _signal(world, person, SignalKind.NEET)
    _signal(world, person, SignalKind.OUT_OF_SIGHT)
    services.contact_log(
        person=person,
        organisation=world.school,
        by=world.coach,
        on=TODAY - 2 * DAY,
        channel="telefoon",
        outcome="niet_bereikt",
    )
    row = _caseload(world.coach)[0]
    assert row.next_due == TODAY - 3 * DAY
    assert row.overdue_count == 2
    assert row.signal_count == 2
    assert row.last_contact == TODAY - 2 * DAY
    assert row.last_leave_date == TODAY - 40 * DAY
    assert row.last_school_name == "ROC Rivor"


def test_urgency_puts_signals_first_then_overdue_then_soonest_due(world):
    calm = _assigned(world, surname="Aa")
    soon = _assigned(world, surname="Bb")
    overdue = _assigned(world, surname="Cc")
    signalled = _assigned(world, surname="Dd")
    _task(world, soon, TODAY + 2 * DAY)
    _task(world, calm, TODAY + 30 * DAY)
    _task(world, overdue, TODAY - 1 * DAY)
    _signal(world, signalled)
    assert _caseload(world.coach) == [signalled, overdue, soon, calm]
    assert _caseload(world.coach, sort="name") == [calm, soon, overdue, signalled]
    assert _caseload(world.coach, sort="due")[:3] == [overdue, soon, calm]


def test_sort_by_last_contact_puts_the_longest_silence_first(world):
    never = _assigned(world, surname="Aa")
    recent = _assigned(world, surname="Bb")
    long_ago = _assigned(world, surname="Cc")
    for person, days in ((recent, 1), (long_ago, 90)):
        services.contact_log(
            person=person,
            organisation=world.school,
            by=world.coach,
            on=TODAY - days * DAY,
            channel="telefoon",
            outcome="niet_bereikt",
        )
    assert _caseload(world.coach, sort="contact") == [never, long_ago, recent]


def test_filters_signal_kind_overdue_cohort_and_school(world):
    signalled = _assigned(world, surname="Aa")
    overdue = _assigned(world, surname="Bb")
    left = _assigned(world, surname="Cc")
    _signal(world, signalled, SignalKind.NEET)
    _task(world, overdue, TODAY - DAY)
    leave = datetime.date(TODAY.year - 2, 6, 30)
    career = left.school_careers.get()
    career.leave_date = leave
    career.save()
    # A later career at another school makes that school the last one.
    elsewhere = _assigned(world, surname="Dd")
    SchoolCareerFactory(person=elsewhere, school=world.other_school, start_date=TODAY - DAY)

    assert _caseload(world.coach, signal_kind=SignalKind.NEET) == [signalled]
    assert _caseload(world.coach, signal_kind=SignalKind.OUT_OF_SIGHT) == []
    assert _caseload(world.coach, overdue_only=True) == [overdue]
    assert _caseload(world.coach, cohort=cohort_label(leave)) == [left]
    assert _caseload(world.coach, school_id=world.other_school.pk) == [elsewhere]
    assert elsewhere not in _caseload(world.coach, school_id=world.school.pk)


def test_resolved_signals_and_other_organisations_tasks_do_not_count(world):
    person = _assigned(world)
    signal = _signal(world, person)
    signal.resolved_on = TODAY
    signal.save()
    Task.objects.create(
        person=person,
        organisation=world.rmc_office,
        kind="other",
        title="Elders",
        due_date=TODAY - DAY,
    )
    row = _caseload(world.coach)[0]
    assert (row.signal_count, row.overdue_count, row.next_due) == (0, 0, None)


# -- the page ------------------------------------------------------------------------------


def test_caseload_page_shows_rows_links_and_audits_the_ids(client, world, colleague):
    mine = _assigned(world, surname="Aalders")
    theirs = _assigned(world, coach=colleague, surname="Bakker")
    _signal(world, mine)
    people_services.episode_record(
        person=mine, kind="werk", start_date=TODAY - 10 * DAY, last_confirmed=TODAY, by=world.coach
    )
    login(client, world.coach)
    response = client.get("/volgen/")
    assert response.status_code == 200
    content = response.content.decode()
    assert f'href="/jongeren/{mine.pk}/"' in content
    assert f'href="/jongeren/{theirs.pk}/"' not in content
    assert [p.pk for p in response.context["page"]] == [mine.pk]
    assert response.context["page"][0].position_today.position == "werk"
    event = AuditEvent.objects.filter(action="list", object_type="people.person").latest("id")
    assert event.detail["ids"] == [mine.pk]

    response = client.get("/volgen/?scope=organisation&sort=name")
    assert [p.pk for p in response.context["page"]] == [mine.pk, theirs.pk]
    assert f'href="/volgen/jongeren/{theirs.pk}/coach/"' in response.content.decode()


def test_bad_filter_values_fall_back_to_the_defaults(client, world):
    person = _assigned(world)
    login(client, world.coach)
    response = client.get("/volgen/?sort=nonsense&cohort=1999&school=x&signal=nope")
    assert response.status_code == 200
    assert [p.pk for p in response.context["page"]] == [person.pk]


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow_caseload(world, n):
    for _ in range(n):
        person = _assigned(world)
        _task(world, person, TODAY - DAY)
        _signal(world, person)
        people_services.episode_record(
            person=person, kind="werk", start_date=TODAY, last_confirmed=TODAY, by=world.coach
        )
        services.contact_log(
            person=person,
            organisation=world.school,
            by=world.coach,
            on=TODAY,
            channel="telefoon",
            outcome="niet_bereikt",
        )


@pytest.mark.parametrize(
    "url",
    ["/volgen/", "/volgen/?scope=organisation&sort=contact&overdue=on", "/volgen/taken/"],
)
def test_caseload_pages_run_a_fixed_number_of_queries(client, world, url):
    login(client, world.coach)
    _grow_caseload(world, 3)
    small = _page_queries(client, url)
    _grow_caseload(world, 27)
    assert Person.objects.filter(assignments__organisation=world.school).count() == 30
    assert _page_queries(client, url) == small


# -- search --------------------------------------------------------------------------------


@pytest.fixture
def jan(world):
    person = _student(
        world,
        given_names="Jan Willem",
        tussenvoegsel="de",
        surname="Vries",
        date_of_birth=datetime.date(2006, 3, 9),
    )
    people_services.identity_add_student_number(
        person=person, school=world.school, number="S-4711", by=world.coach
    )
    people_services.identity_add_bsn(person=person, bsn=BSN, by=world.coach)
    return person


def _search(user, query) -> list[Person]:
    return list(selectors.person_search(user=_as(user), query=query))


@pytest.mark.parametrize(
    "query",
    [
        "Jan de Vries",
        "de vries",
        "VRIES",
        "Vries, Jan",
        "jan vries",
        "devries",
        "Willem",
        "09-03-2006",
        "2006-03-09",
        "9-3-2006",
        "S-4711",
        BSN,
        "1112 22 333",
    ],
)
def test_search_finds_by_name_birth_date_student_number_and_bsn(world, jan, query):
    assert _search(world.coach, query) == [jan]


@pytest.mark.parametrize("query", ["s-4711", "S-471", "111222334", "10-03-2006", "Pietersen", ""])
def test_search_does_not_find_near_misses(world, jan, query):
    assert _search(world.coach, query) == []


def test_an_eight_digit_bsn_is_read_with_its_leading_zero(world):
    person = _student(world)
    people_services.identity_add_bsn(person=person, bsn="012345672", by=world.coach)
    assert _search(world.coach, "12345672") == [person]


def test_search_covers_everyone_visible_but_nobody_else(world, jan):
    # Jan has no assignment: not in the caseload, but the school sees him.
    assert _caseload(world.coach) == []
    assert _search(world.coach, "Vries") == [jan]
    hidden = PersonFactory(surname="Vries", given_names="Jan")
    assert hidden not in _search(world.coach, "Vries")
    for query in ("Vries", BSN, "S-4711", "09-03-2006"):
        assert _search(world.outsider, query) == [], query


def test_search_page_is_posted_and_audits_ids_not_the_term(client, world, jan):
    login(client, world.coach)
    response = client.post("/volgen/", {"q": BSN})
    assert response.status_code == 200
    content = response.content.decode()
    assert f'href="/jongeren/{jan.pk}/"' in content
    event = AuditEvent.objects.filter(action="list").latest("id")
    assert event.detail == {"ids": [jan.pk], "count": 1, "searched": True}
    stored = str(list(AuditEvent.objects.values_list("detail", "changes")))
    assert BSN not in stored and "Vries" not in str(event.detail)
    assert client.post("/volgen/", {"q": ""}).status_code == 400


# -- tasks ---------------------------------------------------------------------------------


def test_tasks_page_lists_my_open_tasks_by_due_date_and_marks_overdue(client, world, colleague):
    person = _assigned(world)
    later = _task(world, person, TODAY + 9 * DAY)
    late = _task(world, person, TODAY - 2 * DAY)
    _task(world, person, TODAY, assigned_to=colleague)
    done = _task(world, person, TODAY)
    services.task_complete(task=done, by=world.coach)
    login(client, world.coach)
    response = client.get("/volgen/taken/")
    assert response.status_code == 200
    assert [t.pk for t in response.context["tasks"]] == [late.pk, later.pk]
    content = response.content.decode()
    assert content.count("dwv-row--overdue") == 1
    assert f'id="task-{late.pk}"' in content


def test_marking_a_task_done(client, world):
    person = _assigned(world)
    task = _task(world, person, TODAY)
    login(client, world.coach)
    response = client.post(f"/volgen/taken/{task.pk}/klaar/")
    assert response.status_code == 302
    assert response["Location"] == "/volgen/taken/"
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.done_by == world.coach
    assert client.get(f"/volgen/taken/{task.pk}/klaar/").status_code == 405
    # Done is done: the task is no longer open, so a second post finds nothing.
    assert client.post(f"/volgen/taken/{task.pk}/klaar/").status_code == 404


def test_next_after_done_stays_on_this_site(client, world):
    task = _task(world, _assigned(world), TODAY)
    login(client, world.coach)
    response = client.post(f"/volgen/taken/{task.pk}/klaar/", {"next": "https://evil.example/"})
    assert response["Location"] == "/volgen/taken/"


def test_adding_a_task_for_a_caseload_person(client, world):
    person = _assigned(world)
    login(client, world.coach)
    response = client.post(
        "/volgen/taken/",
        {"person": person.pk, "title": "Stage zoeken", "due_date": str(TODAY + 7 * DAY)},
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Stage zoeken")
    assert (task.person, task.organisation, task.assigned_to) == (
        person,
        world.school,
        world.coach,
    )


def test_a_bad_task_keeps_the_input_and_says_why(client, world):
    person = _assigned(world)
    stranger = PersonFactory()
    login(client, world.coach)
    response = client.post(
        "/volgen/taken/",
        {"person": person.pk, "title": "Terugbellen", "due_date": str(TODAY - DAY)},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["due_date"]
    assert 'value="Terugbellen"' in response.content.decode()
    response = client.post(
        "/volgen/taken/",
        {"person": stranger.pk, "title": "x", "due_date": str(TODAY + DAY)},
    )
    assert response.status_code == 400
    assert "person" in response.context["form"].errors
    assert not Task.objects.filter(person=stranger).exists()


# -- assignment and transfer ---------------------------------------------------------------


def _coach_url(person) -> str:
    return f"/volgen/jongeren/{person.pk}/coach/"


def test_coach_page_shows_current_assignments(client, world, colleague):
    person = _assigned(world, coach=colleague)
    login(client, world.coach)
    response = client.get(_coach_url(person))
    assert response.status_code == 200
    assert response.context["mine"].coach == colleague
    coaches = list(response.context["forms"].assign.fields["coach"].queryset)
    assert world.coach in coaches and colleague in coaches
    assert world.outsider not in coaches
    assert AuditEvent.objects.filter(action="view", person_id=person.pk).exists()


def test_assign_a_coach_take_over_and_end(client, world, colleague):
    person = _student(world)
    login(client, world.coach)
    response = client.post(_coach_url(person), {"action": "assign", "coach": colleague.pk})
    assert response.status_code == 302
    assignment = Assignment.objects.get(person=person, ended_at__isnull=True)
    assert (assignment.organisation, assignment.coach) == (world.school, colleague)

    assert client.post(_coach_url(person), {"action": "take_over"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.coach == world.coach
    assert Assignment.objects.filter(person=person).count() == 1

    assert client.post(_coach_url(person), {"action": "end"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_at == TODAY


def test_assigning_someone_from_elsewhere_is_refused(client, world):
    person = _student(world)
    login(client, world.coach)
    response = client.post(_coach_url(person), {"action": "assign", "coach": world.outsider.pk})
    assert response.status_code == 400
    assert "coach" in response.context["forms"].assign.errors
    assert not Assignment.objects.filter(person=person).exists()


def test_ending_without_an_assignment_says_so(client, world):
    login(client, world.coach)
    response = client.post(_coach_url(world.person), {"action": "end"})
    assert response.status_code == 400
    assert response.context["forms"].end_error


def test_transfer_to_another_organisation_and_coach(client, world):
    person = _assigned(world)
    _task(world, person, TODAY + DAY)
    login(client, world.coach)
    response = client.get(_coach_url(person), {"naar": world.rmc_office.pk})
    assert response.status_code == 200
    coaches = list(response.context["forms"].transfer.fields["coach"].queryset)
    assert coaches == [world.rmc_consultant]

    response = client.post(
        _coach_url(person),
        {
            "action": "transfer",
            "to_organisation": world.rmc_office.pk,
            "coach": world.rmc_consultant.pk,
        },
    )
    assert response.status_code == 302
    # Enrolled at the school, so still visible there: back to the coach page.
    assert response["Location"] == _coach_url(person)
    new = Assignment.objects.get(person=person, ended_at__isnull=True)
    assert (new.organisation, new.coach) == (world.rmc_office, world.rmc_consultant)
    old = Assignment.objects.get(person=person, organisation=world.school)
    assert old.ended_at == TODAY
    assert _caseload(world.coach) == []
    assert _caseload(world.rmc_consultant) == [person]


def test_transfer_errors_keep_the_input(client, world):
    person = _student(world)  # no open assignment at the school to hand over
    login(client, world.coach)
    data = {
        "action": "transfer",
        "to_organisation": world.rmc_office.pk,
        "coach": world.rmc_consultant.pk,
    }
    response = client.post(_coach_url(person), data)
    assert response.status_code == 400
    form = response.context["forms"].transfer
    assert form.non_field_errors()
    assert form["coach"].value() == str(world.rmc_consultant.pk)
    assert not Assignment.objects.filter(person=person).exists()

    _assigned_person = _assigned(world)
    for bad in (
        {**data, "coach": world.coach.pk},  # not a coach at the receiving organisation
        {**data, "to_organisation": world.school.pk},  # not to one's own organisation
    ):
        response = client.post(_coach_url(_assigned_person), bad)
        assert response.status_code == 400
        assert response.context["forms"].transfer.errors
    assert Assignment.objects.get(person=_assigned_person).ended_at is None


def test_coach_page_is_404_for_someone_out_of_sight(client, world):
    stranger = PersonFactory()
    login(client, world.coach)
    assert client.get(_coach_url(stranger)).status_code == 404
    response = client.post(_coach_url(stranger), {"action": "take_over"})
    assert response.status_code == 404
    assert not Assignment.objects.filter(person=stranger).exists()
