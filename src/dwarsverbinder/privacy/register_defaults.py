"""The processing register a new installation starts with.

The texts are in Dutch, the language the region's privacy officer keeps the register in.
A data migration writes these rows once; from then on the privacy officer keeps the
register (``/privacy/register/``) and the rows in the database are what counts. The
articles are those the Dutch chain works under: the RMC function (WVO art. 118h, WEB art.
8.3.2), leerplicht (Leerplichtwet 1969) and the Participatiewet. Health details are not a
category: a handover records that care is involved, never why.
"""

_CASEWORK = ["coach", "intake", "coordinator"]
# An employer account manager matches and places the young people their organisation works
# with: who they are, what they learned, and the placements.
_MATCHING = [*_CASEWORK, "employer_manager"]
_PARTNERS = ["school", "gemeente", "uwv", "zorg", "overig"]
_RMC_ARTICLES = (
    "WVO art. 118h en WEB art. 8.3.2 (RMC-registratie en melding van voortijdig "
    "schoolverlaters); Leerplichtwet 1969 art. 18 en 25"
)
_LATEST = "de laatste uitschrijfdatum, het laatste contact of de laatste status"

DEFAULT_REGISTER = [
    {
        "category": "identity",
        "contents": "Naam, geboortedatum, geslacht, adres, woongemeente, BSN (alleen als "
        "pseudoniem met sleutel), studentnummers",
        "purpose": "Weten wie een jongere is, zodat school, leerplicht, RMC en partners "
        "dezelfde persoon volgen en niemand dubbel gevolgd wordt of uit beeld raakt.",
        "legal_basis": "legal_task",
        "legal_article": _RMC_ARTICLES,
        "retention_months": 60,
        "retention_from": _LATEST,
        "roles": _MATCHING,
        "organisation_kinds": _PARTNERS,
        "shared_without_consent_with": ["school", "gemeente"],
    },
    {
        "category": "contact",
        "contents": "Telefoonnummers, e-mail- en postadressen van de jongere en ouders, met "
        "herkomst en wanneer ze voor het laatst werkten",
        "purpose": "De jongere bereiken om hulp aan te bieden.",
        "legal_basis": "legal_task",
        "legal_article": _RMC_ARTICLES,
        "retention_months": 60,
        "retention_from": _LATEST,
        "roles": _CASEWORK,
        "organisation_kinds": _PARTNERS,
        "shared_without_consent_with": ["school", "gemeente"],
    },
    {
        "category": "school_career",
        "contents": "Inschrijvingen: school, opleiding, niveau, begin- en einddatum, reden "
        "van uitschrijving, diploma, startkwalificatie",
        "purpose": "Weten wie zonder startkwalificatie van school ging, om een weg terug "
        "naar school of naar werk aan te bieden.",
        "legal_basis": "legal_task",
        "legal_article": _RMC_ARTICLES,
        "retention_months": 60,
        "retention_from": "de uitschrijfdatum",
        "roles": _MATCHING,
        "organisation_kinds": _PARTNERS,
        "shared_without_consent_with": ["school", "gemeente"],
    },
    {
        "category": "status",
        "contents": "Perioden in onderwijs, werk, dagbesteding, uitkering of geen van deze, "
        "met bron en datum van laatste bevestiging",
        "purpose": "Weten waar een jongere staat, om op tijd op te volgen en te meten of de "
        "pilots in de regio werken.",
        "legal_basis": "legal_task",
        "legal_article": "WVO art. 118h (RMC: toeleiding naar school of werk); "
        "Participatiewet art. 7 (ondersteuning naar werk)",
        "retention_months": 60,
        "retention_from": "het einde van de periode",
        "roles": _CASEWORK,
        "organisation_kinds": _PARTNERS,
        "shared_without_consent_with": ["school", "gemeente"],
    },
    {
        "category": "contacts",
        "contents": "Het contactlogboek (datum, manier, uitkomst, korte feitelijke "
        "notitie), taken en signalen",
        "purpose": "Eén lijn van contact houden, zodat een jongere zijn verhaal niet bij "
        "elke partner opnieuw hoeft te doen.",
        "legal_basis": "legal_task",
        "legal_article": "WVO art. 118h (RMC: contact leggen en begeleiden)",
        "retention_months": 24,
        "retention_from": "de contactdatum",
        "roles": _CASEWORK,
        "organisation_kinds": _PARTNERS,
        "shared_without_consent_with": ["gemeente"],
    },
    {
        "category": "care",
        "contents": "Alleen dát een zorgpartner betrokken is (een periode van de soort "
        "'zorg'), nooit waarom",
        "purpose": "Weten dat er zorg betrokken is, zodat partners kunnen samenwerken.",
        "legal_basis": "consent",
        "legal_article": "",
        "retention_months": 24,
        "retention_from": "het einde van de zorgperiode",
        "roles": _CASEWORK,
        "organisation_kinds": ["gemeente", "zorg"],
        "shared_without_consent_with": [],
    },
    {
        "category": "survey",
        "contents": "Antwoorden op check-ins en vragenlijsten",
        "purpose": "Van jongeren horen hoe het gaat en wat ze nodig hebben.",
        "legal_basis": "consent",
        "legal_article": "",
        "retention_months": 24,
        "retention_from": "de datum van het antwoord",
        "roles": _CASEWORK,
        "organisation_kinds": ["school", "gemeente", "overig"],
        "shared_without_consent_with": [],
    },
    {
        "category": "placements",
        "contents": "Matches en plaatsingen bij werkgevers: werkgever, functie, begin en "
        "einde, uren",
        "purpose": "Jongeren aan werk helpen en aan het werk houden.",
        "legal_basis": "legal_task",
        "legal_article": "Participatiewet art. 7 (ondersteuning naar werk); Wet SUWI art. 30c",
        "retention_months": 60,
        "retention_from": "het einde van de plaatsing",
        "roles": _MATCHING,
        "organisation_kinds": ["school", "gemeente", "uwv", "overig"],
        "shared_without_consent_with": ["gemeente", "uwv"],
    },
]
