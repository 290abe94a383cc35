"""``dwarsverbinder postcodes <file.csv>``: load the centres of four-digit postcode areas
that matching measures distances with (docs/employers.md, "Postcode areas")."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dwarsverbinder.employers.geo import postcode_areas_load


class Command(BaseCommand):
    help = (
        "Load the centres of four-digit postcode areas from a CSV with the columns "
        "pc4;latitude;longitude (semicolons or commas). Adds new areas and updates known "
        "ones; a file with any bad line is refused as a whole, naming each bad line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help='The CSV file, or "-" to read standard input.')

    def handle(self, *args, file: str, **options) -> None:
        text = self._read(file)
        try:
            result = postcode_areas_load(text=text)
        except ValidationError as exc:
            lines = "\n".join(f"  {message}" for message in exc.messages)
            raise CommandError(f"Nothing was loaded. Please correct the file:\n{lines}") from None
        self.stdout.write(
            f"{result.total} postcode areas loaded: {result.created} new, "
            f"{result.updated} already known (centre updated)."
        )

    def _read(self, file: str) -> str:
        if file == "-":
            return sys.stdin.read()
        path = Path(file)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not a UTF-8 text file.") from None
