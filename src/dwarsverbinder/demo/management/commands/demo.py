"""``dwarsverbinder demo``: fill the database with the demo region and its logins."""

from __future__ import annotations

import argparse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dwarsverbinder.demo.population import DEFAULT_SEED, DEFAULT_SIZE
from dwarsverbinder.demo.services import DemoSummary, LoginRow, demo_build


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 0 or more")
    return int(value)


class Command(BaseCommand):
    help = (
        "Build the demo: the regions, partners, working groups, regional issues and projects "
        "of the seed pages, one login per role, and a synthetic population of young people in "
        "RMC Rivierenland. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--people",
            type=_count,
            default=DEFAULT_SIZE,
            help=f"Number of synthetic young people (default {DEFAULT_SIZE}).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Random seed of the synthetic population; the same seed gives the same people.",
        )
        parser.add_argument(
            "--quiet", action="store_true", help="Print only the table of demo logins."
        )

    def handle(self, *args, people: int, seed: int, quiet: bool, **options) -> None:
        # A shared, published password has no place next to real people's data.
        if settings.PRODUCTION:
            raise CommandError("The demo cannot be loaded when DWV_ENV is production.")
        summary = demo_build(people=people, seed=seed)
        if not quiet:
            self._print_summary(summary)
        self._print_logins(summary.logins)

    def _print_summary(self, summary: DemoSummary) -> None:
        population = summary.population
        lines = [
            f"Regions: {summary.regions}  organisations: {summary.organisations}  "
            f"working groups: {summary.working_groups}",
            f"Regional issues: {summary.issues}  projects: {summary.projects}  "
            f"demo users: {summary.users}",
        ]
        counts = (
            f"{population.people} young people, {population.school_careers} school careers, "
            f"{population.identities} identities, {population.assignments} assignments"
        )
        if population.created:
            lines.append(f"Synthetic population created: {counts}.")
        else:
            lines.append(f"Population already present, left as it was ({counts}).")
        if summary.timeline:
            lines.append(
                "Life after school: "
                + ", ".join(
                    f"{count} {name.replace('_', ' ')}" for name, count in summary.timeline.items()
                )
                + "."
            )
        lines.append(
            "The schools, employers and young people of the demo region are fictional; "
            "BRIN codes starting with 99 are made up."
        )
        self.stdout.write(self.style.SUCCESS("Demo ready."))
        for line in lines:
            self.stdout.write(line)
        self.stdout.write("")

    def _print_logins(self, rows: tuple[LoginRow, ...]) -> None:
        header = LoginRow("username", "role", "organisation", "password")
        table = [header, *rows]
        widths = [
            max(len(getattr(r, f)) for r in table) for f in ("username", "role", "organisation")
        ]
        for row in table:
            cells = (row.username, row.role, row.organisation)
            self.stdout.write(
                "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
                + "  "
                + row.password
            )
