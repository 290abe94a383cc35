import datetime

import pytest

from dwarsverbinder.utils.dates import add_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2023, 8, 31), 6, datetime.date(2024, 2, 29)),
        (datetime.date(2024, 8, 31), 6, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2024, 7, 31), 12, datetime.date(2025, 7, 31)),
        (datetime.date(2024, 3, 15), -24, datetime.date(2022, 3, 15)),
        (datetime.date(2024, 12, 1), 1, datetime.date(2025, 1, 1)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected
