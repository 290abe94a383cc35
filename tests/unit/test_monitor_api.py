"""GET /api/v1/monitor/positions/: suppressed positions per group on a known fixture, a clear
400 per wrong parameter, only analysts and coordinators (403 for others), one audit row per
call with the parameters and no personal data, and a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.people.models import StatusEpisode
from dwarsverbinder.privacy.models import AuditEvent
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    PersonFactory,
    RegionFactory,
    SchoolCareerFactory,
)

URL = "/api/v1/monitor/positions/"
LEAVE = datetime.date(2023, 6, 30)  # cohort 2022-2023; 12 months on is 30 June 2024
EMPTY = dict.fromkeys(["onderwijs", "werk", "dagbesteding", "uitkering", "geen", "onbekend"], 0)


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _leavers(municipality, school, kind: str, count: int) -> None:
    """People who left in June 2023 and were in ``kind`` for the two years after."""
    for _ in range(count):
        person = PersonFactory(municipality=municipality)
        SchoolCareerFactory(person=person, school=school, leave_date=LEAVE)
        StatusEpisode.objects.create(
            person=person,
            kind=kind,
            start_date=LEAVE,
            end_date=datetime.date(2025, 6, 30),
            last_confirmed=LEAVE,
            source="school",
        )


@pytest.fixture
def cohort(world):
    """Four RMC regions: two large ones and two small ones (3 and 8 people)."""
    regions = {
        "a": world.rmc_region,
        "b": RegionFactory(code="rmc-b", name="RMC-regio B"),
        "c": RegionFactory(code="rmc-c", name="RMC-regio C"),
        "d": RegionFactory(code="rmc-d", name="RMC-regio D"),
    }
    places = {
        "a": world.municipality,
        **{k: MunicipalityFactory(code=f"gemeente-{k}", rmc_region=regions[k]) for k in "bcd"},
    }
    _leavers(places["a"], world.school, "onderwijs", 12)
    _leavers(places["a"], world.school, "werk", 10)
    _leavers(places["b"], world.school, "werk", 11)
    _leavers(places["b"], world.school, "geen", 10)
    _leavers(places["c"], world.school, "geen", 3)
    _leavers(places["d"], world.school, "geen", 8)
    return regions


def _get(client, **params):
    return client.get(URL, params)


def test_positions_per_region_with_small_groups_suppressed(client, world, cohort):
    client.force_login(world.analyst)
    response = _get(client, cohort="2022-2023", horizon=12, group_by="region")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["definition"] == "v1"
    assert (body["cohort"], body["horizon"], body["group_by"]) == ("2022-2023", 12, "region")
    assert body["minimum_cell_size"] == 10
    groups = {g["key"]: g for g in body["groups"]}
    assert set(groups) == {"rmc-rivierenland", "rmc-b", "rmc-c", "rmc-d"}

    a = groups["rmc-rivierenland"]
    assert a["label"] == "RMC-regio Rivierenland"
    assert a["total"] == 22
    assert a["positions"] == {**EMPTY, "onderwijs": 12, "werk": 10}
    assert a["zorg"] == 0
    assert a["lasting_outflow"] == 22
    assert a["indicators"] == {
        "education_or_work": 100.0,
        "neet": 0.0,
        "onbekend": 0.0,
        "lasting_outflow": 100.0,
        "placement": 0.0,
        "certificate": 0.0,
    }
    assert (a["placement"], a["certificate"]) == (0, 0)
    b = groups["rmc-b"]
    assert (b["total"], b["positions"]) == (21, {**EMPTY, "werk": 11, "geen": 10})
    assert b["indicators"]["education_or_work"] == 52.4
    assert b["indicators"]["neet"] == 47.6

    # Under 10: the total, the count and every share are hidden (zeros stay).
    for small in (groups["rmc-c"], groups["rmc-d"]):
        assert small["total"] is None
        assert small["positions"] == {**EMPTY, "geen": None}
        assert small["indicators"] == dict.fromkeys(a["indicators"], None)

    overall = body["overall"]
    assert overall["key"] is None
    assert overall["total"] == 54
    assert overall["positions"] == {**EMPTY, "onderwijs": 12, "werk": 21, "geen": 21}
    assert overall["indicators"]["education_or_work"] == 61.1
    assert overall["lasting_outflow"] == 33


def test_filters_narrow_the_population(client, world, cohort):
    client.force_login(world.analyst)
    body = _get(client, cohort="2022-2023", horizon=6, region="rmc-b").json()
    assert body["overall"]["total"] == 21
    assert body["overall"]["lasting_outflow"] is None  # not known before 12 months
    assert [g["key"] for g in body["groups"]] == [None]
    body = _get(
        client, cohort="2022-2023", horizon=6, group_by="school", municipality="gemeente-tiel"
    ).json()
    assert [(g["key"], g["total"]) for g in body["groups"]] == [("roc-rivor", 22)]
    body = _get(client, cohort="2022-2023", horizon=6, programme_type="havo").json()
    assert body["overall"]["total"] == 0


def test_a_horizon_not_yet_reached_counts_nobody(client, world, cohort):
    client.force_login(world.analyst)
    body = _get(client, cohort="2025-2026", horizon=24).json()
    assert body["overall"]["total"] == 0
    assert body["groups"] == [] or body["groups"][0]["total"] == 0


def test_a_coordinator_may_read_the_monitor(client, world, cohort):
    coordinator = MembershipFactory(organisation=world.rmc_office, role=Role.COORDINATOR).user
    client.force_login(coordinator)
    assert _get(client, cohort="2022-2023", horizon=12).status_code == 200


@pytest.mark.parametrize("who", ["coach", "privacy_officer", "administrator", "rmc_consultant"])
def test_other_roles_are_refused(client, world, cohort, who):
    client.force_login(getattr(world, who))
    assert _get(client, cohort="2022-2023", horizon=12).status_code == 403
    assert not AuditEvent.objects.filter(object_type="monitor.positions").exists()


def test_without_login_it_is_refused(client, cohort):
    assert _get(client, cohort="2022-2023", horizon=12).status_code == 403


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"horizon": 12}, "cohort", "school year"),
        ({"cohort": "2023/2024", "horizon": 12}, "cohort", "school year"),
        ({"cohort": "2023-2025", "horizon": 12}, "cohort", "school year"),
        ({"cohort": "23-24", "horizon": 12}, "cohort", "school year"),
        ({"cohort": "2023-2024"}, "horizon", "3, 6, 12, 18 or 24"),
        ({"cohort": "2023-2024", "horizon": 9}, "horizon", "3, 6, 12, 18 or 24"),
        ({"cohort": "2023-2024", "horizon": "twelve"}, "horizon", "3, 6, 12, 18 or 24"),
        ({"cohort": "2023-2024", "horizon": 12, "group_by": "city"}, "group_by", "group"),
        ({"cohort": "2023-2024", "horizon": 12, "region": "nowhere"}, "region", "RMC region"),
        (
            {"cohort": "2023-2024", "horizon": 12, "region": "gemeente-tiel"},
            "region",
            "RMC region",
        ),
        (
            {"cohort": "2023-2024", "horizon": 12, "municipality": "x"},
            "municipality",
            "municipality",
        ),
        ({"cohort": "2023-2024", "horizon": 12, "school": "gemeente-tiel"}, "school", "school"),
        ({"cohort": "2023-2024", "horizon": 12, "level": "two"}, "level", "1 to 4"),
        ({"cohort": "2023-2024", "horizon": 12, "level": 7}, "level", "1 to 4"),
        (
            {"cohort": "2023-2024", "horizon": 12, "programme_type": "x"},
            "programme_type",
            "programme type",
        ),
        ({"cohort": "2023-2024", "horizon": 12, "gender": "q"}, "gender", "gender"),
    ],
)
def test_bad_parameters_get_a_clear_400(client, world, english, params, field, message):
    client.force_login(world.analyst)
    response = _get(client, **params)
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert not AuditEvent.objects.filter(object_type="monitor.positions").exists()


def test_every_call_is_audited_without_personal_data(client, world, cohort):
    client.force_login(world.analyst)
    _get(client, cohort="2022-2023", horizon=12, group_by="school", region="rmc-b", level=2)
    event = AuditEvent.objects.get(object_type="monitor.positions")
    assert event.action == "view"
    assert event.actor_username == "analist"
    assert event.role == Role.ANALYST
    assert event.channel == "api"
    assert event.person_id is None
    assert event.detail == {
        "definition": "v1",
        "cohort": "2022-2023",
        "horizon": 12,
        "group_by": "school",
        "region": "rmc-b",
        "level": 2,
    }
    _get(client, cohort="2022-2023", horizon=6)
    assert AuditEvent.objects.filter(object_type="monitor.positions").count() == 2


def test_the_number_of_queries_does_not_grow_with_people(client, world, cohort):
    client.force_login(world.analyst)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = _get(client, cohort="2022-2023", horizon=12, group_by="municipality")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    _leavers(MunicipalityFactory(), world.school, "werk", 15)
    assert queries() == before


def test_a_pilot_against_the_rest_of_its_region(client, world, cohort, english):
    from dwarsverbinder.programmes.models import ProjectParticipation
    from tests.factories import ProjectFactory

    project = ProjectFactory(slug="werkfit", region=world.rmc_region)
    in_a = StatusEpisode.objects.filter(
        person__municipality=world.municipality, kind="werk"
    ).values_list("person_id", flat=True)
    ProjectParticipation.objects.bulk_create(
        ProjectParticipation(project=project, person_id=pk, joined_on=LEAVE) for pk in in_a
    )
    client.force_login(world.analyst)
    body = _get(client, cohort="2022-2023", horizon=12, group_by="pilot", project="werkfit").json()
    groups = {g["key"]: g for g in body["groups"]}
    assert groups["pilot"]["positions"] == {**EMPTY, "werk": 10}
    assert groups["rest"]["positions"] == {**EMPTY, "onderwijs": 12}
    assert groups["pilot"]["label"] == "In the pilot"
    only = _get(client, cohort="2022-2023", horizon=12, project="werkfit").json()
    assert only["overall"]["total"] == 10
    assert AuditEvent.objects.filter(detail__project="werkfit").count() == 2

    missing = _get(client, cohort="2022-2023", horizon=12, group_by="pilot")
    assert missing.status_code == 400
    assert "Choose the pilot" in missing.json()["project"][0]
    unknown = _get(client, cohort="2022-2023", horizon=12, project="nope")
    assert unknown.status_code == 400
    assert unknown.json()["project"] == ["There is no project with this code."]


def test_a_status_change_shows_in_the_monitor_at_once(client, world, settings):
    """No nightly batch: what a coach records through the file is counted on the next read."""
    from django.test import Client

    from tests.conftest import login

    settings.MIN_CELL_SIZE = 1
    leave = datetime.date(2025, 6, 30)  # cohort 2024-2025; + 3 months has passed
    SchoolCareerFactory(
        person=world.person,
        school=world.school,
        start_date=leave - datetime.timedelta(days=700),
        leave_date=leave,
    )
    client.force_login(world.analyst)

    def positions():
        body = _get(client, cohort="2024-2025", horizon=3).json()
        return {k: v for k, v in body["overall"]["positions"].items() if v}

    assert positions() == {"onbekend": 1}
    coach = Client()
    login(coach, world.coach)
    response = coach.post(
        f"/jongeren/{world.person.pk}/status/nieuw/",
        {"kind": "werk", "start_date": "2025-07-14", "end_date": "", "source": "coach"},
    )
    assert response.status_code == 302
    assert positions() == {"werk": 1}


def test_placements_that_lasted_and_certificates_are_counted(client, world, cohort):
    """Region A's 10 in work had a placement from the day after leaving; by 30 June 2024
    (12 months) it had lasted 6 months for the 6 still placed then, not for 4 who left it
    after 3 months. Region B's 11 in work earned a certificate on 1 March 2024."""
    from dwarsverbinder.employers.models import Certificate, Placement
    from tests.factories import EmployerFactory

    employer = EmployerFactory()
    in_work = list(
        StatusEpisode.objects.filter(kind="werk").order_by("person_id").select_related("person")
    )
    a = [e.person for e in in_work if e.person.municipality_id == world.municipality.pk]
    b = [e.person for e in in_work if e.person.municipality_id != world.municipality.pk]
    start = LEAVE + datetime.timedelta(days=1)
    Placement.objects.bulk_create(
        Placement(
            person=person,
            employer=employer,
            kind="baan",
            organisation=world.rmc_office,
            start_date=start,
            end_date=None if n < 6 else start + datetime.timedelta(days=90),
            hours=24,
        )
        for n, person in enumerate(a)
    )
    Certificate.objects.bulk_create(
        Certificate(person=p, kind="mbo-certificaat", name="Logistiek", issued_on=D(2024, 3, 1))
        for p in b
    )
    client.force_login(world.analyst)
    body = _get(client, cohort="2022-2023", horizon=12, group_by="region").json()
    groups = {g["key"]: g for g in body["groups"]}
    # 6 lasted, 16 did not: 6 is below the minimum, so it is hidden, and so is its share.
    assert groups["rmc-rivierenland"]["placement"] is None
    assert groups["rmc-rivierenland"]["indicators"]["placement"] is None
    assert groups["rmc-b"]["certificate"] == 11
    assert groups["rmc-b"]["indicators"]["certificate"] == 52.4
    # At 3 months nobody's placement had lasted 6 months yet; certificates came later.
    early = _get(client, cohort="2022-2023", horizon=3).json()["overall"]
    assert (early["placement"], early["certificate"]) == (0, 0)
    # 24 months: still 6 lasted placements in the whole (hidden: fewer than 10).
    late = _get(client, cohort="2022-2023", horizon=24, group_by="none").json()["overall"]
    assert late["placement"] is None and late["certificate"] == 11


D = datetime.date
