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

    def handle(self, *args, people: int, seed: int, chunk: int, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("Synthetic data cannot be generated when DWV_ENV is production.")
        if people < 1:
            raise CommandError("--people must be 1 or more.")
        started = time.perf_counter()
        for total in generate(people=people, seed=seed, chunk=chunk):
            rate = total / (time.perf_counter() - started)
            self.stdout.write(f"{total} people ({rate:,.0f} per second)")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {people} people in {time.perf_counter() - started:.1f} s."
            )
        )
