"""Matching young people and openings: the pure scoring with its documented weights, the
distance by postcode (measured, or in tiers when a centre is missing), loading postcode
areas, and the queries that feed the scoring only with people the user may see, in a
fixed number of queries. A person outside the user's visibility is never suggested,
listed or counted, even when they would fit best."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.chain import services as chain_services
from dwarsverbinder.employers import geo, matching
from dwarsverbinder.employers.constants import OpeningStatus, ProposalStatus
from dwarsverbinder.employers.geo import Distance, Tier
from dwarsverbinder.employers.matching import OpeningFacts, PersonFacts, score
from dwarsverbinder.employers.models import PostcodeArea
from dwarsverbinder.people.constants import ProgrammeType
from dwarsverbinder.privacy.models import AuditEvent
from tests.conftest import login as _login
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    OpeningFactory,
    OrganisationFactory,
    PersonFactory,
    PlacementFactory,
    SchoolCareerFactory,
)
from tests.factories.employers import MatchProfileFactory, ProposalFactory


def login(client, user) -> None:
    """Log in as ``user``, out of whoever was logged in before."""
    client.logout()  # also drops the cookies: keep reading the English source texts
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _login(client, user)


def acting(user):
    user.active_membership = user.memberships.select_related("organisation").get()
    return user


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


# --- Pure scoring --------------------------------------------------------------------------

OPENING = OpeningFacts(
    kind="bpv",
    programme_types=("mbo_bol",),
    level_min=1,
    level_max=2,
    hours_min=16,
    hours_max=32,
    jobcoach=True,
    interests=("logistiek",),
    pc4="4001",
)
PERSON = PersonFacts(
    programme_type="mbo_bol",
    level=2,
    pc4="4001",
    interests=("logistiek", "zorg"),
    hours_wanted=24,
    max_distance_km=20,
    needs_jobcoach=True,
    kinds=("bpv",),
)
SAME = Distance(Tier.SAME_AREA, 0.0)


def _points(fit) -> dict[str, int]:
    return {r.criterion: r.points for r in fit.reasons}


def _codes(fit) -> dict[str, str]:
    return {r.criterion: r.code for r in fit.reasons}


def _with(facts, **changes):
    return facts.__class__(**{**facts.__dict__, **changes})


def test_the_weights_add_up_to_100_and_a_perfect_fit_scores_them_all():
    assert sum(matching.WEIGHTS.values()) == 100
    fit = score(OPENING, PERSON, SAME)
    assert fit.score == 100
    assert _points(fit) == matching.WEIGHTS
    assert {r.verdict for r in fit.reasons} == {"good"}
    assert fit.label == "good"
    assert [r.criterion for r in fit.reasons] == list(matching.WEIGHTS)


def test_programme_and_level():
    other = score(OPENING, _with(PERSON, programme_type="pro"), SAME)
    assert _points(other)["programme"] == 0
    text = matching.reason_text(other.reasons[0])
    assert "Asks for mbo BOL" in text and "Practical education (PrO)" in text
    unknown = score(OPENING, _with(PERSON, programme_type=None, level=None), SAME)
    assert _points(unknown)["programme"] == 10 and _points(unknown)["level"] == 8
    assert _codes(unknown)["level"] == "level_unknown"
    anyone = score(_with(OPENING, programme_types=(), level_min=None, level_max=None),
                   _with(PERSON, programme_type="pro", level=None), SAME)  # fmt: skip
    assert _points(anyone)["programme"] == 20 and _points(anyone)["level"] == 15
    near = score(OPENING, _with(PERSON, level=3), SAME)
    assert (_codes(near)["level"], _points(near)["level"]) == ("level_near", 5)
    far = score(OPENING, _with(PERSON, level=4), SAME)
    assert (_codes(far)["level"], _points(far)["level"]) == ("level_other", 0)


def test_entree_counts_as_level_one():
    career = SchoolCareerFactory.build(programme_type=ProgrammeType.ENTREE, level=None)
    assert matching.career_level(career) == 1
    assert (
        matching.career_level(SchoolCareerFactory.build(programme_type="pro", level=None)) is None
    )
    assert matching.career_level(None) is None


@pytest.mark.parametrize(
    ("distance", "pc4", "code", "points"),
    [
        (Distance(Tier.SAME_AREA, 0.0), "4001", "distance_same_area", 20),
        (Distance(Tier.MEASURED, 10.0), "4002", "distance_within", 15),  # 20 * (1 - 10/40)
        (Distance(Tier.MEASURED, 20.0), "4002", "distance_within", 10),  # at the limit: half
        (Distance(Tier.MEASURED, 20.5), "4002", "distance_too_far", 0),
        (Distance(Tier.NEARBY), "4011", "distance_nearby", 12),
        (Distance(Tier.UNKNOWN), "5011", "distance_unknown", 5),
        (Distance(Tier.UNKNOWN), None, "distance_no_location", 10),
    ],
)
def test_distance_points_and_reasons(distance, pc4, code, points):
    fit = score(_with(OPENING, pc4=pc4), PERSON, distance)
    reason = fit.reasons[2]
    assert (reason.code, reason.points) == (code, points)
    assert matching.reason_text(reason)


def test_the_standard_travel_distance_applies_without_one_in_the_profile():
    person = _with(PERSON, max_distance_km=None)
    within = score(OPENING, person, Distance(Tier.MEASURED, matching.DEFAULT_MAX_DISTANCE_KM))
    assert _codes(within)["distance"] == "distance_within"
    too_far = score(OPENING, person, Distance(Tier.MEASURED, matching.DEFAULT_MAX_DISTANCE_KM + 1))
    assert _codes(too_far)["distance"] == "distance_too_far"
    assert "26.0 km from home" in matching.reason_text(too_far.reasons[2])


def test_hours():
    assert _points(score(OPENING, _with(PERSON, hours_wanted=None), SAME))["hours"] == 8
    near = score(OPENING, _with(PERSON, hours_wanted=12), SAME)
    assert (_codes(near)["hours"], _points(near)["hours"]) == ("hours_near", 8)
    other = score(OPENING, _with(PERSON, hours_wanted=40), SAME)
    assert (_codes(other)["hours"], _points(other)["hours"]) == ("hours_other", 0)
    assert "16 to 32 hours a week does not fit the 40 hours wanted" in matching.reason_text(
        other.reasons[3]
    )


def test_support_needs_met_partly_or_not_and_banenafspraak_places():
    both = _with(PERSON, needs_wage_cost_subsidy=True)
    partly = score(OPENING, both, SAME)
    reason = partly.reasons[4]
    assert (reason.verdict, reason.points) == ("partial", 8)
    text = matching.reason_text(reason)
    assert "Offers what is needed: a jobcoach" in text
    assert "Does not offer what is needed: wage-cost subsidy" in text
    none_needed = score(OPENING, _with(PERSON, needs_jobcoach=False), SAME)
    assert _points(none_needed)["support"] == 15
    reserved = score(_with(OPENING, banenafspraak=True), PERSON, SAME)
    assert _codes(reserved)["support"] == "support_banenafspraak_reserved"
    assert _points(reserved)["support"] == 0
    in_register = score(_with(OPENING, banenafspraak=True), _with(PERSON, banenafspraak=True), SAME)
    assert _points(in_register)["support"] == 15
    assert "doelgroepregister" in matching.reason_text(in_register.reasons[4])


def test_interests_and_kinds():
    other = score(_with(OPENING, interests=("horeca",)), PERSON, SAME)
    assert _points(other)["interests"] == 0
    assert "Hospitality and catering" in matching.reason_text(other.reasons[5])
    assert _points(score(OPENING, _with(PERSON, interests=()), SAME))["interests"] == 5
    job = score(_with(OPENING, kind="baan"), PERSON, SAME)
    assert (_codes(job)["kind"], _points(job)["kind"]) == ("kind_other", 0)
    assert _points(score(_with(OPENING, kind="baan"), _with(PERSON, kinds=()), SAME))["kind"] == 5


def test_fit_labels_and_stored_reasons_read_back():
    weak = score(_with(OPENING, programme_types=("pro",), level_min=4, level_max=4, kind="baan"),
                 _with(PERSON, hours_wanted=60, interests=("zorg",)),
                 Distance(Tier.MEASURED, 99.0))  # fmt: skip
    assert weak.label == "weak" and weak.score < matching.FAIR_FIT
    rows = matching.reason_rows(weak.as_json())
    assert [r.criterion for r in rows] == list(matching.WEIGHTS)
    assert all(r.text for r in rows)
    assert sum(r.points for r in rows) == weak.score
    # A reason stored by an older version, with a code or criterion no longer known.
    assert matching.reason_rows([{"criterion": "gone"}]) == []
    assert matching.reason_rows([{"criterion": "hours", "code": "x", "points": 3}])[0].text == ""


# --- Distance by postcode ------------------------------------------------------------------


def test_pc4_of_reads_the_digits_of_a_dutch_postcode():
    assert geo.pc4_of("4001 AB") == "4001"
    assert geo.pc4_of("4001ab") == "4001"
    assert geo.pc4_of(" 4001 ") == "4001"
    assert geo.pc4_of("0123 AB") is None
    assert geo.pc4_of("") is None
    assert geo.pc4_of(None) is None


def test_haversine_one_degree_of_latitude():
    assert geo.haversine_km(52.0, 5.0, 53.0, 5.0) == pytest.approx(111.195, abs=0.01)
    assert geo.haversine_km(52.0, 5.0, 52.0, 5.0) == 0


def test_distance_is_measured_between_centres_or_falls_back_to_tiers(db):
    PostcodeArea.objects.create(pc4="4001", latitude=51.886, longitude=5.430)  # Tiel
    PostcodeArea.objects.create(pc4="3511", latitude=52.091, longitude=5.118)  # Utrecht
    known = geo.centres(["4001", "3511", "4011", None])
    assert set(known) == {"4001", "3511"}
    measured = geo.distance("4001", "3511", known)
    assert measured.tier == Tier.MEASURED
    expected = geo.haversine_km(51.886, 5.430, 52.091, 5.118)
    assert measured.km == round(expected, 1) and 30 < measured.km < 35
    assert geo.distance("4001", "4001", {}) == Distance(Tier.SAME_AREA, 0.0)
    assert geo.distance("4001", "4011", known) == Distance(Tier.NEARBY)
    assert geo.distance("4001", "5011", known) == Distance(Tier.UNKNOWN)
    assert geo.distance(None, "4001", known) == Distance(Tier.UNKNOWN)


# --- Loading postcode areas ----------------------------------------------------------------


def _csv(tmp_path, text: str, name="pc4.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_postcodes_load_with_semicolons_and_decimal_commas_and_again_idempotently(
    db, tmp_path, capsys
):
    path = _csv(tmp_path, "\ufeffpc4;latitude;longitude\n4001;51,886;5,430\n3511;52,091;5,118\n")
    call_command("postcodes", path)
    assert "2 postcode areas loaded: 2 new, 0 already known" in capsys.readouterr().out
    assert PostcodeArea.objects.get(pc4="4001").latitude == pytest.approx(51.886)
    moved = _csv(tmp_path, "PC4,Latitude,Longitude\n4001,51.9,5.43\n3511,52.091,5.118\n\n", "b.csv")
    call_command("postcodes", moved)
    assert "2 postcode areas loaded: 0 new, 2 already known" in capsys.readouterr().out
    assert PostcodeArea.objects.count() == 2
    assert PostcodeArea.objects.get(pc4="4001").latitude == pytest.approx(51.9)


def test_a_file_with_bad_lines_is_refused_whole_naming_each_line(db, tmp_path):
    PostcodeArea.objects.create(pc4="4001", latitude=51.886, longitude=5.430)
    text = (
        "pc4;latitude;longitude\n"
        "4001;52,0;5,5\n"  # good, but must not be written
        "401;51,9;5,4\n"  # line 3: not four digits
        "4002;noord;5,4\n"  # line 4: not a number
        "4003;5,4;51,9\n"  # line 5: swapped columns
        "4001;51,9;5,4\n"  # line 6: twice
    )
    with pytest.raises(CommandError) as caught:
        call_command("postcodes", _csv(tmp_path, text))
    message = str(caught.value)
    assert message.startswith("Nothing was loaded.")
    assert "Line 3: “401” is not a postcode area of four digits" in message
    assert "Line 4: the latitude “noord” is not a number." in message
    assert "Line 5: the latitude 5,4 lies outside the Netherlands" in message
    assert "Line 6: postcode area 4001 is already on line 2." in message
    assert "Line 2" not in message.replace("on line 2", "")
    area = PostcodeArea.objects.get()
    assert (area.pc4, area.latitude) == ("4001", 51.886)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "The file is empty."),
        ("postcode;lat;lon\n4001;51,9;5,4\n", "missing: pc4, latitude, longitude"),
        ("pc4;latitude;longitude\n", "no postcode areas"),
    ],
)
def test_a_file_without_the_columns_or_rows_is_refused(db, tmp_path, text, expected):
    with pytest.raises(CommandError, match=expected):
        call_command("postcodes", _csv(tmp_path, text))
    assert not PostcodeArea.objects.exists()


def test_a_missing_file_is_one_sentence(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("postcodes", str(tmp_path / "nope.csv"))


# --- Suggestions only among the people the user may see ------------------------------------


@pytest.fixture
def matching_world(world):
    """An opening in Tiel; the world's person (visible to the school's coach) with a profile
    that fits it; and a person at another school who would fit it even better."""
    PostcodeArea.objects.bulk_create(
        [
            PostcodeArea(pc4="4001", latitude=51.886, longitude=5.430),
            PostcodeArea(pc4="4005", latitude=51.880, longitude=5.380),
        ]
    )
    opening = OpeningFactory(
        location=None, title="Stage magazijn Tiel", hours_min=16, hours_max=32, jobcoach=True
    )
    opening.location = LocationFactory(employer=opening.employer, postcode="4001 AB")
    opening.save()
    person = world.person
    person.postcode = "4005 KL"
    person.save()
    MatchProfileFactory(person=person, hours_wanted=24, needs_jobcoach=True)
    hidden = PersonFactory(given_names="Verborgen", surname="Kandidaat", postcode="4001 AB")
    SchoolCareerFactory(person=hidden, school=world.other_school, level=2)
    MatchProfileFactory(person=hidden, hours_wanted=24, needs_jobcoach=True)
    world.extra.update(opening=opening, hidden=hidden)
    return world


def test_candidates_are_only_visible_people_with_a_profile(matching_world):
    w = matching_world
    coach = acting(w.coach)
    no_profile = SchoolCareerFactory(school=w.school).person
    matches = matching.candidates_for_opening(user=coach, opening=w.extra["opening"])
    assert [m.subject for m in matches] == [w.person]
    assert no_profile not in [m.subject for m in matches]
    fit = matches[0]
    assert fit.distance.tier == Tier.MEASURED and 3 < fit.distance.km < 5
    assert fit.fit.score > matching.GOOD_FIT
    # The hidden person is the best fit of all (same postcode area), for the other school.
    outsider = acting(w.outsider)
    theirs = matching.candidates_for_opening(user=outsider, opening=w.extra["opening"])
    assert [m.subject for m in theirs] == [w.extra["hidden"]]
    assert theirs[0].fit.score > fit.fit.score


def test_already_proposed_or_placed_people_are_left_out_but_a_withdrawn_proposal_is_not(
    matching_world,
):
    w = matching_world
    coach = acting(w.coach)
    opening = w.extra["opening"]
    proposal = ProposalFactory(opening=opening, person=w.person, organisation=w.school)
    assert matching.candidates_for_opening(user=coach, opening=opening) == []
    assert opening not in [
        m.subject for m in matching.openings_for_person(user=coach, person=w.person, today=_today())
    ]
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save()
    assert [m.subject for m in matching.candidates_for_opening(user=coach, opening=opening)] == [
        w.person
    ]
    PlacementFactory(person=w.person, employer=opening.employer, opening=opening)
    assert matching.candidates_for_opening(user=coach, opening=opening) == []


def test_openings_for_a_person_are_open_ones_ranked_by_fit(matching_world):
    w = matching_world
    coach = acting(w.coach)
    best = w.extra["opening"]
    weaker = OpeningFactory(kind="baan", hours_min=38, hours_max=40, title="Fulltime baan")
    OpeningFactory(status=OpeningStatus.DRAFT, title="Concept")
    OpeningFactory(status=OpeningStatus.FILLED, title="Vervuld")
    OpeningFactory(end_date=_today() - datetime.timedelta(days=1), title="Verlopen")
    matches = matching.openings_for_person(user=coach, person=w.person, today=_today())
    assert [m.subject for m in matches] == [best, weaker]
    assert matches[0].fit.score > matches[1].fit.score
    texts = " ".join(r.text for r in matches[0].rows)
    assert "km from home, within the 20 km" in texts
    assert "Asks for mbo BOL, the young person's programme." in texts


def test_without_the_school_career_in_view_the_programme_is_unknown(world):
    """A partner that sees placements through a handover that did not carry the school
    career gets suggestions without the programme and level, and cannot propose."""
    participatie = OrganisationFactory(
        kind="gemeente", functions=["participatiewet"], name="Werk en Inkomen", code="wi"
    )
    their_coach = MembershipFactory(organisation=participatie, role=Role.COACH).user
    chain_services.handover_send(
        person=world.person,
        to_organisation=participatie,
        reason="work",
        categories=["placements"],
        by=acting(world.coach),
    )
    their_coach = acting(their_coach)
    opening = OpeningFactory()
    [match] = matching.openings_for_person(user=their_coach, person=world.person, today=_today())
    assert match.subject == opening
    codes = {r.criterion: r.code for r in match.fit.reasons}
    assert codes["programme"] == "programme_unknown"
    # The school's own coach sees the school career and gets it.
    [own] = matching.openings_for_person(
        user=acting(world.coach), person=world.person, today=_today()
    )
    assert {r.criterion: r.code for r in own.fit.reasons}["programme"] == "programme_match"


def _today() -> datetime.date:
    return timezone.localdate()


# --- The pages: 404 outside visibility, nothing about anybody else -------------------------


def test_the_matching_page_of_a_person_outside_visibility_is_a_404(client, matching_world):
    w = matching_world
    login(client, w.outsider)
    assert client.get(f"/werkgevers/matching/jongere/{w.person.pk}/").status_code == 404
    assert client.get(f"/werkgevers/matching/jongere/{w.person.pk}/profiel/").status_code == 404
    login(client, w.analyst)  # not a matcher at all
    assert client.get(f"/werkgevers/matching/jongere/{w.person.pk}/").status_code == 404


def test_the_candidates_page_never_hints_at_people_outside_visibility(client, matching_world):
    w = matching_world
    opening = w.extra["opening"]
    hidden = w.extra["hidden"]
    login(client, w.coach)
    url = f"/werkgevers/vacatures/{opening.pk}/kandidaten/"
    with_hidden = client.get(url)
    assert with_hidden.status_code == 200
    html = with_hidden.content.decode()
    assert w.person.full_name in html
    assert hidden.surname not in html
    hidden.match_profile.delete()
    hidden.school_careers.all().delete()
    hidden.delete()
    without = client.get(url).content.decode()
    # The page is the same with or without the best-fitting person the coach may not see.
    assert (
        html.count('class="dwv-card dwv-match"') == without.count('class="dwv-card dwv-match"') == 1
    )
    listed = AuditEvent.objects.filter(action="list", object_type="people.person")
    assert [(e.detail["ids"], e.detail["opening"]) for e in listed] == [
        ([w.person.pk], opening.pk)
    ] * 2


def test_the_person_page_shows_ranked_openings_with_reasons_and_is_audited(client, matching_world):
    w = matching_world
    login(client, w.coach)
    response = client.get(f"/werkgevers/matching/jongere/{w.person.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stage magazijn Tiel" in html
    assert "km from home" in html
    assert "Change the matching profile" in html
    assert AuditEvent.objects.filter(action="view", person_id=w.person.pk).exists()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_matching_pages_cost_the_same_number_of_queries_for_few_and_many_rows(
    client, matching_world
):
    w = matching_world
    opening = w.extra["opening"]
    login(client, w.coach)
    candidates = f"/werkgevers/vacatures/{opening.pk}/kandidaten/"
    person_page = f"/werkgevers/matching/jongere/{w.person.pk}/"
    few = (_queries(client, candidates), _queries(client, person_page))
    for n in range(6):
        other = SchoolCareerFactory(school=w.school, person__postcode=f"40{n:02d} AB").person
        MatchProfileFactory(person=other)
        OpeningFactory()
        ProposalFactory(person=w.person, organisation=w.school)
    assert (_queries(client, candidates), _queries(client, person_page)) == few
    assert len(matching.candidates_for_opening(user=acting(w.coach), opening=opening)) == 7


def test_the_number_scored_is_bounded(matching_world, monkeypatch):
    w = matching_world
    for _ in range(3):
        MatchProfileFactory(person=SchoolCareerFactory(school=w.school).person)
    coach, opening = acting(w.coach), w.extra["opening"]
    assert len(matching.candidates_for_opening(user=coach, opening=opening)) == 4
    monkeypatch.setattr(matching, "CANDIDATES_SCORED", 2)
    assert len(matching.candidates_for_opening(user=coach, opening=opening)) == 2
    assert len(matching.candidates_for_opening(user=coach, opening=opening, limit=1)) == 1


def test_reasons_without_their_texts_tell_nothing_about_the_person():
    from dwarsverbinder.employers import matching

    stored = [
        {"criterion": "programme", "verdict": "good", "code": "programme_any", "points": 20},
        {
            "criterion": "programme",
            "verdict": "good",
            "code": "programme_match",
            "points": 20,
            "params": {"programme": "entree"},
        },
    ]
    full = matching.reason_rows(stored)
    bare = matching.reason_rows(stored, with_text=False)
    assert [r.points for r in bare] == [r.points for r in full] == [20, 20]
    assert all(r.text for r in full) and not any(r.text for r in bare)
