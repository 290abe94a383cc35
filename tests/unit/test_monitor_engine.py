"""The monitor's indicator engine (definition v1) against a plain, independent computation
on generated data, every horizon and breakdown; the edges one by one (31 July and 1
August, an episode ending on T, the 183-day staleness, 29 February, horizons not yet
reached, two leaves in a year, the cohort scope, zorg as a flag, lasting outflow); a fixed
number of queries per chunk of people; and suppression of what the selector returns."""

from __future__ import annotations

import datetime
import math
import random
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dwarsverbinder.employers.models import Certificate, Placement
from dwarsverbinder.monitor import engine, report
from dwarsverbinder.monitor.definitions import (
    CURRENT,
    DEFINITION_V1,
    DEFINITIONS,
    CohortScope,
)
from dwarsverbinder.monitor.engine import Filters
from dwarsverbinder.monitor.selectors import monitor_positions
from dwarsverbinder.people.models import Person, SchoolCareer, StatusEpisode
from dwarsverbinder.utils.dates import add_months
from tests.factories import (
    EmployerFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
)

D = datetime.date
DAY = datetime.timedelta(days=1)
HORIZONS = (3, 6, 12, 18, 24)
POSITIONS = ("onderwijs", "werk", "dagbesteding", "uitkering", "geen", "onbekend")
KINDS = ("onderwijs", "werk", "dagbesteding", "uitkering", "zorg", "geen")
PROGRAMMES = ("pro", "vso", "vmbo", "entree", "mbo_bol", "mbo_bbl", "havo", "vwo", "hbo", "wo")
GROUP_BYS = ("none", "region", "municipality", "school", "programme_type", "level", "gender")


# -- the reference: a plain reading of product.md, sharing no code with the engine ----------


def ref_plus_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month + months
    year = day.year
    while month > 12:
        month -= 12
        year += 1
    following = D(year + 1, 1, 1) if month == 12 else D(year, month + 1, 1)
    last_day = (following - DAY).day
    return D(year, month, min(day.day, last_day))


def ref_covers(episode, day) -> bool:
    if episode.start_date > day:
        return False
    if episode.end_date:
        return day <= episode.end_date
    return day <= episode.last_confirmed + datetime.timedelta(days=183)


def ref_position(episodes, day) -> str:
    for kind in ("onderwijs", "werk", "dagbesteding", "uitkering", "geen"):
        for episode in episodes:
            if episode.kind == kind and ref_covers(episode, day):
                return kind
    return "onbekend"


def ref_in_scope(career) -> bool:
    if career.programme_type in ("pro", "vso", "entree"):
        return True
    if career.programme_type in ("mbo_bol", "mbo_bbl") and career.level in (1, 2):
        return True
    return not career.startkwalificatie


def ref_group(person, career, group_by):
    municipality = person.municipality
    return {
        "none": None,
        "region": municipality.rmc_region_id if municipality else None,
        "municipality": municipality.id if municipality else None,
        "school": career.school_id,
        "programme_type": career.programme_type,
        "level": career.level,
        "gender": person.gender or None,
    }[group_by]


def reference(cohort, horizon, today, group_by, filters=engine.NO_FILTERS):
    """Count per group by looping over every person and every episode."""
    first_year = int(cohort[:4])
    year_start, year_end = D(first_year, 8, 1), D(first_year + 1, 7, 31)
    counts = {}
    for person in Person.objects.select_related("municipality"):
        careers = [
            c
            for c in SchoolCareer.objects.filter(person=person)
            if c.leave_date and year_start <= c.leave_date <= year_end and ref_in_scope(c)
        ]
        if not careers:
            continue
        career = careers[0]
        for other in careers:
            if (other.leave_date, other.id) > (career.leave_date, career.id):
                career = other
        municipality = person.municipality
        if filters.region is not None and (
            municipality is None or municipality.rmc_region_id != filters.region
        ):
            continue
        if filters.municipality is not None and person.municipality_id != filters.municipality:
            continue
        if filters.gender is not None and person.gender != filters.gender:
            continue
        if filters.school is not None and career.school_id != filters.school:
            continue
        if filters.programme_type is not None and career.programme_type != filters.programme_type:
            continue
        if filters.level is not None and career.level != filters.level:
            continue
        day = ref_plus_months(career.leave_date, horizon)
        if not day < today:
            continue
        episodes = list(StatusEpisode.objects.filter(person=person))
        key = ref_group(person, career, group_by)
        row = counts.setdefault(
            key,
            {
                "total": 0,
                "zorg": 0,
                "lasting": 0,
                "placement": 0,
                "certificate": 0,
                **dict.fromkeys(POSITIONS, 0),
            },
        )
        row["total"] += 1
        row["placement"] += any(
            ref_plus_months(p.start_date, 6) <= day
            and (p.end_date is None or p.end_date >= ref_plus_months(p.start_date, 6))
            for p in Placement.objects.filter(person=person)
        )
        row["certificate"] += Certificate.objects.filter(person=person, issued_on__lte=day).exists()
        row[ref_position(episodes, day)] += 1
        if any(e.kind == "zorg" and ref_covers(e, day) for e in episodes):
            row["zorg"] += 1
        lasting = all(
            ref_position(episodes, ref_plus_months(career.leave_date, h))
            in ("onderwijs", "werk", "dagbesteding")
            for h in (6, 12)
        )
        row["lasting"] += lasting if horizon >= 12 else 0
    return counts


def as_plain(groups, horizon):
    return {
        key: {
            "total": g.total,
            "zorg": g.flag,
            "lasting": g.lasting if horizon >= 12 else 0,
            "placement": g.placement,
            "certificate": g.certificate,
            **g.positions,
        }
        for key, g in groups.items()
        if g.total
    }


# -- generated data ------------------------------------------------------------------------


SPECIAL_LEAVE_DATES = [
    D(2023, 7, 31), D(2023, 8, 1), D(2024, 7, 31), D(2024, 8, 1), D(2023, 8, 31),
    D(2024, 8, 31), D(2023, 1, 31), D(2024, 1, 31), D(2023, 5, 31), D(2024, 2, 29),
    D(2023, 10, 31), D(2022, 8, 31), D(2025, 7, 31),
]  # fmt: skip


def _leave_date(rng: random.Random) -> datetime.date:
    if rng.random() < 0.35:
        return rng.choice(SPECIAL_LEAVE_DATES)
    return D(2022, 6, 1) + DAY * rng.randint(0, 1180)


def _career(rng, person, schools) -> SchoolCareer:
    programme = rng.choice(PROGRAMMES)
    level = rng.choice([1, 2, 2, 3, 4]) if programme.startswith("mbo") else None
    level = 1 if programme == "entree" and rng.random() < 0.7 else level
    leave = _leave_date(rng) if rng.random() < 0.9 else None
    diploma = rng.random() < 0.5
    return SchoolCareer(
        person=person,
        school=rng.choice(schools),
        programme_type=programme,
        level=level,
        start_date=D(2020, 8, 1),
        leave_date=leave,
        diploma=diploma,
        startkwalificatie=diploma and rng.random() < 0.7,
    )


def _episode(rng, person, leave_dates) -> StatusEpisode:
    kind = rng.choice(KINDS)
    anchor = rng.choice(leave_dates)
    start = anchor + DAY * rng.randint(-200, 700)
    end = start + DAY * rng.randint(0, 500) if rng.random() < 0.5 else None
    confirmed = start + DAY * rng.randint(0, 300)
    if rng.random() < 0.5:  # aim at the edges of a reference date
        day = ref_plus_months(anchor, rng.choice(HORIZONS))
        if rng.random() < 0.5:
            end = day + DAY * rng.choice([-1, 0, 1])
            start = min(start, end)
            confirmed = start
        else:
            end = None
            confirmed = day - DAY * (183 + rng.choice([-1, 0, 1]))
            start = min(start, confirmed)
    return StatusEpisode(
        person=person,
        kind=kind,
        start_date=start,
        end_date=end,
        last_confirmed=confirmed,
        source="school",
    )


def generate(count: int, seed: int, places) -> None:
    rng = random.Random(seed)
    municipalities, schools = places
    people = Person.objects.bulk_create(
        Person(
            given_names="Test",
            surname=f"Persoon {seed}-{n}",
            date_of_birth=D(2006, 1, 1),
            gender=rng.choice(["", "v", "m", "x"]),
            municipality=rng.choice([*municipalities, None]),
        )
        for n in range(count)
    )
    careers = [_career(rng, p, schools) for p in people for _ in range(rng.choice([1, 1, 2, 3]))]
    SchoolCareer.objects.bulk_create(careers)
    leaves = defaultdict(list)
    for career in careers:
        leaves[career.person_id].append(career.leave_date or D(2023, 6, 30))
    StatusEpisode.objects.bulk_create(
        _episode(rng, p, leaves[p.id]) for p in people for _ in range(rng.randint(0, 5))
    )
    employer = EmployerFactory()
    placer = OrganisationFactory()
    placements, certificates = [], []
    for person in people:
        anchor = rng.choice(leaves[person.id])
        for _ in range(rng.choice([0, 0, 1, 2])):
            start = anchor + DAY * rng.randint(-100, 500)
            end = start + DAY * rng.randint(0, 400) if rng.random() < 0.6 else None
            if rng.random() < 0.3:  # aim at the 6-month edge of a reference date
                day = ref_plus_months(anchor, rng.choice(HORIZONS))
                start = add_months(day, -6) + DAY * rng.choice([-1, 0, 1])
                end = ref_plus_months(start, 6) + DAY * rng.choice([-1, 0, 1])
            placements.append(
                Placement(
                    person=person,
                    employer=employer,
                    kind="baan",
                    organisation=placer,
                    start_date=start,
                    end_date=end,
                    hours=24,
                )
            )
        if rng.random() < 0.3:
            certificates.append(
                Certificate(
                    person=person,
                    kind="praktijkverklaring",
                    name="Praktijkverklaring",
                    issued_on=anchor + DAY * rng.randint(-30, 700),
                )
            )
    Placement.objects.bulk_create(placements)
    Certificate.objects.bulk_create(certificates)


@pytest.fixture
def places(db):
    north, south = RegionFactory(), RegionFactory()
    municipalities = [
        MunicipalityFactory(rmc_region=north),
        MunicipalityFactory(rmc_region=north),
        MunicipalityFactory(rmc_region=south),
        MunicipalityFactory(rmc_region=south),
        MunicipalityFactory(rmc_region=None),
    ]
    schools = [OrganisationFactory(school=True) for _ in range(4)]
    return municipalities, schools


@pytest.fixture
def generated(places):
    generate(300, seed=20240229, places=places)
    return places


# -- the engine against the reference --------------------------------------------------------

TODAY = D(2025, 9, 10)


@pytest.mark.parametrize("cohort", ["2022-2023", "2023-2024", "2024-2025"])
@pytest.mark.parametrize("horizon", HORIZONS)
def test_engine_matches_the_plain_computation(generated, cohort, horizon):
    raw = engine.compute(cohort=cohort, horizon=horizon, today=TODAY)
    assert raw.definition.version == "v1"
    for group_by in GROUP_BYS:
        expected = reference(cohort, horizon, TODAY, group_by)
        assert as_plain(raw.groups(group_by), horizon) == expected, group_by
    if cohort == "2022-2023":  # every horizon reached: the data is not trivial
        assert raw.overall.total > 30
        assert min(raw.overall.positions.values()) > 0
        assert 0 < raw.overall.certificate < raw.overall.total
        if horizon >= 12:
            assert 0 < raw.overall.placement < raw.overall.total


def test_the_generated_data_reaches_its_edges(generated):
    reached = engine.compute(cohort="2023-2024", horizon=24, today=TODAY).overall.total
    everyone = engine.compute(cohort="2023-2024", horizon=24, today=D(2030, 1, 1)).overall.total
    assert 0 < reached < everyone


@pytest.mark.parametrize(
    "make_filters",
    [
        lambda m, s: Filters(region=m[0].rmc_region_id),
        lambda m, s: Filters(municipality=m[2].id, gender="v"),
        lambda m, s: Filters(school=s[1].id, programme_type="mbo_bol"),
        lambda m, s: Filters(level=2),
        lambda m, s: Filters(region=m[3].rmc_region_id, level=1, programme_type="entree"),
    ],
)
@pytest.mark.parametrize("horizon", [6, 12])
def test_filters_match_the_plain_computation(generated, make_filters, horizon):
    filters = make_filters(*generated)
    raw = engine.compute(cohort="2022-2023", horizon=horizon, today=TODAY, filters=filters)
    assert raw.overall.total > 0
    for group_by in ("none", "school", "gender", "level"):
        expected = reference("2022-2023", horizon, TODAY, group_by, filters)
        assert as_plain(raw.groups(group_by), horizon) == expected, group_by


# -- the edges one by one --------------------------------------------------------------------


@pytest.fixture
def place(places):
    municipalities, schools = places
    return municipalities[0], schools[0]


def leaver(place, leave, *, programme="mbo_bol", level=2, sk=False, episodes=(), **person):
    municipality, school = place
    someone = Person.objects.create(
        given_names="A",
        surname="B",
        date_of_birth=D(2006, 1, 1),
        municipality=person.pop("municipality", municipality),
        **person,
    )
    add_career(someone, school, leave, programme=programme, level=level, sk=sk)
    for kind, start, end, confirmed in episodes:
        StatusEpisode.objects.create(
            person=someone,
            kind=kind,
            start_date=start,
            end_date=end,
            last_confirmed=confirmed or start,
            source="school",
        )
    return someone


def add_career(person, school, leave, *, programme="mbo_bol", level=2, sk=False):
    return SchoolCareer.objects.create(
        person=person,
        school=school,
        programme_type=programme,
        level=level,
        start_date=D(2020, 8, 1),
        leave_date=leave,
        diploma=sk,
        startkwalificatie=sk,
    )


LATER = D(2030, 1, 1)


def outcome_of(person, cohort, horizon, today=LATER):
    members = engine.cohort_members(cohort=cohort, scope=DEFINITION_V1.scope)
    found = [
        o
        for o in engine.outcomes(members, horizon=horizon, today=today, definition=DEFINITION_V1)
        if o.member.person_id == person.pk
    ]
    return found[0] if found else None


def test_31_july_and_1_august_fall_in_different_school_years(place):
    july = leaver(place, D(2024, 7, 31))
    august = leaver(place, D(2024, 8, 1))
    assert outcome_of(july, "2023-2024", 3) is not None
    assert outcome_of(july, "2024-2025", 3) is None
    assert outcome_of(august, "2024-2025", 3) is not None
    assert outcome_of(august, "2023-2024", 3) is None


def test_an_episode_ending_exactly_on_t_covers_it(place):
    # 15 March 2024 + 6 months = 15 September 2024.
    on_t = leaver(place, D(2024, 3, 15), episodes=[("werk", D(2024, 4, 1), D(2024, 9, 15), None)])
    day_before = leaver(
        place, D(2024, 3, 15), episodes=[("werk", D(2024, 4, 1), D(2024, 9, 14), None)]
    )
    starts_on_t = leaver(place, D(2024, 3, 15), episodes=[("werk", D(2024, 9, 15), None, None)])
    assert outcome_of(on_t, "2023-2024", 6).position == "werk"
    assert outcome_of(day_before, "2023-2024", 6).position == "onbekend"
    assert outcome_of(starts_on_t, "2023-2024", 6).position == "werk"


def test_an_open_episode_covers_183_days_after_it_was_last_confirmed(place):
    t = D(2024, 9, 15)
    fresh = leaver(place, D(2024, 3, 15), episodes=[("werk", D(2024, 1, 1), None, t - 183 * DAY)])
    stale = leaver(place, D(2024, 3, 15), episodes=[("werk", D(2024, 1, 1), None, t - 184 * DAY)])
    assert outcome_of(fresh, "2023-2024", 6).position == "werk"
    assert outcome_of(stale, "2023-2024", 6).position == "onbekend"


def test_31_august_plus_6_months_is_the_end_of_february(place):
    leap = leaver(place, D(2023, 8, 31), episodes=[("werk", D(2024, 2, 29), D(2024, 2, 29), None)])
    plain = leaver(place, D(2024, 8, 31), episodes=[("werk", D(2025, 2, 28), D(2025, 2, 28), None)])
    assert outcome_of(leap, "2023-2024", 6).reference_date == D(2024, 2, 29)
    assert outcome_of(leap, "2023-2024", 6).position == "werk"
    assert outcome_of(plain, "2024-2025", 6).reference_date == D(2025, 2, 28)
    assert outcome_of(plain, "2024-2025", 6).position == "werk"


def test_a_horizon_counts_only_once_its_date_has_passed(place):
    leaver(place, D(2024, 3, 15))  # 12 months: 15 March 2025
    on_the_day = engine.compute(cohort="2023-2024", horizon=12, today=D(2025, 3, 15))
    day_after = engine.compute(cohort="2023-2024", horizon=12, today=D(2025, 3, 16))
    assert on_the_day.overall.total == 0
    assert day_after.overall.total == 1


def test_two_leaves_in_one_school_year_count_once_with_the_last(places):
    municipalities, schools = places
    person = leaver(
        (municipalities[0], schools[0]),
        D(2023, 10, 1),
        episodes=[("werk", D(2024, 4, 1), D(2024, 4, 30), None)],
    )
    add_career(person, schools[1], D(2024, 4, 1), programme="entree", level=1)
    raw = engine.compute(cohort="2023-2024", horizon=3, today=D(2030, 1, 1))
    assert raw.overall.total == 1
    # T is 1 July 2024 (from the last leave), not 1 January 2024 when the werk had not begun.
    assert raw.overall.positions["onbekend"] == 1
    assert list(raw.groups("school")) == [schools[1].pk]
    assert list(raw.groups("programme_type")) == ["entree"]
    # Filtering on the first school finds nobody: the person counts with the last career.
    only_first = engine.compute(
        cohort="2023-2024", horizon=3, today=D(2030, 1, 1), filters=Filters(school=schools[0].pk)
    )
    assert only_first.overall.total == 0


def test_the_cohort_scope(place):
    in_scope = [
        leaver(place, D(2024, 3, 1), programme="pro", level=None, sk=False),
        leaver(place, D(2024, 3, 1), programme="vso", level=None, sk=False),
        leaver(place, D(2024, 3, 1), programme="entree", level=1, sk=False),
        leaver(place, D(2024, 3, 1), programme="mbo_bol", level=1, sk=False),
        leaver(place, D(2024, 3, 1), programme="mbo_bbl", level=2, sk=True),
        leaver(place, D(2024, 3, 1), programme="mbo_bol", level=3, sk=False),
        leaver(place, D(2024, 3, 1), programme="vmbo", level=None, sk=False),
        leaver(place, D(2024, 3, 1), programme="havo", level=None, sk=False),
    ]
    out_of_scope = [
        leaver(place, D(2024, 3, 1), programme="mbo_bol", level=3, sk=True),
        leaver(place, D(2024, 3, 1), programme="havo", level=None, sk=True),
        leaver(place, D(2024, 3, 1), programme="hbo", level=None, sk=True),
    ]
    members = {
        m.person_id for m in engine.cohort_members(cohort="2023-2024", scope=DEFINITION_V1.scope)
    }
    assert members == {p.pk for p in in_scope}
    assert not members & {p.pk for p in out_of_scope}


def test_a_region_can_pass_a_scope_of_its_own(place):
    vso = leaver(place, D(2024, 3, 1), programme="vso", level=None, sk=False)
    leaver(place, D(2024, 3, 1), programme="vmbo", level=None, sk=False)
    only_vso = CohortScope(
        programme_types=frozenset({"vso"}),
        levelled_programme_types=frozenset(),
        levels=frozenset(),
        without_startkwalificatie=False,
    )
    members = engine.cohort_members(cohort="2023-2024", scope=only_vso)
    assert [m.person_id for m in members] == [vso.pk]
    raw = engine.compute(cohort="2023-2024", horizon=3, today=D(2030, 1, 1), scope=only_vso)
    assert raw.overall.total == 1


def test_an_out_of_scope_career_does_not_move_the_leave_date(places):
    municipalities, schools = places
    person = leaver((municipalities[0], schools[0]), D(2023, 10, 1))
    add_career(person, schools[1], D(2024, 6, 1), programme="havo", level=None, sk=True)
    outcome = outcome_of(person, "2023-2024", 3)
    assert outcome.member.leave_date == D(2023, 10, 1)
    assert outcome.member.school == schools[0].pk


def test_zorg_is_a_flag_and_never_the_position(place):
    only_care = leaver(
        place, D(2024, 3, 1), episodes=[("zorg", D(2024, 1, 1), None, D(2024, 6, 1))]
    )
    care_and_none = leaver(
        place,
        D(2024, 3, 1),
        episodes=[
            ("zorg", D(2024, 1, 1), None, D(2024, 6, 1)),
            ("geen", D(2024, 1, 1), None, D(2024, 6, 1)),
        ],
    )
    first = outcome_of(only_care, "2023-2024", 3)
    second = outcome_of(care_and_none, "2023-2024", 3)
    assert (first.position, first.flag) == ("onbekend", True)
    assert (second.position, second.flag) == ("geen", True)
    raw = engine.compute(cohort="2023-2024", horizon=3, today=D(2030, 1, 1))
    assert raw.overall.flag == 2
    assert raw.overall.positions == {**dict.fromkeys(POSITIONS, 0), "onbekend": 1, "geen": 1}


def test_the_order_of_positions(place):
    everything = [(kind, D(2024, 1, 1), D(2025, 12, 31), None) for kind in KINDS]
    leaver(place, D(2024, 3, 1), episodes=everything)
    leaver(place, D(2024, 3, 1), episodes=everything[1:])
    leaver(place, D(2024, 3, 1), episodes=everything[2:])
    leaver(place, D(2024, 3, 1), episodes=everything[3:])
    leaver(place, D(2024, 3, 1), episodes=everything[4:])
    raw = engine.compute(cohort="2023-2024", horizon=6, today=D(2030, 1, 1))
    assert raw.overall.positions == {
        "onderwijs": 1, "werk": 1, "dagbesteding": 1, "uitkering": 1, "geen": 1, "onbekend": 0
    }  # fmt: skip
    assert raw.overall.flag == 5


def test_lasting_outflow_needs_both_6_and_12_months(place):
    leave = D(2024, 1, 15)  # 6 months: 15 July 2024; 12 months: 15 January 2025
    leaver(place, leave, episodes=[("werk", D(2024, 2, 1), D(2025, 6, 30), None)])
    leaver(
        place,
        leave,
        episodes=[
            ("dagbesteding", D(2024, 2, 1), D(2024, 9, 30), None),
            ("onderwijs", D(2024, 10, 1), D(2025, 6, 30), None),
        ],
    )
    leaver(place, leave, episodes=[("werk", D(2024, 2, 1), D(2024, 12, 31), None)])
    leaver(place, leave, episodes=[("onderwijs", D(2024, 8, 1), D(2025, 6, 30), None)])
    for horizon in (12, 18, 24):
        raw = engine.compute(cohort="2023-2024", horizon=horizon, today=D(2030, 1, 1))
        assert raw.overall.lasting == 2
    for horizon in (3, 6):
        raw = engine.compute(cohort="2023-2024", horizon=horizon, today=D(2030, 1, 1))
        assert raw.overall.lasting is None


def test_bad_input_is_refused(place):
    with pytest.raises(ValueError):
        engine.compute(cohort="2023-2025", horizon=12)
    with pytest.raises(ValueError):
        engine.compute(cohort="2023-2024", horizon=9)
    with pytest.raises(ValueError):
        report.publish(engine.compute(cohort="2023-2024", horizon=12), group_by="x", minimum=10)


# -- queries -------------------------------------------------------------------------------


def _queries(**kwargs) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        raw = engine.compute(cohort="2023-2024", horizon=12, today=D(2030, 1, 1), **kwargs)
    return len(ctx.captured_queries), raw.overall.total


def _leavers(place, count):
    for n in range(count):
        leaver(
            place,
            D(2024, 1, 1) + n * DAY,
            episodes=[
                ("werk", D(2024, 2, 1), None, D(2024, 12, 1)),
                ("zorg", D(2024, 1, 1), None, None),
            ],
        )


def test_the_number_of_queries_does_not_grow_with_people(place):
    _leavers(place, 20)
    few, counted = _queries()
    assert counted == 20
    _leavers(place, 180)
    many, counted = _queries()
    assert counted == 200
    # The cohort, then one chunk: its episodes, placements and certificates.
    assert few == many == 4


def test_queries_grow_per_chunk_of_people_not_per_person(place):
    _leavers(place, 20)
    few, _ = _queries(chunk_size=7)
    _leavers(place, 180)
    many, _ = _queries(chunk_size=7)
    # One query for the cohort, then three per chunk of seven people (episodes,
    # placements, certificates).
    assert few == 1 + 3 * math.ceil(20 / 7)
    assert many == 1 + 3 * math.ceil(200 / 7)


def test_every_horizon_in_one_pass_reads_the_episodes_once(place):
    _leavers(place, 20)
    with CaptureQueriesContext(connection) as ctx:
        results = engine.compute_horizons(cohort="2023-2024", today=LATER, chunk_size=7)
    # The same queries as one horizon: the cohort once, each chunk's facts once.
    assert len(ctx) == 1 + 3 * math.ceil(20 / 7)
    assert sorted(results) == list(HORIZONS)
    assert {h: r.overall.total for h, r in results.items()} == dict.fromkeys(HORIZONS, 20)


@pytest.mark.parametrize("cohort", ["2022-2023", "2023-2024"])
def test_one_pass_over_every_horizon_equals_one_horizon_at_a_time(generated, cohort):
    together = engine.compute_horizons(cohort=cohort, today=TODAY, chunk_size=13)
    for horizon in HORIZONS:
        alone = engine.compute(cohort=cohort, horizon=horizon, today=TODAY)
        for group_by in GROUP_BYS:
            assert as_plain(together[horizon].groups(group_by), horizon) == as_plain(
                alone.groups(group_by), horizon
            ), (horizon, group_by)
    with pytest.raises(ValueError):
        engine.compute_horizons(cohort=cohort, horizons=(7,))


# -- definitions ---------------------------------------------------------------------------


def test_definitions_are_versioned():
    assert CURRENT == "v1"
    assert DEFINITIONS["v1"] is DEFINITION_V1
    assert DEFINITION_V1.horizons == HORIZONS
    assert DEFINITION_V1.positions == POSITIONS
    assert DEFINITION_V1.stale_after == datetime.timedelta(days=183)


def test_v1_agrees_with_the_positions_of_the_file():
    """The person's file (people/positions.py) and the monitor use the same rules."""
    from dwarsverbinder.people import positions

    assert DEFINITION_V1.version == positions.DEFINITION_VERSION
    assert DEFINITION_V1.stale_after == positions.STALE_AFTER
    assert tuple(map(str, positions.PRECEDENCE)) == DEFINITION_V1.position_order


# -- what the selector gives out is suppressed ---------------------------------------------


def test_the_selector_hides_small_counts_that_the_engine_counted(place, places):
    municipalities, schools = places
    for _ in range(12):
        leaver(place, D(2024, 3, 1), episodes=[("werk", D(2024, 1, 1), D(2026, 1, 1), None)])
    for _ in range(3):
        leaver(
            (municipalities[2], schools[0]),
            D(2024, 3, 1),
            episodes=[("geen", D(2024, 1, 1), D(2026, 1, 1), None)],
        )
    raw = engine.compute(cohort="2023-2024", horizon=12, today=D(2030, 1, 1))
    south = municipalities[2].rmc_region_id
    assert raw.groups("region")[south].positions["geen"] == 3
    shown = monitor_positions(cohort="2023-2024", horizon=12, group_by="region", minimum=10)
    assert shown.definition == "v1"
    by_key = {g.key: g for g in shown.groups}
    small = by_key[municipalities[2].rmc_region.code]
    assert small.total is None
    assert small.positions["geen"] is None
    assert small.indicators["neet"] is None
    # The other region's total would give the 3 back from the whole (15): hidden too.
    assert by_key[municipalities[0].rmc_region.code].total is None
    assert shown.overall.total == 15
    assert shown.overall.positions["geen"] is None


def _line_is_safe(cells: list[int | None], raw_cells: list[int], total, minimum) -> bool:
    """No hidden cell follows from this line and its shown total."""
    if total is None:
        return True
    hidden = [raw for shown, raw in zip(cells, raw_cells, strict=True) if shown is None]
    pool = sum(hidden)
    return not hidden or (len(hidden) > 1 and pool >= minimum) or pool == 0


@pytest.mark.parametrize("horizon", [6, 12])
@pytest.mark.parametrize("minimum", [5, 10])
def test_published_tables_never_give_a_hidden_count_back(generated, horizon, minimum):
    raw = engine.compute(cohort="2022-2023", horizon=horizon, today=TODAY)
    overall = report.publish(raw, group_by="none", minimum=minimum).overall
    for group_by in GROUP_BYS:
        published = report.publish(raw, group_by=group_by, minimum=minimum)
        assert published.overall == overall  # the same whole, whatever the breakdown
        groups = raw.groups(group_by)
        for group in published.groups:
            counts = groups[group.key]
            shown = [group.positions[p] for p in POSITIONS]
            assert all(
                s is None or s == counts.positions[p] for s, p in zip(shown, POSITIONS, strict=True)
            )
            assert all(s is None or s >= minimum or s == 0 for s in shown)
            assert _line_is_safe(
                shown, [counts.positions[p] for p in POSITIONS], group.total, minimum
            )
        for position in POSITIONS:
            column = [g.positions[position] for g in published.groups]
            raw_column = [groups[g.key].positions[position] for g in published.groups]
            assert _line_is_safe(column, raw_column, overall.positions[position], minimum)
        totals = [g.total for g in published.groups]
        raw_totals = [groups[g.key].total for g in published.groups]
        assert _line_is_safe(totals, raw_totals, overall.total, minimum)
        for group in [*published.groups, published.overall]:
            for indicator in DEFINITION_V1.headline:
                parts = [group.positions[p] for p in indicator.positions]
                hidden = group.total is None or None in parts or group.total == 0
                assert (group.indicators[indicator.name] is None) == hidden
        flags = [g.flag for g in published.groups]
        raw_flags = [groups[g.key].flag for g in published.groups]
        assert _line_is_safe(flags, raw_flags, overall.flag, minimum)
