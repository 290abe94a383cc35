"""Positions (definition v1) at the edges: end dates, the 183-day staleness, precedence."""

import datetime
from dataclasses import dataclass

import pytest

from dwarsverbinder.people.cohorts import cohort_bounds, cohort_label
from dwarsverbinder.people.positions import position_at
from dwarsverbinder.people.services import startkwalificatie_for

D = datetime.date


@dataclass
class Ep:
    kind: str
    start_date: datetime.date
    end_date: datetime.date | None
    last_confirmed: datetime.date


def test_an_episode_ending_exactly_on_t_still_counts():
    ep = Ep("werk", D(2024, 1, 1), D(2024, 6, 30), D(2024, 1, 1))
    assert position_at([ep], D(2024, 6, 30)).position == "werk"
    assert position_at([ep], D(2024, 7, 1)).position == "onbekend"


def test_open_episodes_go_stale_after_183_days():
    ep = Ep("werk", D(2024, 1, 1), None, D(2024, 3, 1))
    assert position_at([ep], D(2024, 3, 1) + datetime.timedelta(days=183)).position == "werk"
    assert position_at([ep], D(2024, 3, 1) + datetime.timedelta(days=184)).position == "onbekend"


def test_nothing_counts_before_it_starts():
    ep = Ep("onderwijs", D(2024, 9, 1), None, D(2024, 9, 1))
    assert position_at([ep], D(2024, 8, 31)).position == "onbekend"


def test_precedence_and_zorg_as_a_flag():
    eps = [
        Ep("geen", D(2024, 1, 1), None, D(2024, 5, 1)),
        Ep("uitkering", D(2024, 1, 1), None, D(2024, 5, 1)),
        Ep("werk", D(2024, 2, 1), None, D(2024, 5, 1)),
        Ep("zorg", D(2024, 1, 1), None, D(2024, 5, 1)),
    ]
    result = position_at(eps, D(2024, 5, 1))
    assert result.position == "werk"
    assert result.zorg is True
    only_care = position_at([eps[3]], D(2024, 5, 1))
    assert (only_care.position, only_care.zorg) == ("onbekend", True)


@pytest.mark.parametrize(
    ("day", "label"),
    [(D(2024, 7, 31), "2023-2024"), (D(2024, 8, 1), "2024-2025"), (None, "")],
)
def test_cohort_follows_the_school_year(day, label):
    assert cohort_label(day) == label


def test_cohort_bounds_and_bad_labels():
    assert cohort_bounds("2023-2024") == (D(2023, 8, 1), D(2024, 7, 31))
    with pytest.raises(ValueError):
        cohort_bounds("2023-2025")


@pytest.mark.parametrize(
    ("programme", "level", "diploma", "expected"),
    [
        ("mbo_bol", 2, True, True),
        ("mbo_bbl", 4, True, True),
        ("mbo_bol", 2, False, False),
        ("entree", 1, True, False),
        ("mbo_bol", 1, True, False),
        ("havo", None, True, True),
        ("vwo", None, True, True),
        ("vmbo", None, True, False),
        ("pro", None, True, False),
        ("vso", None, True, False),
    ],
)
def test_startkwalificatie_rules(programme, level, diploma, expected):
    assert startkwalificatie_for(programme_type=programme, level=level, diploma=diploma) is expected
