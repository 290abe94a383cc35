"""Matching young people and openings.

Two halves. ``score`` is a pure function: the facts of one opening and one young person (and
the distance between them) in, a fit of 0 to 100 with the reasons out. The weights are in
``WEIGHTS`` and documented in docs/employers.md ("Openings and matching"). The queries below
it feed it, and only ever with people the user may see (``people_visible_to`` with the
register category "placements"): a person outside that set is never scored, listed or
counted.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from dwarsverbinder.people.constants import ProgrammeType
from dwarsverbinder.people.models import Person, SchoolCareer
from dwarsverbinder.people.selectors import people_visible_to, visible_person_ids
from dwarsverbinder.privacy.constants import DataCategory

from . import geo
from .constants import OpeningKind, OpeningStatus, ProposalStatus, Sector
from .models import MatchProfile, Opening, Placement, Proposal

# The most a criterion adds to the fit; together 100.
WEIGHTS = {
    "programme": 20,
    "level": 15,
    "distance": 20,
    "hours": 15,
    "support": 15,
    "interests": 10,
    "kind": 5,
}
# How far someone travels when their profile does not say.
DEFAULT_MAX_DISTANCE_KM = 25
# Hours or a level this close to the asked range count for part of the points.
HOURS_SLACK = 4
# Fit labels: at least this score.
GOOD_FIT = 75
FAIR_FIT = 50
# Bounds of the sets scored in Python (the database filters and orders first).
OPENINGS_SCORED = 500  # newest open openings considered for one young person
CANDIDATES_SCORED = 500  # visible young people with a profile considered for one opening
SHOWN = 25  # suggestions shown

SUPPORT_KEYS = ("jobcoach", "wage_cost_subsidy")
INTERESTS = Sector  # interests are the sectors a young person would like to work in

_ANY = 1.0


# --- Pure scoring --------------------------------------------------------------------------


@dataclass(frozen=True)
class OpeningFacts:
    kind: str
    programme_types: tuple[str, ...] = ()
    level_min: int | None = None
    level_max: int | None = None
    hours_min: int = 0
    hours_max: int = 60
    jobcoach: bool = False
    wage_cost_subsidy: bool = False
    banenafspraak: bool = False
    interests: tuple[str, ...] = ()
    pc4: str | None = None


@dataclass(frozen=True)
class PersonFacts:
    programme_type: str | None = None  # of the latest school career; None when unknown
    level: int | None = None
    pc4: str | None = None
    interests: tuple[str, ...] = ()
    hours_wanted: int | None = None
    max_distance_km: int | None = None
    needs_jobcoach: bool = False
    needs_wage_cost_subsidy: bool = False
    banenafspraak: bool = False
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    """Why a criterion adds what it adds. ``code`` and ``params`` are turned into a sentence
    in the reader's language by ``reason_text``; stored as a dict on a proposal."""

    criterion: str
    verdict: str  # good, partial, poor or unknown
    code: str
    points: int
    params: dict = field(default_factory=dict)

    @property
    def max_points(self) -> int:
        return WEIGHTS[self.criterion]


@dataclass(frozen=True)
class Fit:
    score: int
    reasons: tuple[Reason, ...]

    @property
    def label(self) -> str:
        return "good" if self.score >= GOOD_FIT else "fair" if self.score >= FAIR_FIT else "weak"

    def as_json(self) -> list[dict]:
        return [asdict(r) for r in self.reasons]


def _reason(criterion: str, fraction: float, code: str, verdict: str, **params) -> Reason:
    return Reason(criterion, verdict, code, round(WEIGHTS[criterion] * fraction), params)


def _programme(o: OpeningFacts, p: PersonFacts) -> Reason:
    if not o.programme_types:
        return _reason("programme", _ANY, "programme_any", "good")
    if p.programme_type is None:
        return _reason("programme", 0.5, "programme_unknown", "unknown")
    if p.programme_type in o.programme_types:
        return _reason("programme", 1, "programme_match", "good", programme=p.programme_type)
    return _reason(
        "programme",
        0,
        "programme_other",
        "poor",
        programme=p.programme_type,
        wanted=list(o.programme_types),
    )


def _level(o: OpeningFacts, p: PersonFacts) -> Reason:
    if o.level_min is None and o.level_max is None:
        return _reason("level", _ANY, "level_any", "good")
    low, high = o.level_min or 1, o.level_max or 4
    if p.level is None:
        return _reason("level", 0.5, "level_unknown", "unknown", low=low, high=high)
    if low <= p.level <= high:
        return _reason("level", 1, "level_match", "good", level=p.level, low=low, high=high)
    near = p.level in (low - 1, high + 1)
    return _reason(
        "level",
        1 / 3 if near else 0,
        "level_near" if near else "level_other",
        "partial" if near else "poor",
        level=p.level,
        low=low,
        high=high,
    )


def _distance(o: OpeningFacts, p: PersonFacts, d: geo.Distance) -> Reason:
    limit = p.max_distance_km or DEFAULT_MAX_DISTANCE_KM
    if o.pc4 is None:
        return _reason("distance", 0.5, "distance_no_location", "unknown")
    if d.tier == geo.Tier.SAME_AREA:
        return _reason("distance", 1, "distance_same_area", "good", pc4=o.pc4)
    if d.tier == geo.Tier.NEARBY:
        return _reason("distance", 0.6, "distance_nearby", "partial", region=o.pc4[:2])
    if d.km is None:
        return _reason("distance", 0.25, "distance_unknown", "unknown")
    if d.km > limit:
        return _reason("distance", 0, "distance_too_far", "poor", km=d.km, limit=limit)
    # Within reach: from all points next door down to half of them at the limit.
    return _reason(
        "distance", 1 - d.km / (2 * limit), "distance_within", "good", km=d.km, limit=limit
    )


def _hours(o: OpeningFacts, p: PersonFacts) -> Reason:
    low, high = o.hours_min, o.hours_max
    if p.hours_wanted is None:
        return _reason("hours", 0.5, "hours_unknown", "unknown", low=low, high=high)
    if low <= p.hours_wanted <= high:
        return _reason("hours", 1, "hours_match", "good", hours=p.hours_wanted, low=low, high=high)
    near = low - HOURS_SLACK <= p.hours_wanted <= high + HOURS_SLACK
    return _reason(
        "hours",
        0.5 if near else 0,
        "hours_near" if near else "hours_other",
        "partial" if near else "poor",
        hours=p.hours_wanted,
        low=low,
        high=high,
    )


def _support(o: OpeningFacts, p: PersonFacts) -> Reason:
    if o.banenafspraak and not p.banenafspraak:
        return _reason("support", 0, "support_banenafspraak_reserved", "poor")
    offered = {"jobcoach": o.jobcoach, "wage_cost_subsidy": o.wage_cost_subsidy}
    needed = {"jobcoach": p.needs_jobcoach, "wage_cost_subsidy": p.needs_wage_cost_subsidy}
    wanted = [k for k in SUPPORT_KEYS if needed[k]]
    met = [k for k in wanted if offered[k]]
    missing = [k for k in wanted if not offered[k]]
    banenafspraak = o.banenafspraak and p.banenafspraak
    if not wanted:
        return _reason("support", 1, "support_none_needed", "good", banenafspraak=banenafspraak)
    verdict = "good" if not missing else "partial" if met else "poor"
    return _reason(
        "support",
        len(met) / len(wanted),
        "support_needs",
        verdict,
        met=met,
        missing=missing,
        banenafspraak=banenafspraak,
    )


def _interests(o: OpeningFacts, p: PersonFacts) -> Reason:
    if not p.interests:
        return _reason("interests", 0.5, "interests_unknown", "unknown")
    common = [i for i in p.interests if i in o.interests]
    if common:
        return _reason("interests", 1, "interests_match", "good", common=common)
    return _reason("interests", 0, "interests_other", "poor", offered=list(o.interests))


def _kind(o: OpeningFacts, p: PersonFacts) -> Reason:
    if not p.kinds:
        return _reason("kind", _ANY, "kind_any", "good")
    if o.kind in p.kinds:
        return _reason("kind", 1, "kind_match", "good", kind=o.kind)
    return _reason("kind", 0, "kind_other", "poor", kind=o.kind)


def score(opening: OpeningFacts, person: PersonFacts, distance: geo.Distance) -> Fit:
    """How well an opening fits a young person: 0 to 100, with a reason per criterion.

    No criterion excludes anything on its own: a poor fit on one is outweighed by the rest,
    and the reasons show the user what does not fit."""
    reasons = (
        _programme(opening, person),
        _level(opening, person),
        _distance(opening, person, distance),
        _hours(opening, person),
        _support(opening, person),
        _interests(opening, person),
        _kind(opening, person),
    )
    return Fit(sum(r.points for r in reasons), reasons)


# --- Reasons in words ----------------------------------------------------------------------


def _labels(choices, values) -> str:
    names = dict(choices)
    return ", ".join(str(names.get(v, v)) for v in values)


SUPPORT_LABELS = {
    "jobcoach": lambda: _("a jobcoach"),
    "wage_cost_subsidy": lambda: _("wage-cost subsidy"),
}


def _km(params: dict) -> dict:
    """Kilometres with one decimal in the reader's notation ("3,5" in Dutch)."""
    return {**params, "km": number_format(float(params["km"]), 1)}


def _support_text(params: dict) -> str:
    parts = []
    met = [str(SUPPORT_LABELS[k]()) for k in params.get("met", []) if k in SUPPORT_LABELS]
    missing = [str(SUPPORT_LABELS[k]()) for k in params.get("missing", []) if k in SUPPORT_LABELS]
    if met:
        parts.append(_("Offers what is needed: %(list)s.") % {"list": ", ".join(met)})
    if missing:
        parts.append(_("Does not offer what is needed: %(list)s.") % {"list": ", ".join(missing)})
    if params.get("banenafspraak"):
        parts.append(_("A banenafspraak place, and the young person is in the doelgroepregister."))
    return " ".join(parts)


REASON_TEXTS = {
    "programme_any": lambda p: _("Open to any programme."),
    "programme_unknown": lambda p: _("The programme of the young person is not known to you."),
    "programme_match": lambda p: (
        _("Asks for %(programme)s, the young person's programme.")
        % {"programme": _labels(ProgrammeType.choices, [p["programme"]])}
    ),
    "programme_other": lambda p: (
        _("Asks for %(wanted)s; the young person did %(programme)s.")
        % {
            "wanted": _labels(ProgrammeType.choices, p["wanted"]),
            "programme": _labels(ProgrammeType.choices, [p["programme"]]),
        }
    ),
    "level_any": lambda p: _("No level asked."),
    "level_unknown": lambda p: (
        _("Asks for level %(low)s to %(high)s; the level of the young person is not known.") % p
    ),
    "level_match": lambda p: _("Level %(level)s fits the asked level %(low)s to %(high)s.") % p,
    "level_near": lambda p: (
        _("Level %(level)s is just outside the asked level %(low)s to %(high)s.") % p
    ),
    "level_other": lambda p: (
        _("Level %(level)s is outside the asked level %(low)s to %(high)s.") % p
    ),
    "distance_no_location": lambda p: _("The opening has no location: distance unknown."),
    "distance_same_area": lambda p: _("In the young person's own postcode area (%(pc4)s).") % p,
    "distance_nearby": lambda p: (
        _("Nearby: the same postcode region (%(region)sxx); the exact distance is unknown.") % p
    ),
    "distance_unknown": lambda p: _("Distance unknown: a postcode or its area is missing."),
    "distance_within": lambda p: (
        _("%(km)s km from home, within the %(limit)s km the young person travels.") % _km(p)
    ),
    "distance_too_far": lambda p: (
        _("%(km)s km from home, further than the %(limit)s km the young person travels.") % _km(p)
    ),
    "hours_unknown": lambda p: (
        _("%(low)s to %(high)s hours a week; the hours wanted are not known.") % p
    ),
    "hours_match": lambda p: (
        _("%(low)s to %(high)s hours a week fits the %(hours)s hours wanted.") % p
    ),
    "hours_near": lambda p: (
        _("%(low)s to %(high)s hours a week is close to the %(hours)s hours wanted.") % p
    ),
    "hours_other": lambda p: (
        _("%(low)s to %(high)s hours a week does not fit the %(hours)s hours wanted.") % p
    ),
    "support_banenafspraak_reserved": lambda p: _(
        "A banenafspraak place, but the young person is not in the doelgroepregister."
    ),
    "support_none_needed": lambda p: " ".join(
        [str(_("No support needed."))] + ([_support_text(p)] if p.get("banenafspraak") else [])
    ),
    "support_needs": _support_text,
    "interests_unknown": lambda p: _("The young person's interests are not known."),
    "interests_match": lambda p: (
        _("Fits the interests: %(list)s.") % {"list": _labels(INTERESTS.choices, p["common"])}
    ),
    "interests_other": lambda p: (
        _("Not in the young person's interests (%(list)s).")
        % {"list": _labels(INTERESTS.choices, p["offered"]) or "–"}
    ),
    "kind_any": lambda p: _("The young person is open to any kind of place."),
    "kind_match": lambda p: (
        _("The young person looks for this kind of place: %(kind)s.")
        % {"kind": _labels(OpeningKind.choices, [p["kind"]])}
    ),
    "kind_other": lambda p: (
        _("The young person does not look for this kind of place: %(kind)s.")
        % {"kind": _labels(OpeningKind.choices, [p["kind"]])}
    ),
}

CRITERION_LABELS = {
    "programme": lambda: _("Programme"),
    "level": lambda: _("Level"),
    "distance": lambda: _("Distance"),
    "hours": lambda: _("Hours"),
    "support": lambda: _("Support"),
    "interests": lambda: _("Interests"),
    "kind": lambda: _("Kind of place"),
}
VERDICT_LABELS = {
    "good": lambda: _("fits"),
    "partial": lambda: _("fits partly"),
    "poor": lambda: _("does not fit"),
    "unknown": lambda: _("unknown"),
}
FIT_LABELS = {
    "good": lambda: _("Good fit"),
    "fair": lambda: _("Fair fit"),
    "weak": lambda: _("Weak fit"),
}


def reason_text(reason: Reason | dict) -> str:
    data = asdict(reason) if isinstance(reason, Reason) else reason
    render = REASON_TEXTS.get(data.get("code", ""))
    try:
        return str(render(data.get("params") or {})) if render else ""
    except (KeyError, TypeError, ValueError):
        return ""  # a reason stored by an older version with other parameters


@dataclass(frozen=True)
class ReasonRow:
    criterion: str
    label: str
    verdict: str
    verdict_label: str
    text: str
    points: int
    max_points: int


def reason_rows(reasons, *, with_text: bool = True) -> list[ReasonRow]:
    """Reasons (fresh, or stored on a proposal) ready for a template. Without
    ``with_text`` only the criterion, verdict and points: the texts tell about the young
    person (postcode area, support needs, the doelgroepregister), which a reader who may
    not see the person must not learn."""
    rows = []
    for item in reasons:
        data = asdict(item) if isinstance(item, Reason) else dict(item)
        criterion = data.get("criterion", "")
        if criterion not in WEIGHTS:
            continue
        rows.append(
            ReasonRow(
                criterion=criterion,
                label=str(CRITERION_LABELS[criterion]()),
                verdict=data.get("verdict", "unknown"),
                verdict_label=str(
                    VERDICT_LABELS.get(data.get("verdict"), VERDICT_LABELS["unknown"])()
                ),
                text=reason_text(data) if with_text else "",
                points=int(data.get("points", 0)),
                max_points=WEIGHTS[criterion],
            )
        )
    return rows


def fit_label(score_value: int) -> str:
    key = "good" if score_value >= GOOD_FIT else "fair" if score_value >= FAIR_FIT else "weak"
    return str(FIT_LABELS[key]())


# --- Facts from the database ---------------------------------------------------------------


def opening_facts(opening: Opening) -> OpeningFacts:
    """Needs ``employer`` and ``location`` loaded (select_related)."""
    location = opening.location
    return OpeningFacts(
        kind=opening.kind,
        programme_types=tuple(opening.programme_types or ()),
        level_min=opening.level_min,
        level_max=opening.level_max,
        hours_min=opening.hours_min,
        hours_max=opening.hours_max,
        jobcoach=opening.jobcoach,
        wage_cost_subsidy=opening.wage_cost_subsidy,
        banenafspraak=opening.banenafspraak,
        # Without interests of its own an opening is about its employer's sector.
        interests=tuple(
            opening.interests or ([opening.employer.sector] if opening.employer.sector else [])
        ),
        pc4=geo.pc4_of(location.postcode) if location is not None else None,
    )


def career_level(career: SchoolCareer | None) -> int | None:
    if career is None:
        return None
    if career.level is None and career.programme_type == ProgrammeType.ENTREE:
        return 1  # entree is mbo level 1
    return career.level


def person_facts(person: Person, *, profile: MatchProfile | None, career: SchoolCareer | None):
    return PersonFacts(
        programme_type=career.programme_type if career else None,
        level=career_level(career),
        pc4=geo.pc4_of(person.postcode),
        interests=tuple(profile.interests) if profile else (),
        hours_wanted=profile.hours_wanted if profile else None,
        max_distance_km=profile.max_distance_km if profile else None,
        needs_jobcoach=bool(profile and profile.needs_jobcoach),
        needs_wage_cost_subsidy=bool(profile and profile.needs_wage_cost_subsidy),
        banenafspraak=bool(profile and profile.banenafspraak),
        kinds=tuple(profile.kinds) if profile else (),
    )


@dataclass(frozen=True)
class Match:
    subject: object  # the Opening (for a person) or the Person (for an opening)
    fit: Fit
    distance: geo.Distance

    @property
    def rows(self) -> list[ReasonRow]:
        return reason_rows(self.fit.reasons)

    @property
    def fit_label(self) -> str:
        return fit_label(self.fit.score)


def _ranked(matches: list[Match], limit: int) -> list[Match]:
    def key(m: Match):
        km = m.distance.km if m.distance.km is not None else math.inf
        return (-m.fit.score, km, m.subject.pk)

    return sorted(matches, key=key)[:limit]


def _latest_careers(*, user, person_ids) -> dict[int, SchoolCareer]:
    """The latest school career of each person whose school career the user may see (one
    query). Someone visible for placements through a handover that did not carry the school
    career is matched without it."""
    visible = visible_person_ids(user=user, category=DataCategory.SCHOOL_CAREER)
    if visible is None or not person_ids:
        return {}
    careers = (
        SchoolCareer.objects.filter(person_id__in=list(person_ids))
        .filter(person_id__in=visible)
        .only("id", "person_id", "programme_type", "level", "start_date")
    )
    latest: dict[int, SchoolCareer] = {}
    for career in careers.order_by("person_id", "-start_date", "-id"):
        latest.setdefault(career.person_id, career)
    return latest


def _without_taken(queryset: QuerySet, *, opening_ref, person_ref) -> QuerySet:
    """Leave out pairs where the person was already proposed (and not withdrawn) for the
    opening or placed there."""
    proposed = Proposal.objects.filter(opening=opening_ref, person=person_ref).exclude(
        status=ProposalStatus.WITHDRAWN
    )
    placed = Placement.objects.filter(opening=opening_ref, person=person_ref)
    return queryset.exclude(Exists(proposed)).exclude(Exists(placed))


def open_openings(*, today) -> QuerySet[Opening]:
    return Opening.objects.filter(status=OpeningStatus.OPEN).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def openings_for_person(*, user, person: Person, today, limit: int = SHOWN) -> list[Match]:
    """Open openings ranked by fit for ``person``, who must be in
    ``people_visible_to(user, category="placements")`` (the caller checked). Openings the
    person was already proposed for or placed at are left out. A fixed number of queries:
    the profile, the latest school career, the openings, the postcode centres."""
    profile = MatchProfile.objects.filter(person=person).first()
    career = _latest_careers(user=user, person_ids=[person.pk]).get(person.pk)
    facts = person_facts(person, profile=profile, career=career)
    openings = list(
        _without_taken(open_openings(today=today), opening_ref=OuterRef("pk"), person_ref=person)
        .select_related("employer", "location")
        .order_by("-created_at", "-id")[:OPENINGS_SCORED]
    )
    all_facts = [(o, opening_facts(o)) for o in openings]
    known = geo.centres([facts.pc4, *(f.pc4 for _o, f in all_facts)])
    matches = []
    for opening, o_facts in all_facts:
        d = geo.distance(facts.pc4, o_facts.pc4, known)
        matches.append(Match(opening, score(o_facts, facts, d), d))
    return _ranked(matches, limit)


def candidates_for_opening(*, user, opening: Opening, limit: int = SHOWN) -> list[Match]:
    """Young people ranked by fit for ``opening``: only those in
    ``people_visible_to(user, category="placements")`` who have a matching profile, are not
    anonymised, and were not already proposed for or placed at this opening. At most
    ``CANDIDATES_SCORED`` of them (the most recently updated profiles) are scored. A fixed
    number of queries: the people with their profiles, their latest school careers, the
    postcode centres."""
    visible = people_visible_to(user=user, category=DataCategory.PLACEMENTS).filter(
        match_profile__isnull=False, anonymised_on__isnull=True
    )
    people = list(
        _without_taken(visible, opening_ref=opening, person_ref=OuterRef("pk"))
        .select_related("match_profile")
        .order_by("-match_profile__updated_at", "id")[:CANDIDATES_SCORED]
    )
    careers = _latest_careers(user=user, person_ids=[p.pk for p in people])
    o_facts = opening_facts(opening)
    all_facts = [
        (p, person_facts(p, profile=p.match_profile, career=careers.get(p.pk))) for p in people
    ]
    known = geo.centres([o_facts.pc4, *(f.pc4 for _p, f in all_facts)])
    matches = []
    for person, p_facts in all_facts:
        d = geo.distance(p_facts.pc4, o_facts.pc4, known)
        matches.append(Match(person, score(o_facts, p_facts, d), d))
    return _ranked(matches, limit)


def fit_for(*, user, opening: Opening, person: Person) -> Match:
    """The fit of one visible person for one opening (to show and store with a proposal)."""
    profile = MatchProfile.objects.filter(person=person).first()
    career = _latest_careers(user=user, person_ids=[person.pk]).get(person.pk)
    p_facts = person_facts(person, profile=profile, career=career)
    o_facts = opening_facts(opening)
    d = geo.distance(p_facts.pc4, o_facts.pc4, geo.centres([p_facts.pc4, o_facts.pc4]))
    return Match(opening, score(o_facts, p_facts, d), d)
