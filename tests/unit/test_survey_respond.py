"""The young person's side of surveys: one question per page, each answer checked and saved
at once, conditions that skip and clean up, one response per invitation however often a
button is pressed, friendly pages for bad links, the effects of the standard check-in in
the file, class mode with a QR code and the staff preview that saves nothing."""

from __future__ import annotations

import datetime
import json
import re
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.followup.constants import TaskKind
from dwarsverbinder.followup.models import Task
from dwarsverbinder.people.constants import IdentityKind
from dwarsverbinder.people.models import ContactChannel, Identity, StatusEpisode
from dwarsverbinder.privacy.models import AuditEvent
from dwarsverbinder.surveys import class_mode, respond
from dwarsverbinder.surveys.constants import (
    InvitationChannel,
    QuestionKind,
    ResponseVia,
    RoundStatus,
    VersionStatus,
)
from dwarsverbinder.surveys.models import (
    Answer,
    ClassSession,
    Invitation,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Round,
)
from dwarsverbinder.surveys.standard import ensure_standard_checkin
from dwarsverbinder.surveys.tokens import new_token
from tests.conftest import login
from tests.factories import AssignmentFactory, MembershipFactory

TODAY = timezone.localdate()
SINCE = TODAY - datetime.timedelta(days=40)
STUDENT_NUMBER = "R123456"


# --- Fixtures ---------------------------------------------------------------------------


@pytest.fixture
def en(client):
    """Tests read the English source texts; the pages are Dutch by default."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def standard(db) -> QuestionnaireVersion:
    ensure_standard_checkin()
    return QuestionnaireVersion.objects.get(questionnaire__is_standard=True, number=1)


def make_round(version, organisation, **fields) -> Round:
    values = {
        "name": "Check-in juni",
        "version": version,
        "organisation": organisation,
        "starts_on": TODAY - datetime.timedelta(days=1),
        "closes_on": TODAY + datetime.timedelta(days=14),
        "status": RoundStatus.OPEN,
    }
    values.update(fields)
    return Round.objects.create(**values)


def invite(round_, person, channel=InvitationChannel.EMAIL) -> tuple[Invitation, str]:
    token, token_hash = new_token()
    invitation = Invitation.objects.create(
        round=round_, person=person, token_hash=token_hash, channel=channel, sent_at=timezone.now()
    )
    return invitation, token


@pytest.fixture
def round_(world, standard) -> Round:
    return make_round(standard, world.rmc_office)


@pytest.fixture
def link(world, round_):
    invitation, token = invite(round_, world.person)
    return invitation, token


def q(key, round_or_version) -> Question:
    version = getattr(round_or_version, "version", round_or_version)
    return version.questions.get(key=key)


def save(invitation, key, raw, via=ResponseVia.LINK):
    return respond.answer_save(
        invitation=invitation, question=q(key, invitation.round), raw=raw, via=via
    )


def answer_all(invitation, **overrides):
    values = {
        "where": "work",
        "since": SINCE.isoformat(),
        "contact_ok": "yes",
        "wants_coach": "no",
        "wellbeing": "4",
        "money": "no",
    }
    values.update(overrides)
    for key in ("where", "since", "contact_ok", "new_phone", "new_email"):
        if key in values:
            save(invitation, key, values.pop(key))
    for key, value in values.items():
        save(invitation, key, value)


def base(token: str) -> str:
    return f"/vragenlijst/{token}/"


def unsaved(kind, **fields) -> Question:
    return Question(key="q", kind=kind, text_nl="Vraag?", **fields)


OPTIONS = [
    {"value": "a", "label_nl": "A", "label_en": "A"},
    {"value": "b", "label_nl": "B", "label_en": "B"},
    {"value": "c", "label_nl": "C", "label_en": "C"},
]


def invalid(question, raw) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        respond.answer_clean(question=question, raw=raw)
    return caught.value.message_dict["answer"][0]


# --- Checking one answer per kind ---------------------------------------------------------


def test_single_choice_takes_a_listed_option_only():
    question = unsaved(QuestionKind.SINGLE, options=OPTIONS, required=True)
    assert respond.answer_clean(question=question, raw="b") == "b"
    assert "not in the list" in invalid(question, "z")
    assert "needs an answer" in invalid(question, "")
    optional = unsaved(QuestionKind.SINGLE, options=OPTIONS)
    assert respond.answer_clean(question=optional, raw="") is None


def test_multiple_choice_keeps_the_list_order_and_refuses_unknown_options():
    question = unsaved(QuestionKind.MULTIPLE, options=OPTIONS, required=True)
    assert respond.answer_clean(question=question, raw=["c", "a", "a"]) == ["a", "c"]
    assert "not in the list" in invalid(question, ["a", "x"])
    assert "needs an answer" in invalid(question, [])
    optional = unsaved(QuestionKind.MULTIPLE, options=OPTIONS)
    assert respond.answer_clean(question=optional, raw=[]) is None


def test_a_scale_value_must_lie_within_its_bounds():
    question = unsaved(QuestionKind.SCALE, scale_min=1, scale_max=5)
    assert respond.answer_clean(question=question, raw="5") == 5
    assert respond.answer_clean(question=question, raw="1") == 1
    assert invalid(question, "6") == "Choose a number from 1 to 5."
    assert invalid(question, "0") == "Choose a number from 1 to 5."
    assert invalid(question, "veel") == "Choose a number from 1 to 5."
    no_bounds = unsaved(QuestionKind.SCALE)
    assert respond.answer_clean(question=no_bounds, raw="3") == 3
    assert respond.answer_clean(question=no_bounds, raw="") is None


def test_short_text_is_trimmed_and_limited():
    question = unsaved(QuestionKind.TEXT)
    assert respond.answer_clean(question=question, raw="  bij de  bakker ") == "bij de bakker"
    assert respond.answer_clean(question=question, raw="   ") is None
    assert "too long" in invalid(question, "x" * 501)
    required = unsaved(QuestionKind.TEXT, required=True)
    assert "Fill it in" in invalid(required, "")


def test_a_new_phone_number_or_email_address_must_be_one():
    phone = unsaved(QuestionKind.TEXT, effect="new_phone")
    assert respond.answer_clean(question=phone, raw="06 12345678") == "06 12345678"
    assert respond.answer_clean(question=phone, raw="+32 470 12 34 56") == "+32 470 12 34 56"
    assert respond.answer_clean(question=phone, raw="") is None
    for wrong in ("12345", "bel me maar", "06 1234", "612345678"):
        assert "not a phone number" in invalid(phone, wrong), wrong
    email = unsaved(QuestionKind.TEXT, effect="new_email")
    assert respond.answer_clean(question=email, raw="sanne@example.nl") == "sanne@example.nl"
    assert "not an e-mail address" in invalid(email, "sanne@")
    assert "not an e-mail address" in invalid(email, "sanne.example.nl")


def test_a_date_is_parsed_and_since_cannot_lie_in_the_future():
    since = unsaved(QuestionKind.DATE, effect="position_since")
    assert respond.answer_clean(question=since, raw="2025-03-01") == "2025-03-01"
    assert respond.answer_clean(question=since, raw="1-3-2025") == "2025-03-01"
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    assert "in the future" in invalid(since, tomorrow)
    assert "not a date" in invalid(since, "gisteren")
    assert "not possible" in invalid(since, "1800-01-01")
    other = unsaved(QuestionKind.DATE)
    assert respond.answer_clean(question=other, raw=tomorrow) == tomorrow


def test_yes_or_no_only():
    question = unsaved(QuestionKind.YES_NO, required=True)
    assert respond.answer_clean(question=question, raw="yes") == "yes"
    assert respond.answer_clean(question=question, raw="no") == "no"
    assert invalid(question, "misschien") == "Choose yes or no."
    assert "Choose an answer" in invalid(question, None)


# --- Conditions -----------------------------------------------------------------------


def conditional(key, operator, value, on="first") -> Question:
    return Question(
        key=key,
        kind=QuestionKind.TEXT,
        text_nl="?",
        condition_key=on,
        condition_operator=operator,
        condition_value=value,
    )


def test_conditions_compare_with_the_earlier_answer():
    holds = respond.condition_holds
    assert holds(conditional("x", "equals", "no"), {"first": "no"})
    assert not holds(conditional("x", "equals", "no"), {"first": "yes"})
    assert holds(conditional("x", "not_equals", "no"), {"first": "yes"})
    assert holds(conditional("x", "in", ["work", "both"]), {"first": "both"})
    assert not holds(conditional("x", "in", ["work", "both"]), {"first": "school"})
    assert holds(conditional("x", "contains", "b"), {"first": ["a", "b"]})
    assert not holds(conditional("x", "contains", "c"), {"first": ["a", "b"]})
    assert holds(conditional("x", "equals", 4), {"first": 4})
    assert holds(conditional("x", "equals", False), {"first": "no"})
    # Without an answer to the earlier question, a question with a condition is not shown.
    assert not holds(conditional("x", "not_equals", "no"), {})


def test_a_chain_of_conditions_follows_only_shown_questions():
    first = Question(key="first", kind=QuestionKind.YES_NO, text_nl="?")
    second = conditional("second", "equals", "yes", on="first")
    third = conditional("third", "equals", "ja", on="second")
    questions = [first, second, third]
    assert respond.shown_questions(questions, {"first": "yes", "second": "ja"}) == questions
    # "second" is hidden now, so its old answer no longer shows "third".
    shown = respond.shown_questions(questions, {"first": "no", "second": "ja"})
    assert shown == [first]


def test_a_question_whose_condition_no_longer_holds_loses_its_answer(link):
    invitation, _token = link
    save(invitation, "contact_ok", "no")
    save(invitation, "new_phone", "06 12345678")
    assert set(respond.answers_of(invitation)) == {"contact_ok", "new_phone"}
    save(invitation, "contact_ok", "yes")
    assert respond.answers_of(invitation) == {"contact_ok": "yes"}
    removed = AuditEvent.objects.get(object_type="surveys.answer", action="delete")
    assert removed.detail == {"question": "new_phone", "reason": "not_shown"}


def test_a_hidden_question_cannot_be_answered_and_its_page_skips_ahead(client, link):
    invitation, token = link
    save(invitation, "contact_ok", "yes")
    with pytest.raises(ValidationError):
        save(invitation, "new_phone", "06 12345678")
    response = client.get(base(token) + "new_phone/")
    assert response.status_code == 302
    assert response["Location"] == base(token) + "wants_coach/"


# --- Saving, twice, and one invalid answer ----------------------------------------------------


def test_saving_twice_makes_one_response_and_one_answer(link):
    invitation, _token = link
    save(invitation, "where", "work")
    save(invitation, "where", "school")
    assert Response.objects.filter(invitation=invitation).count() == 1
    assert Answer.objects.get(response__invitation=invitation).value == "school"


def test_an_empty_optional_answer_removes_the_earlier_one(link):
    invitation, _token = link
    save(invitation, "wellbeing", "2")
    save(invitation, "wellbeing", "")
    assert respond.answers_of(invitation) == {}


def test_one_invalid_answer_keeps_the_others_and_what_was_typed(en, link):
    invitation, token = link
    answer_all(invitation, contact_ok="no", new_email="sanne@example.nl")
    before = respond.answers_of(invitation)
    response = en.post(base(token) + "new_phone/", {"answer": "bel me maar"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "This is not a phone number" in page
    assert 'value="bel me maar"' in page
    assert 'aria-invalid="true"' in page
    assert respond.answers_of(invitation) == before

    response = en.post(base(token) + "wellbeing/", {"answer": "9"})
    assert "Choose a number from 1 to 5." in response.content.decode()
    assert respond.answers_of(invitation)["wellbeing"] == 4


def test_each_answer_is_saved_at_once_and_leads_to_the_next_shown_question(client, link):
    invitation, token = link
    response = client.post(base(token) + "where/", {"answer": "work"})
    assert response["Location"] == base(token) + "since/"
    assert respond.answers_of(invitation) == {"where": "work"}
    client.post(base(token) + "since/", {"answer": SINCE.isoformat()})
    response = client.post(base(token) + "contact_ok/", {"answer": "yes"})
    # new_phone and new_email are skipped: the contact details are right.
    assert response["Location"] == base(token) + "wants_coach/"
    response = client.post(base(token) + "contact_ok/", {"answer": "no"})
    assert response["Location"] == base(token) + "new_phone/"
    assert Response.objects.get(invitation=invitation).via == ResponseVia.LINK


def test_the_page_shows_progress_counting_shown_questions_and_a_back_link(en, link):
    invitation, token = link
    save(invitation, "where", "work")
    save(invitation, "since", SINCE.isoformat())
    save(invitation, "contact_ok", "yes")
    page = en.get(base(token) + "wants_coach/").content.decode()
    assert "Question 4 of 6" in page
    assert f'href="{base(token)}contact_ok/"' in page
    save(invitation, "contact_ok", "no")
    page = en.get(base(token) + "new_phone/").content.decode()
    assert "Question 4 of 8" in page


def test_stop_and_continue_where_you_left_off(en, link):
    invitation, token = link
    page = en.get(base(token)).content.decode()
    assert "Continue where you left off" not in page
    assert f'href="{base(token)}where/"' in page
    save(invitation, "where", "work")
    save(invitation, "since", SINCE.isoformat())
    page = en.get(base(token)).content.decode()
    assert "Continue where you left off" in page
    assert f'href="{base(token)}contact_ok/"' in page


def test_the_page_is_dutch_by_default_and_english_when_chosen(client, link):
    _invitation, token = link
    assert "Wat doe je nu?" in client.get(base(token) + "where/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(base(token) + "where/").content.decode()
    assert "What are you doing now?" in page
    assert "I work and I study" in page


def test_pages_are_private(client, link):
    _invitation, token = link
    response = client.get(base(token))
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_opening_the_link_marks_the_invitation_opened(client, link):
    invitation, token = link
    client.get(base(token))
    invitation.refresh_from_db()
    assert invitation.opened_at is not None
    first = invitation.opened_at
    client.get(base(token))
    invitation.refresh_from_db()
    assert invitation.opened_at == first


def test_answers_are_posted_with_csrf(link):
    from django.test import Client

    _invitation, token = link
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(base(token) + "where/", {"answer": "work"}).status_code == 403
    assert not Response.objects.exists()


# --- Bad links ------------------------------------------------------------------------------


def test_a_forged_token_gets_a_friendly_404(en, db):
    response = en.get("/vragenlijst/dit-is-geen-echte-link-maar-een-verzinsel/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert en.get("/vragenlijst/" + "x" * 300 + "/where/").status_code == 404


@pytest.mark.parametrize(
    "fields",
    [
        {"status": RoundStatus.CLOSED},
        {
            "starts_on": TODAY - datetime.timedelta(days=30),
            "closes_on": TODAY - datetime.timedelta(days=1),
        },
    ],
    ids=["closed", "past-closing-date"],
)
def test_a_closed_round_gets_a_friendly_410_naming_who_to_contact(en, world, standard, fields):
    _invitation, token = invite(make_round(standard, world.rmc_office, **fields), world.person)
    for path in ("", "where/", "overzicht/"):
        response = en.get(base(token) + path)
        assert response.status_code == 410
        page = response.content.decode()
        assert "This questionnaire is closed" in page
        assert "Gemeente Tiel" in page
    assert en.post(base(token) + "where/", {"answer": "work"}).status_code == 410
    assert not Response.objects.exists()


def test_a_round_that_has_not_started_is_not_open_yet(en, world, standard):
    later = make_round(
        standard,
        world.rmc_office,
        starts_on=TODAY + datetime.timedelta(days=3),
        status=RoundStatus.DRAFT,
    )
    _invitation, token = invite(later, world.person)
    response = en.get(base(token))
    assert response.status_code == 410
    assert "not open yet" in response.content.decode()


def test_a_completed_response_says_thank_you_and_never_makes_a_second(en, link):
    invitation, token = link
    answer_all(invitation)
    assert en.post(base(token) + "overzicht/")["Location"] == base(token) + "bedankt/"
    for path in ("", "where/", "overzicht/"):
        response = en.get(base(token) + path)
        assert response.status_code == 200
        assert "You already answered" in response.content.decode()
    response = en.post(base(token) + "where/", {"answer": "school"})
    assert "You already answered" in response.content.decode()
    assert respond.answers_of(invitation)["where"] == "work"
    assert Response.objects.count() == 1
    with pytest.raises(respond.NotAnswerableError):
        save(invitation, "where", "school")


# --- Completing ----------------------------------------------------------------------------


def test_the_summary_lists_answers_with_change_links(en, link):
    invitation, token = link
    answer_all(invitation, wellbeing="5")
    page = en.get(base(token) + "overzicht/").content.decode()
    assert "I work" in page
    assert "5 – Very good" in page
    assert f'href="{base(token)}where/?terug=overzicht"' in page
    assert "new_phone/" not in page  # not shown, so not listed


def test_changing_an_answer_from_the_summary_goes_back_to_it(client, link):
    invitation, token = link
    answer_all(invitation)
    response = client.post(base(token) + "wellbeing/?terug=overzicht", {"answer": "2"})
    assert response["Location"] == base(token) + "overzicht/"
    # A change that shows a new question asks it first.
    response = client.post(base(token) + "contact_ok/?terug=overzicht", {"answer": "no"})
    assert response["Location"] == base(token) + "new_phone/"


def test_sending_with_a_required_question_unanswered_is_refused(en, link):
    invitation, token = link
    save(invitation, "wellbeing", "3")
    response = en.post(base(token) + "overzicht/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "still need an answer" in page
    assert f'href="{base(token)}where/?terug=overzicht"' in page
    invitation.refresh_from_db()
    assert invitation.completed_at is None


def test_sending_twice_completes_once(client, link):
    invitation, token = link
    answer_all(invitation, wants_coach="yes")
    first = client.post(base(token) + "overzicht/")
    second = client.post(base(token) + "overzicht/")
    assert first["Location"] == second["Location"] == base(token) + "bedankt/"
    assert Response.objects.count() == 1
    response = Response.objects.get()
    invitation.refresh_from_db()
    assert response.completed_at == invitation.completed_at
    assert response.applied_at is not None
    assert Task.objects.filter(kind=TaskKind.HELP_REQUESTED).count() == 1
    assert client.get(base(token) + "bedankt/").status_code == 200


def test_the_completion_service_is_idempotent(link):
    invitation, _token = link
    answer_all(invitation)
    first = respond.response_complete(invitation=invitation, via=ResponseVia.LINK)
    completed = first.completed_at
    again = respond.response_complete(invitation=invitation, via=ResponseVia.LINK)
    assert again.pk == first.pk
    again.refresh_from_db()
    assert again.completed_at == completed


# --- Effects in the file --------------------------------------------------------------------


def complete(invitation) -> Response:
    return respond.response_complete(invitation=invitation, via=ResponseVia.LINK)


def test_the_position_is_recorded_with_source_survey(link, world):
    invitation, _token = link
    answer_all(invitation, where="both")
    complete(invitation)
    episodes = StatusEpisode.objects.filter(person=world.person)
    assert sorted(e.kind for e in episodes) == ["onderwijs", "werk"]
    for episode in episodes:
        assert episode.source == "vragenlijst"
        assert episode.start_date == SINCE
        assert episode.last_confirmed == TODAY
        assert episode.recorded_by is None


def test_without_since_the_position_starts_today(link, world):
    invitation, _token = link
    answer_all(invitation, since="")
    complete(invitation)
    assert StatusEpisode.objects.get(person=world.person).start_date == TODAY


def test_an_existing_episode_that_covers_today_is_confirmed_not_doubled(link, world):
    invitation, _token = link
    existing = StatusEpisode.objects.create(
        person=world.person,
        kind="werk",
        start_date=TODAY - datetime.timedelta(days=300),
        last_confirmed=TODAY - datetime.timedelta(days=100),
        source="coach",
    )
    answer_all(invitation, where="work")
    complete(invitation)
    assert StatusEpisode.objects.filter(person=world.person).count() == 1
    existing.refresh_from_db()
    assert existing.last_confirmed == TODAY
    assert existing.source == "coach"


def test_contact_details_right_confirms_the_own_active_channels_only(link, world):
    invitation, _token = link
    old = TODAY - datetime.timedelta(days=200)

    def channel(kind, value, active=True):
        return ContactChannel.objects.create(
            person=world.person,
            kind=kind,
            value=value,
            source="coach",
            last_confirmed=old,
            is_active=active,
        )

    phone = channel("telefoon", "0612345678")
    email = channel("email", "sanne@example.nl")
    parent = channel("ouder_telefoon", "0687654321")
    retired = channel("telefoon", "0611111111", active=False)
    answer_all(invitation, contact_ok="yes")
    complete(invitation)
    for item, expected in ((phone, TODAY), (email, TODAY), (parent, old), (retired, old)):
        item.refresh_from_db()
        assert item.last_confirmed == expected, item.kind
    retired.refresh_from_db()
    assert not retired.is_active


def test_a_new_phone_number_and_email_address_are_added(link, world):
    invitation, _token = link
    known = ContactChannel.objects.create(
        person=world.person, kind="telefoon", value="06-11 22 33 44", source="coach"
    )
    answer_all(invitation, contact_ok="no", new_phone="06 55 66 77 88", new_email="s@example.nl")
    complete(invitation)
    phone = ContactChannel.objects.get(person=world.person, kind="telefoon", value="0655667788")
    assert (phone.source, phone.last_confirmed, phone.is_active) == ("vragenlijst", TODAY, True)
    email = ContactChannel.objects.get(person=world.person, kind="email")
    assert (email.value, email.source, email.last_confirmed) == (
        "s@example.nl",
        "vragenlijst",
        TODAY,
    )
    known.refresh_from_db()
    assert known.last_confirmed is None


def test_a_known_phone_number_typed_differently_is_confirmed_not_added(link, world):
    invitation, _token = link
    known = ContactChannel.objects.create(
        person=world.person, kind="telefoon", value="06-12 34 56 78", source="coach"
    )
    answer_all(invitation, contact_ok="no", new_phone="+31 6 12345678")
    complete(invitation)
    assert ContactChannel.objects.filter(person=world.person).count() == 1
    known.refresh_from_db()
    assert known.last_confirmed == TODAY


def test_asking_for_a_coach_makes_a_task_for_each_coachs_organisation(link, world):
    invitation, _token = link
    AssignmentFactory(person=world.person, organisation=world.school, coach=world.coach)
    AssignmentFactory(
        person=world.person, organisation=world.rmc_office, coach=world.rmc_consultant
    )
    AssignmentFactory(
        person=world.person,
        organisation=world.other_school,
        coach=world.outsider,
        ended_at=TODAY - datetime.timedelta(days=10),
    )
    answer_all(invitation, wants_coach="yes", money="yes")
    complete(invitation)
    tasks = Task.objects.filter(person=world.person, kind=TaskKind.HELP_REQUESTED)
    assert {(t.organisation_id, t.assigned_to_id) for t in tasks} == {
        (world.school.pk, world.coach.pk),
        (world.rmc_office.pk, world.rmc_consultant.pk),
    }
    for task in tasks:
        assert task.title == respond.help_task_title(money_worries=True)
        assert task.due_date == TODAY + datetime.timedelta(days=3)
        assert task.status == "open"


def test_without_a_coach_the_task_goes_to_the_rounds_organisation(link, world):
    invitation, _token = link
    answer_all(invitation, wants_coach="yes", money="no")
    complete(invitation)
    task = Task.objects.get(person=world.person)
    assert (task.organisation_id, task.assigned_to_id) == (world.rmc_office.pk, None)
    assert task.title == respond.help_task_title(money_worries=False)
    assert "(" not in task.title


def test_no_coach_asked_no_task_and_wellbeing_stays_an_answer(link, world):
    invitation, _token = link
    answer_all(invitation, wants_coach="no", money="yes", wellbeing="1")
    complete(invitation)
    assert not Task.objects.exists()
    assert respond.answers_of(invitation)["wellbeing"] == 1


def test_applying_twice_does_nothing_more(link, world):
    invitation, _token = link
    answer_all(invitation, where="work", wants_coach="yes", contact_ok="no", new_phone="0655667788")
    response = complete(invitation)
    counts = (StatusEpisode.objects.count(), Task.objects.count(), ContactChannel.objects.count())
    events = AuditEvent.objects.count()
    assert respond.response_apply(response=response) is False
    assert counts == (
        StatusEpisode.objects.count(),
        Task.objects.count(),
        ContactChannel.objects.count(),
    )
    assert AuditEvent.objects.count() == events


def test_an_incomplete_response_is_not_applied(link):
    invitation, _token = link
    save(invitation, "where", "work")
    response = Response.objects.get(invitation=invitation)
    assert respond.response_apply(response=response) is False
    assert not StatusEpisode.objects.exists()


# --- Audit ------------------------------------------------------------------------------------


def test_every_save_and_the_completion_are_audited_without_the_answers(link, world):
    invitation, _token = link
    answer_all(invitation, contact_ok="no", new_phone="06 98765432", new_email="geheim@example.nl")
    save(invitation, "wellbeing", "2")
    complete(invitation)
    rows = AuditEvent.objects.filter(actor_username="survey")
    answers = rows.filter(object_type="surveys.answer")
    assert answers.filter(action="create").count() == 8
    assert answers.filter(action="update").get().detail == {"question": "wellbeing"}
    assert {row.detail["question"] for row in answers} >= {"where", "new_phone", "money"}
    assert rows.filter(object_type="surveys.response", action="update").count() == 1
    assert all(row.person_id == world.person.pk and row.actor_id is None for row in rows)
    text = json.dumps([[row.detail, row.changes] for row in rows])
    for secret in ("98765432", "geheim", "work", SINCE.isoformat()):
        assert secret not in text


# --- Class mode -------------------------------------------------------------------------------


@pytest.fixture
def student(world):
    return Identity.objects.create(
        person=world.person,
        kind=IdentityKind.STUDENT_NUMBER,
        organisation=world.school,
        value=STUDENT_NUMBER,
    )


@pytest.fixture
def class_session(world, round_, student) -> ClassSession:
    coach = world.coach
    coach.active_membership = coach.memberships.select_related("organisation").get()
    return class_mode.class_session_open(round_=round_, school=world.school, by=coach)


def identify(client, session, number=STUDENT_NUMBER, born=None, person=None):
    born = born or person.date_of_birth
    return client.post(
        f"/vragenlijst/klas/{session.code}/",
        {"student_number": number, "date_of_birth": born.isoformat()},
    )


def test_a_schools_coach_opens_a_class_session_with_a_qr_code(en, world, round_):
    login(en, world.coach)
    assert en.get("/vragenlijst/klas/").status_code == 200
    assert round_.name in en.get("/vragenlijst/klas/").content.decode()
    assert en.get(f"/vragenlijst/klas/start/{round_.pk}/").status_code == 200
    assert not ClassSession.objects.exists()
    response = en.post(f"/vragenlijst/klas/start/{round_.pk}/")
    session = ClassSession.objects.get()
    assert response["Location"] == f"/vragenlijst/klas/scherm/{session.code}/"
    assert re.fullmatch(f"[{class_mode.CODE_ALPHABET}]{{8}}", session.code)
    assert (session.round, session.school, session.opened_by) == (round_, world.school, world.coach)
    assert session.expires_at - timezone.now() > datetime.timedelta(minutes=119)
    assert session.expires_at - timezone.now() <= datetime.timedelta(hours=2)
    page = en.get(response["Location"]).content.decode()
    assert '<svg role="img" aria-label="QR code to the questionnaire"' in page
    assert f"/vragenlijst/klas/{session.code}/" in page
    assert f">{session.code}<" in page


@pytest.mark.parametrize("who", ["rmc_consultant", "analyst", "outsider_at_closed"])
def test_others_cannot_open_a_class_session(client, world, round_, who):
    if who == "outsider_at_closed":
        round_.status = RoundStatus.CLOSED
        round_.save()
        user = world.coach
    else:
        user = getattr(world, who)
    login(client, user)
    assert client.post(f"/vragenlijst/klas/start/{round_.pk}/").status_code == 404
    assert not ClassSession.objects.exists()


def test_a_round_for_another_school_is_not_offered(client, world, standard):
    elsewhere = make_round(standard, world.rmc_office, selection={"school": world.other_school.pk})
    login(client, world.coach)
    assert client.post(f"/vragenlijst/klas/start/{elsewhere.pk}/").status_code == 404
    assert elsewhere.name not in client.get("/vragenlijst/klas/").content.decode()


def test_the_screen_is_only_for_the_school_that_opened_it(client, world, class_session):
    other = MembershipFactory(organisation=world.other_school, role=Role.COORDINATOR).user
    login(client, other)
    assert client.get(f"/vragenlijst/klas/scherm/{class_session.code}/").status_code == 404


def test_a_student_identifies_and_answers_in_class(en, world, round_, class_session):
    response = identify(en, class_session, person=world.person)
    assert response["Location"] == f"/vragenlijst/klas/{class_session.code}/vragen/"
    invitation = Invitation.objects.get(round=round_, person=world.person)
    assert invitation.channel == InvitationChannel.CLASS
    start = en.get(response["Location"]).content.decode()
    assert "Check-in" in start
    assert invitation.token_hash not in start
    answer = en.post(f"/vragenlijst/klas/{class_session.code}/vragen/where/", {"answer": "work"})
    assert answer["Location"] == f"/vragenlijst/klas/{class_session.code}/vragen/since/"
    assert Response.objects.get(invitation=invitation).via == ResponseVia.CLASS
    login_row = AuditEvent.objects.get(action="login", object_type="surveys.invitation")
    assert login_row.person_id == world.person.pk


def test_a_wrong_number_or_birth_date_says_the_same_and_reveals_neither(en, world, class_session):
    wrong_number = identify(en, class_session, number="R999", person=world.person)
    wrong_date = identify(en, class_session, born=datetime.date(1990, 1, 1))
    assert wrong_number.status_code == wrong_date.status_code == 200
    message = "We cannot find you with these details."
    assert message in wrong_number.content.decode()
    assert message in wrong_date.content.decode()
    assert not Invitation.objects.exists()


def test_identification_is_throttled(en, world, class_session):
    for _attempt in range(class_mode.ATTEMPTS_PER_BROWSER):
        assert identify(en, class_session, number="R000", person=world.person).status_code == 200
    response = identify(en, class_session, person=world.person)
    assert response.status_code == 429
    assert "You tried too often" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_class_shares_one_address_without_locking_itself_out(world, class_session):
    from django.test import Client

    for _pupil in range(class_mode.ATTEMPTS_PER_BROWSER + 2):
        pupil = Client()
        pupil.get(f"/vragenlijst/klas/{class_session.code}/")
        assert identify(pupil, class_session, number="R000", person=world.person).status_code == 200
    assert identify(Client(), class_session, person=world.person).status_code == 302


def test_an_expired_or_unknown_code_gets_a_friendly_page(en, world, class_session):
    assert en.get("/vragenlijst/klas/ABCDEFGH/").status_code == 404
    ClassSession.objects.filter(pk=class_session.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = identify(en, class_session, person=world.person)
    assert response.status_code == 410
    assert "This code no longer works" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_same_student_twice_gets_the_same_invitation_and_response(world, class_session):
    from django.test import Client

    first, second = Client(), Client()
    identify(first, class_session, person=world.person)
    identify(second, class_session, number=STUDENT_NUMBER.lower(), person=world.person)
    assert Invitation.objects.count() == 1
    code = class_session.code
    first.post(f"/vragenlijst/klas/{code}/vragen/where/", {"answer": "work"})
    second.post(f"/vragenlijst/klas/{code}/vragen/wellbeing/", {"answer": "4"})
    assert Response.objects.count() == 1
    assert set(respond.answers_of(Invitation.objects.get())) == {"where", "wellbeing"}


def test_after_sending_in_class_the_answers_are_gone_from_the_phone(en, world, class_session):
    identify(en, class_session, person=world.person)
    invitation = Invitation.objects.get()
    answer_all(invitation)
    code = class_session.code
    response = en.post(f"/vragenlijst/klas/{code}/vragen/overzicht/")
    assert response["Location"] == f"/vragenlijst/klas/{code}/vragen/bedankt/"
    assert en.get(response["Location"]).status_code == 200
    again = en.post(f"/vragenlijst/klas/{code}/vragen/overzicht/")
    assert again["Location"] == f"/vragenlijst/klas/{code}/vragen/bedankt/"
    assert en.get(f"/vragenlijst/klas/{code}/vragen/where/")["Location"].endswith("/bedankt/")
    # Identifying again: thank you, already answered, and no second response.
    identify(en, class_session, person=world.person)
    page = en.get(f"/vragenlijst/klas/{code}/vragen/").content.decode()
    assert "You already answered" in page
    assert Response.objects.count() == 1


def test_an_invitation_sent_earlier_is_used_in_class(world, round_, class_session):
    invitation, _token = invite(round_, world.person)
    from django.test import Client

    identify(Client(), class_session, person=world.person)
    assert list(Invitation.objects.all()) == [invitation]
    invitation.refresh_from_db()
    assert invitation.channel == InvitationChannel.EMAIL


def test_class_pages_without_identifying_go_to_the_identification(client, class_session):
    code = class_session.code
    for path in ("vragen/", "vragen/where/", "vragen/overzicht/", "vragen/bedankt/"):
        response = client.get(f"/vragenlijst/klas/{code}/{path}")
        assert response["Location"] == f"/vragenlijst/klas/{code}/"


# --- Preview ----------------------------------------------------------------------------------


@pytest.fixture
def coordinator(world):
    return MembershipFactory(organisation=world.rmc_office, role=Role.COORDINATOR).user


@pytest.fixture
def draft(standard) -> QuestionnaireVersion:
    questionnaire = Questionnaire.objects.create(name="Concept")
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=1, status=VersionStatus.DRAFT, intro_nl="Probeer"
    )
    Question.objects.create(
        version=version,
        position=1,
        key="school",
        kind=QuestionKind.YES_NO,
        text_nl="Zit je op school?",
        text_en="Are you at school?",
        required=True,
    )
    Question.objects.create(
        version=version,
        position=2,
        key="which",
        kind=QuestionKind.TEXT,
        text_nl="Welke school?",
        text_en="Which school?",
        condition_key="school",
        condition_operator="equals",
        condition_value="yes",
    )
    return version


def test_the_preview_walks_a_draft_and_saves_nothing(en, coordinator, draft):
    login(en, coordinator)
    events = AuditEvent.objects.count()
    root = f"/vragenlijst/voorbeeld/{draft.pk}/"
    page = en.get(root).content.decode()
    assert "Preview: nothing is saved." in page
    assert en.post(root + "school/", {"answer": "maybe"}).status_code == 200
    assert en.post(root + "school/", {"answer": "yes"})["Location"] == root + "which/"
    page = en.get(root + "which/").content.decode()
    assert "Which school?" in page
    assert "Preview: nothing is saved." in page
    assert en.post(root + "which/", {"answer": "ROC"})["Location"] == root + "overzicht/"
    assert en.post(root + "school/", {"answer": "no"})["Location"] == root + "overzicht/"
    summary = en.get(root + "overzicht/").content.decode()
    assert "Which school?" not in summary
    assert en.post(root + "overzicht/")["Location"] == root + "bedankt/"
    assert "nothing was sent" in en.get(root + "bedankt/").content.decode()
    assert not Response.objects.exists()
    assert not Answer.objects.exists()
    assert AuditEvent.objects.count() == events


def test_the_preview_is_for_coordinators(client, world, standard):
    assert client.get(f"/vragenlijst/voorbeeld/{standard.pk}/").status_code == 302
    login(client, world.coach)
    assert client.get(f"/vragenlijst/voorbeeld/{standard.pk}/").status_code == 404


def test_the_preview_url_name(standard):
    from django.urls import reverse

    assert reverse("survey:respond_preview", args=[standard.pk]) == (
        f"/vragenlijst/voorbeeld/{standard.pk}/"
    )


# --- Real races (PostgreSQL, where rows are locked) ---------------------------------------------


def _at_once(*calls) -> list[Exception]:
    """Run the calls in threads that start together; the exceptions they raised."""
    from django.db import connection

    barrier = threading.Barrier(len(calls))
    errors: list[Exception] = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # collected for the assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_answers_at_the_same_moment_make_one_response(world, standard):
    invitation, _token = invite(make_round(standard, world.rmc_office), world.person)
    errors = _at_once(
        lambda: save(invitation, "where", "work"),
        lambda: save(invitation, "wellbeing", "3"),
        lambda: save(invitation, "where", "school"),
    )
    assert errors == []
    assert Response.objects.count() == 1
    assert set(respond.answers_of(invitation)) == {"where", "wellbeing"}


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_sending_twice_at_the_same_moment_applies_once(world, standard):
    invitation, _token = invite(make_round(standard, world.rmc_office), world.person)
    answer_all(invitation, wants_coach="yes")
    errors = _at_once(lambda: complete(invitation), lambda: complete(invitation))
    assert errors == []
    assert Task.objects.count() == 1
    assert StatusEpisode.objects.count() == 1


def test_a_new_position_ends_the_other_open_positions_the_day_before(world):
    """Someone at school who answers "I work, since 1 October" is no longer at school from
    then on: the open school episode ends on 30 September, the care flag stays."""
    from dwarsverbinder.people import services as people_services
    from dwarsverbinder.people.positions import position_at
    from dwarsverbinder.surveys import respond
    from dwarsverbinder.surveys.models import Answer, Invitation, Questionnaire, Response, Round
    from dwarsverbinder.surveys.tokens import new_token

    today = timezone.localdate()
    since = today - datetime.timedelta(days=20)
    school = people_services.episode_record(
        person=world.person,
        kind="onderwijs",
        start_date=today - datetime.timedelta(days=300),
        by=None,
    )
    care = people_services.episode_record(
        person=world.person,
        kind="zorg",
        start_date=today - datetime.timedelta(days=100),
        by=None,
    )
    version = Questionnaire.objects.get(is_standard=True).versions.get()
    survey_round = Round.objects.create(
        name="r",
        version=version,
        organisation=world.school,
        starts_on=today,
        closes_on=today + datetime.timedelta(days=5),
        status="open",
    )
    invitation = Invitation.objects.create(
        round=survey_round, person=world.person, token_hash=new_token()[1], channel="email"
    )
    response = Response.objects.create(
        invitation=invitation, via="link", completed_at=timezone.now()
    )
    questions = {q.key: q for q in version.questions.all()}
    Answer.objects.create(response=response, question=questions["where"], value="work")
    Answer.objects.create(response=response, question=questions["since"], value=since.isoformat())
    respond.response_apply(response=response)

    school.refresh_from_db()
    care.refresh_from_db()
    assert school.end_date == since - datetime.timedelta(days=1)
    assert care.end_date is None
    result = position_at(list(world.person.episodes.all()), today)
    assert result.position == "werk"
    assert result.zorg
