"""The region's network as the seed pages describe it: regions, organisations, working groups.

Real organisations carry the names the seeds use. Everything in the demo region
(Rivierenland) that the seeds do not name - its schools, wijkteam and employers - is
fictional, and so is every BRIN code here: they all start with 99 so nobody mistakes them
for the real codes of the institutions.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass

from dwarsverbinder.network.constants import (
    MunicipalFunction,
    OrganisationKind,
    RegionKind,
    SchoolSector,
)
from dwarsverbinder.network.models import Organisation, Region, WorkingGroup

# The demo region: RMC Rivierenland with Tiel as contactgemeente (its statutory task runs
# from Tiel for all eight municipalities).
DEMO_RMC_REGION = "rmc-rivierenland"
DEMO_CONTACTGEMEENTE = "gemeente-tiel"

# Fictional demo schools in Rivierenland (codes used by the population).
ROC = "roc-waal-en-linge"
VAKSCHOOL = "vakschool-bommelerwaard"
PRAKTIJKSCHOOL = "praktijkschool-de-uiterwaard"
VSO_SCHOOL = "vso-de-dijkgraaf"
VO_SCHOOL = "fruitstreek-college"
WIJKTEAM = "wijkteam-tiel-oost"
WERKGEVERSSERVICEPUNT = "wsp-rivierenland"

_SCHOOL = OrganisationKind.SCHOOL
_GEMEENTE = OrganisationKind.MUNICIPALITY
_CARE = OrganisationKind.CARE
_EMPLOYER = OrganisationKind.EMPLOYER
_KNOWLEDGE = OrganisationKind.KNOWLEDGE
_OTHER = OrganisationKind.OTHER
_LEERPLICHT = MunicipalFunction.LEERPLICHT
_RMC = MunicipalFunction.RMC
_PW = MunicipalFunction.PARTICIPATIEWET


@dataclass(frozen=True)
class RegionSpec:
    code: str
    name: str
    kind: str
    rmc: str = ""
    labour_market: str = ""


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str
    kind: str
    municipality: str = ""
    _: KW_ONLY
    sectors: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    brin: str = ""
    regions: tuple[str, ...] = ()  # the region of a statutory leerplicht/RMC task


# RMC/Doorstroompunt regions named as the seeds and the JIKP figures name them; the pilot
# regions "Regio Zwolle en Noordoost-Veluwe" and "Noord-Holland Noord" are the pilots'
# own names, which need not match the statutory RMC names exactly.
RMC_REGIONS = (
    ("rmc-friesland-noord", "Friesland Noord"),
    ("rmc-rivierenland", "Rivierenland"),
    ("rmc-regio-zwolle", "Regio Zwolle en Noordoost-Veluwe"),
    ("rmc-noord-holland-noord", "Noord-Holland Noord"),
    ("rmc-agglomeratie-amsterdam", "Agglomeratie Amsterdam"),
    ("rmc-zuidoost-drenthe", "Zuidoost Drenthe"),
    ("rmc-rijnland", "Rijnland"),
    ("rmc-gewest-zuid-limburg", "Gewest Zuid-Limburg"),
    ("rmc-rijnmond", "Rijnmond"),
    ("rmc-haaglanden-westland", "Haaglanden-Westland"),
    ("rmc-midden-brabant", "Midden-Brabant"),
)

LABOUR_MARKET_REGIONS = (
    ("amr-friesland", "Arbeidsmarktregio Friesland"),
    ("amr-rivierenland", "Arbeidsmarktregio Rivierenland"),
    ("amr-regio-zwolle", "Arbeidsmarktregio Regio Zwolle"),
    ("amr-noord-holland-noord", "Arbeidsmarktregio Noord-Holland Noord"),
    ("amr-groot-amsterdam", "Arbeidsmarktregio Groot Amsterdam"),
    ("amr-drenthe", "Arbeidsmarktregio Drenthe"),
    ("amr-holland-rijnland", "Arbeidsmarktregio Holland Rijnland"),
    ("amr-zuid-limburg", "Arbeidsmarktregio Zuid-Limburg"),
    ("amr-rijnmond", "Arbeidsmarktregio Rijnmond"),
    ("amr-haaglanden", "Arbeidsmarktregio Haaglanden"),
    ("amr-midden-brabant", "Arbeidsmarktregio Midden-Brabant"),
)

# (code, name, RMC region, labour market region)
MUNICIPALITIES = (
    ("gemeente-leeuwarden", "Leeuwarden", "rmc-friesland-noord", "amr-friesland"),
    ("gemeente-tiel", "Tiel", "rmc-rivierenland", "amr-rivierenland"),
    ("gemeente-culemborg", "Culemborg", "rmc-rivierenland", "amr-rivierenland"),
    ("gemeente-buren", "Buren", "rmc-rivierenland", "amr-rivierenland"),
    ("gemeente-west-betuwe", "West Betuwe", "rmc-rivierenland", "amr-rivierenland"),
    ("gemeente-zaltbommel", "Zaltbommel", "rmc-rivierenland", "amr-rivierenland"),
    ("gemeente-maasdriel", "Maasdriel", "rmc-rivierenland", "amr-rivierenland"),
    ("gemeente-neder-betuwe", "Neder-Betuwe", "rmc-rivierenland", "amr-rivierenland"),
    ("gemeente-west-maas-en-waal", "West Maas en Waal", "rmc-rivierenland", "amr-rivierenland"),
    ("gemeente-zwolle", "Zwolle", "rmc-regio-zwolle", "amr-regio-zwolle"),
    ("gemeente-alkmaar", "Alkmaar", "rmc-noord-holland-noord", "amr-noord-holland-noord"),
    ("gemeente-amsterdam", "Amsterdam", "rmc-agglomeratie-amsterdam", "amr-groot-amsterdam"),
    ("gemeente-emmen", "Emmen", "rmc-zuidoost-drenthe", "amr-drenthe"),
    ("gemeente-leiden", "Leiden", "rmc-rijnland", "amr-holland-rijnland"),
    ("gemeente-heerlen", "Heerlen", "rmc-gewest-zuid-limburg", "amr-zuid-limburg"),
    ("gemeente-maastricht", "Maastricht", "rmc-gewest-zuid-limburg", "amr-zuid-limburg"),
    ("gemeente-rotterdam", "Rotterdam", "rmc-rijnmond", "amr-rijnmond"),
    ("gemeente-capelle", "Capelle aan den IJssel", "rmc-rijnmond", "amr-rijnmond"),
    ("gemeente-den-haag", "Den Haag", "rmc-haaglanden-westland", "amr-haaglanden"),
    ("gemeente-tilburg", "Tilburg", "rmc-midden-brabant", "amr-midden-brabant"),
)

# Regions that are neither statutory nor a municipality, used by projects that span them.
OTHER_REGIONS = (("metropoolregio-rotterdam-den-haag", "Metropoolregio Rotterdam Den Haag"),)

DEMO_MUNICIPALITIES = tuple(code for code, _, rmc, _ in MUNICIPALITIES if rmc == DEMO_RMC_REGION)


# Schools: (code, name, sector, municipality, fictional BRIN code).
_SCHOOLS = (
    ("roc-mondriaan", "ROC Mondriaan", SchoolSector.MBO, "gemeente-den-haag", "99MO"),
    ("albeda", "Albeda", SchoolSector.MBO, "gemeente-rotterdam", "99AB"),
    ("rea-college", "Rea College", SchoolSector.MBO, "gemeente-leeuwarden", "99RC"),
    ("nhl-stenden", "NHL Stenden", SchoolSector.HBO, "gemeente-leeuwarden", "99NS"),
    ("van-hall-larenstein", "Van Hall Larenstein", SchoolSector.HBO, "gemeente-leeuwarden", "99VH"),
    ("tilburg-university", "Tilburg University", SchoolSector.WO, "gemeente-tilburg", "99TU"),
    ("fontys", "Fontys", SchoolSector.HBO, "gemeente-tilburg", "99FY"),
    ("avans", "Avans", SchoolSector.HBO, "gemeente-tilburg", "99AV"),
    ("hogeschool-leiden", "Hogeschool Leiden", SchoolSector.HBO, "gemeente-leiden", "99HL"),
    ("inholland", "InHolland", SchoolSector.HBO, "", "99IH"),
    ("haagse-hogeschool", "Haagse Hogeschool", SchoolSector.HBO, "gemeente-den-haag", "99HH"),
    ("rotterdam-academy", "Rotterdam Academy", SchoolSector.HBO, "gemeente-rotterdam", "99RA"),
    # The demo region's fictional schools, one per programme type the population uses.
    (ROC, "ROC Waal en Linge", SchoolSector.MBO, "gemeente-tiel", "99WL"),
    (VAKSCHOOL, "Vakschool Bommelerwaard", SchoolSector.MBO, "gemeente-zaltbommel", "99VB"),
    (PRAKTIJKSCHOOL, "Praktijkschool De Uiterwaard", SchoolSector.PRO, "gemeente-tiel", "99UW"),
    (VSO_SCHOOL, "VSO De Dijkgraaf", SchoolSector.VSO, "gemeente-culemborg", "99DG"),
    (VO_SCHOOL, "Fruitstreek College", SchoolSector.VO, "gemeente-west-betuwe", "99FC"),
)


def _schools() -> tuple[OrgSpec, ...]:
    return tuple(
        OrgSpec(code, name, _SCHOOL, municipality, sectors=(sector,), brin=brin)
        for code, name, sector, municipality, brin in _SCHOOLS
    )


def _municipal_organisations() -> tuple[OrgSpec, ...]:
    follow_up = (_LEERPLICHT, _RMC)
    return (
        OrgSpec(
            "gemeente-tiel",
            "Gemeente Tiel",
            _GEMEENTE,
            "gemeente-tiel",
            functions=follow_up,
            regions=("rmc-rivierenland",),
        ),
        # Leerplicht is a task of every municipality; Culemborg shows one without RMC.
        OrgSpec(
            "gemeente-culemborg",
            "Gemeente Culemborg",
            _GEMEENTE,
            "gemeente-culemborg",
            functions=(_LEERPLICHT,),
            regions=("gemeente-culemborg",),
        ),
        OrgSpec(
            "gemeente-leeuwarden",
            "Gemeente Leeuwarden",
            _GEMEENTE,
            "gemeente-leeuwarden",
            functions=(*follow_up, _PW),
            regions=("rmc-friesland-noord",),
        ),
        OrgSpec(
            "gemeente-tilburg",
            "Gemeente Tilburg",
            _GEMEENTE,
            "gemeente-tilburg",
            functions=(*follow_up, _PW),
            regions=("rmc-midden-brabant",),
        ),
        OrgSpec(
            "gemeente-den-haag",
            "Gemeente Den Haag",
            _GEMEENTE,
            "gemeente-den-haag",
            functions=(*follow_up, _PW),
            regions=("rmc-haaglanden-westland",),
        ),
        # A municipal work-and-income service: Participatiewet only, no follow-up task.
        OrgSpec(
            "sozawe-nw-fryslan",
            "SoZaWe NW-Fryslân",
            _GEMEENTE,
            "gemeente-leeuwarden",
            functions=(_PW,),
        ),
    )


def _partners() -> tuple[OrgSpec, ...]:
    return (
        OrgSpec("uwv", "UWV", OrganisationKind.UWV),
        OrgSpec("ecio", "ECIO", _KNOWLEDGE),
        OrgSpec("kba-nijmegen", "KBA Nijmegen", _KNOWLEDGE),
        OrgSpec("ingrado", "Ingrado", _OTHER),
        OrgSpec(
            "studentenraad-tilburg",
            "Studentenraad Tilburg",
            OrganisationKind.STUDENT_COUNCIL,
            "gemeente-tilburg",
        ),
        OrgSpec("vng", "VNG", _OTHER),
        OrgSpec("ocw", "Ministerie van OCW", _OTHER),
        OrgSpec("provincie-limburg", "Provincie Limburg", _OTHER, "gemeente-maastricht"),
        OrgSpec(
            "servicepunt-voordeel-vervolg",
            "Servicepunt VOORdeel & VERVOLG",
            _OTHER,
            "gemeente-heerlen",
        ),
    )


def _spoor22_partners() -> tuple[OrgSpec, ...]:
    """Welfare and learning partners of Spoor 22 (seed 002).

    Welfare organisations count as care (the closest kind); training and labour market
    organisations as other. Municipality only where the seed or the name says it.
    """
    return (
        OrgSpec("zorgzijnwerkt", "ZorgZijnWerkt", _OTHER),
        OrgSpec("welzijn-capelle", "Welzijn Capelle", _CARE, "gemeente-capelle"),
        OrgSpec("buurtwerk", "Buurtwerk", _CARE),
        OrgSpec("2blearning", "2BLearning", _OTHER),
        OrgSpec("dock", "Dock", _CARE),
        OrgSpec("jeugdformaat", "Jeugdformaat", _CARE),
        OrgSpec("educator", "Educator", _OTHER),
        OrgSpec("xtra", "Xtra", _CARE),
        OrgSpec("learning-connected", "Learning Connected", _OTHER),
        OrgSpec("humanitas", "Humanitas", _CARE),
        OrgSpec("menskracht-7", "Menskracht 7", _CARE),
    )


def _demo_region_partners() -> tuple[OrgSpec, ...]:
    """Fictional wijkteam, employer service point and employers in Rivierenland."""
    return (
        OrgSpec(WIJKTEAM, "Wijkteam Tiel-Oost", _CARE, "gemeente-tiel"),
        OrgSpec(
            WERKGEVERSSERVICEPUNT, "Werkgeversservicepunt Rivierenland", _OTHER, "gemeente-tiel"
        ),
        OrgSpec(
            "fruitbedrijf-de-lingehof",
            "Fruitbedrijf De Lingehof",
            _EMPLOYER,
            "gemeente-west-betuwe",
        ),
        OrgSpec("logistiek-medel", "Logistiek Centrum Medel", _EMPLOYER, "gemeente-tiel"),
        OrgSpec(
            "zorgcentrum-de-waalkant", "Zorgcentrum De Waalkant", _EMPLOYER, "gemeente-zaltbommel"
        ),
        OrgSpec(
            "bouwbedrijf-betuwebouw", "Bouwbedrijf Betuwebouw", _EMPLOYER, "gemeente-neder-betuwe"
        ),
        OrgSpec(
            "hotel-de-betuwse-poort",
            "Hotel-restaurant De Betuwse Poort",
            _EMPLOYER,
            "gemeente-culemborg",
        ),
    )


def organisation_specs() -> tuple[OrgSpec, ...]:
    return (
        *_schools(),
        *_municipal_organisations(),
        *_partners(),
        *_spoor22_partners(),
        *_demo_region_partners(),
    )


# Seed 000: the two working groups of Dwarsverbinden in de Regio.
WORKING_GROUPS = (
    {
        "name": "Werkgroep Leeuwarden",
        "region": "gemeente-leeuwarden",
        "focus": "Overgang onderwijs-arbeidsmarkt en het tegengaan van uitval.",
        "members": (
            "gemeente-leeuwarden",
            "nhl-stenden",
            "van-hall-larenstein",
            "rea-college",
            "sozawe-nw-fryslan",
            "uwv",
        ),
    },
    {
        "name": "Werkgroep Tilburg",
        "region": "gemeente-tilburg",
        "focus": "Overgang onderwijs-zorg.",
        "members": (
            "gemeente-tilburg",
            "tilburg-university",
            "fontys",
            "avans",
            "studentenraad-tilburg",
        ),
    },
)


def seed_regions() -> dict[str, Region]:
    """Regions by code. Statutory and labour market regions first: municipalities point to them."""
    regions: dict[str, Region] = {}
    for code, name in RMC_REGIONS:
        regions[code] = _upsert_region(RegionSpec(code, name, RegionKind.RMC), regions)
    for code, name in LABOUR_MARKET_REGIONS:
        regions[code] = _upsert_region(RegionSpec(code, name, RegionKind.LABOUR_MARKET), regions)
    for code, name in OTHER_REGIONS:
        regions[code] = _upsert_region(RegionSpec(code, name, RegionKind.OTHER), regions)
    for code, name, rmc, amr in MUNICIPALITIES:
        spec = RegionSpec(code, name, RegionKind.MUNICIPALITY, rmc, amr)
        regions[code] = _upsert_region(spec, regions)
    return regions


def _upsert_region(spec: RegionSpec, regions: dict[str, Region]) -> Region:
    region, _ = Region.objects.update_or_create(
        code=spec.code,
        defaults={
            "name": spec.name,
            "kind": spec.kind,
            "rmc_region": regions.get(spec.rmc),
            "labour_market_region": regions.get(spec.labour_market),
        },
    )
    return region


def seed_organisations(regions: dict[str, Region]) -> dict[str, Organisation]:
    return {spec.code: _upsert_organisation(spec, regions) for spec in organisation_specs()}


def _upsert_organisation(spec: OrgSpec, regions: dict[str, Region]) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        code=spec.code,
        defaults={
            "name": spec.name,
            "kind": spec.kind,
            "sectors": [str(s) for s in spec.sectors],
            "functions": [str(f) for f in spec.functions],
            "brin_code": spec.brin,
            "municipality": regions.get(spec.municipality),
        },
    )
    if spec.regions:
        organisation.regions.set([regions[code] for code in spec.regions])
    return organisation


def seed_working_groups(
    regions: dict[str, Region], organisations: dict[str, Organisation], project
) -> list[WorkingGroup]:
    groups = []
    for spec in WORKING_GROUPS:
        group, _ = WorkingGroup.objects.update_or_create(
            name=spec["name"],
            defaults={
                "region": regions[spec["region"]],
                "focus": spec["focus"],
                "project": project,
            },
        )
        group.organisations.set([organisations[code] for code in spec["members"]])
        groups.append(group)
    return groups
