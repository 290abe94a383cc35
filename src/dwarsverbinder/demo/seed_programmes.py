"""The ten regional issues and the projects of the seed pages, with their facts.

Texts are Dutch and follow the seeds (000 Dwarsverbinden, 001 ROB-Tool issues, 002 Spoor 22,
003 Kwint/Özdil pilots, 004 VOORdeel & VERVOLG). Where a seed leaves a fact out (an amount,
a start date) it stays empty rather than being made up. The VOORdeel & VERVOLG phone
number is left out on purpose.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import KW_ONLY, dataclass, field
from decimal import Decimal

from dwarsverbinder.monitor.definitions import DEFINITION_V1
from dwarsverbinder.network.models import Organisation, Region
from dwarsverbinder.people.models import SchoolCareer
from dwarsverbinder.programmes.constants import (
    FundingSource,
    MilestoneStatus,
    PartnerRole,
    ProjectStatus,
)
from dwarsverbinder.programmes.models import (
    Activity,
    FundingLine,
    FundingYear,
    LearningCircle,
    LearningCircleParticipant,
    Milestone,
    Project,
    ProjectParticipation,
    ProjectPartner,
    RegionalIssue,
    ReportingDate,
)

DWARSVERBINDEN = "dwarsverbinden-in-de-regio"

# Seed 001, in the order of the ROB tool; slugs from the domain brief §2.
ISSUES = (
    (
        1,
        "spreiding-aanbod",
        "Spreiding van het onderwijsaanbod",
        "Bij dalende leerlingenaantallen biedt samenwerking tussen schoolbesturen en gemeenten "
        "binnen een regio een basis voor een goede instandhouding en spreiding van het "
        "onderwijsaanbod in het vo, speciaal onderwijs en mbo.",
    ),
    (
        2,
        "aansluiting-vmbo-mbo",
        "Aansluiting vmbo-mbo",
        "Een goede aansluiting tussen het vmbo en mbo is in eerste instantie een "
        "verantwoordelijkheid voor het onderwijs zelf. Het is bij uitstek een onderwerp dat om "
        "regionale afstemming vraagt. Het is een onderwerp waarbij er ook voor gemeenten "
        "meerwaarde is te behalen.",
    ),
    (
        3,
        "verzuim-uitval",
        "Verzuim en uitval",
        "De basis voor het voorkomen en aanpakken van verzuim en uitval ligt bij een goede "
        "uitvoering van de eigen taken: goed onderwijs en een goede uitvoering van leerplicht en "
        "RMC. Bij jongeren met meervoudige problemen is regionale samenwerking noodzakelijk.",
    ),
    (
        4,
        "onderwijs-zorg",
        "Onderwijs en zorg",
        "Scholen voor v(s)o en mbo hebben vaak te maken met vele wijkteams in meerdere gemeenten "
        "voor leerlingen met een zorgvraag. Regionale samenwerking bespoedigt een samenhangende "
        "aanpak van onderwijsgerelateerde ondersteuning en zorg voor de jongere in gezin en "
        "omgeving.",
    ),
    (
        5,
        "vso-pro-entree-naar-werk",
        "Van VSO, PrO en entree naar werk",
        "Jongeren uit het VSO, PrO en de entreeopleiding hebben vaak een extra steun in de rug "
        "nodig om een succesvolle overstap naar een baan te kunnen maken. Regionale afstemming "
        "tussen onderwijs, gemeenten en arbeidsmarkt helpt hierbij.",
    ),
    (
        6,
        "beperking-mbo-werk",
        "Met een beperking van mbo naar werk",
        "Vele jongeren met een beperking die een beroepsopleiding volgen in het mbo vallen uit, "
        "halen geen diploma en hebben vervolgens problemen om werk te vinden. Ook voor hen die "
        "wel een diploma halen, is het vaak moeilijk passend werk te vinden. Samenwerking van "
        "gemeenten en onderwijs rondom stage en overgang naar werk helpt.",
    ),
    (
        7,
        "stages-werkplekken",
        "Stages en werkplekken",
        "Vo, PrO en mbo vissen in dezelfde regionale vijver om stageplekken voor eigen leerlingen "
        "te bemachtigen. Regionale afstemming, waarbij gemeenten als neutrale partij een "
        "begeleidende rol kunnen spelen, kan het vinden van stage- en werkplekken "
        "vergemakkelijken.",
    ),
    (
        8,
        "kwalificeren-arbeidsmarkt",
        "Kwalificeren voor de arbeidsmarkt",
        "In Nederland was lange tijd het streven om jongeren in een kwetsbare positie, al dan "
        "niet met extra begeleiding, een startkwalificatie te laten halen. Voor jongeren die het "
        "niet lukt een startkwalificatie te behalen ontstaan nu initiatieven die zich richten op "
        "het kwalificeren voor de arbeidsmarkt.",
    ),
    (
        9,
        "zonder-werk-zonder-opleiding",
        "Jongeren zonder werk en zonder opleiding",
        "De aanpak van het voortijdig schoolverlaten is succesvol geweest: steeds minder jongeren "
        "verlaten zonder startkwalificatie het onderwijs. Toch zijn er landelijk nog tienduizenden "
        "jongeren die geen werk hebben en geen afgeronde opleiding. Voor gemeenten vormen zij een "
        "moeilijke doelgroep.",
    ),
    (
        10,
        "aansluiting-onderwijs-arbeidsmarkt",
        "Aansluiting onderwijs-arbeidsmarkt",
        "Ontwikkelingen in vmbo en mbo maken dat opleidingen meer en meer gericht zijn op de "
        "vragen van de regionale arbeidsmarkt. Regionale samenwerking, waarbij gemeenten als grote "
        "werkgever en actor in economische ontwikkelingen een rol spelen, bieden mogelijkheden om "
        "de aansluiting onderwijs-arbeidsmarkt te versterken.",
    ),
)


@dataclass(frozen=True)
class Funding:
    source: str
    funder: str
    amount: int | None
    granted_on: datetime.date | None = None


@dataclass(frozen=True)
class ProjectSpec:
    slug: str
    name: str
    _: KW_ONLY
    region: str = ""
    region_label: str = ""
    status: str = ProjectStatus.RUNNING
    summary: str = ""
    approach: str = ""
    target_group: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    issues: tuple[str, ...] = ()
    results: tuple[str, ...] = ()
    success_factors: tuple[str, ...] = ()
    challenges: tuple[str, ...] = ()
    # (organisation code, partner role)
    partners: tuple[tuple[str, str], ...] = ()
    funding: tuple[Funding, ...] = field(default=())


_LEAD = PartnerRole.PROJECT_LEAD
_PARTNER = PartnerRole.PARTNER
_FUNDER = PartnerRole.FUNDER


def _dwarsverbinden() -> ProjectSpec:
    members = (
        "gemeente-leeuwarden",
        "nhl-stenden",
        "van-hall-larenstein",
        "rea-college",
        "sozawe-nw-fryslan",
        "uwv",
        "gemeente-tilburg",
        "tilburg-university",
        "fontys",
        "avans",
        "studentenraad-tilburg",
    )
    return ProjectSpec(
        DWARSVERBINDEN,
        "Dwarsverbinden in de Regio",
        region_label="Leeuwarden en Tilburg",
        status=ProjectStatus.FINISHED,
        summary=(
            "Sinds de zomer van 2019 is ECIO gestart met het project Dwarsverbinden in de Regio "
            "in de gemeenten Leeuwarden en Tilburg. Het project richt zich op studentenwelzijn en "
            "wil knelpunten die in de overgang tussen onderwijs-zorg en onderwijs-arbeidsmarkt "
            "worden ervaren oplossen."
        ),
        approach=(
            "Door het versterken van de ketenaanpak en bruggen te slaan tussen "
            "onderwijsinstellingen én andere regionale partijen die zich bezighouden met zorg en "
            "de arbeidsmarkt (bv. UWV, werkbedrijf, gemeente). ECIO treedt op als projectleider, "
            "aanjager en kennispartner. Beide werkgroepen gaan actiegericht te werk en streven "
            "naar een gezamenlijk doorbraakproject. De ondersteuning van ECIO loopt in februari "
            "2020 af; het is de bedoeling dat er dan twee robuuste netwerken zijn ontstaan die "
            "gezamenlijk werken aan de uitvoering van de gekozen projecten. De VNG en OCW worden "
            "op de hoogte gehouden van de vorderingen. De inzet van ECIO kan verlengd worden."
        ),
        target_group="Studenten in mbo, hbo en wo (studentenwelzijn).",
        start_date=datetime.date(2019, 7, 1),  # "sinds de zomer van 2019"
        end_date=datetime.date(2020, 2, 29),  # ECIO's support ends in February 2020
        issues=("onderwijs-zorg", "aansluiting-onderwijs-arbeidsmarkt"),
        results=("Meerdere gemeenten hebben interesse in het project en de aanpak getoond.",),
        challenges=(
            "Wachtlijsten in de zorg.",
            "Gebrekkige informatievoorziening voor studenten en onderwijspersoneel.",
            "Taboe.",
            "Financiële zorgen.",
        ),
        partners=(("ecio", _LEAD), *((code, _PARTNER) for code in members)),
        # The seed names the fund but no amount: stored as unknown, not as zero.
        funding=(Funding(FundingSource.SUPPORT_FUND, "ECIO-steunfonds", None),),
    )


SPOOR22_PARTNERS = (
    "roc-mondriaan",
    "albeda",
    "hogeschool-leiden",
    "inholland",
    "haagse-hogeschool",
    "rotterdam-academy",
    "gemeente-den-haag",
    "zorgzijnwerkt",
    "welzijn-capelle",
    "buurtwerk",
    "2blearning",
    "dock",
    "jeugdformaat",
    "educator",
    "xtra",
    "learning-connected",
    "humanitas",
    "menskracht-7",
)


def _spoor22() -> ProjectSpec:
    # ROC Mondriaan is penvoerder; the other seventeen are partners: eighteen in all.
    partners = [("roc-mondriaan", PartnerRole.PENVOERDER), ("ocw", _FUNDER)]
    partners += [(code, _PARTNER) for code in SPOOR22_PARTNERS if code != "roc-mondriaan"]
    return ProjectSpec(
        "spoor-22",
        "Spoor 22",
        region="metropoolregio-rotterdam-den-haag",
        status=ProjectStatus.FINISHED,
        summary=(
            "Minister Van Engelshoven (Onderwijs, Cultuur en Wetenschap) heeft 1,3 miljoen euro "
            "beschikbaar gesteld voor Spoor 22. Daarmee richten onderwijs- en welzijnsinstellingen "
            "in de regio Rotterdam Den Haag zich gezamenlijk op de veranderende eisen aan de "
            "nieuwe welzijnsmedewerker, vergroting van de kansen van mbo'ers op de arbeidsmarkt "
            "en een leven lang ontwikkelen. Er zijn zeven aanvragen gehonoreerd, waarvan Spoor 22 "
            "de eerste uit de welzijnssector is."
        ),
        approach=(
            "De ambitie is om met de vierjarige regionale co-makership een samenhangend, "
            "innovatief en duurzaam beroepsopleidingsaanbod te creëren in het brede sociaal "
            "domein. Het programma richt zich op twee sporen richting 2022. Het eerste spoor "
            "richt zich op de positionering van de nieuwe welzijnsmedewerker, waarvan in "
            "toenemende mate een wendbare en ondernemende houding wordt verwacht. Het tweede "
            "spoor betreft innoveren op leren: mbo'ers krijgen meer kansen op de arbeidsmarkt en "
            "kunnen beter doorstromen naar het hbo. Ook is er aandacht voor blijven ontwikkelen, "
            "ook na de opleiding. ROC Mondriaan treedt op als penvoerder en levert de "
            "programmamanager."
        ),
        target_group="Mbo-studenten en (nieuwe) welzijnsmedewerkers in het brede sociaal domein.",
        end_date=datetime.date(2022, 12, 31),  # "tot 2022"
        issues=("aansluiting-onderwijs-arbeidsmarkt",),
        partners=tuple(partners),
        funding=(
            Funding(FundingSource.RIF, "Ministerie van OCW", 1_300_000),
            # Four million in total until 2022, the rest from the partners themselves.
            Funding(FundingSource.OWN, "Partners Spoor 22", 2_700_000),
        ),
    )


def _voordeel_vervolg() -> ProjectSpec:
    return ProjectSpec(
        "voordeel-en-vervolg",
        "VOORdeel & VERVOLG",
        region="rmc-gewest-zuid-limburg",
        summary=(
            "Missie: vergroten kansen op duurzaam werk. Een project waarin onderwijsinstellingen "
            "voor voortgezet (speciaal) onderwijs, praktijkonderwijs en middelbaar "
            "beroepsonderwijs, de gemeentes en het bedrijfsleven in Zuid-Limburg samenwerken om "
            "kwetsbare jongeren en mensen met enige afstand tot de arbeidsmarkt aan het werk te "
            "helpen."
        ),
        approach=(
            "De organisatie is een regionale procesvorming tussen overheid, ondernemers en "
            "onderwijs, zonder eigen rechtsvorm. De publiek-private samenwerking zal tijdens de "
            "looptijd steeds verder indalen in de reguliere organisaties van de partners: "
            "gezamenlijke, instelling overstijgende processen worden ontwikkeld, vastgelegd en "
            "geïmplementeerd, zodat bij elk VOORdeel & VERVOLG traject iedereen zijn rol kent. "
            "Zo ontstaat een gezamenlijke infrastructuur voor toeleiding, onderwijs en begeleiding "
            "van kwetsbare doelgroepen. De eerste pilot is gestart met 15 deelnemers. "
            "Contact: Servicepunt VOORdeel & VERVOLG, Heerlen."
        ),
        target_group=(
            "Jongeren die nu nog vaak zonder diploma de school verlaten en geen werk krijgen, en "
            "volwassenen die extra steun nodig hebben om aan het werk te blijven of de "
            "arbeidsmarkt te betreden."
        ),
        issues=(
            "vso-pro-entree-naar-werk",
            "kwalificeren-arbeidsmarkt",
            "zonder-werk-zonder-opleiding",
        ),
        results=(
            "De programma-organisatie is ingericht en de basis is gelegd van een sterk VOORdeel & "
            "VERVOLG netwerk in de regio.",
            "De eerste versie van het VOORdeel & VERVOLG onderwijs- en begeleidingsmodel is klaar.",
            "Het format voor de ontwikkeling van de integrale beroepsopdrachten is klaar.",
            "Diverse curricula worden ontwikkeld.",
            "Eerste pilot is gestart; 15 deelnemers worden momenteel opgeleid.",
        ),
        success_factors=(
            "Groot vertrouwen tussen de samenwerkingspartners, omdat de samenwerking vooral "
            "gebouwd is op eerdere contacten.",
            "VOORdeel & VERVOLG zorgt voor certificering en assistentie tussen werkgevers en "
            "onderwijs en mensen met een afstand tot de arbeidsmarkt. De uiteenlopende "
            "organisaties zijn enthousiast door de onafhankelijke rol van VOORdeel & VERVOLG.",
            "De effectmeting van de begonnen activiteiten staat hoog in het vaandel.",
        ),
        challenges=(
            "Overheid zou moeten zorgen voor minder complexiteit en versnippering door geen "
            "andere nieuwe initiatieven te beginnen.",
            "Soms kan het moeilijk blijken om werkgevers mee te krijgen, bijvoorbeeld doordat "
            "werkgevers door meerdere partijen worden benaderd voor gelijksoortige dingen of "
            "werkgevers teveel willen.",
        ),
        partners=(
            ("servicepunt-voordeel-vervolg", _LEAD),
            ("provincie-limburg", _FUNDER),
            ("ocw", _FUNDER),
        ),
        funding=(
            Funding(FundingSource.PROVINCE, "Provincie Limburg", 1_200_000),
            Funding(
                FundingSource.RIF,
                "Ministerie van OCW",
                2_000_000,
                datetime.date(2017, 10, 1),  # "in oktober 2017 het RIF toegewezen"
            ),
        ),
    )


KWINT_OZDIL_TARGET_GROUP = (
    "Minderzelfredzame mbo-studenten bij hun start op de arbeidsmarkt (tweejarige begeleiding, "
    "motie Kwint/Özdil)."
)
KWINT_OZDIL_CONTEXT = (
    " Pilot naar aanleiding van de motie Kwint/Özdil. De pilotregio's wisselen ervaringen uit in "
    "leercirkels (de eerste in januari, de tweede op maandag 1 april 2019 in Utrecht); "
    "KBA Nijmegen onderzoekt het verloop en de opbrengst van de pilots."
)


def _pilot(slug: str, name: str, region: str, **facts) -> ProjectSpec:
    """A Kwint/Özdil pilot region: its own facts plus what all pilots share."""
    partners = (("kba-nijmegen", _PARTNER), ("ingrado", _PARTNER), *facts.pop("partners", ()))
    facts["approach"] = facts.get("approach", "") + KWINT_OZDIL_CONTEXT
    facts.setdefault("target_group", KWINT_OZDIL_TARGET_GROUP)
    return ProjectSpec(slug, name, region=region, partners=partners, **facts)


def _kwint_ozdil_pilots() -> tuple[ProjectSpec, ...]:
    return (
        _pilot(
            "kwint-ozdil-friesland-noord",
            "Pilot Friesland Noord: volgen van gediplomeerden mbo-1 en -2",
            "rmc-friesland-noord",
            summary=(
                "De pilot van de regio Friesland Noord richt zich op alle afgestudeerden van "
                "mbo-1 en -2: de jongeren die in juni 2018 en februari 2019 zijn afgestudeerd en "
                "die in juni 2019 afstuderen zijn in beeld gebracht."
            ),
            approach=(
                "De jongeren zijn per brief uitgenodigd mee te werken aan een enquête. Het "
                "voornemen is nu twee keer per jaar een vragenlijst af te nemen op school. Advies "
                "vanuit deze regio: streef naar een landelijk systeem waarmee we alle jongeren tot "
                "27 kunnen volgen."
            ),
            target_group="Alle gediplomeerden van mbo-1 en mbo-2.",
            issues=("beperking-mbo-werk", "zonder-werk-zonder-opleiding"),
            challenges=(
                "De respons op de enquête per brief was laag.",
                "Telefoonnummers wisselen vaak en zijn daarom niet goed bruikbaar.",
            ),
            partners=(("gemeente-leeuwarden", _PARTNER),),
        ),
        _pilot(
            "kwint-ozdil-rivierenland-circuleren",
            "CircuLEREN (Rivierenland)",
            "rmc-rivierenland",
            summary=(
                "In de regio Rivierenland bestaan al veel projecten gericht op het toeleiden naar "
                "werk. Het project CircuLEREN heeft als doel de duurzame samenwerking tussen "
                "onderwijsinstellingen, gemeente en regionale bedrijfsleven te versterken."
            ),
            approach=(
                "Er zijn vier speerpunten, waarvan de doorgaande (sociale) ontwikkelingslijn van "
                "jongeren de belangrijkste is. Er wordt gewerkt met praktijkcoaches, een "
                "volgsysteem bij de start op de arbeidsmarkt en met onderwijsvouchers, die je "
                "altijd mag inwisselen als je terug wilt komen naar het onderwijs."
            ),
            issues=("beperking-mbo-werk", "aansluiting-onderwijs-arbeidsmarkt"),
            challenges=(
                "Gegevensdeling.",
                "Inrichten van het volgsysteem.",
                "Het bereiken van de jongeren.",
                "Hoe voorkomen we overlap met de vele bestaande projecten?",
            ),
            partners=(("gemeente-tiel", _PARTNER),),
        ),
        _pilot(
            "kwint-ozdil-regio-zwolle",
            "Regionaal arrangement Regio Zwolle en Noordoost-Veluwe",
            "rmc-regio-zwolle",
            summary=(
                "Regio Zwolle en Noordoost-Veluwe werken aan een regionaal arrangement waarbinnen "
                "de driehoek onderwijs-gemeente-bedrijven krachtig samenwerkt."
            ),
            approach=(
                "De pilot past in een groter geheel waar verschillende beleidsterreinen "
                "samenwerken vanuit urgentie, partnerschap en co-creatie. De route van de jongere "
                "naar werk staat altijd centraal. Het motto is: waarom moeilijk doen als het samen "
                "kan?"
            ),
            issues=("aansluiting-onderwijs-arbeidsmarkt",),
            success_factors=("Samenwerking vanuit urgentie, partnerschap en co-creatie.",),
        ),
        _pilot(
            "kwint-ozdil-noord-holland-noord-groenstart",
            "Groenstart (Noord-Holland Noord)",
            "rmc-noord-holland-noord",
            summary=(
                "Regio Noord-Holland Noord gaat door op de lijn van het bestaande project "
                "Groenstart, waarin onderwijs en bedrijven jongeren in een kwetsbare positie "
                "opleiden voor de groensector."
            ),
            approach=(
                "Binnen alle arrangementen in de regio is de vraag van de arbeidsmarkt leidend. "
                "Vervolgens wordt gekeken welk type begeleiding er in het onderwijs nodig is om "
                "aan die vraag te voldoen. Een startkwalificatie is niet het uitgangspunt."
            ),
            issues=("kwalificeren-arbeidsmarkt", "aansluiting-onderwijs-arbeidsmarkt"),
        ),
        _pilot(
            "kwint-ozdil-amsterdam",
            "Pilot Amsterdam: wat is succes voor de jongere?",
            "rmc-agglomeratie-amsterdam",
            summary=(
                "Regio Amsterdam roept de vraag op wat succes is en gaat binnen de pilot in "
                "gesprek met jongeren: wanneer ben je succesvol, wat betekent succes voor jou en "
                "wat heb je nodig om dat te bereiken?"
            ),
            issues=("zonder-werk-zonder-opleiding",),
            challenges=(
                "De meeste jongeren willen met rust gelaten worden; ze zijn tevreden met hun "
                "baantje bij Deliveroo of Uber en maken zich niet druk over de toekomst.",
                "Jongeren overtuigen vervolgstappen te zetten en ondersteuning te accepteren.",
            ),
        ),
        _pilot(
            "kwint-ozdil-zuidoost-drenthe",
            "Pilot Zuidoost Drenthe: aandacht als vertrekpunt",
            "rmc-zuidoost-drenthe",
            summary=(
                "Regio Zuidoost Drenthe kiest aandacht als vertrekpunt, omdat eerder is gebleken "
                "dat dat werkt."
            ),
            approach="Door samen te werken en aandacht te hebben voor de jongeren meer bereiken.",
            issues=("zonder-werk-zonder-opleiding",),
            success_factors=(
                "Medewerkers van de Participatiewet en RMC zitten in één team; dat maakt hen "
                "slagvaardiger.",
            ),
            challenges=("Het verkrijgen van de juiste gegevens.", "Gegevensdeling."),
        ),
        _pilot(
            "kwint-ozdil-rijnland-kwintslag",
            "Operatie Kwintslag (Rijnland)",
            "rmc-rijnland",
            summary=(
                "Regio Rijnland wil met de operatie Kwintslag een proeftuin creëren. De vraag is "
                "welke begeleiding jongeren nodig hebben."
            ),
            approach=(
                "Om daar meer zicht op te krijgen organiseert de regio eind april 2019 een grote "
                "happening voor en met jongeren: creathon2work.nl. Daar verwacht men de input te "
                "krijgen om vervolgstappen te zetten."
            ),
            issues=("beperking-mbo-werk",),
        ),
    )


def project_specs() -> tuple[ProjectSpec, ...]:
    return (_dwarsverbinden(), _spoor22(), _voordeel_vervolg(), *_kwint_ozdil_pilots())


def seed_issues() -> dict[str, RegionalIssue]:
    issues = {}
    for number, slug, title, summary in ISSUES:
        issue, _ = RegionalIssue.objects.update_or_create(
            slug=slug, defaults={"number": number, "title": title, "summary": summary}
        )
        issues[slug] = issue
    return issues


def seed_projects(
    *,
    regions: dict[str, Region],
    organisations: dict[str, Organisation],
    issues: dict[str, RegionalIssue],
) -> dict[str, Project]:
    return {
        spec.slug: _upsert_project(spec, regions, organisations, issues) for spec in project_specs()
    }


def _upsert_project(
    spec: ProjectSpec,
    regions: dict[str, Region],
    organisations: dict[str, Organisation],
    issues: dict[str, RegionalIssue],
) -> Project:
    project, _ = Project.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "name": spec.name,
            "region": regions.get(spec.region),
            "region_label": spec.region_label,
            "status": spec.status,
            "summary": spec.summary,
            "approach": spec.approach,
            "target_group": spec.target_group,
            "start_date": spec.start_date,
            "end_date": spec.end_date,
            "results": list(spec.results),
            "success_factors": list(spec.success_factors),
            "challenges": list(spec.challenges),
        },
    )
    project.issues.set([issues[slug] for slug in spec.issues])
    for code, role in spec.partners:
        ProjectPartner.objects.get_or_create(
            project=project, organisation=organisations[code], role=role
        )
    for line in spec.funding:
        FundingLine.objects.update_or_create(
            project=project,
            source=line.source,
            funder=line.funder,
            defaults={
                "amount_granted": None if line.amount is None else Decimal(line.amount),
                "granted_on": line.granted_on,
            },
        )
    return project


CIRCULEREN = "kwint-ozdil-rivierenland-circuleren"


def seed_participations(project: Project, *, seed: int, share: float = 0.3) -> int:
    """Young people of the project's region who take part in it: a fixed share of those
    who left a school in scope, chosen by seed, joined on the day after leaving. Once: a
    project that has participants is left alone. Returns how many were added."""
    if project.region_id is None or project.participations.exists():
        return 0
    rng = random.Random(f"participations-{seed}-{project.slug}")
    leavers = (
        SchoolCareer.objects.filter(
            DEFINITION_V1.scope.q(),
            leave_date__isnull=False,
            person__municipality__rmc_region_id=project.region_id,
        )
        .order_by("person_id", "-leave_date")
        .values_list("person_id", "leave_date")
    )
    last_leave: dict[int, datetime.date] = {}
    for person_id, leave_date in leavers:
        last_leave.setdefault(person_id, leave_date)
    chosen = [pid for pid in sorted(last_leave) if rng.random() < share]
    ProjectParticipation.objects.bulk_create(
        ProjectParticipation(
            project=project,
            person_id=pid,
            joined_on=last_leave[pid] + datetime.timedelta(days=1),
        )
        for pid in chosen
    )
    return len(chosen)


# -- milestones, activities, funding years, reporting dates, target groups and the
# -- learning circles of the Kwint/Özdil pilots (programmes issue, items 6 and 7) ------
#
# Only what the seeds say. Dates the seeds give as a month ("januari", "eind april") are
# recorded as such in the text; per-year funding is the published total divided evenly
# over the years the seed gives (Spoor 22: four years until 2022; VOORdeel & VERVOLG: the
# four-year RIF period after the award in October 2017), because no seed publishes a split
# per year; nothing spent is recorded, as no seed publishes spending.

_D = datetime.date
_DONE = MilestoneStatus.DONE
KWINT_OZDIL_SLUGS = (
    "kwint-ozdil-friesland-noord",
    "kwint-ozdil-rivierenland-circuleren",
    "kwint-ozdil-regio-zwolle",
    "kwint-ozdil-noord-holland-noord-groenstart",
    "kwint-ozdil-amsterdam",
    "kwint-ozdil-zuidoost-drenthe",
    "kwint-ozdil-rijnland-kwintslag",
)
SECOND_CIRCLE = _D(2019, 4, 1)  # "maandag 1 april"; 1 April 2019 was a Monday
PITCH = (
    "Stand van zaken gepresenteerd op de tweede leercirkel",
    SECOND_CIRCLE,
    _DONE,
    SECOND_CIRCLE,
    "",
)

# slug -> (title, due on, status, reached on, note)
MILESTONES: dict[str, tuple[tuple, ...]] = {
    DWARSVERBINDEN: (
        (
            "Werkgroepen Leeuwarden en Tilburg aan de slag",
            _D(2019, 12, 1),
            _DONE,
            _D(2019, 12, 1),
            "Beide werkgroepen gaan actiegericht te werk (bericht van 1 december 2019).",
        ),
        (
            "Ondersteuning door ECIO afgerond",
            _D(2020, 2, 29),
            _DONE,
            _D(2020, 2, 29),
            "Doel: twee robuuste netwerken die samen de gekozen projecten uitvoeren.",
        ),
    ),
    "spoor-22": (
        ("Einde van de vierjarige co-makership", _D(2022, 12, 31), _DONE, _D(2022, 12, 31), ""),
    ),
    "voordeel-en-vervolg": (
        (
            "Eerste versie onderwijs- en begeleidingsmodel klaar",
            _D(2019, 6, 30),
            _DONE,
            _D(2019, 6, 30),
            "",
        ),
        ("Format integrale beroepsopdrachten klaar", _D(2019, 6, 30), _DONE, _D(2019, 6, 30), ""),
        ("Eerste pilot gestart met 15 deelnemers", _D(2019, 6, 30), _DONE, _D(2019, 6, 30), ""),
    ),
    **dict.fromkeys(KWINT_OZDIL_SLUGS, (PITCH,)),
}

# slug -> (title, description, from, until)
ACTIVITIES: dict[str, tuple[tuple, ...]] = {
    DWARSVERBINDEN: (
        (
            "Werkgroep Leeuwarden",
            "Overgang onderwijs-arbeidsmarkt en het tegengaan van uitval.",
            _D(2019, 7, 1),
            _D(2020, 2, 29),
        ),
        ("Werkgroep Tilburg", "Overgang onderwijs-zorg.", _D(2019, 7, 1), _D(2020, 2, 29)),
        (
            "VNG en OCW op de hoogte houden",
            "De VNG en OCW volgen het project op de voet.",
            _D(2019, 7, 1),
            _D(2020, 2, 29),
        ),
    ),
    "spoor-22": (
        (
            "Spoor 1: positionering van de nieuwe welzijnsmedewerker",
            "Een wendbare en ondernemende houding; aanwezig in de wijk, achter de voordeur en in "
            "de buurtcentra.",
            None,
            _D(2022, 12, 31),
        ),
        (
            "Spoor 2: innoveren op leren",
            "Meer kansen voor mbo'ers op de arbeidsmarkt en een betere doorstroom naar het hbo.",
            None,
            _D(2022, 12, 31),
        ),
        (
            "Leven lang ontwikkelen",
            "Blijven ontwikkelen, ook na de opleiding.",
            None,
            _D(2022, 12, 31),
        ),
    ),
    "voordeel-en-vervolg": (
        ("Curricula ontwikkelen", "Diverse curricula worden ontwikkeld.", None, None),
        ("Eerste pilot", "15 deelnemers worden opgeleid.", None, None),
    ),
    "kwint-ozdil-friesland-noord": (
        (
            "Enquête per brief",
            "Gediplomeerden mbo-1 en -2 van juni 2018 en februari 2019 per "
            "brief uitgenodigd; de respons was laag.",
            None,
            None,
        ),
        (
            "Vragenlijst op school",
            "Voornemen: twee keer per jaar een vragenlijst op school.",
            None,
            None,
        ),
    ),
    "kwint-ozdil-rivierenland-circuleren": (
        ("Praktijkcoaches", "", None, None),
        ("Volgsysteem bij de start op de arbeidsmarkt", "", None, None),
        (
            "Onderwijsvouchers",
            "Altijd in te wisselen om terug te komen naar het onderwijs.",
            None,
            None,
        ),
    ),
    "kwint-ozdil-regio-zwolle": (
        (
            "Regionaal arrangement",
            "De driehoek onderwijs-gemeente-bedrijven werkt samen.",
            None,
            None,
        ),
    ),
    "kwint-ozdil-noord-holland-noord-groenstart": (
        (
            "Groenstart",
            "Onderwijs en bedrijven leiden jongeren op voor de groensector.",
            None,
            None,
        ),
    ),
    "kwint-ozdil-amsterdam": (
        (
            "Gesprekken met jongeren",
            "Wanneer ben je succesvol en wat heb je daarvoor nodig?",
            None,
            None,
        ),
    ),
    "kwint-ozdil-zuidoost-drenthe": (
        ("Participatiewet en RMC in één team", "Aandacht als vertrekpunt.", None, None),
    ),
    "kwint-ozdil-rijnland-kwintslag": (
        ("creathon2work.nl", "Happening voor en met jongeren, eind april 2019.", None, None),
    ),
}

# (slug, funder) -> years the published amount is divided over
FUNDING_YEARS = {
    ("spoor-22", "Ministerie van OCW"): (2019, 2020, 2021, 2022),
    ("spoor-22", "Partners Spoor 22"): (2019, 2020, 2021, 2022),
    ("voordeel-en-vervolg", "Ministerie van OCW"): (2018, 2019, 2020, 2021),
    ("voordeel-en-vervolg", "Provincie Limburg"): (2018, 2019, 2020, 2021),
}

_MBO = ["entree", "mbo_bol", "mbo_bbl"]
# slug -> target group fields (ages stay empty: no seed gives them)
TARGET_GROUPS = {
    DWARSVERBINDEN: {
        "target_programme_types": ["mbo_bol", "mbo_bbl", "hbo", "wo"],
        "target_situation": "Studenten (studentenwelzijn)",
    },
    "spoor-22": {
        "target_programme_types": ["mbo_bol", "mbo_bbl"],
        "target_situation": "Mbo-studenten en (nieuwe) welzijnsmedewerkers, sociaal domein",
    },
    "voordeel-en-vervolg": {
        "target_programme_types": ["vso", "pro", "vmbo", *_MBO],
        "target_situation": "Zonder diploma en zonder werk; volwassenen met afstand tot de "
        "arbeidsmarkt",
    },
    **{
        slug: {
            "target_programme_types": _MBO,
            "target_situation": "Minderzelfredzame mbo-studenten bij de start op de arbeidsmarkt",
        }
        for slug in KWINT_OZDIL_SLUGS
    },
    "kwint-ozdil-friesland-noord": {
        "target_programme_types": ["entree", "mbo_bol", "mbo_bbl"],
        "target_situation": "Gediplomeerd op mbo-1 of mbo-2",
    },
}


@dataclass(frozen=True)
class CircleSpec:
    title: str
    held_on: datetime.date
    place: str
    themes: tuple[str, ...]
    notes: str
    # (organisation code, name, role)
    participants: tuple[tuple[str, str, str], ...] = ()


PILOT_REGIONS = (
    "rmc-friesland-noord",
    "rmc-rivierenland",
    "rmc-regio-zwolle",
    "rmc-noord-holland-noord",
    "rmc-agglomeratie-amsterdam",
    "rmc-zuidoost-drenthe",
    "rmc-rijnland",
)

LEARNING_CIRCLES = (
    CircleSpec(
        "Eerste leercirkel motie Kwint/Özdil",
        _D(2019, 1, 15),
        "",
        ("Uitwisseling tussen de pilotregio's",),
        "Gehouden in januari 2019 (de precieze dag staat niet in de bron). De behoefte aan "
        "uitwisseling bleek groot; de deelnemers gaven input voor het programma van de tweede "
        "leercirkel.",
    ),
    CircleSpec(
        "Tweede leercirkel motie Kwint/Özdil",
        SECOND_CIRCLE,
        "Utrecht",
        (
            "Stand van zaken in de pilotregio's (korte pitches)",
            "Onderzoek naar het verloop en de opbrengst van de pilots",
            "Gegevensdeling",
            "Open space met vijf zelfgeformuleerde thema's",
        ),
        "Vertegenwoordigers van gemeentes, mbo-instellingen, kennisinstituten, rijksoverheid, "
        "een onderzoeker en een hbo-student kwamen bijeen over de uitvoering van de motie "
        "Kwint/Özdil: tweejarige begeleiding van minderzelfredzame mbo-studenten bij hun start "
        "op de arbeidsmarkt.",
        (
            ("ingrado", "", "Organisatie"),
            ("kba-nijmegen", "", "Onderzoeker: toelichting op het onderzoek naar de pilots"),
            ("ocw", "", "Rijksoverheid: bijdrage over gegevensdeling"),
            ("gemeente-leeuwarden", "", "Pilotregio Friesland Noord"),
            ("gemeente-tiel", "", "Pilotregio Rivierenland"),
        ),
    ),
)


def seed_programme_details(
    *,
    projects: dict[str, Project],
    regions: dict[str, Region],
    organisations: dict[str, Organisation],
) -> list[LearningCircle]:
    """Milestones, activities, target groups, funding years and reporting dates of the seed
    projects, and the Kwint/Özdil learning circles. Keyed on titles and years, so running
    it again changes nothing."""
    for slug, project in projects.items():
        _seed_milestones(project, MILESTONES.get(slug, ()))
        _seed_activities(project, ACTIVITIES.get(slug, ()))
        if slug in TARGET_GROUPS:
            Project.objects.filter(pk=project.pk).update(**TARGET_GROUPS[slug])
    _seed_funding_years(projects)
    return [_seed_circle(spec, projects, regions, organisations) for spec in LEARNING_CIRCLES]


def _seed_milestones(project: Project, rows: tuple[tuple, ...]) -> None:
    for title, due_on, status, reached_on, note in rows:
        Milestone.objects.update_or_create(
            project=project,
            title=title,
            defaults={"due_on": due_on, "status": status, "reached_on": reached_on, "note": note},
        )


def _seed_activities(project: Project, rows: tuple[tuple, ...]) -> None:
    for title, description, start, end in rows:
        Activity.objects.update_or_create(
            project=project,
            title=title,
            defaults={"description": description, "start_date": start, "end_date": end},
        )


def _seed_funding_years(projects: dict[str, Project]) -> None:
    for (slug, funder), years in FUNDING_YEARS.items():
        line = FundingLine.objects.filter(project=projects[slug], funder=funder).first()
        if line is None or line.amount_granted is None:
            continue
        share = (line.amount_granted / len(years)).quantize(Decimal("0.01"))
        for year in years:
            FundingYear.objects.get_or_create(funding=line, year=year, defaults={"granted": share})
        last = years[-1] + 1
        ReportingDate.objects.get_or_create(
            funding=line,
            description="Eindverantwoording",
            defaults={"due_on": _D(last, 7, 1), "submitted_on": _D(last, 7, 1)},
        )


def _seed_circle(
    spec: CircleSpec,
    projects: dict[str, Project],
    regions: dict[str, Region],
    organisations: dict[str, Organisation],
) -> LearningCircle:
    circle, _ = LearningCircle.objects.update_or_create(
        title=spec.title,
        defaults={
            "held_on": spec.held_on,
            "place": spec.place,
            "themes": list(spec.themes),
            "notes": spec.notes,
        },
    )
    circle.regions.set([regions[code] for code in PILOT_REGIONS])
    circle.projects.set([projects[slug] for slug in KWINT_OZDIL_SLUGS])
    for code, name, role in spec.participants:
        LearningCircleParticipant.objects.get_or_create(
            circle=circle, organisation=organisations[code], name=name, defaults={"role": role}
        )
    return circle
