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
from dwarsverbinder.programmes.constants import FundingSource, PartnerRole, ProjectStatus
from dwarsverbinder.programmes.models import (
    FundingLine,
    Project,
    ProjectParticipation,
    ProjectPartner,
    RegionalIssue,
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
