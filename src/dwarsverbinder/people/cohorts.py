"""School years and cohorts: a school year runs from 1 August to 31 July."""

from __future__ import annotations

import datetime


def school_year_start(day: datetime.date) -> int:
    """The calendar year in which the school year containing ``day`` began."""
    return day.year if day.month >= 8 else day.year - 1


def cohort_label(day: datetime.date | None) -> str:
    """The cohort of a leave date, written as the school year: "2023-2024"."""
    if day is None:
        return ""
    start = school_year_start(day)
    return f"{start}-{start + 1}"


def cohort_bounds(label: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of the school year "2023-2024"; ValueError when malformed."""
    first, _, second = label.partition("-")
    start = int(first)
    if not second or int(second) != start + 1:
        raise ValueError(f"Not a school year: {label!r}")
    return datetime.date(start, 8, 1), datetime.date(start + 1, 7, 31)
