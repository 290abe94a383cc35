"""The demo region's sociale kaart: services for young people in Rivierenland.

Every service here is fictional, and so are its phone numbers and addresses (e-mail and
web addresses use example.nl). The organisations are the demo's own; the GGZ jeugdteam and
the housing foundation are added here and are fictional too. Waiting times are dated
relative to the demo's reference date, so the kaart looks current in the demo.
"""

from __future__ import annotations

import datetime
from dataclasses import KW_ONLY, dataclass

from dwarsverbinder.network.constants import OrganisationKind
from dwarsverbinder.network.models import Organisation, Region, Service, ServiceTheme

from .population import REFERENCE_DATE
from .seed import DEMO_CONTACTGEMEENTE, PRAKTIJKSCHOOL, ROC, WERKGEVERSSERVICEPUNT, WIJKTEAM

# Fictional organisations of the kaart (not in the seed pages).
GGZ_JEUGDTEAM = "ggz-jeugdteam-rivierenland"
WOONSTICHTING = "stichting-jong-wonen-rivierenland"

_ZORG, _GELD, _WERK = ServiceTheme.CARE, ServiceTheme.MONEY, ServiceTheme.WORK
_ONDERWIJS, _WONEN = ServiceTheme.EDUCATION, ServiceTheme.HOUSING
_MENTAAL = ServiceTheme.MENTAL_HEALTH


@dataclass(frozen=True)
class ServiceSpec:
    slug: str
    organisation: str
    name: str
    summary: str
    for_whom: str
    how_to_get_in: str
    themes: tuple[str, ...]
    _: KW_ONLY
    ages: tuple[int | None, int | None] = (None, None)
    municipality: str = ""  # empty: the whole region
    also_for: tuple[str, ...] = ()
    waiting_days: int | None = None
    checked_days_ago: int = 0
    accepting_new: bool = True
    phone: str = ""
    email: str = ""
    website: str = ""
    address: str = ""


def _extra_organisations(regions: dict[str, Region]) -> dict[str, Organisation]:
    tiel = regions["gemeente-tiel"]
    specs = (
        # Fictional: a youth mental health team for the region.
        (GGZ_JEUGDTEAM, "GGZ Jeugdteam Rivierenland", OrganisationKind.CARE),
        # Fictional: a foundation with rooms and coaching for young people.
        (WOONSTICHTING, "Stichting Jong Wonen Rivierenland", OrganisationKind.OTHER),
    )
    organisations = {}
    for code, name, kind in specs:
        organisations[code], _ = Organisation.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "municipality": tiel}
        )
    return organisations


SERVICES = (
    ServiceSpec(
        "wijkteam-tiel-oost-hulp",
        WIJKTEAM,
        "Hulp van het wijkteam",
        "Je praat met iemand van het wijkteam over wat moeilijk is. Samen maken jullie een plan.",
        "Voor jongeren in Tiel die hulp willen thuis, bij geld, wonen of school.",
        "Bel of mail het wijkteam. Je mag ook langskomen op het spreekuur op dinsdag en "
        "donderdag van 9 tot 12 uur. Je hebt geen verwijzing nodig.",
        (_ZORG, _WONEN),
        ages=(16, None),
        municipality="gemeente-tiel",
        waiting_days=10,
        checked_days_ago=3,
        phone="0344 000 101",
        email="wijkteam-oost@example.nl",
        address="Voorstad 10, Tiel",
    ),
    ServiceSpec(
        "wijkteam-budgetcoach",
        WIJKTEAM,
        "Budgetcoach",
        "Een budgetcoach helpt je met je post, je rekeningen en een plan voor je geld.",
        "Voor jongeren die overzicht willen over hun geld. Ook als je nog geen schulden hebt.",
        "Vraag het wijkteam om een budgetcoach. Neem je post en je bankapp mee naar het "
        "eerste gesprek.",
        (_GELD,),
        ages=(16, 27),
        municipality="gemeente-tiel",
        waiting_days=7,
        checked_days_ago=5,
        phone="0344 000 102",
        email="budgetcoach@example.nl",
    ),
    ServiceSpec(
        "gemeente-tiel-schuldhulp-jongeren",
        DEMO_CONTACTGEMEENTE,
        "Schuldhulp voor jongeren",
        "Heb je schulden? De gemeente helpt je om ze op te lossen. Je krijgt één vast contact.",
        "Voor jongeren van 18 tot 27 jaar met schulden die ze zelf niet meer kunnen betalen.",
        "Meld je aan via de website of bel de gemeente. Binnen drie werkdagen belt iemand je "
        "terug voor een eerste gesprek.",
        (_GELD,),
        ages=(18, 27),
        also_for=("gemeente-buren", "gemeente-culemborg"),
        municipality="gemeente-tiel",
        waiting_days=21,
        checked_days_ago=8,
        phone="14 0344",
        email="schuldhulp@example.nl",
        website="https://example.nl/tiel/schuldhulp",
    ),
    ServiceSpec(
        "gemeente-tiel-werk-en-inkomen",
        DEMO_CONTACTGEMEENTE,
        "Werk en inkomen (Participatiewet)",
        "Heb je geen werk en geen geld om van te leven? Dan kun je een uitkering aanvragen. "
        "Je krijgt hulp om werk te vinden.",
        "Voor jongeren vanaf 18 jaar die in Tiel wonen en niet genoeg geld hebben.",
        "Vraag de uitkering aan via de website. Na vier weken krijg je een gesprek over werk "
        "of school. Neem je ID-kaart mee.",
        (_GELD, _WERK),
        ages=(18, None),
        municipality="gemeente-tiel",
        waiting_days=14,
        checked_days_ago=12,
        phone="14 0344",
        website="https://example.nl/tiel/werk-en-inkomen",
        address="Stadhuis, Koningin Julianaplein 1, Tiel",
    ),
    ServiceSpec(
        "doorstroompunt-rivierenland",
        DEMO_CONTACTGEMEENTE,
        "Doorstroompunt: hulp bij school of werk",
        "Zit je niet op school en heb je geen werk? Een consulent zoekt met jou naar een "
        "opleiding of baan die past.",
        "Voor jongeren tot 27 jaar zonder diploma havo, vwo of mbo-2, in heel Rivierenland.",
        "Stuur een mail of app. Je krijgt binnen een week een afspraak. Het is gratis.",
        (_ONDERWIJS, _WERK),
        ages=(16, 27),
        waiting_days=5,
        checked_days_ago=2,
        phone="0344 000 103",
        email="doorstroompunt@example.nl",
    ),
    ServiceSpec(
        "uwv-werk-met-een-beperking",
        "uwv",
        "Werk als je een beperking hebt",
        "Kun je door ziekte of een beperking moeilijk werken? UWV kijkt wat je kunt en helpt "
        "je aan werk, soms met een jobcoach.",
        "Voor jongeren met een ziekte of beperking, bijvoorbeeld na praktijkonderwijs of vso.",
        "Vraag een gesprek aan via de website van UWV. Neem je school of begeleider mee als "
        "je dat fijn vindt.",
        (_WERK, _ZORG),
        ages=(16, 27),
        waiting_days=42,
        checked_days_ago=20,
        website="https://example.nl/uwv/werk-met-een-beperking",
    ),
    ServiceSpec(
        "wsp-rivierenland-baan-of-leerwerkplek",
        WERKGEVERSSERVICEPUNT,
        "Een baan of leerwerkplek vinden",
        "Wij kennen veel werkgevers in de regio. We zoeken met je een baan, stage of "
        "leerwerkplek (BBL).",
        "Voor jongeren die willen werken of werken en leren. Ook zonder diploma.",
        "Vraag je coach, je school of de gemeente om je aan te melden. Je kunt ook zelf mailen.",
        (_WERK,),
        ages=(16, 27),
        waiting_days=7,
        checked_days_ago=4,
        email="jongeren@example.nl",
        website="https://example.nl/wsp-rivierenland",
    ),
    ServiceSpec(
        "roc-waal-en-linge-loopbaanbegeleiding",
        ROC,
        "Loopbaanbegeleiding: welke opleiding past bij mij?",
        "Twijfel je over je opleiding? Een loopbaanbegeleider helpt je kiezen: blijven, "
        "switchen of werken en leren.",
        "Voor studenten van ROC Waal en Linge en jongeren die daar willen starten.",
        "Maak een afspraak bij het studentenloket of vraag het je mentor.",
        (_ONDERWIJS,),
        ages=(16, 27),
        municipality="gemeente-tiel",
        waiting_days=5,
        checked_days_ago=6,
        phone="0344 000 104",
        email="loopbaan@example.nl",
        address="Studentenloket, Stationsplein 5, Tiel",
    ),
    ServiceSpec(
        "roc-waal-en-linge-onderwijsvoucher",
        ROC,
        "Informatie over de onderwijsvoucher",
        "Met een onderwijsvoucher kun je gratis een mbo-opleiding doen. Wij leggen uit hoe "
        "het werkt.",
        "Voor jongeren tot 27 jaar zonder startkwalificatie die weer willen leren.",
        "Vraag je coach of het Doorstroompunt om een voucher. Kom daarna naar de inloop op "
        "woensdagmiddag.",
        (_ONDERWIJS, _GELD),
        ages=(16, 27),
        municipality="gemeente-tiel",
        email="voucher@example.nl",
    ),
    ServiceSpec(
        "praktijkschool-de-uiterwaard-nazorg",
        PRAKTIJKSCHOOL,
        "Nazorg na de praktijkschool",
        "Ben je klaar met school? Je oude school blijft je twee jaar helpen bij werk of een "
        "vervolgopleiding.",
        "Voor oud-leerlingen van Praktijkschool De Uiterwaard.",
        "Bel of app je oude mentor. Je hoeft je niet aan te melden.",
        (_WERK, _ONDERWIJS),
        ages=(16, 23),
        municipality="gemeente-tiel",
        waiting_days=0,
        checked_days_ago=1,
        phone="0344 000 105",
    ),
    ServiceSpec(
        "ggz-jeugdteam-gesprekken",
        GGZ_JEUGDTEAM,
        "Praten als je somber of gestrest bent",
        "Voel je je vaak somber, bang of gestrest? Je praat een paar keer met een "
        "psycholoog van het jeugdteam.",
        "Voor jongeren tot 23 jaar met lichte psychische klachten.",
        "Je hebt een verwijzing nodig van je huisarts of het wijkteam. Daarna belt het "
        "jeugdteam je voor een afspraak.",
        (_MENTAAL, _ZORG),
        ages=(12, 23),
        waiting_days=49,
        checked_days_ago=14,
        phone="0344 000 106",
        email="jeugdteam@example.nl",
    ),
    ServiceSpec(
        "ggz-jeugdteam-inloop",
        GGZ_JEUGDTEAM,
        "Inloop: meteen een gesprek",
        "Zit je ergens mee? Loop binnen zonder afspraak en praat met iemand. Je mag ook een "
        "vriend meenemen.",
        "Voor alle jongeren van 16 tot 27 jaar in Rivierenland.",
        "Kom op vrijdag tussen 14 en 17 uur. Je hebt geen verwijzing nodig.",
        (_MENTAAL,),
        ages=(16, 27),
        municipality="gemeente-tiel",
        waiting_days=0,
        checked_days_ago=7,
        address="Jongerencentrum, Waalkade 2, Tiel",
    ),
    ServiceSpec(
        "ggz-jeugdteam-behandeling",
        GGZ_JEUGDTEAM,
        "Behandeling bij angst of depressie",
        "Een behandeling met vaste afspraken bij een psycholoog of psychiater.",
        "Voor jongeren tot 23 jaar met zware psychische klachten.",
        "Je huisarts verwijst je. Tot je kunt beginnen, helpt het wijkteam of de inloop je.",
        (_MENTAAL, _ZORG),
        ages=(12, 23),
        waiting_days=98,
        checked_days_ago=30,
        accepting_new=False,
        phone="0344 000 106",
    ),
    ServiceSpec(
        "jong-wonen-kamer-met-begeleiding",
        WOONSTICHTING,
        "Een kamer met begeleiding",
        "Je woont op jezelf in een kamer. Een begeleider helpt je met geld, koken en je planning.",
        "Voor jongeren van 18 tot 23 jaar die niet meer thuis kunnen wonen.",
        "Het wijkteam meldt je aan. Daarna is er een kennismakingsgesprek.",
        (_WONEN, _ZORG),
        ages=(18, 23),
        also_for=("gemeente-culemborg", "gemeente-west-betuwe"),
        municipality="gemeente-tiel",
        waiting_days=180,
        checked_days_ago=21,
        accepting_new=False,
        email="wonen@example.nl",
    ),
    ServiceSpec(
        "jong-wonen-eerste-huis",
        WOONSTICHTING,
        "Hulp bij je eerste huis",
        "We helpen je zoeken naar een kamer of huis en leggen uit wat huur, toeslag en "
        "verzekeringen zijn.",
        "Voor jongeren die voor het eerst op zichzelf gaan wonen.",
        "Kom naar het spreekuur op maandag of stuur een mail met je vraag.",
        (_WONEN, _GELD),
        ages=(17, 27),
        waiting_days=None,
        email="eerstehuis@example.nl",
        website="https://example.nl/jong-wonen",
    ),
)


def seed_services(
    regions: dict[str, Region], organisations: dict[str, Organisation]
) -> list[Service]:
    """Create or refresh the demo services; keyed on slug, so safe to run again."""
    owners = {**organisations, **_extra_organisations(regions)}
    return [_upsert_service(spec, regions, owners) for spec in SERVICES]


def _upsert_service(
    spec: ServiceSpec, regions: dict[str, Region], owners: dict[str, Organisation]
) -> Service:
    checked = None
    if spec.waiting_days is not None:
        checked = REFERENCE_DATE - datetime.timedelta(days=spec.checked_days_ago)
    service, _ = Service.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "organisation": owners[spec.organisation],
            "name": spec.name,
            "summary": spec.summary,
            "for_whom": spec.for_whom,
            "how_to_get_in": spec.how_to_get_in,
            "themes": [str(t) for t in spec.themes],
            "min_age": spec.ages[0],
            "max_age": spec.ages[1],
            "municipality": regions.get(spec.municipality),
            "waiting_days": spec.waiting_days,
            "waiting_updated_on": checked,
            "accepting_new": spec.accepting_new,
            "is_published": True,
            "phone": spec.phone,
            "email": spec.email,
            "website": spec.website,
            "address": spec.address,
        },
    )
    service.regions.set([regions[code] for code in spec.also_for])
    return service
