"""Warm handovers and consent: the register decides what may cross, consent fills the gap,
a withdrawal ends access at once, and every step has a deadline that raises a signal."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.chain import selectors, services
from dwarsverbinder.chain.constants import HandoverStatus
from dwarsverbinder.chain.models import Handover
from dwarsverbinder.followup.constants import SignalKind
from dwarsverbinder.followup.models import Signal
from dwarsverbinder.followup.signals import signals_refresh
from dwarsverbinder.network.models import Service
from dwarsverbinder.people import services as people_services
from dwarsverbinder.people.selectors import people_visible_to
from dwarsverbinder.privacy import services as consent_services
from dwarsverbinder.privacy.models import AuditEvent, Consent, ProcessingRecord
from dwarsverbinder.privacy.policy import categories_for
from tests.conftest import login

from ..factories import MembershipFactory, OrganisationFactory, PersonFactory, SchoolCareerFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def acting(user):
    user.active_membership = user.memberships.select_related("organisation").get()
    return user


@pytest.fixture
def care(world):
    organisation = OrganisationFactory(care=True, name="Wijkteam Oost", code="wijkteam-oost")
    intake = MembershipFactory(
        organisation=organisation, role=Role.INTAKE, user__username="intake"
    ).user
    world.extra.update(care=organisation, intake=intake)
    return organisation


def _consent(world, organisation, categories=("identity", "contact")):
    return consent_services.consent_record(
        person=world.person,
        receiving_organisation=organisation,
        categories=list(categories),
        form="in_person",
        by=acting(world.coach),
    )


def _send(world, organisation, categories=("contact",), **kwargs):
    return services.handover_send(
        person=world.person,
        to_organisation=organisation,
        reason=kwargs.pop("reason", "care"),
        categories=list(categories),
        by=acting(world.coach),
        **kwargs,
    )


# --- The register and consent decide what may cross ----------------------------------------


def test_a_handover_to_the_rmc_rests_on_the_register(world):
    handover = _send(
        world, world.rmc_office, categories=["contact", "school_career"], reason="work"
    )
    shares = {s.category: s for s in handover.shares.all()}
    assert set(shares) == {"identity", "contact", "school_career"}
    assert all(s.basis == "register" and s.consent is None for s in shares.values())
    assert "WVO art. 118h" in shares["identity"].legal_basis
    assert handover.status == HandoverStatus.SENT
    assert handover.due_on == TODAY + datetime.timedelta(
        days=settings.HANDOVER_ANSWER_DAYS["normal"]
    )
    event = AuditEvent.objects.get(object_type="chain.handover", action="create")
    assert event.person_id == world.person.pk
    assert event.changes["categories"] == ["identity", "contact", "school_career"]


def test_a_handover_to_a_care_partner_without_consent_is_refused_and_nothing_is_saved(world, care):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _send(world, care, categories=["contact"])
    messages = caught.value.message_dict["categories"]
    assert len(messages) == 2  # identity and contact
    assert "no valid consent" in messages[0]
    assert "Wijkteam Oost" in messages[0]
    assert "Care provider or wijkteam" in messages[0]
    assert not Handover.objects.exists()


def test_a_category_the_register_does_not_allow_for_that_partner_type_is_refused(world):
    uwv = OrganisationFactory(kind="uwv", name="UWV Tiel", code="uwv-tiel")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _send(world, uwv, categories=["survey"])
    text = " ".join(caught.value.message_dict["categories"])
    assert "Survey answers: the processing register does not allow" in text


def test_with_consent_the_partner_sees_only_what_was_shared_and_cannot_change_it(
    world, care, client
):
    consent = _consent(world, care)
    handover = _send(world, care, categories=["contact"])
    assert {(s.category, s.consent_id) for s in handover.shares.all()} == {
        ("identity", consent.pk),
        ("contact", consent.pk),
    }
    intake = acting(world.extra["intake"])
    assert list(people_visible_to(user=intake)) == [world.person]
    assert categories_for(user=intake, person=world.person) == {"identity", "contact"}
    assert not people_visible_to(user=intake, category="school_career").exists()

    people_services.contact_channel_add(
        person=world.person, kind="telefoon", value="0612345678", source="school", by=world.coach
    )
    login(client, world.extra["intake"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/jongeren/{world.person.pk}/").content.decode()
    assert "0612345678" in html
    assert 'id="school-careers"' not in html
    assert "You cannot change this file" in html
    assert f"/jongeren/{world.person.pk}/gegevens/" not in html
    assert client.get(f"/jongeren/{world.person.pk}/contactgegevens/nieuw/").status_code == 403
    assert client.get(f"/jongeren/{world.person.pk}/schoolloopbaan/nieuw/").status_code == 403


def test_the_register_drives_visibility_directly(world):
    coach = acting(world.coach)
    assert "contact" in categories_for(user=coach, person=world.person)
    record = ProcessingRecord.objects.get(category="contact")
    record.organisation_kinds = [k for k in record.organisation_kinds if k != "school"]
    record.shared_without_consent_with = ["gemeente"]
    record.save()
    assert "contact" not in categories_for(user=coach, person=world.person)
    assert not people_visible_to(user=coach, category="contact").exists()
    assert people_visible_to(user=coach).exists()  # the rest of the file stays


def test_an_outsider_sees_nothing_and_a_closed_handover_ends_the_access(world, care):
    _consent(world, care)
    handover = _send(world, care)
    outsider = acting(world.outsider)
    assert not people_visible_to(user=outsider).exists()
    intake = acting(world.extra["intake"])
    services.handover_step(handover=handover, to="accepted", by=intake)
    services.handover_step(handover=handover, to="first_contact", by=intake)
    assert people_visible_to(user=intake).exists()
    services.handover_step(handover=handover, to="closed", by=intake, outcome="started")
    assert not people_visible_to(user=intake).exists()


# --- Withdrawal ----------------------------------------------------------------------------


def test_withdrawing_consent_ends_access_at_once_and_notifies_the_partner(
    world, care, smtp_server, django_capture_on_commit_callbacks
):
    world.extra["intake"].email = "intake@wijkteam.example"
    world.extra["intake"].save()
    consent = _consent(world, care)
    handover = _send(world, care)
    intake = acting(world.extra["intake"])
    assert people_visible_to(user=intake).exists()

    with django_capture_on_commit_callbacks(execute=True):
        consent_services.consent_withdraw(consent=consent, via="in_person", by=acting(world.coach))

    assert not people_visible_to(user=intake).exists()
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.CONSENT_WITHDRAWN
    assert handover.due_on is None
    received = [m for m in smtp_server.messages if "intake@wijkteam.example" in m["To"]]
    assert len(received) == 1
    body = received[0].get_payload()
    assert "withdrew a consent" in body or "trok een toestemming in" in body
    assert world.person.surname not in body  # notices name nobody

    with translation.override("en"), pytest.raises(ValidationError, match="already withdrawn"):
        consent_services.consent_withdraw(consent=consent, via="in_person", by=world.coach)
    # A new consent is a new record; the withdrawn one stays withdrawn.
    again = _consent(world, care)
    assert again.pk != consent.pk
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert Consent.objects.filter(person=world.person).count() == 2


def test_a_withdrawn_consent_under_one_category_limits_only_that_category(world, care):
    # Identity and contact on the first consent, status on a second one.
    _consent(world, care, categories=["identity", "contact"])
    second = _consent(world, care, categories=["status"])
    _send(world, care, categories=["contact", "status"])
    intake = acting(world.extra["intake"])
    assert categories_for(user=intake, person=world.person) == {"identity", "contact", "status"}
    consent_services.consent_withdraw(consent=second, via="written", by=acting(world.coach))
    assert categories_for(user=intake, person=world.person) == {"identity", "contact"}


def test_an_expired_consent_ends_access_without_any_job(world, care):
    consent = _consent(world, care)
    _send(world, care)
    intake = acting(world.extra["intake"])
    assert people_visible_to(user=intake).exists()
    Consent.objects.filter(pk=consent.pk).update(given_on=TODAY - 400 * DAY, expires_on=TODAY - DAY)
    assert not people_visible_to(user=intake).exists()


def test_consent_input_is_checked(world, care):
    with pytest.raises(ValidationError) as caught:
        consent_services.consent_record(
            person=world.person,
            receiving_organisation=care,
            categories=[],
            form="my_page",
            given_on=TODAY + DAY,
            by=acting(world.coach),
        )
    assert set(caught.value.message_dict) == {"categories", "form", "given_on"}


# --- The workflow --------------------------------------------------------------------------


def test_the_steps_follow_the_workflow_by_the_right_side(world, care):
    _consent(world, care)
    handover = _send(world, care, urgency="urgent")
    assert handover.due_on == TODAY + DAY  # urgent: one day to answer
    intake = acting(world.extra["intake"])
    coach = acting(world.coach)
    with pytest.raises(PermissionDenied):
        services.handover_step(handover=handover, to="accepted", by=coach)
    with translation.override("en"), pytest.raises(ValidationError, match="cannot become"):
        services.handover_step(handover=handover, to="closed", by=intake, outcome="started")
    handover = services.handover_step(handover=handover, to="accepted", by=intake)
    assert handover.answered_on == TODAY
    with pytest.raises(ValidationError) as caught:
        services.handover_step(handover=handover, to="waiting", by=intake)
    assert "expected_first_contact_on" in caught.value.message_dict
    later = TODAY + 20 * DAY
    handover = services.handover_step(
        handover=handover, to="waiting", by=intake, expected_first_contact_on=later
    )
    assert handover.due_on == later
    handover = services.handover_step(handover=handover, to="first_contact", by=intake)
    assert handover.waiting_days == 0
    with pytest.raises(ValidationError) as caught:
        services.handover_step(handover=handover, to="closed", by=intake)
    assert "outcome" in caught.value.message_dict
    handover = services.handover_step(handover=handover, to="closed", by=intake, outcome="started")
    assert handover.due_on is None
    assert list(handover.steps.values_list("status", flat=True)) == [
        "sent",
        "accepted",
        "waiting",
        "first_contact",
        "closed",
    ]
    assert AuditEvent.objects.filter(object_type="chain.handover", action="update").count() == 4


def test_a_second_open_handover_to_the_same_partner_is_refused(world):
    _send(world, world.rmc_office)
    with translation.override("en"), pytest.raises(ValidationError, match="already an open"):
        _send(world, world.rmc_office)


def test_a_declined_handover_needs_a_reason(world):
    handover = _send(world, world.rmc_office)
    rmc = acting(world.rmc_consultant)
    with pytest.raises(ValidationError) as caught:
        services.handover_step(handover=handover, to="declined", by=rmc)
    assert "decline_reason" in caught.value.message_dict
    handover = services.handover_step(
        handover=handover, to="declined", by=rmc, decline_reason="full"
    )
    assert handover.status == "declined"


# --- Deadlines and signals -----------------------------------------------------------------


def test_a_passed_deadline_signals_sender_and_receiver_once(world, care):
    coordinator = MembershipFactory(organisation=care, role=Role.COORDINATOR).user
    _consent(world, care)
    handover = _send(world, care)
    Handover.objects.filter(pk=handover.pk).update(due_on=TODAY - DAY)

    result = services.overdue_signal(today=TODAY)
    assert result == {"handovers": 1, "signals": 2}
    signals = Signal.objects.filter(kind=SignalKind.HANDOVER_OVERDUE, resolved_on=None)
    assert {s.organisation_id for s in signals} == {world.school.pk, care.pk}
    assert services.overdue_signal(today=TODAY) == {"handovers": 0, "signals": 0}

    # The daily follow-up signals leave handover signals alone.
    signals_refresh(today=TODAY)
    assert signals.count() == 2

    services.handover_step(handover=handover, to="accepted", by=acting(world.extra["intake"]))
    assert not Signal.objects.filter(kind=SignalKind.HANDOVER_OVERDUE, resolved_on=None).exists()
    assert coordinator is not None


def test_a_deadline_today_is_not_overdue(world):
    handover = _send(world, world.rmc_office)
    Handover.objects.filter(pk=handover.pk).update(due_on=TODAY)
    assert services.overdue_signal(today=TODAY)["handovers"] == 0


# --- Measured waiting time -----------------------------------------------------------------


def _handovers_with_first_contact(world, service, waits):
    for index, wait in enumerate(waits):
        person = PersonFactory(municipality=world.municipality)
        SchoolCareerFactory(person=person, school=world.school)
        sent = TODAY - datetime.timedelta(days=wait + index % 3)
        handover = Handover.objects.create(
            person=person,
            from_organisation=world.school,
            to_organisation=service.organisation,
            to_service=service,
            reason="work",
            sent_on=sent,
            status="first_contact",
            first_contact_on=sent + datetime.timedelta(days=wait),
        )
        assert handover.waiting_days == wait


def test_the_measured_waiting_time_feeds_the_sociale_kaart_above_the_cell_size(world, client):
    service = Service.objects.create(
        organisation=world.rmc_office,
        slug="jongerenloket",
        name="Jongerenloket",
        summary="Hulp bij werk en school.",
        for_whom="Jongeren",
        how_to_get_in="Bel ons.",
        themes=["work"],
    )
    _handovers_with_first_contact(world, service, [5] * 4 + [10] * 5)
    assert selectors.measured_waiting_days(services=[service.pk]) == {}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Measured:" not in client.get("/hulp/jongerenloket/").content.decode()

    _handovers_with_first_contact(world, service, [30])
    measured = selectors.measured_waiting_days(services=[service.pk])
    assert measured[service.pk]["count"] == 10
    assert measured[service.pk]["median_days"] == 10
    html = client.get("/hulp/jongerenloket/").content.decode()
    assert "first contact came after 10 days" in html
    data = client.get("/api/v1/services/jongerenloket/").json()
    assert data["measured_waiting"]["median_days"] == 10


# --- Pages ---------------------------------------------------------------------------------


def test_sending_from_the_file_refuses_with_a_sentence_and_keeps_the_input(world, care, client):
    login(client, world.coach)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/overdrachten/jongere/{world.person.pk}/nieuw/"
    data = {
        "to_organisation": care.pk,
        "reason": "debts",
        "urgency": "normal",
        "categories": ["identity", "contact"],
        "question": "Kan iemand helpen met de brieven?",
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "no valid consent of the young person" in html
    assert "Kan iemand helpen met de brieven?" in html
    assert (
        f"/overdrachten/jongere/{world.person.pk}/toestemming/nieuw/?organisation={care.pk}" in html
    )
    assert not Handover.objects.exists()

    _consent(world, care)
    response = client.post(url, data)
    handover = Handover.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/overdrachten/{handover.pk}/"


def test_the_receiver_steps_through_the_pages_and_loses_the_name_when_closed(world, care, client):
    _consent(world, care)
    handover = _send(world, care)
    login(client, world.extra["intake"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    listing = client.get("/overdrachten/").content.decode()
    assert world.person.full_name in listing

    response = client.post(
        f"/overdrachten/{handover.pk}/stap/",
        {"step": "waiting", "step-waiting-to": "waiting", "step-waiting-on": TODAY.isoformat()},
    )
    assert response.status_code == 302  # no step from "sent" to "waiting": refused, told why
    handover.refresh_from_db()
    assert handover.status == "sent"
    response = client.post(
        f"/overdrachten/{handover.pk}/stap/",
        {"step": "accepted", "step-accepted-to": "accepted", "step-accepted-on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    response = client.post(
        f"/overdrachten/{handover.pk}/stap/",
        {
            "step": "waiting",
            "step-waiting-to": "waiting",
            "step-waiting-on": TODAY.isoformat(),
            "step-waiting-expected_first_contact_on": (TODAY - 3 * DAY).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "The expected first contact cannot be before today." in response.content.decode()
    handover.refresh_from_db()
    assert handover.status == "accepted"
    for step, extra in (("first_contact", {}), ("closed", {"step-closed-outcome": "started"})):
        response = client.post(
            f"/overdrachten/{handover.pk}/stap/",
            {"step": step, f"step-{step}-to": step, f"step-{step}-on": TODAY.isoformat(), **extra},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    listing = client.get("/overdrachten/?status=alle").content.decode()
    assert world.person.full_name not in listing
    assert "name no longer visible" in listing
    detail = client.get(f"/overdrachten/{handover.pk}/").content.decode()
    # The full name: a user's random surname (the sender's, say) may be "Jansen" too.
    assert world.person.full_name not in detail and world.person.given_names not in detail
    assert client.get(f"/jongeren/{world.person.pk}/").status_code == 404


def test_the_handover_list_has_a_fixed_number_of_queries(
    world, client, django_assert_max_num_queries
):
    login(client, world.rmc_consultant)
    for _ in range(2):
        person = PersonFactory(municipality=world.municipality)
        SchoolCareerFactory(person=person, school=world.school)
        services.handover_send(
            person=person,
            to_organisation=world.rmc_office,
            reason="work",
            categories=[],
            by=acting(world.coach),
        )
    with django_assert_max_num_queries(20) as few:
        assert client.get("/overdrachten/").status_code == 200
    for _ in range(8):
        person = PersonFactory(municipality=world.municipality)
        SchoolCareerFactory(person=person, school=world.school)
        services.handover_send(
            person=person,
            to_organisation=world.rmc_office,
            reason="work",
            categories=[],
            by=acting(world.coach),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/overdrachten/").status_code == 200


def test_recording_and_withdrawing_consent_from_the_file(world, care, client):
    login(client, world.coach)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/overdrachten/jongere/{world.person.pk}/toestemming/nieuw/"
    response = client.post(
        url,
        {
            "receiving_organisation": care.pk,
            "categories": ["identity", "contact"],
            "form": "written",
            "given_on": TODAY.isoformat(),
            "expires_on": (TODAY + 900 * DAY).isoformat(),
        },
    )
    assert "two years at most" in response.content.decode()
    assert not Consent.objects.exists()
    response = client.post(
        url,
        {
            "receiving_organisation": care.pk,
            "categories": ["identity", "contact"],
            "form": "written",
            "given_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert "Wijkteam Oost" in consent.text_shown
    assert consent.recorded_by_organisation == world.school
    html = client.get(f"/jongeren/{world.person.pk}/").content.decode()
    assert "Record withdrawal" in html
    response = client.post(
        f"/overdrachten/jongere/{world.person.pk}/toestemming/{consent.pk}/intrekken/",
        {"via": "written"},
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_via == "written"
    assert consent.withdrawn_by == world.coach


def test_a_partner_sees_only_the_consents_given_to_it(world, care):
    from dwarsverbinder.privacy.selectors import consents_visible_to

    other = OrganisationFactory(care=True, name="GGZ Jong", code="ggz-jong")
    elsewhere = _consent(world, other, categories=["identity", "care"])
    own = _consent(world, care)
    _send(world, care)
    assert set(consents_visible_to(user=acting(world.extra["intake"]))) == {own}
    assert set(consents_visible_to(user=acting(world.coach))) == {own, elsewhere}
    assert not consents_visible_to(user=acting(world.outsider)).exists()


def test_a_sender_cannot_pass_on_what_it_may_not_see_itself(world, care):
    _consent(world, care, categories=["identity", "care"])
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _send(world, care, categories=["care"])  # a school does not see care involvement
    assert "may not see yourself: Care involvement" in caught.value.message_dict["categories"][0]


def test_transferring_the_whole_file_to_a_care_partner_needs_consent_for_all_of_it(world, care):
    from dwarsverbinder.followup import services as followup_services

    coach = acting(world.coach)
    followup_services.assignment_start(
        person=world.person, organisation=world.school, coach=world.coach, by=coach
    )
    _consent(world, care)  # identity and contact only: not enough for the whole file
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        followup_services.assignment_transfer(
            person=world.person,
            from_organisation=world.school,
            to_organisation=care,
            coach=None,
            by=coach,
        )
    text = " ".join(caught.value.message_dict["to_organisation"])
    assert "gives Wijkteam Oost the whole file" in text
    assert "School career: there is no valid consent" in text
    assert not people_visible_to(user=acting(world.extra["intake"])).exists()

    # To the RMC the register's legal basis carries the transfer.
    followup_services.assignment_transfer(
        person=world.person,
        from_organisation=world.school,
        to_organisation=world.rmc_office,
        coach=None,
        by=coach,
    )
    assert world.person.assignments.filter(
        organisation=world.rmc_office, ended_at__isnull=True
    ).exists()
