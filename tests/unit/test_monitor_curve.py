"""Time to first work or education (Kaplan–Meier) against a plain computation that walks
every day after leaving, on the engine test's generated data; the edges (an episode ending
on the leave date, starting on it, the last day of month 1, staleness, censoring); its
publication (no counts, small groups and months hidden); and the project filter and the
pilot comparison of the engine against a plain selection."""

# The generated data and places are the engine test's fixtures, imported by name.
# ruff: noqa: F811

from __future__ import annotations

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dwarsverbinder.monitor import engine, survival
from dwarsverbinder.monitor.definitions import DEFINITION_V1
from dwarsverbinder.monitor.engine import Filters
from dwarsverbinder.monitor.selectors import monitor_curve, monitor_positions
from dwarsverbinder.people.models import Person, SchoolCareer, StatusEpisode
from dwarsverbinder.programmes.models import ProjectParticipation
from tests.factories import ProjectFactory
from tests.unit.test_monitor_engine import (  # noqa: F401
    TODAY,
    generated,
    leaver,
    place,
    places,
    ref_covers,
    ref_in_scope,
    ref_plus_months,
    ref_position,
)

D = datetime.date
DAY = datetime.timedelta(days=1)
MONTHS = 24


# -- the reference: walk day by day ----------------------------------------------------------


def ref_members(cohort):
    """(person, career) of everyone in the cohort, with the last in-scope career."""
    first_year = int(cohort[:4])
    start, end = D(first_year, 8, 1), D(first_year + 1, 7, 31)
    found = []
    for person in Person.objects.select_related("municipality"):
        careers = [
            c
            for c in SchoolCareer.objects.filter(person=person)
            if c.leave_date and start <= c.leave_date <= end and ref_in_scope(c)
        ]
        if careers:
            found.append((person, max(careers, key=lambda c: (c.leave_date, c.id))))
    return found


def ref_wait(person, leave, today):
    """(month the wait ended in or None, months followed)."""
    followed = sum(1 for k in range(1, MONTHS + 1) if ref_plus_months(leave, k) < today)
    episodes = [
        e for e in StatusEpisode.objects.filter(person=person) if e.kind in ("onderwijs", "werk")
    ]
    day = leave + DAY
    last = ref_plus_months(leave, MONTHS)
    while day <= last:
        if any(ref_covers(e, day) for e in episodes):
            month = next(k for k in range(1, MONTHS + 1) if day <= ref_plus_months(leave, k))
            return month, followed
        day += DAY
    return None, followed


def ref_curve(waits):
    """1 - S(k) per month by the Kaplan–Meier product, from (ended_in, followed) pairs."""
    surviving, shares = 1.0, []
    for k in range(1, MONTHS + 1):
        at_risk = [w for w in waits if w[1] >= k and (w[0] is None or w[0] >= k)]
        events = [w for w in at_risk if w[0] == k]
        if at_risk:
            surviving *= 1 - len(events) / len(at_risk)
        shares.append(1 - surviving)
    return shares


@pytest.mark.parametrize("cohort", ["2022-2023", "2023-2024", "2024-2025"])
def test_the_curve_matches_the_plain_computation(generated, cohort):
    members = ref_members(cohort)
    waits = {p.pk: ref_wait(p, c.leave_date, TODAY) for p, c in members}
    raw = survival.compute(cohort=cohort, group_by="gender", today=TODAY)
    followed = [w for w in waits.values() if w[1] >= 1]
    assert raw.overall.size == len(followed) > 0
    assert raw.overall.started() == pytest.approx(ref_curve(followed))
    for gender in {p.gender or None for p, _ in members}:
        group = [waits[p.pk] for p, _ in members if (p.gender or None) == gender]
        group = [w for w in group if w[1] >= 1]
        if group:
            assert raw.groups[gender].started() == pytest.approx(ref_curve(group)), gender
    if cohort == "2022-2023":  # the data is not trivial: waits end early, late and never
        ended = [w[0] for w in followed]
        assert 1 in ended and None in ended and any(m and m > 3 for m in ended)


def test_a_later_cohort_is_censored(generated):
    """People who left in 2024-2025 are followed for fewer months, not counted as waiting."""
    raw = survival.compute(cohort="2024-2025", today=TODAY)
    assert raw.overall.at_risk[0] > 0
    assert raw.overall.at_risk[MONTHS - 1] == 0


# -- the edges -------------------------------------------------------------------------------

LATER = D(2030, 1, 1)
LEAVE = D(2023, 6, 30)


def wait(person, today=LATER):
    members = [
        m
        for m in engine.cohort_members(cohort="2022-2023", scope=DEFINITION_V1.scope)
        if m.person_id == person.pk
    ]
    (found,) = survival.waits(members, today=today, definition=DEFINITION_V1)
    return found.ended_in, found.followed


def test_an_episode_ending_on_the_leave_date_does_not_end_the_wait(place):
    person = leaver(place, LEAVE, episodes=[("onderwijs", D(2020, 8, 1), LEAVE, None)])
    assert wait(person) == (None, MONTHS)


def test_an_episode_covering_the_day_after_leaving_ends_it_in_month_1(place):
    person = leaver(place, LEAVE, episodes=[("werk", LEAVE, None, LEAVE)])
    assert wait(person) == (1, MONTHS)


def test_the_last_day_of_month_1_and_the_first_of_month_2(place):
    # 30 June + 1 month = 30 July: month 1 runs up to and including it.
    first = leaver(place, LEAVE, episodes=[("werk", D(2023, 7, 30), D(2023, 9, 1), None)])
    second = leaver(place, LEAVE, episodes=[("werk", D(2023, 7, 31), D(2023, 9, 1), None)])
    assert wait(first)[0] == 1
    assert wait(second)[0] == 2


def test_an_open_episode_stops_covering_183_days_after_confirmation(place):
    # Started before leaving; confirmed 183 days before the leave date it covers up to the
    # leave date and no further, confirmed a day later it covers the day after leaving too.
    stale = leaver(place, LEAVE, episodes=[("werk", D(2022, 1, 1), None, LEAVE - 183 * DAY)])
    fresh = leaver(place, LEAVE, episodes=[("werk", D(2022, 1, 1), None, LEAVE - 182 * DAY)])
    assert wait(stale)[0] is None
    assert wait(fresh)[0] == 1


def test_dagbesteding_and_zorg_do_not_end_the_wait(place):
    person = leaver(
        place,
        LEAVE,
        episodes=[("dagbesteding", LEAVE, None, LEAVE), ("zorg", LEAVE, None, LEAVE)],
    )
    assert wait(person) == (None, MONTHS)


def test_months_followed_stop_before_today(place):
    person = leaver(place, LEAVE, episodes=[("werk", D(2023, 10, 1), None, D(2023, 10, 1))])
    # 30 September is leave + 3 months; on that day only months 1 and 2 have passed, and
    # work that starts later is not known yet.
    assert wait(person, today=D(2023, 9, 30)) == (None, 2)
    assert wait(person, today=D(2023, 10, 1)) == (4, 3)


# -- publication -----------------------------------------------------------------------------


def _leavers(place, count, *, start_after_days=None, gender=""):
    for _ in range(count):
        episodes = []
        if start_after_days is not None:
            start = LEAVE + start_after_days * DAY
            episodes = [("werk", start, None, start)]
        leaver(place, LEAVE, episodes=episodes, gender=gender)


def test_published_curves_show_shares_not_counts_and_hide_small_groups(place):
    _leavers(place, 6, start_after_days=10, gender="v")  # month 1
    _leavers(place, 6, start_after_days=100, gender="v")  # month 4
    _leavers(place, 3, start_after_days=10, gender="m")
    with translation.override("en"):
        result = monitor_curve(cohort="2022-2023", group_by="gender", today=LATER, minimum=5)
    women = next(g for g in result.groups if g.key == "v")
    men = next(g for g in result.groups if g.key == "m")
    assert result.definition == "v1"
    assert women.shown and women.points[0] == 50  # 6 of 12 in month 1
    assert women.points[1:3] == [50, 50]
    # From month 4 on only the 6 still waiting were followed, more than the minimum: 100 %.
    assert women.points[3] == 100
    # After month 4 nobody is waiting any more: fewer than the minimum at risk, hidden.
    assert women.points[4:] == [None] * (MONTHS - 4)
    assert not men.shown and men.points == [None] * MONTHS
    assert result.overall.points[0] == round(100 * 9 / 15)
    assert women.label and result.overall.label


def test_a_month_with_fewer_than_the_minimum_still_waiting_is_hidden(place):
    _leavers(place, 8, start_after_days=10)
    _leavers(place, 4)  # never
    result = monitor_curve(cohort="2022-2023", today=LATER, minimum=5)
    # Month 1: 12 at risk, 8 start; from month 2 on only 4 are waiting: hidden.
    assert result.overall.points[0] == 67
    assert result.overall.points[1:] == [None] * (MONTHS - 1)


def test_the_number_of_queries_does_not_grow_with_people(place):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            survival.compute(cohort="2022-2023", today=LATER)
        return len(ctx)

    _leavers(place, 3, start_after_days=30)
    few = queries()
    _leavers(place, 40, start_after_days=30)
    assert queries() == few == 2


# -- project filter and pilot comparison ------------------------------------------------------


def _join(project, people):
    ProjectParticipation.objects.bulk_create(
        ProjectParticipation(project=project, person=p, joined_on=D(2023, 1, 1)) for p in people
    )


@pytest.fixture
def pilot(generated):
    municipalities, _ = generated
    project = ProjectFactory(region=municipalities[0].rmc_region)
    rng = random.Random(7)
    people = list(Person.objects.order_by("pk"))
    _join(project, rng.sample(people, len(people) // 4))
    return project


def _participants(project):
    return set(project.participations.values_list("person_id", flat=True))


@pytest.mark.parametrize("horizon", [6, 12])
def test_the_project_filter_keeps_its_participants(pilot, horizon):
    raw = engine.compute(
        cohort="2022-2023", horizon=horizon, today=TODAY, filters=Filters(project=pilot.pk)
    )
    members = ref_members("2022-2023")
    taking_part = _participants(pilot)
    expected = [
        p
        for p, c in members
        if p.pk in taking_part and ref_plus_months(c.leave_date, horizon) < TODAY
    ]
    assert raw.overall.total == len(expected) > 0


def test_the_pilot_is_compared_with_the_rest_of_its_region(pilot):
    filters = Filters(project=pilot.pk, compare=True, region=pilot.region_id)
    raw = engine.compute(cohort="2022-2023", horizon=12, today=TODAY, filters=filters)
    taking_part = _participants(pilot)
    members = ref_members("2022-2023")
    reached = [(p, c) for p, c in members if ref_plus_months(c.leave_date, 12) < TODAY]
    in_pilot = [p for p, _ in reached if p.pk in taking_part]
    rest = [
        p
        for p, _ in reached
        if p.pk not in taking_part
        and p.municipality is not None
        and p.municipality.rmc_region_id == pilot.region_id
    ]
    groups = raw.groups("pilot")
    assert groups[True].total == len(in_pilot) > 0
    assert groups[False].total == len(rest) > 0
    # Participants living outside the region are compared too; nobody else from outside.
    assert raw.overall.total == len(in_pilot) + len(rest)
    # The positions of the pilot group are those of a plain count of its people.
    plain = dict.fromkeys(groups[True].positions, 0)
    for person, career in reached:
        if person.pk in taking_part:
            episodes = list(StatusEpisode.objects.filter(person=person))
            plain[ref_position(episodes, ref_plus_months(career.leave_date, 12))] += 1
    assert groups[True].positions == plain


def test_the_published_comparison_names_its_groups(pilot):
    filters = Filters(project=pilot.pk, compare=True, region=pilot.region_id)
    with translation.override("en"):
        result = monitor_positions(
            cohort="2022-2023",
            horizon=12,
            group_by="pilot",
            filters=filters,
            today=TODAY,
            minimum=1,
        )
    assert [g.key for g in result.groups] == ["pilot", "rest"] or [
        g.key for g in result.groups
    ] == ["rest", "pilot"]
    assert {g.label for g in result.groups} == {"In the pilot", "Rest of the region"}


def test_a_comparison_needs_a_project():
    with pytest.raises(ValueError):
        Filters(compare=True)
