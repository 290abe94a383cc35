"""Data subject requests: the privacy officer records them (finding the young person by
BSN or by surname and date of birth), answers access with the export, and carries out or
refuses erasure. Anyone else gets a 404."""

from __future__ import annotations

import datetime
import json
import re

import pytest

from dwarsverbinder.chain.constants import HandoverReason, HandoverStatus, ShareBasis
from dwarsverbinder.chain.models import Handover, HandoverShare, HandoverStep
from dwarsverbinder.followup.constants import (
    ContactChannelUsed,
    ContactOutcome,
    SignalKind,
    TaskKind,
    TaskStatus,
)
from dwarsverbinder.followup.models import Contact, Signal, Task, Voucher
from dwarsverbinder.people.constants import ChannelKind, EpisodeKind, IdentityKind, Source
from dwarsverbinder.people.models import (
    Assignment,
    ContactChannel,
    Identity,
    Person,
    SchoolCareer,
    StatusEpisode,
)
from dwarsverbinder.people.pseudonyms import bsn_pseudonym
from dwarsverbinder.privacy.constants import AuditAction, RequestKind, RequestStatus
from dwarsverbinder.privacy.models import AuditEvent, Consent, DataSubjectRequest
from dwarsverbinder.privacy.requests import request_close
from tests.conftest import login
from tests.factories import (
    AssignmentFactory,
    OrganisationFactory,
    PersonFactory,
    SchoolCareerFactory,
)

BSN = "111222333"  # passes the 11-proef
NOT_A_BSN = "123456789"  # fails it
RECEIVED = datetime.date(2025, 1, 31)


def _new(client, **data):
    payload = {
        "bsn": "",
        "surname": "",
        "date_of_birth": "",
        "kind": "access",
        "received_on": RECEIVED.isoformat(),
        "details": "",
    }
    payload.update(data)
    return client.post("/privacy/verzoeken/nieuw/", payload)


def _request(person, kind=RequestKind.ERASURE, reference="AVG-2025-0099") -> DataSubjectRequest:
    return DataSubjectRequest.objects.create(
        person=person,
        reference=reference,
        kind=kind,
        received_on=RECEIVED,
        due_on=datetime.date(2025, 2, 28),
    )


def full_file(person, world) -> None:
    """One record of every kind that hangs from a young person, closed where it can be."""
    Identity.objects.create(person=person, kind=IdentityKind.BSN, value=bsn_pseudonym(BSN))
    Identity.objects.create(
        person=person, kind=IdentityKind.STUDENT_NUMBER, value="S-1", organisation=world.school
    )
    channel = ContactChannel.objects.create(
        person=person, kind=ChannelKind.PHONE, value="0612345678", source=Source.COACH
    )
    Contact.objects.create(
        person=person,
        organisation=world.rmc_office,
        on=datetime.date(2024, 3, 1),
        channel=ContactChannelUsed.PHONE,
        outcome=ContactOutcome.REACHED,
        note="Gebeld over school.",
        channel_used=channel,
    )
    Task.objects.create(
        person=person,
        organisation=world.rmc_office,
        kind=TaskKind.OTHER,
        title="Bellen",
        due_date=datetime.date(2024, 4, 1),
        status=TaskStatus.DONE,
    )
    Signal.objects.create(
        person=person,
        organisation=world.rmc_office,
        kind=SignalKind.NEET,
        raised_on=datetime.date(2024, 2, 1),
        resolved_on=datetime.date(2024, 3, 1),
    )
    Voucher.objects.create(
        person=person,
        code=f"V-{person.pk}",
        issued_by=world.rmc_office,
        issued_on=datetime.date(2023, 1, 1),
        description="Cursus",
        valid_until=datetime.date(2024, 1, 1),
    )
    StatusEpisode.objects.create(
        person=person,
        kind=EpisodeKind.WERK,
        start_date=datetime.date(2023, 9, 1),
        end_date=datetime.date(2024, 6, 1),
        last_confirmed=datetime.date(2024, 6, 1),
        source=Source.COACH,
    )
    care = OrganisationFactory(care=True)
    consent = Consent.objects.create(
        person=person,
        receiving_organisation=care,
        categories=["identity", "care"],
        text_shown="Ik geef toestemming.",
        form="written",
        given_on=datetime.date(2024, 1, 1),
        expires_on=datetime.date(2025, 1, 1),
    )
    handover = Handover.objects.create(
        person=person,
        from_organisation=world.rmc_office,
        to_organisation=care,
        reason=HandoverReason.CARE,
        status=HandoverStatus.CLOSED,
        sent_on=datetime.date(2024, 1, 2),
        closed_on=datetime.date(2024, 5, 1),
    )
    HandoverShare.objects.create(
        handover=handover, category="identity", basis=ShareBasis.CONSENT, consent=consent
    )
    HandoverShare.objects.create(
        handover=handover, category="care", basis=ShareBasis.CONSENT, consent=consent
    )
    HandoverStep.objects.create(handover=handover, status=HandoverStatus.SENT, on=handover.sent_on)
    HandoverStep.objects.create(
        handover=handover, status=HandoverStatus.CLOSED, on=handover.closed_on
    )
    Assignment.objects.create(
        person=person,
        organisation=world.rmc_office,
        started_at=datetime.date(2023, 1, 1),
        ended_at=datetime.date(2024, 6, 1),
    )


@pytest.fixture
def leaver(world):
    """A young person who left school and whose file has one of everything."""
    person = PersonFactory(
        municipality=world.municipality,
        given_names="Noor",
        surname="Visser",
        date_of_birth=datetime.date(2005, 3, 14),
    )
    SchoolCareerFactory(person=person, school=world.school, leave_date=datetime.date(2023, 7, 15))
    full_file(person, world)
    return person


# --- Access to the pages -----------------------------------------------------------------


@pytest.mark.parametrize("username", ["coach", "rmc", "outsider", "analist", "beheer"])
def test_only_the_privacy_officer_reaches_the_requests(client, world, username):
    users = {
        u.username: u
        for u in (
            world.coach,
            world.rmc_consultant,
            world.outsider,
            world.analyst,
            world.administrator,
        )
    }
    dsr = _request(world.person, kind=RequestKind.ACCESS)
    login(client, users[username])
    for url in (
        "/privacy/verzoeken/",
        "/privacy/verzoeken/nieuw/",
        f"/privacy/verzoeken/{dsr.pk}/",
        f"/privacy/verzoeken/{dsr.pk}/gegevens.json",
    ):
        assert client.get(url).status_code == 404, url
    assert _new(client, bsn=BSN).status_code == 404
    response = client.post(
        f"/privacy/verzoeken/{dsr.pk}/afsluiten/", {"status": "done", "outcome": "x"}
    )
    assert response.status_code == 404
    dsr.refresh_from_db()
    assert dsr.status == RequestStatus.OPEN
    assert DataSubjectRequest.objects.count() == 1


# --- Recording a request -----------------------------------------------------------------


def test_a_request_is_recorded_by_bsn_with_a_due_date_one_month_on(client, world, leaver):
    login(client, world.privacy_officer)
    response = _new(client, bsn="1112 22 333", kind="erasure", details="Alles weg graag.")
    dsr = DataSubjectRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/privacy/verzoeken/{dsr.pk}/"
    assert dsr.person == leaver
    assert dsr.kind == RequestKind.ERASURE
    assert dsr.reference == "AVG-2025-0001"
    assert dsr.received_on == RECEIVED
    assert dsr.due_on == datetime.date(2025, 2, 28)  # 31 January + 1 month, clamped
    assert dsr.status == RequestStatus.OPEN
    assert dsr.details == "Alles weg graag."
    # The lookup is audited, the BSN is not stored anywhere in the log.
    search = AuditEvent.objects.get(action=AuditAction.SEARCH, object_type="people.person")
    assert search.actor_username == "fg"
    assert search.person_id == leaver.pk
    assert search.detail == {"purpose": "data_subject_request", "by": "bsn", "found": 1}
    for event in AuditEvent.objects.all():
        blob = json.dumps([event.detail, event.changes])
        assert BSN not in blob and bsn_pseudonym(BSN) not in blob
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="privacy.datasubjectrequest", person_id=leaver.pk
    ).exists()


def test_a_request_is_recorded_by_surname_and_date_of_birth(client, world, leaver):
    login(client, world.privacy_officer)
    _new(client, bsn=BSN)
    response = _new(client, surname="visser", date_of_birth="2005-03-14", kind="rectification")
    assert response.status_code == 302
    second = DataSubjectRequest.objects.get(kind=RequestKind.RECTIFICATION)
    assert second.person == leaver
    assert second.reference == "AVG-2025-0002"
    search = AuditEvent.objects.filter(action=AuditAction.SEARCH).order_by("id").last()
    assert search.detail["by"] == "name_and_date_of_birth"
    assert "visser" not in json.dumps(search.detail).lower()


def test_a_bsn_failing_the_11_proef_is_an_error_on_the_field_and_keeps_the_input(client, world):
    login(client, world.privacy_officer)
    response = _new(client, bsn=NOT_A_BSN, kind="erasure", details="Mijn gegevens wissen.")
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["bsn"]
    assert form.has_error("bsn", code="invalid_bsn")
    html = response.content.decode()
    assert f'value="{NOT_A_BSN}"' in html
    assert "Mijn gegevens wissen." in html
    assert re.search(r'<option value="erasure" selected>', html)
    assert not DataSubjectRequest.objects.exists()
    # Nothing was looked up, so nothing was searched.
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()


def test_an_unknown_bsn_is_an_error_on_the_field_and_the_search_is_audited(client, world):
    login(client, world.privacy_officer)
    response = _new(client, bsn=BSN)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["bsn"]
    event = AuditEvent.objects.get(action=AuditAction.SEARCH)
    assert event.detail["found"] == 0
    assert event.person_id is None


def test_name_search_needs_one_exact_match(client, world, leaver):
    PersonFactory(surname="Visser", date_of_birth=datetime.date(2005, 3, 14))
    login(client, world.privacy_officer)
    response = _new(client, surname="Visser", date_of_birth="2005-03-14")
    assert list(response.context["form"].errors) == ["surname"]
    response = _new(client, surname="Visser", date_of_birth="2005-03-15")
    assert list(response.context["form"].errors) == ["surname"]
    response = _new(client, surname="Visser")
    assert list(response.context["form"].errors) == ["date_of_birth"]
    response = _new(client)
    assert list(response.context["form"].errors) == ["bsn"]
    assert not DataSubjectRequest.objects.exists()


def test_a_request_cannot_be_received_in_the_future(client, world, leaver):
    login(client, world.privacy_officer)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = _new(client, bsn=BSN, received_on=tomorrow.isoformat())
    assert list(response.context["form"].errors) == ["received_on"]
    assert not DataSubjectRequest.objects.exists()


def test_the_list_puts_open_requests_first_and_marks_overdue_ones(client, world, leaver):
    done = _request(leaver, kind=RequestKind.ACCESS, reference="AVG-2025-0001")
    done.status = RequestStatus.DONE
    done.due_on = datetime.date(2025, 1, 1)
    done.save()
    overdue = _request(leaver, kind=RequestKind.RECTIFICATION, reference="AVG-2025-0002")
    later = _request(world.person, kind=RequestKind.ACCESS, reference="AVG-2025-0003")
    later.received_on = datetime.date.today()
    later.due_on = datetime.date.today() + datetime.timedelta(days=30)
    later.save()
    login(client, world.privacy_officer)
    response = client.get("/privacy/verzoeken/")
    assert response.status_code == 200
    assert [d.reference for d in response.context["page"]] == [
        overdue.reference,
        later.reference,
        done.reference,
    ]
    rows = re.findall(
        r"<tr class=\"utrecht-table__row([^\"]*)\">\s*<td[^>]*><a[^>]*>([^<]+)<",
        response.content.decode(),
    )
    assert rows == [
        (" dwv-row--overdue", "AVG-2025-0002"),
        ("", "AVG-2025-0003"),
        ("", "AVG-2025-0001"),
    ]
    listed = AuditEvent.objects.get(action=AuditAction.LIST)
    assert sorted(listed.detail["person_ids"]) == sorted([leaver.pk, world.person.pk])


# --- Access ------------------------------------------------------------------------------


def test_access_export_is_downloadable_and_audited(client, world, leaver):
    dsr = _request(leaver, kind=RequestKind.ACCESS)
    login(client, world.privacy_officer)
    page = client.get(f"/privacy/verzoeken/{dsr.pk}/")
    assert f"/privacy/verzoeken/{dsr.pk}/gegevens.pdf" in page.content.decode()

    response = client.get(f"/privacy/verzoeken/{dsr.pk}/gegevens.json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{dsr.reference}.json"'
    data = json.loads(response.content)
    assert data["export"]["about"] == "Noor Visser"
    assert len(data["contacts"]) == 1

    response = client.get(f"/privacy/verzoeken/{dsr.pk}/gegevens.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

    exports = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("id")
    assert [e.detail["format"] for e in exports] == ["json", "pdf"]
    assert {e.person_id for e in exports} == {leaver.pk}
    assert {e.detail["data_subject_request"] for e in exports} == {dsr.reference}

    response = client.post(
        f"/privacy/verzoeken/{dsr.pk}/afsluiten/",
        {"status": "done", "outcome": "Export per post verstuurd."},
    )
    assert response.status_code == 302
    dsr.refresh_from_db()
    assert dsr.status == RequestStatus.DONE
    assert dsr.outcome == "Export per post verstuurd."
    assert dsr.handled_by == world.privacy_officer
    assert dsr.closed_on is not None


def test_export_is_only_for_access_requests(client, world, leaver):
    dsr = _request(leaver, kind=RequestKind.RECTIFICATION)
    login(client, world.privacy_officer)
    assert client.get(f"/privacy/verzoeken/{dsr.pk}/gegevens.json").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_closing_needs_an_outcome_and_keeps_the_input(client, world, leaver):
    dsr = _request(leaver, kind=RequestKind.RECTIFICATION)
    login(client, world.privacy_officer)
    response = client.post(
        f"/privacy/verzoeken/{dsr.pk}/afsluiten/", {"status": "done", "outcome": ""}
    )
    assert response.status_code == 200
    assert "outcome" in response.context["close_form"].errors
    dsr.refresh_from_db()
    assert dsr.status == RequestStatus.OPEN


# --- Erasure -----------------------------------------------------------------------------


def test_erasure_is_refused_while_the_young_person_is_enrolled(client, world):
    person = world.person  # enrolled at ROC Rivor, no leave date
    dsr = _request(person)
    login(client, world.privacy_officer)
    page = client.get(f"/privacy/verzoeken/{dsr.pk}/")
    preview = page.context["preview"]
    assert not preview.can_erase
    assert "ROC Rivor" in preview.blockers[0]
    assert page.context["erase_form"] is None
    assert page.context["close_form"].initial["outcome"] == preview.blockers[0]

    response = client.post(f"/privacy/verzoeken/{dsr.pk}/wissen/", {"confirm": "on"})
    assert Person.objects.filter(pk=person.pk).exists()
    assert response.status_code == 200
    dsr.refresh_from_db()
    assert dsr.status == RequestStatus.OPEN

    response = client.post(
        f"/privacy/verzoeken/{dsr.pk}/afsluiten/",
        {"status": "refused", "outcome": preview.blockers[0]},
    )
    assert response.status_code == 302
    dsr.refresh_from_db()
    assert dsr.status == RequestStatus.REFUSED
    assert "ROC Rivor" in dsr.outcome
    page = client.get(f"/privacy/verzoeken/{dsr.pk}/")
    assert "ROC Rivor" in page.content.decode()


def test_erasure_is_refused_with_an_open_assignment_or_handover(world, leaver):
    from dwarsverbinder.privacy.requests import erasure_blockers

    assert erasure_blockers(person=leaver) == []
    AssignmentFactory(person=leaver, organisation=world.other_school)
    Handover.objects.filter(person=leaver).update(status=HandoverStatus.WAITING)
    blockers = erasure_blockers(person=leaver)
    assert len(blockers) == 2


def test_an_erasure_cannot_be_closed_as_done(world, leaver):
    from django.core.exceptions import ValidationError

    dsr = _request(leaver)
    world.privacy_officer.active_membership = world.privacy_officer.memberships.get()
    with pytest.raises(ValidationError) as error:
        request_close(dsr=dsr, by=world.privacy_officer, status="done", outcome="klaar")
    assert "status" in error.value.message_dict


def test_erasure_needs_the_confirmation(client, world, leaver):
    dsr = _request(leaver)
    login(client, world.privacy_officer)
    response = client.post(f"/privacy/verzoeken/{dsr.pk}/wissen/", {})
    assert response.status_code == 200
    assert "confirm" in response.context["erase_form"].errors
    assert Person.objects.filter(pk=leaver.pk).exists()


EXPECTED_REMOVED = {
    "chain.handover": 1,
    "chain.handovershare": 2,
    "chain.handoverstep": 2,
    "followup.contact": 1,
    "followup.signal": 1,
    "followup.task": 1,
    "followup.voucher": 1,
    "people.assignment": 1,
    "people.contactchannel": 1,
    "people.identity": 2,
    "people.person": 1,
    "people.schoolcareer": 1,
    "people.statusepisode": 1,
    "privacy.consent": 1,
}


def test_erasure_removes_the_person_and_everything_and_keeps_the_counts(client, world, leaver):
    other = PersonFactory()  # another file, which stays untouched
    SchoolCareerFactory(person=other, school=world.school)
    dsr = _request(leaver)
    access = _request(leaver, kind=RequestKind.ACCESS, reference="AVG-2025-0100")
    pk = leaver.pk
    audit_rows_before = AuditEvent.objects.filter(person_id=pk).count()

    login(client, world.privacy_officer)
    page = client.get(f"/privacy/verzoeken/{dsr.pk}/")
    assert page.context["preview"].counts == EXPECTED_REMOVED
    assert page.context["preview"].can_erase

    response = client.post(
        f"/privacy/verzoeken/{dsr.pk}/wissen/", {"confirm": "on", "outcome": "Gewist."}
    )
    assert response.status_code == 302
    assert not Person.objects.filter(pk=pk).exists()
    for model in (
        Identity,
        ContactChannel,
        SchoolCareer,
        StatusEpisode,
        Assignment,
        Contact,
        Task,
        Signal,
        Voucher,
        Consent,
        Handover,
    ):
        assert not model.objects.filter(person_id=pk).exists(), model
    assert not HandoverShare.objects.exists()
    assert not HandoverStep.objects.exists()
    # Someone else's file is untouched.
    assert Person.objects.filter(pk=other.pk).exists()
    assert SchoolCareer.objects.filter(person=other).count() == 1

    dsr.refresh_from_db()
    assert dsr.person is None
    assert dsr.status == RequestStatus.DONE
    assert dsr.result == EXPECTED_REMOVED
    assert dsr.outcome == "Gewist."
    assert dsr.reference == "AVG-2025-0099"
    assert dsr.received_on == RECEIVED
    access.refresh_from_db()
    assert access.person is None  # the other request is kept, without the person

    # The audit log keeps every row about the person, plus the erasure itself.
    assert AuditEvent.objects.filter(person_id=pk).count() > audit_rows_before
    erased = AuditEvent.objects.get(action=AuditAction.DELETE, object_type="people.person")
    assert erased.person_id == pk
    assert erased.detail == {"data_subject_request": dsr.reference, "removed": EXPECTED_REMOVED}

    page = client.get(f"/privacy/verzoeken/{dsr.pk}/")
    assert page.status_code == 200
    assert "Noor" not in page.content.decode()
    assert page.context["result_rows"]
    # A second confirmation changes nothing.
    again = client.post(f"/privacy/verzoeken/{dsr.pk}/wissen/", {"confirm": "on"})
    assert again.status_code == 302
    dsr.refresh_from_db()
    assert dsr.result == EXPECTED_REMOVED
