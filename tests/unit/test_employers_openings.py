"""Openings, matching profiles and proposals: keepers publish openings and bad input gets
clear field errors with nothing saved; a BPV or BBL place at an employer without SBB
accreditation gets a warning, not a refusal; a matching profile and a proposal need a
matcher whose organisation may change the young person; a proposal is unique while open,
audited with the person, and tells the account owner by mail without naming the young
person; proposals move on by the proposer or the employer side. The API does the same.
Lists cost the same number of queries for few and many rows."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.chain import services as chain_services
from dwarsverbinder.employers import notify, openings
from dwarsverbinder.employers.constants import OpeningStatus, ProposalStatus
from dwarsverbinder.employers.models import Accreditation, MatchProfile, Opening, Proposal
from dwarsverbinder.privacy.models import AuditEvent
from tests.conftest import login as _login
from tests.factories import (
    AccountOwnerFactory,
    EmployerFactory,
    LocationFactory,
    MembershipFactory,
    OpeningFactory,
    OrganisationFactory,
    PersonFactory,
    SchoolCareerFactory,
)
from tests.factories.employers import MatchProfileFactory, ProposalFactory

OPENINGS = "/api/v1/openings/"
PROPOSALS = "/api/v1/proposals/"
LINK = re.compile(r"/werkgevers/voorstellen/(\d+)/")


def _today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def acting(user):
    user.active_membership = user.memberships.select_related("organisation").first()
    return user


def login(client, user) -> None:
    """Log in as ``user``, out of whoever was logged in before."""
    client.logout()  # also drops the cookies: keep reading the English source texts
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _login(client, user)


def body(message) -> str:
    return "\n".join(
        part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        for part in message.walk()
        if part.get_payload(decode=True)
    )


@pytest.fixture
def wsp(world):
    """The Werkgeversservicepunt with two employer account managers; an employer it holds
    the account of, with a location in Tiel; a coordinator at the RMC office."""
    organisation = OrganisationFactory(kind="gemeente", name="WSP Rivierenland", code="wsp")
    manager = MembershipFactory(
        organisation=organisation, role=Role.EMPLOYER_MANAGER, user__username="manager"
    ).user
    colleague = MembershipFactory(
        organisation=organisation, role=Role.EMPLOYER_MANAGER, user__username="colleague"
    ).user
    coordinator = MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    ).user
    employer = EmployerFactory(name="Transport Betuwe B.V.")
    location = LocationFactory(employer=employer, postcode="4001 AB", city="Tiel")
    AccountOwnerFactory(employer=employer, organisation=organisation, user=manager)
    world.extra.update(
        wsp=organisation,
        manager=manager,
        colleague=colleague,
        coordinator=coordinator,
        employer=employer,
        location=location,
    )
    return world


def _fields(w, **overrides) -> dict:
    return {
        "employer": w.extra["employer"],
        "location": w.extra["location"],
        "kind": "baan",
        "title": "Medewerker magazijn",
        "programme_types": ["mbo_bol", "entree"],
        "level_min": 1,
        "level_max": 2,
        "hours_min": 16,
        "hours_max": 32,
        **overrides,
    }


def _form(w, **overrides) -> dict:
    data = {
        "employer": w.extra["employer"].pk,
        "location": w.extra["location"].pk,
        "kind": "baan",
        "title": "Medewerker magazijn",
        "places": "2",
        "status": "open",
        "programme_types": ["mbo_bol"],
        "level_min": "1",
        "level_max": "2",
        "hours_min": "16",
        "hours_max": "32",
        "jobcoach": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- Openings ------------------------------------------------------------------------------


def test_a_keeper_publishes_an_opening_for_their_organisation_and_it_is_audited(wsp):
    opening = openings.opening_create(by=acting(wsp.extra["manager"]), **_fields(wsp))
    assert opening.organisation == wsp.extra["wsp"]
    assert opening.created_by == wsp.extra["manager"]
    assert opening.status == OpeningStatus.OPEN
    event = AuditEvent.objects.get(action="create", object_type="employers.opening")
    assert event.object_id == str(opening.pk)
    assert event.person_id is None
    assert event.changes["title"] == [None, "Medewerker magazijn"]


def test_bad_input_gets_an_error_on_each_field_and_nothing_is_saved(wsp):
    elsewhere = LocationFactory(employer=EmployerFactory(name="Ander Bedrijf"))
    with pytest.raises(ValidationError) as caught:
        openings.opening_create(
            by=acting(wsp.extra["manager"]),
            **_fields(
                wsp,
                location=elsewhere,
                hours_min=32,
                hours_max=16,
                level_min=3,
                level_max=2,
                start_date=_today(),
                end_date=_today() - datetime.timedelta(days=1),
            ),
        )
    errors = caught.value.message_dict
    assert errors["hours_max"] == ["The most hours cannot be fewer than the least hours (32)."]
    assert errors["level_max"] == ["The highest level cannot be below the lowest level (3)."]
    assert errors["end_date"] == ["The opening cannot end before it starts."]
    assert "belongs to another employer (Ander Bedrijf)" in errors["location"][0]
    assert "__all__" not in errors  # the constraints do not repeat it
    assert not Opening.objects.exists()
    assert not AuditEvent.objects.filter(object_type="employers.opening").exists()


def test_the_form_keeps_what_was_typed_and_shows_the_errors(client, wsp):
    login(client, wsp.extra["manager"])
    assert client.get("/werkgevers/vacatures/nieuw/").status_code == 200
    response = client.post(
        "/werkgevers/vacatures/nieuw/",
        _form(wsp, title="Heftruckchauffeur", hours_min="30", hours_max="20"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Heftruckchauffeur"' in html
    assert "The most hours cannot be fewer than the least hours (30)." in html
    assert 'href="#id_hours_max"' in html  # the error summary links to the field
    assert not Opening.objects.exists()
    response = client.post("/werkgevers/vacatures/nieuw/", _form(wsp))
    opening = Opening.objects.get()
    assert response["Location"] == f"/werkgevers/vacatures/{opening.pk}/"
    assert (opening.places, opening.jobcoach, opening.programme_types) == (2, True, ["mbo_bol"])


def test_roles_outside_the_keepers_cannot_publish(client, wsp):
    with pytest.raises(PermissionDenied):
        openings.opening_create(by=acting(wsp.coach), **_fields(wsp))
    login(client, wsp.coach)
    assert client.get("/werkgevers/vacatures/nieuw/").status_code == 404
    assert client.get("/werkgevers/vacatures/").status_code == 200  # a reader
    login(client, wsp.analyst)
    assert client.get("/werkgevers/vacatures/").status_code == 404


def test_a_bpv_place_without_sbb_accreditation_is_saved_with_a_warning(client, wsp):
    employer = wsp.extra["employer"]
    login(client, wsp.extra["manager"])
    response = client.post("/werkgevers/vacatures/nieuw/", _form(wsp, kind="bpv"), follow=True)
    opening = Opening.objects.get()
    assert opening.kind == "bpv"
    assert "no current SBB accreditation as erkend leerbedrijf" in response.content.decode()
    assert (
        "no current SBB accreditation"
        in client.get(f"/werkgevers/vacatures/{opening.pk}/").content.decode()
    )
    Accreditation.objects.create(
        employer=employer,
        crebo="25410",
        programme_name="Logistiek medewerker",
        valid_from=_today() - datetime.timedelta(days=30),
    )
    assert openings.sbb_warning(employer_id=employer.pk, kind="bpv") == ""
    assert "for crebo 25999" in openings.sbb_warning(
        employer_id=employer.pk, kind="bbl", crebo="25999"
    )
    assert openings.sbb_warning(employer_id=employer.pk, kind="bbl", crebo="25410") == ""
    assert openings.sbb_warning(employer_id=EmployerFactory().pk, kind="baan") == ""
    Accreditation.objects.update(valid_until=_today() - datetime.timedelta(days=1))
    assert openings.sbb_warning(employer_id=employer.pk, kind="bbl")


def test_who_may_edit_an_opening(client, wsp):
    opening = OpeningFactory(employer=wsp.extra["employer"], organisation=wsp.school)
    other_keeper = MembershipFactory(
        organisation=OrganisationFactory(name="Elders"), role=Role.EMPLOYER_MANAGER
    ).user
    assert openings.can_edit_opening(user=acting(wsp.extra["manager"]), opening=opening)  # owner
    assert openings.can_edit_opening(user=acting(wsp.extra["coordinator"]), opening=opening)
    assert not openings.can_edit_opening(user=acting(other_keeper), opening=opening)
    with pytest.raises(PermissionDenied):
        openings.opening_update(opening=opening, by=acting(other_keeper), title="Anders")
    login(client, other_keeper)
    assert client.get(f"/werkgevers/vacatures/{opening.pk}/bewerken/").status_code == 403
    login(client, wsp.extra["manager"])
    url = f"/werkgevers/vacatures/{opening.pk}/bewerken/"
    page = client.get(url).content.decode()
    assert f'value="{opening.title}"' in page
    response = client.post(url, _form(wsp, title="Nieuwe titel", status="gevuld"))
    assert response.status_code == 400  # not a status
    response = client.post(url, _form(wsp, title="Nieuwe titel", status="vervuld"))
    assert response.status_code == 302
    opening.refresh_from_db()
    assert (opening.title, opening.status) == ("Nieuwe titel", "vervuld")
    event = AuditEvent.objects.get(action="update", object_type="employers.opening")
    assert event.changes["status"] == ["open", "vervuld"]


def test_a_draft_is_seen_only_by_its_own_organisation(client, wsp):
    draft = OpeningFactory(organisation=wsp.extra["wsp"], status=OpeningStatus.DRAFT)
    login(client, wsp.coach)
    assert draft.title not in client.get("/werkgevers/vacatures/").content.decode()
    assert client.get(f"/werkgevers/vacatures/{draft.pk}/").status_code == 404
    login(client, wsp.extra["colleague"])
    assert client.get(f"/werkgevers/vacatures/{draft.pk}/").status_code == 200


def test_the_list_filters(client, wsp):
    tiel = LocationFactory(city="Tiel")
    culemborg = LocationFactory(city="Culemborg")
    bpv = OpeningFactory(
        title="A-bpv", kind="bpv", level_min=2, level_max=3, location=tiel, employer=tiel.employer
    )
    job = OpeningFactory(
        title="B-baan",
        kind="baan",
        programme_types=[],
        level_min=None,
        level_max=None,
        location=culemborg,
        employer=culemborg.employer,
    )
    pro = OpeningFactory(title="C-pro", programme_types=["pro"], status=OpeningStatus.CLOSED)
    login(client, wsp.coach)

    def titles(query: str) -> set[str]:
        html = client.get(f"/werkgevers/vacatures/?{query}").content.decode()
        return {t for t in ("A-bpv", "B-baan", "C-pro") if t in html}

    assert titles("") == {"A-bpv", "B-baan", "C-pro"}
    assert titles("kind=bpv") == {"A-bpv", "C-pro"}
    assert titles("programme_type=pro") == {"B-baan", "C-pro"}  # open to anyone counts
    assert titles("programme_type=mbo_bbl") == {"A-bpv", "B-baan"}
    assert titles("level=3") == {"A-bpv", "B-baan"}
    assert titles("level=1") == {"B-baan", "C-pro"}
    assert titles("status=gesloten") == {"C-pro"}
    assert titles("place=culem") == {"B-baan"}
    assert titles("level=9") == {"A-bpv", "B-baan", "C-pro"}  # a bad filter is ignored
    assert {bpv.pk, job.pk, pro.pk} == set(Opening.objects.values_list("pk", flat=True))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/werkgevers/vacatures/", OPENINGS, PROPOSALS])
def test_lists_do_not_grow_with_rows(client, wsp, url):
    login(client, wsp.coach)
    OpeningFactory(kind="bpv")
    ProposalFactory(person=wsp.person, organisation=wsp.school)
    small = _queries(client, url)
    for _ in range(6):
        OpeningFactory(kind="bbl", crebo="25410")
        ProposalFactory(person=wsp.person, organisation=wsp.school)
    assert _queries(client, url) == small


def test_the_opening_page_costs_the_same_for_few_and_many_proposals(client, wsp):
    opening = OpeningFactory()
    login(client, wsp.coach)
    ProposalFactory(opening=opening, person=wsp.person, organisation=wsp.school)
    url = f"/werkgevers/vacatures/{opening.pk}/"
    small = _queries(client, url)
    for _ in range(4):
        ProposalFactory(
            opening=opening,
            person=SchoolCareerFactory(school=wsp.school).person,
            organisation=wsp.school,
        )
    assert _queries(client, url) == small


# --- Matching profile ----------------------------------------------------------------------


def test_a_matcher_with_a_relation_saves_the_profile_audited_with_the_person(wsp):
    profile = openings.match_profile_save(
        person=wsp.person,
        by=acting(wsp.coach),
        interests=["logistiek", "horeca"],
        hours_wanted=24,
        kinds=["bpv", "baan"],
        needs_jobcoach=True,
    )
    assert (profile.hours_wanted, profile.kinds) == (24, ["bpv", "baan"])
    openings.match_profile_save(person=wsp.person, by=acting(wsp.coach), hours_wanted=20)
    assert MatchProfile.objects.get().hours_wanted == 20
    events = AuditEvent.objects.filter(object_type="employers.matchprofile").order_by("id")
    assert [(e.action, e.person_id) for e in events] == [
        ("create", wsp.person.pk),
        ("update", wsp.person.pk),
    ]
    assert events[1].changes["hours_wanted"] == [24, 20]


def test_a_profile_with_bad_input_is_refused(wsp):
    with pytest.raises(ValidationError) as caught:
        openings.match_profile_save(
            person=wsp.person,
            by=acting(wsp.coach),
            interests=["dieren"],
            kinds=["stage"],
            hours_wanted=0,
            max_distance_km=900,
        )
    assert set(caught.value.message_dict) == {
        "interests",
        "kinds",
        "hours_wanted",
        "max_distance_km",
    }
    assert not MatchProfile.objects.exists()


def test_who_may_not_write_the_profile(wsp):
    participatie = OrganisationFactory(kind="gemeente", functions=["participatiewet"])
    their_coach = MembershipFactory(organisation=participatie, role=Role.COACH).user
    chain_services.handover_send(
        person=wsp.person,
        to_organisation=participatie,
        reason="work",
        categories=["placements"],
        by=acting(wsp.coach),
    )
    # Sees the person through the handover, but it is read-only.
    with pytest.raises(PermissionDenied):
        openings.match_profile_save(person=wsp.person, by=acting(their_coach), hours_wanted=8)
    with pytest.raises(PermissionDenied):  # not a matcher
        openings.match_profile_save(
            person=wsp.person, by=acting(wsp.extra["coordinator"]), hours_wanted=8
        )
    assert not MatchProfile.objects.exists()


def test_the_profile_page_keeps_input_on_errors(client, wsp):
    login(client, wsp.coach)
    url = f"/werkgevers/matching/jongere/{wsp.person.pk}/profiel/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"hours_wanted": "70", "interests": ["zorg"], "kinds": ["baan"]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give 1 to 60 hours a week." in html
    assert re.search(r'value="zorg" id="id_interests_\d+" checked', html)  # kept as ticked
    assert not re.search(r'value="horeca" id="id_interests_\d+" checked', html)
    assert not MatchProfile.objects.exists()
    response = client.post(url, {"hours_wanted": "20", "interests": ["zorg"], "kinds": ["baan"]})
    assert response["Location"] == f"/werkgevers/matching/jongere/{wsp.person.pk}/"
    assert MatchProfile.objects.get().interests == ["zorg"]


# --- Proposals -----------------------------------------------------------------------------


@pytest.fixture
def opening(wsp):
    return OpeningFactory(
        employer=wsp.extra["employer"],
        location=wsp.extra["location"],
        organisation=wsp.extra["wsp"],
        title="Stage magazijn Tiel",
    )


def _propose(w, opening, by=None, **kwargs):
    return openings.proposal_create(
        opening=opening, person=w.person, by=acting(by or w.coach), **kwargs
    )


def test_proposing_stores_the_fit_audits_and_mails_the_account_owner_without_a_name(
    wsp, opening, smtp_server, django_capture_on_commit_callbacks
):
    MatchProfileFactory(person=wsp.person)
    with django_capture_on_commit_callbacks(execute=True):
        done = _propose(wsp, opening, note="Zeer gemotiveerd.")
    proposal = done.proposal
    assert done.notified == notify.Notified(notify.ACCOUNT_OWNER, 1)
    assert (proposal.status, proposal.organisation, proposal.proposed_by) == (
        ProposalStatus.PROPOSED,
        wsp.school,
        wsp.coach,
    )
    assert [r["criterion"] for r in proposal.reasons][:2] == ["programme", "level"]
    event = AuditEvent.objects.get(action="create", object_type="employers.proposal")
    assert event.person_id == wsp.person.pk
    assert event.detail == {"notified": "account_owner", "recipients": 1}
    [mail] = smtp_server.messages
    assert mail["X-Envelope-To"] == wsp.extra["manager"].email
    text = body(mail) + mail["Subject"]
    assert LINK.search(text).group(1) == str(proposal.pk)
    assert "Stage magazijn Tiel" in text and "Transport Betuwe B.V." in text
    for personal in (wsp.person.given_names, wsp.person.surname, "gemotiveerd"):
        assert personal not in text


def test_a_second_open_proposal_is_refused_with_a_clear_error(wsp, opening):
    _propose(wsp, opening)
    with pytest.raises(ValidationError) as caught:
        _propose(wsp, opening, by=wsp.rmc_consultant)
    message = caught.value.message_dict["__all__"][0]
    assert "already proposed for this opening, by ROC Rivor on" in message
    assert Proposal.objects.count() == 1
    Proposal.objects.update(status=ProposalStatus.DECLINED)
    assert _propose(wsp, opening, by=wsp.rmc_consultant).proposal.status == "voorgesteld"


def test_without_account_owner_the_publishers_managers_hear_of_it_or_the_page_says_nobody(
    client, wsp, smtp_server, django_capture_on_commit_callbacks
):
    ownerless = OpeningFactory(organisation=wsp.extra["wsp"])
    with django_capture_on_commit_callbacks(execute=True):
        done = _propose(wsp, ownerless)
    assert done.notified == notify.Notified(notify.EMPLOYER_MANAGERS, 2)
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == sorted(
        [wsp.extra["manager"].email, wsp.extra["colleague"].email]
    )
    nobody = OpeningFactory(organisation=OrganisationFactory(name="Zonder accountmanagers"))
    login(client, wsp.coach)
    url = f"/werkgevers/vacatures/{nobody.pk}/voorstellen/{wsp.person.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": ""}, follow=True)
    assert "Nobody could be told" in response.content.decode()
    assert AuditEvent.objects.filter(
        object_type="employers.proposal", detail__notified="nobody"
    ).exists()


def test_the_propose_page_shows_the_error_of_a_second_proposal_and_keeps_the_note(
    client, wsp, opening
):
    _propose(wsp, opening)
    login(client, wsp.rmc_consultant)
    url = f"/werkgevers/vacatures/{opening.pk}/voorstellen/{wsp.person.pk}/"
    response = client.post(url, {"note": "Kan snel starten."})
    assert response.status_code == 400
    html = response.content.decode()
    assert "already proposed for this opening" in html
    assert "Kan snel starten." in html
    assert Proposal.objects.count() == 1


def test_no_proposal_for_a_closed_opening_or_an_invisible_person(client, wsp, opening):
    opening.status = OpeningStatus.FILLED
    opening.save()
    with pytest.raises(ValidationError, match="not open"):
        _propose(wsp, opening)
    with pytest.raises(PermissionDenied):
        _propose(wsp, OpeningFactory(), by=wsp.outsider)
    login(client, wsp.outsider)
    url = f"/werkgevers/vacatures/{opening.pk}/voorstellen/{wsp.person.pk}/"
    assert client.get(url).status_code == 404
    assert not Proposal.objects.exists()


def test_the_account_owner_moves_the_proposal_on_and_the_proposer_hears_of_it(
    client, wsp, opening, smtp_server, django_capture_on_commit_callbacks
):
    proposal = _propose(wsp, opening).proposal
    manager = acting(wsp.extra["manager"])
    assert openings.proposal_next_steps(user=manager, proposal=proposal) == [
        ProposalStatus.INTRODUCED,
        ProposalStatus.DECLINED,
    ]
    with pytest.raises(PermissionDenied):
        openings.proposal_status_change(proposal=proposal, to="ingetrokken", by=manager)
    login(client, manager)
    page = client.get(f"/werkgevers/voorstellen/{proposal.pk}/").content.decode()
    assert wsp.person.surname not in page  # the account owner does not see the person
    assert "Not visible to you" in page
    assert "Why it fits" in page and "of 100" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/werkgevers/voorstellen/{proposal.pk}/status/", {"to": "voorgesteld-werkgever"}
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTRODUCED
    [mail] = smtp_server.messages
    assert mail["X-Envelope-To"] == wsp.coach.email
    assert wsp.person.surname not in body(mail)
    event = AuditEvent.objects.get(action="update", object_type="employers.proposal")
    assert event.person_id == wsp.person.pk
    assert event.changes["status"] == ["voorgesteld", "voorgesteld-werkgever"]


def test_the_proposer_withdraws_and_a_finished_proposal_moves_no_more(wsp, opening):
    proposal = _propose(wsp, opening).proposal
    coach = acting(wsp.coach)
    openings.proposal_status_change(proposal=proposal, to=ProposalStatus.WITHDRAWN, by=coach)
    with pytest.raises(ValidationError) as caught:
        openings.proposal_status_change(proposal=proposal, to=ProposalStatus.ACCEPTED, by=coach)
    assert caught.value.message_dict["status"] == [
        "A proposal that is “Withdrawn” cannot become “Accepted”."
    ]
    stranger = MembershipFactory(organisation=OrganisationFactory(), role=Role.COACH).user
    with pytest.raises(PermissionDenied):
        openings.proposal_status_change(
            proposal=proposal, to=ProposalStatus.DECLINED, by=acting(stranger)
        )


def test_a_proposal_page_is_a_404_for_anybody_without_a_part_in_it(client, wsp, opening):
    proposal = _propose(wsp, opening).proposal
    login(client, wsp.outsider)
    assert client.get(f"/werkgevers/voorstellen/{proposal.pk}/").status_code == 404
    assert (
        client.post(
            f"/werkgevers/voorstellen/{proposal.pk}/status/", {"to": "afgewezen"}
        ).status_code
        == 404
    )
    login(client, wsp.rmc_consultant)  # sees the person: reads it, cannot move it
    page = client.get(f"/werkgevers/voorstellen/{proposal.pk}/").content.decode()
    assert wsp.person.full_name in page
    assert "/status/" not in page


def test_the_opening_page_lists_only_proposals_of_people_the_user_may_see(client, wsp, opening):
    _propose(wsp, opening)
    hidden = PersonFactory(surname="Verborgen")
    SchoolCareerFactory(person=hidden, school=wsp.other_school)
    openings.proposal_create(opening=opening, person=hidden, by=acting(wsp.outsider))
    login(client, wsp.coach)
    html = client.get(f"/werkgevers/vacatures/{opening.pk}/").content.decode()
    assert wsp.person.full_name in html
    assert "Verborgen" not in html
    login(client, wsp.outsider)
    html = client.get(f"/werkgevers/vacatures/{opening.pk}/").content.decode()
    assert "Verborgen" in html and wsp.person.surname not in html
    person_page = client.get(f"/werkgevers/matching/jongere/{hidden.pk}/").content.decode()
    assert "Stage magazijn Tiel" in person_page  # its proposals list


# --- API -----------------------------------------------------------------------------------


def _post(client, url, data, method="post"):
    return getattr(client, method)(url, data, content_type="application/json")


def _api_opening(w, **overrides) -> dict:
    return {
        "employer": w.extra["employer"].pk,
        "location": w.extra["location"].pk,
        "kind": "bpv",
        "title": "Stage via API",
        "programme_types": ["mbo_bol"],
        "hours_min": 16,
        "hours_max": 24,
        **overrides,
    }


def test_api_openings_read_by_readers_and_written_by_keepers(client, wsp):
    login(client, wsp.analyst)
    assert client.get(OPENINGS).status_code == 403
    login(client, wsp.coach)
    assert client.get(OPENINGS).status_code == 200
    assert _post(client, OPENINGS, _api_opening(wsp)).status_code == 403
    login(client, wsp.extra["manager"])
    response = _post(client, OPENINGS, _api_opening(wsp))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["organisation"] == "wsp"
    assert "no current SBB accreditation" in data["sbb_warning"]
    refused = _post(
        client,
        OPENINGS,
        _api_opening(wsp, hours_min=30, hours_max=10, location=LocationFactory().pk),
    )
    assert refused.status_code == 400
    assert set(refused.json()) == {"hours_max", "location"}
    assert Opening.objects.count() == 1
    changed = _post(client, f"{OPENINGS}{data['id']}/", {"status": "gesloten"}, "patch")
    assert changed.status_code == 200 and changed.json()["status"] == "gesloten"
    other = MembershipFactory(organisation=OrganisationFactory(), role=Role.EMPLOYER_MANAGER)
    login(client, other.user)
    assert _post(client, f"{OPENINGS}{data['id']}/", {"title": "X"}, "patch").status_code == 403


def test_api_opening_filters(client, wsp):
    first = OpeningFactory(kind="bpv", employer=wsp.extra["employer"])
    OpeningFactory(kind="baan", status=OpeningStatus.CLOSED)
    login(client, wsp.coach)

    def ids(query):
        return [row["id"] for row in client.get(f"{OPENINGS}?{query}").json()["results"]]

    assert ids("kind=bpv") == [first.pk]
    assert len(ids("status=gesloten")) == 1
    assert ids(f"employer={wsp.extra['employer'].pk}") == [first.pk]
    assert client.get(f"{OPENINGS}?kind=stage").status_code == 400


def test_api_proposals_are_visible_only_audited_and_proposing_tells_who_was_notified(
    client, wsp, opening
):
    hidden = PersonFactory()
    SchoolCareerFactory(person=hidden, school=wsp.other_school)
    ProposalFactory(opening=opening, person=hidden, organisation=wsp.other_school)
    login(client, wsp.coach)
    created = _post(client, PROPOSALS, {"opening": opening.pk, "person": wsp.person.pk})
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["notified"] == "account_owner"
    assert data["status"] == "voorgesteld"
    assert data["person"] == wsp.person.pk
    assert {r["criterion"] for r in data["reasons"]} >= {"programme", "distance"}
    assert 0 <= data["score"] <= 100
    again = _post(client, PROPOSALS, {"opening": opening.pk, "person": wsp.person.pk})
    assert again.status_code == 400
    assert "already proposed" in again.json()["non_field_errors"][0]
    invisible = _post(client, PROPOSALS, {"opening": opening.pk, "person": hidden.pk})
    assert invisible.status_code == 400 and "person" in invisible.json()
    rows = client.get(PROPOSALS).json()["results"]
    assert [row["person"] for row in rows] == [wsp.person.pk]
    listed = AuditEvent.objects.filter(action="list", object_type="employers.proposal").get()
    assert listed.detail["person_ids"] == [wsp.person.pk]
    login(client, wsp.extra["manager"])  # not a casework role: sees none
    assert client.get(PROPOSALS).json()["results"] == []
    refused = _post(client, PROPOSALS, {"opening": opening.pk, "person": wsp.person.pk})
    assert refused.status_code == 400 and "person" in refused.json()
