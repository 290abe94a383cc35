"""The demo region's employer register: 25 fictional employers in Rivierenland with their
locations, SBB accreditations, contact persons and account owners; the shared contact log
(six employers approached by two or three parties in the last four weeks, so the
coordinator's overview of double approaches has something to show); 15 openings of every
kind; matching profiles, proposals, placements (some lasting, some ended early) and
certificates of demo young people; three requests from the public employer page; and the
centres of the demo region's postcode areas, for distances in matching.

Written once: only when no employer exists yet (the postcode areas are added whenever one
is missing, and never overwrite a centre loaded from the open dataset). Deterministic:
the same seed and the same day give the same register. Dates are relative to today, like
the demo handovers, so "approached recently" and "lasted 12 months" stay true whenever the
demo is built.

Companies, their registers and the crebo-looking codes are written directly, without audit
rows, like the rest of the demo. Openings, matching profiles, placements (with their
episodes on the timeline) and certificates go through their services
(``employers/openings.py``, ``employers/placements.py``), acting as the demo users, so
they are validated and audited like real work; proposals are written directly with the
fit the matcher computes, so that the demo sends no notices.

Everything here is made up. KvK numbers start with 99, like the demo's BRIN codes, and are
not checked against the Handelsregister. The crebo codes are plausible five-digit codes
for the programmes named, **not** checked against the SBB register of qualifications:
replace them before showing the demo to an mbo audience.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.models import Membership, User
from dwarsverbinder.employers import matching, openings, placements
from dwarsverbinder.employers.constants import (
    CertificateKind,
    ContactChannel,
    ContactOutcome,
    ContactPurpose,
    OpeningStatus,
    PlacementOutcome,
    ProposalStatus,
    RequestKind,
    RequestStatus,
)
from dwarsverbinder.employers.models import (
    AccountOwner,
    Accreditation,
    ContactPerson,
    Employer,
    EmployerContact,
    EmployerRequest,
    Location,
    MatchProfile,
    Opening,
    PostcodeArea,
    Proposal,
)
from dwarsverbinder.network.models import Organisation, Region
from dwarsverbinder.people.models import Assignment, Person, SchoolCareer
from dwarsverbinder.programmes.models import Project

from .seed import (
    DEMO_CONTACTGEMEENTE,
    PRAKTIJKSCHOOL,
    ROC,
    VAKSCHOOL,
    VSO_SCHOOL,
    WERKGEVERSSERVICEPUNT,
)
from .seed_programmes import CIRCULEREN

# --- Postcode areas ------------------------------------------------------------------------

# Approximate centres (WGS84, rounded) of the four-digit postcode areas of Rivierenland
# that the demo population and employers use; close enough for distances in matching.
# 4190 is Geldermalsen's range for P.O. boxes, given the town's centre.
POSTCODE_CENTRES: dict[str, tuple[float, float]] = {
    # Tiel
    "4001": (51.8870, 5.4310), "4002": (51.8930, 5.4160), "4003": (51.8790, 5.4080),
    "4004": (51.8990, 5.3990), "4005": (51.8950, 5.4420), "4006": (51.9020, 5.4550),
    "4007": (51.8860, 5.4520),
    # Culemborg
    "4101": (51.9560, 5.2290), "4102": (51.9480, 5.2390), "4103": (51.9500, 5.2140),
    "4104": (51.9450, 5.2600), "4105": (51.9600, 5.2450), "4106": (51.9440, 5.2250),
    "4107": (51.9370, 5.2420),
    # West Betuwe: Leerdam, Beesd, Geldermalsen, Meteren, Tricht
    "4141": (51.8930, 5.0930), "4142": (51.8870, 5.1060), "4153": (51.8880, 5.1910),
    "4190": (51.8810, 5.2880), "4191": (51.8810, 5.2880), "4194": (51.8630, 5.2840),
    "4196": (51.8900, 5.2640),
    # Buren: Maurik, Rijswijk, Lienden, Buren, Erichem
    "4021": (51.9620, 5.4230), "4023": (51.9560, 5.3560), "4033": (51.9470, 5.5150),
    "4116": (51.9120, 5.3340), "4117": (51.8930, 5.3580),
    # Zaltbommel, Zuilichem, Brakel, Bruchem
    "5301": (51.8100, 5.2470), "5302": (51.8040, 5.2610), "5305": (51.8080, 5.1300),
    "5306": (51.8180, 5.0900), "5314": (51.7880, 5.2300),
    # Maasdriel: Hedel, Ammerzoden, Kerkdriel, Velddriel
    "5321": (51.7450, 5.2650), "5324": (51.7470, 5.2200), "5331": (51.7710, 5.3350),
    "5333": (51.7570, 5.3100),
    # Neder-Betuwe: Kesteren, Opheusden, Dodewaard (and Randwijk next to it)
    "4041": (51.9350, 5.5680), "4043": (51.9300, 5.6320), "6669": (51.9150, 5.6550),
    "6668": (51.9380, 5.7060),
    # West Maas en Waal: Beneden-Leeuwen, Wamel (and Druten next to it)
    "6658": (51.8880, 5.5120), "6659": (51.8800, 5.4630), "6651": (51.8880, 5.6050),
}  # fmt: skip


def seed_postcode_areas() -> int:
    """Add the centres that are missing; returns how many were added."""
    known = set(PostcodeArea.objects.filter(pc4__in=POSTCODE_CENTRES).values_list("pc4", flat=True))
    missing = [
        PostcodeArea(pc4=pc4, latitude=lat, longitude=lon)
        for pc4, (lat, lon) in sorted(POSTCODE_CENTRES.items())
        if pc4 not in known
    ]
    PostcodeArea.objects.bulk_create(missing)
    return len(missing)


# --- The companies -------------------------------------------------------------------------


@dataclass(frozen=True)
class EmployerSpec:
    key: str
    name: str
    sector: str
    size: str
    municipality: str  # region code
    locations: tuple[tuple[str, str, str], ...]  # (street, postcode, place); the first is main
    description: str
    contacts: tuple[tuple[str, str], ...]  # (name, job title)
    owner: str = "werkgeversadviseur"  # demo username, or "" for none yet


E = EmployerSpec
# fmt: off
EMPLOYERS = (
    E("lingehof", "Fruitbedrijf De Lingehof", "landbouw", "10-49", "gemeente-west-betuwe",
      (("Lingedijk 12", "4196 HK", "Tricht"),),
      "Appels en peren: teelt, pluk en sortering.",
      (("Gerrit van Ooijen", "Eigenaar"), ("Ans Verhoeven", "Bedrijfsleider"))),
    E("medel", "Logistiek Centrum Medel", "logistiek", "250+", "gemeente-tiel",
      (("Kellenseweg 8", "4004 LH", "Tiel"), ("Bedrijfsweg 3", "4104 AR", "Culemborg")),
      "Opslag en distributie voor supermarkten in Midden-Nederland.",
      (("Kim de Bruijn", "HR-adviseur"), ("Marco Peters", "Teamleider magazijn"))),
    E("waalkant", "Zorgcentrum De Waalkant", "zorg", "50-249", "gemeente-zaltbommel",
      (("Waalkade 21", "5301 EH", "Zaltbommel"),),
      "Wonen met zorg voor ouderen, met dagbesteding.",
      (("Ingrid Smits", "Praktijkopleider"),)),
    E("betuwebouw", "Bouwbedrijf Betuwebouw", "bouw", "10-49", "gemeente-neder-betuwe",
      (("Industrieweg 14", "4041 CT", "Kesteren"),),
      "Nieuwbouw en renovatie van woningen.",
      (("Henk Gerritsen", "Uitvoerder"),)),
    E("betuwsepoort", "Hotel-restaurant De Betuwse Poort", "horeca", "10-49",
      "gemeente-culemborg", (("Havendijk 2", "4101 AA", "Culemborg"),),
      "Hotel met restaurant en zalen aan de Lek.",
      (("Sandra Wouters", "Bedrijfsleider"),), owner="coordinator"),
    E("vanooyen", "Fruitteeltbedrijf Van Ooyen & Zn", "landbouw", "1-9", "gemeente-buren",
      (("Achterstraat 5", "4021 BL", "Maurik"),),
      "Kersen en pruimen, met een boerderijwinkel.",
      (("Jan van Ooyen", "Eigenaar"),), owner=""),
    E("waalzicht", "Transportbedrijf Waalzicht", "logistiek", "50-249",
      "gemeente-west-maas-en-waal", (("Industrieweg 30", "6658 KA", "Beneden-Leeuwen"),),
      "Wegtransport en op- en overslag.",
      (("Peter Hendriks", "Planner"),)),
    E("dcrivierenland", "Distributiecentrum Rivierenland", "logistiek", "250+",
      "gemeente-west-betuwe", (("Rijksstraatweg 60", "4191 ND", "Geldermalsen"),),
      "Webwinkelpakketten: ontvangst, orderpicken en verzending.",
      (("Yvonne Brouwer", "HR-adviseur"), ("Dennis Kok", "Shiftleider"))),
    E("delinge", "Metaalbewerking De Linge", "industrie", "10-49", "gemeente-west-betuwe",
      (("Nijverheidsweg 7", "4142 KR", "Leerdam"),),
      "Plaatwerk en lassen voor de machinebouw.",
      (("Rob Jansen", "Werkplaatschef"),)),
    E("kunststof", "Kunststoftechniek Culemborg", "industrie", "50-249", "gemeente-culemborg",
      (("Fabrieksweg 18", "4104 AX", "Culemborg"),),
      "Spuitgieten van kunststof onderdelen.",
      (("Linda Vos", "HR-medewerker"),)),
    E("installatie", "Installatiebedrijf Bommelerwaard", "bouw", "10-49", "gemeente-zaltbommel",
      (("Ambachtstraat 4", "5301 LV", "Zaltbommel"),),
      "Elektra, verwarming en zonnepanelen.",
      (("Bart van Wijk", "Eigenaar"),)),
    E("korenmolen", "Supermarkt De Korenmolen", "handel", "50-249", "gemeente-tiel",
      (("Weerstraat 16", "4001 NB", "Tiel"),),
      "Supermarkt met versafdelingen.",
      (("Esther Mulder", "Filiaalmanager"),)),
    E("bouwmarkt", "Bouwmarkt Hedel", "handel", "10-49", "gemeente-maasdriel",
      (("Kerkstraat 40", "5321 JG", "Hedel"),),
      "Bouwmaterialen, gereedschap en tuin.",
      (("Frank de Groot", "Bedrijfsleider"),)),
    E("vanrossum", "Bakkerij Van Rossum", "handel", "10-49", "gemeente-maasdriel",
      (("Hoogstraat 3", "5331 BH", "Kerkdriel"),),
      "Ambachtelijke bakkerij met twee winkels.",
      (("Marieke van Rossum", "Eigenaar"),)),
    E("zoeteinval", "Lunchroom De Zoete Inval", "horeca", "1-9", "gemeente-tiel",
      (("Waterstraat 9", "4001 HV", "Tiel"),),
      "Lunchroom in de binnenstad.",
      (("Nadia Bakker", "Eigenaar"),), owner=""),
    E("kasteeltje", "Kinderopvang Het Kasteeltje", "onderwijs", "50-249", "gemeente-buren",
      (("Kasteelweg 2", "4116 BK", "Buren"),),
      "Kinderdagverblijf en buitenschoolse opvang.",
      (("Sanne Dekker", "Locatiemanager"),)),
    E("zorgaanhuis", "Zorg aan Huis Rivierenland", "zorg", "250+", "gemeente-tiel",
      (("Stationsplein 6", "4001 BG", "Tiel"), ("Prijssestraat 10", "4101 CT", "Culemborg")),
      "Thuiszorg en huishoudelijke hulp in de hele regio.",
      (("Monique Bosch", "Praktijkopleider"), ("Erik Willems", "Teamleider"))),
    E("glans", "Schoonmaakbedrijf Glans & Zo", "facilitair", "50-249", "gemeente-culemborg",
      (("Beesdseweg 2", "4104 AW", "Culemborg"),),
      "Schoonmaak van kantoren, scholen en zorglocaties.",
      (("Ayşe Yilmaz", "Rayonleider"),)),
    E("groenwaal", "Hoveniersbedrijf Groen aan de Waal", "landbouw", "10-49",
      "gemeente-neder-betuwe", (("Dalwagen 11", "4043 NA", "Opheusden"),),
      "Aanleg en onderhoud van tuinen en openbaar groen.",
      (("Wim Schouten", "Voorman"),)),
    E("betuwselaan", "Boomkwekerij De Betuwse Laan", "landbouw", "10-49",
      "gemeente-neder-betuwe", (("Lange Dreef 7", "4043 PJ", "Opheusden"),),
      "Laanbomen en heesters voor gemeenten en hoveniers.",
      (("Cor van den Berg", "Eigenaar"),)),
    E("meteren", "Autobedrijf Meteren", "overig", "10-49", "gemeente-west-betuwe",
      (("Hoofdstraat 80", "4194 WG", "Meteren"),),
      "Onderhoud, reparatie en verkoop van auto's.",
      (("Rik Verbeek", "Chef werkplaats"),)),
    E("lingewerk", "Sociaal Werkbedrijf Lingewerk", "overheid", "250+", "gemeente-tiel",
      (("Latenstein 8", "4004 JS", "Tiel"),),
      "Beschut werk, leerwerkplekken en detachering voor de gemeenten in Rivierenland.",
      (("Joyce van Dam", "Jobcoach"), ("Hans Timmer", "Accountmanager")), owner="coordinator"),
    E("ictbetuwe", "ICT-Service Betuwe", "ict", "1-9", "gemeente-culemborg",
      (("Markt 14", "4101 BW", "Culemborg"),),
      "Computerhulp en netwerken voor het mkb.",
      (("Tom Hoekstra", "Eigenaar"),)),
    E("administratie", "Administratiekantoor Bommelerwaard", "zakelijk", "10-49",
      "gemeente-zaltbommel", (("Oliestraat 5", "5301 BT", "Zaltbommel"),),
      "Boekhouding en salarisadministratie.",
      (("Petra Maas", "Office manager"),)),
    E("despaak", "Rijwielfabriek De Spaak", "industrie", "50-249", "gemeente-tiel",
      (("Fabrieksstraat 12", "4005 ZC", "Tiel"),),
      "Montage van stads- en elektrische fietsen.",
      (("Gijs Lammers", "Productieleider"),)),
)
# fmt: on

# SBB accreditations: (employer key, crebo, programme, level, years ago recognised).
# Plausible crebo codes, not checked against the SBB register (see the module's docstring).
ACCREDITATIONS = (
    ("lingehof", "25277", "Medewerker teelt", 2, 6),
    ("medel", "25338", "Logistiek medewerker", 2, 9),
    ("medel", "25339", "Logistiek teamleider", 3, 4),
    ("waalkant", "25498", "Helpende zorg en welzijn", 2, 12),
    ("waalkant", "25491", "Verzorgende-IG", 3, 12),
    ("betuwebouw", "25080", "Timmerman", 2, 7),
    ("betuwsepoort", "25180", "Kok", 2, 5),
    ("betuwsepoort", "25168", "Gastheer/gastvrouw", 2, 5),
    ("dcrivierenland", "25338", "Logistiek medewerker", 2, 3),
    ("delinge", "25343", "Medewerker productietechniek", 2, 8),
    ("installatie", "25311", "Monteur elektrotechnische installaties", 2, 10),
    ("korenmolen", "25254", "Verkoopmedewerker", 2, 6),
    ("kasteeltje", "25487", "Pedagogisch medewerker kinderopvang", 3, 11),
    ("zorgaanhuis", "25498", "Helpende zorg en welzijn", 2, 8),
    ("groenwaal", "25230", "Medewerker hovenier", 2, 5),
    ("meteren", "25325", "Autotechnicus", 2, 14),
)

KVK_START = 99_000_000


def kvk_number(index: int) -> str:
    """A fictional KvK number of the right form: 99 and six digits, unique per index."""
    return str(KVK_START + (index * 7919 + 104_729) % 1_000_000)


def _slug(spec: EmployerSpec) -> str:
    return f"{spec.key}.example"


def _email(name: str, spec: EmployerSpec) -> str:
    first, *rest = name.lower().split(" ")
    return f"{first[0]}.{rest[-1]}@{_slug(spec)}".replace("ş", "s")


def _employer(index: int, spec: EmployerSpec, regions: dict[str, Region]) -> Employer:
    employer = Employer.objects.create(
        name=spec.name,
        kvk_number=kvk_number(index),
        sector=spec.sector,
        size=spec.size,
        region=regions.get(spec.municipality),
        website=f"https://www.{_slug(spec)}",
        description=spec.description,
    )
    for position, (street, postcode, place) in enumerate(spec.locations):
        Location.objects.create(
            employer=employer, street=street, postcode=postcode, city=place, is_main=position == 0
        )
    for name, title in spec.contacts:
        ContactPerson.objects.create(
            employer=employer, name=name, job_title=title, email=_email(name, spec)
        )
    return employer


def _owners(employers: dict[str, Employer], actors: dict[str, User], today) -> int:
    rows = [
        AccountOwner(
            employer=employers[spec.key],
            organisation=actors[spec.owner].active_membership.organisation,
            user=actors[spec.owner],
            since=today - datetime.timedelta(days=120 + 37 * index % 900),
        )
        for index, spec in enumerate(EMPLOYERS)
        if spec.owner
    ]
    return len(AccountOwner.objects.bulk_create(rows))


def _accreditations(employers: dict[str, Employer], today) -> int:
    rows = [
        Accreditation(
            employer=employers[key],
            crebo=crebo,
            programme_name=programme,
            level=level,
            valid_from=today.replace(month=1, day=1) - datetime.timedelta(days=365 * years),
        )
        for key, crebo, programme, level, years in ACCREDITATIONS
    ]
    return len(Accreditation.objects.bulk_create(rows))


# --- The contact log -----------------------------------------------------------------------

# The parties that approach employers: organisation code and the demo user who logs it
# (none where the demo has no login at that organisation).
PARTIES = (
    (WERKGEVERSSERVICEPUNT, "werkgeversadviseur"),
    (ROC, "coach"),
    (VAKSCHOOL, ""),
    (PRAKTIJKSCHOOL, ""),
    (VSO_SCHOOL, ""),
    (DEMO_CONTACTGEMEENTE, "rmc"),
    ("uwv", ""),
)
# Employers approached by two or three parties in the last four weeks:
# (employer key, [(party index, purpose, outcome, days ago)]).
# fmt: off
DOUBLE_APPROACHES = (
    ("medel", ((0, "baan", "interesse", 3), (1, "bpv", "akkoord", 9),
               (6, "proefplaatsing", "niet-nu", 17))),
    ("waalkant", ((1, "bbl", "interesse", 5), (2, "bpv", "geen-reactie", 12))),
    ("dcrivierenland", ((0, "baan", "akkoord", 2), (3, "bpv", "interesse", 8),
                        (5, "proefplaatsing", "interesse", 20))),
    ("korenmolen", ((1, "bpv", "akkoord", 6), (4, "proefplaatsing", "afgewezen", 15))),
    ("betuwsepoort", ((0, "leerwerkplek", "interesse", 4), (2, "bbl", "interesse", 11),
                      (3, "bpv", "niet-nu", 24))),
    ("glans", ((5, "baan", "interesse", 7), (6, "baan", "geinformeerd", 19))),
)
# fmt: on
BACKGROUND_CONTACTS = 20  # spread over the past year, one party at a time
SUMMARIES = {
    "bpv": "Stageplaatsen voor het nieuwe schooljaar besproken.",
    "bbl": "Mogelijkheden voor een BBL-plek en de begeleiding op de werkvloer besproken.",
    "baan": "Vacatures voor jongeren zonder ervaring besproken.",
    "proefplaatsing": "Een proefplaatsing van enkele weken voorgesteld.",
    "leerwerkplek": "Een leerwerkplek met jobcoach besproken.",
    "nazorg": "Gesprek over hoe het gaat met de geplaatste jongere.",
    "informatie": "Kennismaking en uitleg over het Werkgeversservicepunt.",
}
# Purposes of the model that are not kinds of place.
_PURPOSE = {"leerwerkplek": ContactPurpose.JOB}


def _contact(employer, party, purpose, outcome, day, *, organisations, actors, project, rng):
    code, username = PARTIES[party]
    people = list(employer.contact_persons.all())
    return EmployerContact(
        employer=employer,
        organisation=organisations[code],
        user=actors.get(username),
        project=project if code in (ROC, DEMO_CONTACTGEMEENTE) and rng.random() < 0.5 else None,
        contact_person=rng.choice(people) if people and rng.random() < 0.7 else None,
        date=day,
        channel=rng.choice(ContactChannel.values[:3]),
        purpose=_PURPOSE.get(purpose, purpose),
        outcome=outcome,
        summary=SUMMARIES[purpose],
    )


def _contacts(employers, *, organisations, actors, rng, today) -> int:
    project = Project.objects.filter(slug=CIRCULEREN).first()
    common = {"organisations": organisations, "actors": actors, "project": project, "rng": rng}
    rows = [
        _contact(
            employers[key], party, purpose, outcome, today - datetime.timedelta(days=days), **common
        )
        for key, approaches in DOUBLE_APPROACHES
        for party, purpose, outcome, days in approaches
    ]
    doubled = {key for key, _ in DOUBLE_APPROACHES}
    quiet = [e for key, e in sorted(employers.items()) if key not in doubled]
    purposes = ["bpv", "bbl", "baan", "informatie", "nazorg"]
    outcomes = [o for o in ContactOutcome.values if o != ContactOutcome.NO_ANSWER]
    for _ in range(BACKGROUND_CONTACTS):
        # 45 days back and further: outside every window of the overview but the longest.
        day = today - datetime.timedelta(days=rng.randint(45, 360))
        party = rng.choice((0, 0, 1, 5))
        rows.append(
            _contact(
                rng.choice(quiet), party, rng.choice(purposes), rng.choice(outcomes), day, **common
            )
        )
    return len(EmployerContact.objects.bulk_create(rows))


# --- Openings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpeningSpec:
    employer: str
    kind: str
    title: str
    hours: tuple[int, int]
    levels: tuple[int, int] | None
    programme_types: tuple[str, ...]
    crebo: str = ""
    support: str = ""  # J: a jobcoach, W: wage-cost subsidy, B: a banenafspraak place
    places: int = 1
    status: str = OpeningStatus.OPEN
    starts_in: int | None = 30  # days from today; None: no start date


Op = OpeningSpec
MBO = ("mbo_bol", "mbo_bbl", "entree")
BBL = ("mbo_bbl",)
LEAVERS = ("pro", "vso", "entree")
ANYONE = ()
OPEN, CLOSED = OpeningStatus.OPEN, OpeningStatus.CLOSED
# fmt: off
OPENINGS = (
    Op("medel", "bpv", "Stage logistiek medewerker", (24, 32), (2, 2), MBO, "25338", places=3),
    Op("lingehof", "bpv", "Stage teelt en oogst", (24, 32), (1, 2), (*MBO, "pro"), "25277",
       places=2),
    Op("installatie", "bpv", "Stage monteur elektra", (32, 38), (2, 2), MBO, "25311",
       status=CLOSED),
    Op("waalkant", "bbl", "BBL helpende zorg en welzijn", (24, 32), (2, 2), BBL, "25498",
       places=2),
    Op("betuwebouw", "bbl", "BBL timmerman", (32, 38), (2, 2), BBL, "25080"),
    Op("betuwsepoort", "bbl", "BBL kok", (24, 36), (2, 2), BBL, "25180"),
    Op("dcrivierenland", "proefplaatsing", "Proefplaatsing orderpicker", (16, 24), None,
       LEAVERS, support="J", starts_in=7),
    Op("korenmolen", "proefplaatsing", "Proefplaatsing vakkenvuller", (12, 20), None,
       LEAVERS, support="J", starts_in=14),
    Op("despaak", "proefplaatsing", "Proefplaatsing fietsmontage", (20, 32), None, ANYONE,
       support="JB", status=OpeningStatus.DRAFT),
    Op("lingewerk", "leerwerkplek", "Leerwerkplek groenonderhoud", (16, 32), None, LEAVERS,
       support="JWB", places=4, starts_in=None),
    Op("groenwaal", "leerwerkplek", "Leerwerkplek hovenier", (24, 32), (1, 2),
       (*LEAVERS, "mbo_bbl"), support="J", places=2),
    Op("glans", "leerwerkplek", "Leerwerkplek schoonmaak", (12, 24), None, LEAVERS,
       support="JW", places=3, starts_in=None),
    Op("medel", "baan", "Magazijnmedewerker (dagdienst)", (32, 38), (1, 2), ANYONE,
       support="W", places=2, starts_in=None),
    Op("zorgaanhuis", "baan", "Medewerker huishoudelijke hulp", (16, 28), None, ANYONE,
       support="B", places=3, starts_in=None),
    Op("kunststof", "baan", "Productiemedewerker spuitgieten", (32, 40), (1, 2), ANYONE,
       status=OpeningStatus.FILLED, starts_in=-60),
)
# fmt: on


def _opening(spec: OpeningSpec, employer: Employer, *, by, today) -> Opening:
    start = today + datetime.timedelta(days=spec.starts_in) if spec.starts_in is not None else None
    end = (
        start + datetime.timedelta(days=180)
        if start and spec.kind in ("bpv", "proefplaatsing")
        else None
    )
    return openings.opening_create(
        by=by,
        employer=employer,
        location=employer.locations.order_by("-is_main", "id").first(),
        kind=spec.kind,
        title=spec.title,
        description=f"{spec.title} bij {employer.name}. {employer.description}",
        programme_types=list(spec.programme_types),
        crebo=spec.crebo,
        level_min=spec.levels[0] if spec.levels else None,
        level_max=spec.levels[1] if spec.levels else None,
        hours_min=spec.hours[0],
        hours_max=spec.hours[1],
        jobcoach="J" in spec.support,
        wage_cost_subsidy="W" in spec.support,
        banenafspraak="B" in spec.support,
        interests=[employer.sector],
        places=spec.places,
        start_date=start,
        end_date=end,
        status=spec.status,
    )


# --- Young people: profiles, proposals, placements, certificates --------------------------

MATCH_PROFILES = 20


def _caseload(organisation_code: str) -> list[int]:
    return list(
        Assignment.objects.filter(organisation__code=organisation_code, ended_at__isnull=True)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()
    )


def _leavers(*, left_before: datetime.date) -> list[int]:
    """Demo young people in Rivierenland whose latest school career ended before the date
    and who are not at school now, by id."""
    at_school = SchoolCareer.objects.filter(leave_date__isnull=True).values("person_id")
    later = SchoolCareer.objects.filter(leave_date__gte=left_before).values("person_id")
    return list(
        Person.objects.filter(
            school_careers__leave_date__lt=left_before, anonymised_on__isnull=True
        )
        .exclude(Q(id__in=at_school) | Q(id__in=later))
        .order_by("id")
        .values_list("id", flat=True)
        .distinct()
    )


INTERESTS = ["logistiek", "landbouw", "zorg", "horeca", "handel", "industrie", "bouw", "facilitair"]


def _profile_fields(rng: random.Random, *, student: bool) -> dict:
    kinds = (
        ["bpv", "bbl"]
        if student
        else rng.sample(["proefplaatsing", "leerwerkplek", "baan", "bbl"], 2)
    )
    return {
        "interests": rng.sample(INTERESTS, 2),
        "hours_wanted": rng.choice([16, 24, 32, 36]),
        "max_distance_km": rng.choice([10, 15, 25]),
        "needs_jobcoach": not student and rng.random() < 0.5,
        "needs_wage_cost_subsidy": not student and rng.random() < 0.25,
        "banenafspraak": not student and rng.random() < 0.2,
        "kinds": kinds,
    }  # fmt: skip


def _profiles(people: list[tuple[int, User]], rng) -> list[MatchProfile]:
    persons = Person.objects.in_bulk([pk for pk, _ in people])
    return [
        openings.match_profile_save(
            person=persons[pk], by=by, **_profile_fields(rng, student=by.username == "coach")
        )
        for pk, by in people
    ]


@dataclass(frozen=True)
class PlacementSpec:
    employer: str
    kind: str
    started: int  # days ago
    ended: int | None  # days ago, None: still running
    outcome: str
    hours: int
    guidance: str
    by: str = "rmc"  # the demo user who records it: "rmc" (gemeente) or "coach" (ROC)
    opening: str = ""  # the title of the opening it fills, if any


P = PlacementSpec
ONGOING, ENDED_EARLY = PlacementOutcome.ONGOING, PlacementOutcome.ENDED_EARLY
CONTRACT, COMPLETED = PlacementOutcome.CONTRACT, PlacementOutcome.COMPLETED
# fmt: off
PLACEMENTS = (
    P("medel", "baan", 420, None, ONGOING, 32, "Teamleider magazijn als vast aanspreekpunt"),
    P("korenmolen", "baan", 400, 250, ENDED_EARLY, 24, "Filiaalmanager"),
    P("lingewerk", "leerwerkplek", 300, None, ONGOING, 28, "Jobcoach van Lingewerk"),
    P("betuwsepoort", "proefplaatsing", 200, 141, CONTRACT, 24, "Jobcoach, twee keer per week"),
    P("betuwsepoort", "baan", 140, None, ONGOING, 28, "Bedrijfsleider en jobcoach"),
    P("waalkant", "bbl", 380, None, ONGOING, 32, "Praktijkopleider zorg"),
    P("dcrivierenland", "proefplaatsing", 120, 101, ENDED_EARLY, 20, "Shiftleider"),
    P("glans", "baan", 260, 60, COMPLETED, 20, "Rayonleider"),
    P("lingehof", "bpv", 80, None, ONGOING, 24, "Bedrijfsleider als praktijkopleider", by="coach"),
    P("groenwaal", "leerwerkplek", 25, None, ONGOING, 24, "Voorman en jobcoach",
      opening="Leerwerkplek hovenier"),
)
# (placement index, kind, name, crebo, days ago issued, issued by)
CERTIFICATES = (
    (0, CertificateKind.BRANCH, "Heftruckcertificaat", "", 330, "Opleidingscentrum Rivierenland"),
    (0, CertificateKind.MBO_CERTIFICAAT, "Logistiek medewerker: orderpicken", "25338", 120,
     "ROC Waal en Linge"),
    (2, CertificateKind.PRAKTIJKVERKLARING, "Praktijkverklaring groenonderhoud", "", 60,
     "Sociaal Werkbedrijf Lingewerk"),
    (5, CertificateKind.DIPLOMA, "Helpende zorg en welzijn", "25498", 20, "ROC Waal en Linge"),
)
# fmt: on


def _placed_people(rng, *, students: list[int], today) -> list[int | None]:
    """A different young person for each placement: for the ROC's internship an enrolled
    student; for the rest someone who had left school before it started."""
    chosen: list[int | None] = []
    taken: set[int] = set()
    for spec in PLACEMENTS:
        if spec.by == "coach":
            pool = students
        else:
            pool = _leavers(left_before=today - datetime.timedelta(days=spec.started + 14))
        # The work trial that became a job: the same young person goes on to the job.
        if (
            spec.kind == "baan"
            and chosen
            and PLACEMENTS[len(chosen) - 1].outcome == PlacementOutcome.CONTRACT
        ):
            chosen.append(chosen[-1])
            continue
        free = [pk for pk in pool if pk not in taken]
        pick = rng.choice(free) if free else None
        chosen.append(pick)
        if pick is not None:
            taken.add(pick)
    return chosen


def _acting(user: User | None, organisation_code: str, role: str) -> User | None:
    if user is None:
        return None
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=user, organisation__code=organisation_code, role=role, is_active=True)
        .first()
    )
    if membership is None:
        return None
    acting = User.objects.get(pk=user.pk)
    acting.active_membership = membership
    return acting


def _actors(users: dict[str, User]) -> dict[str, User]:
    wanted = {
        "werkgeversadviseur": (WERKGEVERSSERVICEPUNT, Role.EMPLOYER_MANAGER),
        "coordinator": (DEMO_CONTACTGEMEENTE, Role.COORDINATOR),
        "coach": (ROC, Role.COACH),
        "rmc": (DEMO_CONTACTGEMEENTE, Role.COACH),
    }
    actors = {}
    for username, (code, role) in wanted.items():
        acting = _acting(users.get(username), code, role)
        if acting is not None:
            actors[username] = acting
    # Without an employer account manager login, the coordinator keeps the accounts.
    actors.setdefault("werkgeversadviseur", actors["coordinator"])
    return actors


def _proposal(opening, person, by, status, days_ago) -> Proposal:
    fit = matching.fit_for(user=by, opening=opening, person=person)
    proposal = Proposal.objects.create(
        opening=opening,
        person=person,
        organisation=by.active_membership.organisation,
        proposed_by=by,
        reasons=fit.fit.as_json(),
        status=status,
        note="Gemotiveerd en past goed bij het werk.",
    )
    stamp = timezone.now() - datetime.timedelta(days=days_ago)
    Proposal.objects.filter(pk=proposal.pk).update(created_at=stamp, updated_at=stamp)
    return proposal


# Proposals: (opening title, status, days ago); the last one is the one the leerwerkplek
# placement fills (it becomes accepted when the placement is recorded).
PROPOSALS = (
    ("Proefplaatsing orderpicker", ProposalStatus.PROPOSED, 2),
    ("Magazijnmedewerker (dagdienst)", ProposalStatus.PROPOSED, 6),
    ("Medewerker huishoudelijke hulp", ProposalStatus.INTRODUCED, 12),
    ("Proefplaatsing vakkenvuller", ProposalStatus.DECLINED, 20),
    ("Leerwerkplek hovenier", ProposalStatus.INTRODUCED, 35),
)


def _people_side(employers, opened, actors, rng, today) -> dict[str, int]:
    rmc, coach = actors.get("rmc"), actors.get("coach")
    if rmc is None or coach is None:
        return {}
    students = [
        pk
        for pk in _caseload(ROC)
        if SchoolCareer.objects.filter(
            person_id=pk, school__code=ROC, leave_date__isnull=True
        ).exists()
    ]
    placed = _placed_people(rng, students=students, today=today)
    if None in placed:
        return {}  # too few young people for the demo's placements
    persons = Person.objects.in_bulk(set(placed))
    # Matching profiles: the placed and proposed young people first, then the caseloads.
    proposed = [pk for pk in _leavers(left_before=today) if pk not in placed][: len(PROPOSALS) - 1]
    proposed.append(placed[-1])
    persons.update(Person.objects.in_bulk(proposed))
    candidates = [
        *placed,
        *proposed,
        *_caseload(DEMO_CONTACTGEMEENTE),
        *students,
        *_leavers(left_before=today),
    ]
    profile_ids = list(dict.fromkeys(candidates))
    profiles = _profiles(
        [(pk, coach if pk in students else rmc) for pk in profile_ids[:MATCH_PROFILES]], rng
    )
    # The Werkgeversservicepunt works with the school leavers among them (a jobcoach
    # trajectory), so the demo employer account manager sees them for matching and placing.
    wsp = Organisation.objects.get(code=WERKGEVERSSERVICEPUNT)
    Assignment.objects.bulk_create(
        Assignment(
            person_id=pk,
            organisation=wsp,
            coach=actors.get("werkgeversadviseur"),
            started_at=today - datetime.timedelta(days=90),
        )
        for pk in profile_ids[:MATCH_PROFILES]
        if pk not in students
    )
    proposals = [
        _proposal(opened[title], persons[pk], rmc, status, days)
        for (title, status, days), pk in zip(PROPOSALS, proposed, strict=True)
    ]
    records = [
        placements.placement_record(
            person=persons[pk],
            organisation=actors[spec.by].active_membership.organisation,
            by=actors[spec.by],
            employer=employers[spec.employer],
            opening=opened.get(spec.opening),
            kind=spec.kind,
            start_date=today - datetime.timedelta(days=spec.started),
            end_date=today - datetime.timedelta(days=spec.ended)
            if spec.ended is not None
            else None,
            hours=spec.hours,
            guidance=spec.guidance,
            outcome=spec.outcome,
        )
        for spec, pk in zip(PLACEMENTS, placed, strict=True)
    ]
    certificates = [
        placements.certificate_record(
            person=records[index].person,
            by=actors[PLACEMENTS[index].by],
            kind=kind,
            name=name,
            crebo=crebo,
            issued_on=today - datetime.timedelta(days=days),
            issued_by=issued_by,
            placement=records[index],
        )
        for index, kind, name, crebo, days, issued_by in CERTIFICATES
    ]
    return {
        "match_profiles": len(profiles),
        "proposals": len(proposals),
        "placements": len(records),
        "certificates": len(certificates),
    }


# --- Requests from the public page ---------------------------------------------------------

# (kind, company, employer key, name, kind of place, status, days ago, message)
# fmt: off
REQUESTS = (
    (RequestKind.OFFER, "Lunchroom De Zoete Inval", "zoeteinval", "Nadia Bakker", "bpv",
     RequestStatus.NEW, 1,
     "Wij zoeken een stagiair voor de keuken en de bediening, drie dagen per week."),
    (RequestKind.HELP, "Garagebedrijf Van Leeuwen", "", "Martin van Leeuwen", "",
     RequestStatus.NEW, 3,
     "Ik wil graag een jongere een kans geven. Welke hulp en subsidie zijn er?"),
    (RequestKind.OFFER, "Tuincentrum De Waard", "", "Karin de Waard", "baan",
     RequestStatus.HANDLED, 16,
     "Vanaf het voorjaar hebben wij werk in de kwekerij, 24 tot 32 uur."),
)
# fmt: on


def _requests(employers, today) -> int:
    rows = []
    for kind, company, key, name, place, status, _days, message in REQUESTS:
        employer = employers.get(key)
        rows.append(
            EmployerRequest(
                kind=kind,
                company=company,
                kvk_number=employer.kvk_number if employer else "",
                contact_name=name,
                email=f"{name.split(' ')[0].lower()}@{company.split(' ')[-1].lower()}.example",
                opening_kind=place,
                message=message,
                employer=employer,
                status=status,
            )
        )
    created = EmployerRequest.objects.bulk_create(rows)
    for row, spec in zip(created, REQUESTS, strict=True):
        stamp = timezone.now() - datetime.timedelta(days=spec[6], hours=2)
        EmployerRequest.objects.filter(pk=row.pk).update(created_at=stamp)
    return len(created)


# --- Together ------------------------------------------------------------------------------


def employers_exist() -> bool:
    return Employer.objects.exists()


def seed_employers(*, seed: int, users: dict[str, User]) -> dict[str, int] | None:
    """Build the demo register once; None when employers exist already (nothing changes,
    except postcode centres that were missing)."""
    areas = seed_postcode_areas()
    if employers_exist():
        return None
    rng = random.Random(f"employers-{seed}")
    today = timezone.localdate()
    actors = _actors(users)
    regions = {
        r.code: r for r in Region.objects.filter(code__in={s.municipality for s in EMPLOYERS})
    }
    organisations = {
        o.code: o for o in Organisation.objects.filter(code__in={c for c, _ in PARTIES})
    }
    employers = {spec.key: _employer(i, spec, regions) for i, spec in enumerate(EMPLOYERS, start=1)}
    publisher = actors["werkgeversadviseur"]
    opened = {
        spec.title: _opening(spec, employers[spec.employer], by=publisher, today=today)
        for spec in OPENINGS
    }
    counts = {
        "postcode_areas": areas,
        "employers": len(employers),
        "locations": Location.objects.count(),
        "contact_persons": ContactPerson.objects.count(),
        "accreditations": _accreditations(employers, today),
        "account_owners": _owners(employers, actors, today),
        "contacts": _contacts(
            employers, organisations=organisations, actors=actors, rng=rng, today=today
        ),
        "openings": len(opened),
        "requests": _requests(employers, today),
    }
    counts.update(_people_side(employers, opened, actors, rng, today))
    return counts
