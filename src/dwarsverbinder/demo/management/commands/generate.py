import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dwarsverbinder.demo.generator import generate


class Command(BaseCommand):
    help = "Add synthetic young people at national scale, for benchmarks and load tests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, required=True, help="How many to add.")
        parser.add_argument("--seed", type=int, default=1, help="Seed (same seed, same data).")
        parser.add_argument("--chunk", type=int, default=50_000, help="Rows per transaction.")
        parser.add_argument(
            "--episodes-per-person",
            type=int,
            default=None,
            help="A whole history of about this many status episodes per person, instead of "
            "one or two (bench/monitor.py uses 21: 20.3 on average).",
        )
        parser.add_argument(
            "--earlier-careers",
            type=float,
            default=0.0,
            help="Share of people (0 to 1) with a school career before their main one.",
        )

    def handle(
        self,
        *args,
        people: int,
        seed: int,
        chunk: int,
        episodes_per_person: int | None,
        earlier_careers: float,
        **options,
    ) -> None:
        if settings.PRODUCTION:
            raise CommandError("Synthetic data cannot be generated when DWV_ENV is production.")
        if people < 1:
            raise CommandError("--people must be 1 or more.")
        if episodes_per_person is not None and episodes_per_person < 1:
            raise CommandError("--episodes-per-person must be 1 or more.")
        if not 0 <= earlier_careers <= 1:
            raise CommandError("--earlier-careers must be between 0 and 1.")
        started = time.perf_counter()
        batches = generate(
            people=people,
            seed=seed,
            chunk=chunk,
            episodes_per_person=episodes_per_person,
            earlier_careers=earlier_careers,
        )
        for total in batches:
            rate = total / (time.perf_counter() - started)
            self.stdout.write(f"{total} people ({rate:,.0f} per second)")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {people} people in {time.perf_counter() - started:.1f} s."
            )
        )
