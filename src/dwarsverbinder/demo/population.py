"""A synthetic population of young people in the demo region (RMC Rivierenland).

Everything here is made up with Faker (nl_NL) from a fixed seed, so two runs with the same
size build the same people. Planning is pure Python (``plan_population``); writing uses
bulk inserts (``create_population``) and, being seed data rather than anybody's action,
leaves the audit log alone. The BSN exists only for a moment, to compute its pseudonym.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace

from faker import Faker

from dwarsverbinder.accounts.models import User
from dwarsverbinder.network.models import Organisation, Region
from dwarsverbinder.people.constants import Gender, IdentityKind, ProgrammeType
from dwarsverbinder.people.models import Assignment, Identity, Person, SchoolCareer
from dwarsverbinder.people.pseudonyms import bsn_pseudonym
from dwarsverbinder.people.services import startkwalificatie_for

from .seed import (
    DEMO_CONTACTGEMEENTE,
    PRAKTIJKSCHOOL,
    ROC,
    VAKSCHOOL,
    VO_SCHOOL,
    VSO_SCHOOL,
    WIJKTEAM,
)

DEFAULT_SIZE = 1500
DEFAULT_SEED = 2019

# Ages and enrolments are fixed against one peildatum (1 October, as the JIKP figures do)
# instead of today, so the same seed gives the same people in any year.
REFERENCE_DATE = datetime.date(2026, 10, 1)
REFERENCE_SCHOOL_YEAR = 2026  # school year 2026-27 runs from 1 August 2026
LEAVE_SCHOOL_YEARS = (2021, 2022, 2023, 2024, 2025)  # 2021-22 up to 2025-26
MIN_AGE, MAX_AGE = 16, 27
ENROLLED_SHARE = 0.2

# Residents per municipality (roughly their relative size) and their postcode areas.
MUNICIPALITY_WEIGHTS = {
    "gemeente-tiel": 18,
    "gemeente-culemborg": 12,
    "gemeente-west-betuwe": 20,
    "gemeente-buren": 10,
    "gemeente-zaltbommel": 11,
    "gemeente-maasdriel": 9,
    "gemeente-neder-betuwe": 10,
    "gemeente-west-maas-en-waal": 7,
}
POSTCODE_AREAS = {
    "gemeente-tiel": (4001, 4002, 4003, 4004, 4005, 4006, 4007),
    "gemeente-culemborg": (4101, 4102, 4103, 4104, 4105, 4106, 4107),
    "gemeente-west-betuwe": (4141, 4142, 4153, 4191, 4194, 4196),
    "gemeente-buren": (4021, 4023, 4033, 4116, 4117),
    "gemeente-zaltbommel": (5301, 5302, 5305, 5306, 5314),
    "gemeente-maasdriel": (5321, 5324, 5331, 5333),
    "gemeente-neder-betuwe": (4041, 4043, 6669, 6668),
    "gemeente-west-maas-en-waal": (6658, 6659, 6651),
}
# Postcode letter pairs the Dutch system never issues.
_BANNED_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})

TUSSENVOEGSELS = frozenset(
    {"van", "de", "den", "der", "van de", "van den", "van der", "van het", "van 't", "ter", "ten"}
)


@dataclass(frozen=True)
class Programme:
    programme_type: str
    level: int | None
    names: tuple[str, ...]
    schools: tuple[str, ...]
    years: int  # nominal length
    start_age: int
    diploma_rate: float
    weight: int


PROGRAMMES = {
    "pro": Programme(
        ProgrammeType.PRO, None, ("Praktijkonderwijs",), (PRAKTIJKSCHOOL,), 5, 12, 0.0, 10
    ),
    "vso": Programme(
        ProgrammeType.VSO,
        None,
        (
            "VSO uitstroomprofiel arbeidsmarkt",
            "VSO uitstroomprofiel dagbesteding",
            "VSO uitstroomprofiel vervolgonderwijs",
        ),
        (VSO_SCHOOL,),
        6,
        12,
        0.0,
        8,
    ),
    "havo": Programme(
        ProgrammeType.HAVO,
        None,
        (
            "havo Economie en maatschappij",
            "havo Natuur en gezondheid",
            "havo Cultuur en maatschappij",
        ),
        (VO_SCHOOL,),
        5,
        12,
        0.85,
        6,
    ),
    "entree": Programme(
        ProgrammeType.ENTREE,
        1,
        (
            "Entree - assistent logistiek",
            "Entree - assistent horeca, voeding of voedingsindustrie",
            "Entree - assistent bouw, wonen en onderhoud",
            "Entree - assistent dienstverlening en zorg",
            "Entree - assistent verkoop/retail",
        ),
        (ROC,),
        1,
        16,
        0.6,
        14,
    ),
    "bol2": Programme(
        ProgrammeType.MBO_BOL,
        2,
        (
            "Logistiek medewerker",
            "Verkoopmedewerker",
            "Helpende zorg en welzijn",
            "Medewerker bediening",
        ),
        (ROC,),
        2,
        16,
        0.65,
        13,
    ),
    "bol3": Programme(
        ProgrammeType.MBO_BOL,
        3,
        ("Verzorgende IG", "Pedagogisch medewerker kinderopvang", "Eerste verkoper", "Kok"),
        (ROC,),
        3,
        17,
        0.72,
        10,
    ),
    "bol4": Programme(
        ProgrammeType.MBO_BOL,
        4,
        (
            "Sociaal werker",
            "Expert IT systems and devices",
            "Junior accountmanager",
            "Mbo-verpleegkundige",
        ),
        (ROC,),
        4,
        17,
        0.75,
        11,
    ),
    "bbl2": Programme(
        ProgrammeType.MBO_BBL,
        2,
        ("Medewerker teelt", "Basismedewerker bouw en infra", "Logistiek medewerker"),
        (VAKSCHOOL, ROC),
        2,
        17,
        0.7,
        9,
    ),
    "bbl3": Programme(
        ProgrammeType.MBO_BBL,
        3,
        (
            "Vakbekwaam medewerker teelt",
            "Timmerman",
            "Eerste monteur elektrotechnische installaties",
        ),
        (VAKSCHOOL,),
        3,
        18,
        0.72,
        6,
    ),
    "bbl4": Programme(
        ProgrammeType.MBO_BBL,
        4,
        ("Middenkaderfunctionaris bouw en infra", "Manager/ondernemer groen"),
        (VAKSCHOOL,),
        3,
        18,
        0.7,
        3,
    ),
}

# Most who move up a level hold the diploma of the level below. A havo diploma mostly leads
# to hbo, so those who come from havo into mbo-4 mostly left it without one.
PRIOR_DIPLOMA_RATE = {"entree": 0.8, "bol2": 0.85, "bbl2": 0.85, "bol3": 0.85, "havo": 0.2}

# Where a young person may have come from before their last programme, with the chance.
PRIOR_PROGRAMMES = {
    "entree": (("pro", 0.30), ("vso", 0.15)),
    "bol2": (("pro", 0.12), ("entree", 0.20), ("vso", 0.05)),
    "bbl2": (("pro", 0.15), ("entree", 0.15)),
    "bol3": (("bol2", 0.20),),
    "bbl3": (("bbl2", 0.20),),
    "bol4": (("havo", 0.10), ("bol3", 0.10)),
}


@dataclass(frozen=True)
class CareerPlan:
    school: str
    programme_type: str
    level: int | None
    programme_name: str
    start_date: datetime.date
    leave_date: datetime.date | None
    diploma: bool

    @property
    def startkwalificatie(self) -> bool:
        return startkwalificatie_for(
            programme_type=self.programme_type, level=self.level, diploma=self.diploma
        )


@dataclass(frozen=True)
class AssignmentPlan:
    organisation: str
    coach: str  # username of a demo login
    started_at: datetime.date


@dataclass(frozen=True)
class PersonPlan:
    given_names: str
    tussenvoegsel: str
    surname: str
    date_of_birth: datetime.date
    gender: str
    postcode: str
    municipality: str
    bsn_pseudonym: str
    careers: tuple[CareerPlan, ...]
    student_numbers: tuple[tuple[str, str], ...]  # (school code, number)
    assignments: tuple[AssignmentPlan, ...] = ()


class _Planner:
    """Draws people one by one from two seeded sources: Faker for names, Random for the rest."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.pseudonyms: set[str] = set()
        self.student_numbers: dict[str, set[str]] = {}

    def person(self) -> PersonPlan:
        careers, first_start_age = self._careers()
        municipality = self._weighted(MUNICIPALITY_WEIGHTS)
        gender = self._weighted({Gender.FEMALE: 49, Gender.MALE: 49, Gender.OTHER: 2})
        tussenvoegsel, surname = self._surname()
        return PersonPlan(
            given_names=self._given_names(gender),
            tussenvoegsel=tussenvoegsel,
            surname=surname,
            date_of_birth=self._date_of_birth(careers[0].start_date, first_start_age),
            gender=gender,
            postcode=self._postcode(municipality),
            municipality=municipality,
            bsn_pseudonym=self._bsn_pseudonym(),
            careers=careers,
            student_numbers=tuple(
                (school, self._student_number(school))
                for school in dict.fromkeys(c.school for c in careers)
            ),
        )

    # Careers -----------------------------------------------------------------------------

    def _careers(self) -> tuple[tuple[CareerPlan, ...], int]:
        """The last programme (left in 2021-22 .. 2025-26, or still running) and maybe one
        before it; with the usual age at which the first of them starts."""
        key = self._weighted({k: p.weight for k, p in PROGRAMMES.items()})
        enrolled = self.rng.random() < ENROLLED_SHARE
        last = self._enrolled(key) if enrolled else self._left(key)
        prior_key = self._prior_key(key)
        if prior_key is None:
            return (last,), PROGRAMMES[key].start_age
        prior = self._before(prior_key, last.start_date)
        return (prior, last), PROGRAMMES[prior_key].start_age

    def _enrolled(self, key: str) -> CareerPlan:
        programme = PROGRAMMES[key]
        # Older pupils only: the population starts at 16.
        year = REFERENCE_SCHOOL_YEAR - self.rng.randint(
            max(0, programme.years - 2), programme.years - 1
        )
        return self._career(programme, self._start(year), None, diploma=False)

    def _left(self, key: str) -> CareerPlan:
        programme = PROGRAMMES[key]
        year = self.rng.choice(LEAVE_SCHOOL_YEARS)
        if self.rng.random() < programme.diploma_rate:
            start = self._start(year - programme.years + 1)
            return self._career(programme, start, self._diploma_date(programme, year), True)
        if programme.diploma_rate == 0 and self.rng.random() < 0.8:
            # PrO and VSO give no diploma: most leave at the end of their final year.
            start = self._start(year - programme.years + 1)
            return self._career(programme, start, self._between(year + 1, (6, 25), (7, 20)), False)
        start = self._start(year - self.rng.randint(0, programme.years - 1))
        leave = self._between(year, (10, 1), (7, 15), next_year_end=True)
        return self._career(programme, start, leave, diploma=False)

    def _before(self, key: str, next_start: datetime.date) -> CareerPlan:
        """A programme finished (or left) in the school year before the next one started."""
        programme = PROGRAMMES[key]
        year = next_start.year - 1
        diploma = self.rng.random() < PRIOR_DIPLOMA_RATE.get(key, 0.0)
        if diploma:
            leave = self._diploma_date(programme, year)
        else:
            leave = self._between(year + 1, (6, 1), (7, 20))
        return self._career(programme, self._start(year - programme.years + 1), leave, diploma)

    def _prior_key(self, key: str) -> str | None:
        draw = self.rng.random()
        for prior, chance in PRIOR_PROGRAMMES.get(key, ()):
            if draw < chance:
                return prior
            draw -= chance
        return None

    def _career(
        self,
        programme: Programme,
        start: datetime.date,
        leave: datetime.date | None,
        diploma: bool,
    ) -> CareerPlan:
        return CareerPlan(
            school=self.rng.choice(programme.schools),
            programme_type=programme.programme_type,
            level=programme.level,
            programme_name=self.rng.choice(programme.names),
            start_date=start,
            leave_date=leave,
            diploma=diploma,
        )

    def _start(self, school_year: int) -> datetime.date:
        return self._between(school_year, (8, 20), (9, 5))

    def _diploma_date(self, programme: Programme, school_year: int) -> datetime.date:
        # mbo hands out diplomas in winter too (the Friesland seed has February leavers).
        if programme.programme_type != ProgrammeType.HAVO and self.rng.random() < 0.2:
            return self._between(school_year + 1, (1, 20), (2, 28))
        return self._between(school_year + 1, (6, 20), (7, 15))

    # The person -------------------------------------------------------------------------

    def _date_of_birth(self, first_start: datetime.date, start_age: int) -> datetime.date:
        """Born so that the first programme starts at about its usual age, aged 16-27."""
        age = start_age + self.rng.choice((0, 0, 0, 1, 1, 2))
        born = _years_before(first_start, age) - datetime.timedelta(days=self.rng.randint(0, 364))
        youngest = _years_before(REFERENCE_DATE, MIN_AGE)
        # Under 27 on the peildatum, so nobody is past 27 for a year after it.
        oldest = _years_before(REFERENCE_DATE, MAX_AGE) + datetime.timedelta(days=1)
        return min(max(born, oldest), youngest)

    def _given_names(self, gender: str) -> str:
        draw = {
            Gender.FEMALE: self.fake.first_name_female,
            Gender.MALE: self.fake.first_name_male,
        }.get(gender, self.fake.first_name)
        names = [draw()]
        if self.rng.random() < 0.15:
            names.append(draw())
        return " ".join(dict.fromkeys(names))

    def _surname(self) -> tuple[str, str]:
        """Split "van der Ploeg" into tussenvoegsel and surname; skip Faker's odd historic names."""
        while True:
            *prefix, last = self.fake.last_name().split(" ")
            tussenvoegsel = " ".join(prefix)
            if last[:1].isupper() and (not prefix or tussenvoegsel in TUSSENVOEGSELS):
                return tussenvoegsel, last

    def _postcode(self, municipality: str) -> str:
        while True:
            letters = "".join(self.rng.choices("ABCDEGHJKLMNPRSTVWXZ", k=2))
            if letters not in _BANNED_POSTCODE_LETTERS:
                return f"{self.rng.choice(POSTCODE_AREAS[municipality])}{letters}"

    def _bsn_pseudonym(self) -> str:
        """A fresh BSN (Faker's pass the 11-proef) turned at once into its pseudonym."""
        while True:
            pseudonym = bsn_pseudonym(self.fake.ssn())
            if pseudonym not in self.pseudonyms:
                self.pseudonyms.add(pseudonym)
                return pseudonym

    def _student_number(self, school: str) -> str:
        taken = self.student_numbers.setdefault(school, set())
        while True:
            number = str(self.rng.randint(100000, 999999))
            if number not in taken:
                taken.add(number)
                return number

    # Helpers ----------------------------------------------------------------------------

    def _weighted(self, weights: dict) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _between(
        self,
        year: int,
        first: tuple[int, int],
        last: tuple[int, int],
        *,
        next_year_end: bool = False,
    ) -> datetime.date:
        start = datetime.date(year, *first)
        end = datetime.date(year + 1 if next_year_end else year, *last)
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def plan_population(size: int, *, seed: int = DEFAULT_SEED) -> list[PersonPlan]:
    planner = _Planner(seed)
    people = [planner.person() for _ in range(size)]
    return _with_assignments(people, planner.rng)


def _with_assignments(people: list[PersonPlan], rng: random.Random) -> list[PersonPlan]:
    """Give the demo logins a caseload.

    The school coach follows students still enrolled at the ROC; the RMC consultant follows
    young people who left without a startkwalificatie, from a few weeks after they left;
    the wijkteam has a few young people from Tiel so the intake worker's list is not empty.
    """
    caseload = max(5, len(people) * 3 // 100)
    plans: dict[int, list[AssignmentPlan]] = {}

    def assign(candidates: list[int], size: int, organisation: str, coach: str, since) -> None:
        for i in rng.sample(candidates, min(size, len(candidates))):
            start = min(since(people[i]), REFERENCE_DATE)
            plans.setdefault(i, []).append(AssignmentPlan(organisation, coach, start))

    def days(low: int, high: int) -> datetime.timedelta:
        return datetime.timedelta(days=rng.randint(low, high))

    enrolled_at_roc = [i for i, p in enumerate(people) if _enrolled_at(p, ROC)]
    assign(
        enrolled_at_roc, caseload, ROC, "coach", lambda p: p.careers[-1].start_date + days(14, 200)
    )
    left_without_sq = [i for i, p in enumerate(people) if _left_without_startkwalificatie(p)]
    assign(
        left_without_sq,
        caseload,
        DEMO_CONTACTGEMEENTE,
        "rmc",
        lambda p: p.careers[-1].leave_date + days(21, 120),
    )
    in_tiel = [i for i, p in enumerate(people) if p.municipality == DEMO_CONTACTGEMEENTE]
    assign(in_tiel, caseload // 3, WIJKTEAM, "intake", lambda p: REFERENCE_DATE - days(7, 365))
    return [
        replace(p, assignments=tuple(plans[i])) if i in plans else p for i, p in enumerate(people)
    ]


def _enrolled_at(person: PersonPlan, school: str) -> bool:
    return person.careers[-1].school == school and person.careers[-1].leave_date is None


def _left_without_startkwalificatie(person: PersonPlan) -> bool:
    left = person.careers[-1].leave_date is not None
    return left and not any(c.startkwalificatie for c in person.careers)


# Writing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PopulationResult:
    created: bool
    people: int
    school_careers: int = 0
    identities: int = 0
    assignments: int = 0


def population_exists() -> bool:
    """The demo population is there once anybody has a school career at a demo school."""
    demo_schools = {school for p in PROGRAMMES.values() for school in p.schools}
    return SchoolCareer.objects.filter(school__code__in=demo_schools).exists()


def existing_population() -> PopulationResult:
    return PopulationResult(
        created=False,
        people=Person.objects.count(),
        school_careers=SchoolCareer.objects.count(),
        identities=Identity.objects.count(),
        assignments=Assignment.objects.count(),
    )


def create_population(
    plans: list[PersonPlan],
    *,
    regions: dict[str, Region],
    organisations: dict[str, Organisation],
    users: dict[str, User],
) -> PopulationResult:
    people = Person.objects.bulk_create([_person(plan, regions) for plan in plans], batch_size=500)
    pairs = list(zip(people, plans, strict=True))
    careers = SchoolCareer.objects.bulk_create(_careers(pairs, organisations), batch_size=1000)
    identities = Identity.objects.bulk_create(_identities(pairs, organisations), batch_size=1000)
    assignments = Assignment.objects.bulk_create(
        _assignments(pairs, organisations, users), batch_size=1000
    )
    return PopulationResult(True, len(people), len(careers), len(identities), len(assignments))


def _person(plan: PersonPlan, regions: dict[str, Region]) -> Person:
    return Person(
        given_names=plan.given_names,
        tussenvoegsel=plan.tussenvoegsel,
        surname=plan.surname,
        date_of_birth=plan.date_of_birth,
        gender=plan.gender,
        postcode=plan.postcode,
        municipality=regions[plan.municipality],
    )


def _careers(pairs, organisations: dict[str, Organisation]) -> Iterator[SchoolCareer]:
    for person, plan in pairs:
        for career in plan.careers:
            yield SchoolCareer(
                person=person,
                school=organisations[career.school],
                programme_type=career.programme_type,
                level=career.level,
                programme_name=career.programme_name,
                start_date=career.start_date,
                leave_date=career.leave_date,
                diploma=career.diploma,
                startkwalificatie=career.startkwalificatie,
            )


def _identities(pairs, organisations: dict[str, Organisation]) -> Iterator[Identity]:
    for person, plan in pairs:
        yield Identity(person=person, kind=IdentityKind.BSN, value=plan.bsn_pseudonym)
        for school, number in plan.student_numbers:
            yield Identity(
                person=person,
                kind=IdentityKind.STUDENT_NUMBER,
                value=number,
                organisation=organisations[school],
            )


def _assignments(
    pairs, organisations: dict[str, Organisation], users: dict[str, User]
) -> Iterator[Assignment]:
    for person, plan in pairs:
        for assignment in plan.assignments:
            yield Assignment(
                person=person,
                organisation=organisations[assignment.organisation],
                coach=users[assignment.coach],
                started_at=assignment.started_at,
            )
