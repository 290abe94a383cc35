"""Rounds: who a round invites, making and starting one, sending the invitations through a
real SMTP server and the SMS back-end in chunks (resumable, without sending twice), the
reminders and closing every morning, and who may manage a round."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.people.cohorts import school_year_start
from dwarsverbinder.people.models import ContactChannel, Person
from dwarsverbinder.privacy.models import AuditEvent, ProcessingRecord
from dwarsverbinder.surveys import rounds, sending, tasks
from dwarsverbinder.surveys.constants import InvitationChannel, RoundStatus, VersionStatus
from dwarsverbinder.surveys.models import Invitation, Questionnaire, QuestionnaireVersion, Round
from dwarsverbinder.surveys.respond import invitation_for_token
from dwarsverbinder.surveys.tokens import hash_token
from dwarsverbinder.utils.dates import add_months

from ..conftest import login
from ..factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    SchoolCareerFactory,
)

TODAY = timezone.localdate()
LINK = re.compile(r"/vragenlijst/([A-Za-z0-9_-]{20,})/")


# --- Helpers ----------------------------------------------------------------------------


def acting(membership):
    user = membership.user
    user.active_membership = membership
    return user


@pytest.fixture(autouse=True)
def _english():
    """Service messages in English, as the assertions read them (the mails the sending
    writes are Dutch whatever is active)."""
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(world):
    """A coordinator at the school of the world (who sees its students and recent leavers)."""
    return acting(
        MembershipFactory(
            organisation=world.school, role=Role.COORDINATOR, user__username="coordinator"
        )
    )


@pytest.fixture
def rmc_coordinator(world):
    """A coordinator at the RMC office, who sees everyone living in the region."""
    return acting(
        MembershipFactory(
            organisation=world.rmc_office, role=Role.COORDINATOR, user__username="rmc-coordinator"
        )
    )


def standard_version() -> QuestionnaireVersion:
    return QuestionnaireVersion.objects.get(
        questionnaire__is_standard=True, status=VersionStatus.PUBLISHED
    )


def leaver(
    world,
    *,
    left=None,
    school=None,
    email="",
    phone="",
    confirmed=True,
    municipality=None,
    programme_type="mbo_bol",
):
    """A young person with a career at the school (left on ``left``, or still there)."""
    person = PersonFactory(municipality=municipality or world.municipality)
    SchoolCareerFactory(
        person=person,
        school=school or world.school,
        leave_date=left,
        start_date=datetime.date(2020, 8, 1),
        programme_type=programme_type,
    )
    if email:
        channel(person, "email", email, confirmed=confirmed)
    if phone:
        channel(person, "telefoon", phone, confirmed=confirmed)
    return person


def channel(person, kind, value, *, confirmed=True, active=True):
    return ContactChannel.objects.create(
        person=person,
        kind=kind,
        value=value,
        source="coach",
        last_confirmed=TODAY if confirmed else None,
        is_active=active,
    )


def make_round(by, *, starts_on=TODAY, closes_on=None, reminder_days=(3, 7), **selection):
    return rounds.round_create(
        by=by,
        name="Check-in",
        version=standard_version(),
        starts_on=starts_on,
        closes_on=closes_on or starts_on + datetime.timedelta(days=21),
        reminder_days=list(reminder_days),
        **selection,
    )


def selected(round) -> set[int]:
    return set(rounds.selection_people(round))


def send(round, by, capture):
    """Start sending the way the page does; the task runs inline once the start commits."""
    with capture(execute=True):
        rounds.round_start(round=round, by=by)
    round.refresh_from_db()
    return round


def mail_text(message) -> str:
    parts = []
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if payload:
            parts.append(payload.decode(part.get_content_charset() or "utf-8"))
    return "\n".join(parts)


def tokens_in(messages) -> list[str]:
    return [LINK.search(mail_text(m)).group(1) for m in messages]


def addresses(messages) -> list[str]:
    return sorted(m["X-Envelope-To"] for m in messages)


def to_sending(round):
    """Put a round on "sending" without queueing the task (the test runs it itself)."""
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.SENDING)
    round.refresh_from_db()
    return round


# --- Selection --------------------------------------------------------------------------


def test_cohort_is_the_school_year_of_the_last_leave_date(world, coordinator):
    start = school_year_start(TODAY)
    last_year = f"{start - 1}-{start}"
    in_last_year = leaver(world, left=datetime.date(start - 1, 9, 15))
    this_year_leaver = leaver(world, left=datetime.date(start, 8, 20))
    # Left once in the earlier school year and again in this one: counts in this one only.
    twice = leaver(world, left=datetime.date(start - 1, 10, 1))
    SchoolCareerFactory(
        person=twice,
        school=world.school,
        start_date=datetime.date(start - 1, 10, 2),
        leave_date=datetime.date(start, 8, 25),
    )
    round = make_round(coordinator, cohort=last_year)
    assert round.selection == {"cohort": last_year}
    chosen = selected(round)
    assert in_last_year.pk in chosen
    assert this_year_leaver.pk not in chosen
    assert twice.pk not in chosen
    assert world.person.pk not in chosen  # still at school: no leave date


def test_months_after_leaving_takes_half_a_month_either_side(world, coordinator):
    starts = TODAY
    six = add_months(starts, -6)
    twelve = add_months(starts, -12)
    inside = [
        leaver(world, left=six - datetime.timedelta(days=14)),
        leaver(world, left=six),
        leaver(world, left=six + datetime.timedelta(days=14)),
    ]
    outside = [
        leaver(world, left=six - datetime.timedelta(days=16)),
        leaver(world, left=six + datetime.timedelta(days=16)),
    ]
    at_twelve = leaver(world, left=twelve + datetime.timedelta(days=3))
    six_only = make_round(coordinator, starts_on=starts, months_after_leaving=[6])
    assert selected(six_only) == {p.pk for p in inside}
    both = make_round(coordinator, starts_on=starts, months_after_leaving=[6, 12])
    assert selected(both) == {p.pk for p in inside} | {at_twelve.pk}
    assert not {p.pk for p in outside} & selected(both)


def test_months_are_counted_back_from_the_start_date(world, coordinator):
    starts = TODAY + datetime.timedelta(days=40)
    person = leaver(world, left=add_months(starts, -6))
    round = make_round(coordinator, starts_on=starts, months_after_leaving=[6])
    assert selected(round) == {person.pk}


def test_school_programme_and_municipality_narrow_the_selection(world, rmc_coordinator):
    elsewhere = MunicipalityFactory(name="Culemborg", rmc_region=world.rmc_region)
    left = TODAY - datetime.timedelta(days=100)
    at_school = leaver(world, left=left)
    at_other = leaver(world, left=left, school=world.other_school)
    entree = leaver(world, left=left, school=world.other_school, programme_type="entree")
    lives_elsewhere = leaver(world, left=left, municipality=elsewhere)

    assert selected(make_round(rmc_coordinator, school=world.other_school)) == {
        at_other.pk,
        entree.pk,
    }
    assert selected(make_round(rmc_coordinator, programme_types=["entree"])) == {entree.pk}
    assert (
        selected(make_round(rmc_coordinator, school=world.school, programme_types=["entree"]))
        == set()
    )
    in_culemborg = make_round(rmc_coordinator, municipality=elsewhere)
    assert selected(in_culemborg) == {lives_elsewhere.pk}
    everyone = selected(make_round(rmc_coordinator))
    assert {at_school.pk, at_other.pk, entree.pk, lives_elsewhere.pk, world.person.pk} <= everyone


def test_the_selection_leaves_out_the_invisible_the_anonymised_and_the_invited(world, coordinator):
    left = TODAY - datetime.timedelta(days=60)
    visible = leaver(world, left=left)
    other_school = leaver(world, left=left, school=world.other_school)
    long_gone = leaver(world, left=add_months(TODAY, -settings.SCHOOL_FOLLOW_UP_MONTHS - 1))
    anonymised = leaver(world, left=left)
    Person.objects.filter(pk=anonymised.pk).update(anonymised_on=TODAY)
    round = make_round(coordinator)
    assert selected(round) == {visible.pk, world.person.pk}
    assert other_school.pk not in selected(round) and long_gone.pk not in selected(round)
    Invitation.objects.create(round=round, person=visible, token_hash="x" * 64)
    assert selected(round) == {world.person.pk}


def test_the_preview_counts_who_gets_no_message(world, coordinator):
    left = TODAY - datetime.timedelta(days=60)
    leaver(world, left=left, email="a@example.nl")
    leaver(world, left=left, phone="0612345678", confirmed=False)
    leaver(world, left=left, email="unconfirmed@example.nl", confirmed=False)
    nobody = leaver(world, left=left)
    channel(nobody, "ouder_email", "mother@example.nl")  # a parent's address never counts
    round = make_round(coordinator)
    preview = rounds.round_preview(round=round, user=coordinator)
    assert (preview.total, preview.unreachable, preview.reachable) == (5, 3, 2)


def test_a_partner_type_the_register_does_not_allow_cannot_make_a_round(world):
    uwv = OrganisationFactory(kind="uwv", name="UWV Tiel")
    by = acting(MembershipFactory(organisation=uwv, role=Role.COORDINATOR))
    with pytest.raises(ValidationError) as error:
        make_round(by)
    assert "processing register does not allow" in " ".join(error.value.message_dict["__all__"])
    assert not Round.objects.exists()


def test_a_round_of_a_school_stops_when_the_register_takes_surveys_away(world, coordinator):
    round = make_round(coordinator)
    row = ProcessingRecord.objects.get(category="survey")
    row.organisation_kinds = ["gemeente"]
    row.save()
    with pytest.raises(ValidationError, match="processing register"):
        rounds.round_start(round=round, by=coordinator)
    assert set(rounds.selection_people(round)) == set()


# --- Making a round ---------------------------------------------------------------------


def test_each_mistake_gets_its_own_sentence(world, coordinator):
    draft = QuestionnaireVersion.objects.create(
        questionnaire=Questionnaire.objects.create(name="Nieuw"), number=1
    )
    with pytest.raises(ValidationError) as error:
        rounds.round_create(
            by=coordinator,
            name=" ",
            version=draft,
            starts_on=TODAY - datetime.timedelta(days=1),
            closes_on=TODAY + datetime.timedelta(days=9),
            reminder_days=[0, 3, 11],
            cohort="2024-2026",
        )
    errors = error.value.message_dict
    assert set(errors) == {"name", "version", "starts_on", "reminder_days", "cohort"}
    assert "published version" in errors["version"][0]
    assert "cannot start in the past" in errors["starts_on"][0]
    assert "up to 10" in errors["reminder_days"][0] and "0, 11" in errors["reminder_days"][0]
    with pytest.raises(ValidationError) as error:
        make_round(coordinator, closes_on=TODAY)
    assert "after the start date" in error.value.message_dict["closes_on"][0]


def test_reminder_days_are_sorted_and_may_reach_the_last_day(world, coordinator):
    round = make_round(
        coordinator, closes_on=TODAY + datetime.timedelta(days=10), reminder_days=[10, 3, 3]
    )
    assert round.reminder_days == [3, 10]
    assert round.status == RoundStatus.DRAFT
    assert round.organisation == world.school and round.created_by == coordinator


def test_a_wrong_form_keeps_what_was_typed(client, world, coordinator):
    login(client, coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = {
        "name": "Leavers at 6 months",
        "version": standard_version().pk,
        "months_after_leaving": ["6"],
        "starts_on": TODAY.isoformat(),
        "closes_on": (TODAY + datetime.timedelta(days=14)).isoformat(),
        "reminder_days": "3, 30",
    }
    response = client.post("/vragenlijsten/rondes/nieuw/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved yet" in page
    assert "from 1 up to 14" in page
    assert 'value="Leavers at 6 months"' in page
    assert 'value="3, 30"' in page
    assert (
        'value="6" checked' in page
        or 'checked value="6"' in page
        or re.search(r'value="6"[^>]*checked', page)
    )
    response = client.post("/vragenlijsten/rondes/nieuw/", {**data, "reminder_days": "3, x"})
    assert "Write whole days" in response.content.decode()
    assert not Round.objects.exists()

    response = client.post("/vragenlijsten/rondes/nieuw/", {**data, "reminder_days": "3, 7"})
    round = Round.objects.get()
    assert response["Location"] == f"/vragenlijsten/rondes/{round.pk}/"
    assert round.selection == {"months_after_leaving": [6]}
    assert round.reminder_days == [3, 7]


def test_the_round_page_shows_the_preview_before_sending(client, world, coordinator):
    left = TODAY - datetime.timedelta(days=60)
    leaver(world, left=left, email="a@example.nl")
    round = make_round(coordinator)
    login(client, coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/vragenlijsten/rondes/{round.pk}/").content.decode()
    assert "This round will invite 2 young people; 1 has no working e-mail or phone." in page
    assert "Start sending" in page
    listing = client.get("/vragenlijsten/rondes/").content.decode()
    assert round.name in listing


def test_sending_cannot_start_before_the_start_date_or_for_nobody(world, coordinator):
    later = make_round(coordinator, starts_on=TODAY + datetime.timedelta(days=2))
    with pytest.raises(ValidationError, match="You can start sending from that day"):
        rounds.round_start(round=later, by=coordinator)
    empty = make_round(coordinator, cohort="2001-2002")
    with pytest.raises(ValidationError, match="Nobody matches"):
        rounds.round_start(round=empty, by=coordinator)
    assert set(Round.objects.values_list("status", flat=True)) == {RoundStatus.DRAFT}


# --- Sending ----------------------------------------------------------------------------


def test_invitations_go_out_by_real_smtp_and_the_link_is_the_invitation(
    client, world, coordinator, smtp_server, django_capture_on_commit_callbacks
):
    left = TODAY - datetime.timedelta(days=60)
    people = [leaver(world, left=left, email=f"jongere{n}@example.nl") for n in range(3)]
    round = send(make_round(coordinator), coordinator, django_capture_on_commit_callbacks)

    assert round.status == RoundStatus.OPEN
    assert (round.sent, round.to_send) == (3, 3)
    assert addresses(smtp_server.messages) == [f"jongere{n}@example.nl" for n in range(3)]
    message = smtp_server.messages[0]
    assert message.get_content_type() == "multipart/alternative"
    assert {p.get_content_type() for p in message.walk()} >= {"text/plain", "text/html"}
    text = mail_text(message)
    assert world.school.name in text
    assert "voluntary" in text or "vrijwillig" in text
    assert timezone.localdate().year and str(round.closes_on.year) in text
    for token, sent in zip(tokens_in(smtp_server.messages), smtp_server.messages, strict=True):
        invitation = Invitation.objects.get(token_hash=hash_token(token))
        assert invitation.contact_channel.value == sent["X-Envelope-To"]
        assert invitation.channel == InvitationChannel.EMAIL and invitation.sent_at
        assert token not in invitation.token_hash
    link = LINK.search(mail_text(smtp_server.messages[0])).group(0)
    assert client.get(link).status_code == 200  # the young person's page opens
    invited = Invitation.objects.filter(round=round)
    assert {i.person_id for i in invited} == {p.pk for p in people} | {world.person.pk}
    assert invited.get(person=world.person).channel == InvitationChannel.NONE
    audit_rows = AuditEvent.objects.filter(object_type="surveys.invitation")
    assert sorted(audit_rows.get().detail["ids"]) == sorted(i.person_id for i in invited)


def test_the_messages_are_dutch_and_name_no_one(
    world, coordinator, smtp_server, django_capture_on_commit_callbacks
):
    person = leaver(world, left=TODAY - datetime.timedelta(days=60), email="j@example.nl")
    send(make_round(coordinator), coordinator, django_capture_on_commit_callbacks)
    message = smtp_server.messages[0]
    html = next(p for p in message.walk() if p.get_content_type() == "text/html")
    assert 'lang="nl"' in html.get_payload(decode=True).decode()
    text = mail_text(message)
    assert person.surname not in text and person.given_names not in text


def test_a_phone_gets_a_text_message_with_the_link(
    world, coordinator, settings, tmp_path, smtp_server, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "dwarsverbinder.mypage.sms.FileBackend"
    settings.SMS_FILE_DIR = str(tmp_path)
    leaver(world, left=TODAY - datetime.timedelta(days=60), phone="06 1234 5678")
    round = send(make_round(coordinator), coordinator, django_capture_on_commit_callbacks)
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    content = files[0].read_text()
    assert content.startswith("To: +31612345678\n")
    token = LINK.search(content).group(1)
    invitation = Invitation.objects.get(token_hash=hash_token(token))
    assert invitation.round == round and invitation.channel == InvitationChannel.SMS
    assert smtp_server.messages == []


def test_email_comes_first_then_phone_then_nothing_and_never_a_parent(world):
    both = leaver(world, email="both@example.nl", phone="0611111111")
    unconfirmed_email = leaver(world, email="old@example.nl", confirmed=False, phone="0622222222")
    parents_only = leaver(world)
    channel(parents_only, "ouder_email", "mother@example.nl")
    channel(parents_only, "ouder_telefoon", "0633333333")
    retired = leaver(world)
    channel(retired, "email", "gone@example.nl", active=False)
    newest = leaver(world, email="older@example.nl")
    ContactChannel.objects.filter(person=newest).update(
        last_confirmed=TODAY - datetime.timedelta(days=300)
    )
    channel(newest, "email", "newer@example.nl")

    picks = sending.pick_channels(
        [both.pk, unconfirmed_email.pk, parents_only.pk, retired.pk, newest.pk]
    )
    assert (picks[both.pk].kind, picks[both.pk].address) == ("email", "both@example.nl")
    assert (picks[unconfirmed_email.pk].kind, picks[unconfirmed_email.pk].address) == (
        "sms",
        "0622222222",
    )
    assert parents_only.pk not in picks and retired.pk not in picks
    assert picks[newest.pk].address == "newer@example.nl"


def test_a_refusing_server_leaves_those_messages_for_the_next_run_without_sending_twice(
    world, coordinator, smtp_server, django_capture_on_commit_callbacks
):
    left = TODAY - datetime.timedelta(days=60)
    for n in range(6):
        leaver(world, left=left, email=f"j{n}@example.nl")
    refused = {"j1@example.nl", "j4@example.nl"}

    async def handle_RCPT(server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in refused:
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = handle_RCPT
    round = send(make_round(coordinator), coordinator, django_capture_on_commit_callbacks)
    assert round.status == RoundStatus.OPEN
    assert (round.sent, round.to_send) == (4, 6)
    assert len(smtp_server.messages) == 4
    assert rounds.invitation_counts(round)["failed"] == 2
    unsent = Invitation.objects.filter(round=round, sent_at__isnull=True, channel="email")
    assert {i.contact_channel.value for i in unsent} == refused
    old_hashes = set(unsent.values_list("token_hash", flat=True))

    refused.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rounds.round_resume(round=round, by=coordinator)
    round.refresh_from_db()
    assert round.status == RoundStatus.OPEN
    assert (round.sent, round.to_send) == (6, 6)
    assert addresses(smtp_server.messages) == [f"j{n}@example.nl" for n in range(6)]
    for token in tokens_in(smtp_server.messages):
        assert Invitation.objects.filter(token_hash=hash_token(token)).exists()
    assert not old_hashes & set(Invitation.objects.values_list("token_hash", flat=True))
    assert Invitation.objects.filter(round=round).count() == 7  # once per person


def test_a_server_that_hangs_up_halfway_is_picked_up_by_the_next_run(
    world, coordinator, smtp_server
):
    left = TODAY - datetime.timedelta(days=60)
    for n in range(5):
        leaver(world, left=left, email=f"j{n}@example.nl")
    round = to_sending(make_round(coordinator))
    original = smtp_server.handle_DATA
    accepted = []

    async def handle_DATA(server, session, envelope):  # noqa: N802
        if len(accepted) >= 2:
            return "421 4.3.2 Service shutting down"
        accepted.append(envelope.rcpt_tos[0])
        return await original(server, session, envelope)

    smtp_server.handle_DATA = handle_DATA
    totals = sending.round_send(round.pk)
    assert totals["email"] == 2 and totals["failed"] == 3
    assert len(smtp_server.messages) == 2

    smtp_server.handle_DATA = original
    to_sending(round)
    totals = sending.round_send(round.pk)
    assert totals["email"] == 3
    assert addresses(smtp_server.messages) == [f"j{n}@example.nl" for n in range(5)]


def test_a_crash_between_chunks_is_resumed_without_sending_twice(
    world, coordinator, smtp_server, monkeypatch
):
    left = TODAY - datetime.timedelta(days=60)
    for n in range(12):
        leaver(world, left=left, email=f"j{n:02}@example.nl")
    round = to_sending(make_round(coordinator))
    real_deliver = sending.deliver
    calls = []

    def crashing(outgoing, texts):
        calls.append(len(outgoing))
        if len(calls) == 2:
            raise RuntimeError("worker stopped")
        return real_deliver(outgoing, texts)

    monkeypatch.setattr(sending, "deliver", crashing)
    with pytest.raises(RuntimeError):
        sending.round_send(round.pk, chunk_size=5)
    round.refresh_from_db()
    assert round.status == RoundStatus.SENDING
    # The first chunk: the young person without e-mail and four with; the second was made
    # but its messages never left.
    assert round.sent == 4 and len(smtp_server.messages) == 4
    assert Invitation.objects.filter(round=round).count() == 10
    unsent = Invitation.objects.filter(round=round, sent_at__isnull=True, channel="email")
    assert unsent.count() == 5

    monkeypatch.setattr(sending, "deliver", real_deliver)
    sending.round_send(round.pk, chunk_size=5)
    round.refresh_from_db()
    assert round.status == RoundStatus.OPEN
    assert (round.sent, round.to_send) == (12, 12)
    assert addresses(smtp_server.messages) == [f"j{n:02}@example.nl" for n in range(12)]
    assert Invitation.objects.filter(round=round).count() == 13  # and the one without e-mail
    for token in tokens_in(smtp_server.messages):
        assert Invitation.objects.filter(token_hash=hash_token(token), round=round).exists()


def test_sending_a_round_again_when_nothing_is_left_sends_nothing(
    world, coordinator, smtp_server, django_capture_on_commit_callbacks
):
    leaver(world, left=TODAY - datetime.timedelta(days=60), email="j@example.nl")
    round = send(make_round(coordinator), coordinator, django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 1
    to_sending(round)
    assert sending.round_send(round.pk) == {"none": 1}  # the one without e-mail, looked at again
    assert sending.round_send(round.pk) == {}  # open again: nothing to do
    assert len(smtp_server.messages) == 1


def test_the_progress_counters_move_per_chunk(world, coordinator, smtp_server, monkeypatch):
    world.person.school_careers.all().delete()  # only the leavers below
    left = TODAY - datetime.timedelta(days=60)
    for n in range(7):
        leaver(world, left=left, email=f"j{n}@example.nl")
    round = to_sending(make_round(coordinator))
    seen = []
    real_deliver = sending.deliver

    def watching(outgoing, texts):
        seen.append(Round.objects.values_list("sent", "to_send").get(pk=round.pk))
        return real_deliver(outgoing, texts)

    monkeypatch.setattr(sending, "deliver", watching)
    sending.round_send(round.pk, chunk_size=3)
    assert seen == [(0, 7), (3, 7), (6, 7)]
    round.refresh_from_db()
    assert (round.sent, round.to_send, round.status) == (7, 7, RoundStatus.OPEN)


def test_closing_a_round_stops_the_sending_between_chunks(
    world, coordinator, smtp_server, monkeypatch
):
    world.person.school_careers.all().delete()  # only the leavers below
    left = TODAY - datetime.timedelta(days=60)
    for n in range(6):
        leaver(world, left=left, email=f"j{n}@example.nl")
    round = to_sending(make_round(coordinator))
    real_deliver = sending.deliver

    def closing(outgoing, texts):
        done = real_deliver(outgoing, texts)
        rounds.round_close(round=round, by=coordinator)
        return done

    monkeypatch.setattr(sending, "deliver", closing)
    sending.round_send(round.pk, chunk_size=3)
    round.refresh_from_db()
    assert round.status == RoundStatus.CLOSED
    assert len(smtp_server.messages) == 3


@pytest.mark.parametrize("n", [20, 200])
def test_sending_costs_queries_per_chunk_not_per_person(
    world, coordinator, smtp_server, n, django_assert_max_num_queries
):
    left = TODAY - datetime.timedelta(days=60)
    people = PersonFactory.create_batch(n, municipality=world.municipality)
    for person in people:
        SchoolCareerFactory(person=person, school=world.school, leave_date=left)
        channel(person, "email", f"p{person.pk}@example.nl")
    round = to_sending(make_round(coordinator))
    # 17 queries for 20 people and 19 for 200 on SQLite, whose bulk insert is split into
    # batches of about 90 rows; the same number for both on PostgreSQL.
    with django_assert_max_num_queries(20):
        sending.round_send(round.pk)
    assert len(smtp_server.messages) == n


# --- Reminders and closing ----------------------------------------------------------------


def morning(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 30)))


def test_each_reminder_goes_once_on_its_day_with_a_new_link(
    world, coordinator, smtp_server, django_capture_on_commit_callbacks
):
    left = TODAY - datetime.timedelta(days=60)
    leaver(world, left=left, email="a@example.nl")
    answered = leaver(world, left=left, email="b@example.nl")
    round = send(
        make_round(coordinator, reminder_days=(3, 7)),
        coordinator,
        django_capture_on_commit_callbacks,
    )
    first_tokens = dict(zip(addresses(smtp_server.messages), [None, None], strict=True))
    for message in smtp_server.messages:
        first_tokens[message["X-Envelope-To"]] = tokens_in([message])[0]
    Invitation.objects.filter(round=round, person=answered).update(completed_at=timezone.now())
    smtp_server.messages.clear()

    def run(days):
        day = TODAY + datetime.timedelta(days=days)
        return sending.rounds_daily(today=day, now=morning(day))

    assert run(2)["reminded"] == 0
    assert run(3)["reminded"] == 1
    assert run(3)["reminded"] == 0  # twice on one day: nothing more
    assert addresses(smtp_server.messages) == ["a@example.nl"]
    reminder = smtp_server.messages[0]
    # Messages to young people always go out in Dutch.
    assert "De link in het vorige bericht werkt niet meer." in mail_text(reminder)
    new_token = tokens_in([reminder])[0]
    invitation = Invitation.objects.get(round=round, contact_channel__value="a@example.nl")
    assert invitation.token_hash == hash_token(new_token)
    assert not Invitation.objects.filter(token_hash=hash_token(first_tokens["a@example.nl"]))
    assert invitation_for_token(first_tokens["a@example.nl"]) is None  # the old link is dead
    assert invitation_for_token(new_token) == invitation
    assert invitation.reminders_sent == 1

    assert run(6)["reminded"] == 0
    assert run(7)["reminded"] == 1
    assert run(8)["reminded"] == 0
    assert run(20)["reminded"] == 0
    invitation.refresh_from_db()
    assert invitation.reminders_sent == 2
    assert len(smtp_server.messages) == 2


def test_a_late_invitation_gets_one_reminder_a_day(world, coordinator, smtp_server):
    person = leaver(world, left=TODAY - datetime.timedelta(days=60), email="a@example.nl")
    round = make_round(coordinator, reminder_days=(1, 2))
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.OPEN)
    Invitation.objects.create(
        round=round,
        person=person,
        token_hash="a" * 64,
        channel="email",
        sent_at=morning(TODAY) - datetime.timedelta(days=1),
    )
    day = TODAY + datetime.timedelta(days=5)
    assert sending.rounds_daily(today=day, now=morning(day))["reminded"] == 1
    day += datetime.timedelta(days=1)
    assert sending.rounds_daily(today=day, now=morning(day))["reminded"] == 1
    assert Invitation.objects.get(round=round).reminders_sent == 2


def test_a_failed_reminder_keeps_the_old_link_and_is_tried_again(
    world, coordinator, smtp_server, django_capture_on_commit_callbacks, settings
):
    leaver(world, left=TODAY - datetime.timedelta(days=60), email="a@example.nl")
    round = send(
        make_round(coordinator, reminder_days=(3,)), coordinator, django_capture_on_commit_callbacks
    )
    invitation = Invitation.objects.get(round=round, channel="email")
    before = invitation.token_hash
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    day = TODAY + datetime.timedelta(days=3)
    assert sending.rounds_daily(today=day, now=morning(day))["failed"] == 1
    invitation.refresh_from_db()
    assert (invitation.token_hash, invitation.reminders_sent) == (before, 0)
    settings.EMAIL_PORT = port
    day += datetime.timedelta(days=1)
    assert sending.rounds_daily(today=day, now=morning(day))["reminded"] == 1


def test_no_reminder_once_the_organisation_may_no_longer_reach_someone(
    world, coordinator, smtp_server, django_capture_on_commit_callbacks
):
    left = TODAY - datetime.timedelta(days=60)
    gone = leaver(world, left=left, email="gone@example.nl")
    anonymised = leaver(world, left=left, email="anon@example.nl")
    stays = leaver(world, left=left, email="stays@example.nl")
    round = send(
        make_round(coordinator, reminder_days=(3,)), coordinator, django_capture_on_commit_callbacks
    )
    assert len(smtp_server.messages) == 3
    smtp_server.messages.clear()
    gone.school_careers.update(leave_date=datetime.date(2000, 1, 1), start_date="1999-08-01")
    Person.objects.filter(pk=anonymised.pk).update(anonymised_on=TODAY)
    day = TODAY + datetime.timedelta(days=3)
    assert sending.rounds_daily(today=day, now=morning(day))["reminded"] == 1
    assert addresses(smtp_server.messages) == ["stays@example.nl"]
    assert Invitation.objects.get(round=round, person=stays).reminders_sent == 1


def test_the_round_list_costs_the_same_queries_for_more_rounds(
    client, world, coordinator, django_assert_max_num_queries
):
    login(client, coordinator)
    make_round(coordinator)
    with django_assert_max_num_queries(30) as few:
        assert client.get("/vragenlijsten/rondes/").status_code == 200
    for _n in range(5):
        make_round(coordinator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/vragenlijsten/rondes/").status_code == 200


def test_rounds_close_after_their_closing_date(world, coordinator):
    closes_on = TODAY + datetime.timedelta(days=5)
    round = make_round(coordinator, closes_on=closes_on, reminder_days=())
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.OPEN)
    draft = make_round(coordinator, closes_on=closes_on, reminder_days=())
    on_the_day = TODAY + datetime.timedelta(days=5)
    assert sending.rounds_daily(today=on_the_day, now=morning(on_the_day))["closed"] == 0
    after = on_the_day + datetime.timedelta(days=1)
    assert sending.rounds_daily(today=after, now=morning(after))["closed"] == 1
    assert sending.rounds_daily(today=after, now=morning(after))["closed"] == 0
    round.refresh_from_db()
    draft.refresh_from_db()
    assert (round.status, draft.status) == (RoundStatus.CLOSED, RoundStatus.DRAFT)


def test_the_morning_task_continues_a_round_left_on_sending(world, coordinator, smtp_server):
    leaver(world, left=TODAY - datetime.timedelta(days=60), email="a@example.nl")
    round = to_sending(make_round(coordinator))  # as if the worker stopped before it began
    assert tasks.rounds_daily.call_local()["resumed"] == 1
    round.refresh_from_db()
    assert round.status == RoundStatus.OPEN
    assert addresses(smtp_server.messages) == ["a@example.nl"]


# --- Pages and permissions --------------------------------------------------------------


def test_start_and_close_through_the_pages(
    client, world, coordinator, smtp_server, django_capture_on_commit_callbacks
):
    leaver(world, left=TODAY - datetime.timedelta(days=60), email="a@example.nl")
    round = make_round(coordinator)
    login(client, coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(f"/vragenlijsten/rondes/{round.pk}/versturen/").status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/vragenlijsten/rondes/{round.pk}/versturen/")
    assert response["Location"] == f"/vragenlijsten/rondes/{round.pk}/"
    round.refresh_from_db()
    assert round.status == RoundStatus.OPEN and len(smtp_server.messages) == 1
    page = client.get(response["Location"]).content.decode()
    assert "1 of 1 sent" in page
    assert "Close the round now" in page
    progress = client.get(f"/vragenlijsten/rondes/{round.pk}/voortgang/").json()
    assert progress == {"status": "open", "sent": 1, "to_send": 1, "text": "1 of 1 sent"}
    client.post(f"/vragenlijsten/rondes/{round.pk}/sluiten/")
    round.refresh_from_db()
    assert round.status == RoundStatus.CLOSED
    again = client.post(f"/vragenlijsten/rondes/{round.pk}/sluiten/", follow=True)
    assert "Only a round that is sending or open can be closed." in again.content.decode()


def test_a_sending_round_shows_a_progress_bar(client, world, coordinator):
    round = make_round(coordinator)
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.SENDING, to_send=50000, sent=12000)
    login(client, coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/vragenlijsten/rondes/{round.pk}/").content.decode()
    assert '<progress class="dwv-progress" id="round-progress" max="50000" value="12000">' in page
    assert "12,000 of 50,000 sent" in page
    assert "round-progress.js" in page


def test_only_coordinators_of_the_rounds_organisation_manage_it(client, world, coordinator):
    round = make_round(coordinator)
    other = MembershipFactory(
        organisation=world.other_school, role=Role.COORDINATOR, user__username="elders"
    ).user
    urls = [
        f"/vragenlijsten/rondes/{round.pk}/",
        f"/vragenlijsten/rondes/{round.pk}/voortgang/",
    ]
    posts = [
        f"/vragenlijsten/rondes/{round.pk}/versturen/",
        f"/vragenlijsten/rondes/{round.pk}/sluiten/",
        f"/vragenlijsten/rondes/{round.pk}/opnieuw-versturen/",
    ]
    for user in (other, world.coach, world.analyst):
        client.logout()
        login(client, user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        for url in posts:
            assert client.post(url).status_code == 404, (user, url)
    login(client, world.coach)
    assert client.get("/vragenlijsten/rondes/").status_code == 404
    assert client.get("/vragenlijsten/rondes/nieuw/").status_code == 404
    client.logout()
    login(client, other)
    assert round.name not in client.get("/vragenlijsten/rondes/").content.decode()
    round.refresh_from_db()
    assert round.status == RoundStatus.DRAFT
    with pytest.raises(PermissionDenied):
        rounds.round_start(round=round, by=acting(other.memberships.get()))
    with pytest.raises(PermissionDenied):
        make_round(acting(world.coach.memberships.get()))
