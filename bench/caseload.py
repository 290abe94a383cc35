"""Caseload and search for one coach, with and without the visibility filter.

The visibility selector (people_visible_to) must cost at most 10 % on top of the same
queries without it. Run against PostgreSQL filled by `dwarsverbinder generate` (see
bench/README.md). Prints medians in milliseconds and the ratio filtered / unfiltered.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from contextlib import contextmanager
from unittest import mock

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dwarsverbinder.conf.settings")

import django  # noqa: E402

django.setup()

from dwarsverbinder.accounts.models import User  # noqa: E402
from dwarsverbinder.accounts.selectors import memberships_of  # noqa: E402
from dwarsverbinder.demo.generator import BENCH_COACH  # noqa: E402
from dwarsverbinder.followup import selectors  # noqa: E402
from dwarsverbinder.people.models import Assignment, Person  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))


def _caseload_without_visibility(*, user, mine_only: bool = True):
    """caseload_people without its visibility check (the baseline)."""
    organisation = selectors.acting_organisation(user)
    assignments = Assignment.objects.filter(organisation=organisation, ended_at__isnull=True)
    if mine_only:
        assignments = assignments.filter(coach=user)
    return Person.objects.filter(id__in=assignments.values("person_id"))


@contextmanager
def visibility_off():
    """The baseline: the very same queries with the visibility selectors switched off."""
    with (
        mock.patch.object(selectors, "people_visible_to", lambda *, user: Person.objects.all()),
        mock.patch.object(selectors, "caseload_people", _caseload_without_visibility),
    ):
        yield


def caseload_page(coach) -> int:
    people = selectors.caseload_for(user=coach)
    rows = list(selectors.caseload_rows(people, user=coach)[:25])
    return people.count() + len(rows)


def search(coach) -> int:
    return len(list(selectors.person_search(user=coach, query="Jansen")[:50]))


def timed(work, coach) -> float:
    work(coach)  # warm caches and plans
    samples = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        work(coach)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> int:
    coach = User.objects.get(username=BENCH_COACH)
    coach.active_membership = memberships_of(user=coach).first()
    total = Person.objects.count()
    print(
        f"people in the database: {total:,}; caseload of {BENCH_COACH}: "
        f"{selectors.caseload_for(user=coach).count()}"
    )
    worst = 0.0
    for name, work in (("caseload page", caseload_page), ("search 'Jansen'", search)):
        filtered = timed(work, coach)
        with visibility_off():
            unfiltered = timed(work, coach)
        ratio = filtered / unfiltered
        worst = max(worst, ratio)
        print(
            f"{name:18} with visibility {filtered:8.1f} ms   without {unfiltered:8.1f} ms"
            f"   ratio {ratio:5.2f}"
        )
    print(f"visibility filter costs at most {100 * (worst - 1):+.0f} % (target: +10 % or less)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
