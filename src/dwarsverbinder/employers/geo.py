"""Distances by postcode, for matching, and loading the postcode areas they rest on.

A distance is the great-circle distance (haversine) between the centres of two four-digit
postcode areas (PC4, ``PostcodeArea``). When the centre of either area is not loaded, the
distance falls back to tiers: the same PC4 is 0 km, the same first two digits is "nearby"
(a postcode region of roughly 10 to 30 km across), anything else is unknown. The tier is
kept with the distance so the reasons shown to the user can say how sure it is.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import PostcodeArea

EARTH_RADIUS_KM = 6371.0088
PC4 = re.compile(r"^\s*([1-9]\d{3})(?:\s*[A-Za-z]{2})?\s*$")

# Centres outside these bounds are not in the Netherlands (a swapped column, a typo).
LATITUDE_RANGE = (50.5, 53.8)
LONGITUDE_RANGE = (3.2, 7.3)


class Tier:
    MEASURED = "measured"  # haversine between the two centres
    SAME_AREA = "same_area"  # the same PC4: 0 km
    NEARBY = "nearby"  # the same first two digits, centres unknown
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Distance:
    tier: str
    km: float | None = None

    @property
    def known(self) -> bool:
        return self.km is not None


def pc4_of(postcode: str | None) -> str | None:
    """The four digits of a Dutch postcode ("4001 AB", "4001ab", "4001"), or None."""
    match = PC4.match(postcode or "")
    return match.group(1) if match else None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def centres(pc4s: Iterable[str | None]) -> dict[str, tuple[float, float]]:
    """The centres of the given areas that are loaded, in one query."""
    wanted = {p for p in pc4s if p}
    if not wanted:
        return {}
    rows = PostcodeArea.objects.filter(pc4__in=wanted).values_list("pc4", "latitude", "longitude")
    return {pc4: (lat, lon) for pc4, lat, lon in rows}


def distance(a: str | None, b: str | None, known: dict[str, tuple[float, float]]) -> Distance:
    """The distance between two PC4 areas, with ``known`` centres from ``centres``."""
    if not a or not b:
        return Distance(Tier.UNKNOWN)
    if a == b:
        return Distance(Tier.SAME_AREA, 0.0)
    if a in known and b in known:
        return Distance(Tier.MEASURED, round(haversine_km(*known[a], *known[b]), 1))
    if a[:2] == b[:2]:
        return Distance(Tier.NEARBY)
    return Distance(Tier.UNKNOWN)


# --- Loading postcode areas ----------------------------------------------------------------

COLUMNS = ("pc4", "latitude", "longitude")


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int  # already there: its centre was overwritten (often with the same values)

    @property
    def total(self) -> int:
        return self.created + self.updated


def _number(text: str, *, decimal_comma: bool) -> float:
    value = text.strip()
    if decimal_comma:
        value = value.replace(",", ".")
    return float(value)


def _parse_row(row: dict, *, decimal_comma: bool) -> tuple[str, float, float]:
    """One line: its PC4 and centre, or a ValidationError saying what is wrong."""
    pc4 = (row.get("pc4") or "").strip()
    if not re.fullmatch(r"[1-9]\d{3}", pc4):
        raise ValidationError(
            _("“%(value)s” is not a postcode area of four digits (1000 to 9999).") % {"value": pc4}
        )
    coordinates = []
    for name, (low, high) in (("latitude", LATITUDE_RANGE), ("longitude", LONGITUDE_RANGE)):
        text = (row.get(name) or "").strip()
        try:
            value = _number(text, decimal_comma=decimal_comma)
        except ValueError:
            raise ValidationError(
                _("the %(column)s “%(value)s” is not a number.") % {"column": name, "value": text}
            ) from None
        if not (low <= value <= high) or math.isnan(value):
            raise ValidationError(
                _("the %(column)s %(value)s lies outside the Netherlands (%(low)s to %(high)s).")
                % {"column": name, "value": text, "low": low, "high": high}
            )
        coordinates.append(value)
    return pc4, coordinates[0], coordinates[1]


def _reader(text: str) -> tuple[csv.DictReader, str]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    return csv.DictReader(io.StringIO(text), delimiter=delimiter), delimiter


def parse_postcode_areas(text: str) -> dict[str, tuple[float, float]]:
    """Read the CSV (a header ``pc4;latitude;longitude``, separated by semicolons or commas;
    with semicolons a decimal comma is allowed). Raises one ValidationError that lists every
    bad line with its line number; returns the centres by PC4 when all lines are good."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ValidationError(_("The file is empty."))
    reader, delimiter = _reader(text)
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            _(
                "Line 1: the header must name the columns pc4, latitude and longitude; "
                "missing: %(m)s."
            )
            % {"m": ", ".join(missing)}
        )
    reader.fieldnames = header
    areas: dict[str, tuple[float, float]] = {}
    first_line: dict[str, int] = {}
    problems: list[str] = []
    for row in reader:
        line = reader.line_num
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        try:
            pc4, lat, lon = _parse_row(row, decimal_comma=delimiter == ";")
        except ValidationError as exc:
            problems.extend(
                _("Line %(line)s: %(error)s") % {"line": line, "error": m} for m in exc.messages
            )
            continue
        if pc4 in first_line:
            problems.append(
                _("Line %(line)s: postcode area %(pc4)s is already on line %(first)s.")
                % {"line": line, "pc4": pc4, "first": first_line[pc4]}
            )
            continue
        first_line[pc4] = line
        areas[pc4] = (lat, lon)
    if problems:
        raise ValidationError(problems)
    if not areas:
        raise ValidationError(_("The file has a header but no postcode areas."))
    return areas


@transaction.atomic
def postcode_areas_load(*, text: str) -> LoadResult:
    """Add or update the centres in the CSV ``text``; all lines or none. Loading the same
    file twice changes nothing."""
    areas = parse_postcode_areas(text)
    before = PostcodeArea.objects.count()
    PostcodeArea.objects.bulk_create(
        [PostcodeArea(pc4=pc4, latitude=lat, longitude=lon) for pc4, (lat, lon) in areas.items()],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["pc4"],
        update_fields=["latitude", "longitude"],
    )
    created = PostcodeArea.objects.count() - before
    return LoadResult(created=created, updated=len(areas) - created)
