"""Response and results of survey rounds: live suppressed counts per school, cohort and
channel; the young people to call (only those the coach may see, audited); results per
question kind; CSV and XLSX downloads (audited); access; fixed query counts."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.followup.models import Contact
from dwarsverbinder.people.cohorts import cohort_label
from dwarsverbinder.privacy.models import AuditEvent
from dwarsverbinder.surveys import results
from dwarsverbinder.surveys.constants import InvitationChannel
from dwarsverbinder.surveys.models import (
    Answer,
    Invitation,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Round,
)
from dwarsverbinder.surveys.tokens import new_token
from tests.conftest import login
from tests.factories import MembershipFactory, OrganisationFactory, SchoolCareerFactory

# -- building rounds directly (the sending and answering pages are built elsewhere) --------


def make_version(questions: list[dict], *, name: str = "Check-in test") -> QuestionnaireVersion:
    questionnaire = Questionnaire.objects.create(name=name)
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=1, status="published", published_at=timezone.now()
    )
    for position, spec in enumerate(questions, start=1):
        Question.objects.create(version=version, position=position, **spec)
    return version


def make_round(version, organisation, *, name: str = "Najaarsronde") -> Round:
    today = timezone.localdate()
    return Round.objects.create(
        name=name,
        version=version,
        organisation=organisation,
        starts_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=20),
        status="open",
        reminder_days=[3, 7],
    )


def young_person(school, municipality, *, leave_date=None):
    return SchoolCareerFactory(
        school=school, person__municipality=municipality, leave_date=leave_date
    ).person


def invite(round, person, *, state: str = "not_opened", channel: str = "email") -> Invitation:
    now = timezone.now()
    invitation = Invitation.objects.create(
        round=round,
        person=person,
        token_hash=new_token()[1],
        channel=channel,
        sent_at=now - datetime.timedelta(days=9),
        reminders_sent=1 if state != "completed" else 0,
        opened_at=now - datetime.timedelta(days=5) if state != "not_opened" else None,
        completed_at=now - datetime.timedelta(days=4) if state == "completed" else None,
    )
    if state != "not_opened":
        Response.objects.create(
            invitation=invitation, via="link", completed_at=invitation.completed_at
        )
    return invitation


def invite_many(round, school, municipality, states: dict[str, int], **kwargs) -> list:
    leave_date = kwargs.pop("leave_date", None)
    return [
        invite(
            round, young_person(school, municipality, leave_date=leave_date), state=state, **kwargs
        )
        for state, n in states.items()
        for _ in range(n)
    ]


QUESTIONS = [
    {
        "key": "where",
        "kind": "single",
        "text_nl": "Wat doe je nu?",
        "text_en": "What are you doing now?",
        "options": [
            {"value": "school", "label_nl": "School", "label_en": "School"},
            {"value": "work", "label_nl": "Werk", "label_en": "Work"},
            {"value": "nothing", "label_nl": "Niets van deze", "label_en": "None of these"},
        ],
    },
    {"key": "coach", "kind": "yes_no", "text_nl": "Wil je een coach?", "text_en": "A coach?"},
    {
        "key": "help",
        "kind": "multiple",
        "text_nl": "Waarmee wil je hulp?",
        "options": [
            {"value": "geld", "label_nl": "Geld", "label_en": "Money"},
            {"value": "werk", "label_nl": "Werk", "label_en": "Work"},
            {"value": "huis", "label_nl": "Wonen", "label_en": "Housing"},
        ],
    },
    {
        "key": "mood",
        "kind": "scale",
        "text_nl": "Hoe gaat het?",
        "scale_min": 1,
        "scale_max": 5,
        "scale_min_label_nl": "Slecht",
        "scale_max_label_nl": "Goed",
    },
    {"key": "mood2", "kind": "scale", "text_nl": "En op school?", "scale_min": 1, "scale_max": 5},
    {"key": "since", "kind": "date", "text_nl": "Sinds wanneer?"},
    {"key": "phone", "kind": "text", "text_nl": "Je nieuwe nummer?"},
    {"key": "remark", "kind": "text", "text_nl": "Nog iets?"},
]

# Per question the answers of the 25 completed responses, in order.
ANSWERS = {
    "where": ["school"] * 12 + ["work"] * 10 + ["nothing"] * 3,
    "coach": ["yes"] * 15 + ["no"] * 10,
    "help": [["geld"]] * 10 + [["geld", "werk"]] * 8 + [["huis"]] * 5 + [[]] * 2,
    "mood": [3] * 12 + [4] * 10 + [5] * 3,
    "mood2": [2] * 10 + [4] * 15,
    "since": [f"2026-01-{d:02d}" for d in range(1, 13)] + ["2026-03-02"] * 13,
    "phone": ["06 1234567"] * 20 + [""] * 5,
    "remark": ["Ik ben Sanne van de Brug"] * 4 + [""] * 21,
}


def answer_all(invitations, version) -> None:
    questions = {q.key: q for q in version.questions.all()}
    rows = []
    for index, invitation in enumerate(invitations):
        response = invitation.response
        for key, values in ANSWERS.items():
            value = values[index % len(values)]
            rows.append(Answer(response=response, question=questions[key], value=value))
    Answer.objects.bulk_create(rows)


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def coordinator(world):
    return MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    ).user


@pytest.fixture
def survey(world):
    """30 invited across 2 schools, 12 completed: ROC Rivor 22 (10 completed, 4 opened,
    8 not opened, by e-mail, left 3 months ago), De Brug 8 (2, 1, 5, by SMS, enrolled)."""
    version = make_version(QUESTIONS)
    round = make_round(version, world.rmc_office)
    left = timezone.localdate() - datetime.timedelta(days=90)
    school_b = OrganisationFactory(school=True, name="Praktijkschool De Brug", code="de-brug")
    big = invite_many(
        round,
        world.school,
        world.municipality,
        {"completed": 10, "opened": 4, "not_opened": 8},
        leave_date=left,
    )
    small = invite_many(
        round,
        school_b,
        world.municipality,
        {"completed": 2, "opened": 1, "not_opened": 5},
        channel="sms",
    )
    return {"round": round, "big": big, "small": small, "left": left, "school_b": school_b}


# -- response ------------------------------------------------------------------------------


def _rows(summary, key):
    return {row.label: row for b in summary.breakdowns if b.key == key for row in b.rows}


def test_response_for_the_whole_round_and_suppression_per_school(survey, world):
    summary = results.round_response(round=survey["round"], minimum=10)
    assert summary.total.invited == 30
    assert summary.total.completed == 12
    assert summary.total.rate == 40.0
    # Opened = 12 + 5 with 5 opened-not-completed hidden: shown, the 5 would come back.
    assert summary.total.opened is None
    schools = _rows(summary, "school")
    assert list(schools) == ["Praktijkschool De Brug", "ROC Rivor"]
    # De Brug has fewer than 10 invited: hidden. ROC Rivor is then hidden too, or De Brug
    # would follow from the total of the round minus ROC Rivor.
    for row in schools.values():
        assert (row.invited, row.opened, row.completed, row.rate) == (None, None, None, None)
    channels = _rows(summary, "channel")
    assert list(channels) == [InvitationChannel.EMAIL.label, InvitationChannel.SMS.label]
    assert channels[InvitationChannel.EMAIL.label].invited is None
    cohorts = _rows(summary, "cohort")
    assert set(cohorts) == {cohort_label(survey["left"]), gettext("Not left school, or not known")}


def test_response_shows_schools_that_are_large_enough(world):
    version = make_version(QUESTIONS[:1])
    round = make_round(version, world.rmc_office)
    other = OrganisationFactory(school=True, name="Atlas College", code="atlas")
    small = OrganisationFactory(school=True, name="Kleine School", code="klein")
    invite_many(round, world.school, world.municipality, {"completed": 12, "not_opened": 13})
    invite_many(round, other, world.municipality, {"completed": 15, "opened": 10, "not_opened": 20})
    invite_many(round, small, world.municipality, {"completed": 2, "not_opened": 3})
    summary = results.round_response(round=round, minimum=10)
    schools = _rows(summary, "school")
    atlas = schools["Atlas College"]
    assert (atlas.invited, atlas.opened, atlas.completed, atlas.rate) == (45, 25, 15, 33.3)
    assert schools["Kleine School"].invited is None
    assert schools["Kleine School"].completed is None
    # Kleine School's 5 would otherwise follow from the round's total: ROC Rivor goes too.
    assert schools["ROC Rivor"].invited is None
    assert summary.total.invited == 75
    assert summary.total.completed == 29
    assert summary.total.rate == 38.7


def test_response_and_results_take_a_fixed_number_of_queries(
    survey, answered, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the counts, the school names
        results.round_response(round=survey["round"], minimum=10)
    with django_assert_num_queries(3):  # the questions, the choices, the free-text counts
        results.question_results(round=answered, minimum=10)


def test_response_is_live(survey):
    round = survey["round"]
    assert results.round_response(round=round, minimum=10).total.completed == 12
    Invitation.objects.filter(pk=survey["small"][-1].pk).update(completed_at=timezone.now())
    assert results.round_response(round=round, minimum=10).total.completed == 13


def test_response_with_nobody_invited(world):
    round = make_round(make_version(QUESTIONS[:1]), world.rmc_office)
    summary = results.round_response(round=round, minimum=10)
    assert (summary.total.invited, summary.total.completed, summary.total.rate) == (0, 0, None)
    assert all(not b.rows for b in summary.breakdowns)


def test_response_page(client, survey, coordinator):
    login(client, coordinator)
    response = client.get(f"/vragenlijsten/resultaten/{survey['round'].pk}/respons/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "40,0" in html  # the response rate, in Dutch
    assert "Praktijkschool De Brug" in html
    main = html[html.index('id="heading-school"') :]
    assert main.count('<span aria-hidden="true">x</span>') >= 8


# -- access -------------------------------------------------------------------------------


def _status(client, user, url) -> int:
    client.logout()
    if user is not None:
        login(client, user)
    return client.get(url).status_code


def test_who_sees_response_results_and_downloads(client, survey, world, coordinator):
    pk = survey["round"].pk
    elsewhere = MembershipFactory(organisation=world.school, role=Role.COORDINATOR).user
    urls = [
        f"/vragenlijsten/resultaten/{pk}/respons/",
        f"/vragenlijsten/resultaten/{pk}/",
        f"/vragenlijsten/resultaten/{pk}/download/respons.csv",
        f"/vragenlijsten/resultaten/{pk}/download/resultaten.xlsx",
    ]
    for url in urls:
        assert _status(client, coordinator, url) == 200, url
        assert _status(client, world.analyst, url) == 200, url
        for user in (elsewhere, world.coach, world.outsider, world.privacy_officer):
            assert _status(client, user, url) == 404, (url, user)
        assert _status(client, None, url) == 302, url
    assert (
        _status(client, coordinator, f"/vragenlijsten/resultaten/{pk}/download/respons.pdf") == 404
    )
    assert (
        _status(client, coordinator, f"/vragenlijsten/resultaten/{pk}/download/mensen.csv") == 404
    )
    assert _status(client, coordinator, "/vragenlijsten/resultaten/999999/respons/") == 404


# -- the young people to call -------------------------------------------------------------


def _listed(response) -> list[int]:
    return [int(i) for i in re.findall(r'href="/jongeren/(\d+)/"', response.content.decode())]


def test_coach_sees_only_visible_nonresponders_never_opened_first(client, survey, world):
    round = survey["round"]
    first = survey["big"][15]  # not opened
    Contact.objects.create(
        person=first.person,
        organisation=world.school,
        by=world.coach,
        on=datetime.date(2026, 11, 2),
        channel="phone",
        outcome="no_answer",
    )
    login(client, world.coach)
    response = client.get(f"/vragenlijsten/resultaten/{round.pk}/niet-gereageerd/")
    assert response.status_code == 200
    listed = _listed(response)
    waiting = [i for i in survey["big"] if i.completed_at is None]
    assert sorted(listed) == sorted(i.person_id for i in waiting)
    # The 8 never opened come first, then the 4 who opened.
    not_opened = {i.person_id for i in waiting if i.opened_at is None}
    assert set(listed[:8]) == not_opened
    assert not set(listed) & {i.person_id for i in survey["small"]}
    assert response.context["reach"] == {"invited": 22, "completed": 10}
    assert "02-11-2026" in response.content.decode()  # the last contact
    event = AuditEvent.objects.filter(action="list", object_type="people.person").latest("id")
    assert sorted(event.detail["ids"]) == sorted(listed)
    assert event.detail["survey_round"] == round.pk
    assert event.actor_id == world.coach.pk


def test_outsider_coach_sees_nobody(client, survey, world):
    login(client, world.outsider)
    response = client.get(f"/vragenlijsten/resultaten/{survey['round'].pk}/niet-gereageerd/")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="list", actor_id=world.outsider.pk).exists()
    rounds = client.get("/vragenlijsten/resultaten/")
    assert rounds.status_code == 200
    assert survey["round"].name not in rounds.content.decode()


def test_coordinator_of_the_round_sees_the_region(client, survey, coordinator):
    login(client, coordinator)
    response = client.get(f"/vragenlijsten/resultaten/{survey['round'].pk}/niet-gereageerd/")
    assert response.status_code == 200
    assert len(_listed(response)) == 18  # 12 + 6: everyone in the RMC region


def test_analyst_has_no_list_of_people(client, survey, world):
    login(client, world.analyst)
    response = client.get(f"/vragenlijsten/resultaten/{survey['round'].pk}/niet-gereageerd/")
    assert response.status_code == 404


def test_nonresponders_are_paginated(client, survey, coordinator, monkeypatch):
    from dwarsverbinder.surveys import result_views

    monkeypatch.setattr(result_views, "PAGE_SIZE", 10)
    login(client, coordinator)
    url = f"/vragenlijsten/resultaten/{survey['round'].pk}/niet-gereageerd/"
    first, second = _listed(client.get(url)), _listed(client.get(url + "?page=2"))
    assert len(first) == 10 and len(second) == 8
    assert not set(first) & set(second)
    pages = AuditEvent.objects.filter(action="list", object_type="people.person").order_by("id")
    assert [sorted(e.detail["ids"]) for e in pages] == [sorted(first), sorted(second)]


def test_round_list_per_role(client, survey, world, coordinator):
    round = survey["round"]
    draft = make_round(
        make_version(QUESTIONS[:1], name="Concept"), world.rmc_office, name="Nog niet verstuurd"
    )
    Round.objects.filter(pk=draft.pk).update(status="draft")
    login(client, world.coach)
    html = client.get("/vragenlijsten/resultaten/").content.decode()
    assert f"/vragenlijsten/resultaten/{round.pk}/niet-gereageerd/" in html
    assert f"/vragenlijsten/resultaten/{round.pk}/respons/" not in html
    assert ">12<" in html  # 12 of the coach's young people did not complete
    client.logout()
    login(client, world.analyst)
    html = client.get("/vragenlijsten/resultaten/").content.decode()
    assert f"/vragenlijsten/resultaten/{round.pk}/respons/" in html
    assert "niet-gereageerd" not in html
    assert "Nog niet verstuurd" not in html
    client.logout()
    login(client, coordinator)
    html = client.get("/vragenlijsten/resultaten/").content.decode()
    assert f"/vragenlijsten/resultaten/{round.pk}/respons/" in html
    assert f"/vragenlijsten/resultaten/{round.pk}/niet-gereageerd/" in html
    assert _status(client, world.privacy_officer, "/vragenlijsten/resultaten/") == 404


# -- results per question ------------------------------------------------------------------


@pytest.fixture
def answered(world):
    """25 completed responses with known answers, one opened but not completed, and 12
    not opened (so that the number completed is shown: see test_results_page)."""
    version = make_version(QUESTIONS)
    round = make_round(version, world.rmc_office)
    done = invite_many(round, world.school, world.municipality, {"completed": 25})
    answer_all(done, version)
    (unfinished,) = invite_many(round, world.school, world.municipality, {"opened": 1})
    where = version.questions.get(key="where")
    Answer.objects.create(response=unfinished.response, question=where, value="nothing")
    invite_many(round, world.school, world.municipality, {"not_opened": 12})
    return round


def _by_key(round, **kwargs):
    return {r.question.key: r for r in results.question_results(round=round, minimum=10, **kwargs)}


def _counts(result):
    return {row.label: row.count for row in result.rows}


def test_single_choice_with_secondary_suppression(answered):
    where = _by_key(answered)["where"]
    # 3 "nothing" is hidden, and the next smallest (10 "work") with it; the unfinished
    # response does not count.
    assert _counts(where) == {"School": 12, "Werk": None, "Niets van deze": None}
    assert where.total == 25
    assert [row.share for row in where.rows] == [48.0, None, None]


def test_yes_no(answered):
    coach = _by_key(answered)["coach"]
    assert _counts(coach) == {"Ja": 15, "Nee": 10}
    assert [row.share for row in coach.rows] == [60.0, 40.0]


def test_multiple_choice_counts_a_person_per_option(answered):
    help_ = _by_key(answered)["help"]
    assert help_.several_per_person
    assert help_.total == 23  # two ticked nothing
    assert _counts(help_) == {"Geld": 18, "Werk": None, "Wonen": None}


def test_scale_mean_only_when_safe(answered):
    results_ = _by_key(answered)
    mood = results_["mood"]
    assert _counts(mood) == {"1 (Slecht)": 0, "2": 0, "3": 12, "4": None, "5 (Goed)": None}
    assert mood.mean is None and mood.mean_withheld
    mood2 = results_["mood2"]
    assert _counts(mood2) == {"1": 0, "2": 10, "3": 0, "4": 15, "5": 0}
    assert mood2.mean == 3.2


def test_dates_per_month(answered):
    since = _by_key(answered)["since"]
    assert _counts(since) == {"januari 2026": 12, "maart 2026": 13}


def test_free_text_is_only_counted(answered):
    results_ = _by_key(answered)
    assert not results_["phone"].shows_answers
    assert results_["phone"].rows == []
    assert results_["phone"].total == 20
    assert results_["remark"].total is None  # 4 answers


def test_hidden_completed_count_hides_the_totals(answered):
    results_ = _by_key(answered, hide_totals=True)
    assert results_["coach"].total is None
    # With the total hidden and both counts shown, the total would be their sum.
    assert _counts(results_["coach"]) == {"Ja": 15, "Nee": None}
    assert results_["phone"].total is None


def test_labels_follow_the_language(answered):
    from django.utils import translation

    with translation.override("en"):
        results_ = _by_key(answered)
    assert _counts(results_["where"]) == {"School": 12, "Work": None, "None of these": None}
    assert results_["where"].question.text() == "Wat doe je nu?"
    with translation.override("en"):
        assert results_["where"].question.text() == "What are you doing now?"


def test_results_page(client, answered, coordinator):
    login(client, coordinator)
    response = client.get(f"/vragenlijsten/resultaten/{answered.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wat doe je nu?" in html
    assert "48,0" in html
    assert "Ik ben Sanne" not in html and "06 1234567" not in html
    assert '<th class="utrecht-table__header-cell" scope="row">School</th>' in html
    assert html.count("<caption") == 6  # every question but the two free-text ones


# -- downloads -----------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def _xlsx(response) -> list[list[str]]:
    """The first sheet's cells as text, read from the XML in the zip."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")) for si in root]
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    grid = []
    for row in sheet.iter(f"{{{ns['m']}}}row"):
        cells = {}
        for cell in row.findall("m:c", ns):
            column = re.match(r"[A-Z]+", cell.get("r")).group()
            index = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(column))) - 1
            kind = cell.get("t")
            if kind == "inlineStr":
                value = "".join(t.text or "" for t in cell.iter(f"{{{ns['m']}}}t"))
            elif kind == "s":
                value = shared[int(cell.find("m:v", ns).text)]
            else:
                value = cell.find("m:v", ns).text
            cells[index] = value
        grid.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
    return grid


def test_results_csv(client, answered, coordinator):
    login(client, coordinator)
    response = client.get(f"/vragenlijsten/resultaten/{answered.pk}/download/resultaten.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    header = ["No.", "Key", "Question", "Answer", "Number", "Percentage"]
    assert rows[0] == [gettext(label) for label in header]
    where = [r for r in rows if len(r) > 1 and r[1] == "where"]
    assert [r[3:] for r in where] == [
        ["School", "12", "48,0"],
        ["Werk", "x", "x"],
        ["Niets van deze", "x", "x"],
        [where[-1][3], "25", ""],
    ]
    phone = [r for r in rows if len(r) > 1 and r[1] == "phone"]
    assert len(phone) == 1 and phone[0][4] == "20"
    assert "06 1234567" not in response.content.decode()
    assert any(r and r[0].startswith("x = ") for r in rows)  # the legend
    event = AuditEvent.objects.get(action="export")
    assert (event.object_type, event.object_id, event.person_id) == (
        "surveys.round",
        str(answered.pk),
        None,
    )
    assert event.detail == {"table": "resultaten", "format": "csv"}


def test_results_xlsx(client, answered, coordinator):
    login(client, coordinator)
    response = client.get(f"/vragenlijsten/resultaten/{answered.pk}/download/resultaten.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    grid = _xlsx(response)
    where = [r for r in grid if len(r) > 4 and r[1] == "where"]
    assert [r[3:6] for r in where[:3]] == [
        ["School", "12", "48"],
        ["Werk", "x", "x"],
        ["Niets van deze", "x", "x"],
    ]
    mood2 = [r for r in grid if len(r) > 4 and r[1] == "mood2"]
    assert mood2[-1][4] == "3.2"  # the mean, a number
    assert any(r and r[0].startswith("x = ") for r in grid)
    event = AuditEvent.objects.get(action="export")
    assert event.detail == {"table": "resultaten", "format": "xlsx"}


def test_response_downloads(client, survey, coordinator):
    login(client, coordinator)
    base = f"/vragenlijsten/resultaten/{survey['round'].pk}/download/respons"
    rows = _csv(client.get(base + ".csv"))
    assert rows[1][2:] == ["30", "x", "12", "40,0"]
    school = [r for r in rows if len(r) > 1 and r[1] == "Praktijkschool De Brug"]
    assert school[0][2:] == ["x", "x", "x", "x"]
    grid = _xlsx(client.get(base + ".xlsx"))
    assert grid[1][2:] == ["30", "x", "12", "40"]
    events = AuditEvent.objects.filter(action="export", object_id=str(survey["round"].pk))
    assert [e.detail["format"] for e in events.order_by("id")] == ["csv", "xlsx"]
    # No person-level content: no names of young people in the files.
    body = client.get(base + ".csv").content.decode()
    assert survey["big"][0].person.surname not in body


# -- fixed number of queries ---------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path",
    ["respons/", "", "niet-gereageerd/", "download/respons.csv", "download/resultaten.xlsx", None],
)
def test_query_count_does_not_grow_with_invitations(client, world, coordinator, path):
    version = make_version(QUESTIONS)
    round = make_round(version, world.rmc_office)
    login(client, coordinator)
    url = "/vragenlijsten/resultaten/" + (f"{round.pk}/{path}" if path is not None else "")
    schools = [world.school, OrganisationFactory(school=True)]

    def grow(n):
        for i in range(n):
            school = schools[i % 2]
            state = ("completed", "opened", "not_opened")[i % 3]
            invitation = invite(
                round,
                young_person(school, world.municipality),
                state=state,
                channel=("email", "sms")[i % 2],
            )
            if state == "completed":
                answer_all([invitation], version)

    grow(10)
    small = _queries(client, url)
    grow(90)
    assert _queries(client, url) == small
