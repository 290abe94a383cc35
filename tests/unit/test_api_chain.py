"""The API of handovers and consents: a handover goes out only on the register's legal basis
or a recorded consent, the receiving partner takes the steps and the sender cannot, a
withdrawn consent ends the partner's access and the handover at once, a consent is never
edited, and an outsider sees nothing. Every list and read is audited; lists cost the same
number of queries for 2 and for 10 rows."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.chain.models import Handover, HandoverShare
from dwarsverbinder.privacy.models import AuditEvent, Consent
from tests.factories import MembershipFactory, OrganisationFactory, SchoolCareerFactory

HANDOVERS = "/api/v1/handovers/"
CONSENTS = "/api/v1/consents/"


def _today() -> datetime.date:
    return timezone.localdate()


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def care(world):
    """A wijkteam: a care provider, to which nothing goes without consent."""
    return OrganisationFactory(care=True, name="Wijkteam Tiel", code="wijkteam-tiel")


@pytest.fixture
def intake(care):
    return MembershipFactory(organisation=care, role=Role.INTAKE, user__username="intake").user


def _send(client, world, to: str, categories=("contact",)):
    return _post(
        client,
        HANDOVERS,
        {
            "person": world.person.pk,
            "to_organisation": to,
            "reason": "care",
            "question": "Graag een kennismakingsgesprek.",
            "urgency": "normal",
            "categories": list(categories),
        },
    )


def _consent(client, world, to: str = "wijkteam-tiel", categories=("identity", "contact")):
    return _post(
        client,
        CONSENTS,
        {
            "person": world.person.pk,
            "receiving_organisation": to,
            "purpose": "handover",
            "categories": list(categories),
            "form": "written",
        },
    )


def _step(client, handover_id: int, **body):
    return _post(client, f"{HANDOVERS}{handover_id}/step/", body)


@pytest.fixture
def sent(client, world, intake):
    """A handover of world.person to the wijkteam, on a consent recorded by the coach."""
    client.force_login(world.coach)
    consent = _consent(client, world).json()
    handover = _send(client, world, "wijkteam-tiel").json()
    client.logout()
    return {"consent": consent["id"], "handover": handover["id"]}


# -- sending -----------------------------------------------------------------------------


def test_a_handover_to_the_municipality_rests_on_the_register(client, world):
    client.force_login(world.coach)
    response = _send(client, world, "gemeente-tiel", categories=["contact", "school_career"])
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["person"] == world.person.pk
    assert data["from_organisation"] == "roc-rivor"
    assert data["to_organisation"] == "gemeente-tiel"
    assert data["status"] == "sent"
    assert data["sent_on"] == _today().isoformat()
    assert data["due_on"] == (_today() + datetime.timedelta(days=5)).isoformat()
    assert data["waiting_days"] is None
    assert data["shares"] == [
        {"category": "identity", "basis": "register", "consent": None},
        {"category": "contact", "basis": "register", "consent": None},
        {"category": "school_career", "basis": "register", "consent": None},
    ]
    event = AuditEvent.objects.get(action="create", object_type="chain.handover")
    assert event.person_id == world.person.pk
    assert event.channel == "api"


def test_a_handover_to_a_care_provider_without_consent_is_refused(client, world, care, english):
    client.force_login(world.coach)
    response = _send(client, world, "wijkteam-tiel")
    assert response.status_code == 400
    problems = response.json()["categories"]
    assert len(problems) == 2  # the identity and the contact details, each named
    assert problems[0].startswith("Identity: there is no valid consent")
    assert problems[1].startswith("Contact details: there is no valid consent")
    assert "Wijkteam Tiel" in problems[0]
    assert "Record the consent first" in problems[0]
    assert not Handover.objects.exists()
    assert not HandoverShare.objects.exists()


def test_with_a_recorded_consent_the_handover_goes(client, world, care):
    client.force_login(world.coach)
    recorded = _consent(client, world)
    assert recorded.status_code == 201, recorded.content
    consent = recorded.json()
    assert consent["person"] == world.person.pk
    assert consent["receiving_organisation"] == "wijkteam-tiel"
    assert consent["categories"] == ["identity", "contact"]
    assert consent["recorded_by"] == "coach"
    assert consent["recorded_by_organisation"] == "roc-rivor"
    assert consent["state"] == "valid"
    assert consent["given_on"] == _today().isoformat()
    assert "Wijkteam Tiel" in consent["text_shown"]  # the standard text was used
    event = AuditEvent.objects.get(action="create", object_type="privacy.consent")
    assert event.person_id == world.person.pk

    response = _send(client, world, "wijkteam-tiel")
    assert response.status_code == 201, response.content
    assert response.json()["shares"] == [
        {"category": "identity", "basis": "consent", "consent": consent["id"]},
        {"category": "contact", "basis": "consent", "consent": consent["id"]},
    ]


def test_a_category_outside_the_consent_is_still_refused(client, world, care, english):
    client.force_login(world.coach)
    _consent(client, world, categories=["identity"])
    response = _send(client, world, "wijkteam-tiel", categories=["contact"])
    assert response.status_code == 400
    [problem] = response.json()["categories"]
    assert problem.startswith("Contact details: there is no valid consent")
    assert not Handover.objects.exists()


def test_no_handover_or_consent_for_someone_out_of_reach(client, world, care):
    client.force_login(world.outsider)
    assert _send(client, world, "gemeente-tiel").json().keys() == {"person"}
    assert _consent(client, world).json().keys() == {"person"}
    assert not Handover.objects.exists()
    assert not Consent.objects.exists()


def test_malformed_handover_input_is_a_400(client, world):
    client.force_login(world.coach)
    response = _post(
        client,
        HANDOVERS,
        {
            "person": world.person.pk,
            "to_organisation": "nergens",
            "reason": "heimwee",
            "categories": ["medisch"],
        },
    )
    assert response.status_code == 400
    assert set(response.json()) == {"to_organisation", "reason", "categories"}
    assert not Handover.objects.exists()


def test_a_handover_to_the_own_organisation_is_refused(client, world, english):
    client.force_login(world.coach)
    response = _send(client, world, "roc-rivor")
    assert response.status_code == 400
    assert response.json() == {"to_organisation": ["Choose another organisation than your own."]}


@pytest.mark.parametrize("username", ["analist", "fg", "beheer"])
def test_sending_and_recording_need_a_casework_role(client, world, care, username):
    user = {"analist": world.analyst, "fg": world.privacy_officer, "beheer": world.administrator}
    client.force_login(user[username])
    assert _send(client, world, "wijkteam-tiel").status_code == 403
    assert _consent(client, world).status_code == 403
    assert client.get(HANDOVERS).json()["count"] == 0
    assert not Handover.objects.exists()
    assert not Consent.objects.exists()


def test_writes_need_a_login(client, world):
    assert _send(client, world, "gemeente-tiel").status_code == 403
    assert client.get(HANDOVERS).status_code == 403
    assert client.get(CONSENTS).status_code == 403


# -- the receiving partner takes the steps ------------------------------------------------


def test_the_receiving_partner_takes_the_steps_and_the_sender_cannot(
    client, world, intake, sent, english
):
    pk = sent["handover"]
    client.force_login(world.coach)
    assert client.get(f"{HANDOVERS}?direction=sent").json()["count"] == 1
    assert client.get(f"{HANDOVERS}?direction=received").json()["count"] == 0
    refused = _step(client, pk, to="accepted")
    assert refused.status_code == 403
    assert Handover.objects.get(pk=pk).status == "sent"

    client.force_login(intake)
    received = client.get(f"{HANDOVERS}?direction=received").json()
    assert [row["id"] for row in received["results"]] == [pk]
    row = received["results"][0]
    assert row["person"] == world.person.pk
    assert row["from_organisation"] == "roc-rivor"
    assert "Sanne" not in str(received)  # a handover row names the person by id only
    assert client.get(f"/api/v1/people/{world.person.pk}/").status_code == 200

    accepted = _step(client, pk, to="accepted")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["answered_on"] == _today().isoformat()

    missing = _step(client, pk, to="waiting")
    assert missing.status_code == 400
    assert list(missing.json()) == ["expected_first_contact_on"]

    expected = (_today() + datetime.timedelta(days=10)).isoformat()
    waiting = _step(client, pk, to="waiting", expected_first_contact_on=expected)
    assert waiting.status_code == 200, waiting.content
    assert waiting.json()["status"] == "waiting"
    assert waiting.json()["expected_first_contact_on"] == expected
    assert waiting.json()["due_on"] == expected

    contact = _step(client, pk, to="first_contact")
    assert contact.status_code == 200, contact.content
    data = contact.json()
    assert data["status"] == "first_contact"
    assert data["first_contact_on"] == _today().isoformat()
    assert data["waiting_days"] == 0

    not_allowed = _step(client, pk, to="accepted")
    assert not_allowed.status_code == 400
    assert not_allowed.json() == {
        "non_field_errors": ["A handover that is “First contact made” cannot become “Accepted”."]
    }
    assert AuditEvent.objects.filter(action="update", object_type="chain.handover").count() == 3


def test_declining_needs_a_reason(client, world, intake, sent):
    client.force_login(intake)
    response = _step(client, sent["handover"], to="declined")
    assert response.status_code == 400
    assert list(response.json()) == ["decline_reason"]
    response = _step(client, sent["handover"], to="declined", decline_reason="full")
    assert response.status_code == 200
    assert response.json()["decline_reason"] == "full"
    assert response.json()["closed_on"] == _today().isoformat()


def test_the_sender_may_cancel(client, world, intake, sent):
    client.force_login(world.coach)
    response = _step(client, sent["handover"], to="cancelled")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    client.force_login(intake)  # the partner keeps the row, no longer the file
    assert client.get(f"{HANDOVERS}{sent['handover']}/").json()["status"] == "cancelled"
    assert client.get(f"/api/v1/people/{world.person.pk}/").status_code == 404


def test_the_status_and_person_filters(client, world, intake, sent):
    client.force_login(intake)
    assert client.get(f"{HANDOVERS}?status=sent").json()["count"] == 1
    assert client.get(f"{HANDOVERS}?status=accepted").json()["count"] == 0
    assert client.get(f"{HANDOVERS}?person={world.person.pk}").json()["count"] == 1
    assert client.get(f"{HANDOVERS}?person={world.person.pk + 1}").json()["count"] == 0
    for query in ("direction=sideways", "status=lost", "person=jansen"):
        response = client.get(f"{HANDOVERS}?{query}")
        assert response.status_code == 400
        assert list(response.json()) == [query.split("=")[0]]


# -- withdrawing consent ----------------------------------------------------------------


def test_a_withdrawn_consent_ends_the_access_and_the_handover(client, world, intake, sent, english):
    pk, consent_id = sent["handover"], sent["consent"]
    client.force_login(intake)
    assert _step(client, pk, to="accepted").status_code == 200
    assert client.get(f"/api/v1/people/{world.person.pk}/").status_code == 200

    client.force_login(world.coach)
    response = _post(client, f"{CONSENTS}{consent_id}/withdraw/", {"via": "in_person"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["state"] == "withdrawn"
    assert data["withdrawn_via"] == "in_person"
    assert data["withdrawn_by"] == "coach"
    assert data["withdrawn_at"]

    client.force_login(intake)
    assert client.get(f"/api/v1/people/{world.person.pk}/").status_code == 404
    row = client.get(f"{HANDOVERS}{pk}/")
    assert row.status_code == 200  # the row stays, with the person's id only
    assert row.json()["status"] == "consent_ended"
    assert row.json()["closed_on"] == _today().isoformat()
    assert row.json()["due_on"] is None

    client.force_login(world.coach)
    again = _post(client, f"{CONSENTS}{consent_id}/withdraw/", {"via": "in_person"})
    assert again.status_code == 400
    assert again.json() == {
        "non_field_errors": [
            f"This consent was already withdrawn on {_today().strftime('%d-%m-%Y')}."
        ]
    }


def test_withdrawing_needs_how_and_my_page_is_the_young_persons(client, world, sent):
    client.force_login(world.coach)
    url = f"{CONSENTS}{sent['consent']}/withdraw/"
    assert list(_post(client, url, {}).json()) == ["via"]
    assert list(_post(client, url, {"via": "my_page"}).json()) == ["via"]
    assert list(_post(client, url, {"via": "pigeon"}).json()) == ["via"]
    assert Consent.objects.get().withdrawn_at is None


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_consent_is_never_edited_or_deleted(client, world, sent, method):
    client.force_login(world.coach)
    url = f"{CONSENTS}{sent['consent']}/"
    response = getattr(client, method)(url, {"form": "digital"}, content_type="application/json")
    assert response.status_code == 405
    assert Consent.objects.get().form == "written"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_handover_changes_only_by_steps(client, world, sent, method):
    client.force_login(world.coach)
    url = f"{HANDOVERS}{sent['handover']}/"
    response = getattr(client, method)(url, {"status": "closed"}, content_type="application/json")
    assert response.status_code == 405
    assert Handover.objects.get().status == "sent"


def test_the_valid_filter(client, world, sent):
    client.force_login(world.coach)
    assert client.get(f"{CONSENTS}?valid=true").json()["count"] == 1
    assert client.get(f"{CONSENTS}?valid=false").json()["count"] == 0
    _post(client, f"{CONSENTS}{sent['consent']}/withdraw/", {"via": "written"})
    assert client.get(f"{CONSENTS}?valid=true").json()["count"] == 0
    assert client.get(f"{CONSENTS}?valid=false").json()["count"] == 1
    assert client.get(f"{CONSENTS}?person={world.person.pk}").json()["count"] == 1
    assert client.get(f"{CONSENTS}?valid=maybe").status_code == 400


# -- outsiders and audit -------------------------------------------------------------------


def test_an_outsider_sees_and_changes_nothing(client, world, sent):
    client.force_login(world.outsider)
    assert client.get(HANDOVERS).json()["count"] == 0
    assert client.get(CONSENTS).json()["count"] == 0
    assert client.get(f"{HANDOVERS}{sent['handover']}/").status_code == 404
    assert client.get(f"{CONSENTS}{sent['consent']}/").status_code == 404
    withdraw = _post(client, f"{CONSENTS}{sent['consent']}/withdraw/", {"via": "written"})
    assert withdraw.status_code == 404
    assert _step(client, sent["handover"], to="cancelled").status_code == 404
    assert Consent.objects.get().withdrawn_at is None
    assert Handover.objects.get().status == "sent"
    assert not AuditEvent.objects.filter(action="view").exists()


def test_lists_and_reads_are_audited(client, world, intake, sent):
    client.force_login(intake)
    client.get(HANDOVERS)
    event = AuditEvent.objects.get(action="list", object_type="chain.handover")
    assert event.detail["ids"] == [sent["handover"]]
    assert event.detail["person_ids"] == [world.person.pk]
    assert event.actor_username == "intake"
    assert event.channel == "api"
    client.get(f"{HANDOVERS}{sent['handover']}/")
    read = AuditEvent.objects.get(action="view", object_type="chain.handover")
    assert read.person_id == world.person.pk
    assert read.object_id == str(sent["handover"])

    client.force_login(world.coach)
    client.get(CONSENTS)
    event = AuditEvent.objects.get(action="list", object_type="privacy.consent")
    assert event.detail["ids"] == [sent["consent"]]
    assert event.detail["person_ids"] == [world.person.pk]
    client.get(f"{CONSENTS}{sent['consent']}/")
    read = AuditEvent.objects.get(action="view", object_type="privacy.consent")
    assert read.person_id == world.person.pk


# -- query counts ----------------------------------------------------------------------------


def _people(world, n: int) -> list:
    return [
        SchoolCareerFactory(school=world.school, person__municipality=world.municipality).person
        for _ in range(n)
    ]


def _handovers(world, care, people) -> None:
    for person in people:
        handover = Handover.objects.create(
            person=person,
            from_organisation=world.school,
            from_user=world.coach,
            to_organisation=care,
            reason="work",
            sent_on=_today(),
        )
        consent = _consents(world, care, [person])[0]
        HandoverShare.objects.create(
            handover=handover, category="identity", basis="consent", consent=consent
        )
        HandoverShare.objects.create(
            handover=handover, category="contact", basis="register", legal_basis="WVO"
        )


def _consents(world, care, people) -> list[Consent]:
    return [
        Consent.objects.create(
            person=person,
            purpose="handover",
            receiving_organisation=care,
            categories=["identity"],
            text_shown="Ik geef toestemming.",
            form="written",
            given_on=_today(),
            expires_on=_today() + datetime.timedelta(days=365),
            recorded_by=world.coach,
            recorded_by_organisation=world.school,
        )
        for person in people
    ]


def _count_queries(client, url, django_assert_num_queries, expected_rows, queries=None):
    """Run the list; with ``queries`` assert that number, else return what it took."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if queries is None:
        with CaptureQueriesContext(connection) as ctx:
            data = client.get(url).json()
        assert data["count"] == expected_rows
        return len(ctx.captured_queries)
    with django_assert_num_queries(queries):
        data = client.get(url).json()
    assert data["count"] == expected_rows
    return queries


@pytest.mark.parametrize(
    ("url", "make"),
    [(HANDOVERS, _handovers), (CONSENTS, _consents)],
    ids=["handovers", "consents"],
)
def test_lists_run_the_same_queries_for_2_and_10_rows(
    client, world, care, url, make, django_assert_num_queries
):
    client.force_login(world.coach)
    make(world, care, _people(world, 2))
    small = _count_queries(client, url, django_assert_num_queries, 2)
    make(world, care, _people(world, 8))
    _count_queries(client, url, django_assert_num_queries, 10, queries=small)
