"""``dwarsverbinder retention [--dry-run]``: run the retention of the processing register
now, or only count what it would remove."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from dwarsverbinder.privacy.removal import record_type_label
from dwarsverbinder.privacy.retention import ANONYMISED_KEY, retention_run


class Command(BaseCommand):
    help = (
        "Delete or anonymise what is past its retention period in the processing register, "
        "and print how many records of each type were removed. Counts only, never contents."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be removed."
        )

    def handle(self, *args, dry_run: bool, **options) -> None:
        today = timezone.localdate()
        counts = retention_run(today=today, dry_run=dry_run)
        heading = "Would remove" if dry_run else "Removed"
        self.stdout.write(f"{heading} on {today.isoformat()}:")
        if not counts:
            self.stdout.write("  nothing")
        for key, count in counts.items():
            label = "young people anonymised" if key == ANONYMISED_KEY else record_type_label(key)
            self.stdout.write(f"  {count:>7}  {label} ({key})")
