"""Synthetic data at national scale for benchmarks: `dwarsverbinder generate`.

Builds a country of RMC regions, municipalities, schools and RMC offices, then N young
people with school careers, BSN pseudonyms, status episodes and assignments to one
benchmark coach. On PostgreSQL rows go in with COPY (a million people in minutes); on
SQLite with bulk_create. Deterministic for a seed. Only for benchmarks and load tests:
it refuses to run in production.

By default a person has one or two status episodes. With ``episodes_per_person`` each
gets a whole history instead (the monitor benchmark's 20 a person): back-to-back
episodes from the start of the school career to today, with gaps, care beside them and
some left open; ``earlier_careers`` gives that share of people a school career before
their main one, so that some leave twice in one school year.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import itertools
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.models import Membership, User
from dwarsverbinder.network.constants import OrganisationKind, RegionKind
from dwarsverbinder.network.models import Organisation, Region
from dwarsverbinder.people.models import (
    Assignment,
    Identity,
    Person,
    SchoolCareer,
    StatusEpisode,
)
from dwarsverbinder.people.services import startkwalificatie_for

PREFIX = "gen"
BENCH_COACH = "bench-coach"
RMC_REGIONS = 40
MUNICIPALITIES_PER_REGION = 9
SCHOOLS_PER_REGION = 15
CASELOAD = 250
TODAY = datetime.date(2026, 10, 1)
KINDS = ("onderwijs", "werk", "dagbesteding", "uitkering", "geen")
PROGRAMMES = (
    ("pro", None),
    ("vso", None),
    ("entree", 1),
    ("mbo_bol", 2),
    ("mbo_bbl", 2),
    ("mbo_bol", 3),
    ("mbo_bol", 4),
    ("havo", None),
)
SURNAMES = (
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Yilmaz",
    "El Amrani",
    "Kaya",
    "Dekker",
    "van Leeuwen",
    "Brouwer",
)
GIVEN = (
    "Sanne",
    "Daan",
    "Noah",
    "Emma",
    "Liam",
    "Julia",
    "Mohammed",
    "Sara",
    "Lucas",
    "Fleur",
    "Ayoub",
    "Lotte",
    "Sem",
    "Nora",
    "Finn",
    "Yara",
    "Milan",
    "Zoë",
)


@dataclass(frozen=True)
class Country:
    municipality_ids: list[int]
    school_ids: list[int]
    bench_school_id: int
    coach_id: int


def ensure_country() -> Country:
    """The fixed skeleton (idempotent): regions, municipalities, schools, RMC offices."""
    with transaction.atomic():
        municipalities, schools = [], []
        for r in range(RMC_REGIONS):
            region, _ = Region.objects.get_or_create(
                code=f"{PREFIX}-rmc-{r}",
                defaults={"name": f"RMC-regio {r}", "kind": RegionKind.RMC},
            )
            for m in range(MUNICIPALITIES_PER_REGION):
                municipality, _ = Region.objects.get_or_create(
                    code=f"{PREFIX}-gem-{r}-{m}",
                    defaults={
                        "name": f"Gemeente {r}-{m}",
                        "kind": RegionKind.MUNICIPALITY,
                        "rmc_region": region,
                    },
                )
                municipalities.append(municipality.pk)
            office, created = Organisation.objects.get_or_create(
                code=f"{PREFIX}-rmc-office-{r}",
                defaults={
                    "name": f"RMC {r}",
                    "kind": OrganisationKind.MUNICIPALITY,
                    "functions": ["leerplicht", "rmc"],
                },
            )
            if created:
                office.regions.add(region)
            for s in range(SCHOOLS_PER_REGION):
                school, _ = Organisation.objects.get_or_create(
                    code=f"{PREFIX}-school-{r}-{s}",
                    defaults={
                        "name": f"School {r}-{s}",
                        "kind": OrganisationKind.SCHOOL,
                        "sectors": ["mbo"],
                    },
                )
                schools.append(school.pk)
        coach, _ = User.objects.get_or_create(
            username=BENCH_COACH, defaults={"email": f"{BENCH_COACH}@example.nl"}
        )
        Membership.objects.get_or_create(user=coach, organisation_id=schools[0], role=Role.COACH)
    return Country(municipalities, schools, schools[0], coach.pk)


def _pseudonym(key: bytes, n: int) -> str:
    # Synthetic: a keyed hash of the person number stands in for a real BSN's pseudonym.
    return hmac.new(key, f"gen-{n}".encode(), hashlib.sha256).hexdigest()


@dataclass
class Rows:
    people: list[tuple]
    careers: list[tuple]
    identities: list[tuple]
    episodes: list[tuple]
    assignments: list[tuple]


def _earlier_career(rng: random.Random, n: int, school: int, main_start: datetime.date) -> tuple:
    """A career that ended shortly before the main one began (a switch of programme)."""
    programme, level = rng.choice(PROGRAMMES)
    leave = main_start - datetime.timedelta(days=rng.randint(0, 60))
    start = leave - datetime.timedelta(days=rng.randint(150, 700))
    diploma = rng.random() < 0.3
    sk = startkwalificatie_for(programme_type=programme, level=level, diploma=diploma)
    return (n, school, programme, level, start, leave, diploma, sk)


def _one_or_two(
    rng: random.Random, n: int, start: datetime.date, leave: datetime.date | None
) -> list[tuple]:
    """The default: an open episode soon after leaving (education while still at school),
    half of the time with a closed one before it."""
    episode_start = (leave or start) + datetime.timedelta(days=rng.randint(1, 60))
    if episode_start >= TODAY:
        return []
    confirmed = min(TODAY, episode_start + datetime.timedelta(days=rng.randint(0, 400)))
    kind = "onderwijs" if leave is None else rng.choice(KINDS)
    episodes = [(n, kind, episode_start, None, confirmed)]
    if rng.random() < 0.5:
        earlier = episode_start - datetime.timedelta(days=rng.randint(30, 200))
        day_before = episode_start - datetime.timedelta(days=1)
        episodes.append((n, rng.choice(KINDS), earlier, day_before, earlier))
    return episodes


def _history(
    rng: random.Random,
    n: int,
    start: datetime.date,
    leave: datetime.date | None,
    mean: int,
) -> list[tuple]:
    """About ``mean`` episodes (1 to 2 * mean - 1 periods) that follow one another from
    ``start`` to TODAY: education while at school, then any kind. One period in ten has no
    episode (position unknown), one in ten has care beside it, one closed period in twenty
    was never closed (it goes stale); the last is open, confirmed between its start and
    TODAY."""
    span = (TODAY - start).days
    cuts = sorted({rng.randint(1, span - 1) for _ in range(rng.randint(0, 2 * mean - 2))})
    bounds = [start + datetime.timedelta(days=d) for d in (0, *cuts, span)]
    episodes = []
    for first, following in itertools.pairwise(bounds):
        last = following - datetime.timedelta(days=1)
        is_last = following == TODAY
        schooling = leave is None or first < leave
        kind = "onderwijs" if schooling and rng.random() < 0.9 else rng.choice(KINDS)
        if rng.random() < 0.1:
            kind = None  # a gap
        confirmed = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
        if kind is not None and (is_last or rng.random() < 0.05):
            episodes.append((n, kind, first, None, confirmed))
        elif kind is not None:
            episodes.append((n, kind, first, last, confirmed))
        if rng.random() < 0.1:
            episodes.append((n, "zorg", first, last, first))
    return episodes


def plan_chunk(
    country: Country,
    start: int,
    size: int,
    seed: int,
    id_offset: int = 0,
    *,
    episodes_per_person: int | None = None,
    earlier_careers: float = 0.0,
) -> Rows:
    rng = random.Random(seed * 1_000_003 + start)
    key = settings.PSEUDONYM_KEY.encode()
    rows = Rows([], [], [], [], [])
    for n in range(start, start + size):
        birth = TODAY - datetime.timedelta(days=rng.randint(16 * 365, 27 * 365))
        rows.people.append(
            (
                n,
                rng.choice(GIVEN),
                rng.choice(SURNAMES),
                birth,
                rng.choice(country.municipality_ids),
            )
        )
        school = country.bench_school_id if rng.random() < 0.002 else rng.choice(country.school_ids)
        programme, level = rng.choice(PROGRAMMES)
        start_date = birth + datetime.timedelta(days=365 * 16 + rng.randint(0, 400))
        start_date = min(start_date, TODAY - datetime.timedelta(days=30))
        planned = start_date + datetime.timedelta(days=rng.randint(200, 1100))
        leave = min(TODAY, planned) if rng.random() < 0.8 else None
        diploma = bool(leave) and rng.random() < 0.6
        sk = startkwalificatie_for(programme_type=programme, level=level, diploma=diploma)
        rows.careers.append((n, school, programme, level, start_date, leave, diploma, sk))
        if earlier_careers and rng.random() < earlier_careers:
            rows.careers.append(_earlier_career(rng, n, school, start_date))
        rows.identities.append((n, "bsn", _pseudonym(key, id_offset + n)))
        if episodes_per_person:
            rows.episodes.extend(_history(rng, n, start_date, leave, episodes_per_person))
        else:
            rows.episodes.extend(_one_or_two(rng, n, start_date, leave))
        if school == country.bench_school_id and rng.random() < 0.6:
            rows.assignments.append((n, school, country.coach_id, start_date))
    return rows


def _copy(table: str, columns: Iterable[str], rows: Iterable[tuple]) -> None:
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg 3 cursor underneath Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _write_postgres(rows: Rows, id_offset: int, now) -> None:
    _copy(
        "people_person",
        (
            "id",
            "given_names",
            "tussenvoegsel",
            "surname",
            "date_of_birth",
            "gender",
            "street",
            "house_number",
            "postcode",
            "municipality_id",
            "created_at",
            "updated_at",
        ),
        (
            (id_offset + n, g, "", s, b, "", "", "", "", m, now, now)
            for n, g, s, b, m in rows.people
        ),
    )
    _copy(
        "people_schoolcareer",
        (
            "person_id",
            "school_id",
            "programme_type",
            "level",
            "programme_name",
            "crebo",
            "uitstroomprofiel",
            "leerweg",
            "start_date",
            "leave_date",
            "leave_reason",
            "diploma",
            "startkwalificatie",
        ),
        (
            (id_offset + n, sc, p, lv, "", "", "", "", st, lv_d, "", d, sk)
            for n, sc, p, lv, st, lv_d, d, sk in rows.careers
        ),
    )
    _copy(
        "people_identity",
        ("person_id", "kind", "value"),
        ((id_offset + n, k, v) for n, k, v in rows.identities),
    )
    _copy(
        "people_statusepisode",
        (
            "person_id",
            "kind",
            "start_date",
            "end_date",
            "last_confirmed",
            "source",
            "note",
            "recorded_at",
        ),
        ((id_offset + n, k, s, e, c, "import", "", now) for n, k, s, e, c in rows.episodes),
    )
    _copy(
        "people_assignment",
        ("person_id", "organisation_id", "coach_id", "started_at"),
        ((id_offset + n, o, c, s) for n, o, c, s in rows.assignments),
    )


def _write_orm(rows: Rows, id_offset: int) -> None:
    Person.objects.bulk_create(
        [
            Person(id=id_offset + n, given_names=g, surname=s, date_of_birth=b, municipality_id=m)
            for n, g, s, b, m in rows.people
        ],
        batch_size=2000,
    )
    SchoolCareer.objects.bulk_create(
        [
            SchoolCareer(
                person_id=id_offset + n,
                school_id=sc,
                programme_type=p,
                level=lv,
                start_date=st,
                leave_date=lv_d,
                diploma=d,
                startkwalificatie=sk,
            )
            for n, sc, p, lv, st, lv_d, d, sk in rows.careers
        ],
        batch_size=2000,
    )
    Identity.objects.bulk_create(
        [Identity(person_id=id_offset + n, kind=k, value=v) for n, k, v in rows.identities],
        batch_size=2000,
    )
    StatusEpisode.objects.bulk_create(
        [
            StatusEpisode(
                person_id=id_offset + n,
                kind=k,
                start_date=s,
                end_date=e,
                last_confirmed=c,
                source="import",
            )
            for n, k, s, e, c in rows.episodes
        ],
        batch_size=2000,
    )
    Assignment.objects.bulk_create(
        [
            Assignment(person_id=id_offset + n, organisation_id=o, coach_id=c, started_at=s)
            for n, o, c, s in rows.assignments
        ],
        batch_size=2000,
    )


def generate(
    *,
    people: int,
    seed: int,
    chunk: int = 50_000,
    episodes_per_person: int | None = None,
    earlier_careers: float = 0.0,
) -> Iterator[int]:
    """Add ``people`` young people; yields the running total after every chunk. See the
    module's docstring for ``episodes_per_person`` and ``earlier_careers``."""
    from django.db.models import Max
    from django.utils import timezone

    country = ensure_country()
    offset = (Person.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    now = timezone.now()
    done = 0
    while done < people:
        size = min(chunk, people - done)
        rows = plan_chunk(
            country,
            done,
            size,
            seed,
            offset,
            episodes_per_person=episodes_per_person,
            earlier_careers=earlier_careers,
        )
        with transaction.atomic():
            if connection.vendor == "postgresql":
                _write_postgres(rows, offset, now)
            else:
                _write_orm(rows, offset)
        done += size
        yield done
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (
                "people_person",
                "people_schoolcareer",
                "people_identity",
                "people_statusepisode",
                "people_assignment",
            ):
                # Table names are the constants above, never input.
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
                cursor.execute(f"ANALYZE {table}")
