"""The questionnaire builder: questions on a draft, every validation, publishing, the rule
that a published version never changes, new versions and copies, who may do what, and the
pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.privacy.models import AuditEvent
from dwarsverbinder.surveys import authoring
from dwarsverbinder.surveys.builder_forms import QuestionForm, parse_options
from dwarsverbinder.surveys.models import Question, Questionnaire, QuestionnaireVersion
from dwarsverbinder.surveys.standard import STANDARD_QUESTIONS
from tests.conftest import login
from tests.factories import MembershipFactory

NEVER = "A published version never changes. Make a new version to change it."
WHERE = {
    "key": "where",
    "kind": "single",
    "text_nl": "Wat doe je nu?",
    "text_en": "What are you doing now?",
    "options": [
        {"value": "school", "label_nl": "School", "label_en": "School"},
        {"value": "work", "label_nl": "Werk", "label_en": "Work"},
    ],
}
CONTACT_OK = {"key": "contact_ok", "kind": "yes_no", "text_nl": "Klopt je nummer nog?"}


def _as(user):
    user.active_membership = user.memberships.select_related("organisation").get()
    return user


@pytest.fixture
def coordinator(world):
    membership = MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    )
    return _as(membership.user)


@pytest.fixture
def other_coordinator(world):
    membership = MembershipFactory(
        organisation=world.other_school, role=Role.COORDINATOR, user__username="elders"
    )
    return _as(membership.user)


@pytest.fixture
def draft(coordinator):
    return authoring.questionnaire_create(
        by=coordinator, name="Schoolverlaters", description="Na 6 maanden"
    )


def _add(version, by, **fields) -> Question:
    return authoring.question_add(version=version, by=by, **fields)


def _errors(caught: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return caught.value.message_dict


def _standard_version() -> QuestionnaireVersion:
    return QuestionnaireVersion.objects.get(questionnaire__is_standard=True, number=1)


def _published(draft, coordinator) -> QuestionnaireVersion:
    _add(draft, coordinator, **WHERE)
    _add(draft, coordinator, **CONTACT_OK)
    return authoring.version_publish(version=draft, by=coordinator)


# --- Questions on a draft ------------------------------------------------------------------


def test_a_coordinator_makes_a_questionnaire_of_their_organisation(world, coordinator, draft):
    questionnaire = draft.questionnaire
    assert questionnaire.owner == world.rmc_office
    assert questionnaire.created_by == coordinator
    assert (draft.number, draft.status) == (1, "draft")
    actions = set(
        AuditEvent.objects.filter(actor_id=coordinator.pk).values_list("object_type", "action")
    )
    assert actions == {
        ("surveys.questionnaire", "create"),
        ("surveys.questionnaireversion", "create"),
    }


def test_questions_are_added_changed_moved_and_deleted_on_a_draft(coordinator, draft):
    where = _add(draft, coordinator, **WHERE)
    contact = _add(draft, coordinator, **CONTACT_OK)
    age = _add(
        draft,
        coordinator,
        key="Wellbeing ",  # trimmed and in lower case
        kind="scale",
        text_nl="Hoe gaat het?",
        scale_min=1,
        scale_max=5,
        scale_min_label_nl="Slecht",
        scale_max_label_nl="Goed",
        options=[{"value": "stray", "label_nl": "left from another kind"}],
    )
    assert [q.position for q in (where, contact, age)] == [1, 2, 3]
    assert age.key == "wellbeing" and age.options == []

    authoring.question_update(question=contact, by=coordinator, text_nl="Kloppen je gegevens?")
    contact.refresh_from_db()
    assert contact.text_nl == "Kloppen je gegevens?"
    assert contact.kind == "yes_no"  # fields not passed stay

    authoring.question_move(question=age, by=coordinator, direction="up")
    keys = list(draft.questions.order_by("position").values_list("key", flat=True))
    assert keys == ["where", "wellbeing", "contact_ok"]
    authoring.question_move(question=where, by=coordinator, direction="down")
    authoring.question_move(question=where, by=coordinator, direction="down")
    authoring.question_move(question=where, by=coordinator, direction="down")  # at the bottom
    keys = list(draft.questions.order_by("position").values_list("key", flat=True))
    assert keys == ["wellbeing", "contact_ok", "where"]

    authoring.question_delete(question=contact, by=coordinator)
    rows = list(draft.questions.order_by("position").values_list("key", "position"))
    assert rows == [("wellbeing", 1), ("where", 2)]

    audited = AuditEvent.objects.filter(object_type="surveys.question", actor_id=coordinator.pk)
    assert audited.filter(action="create").count() == 3
    assert audited.filter(action="delete", object_id=str(contact.pk)).count() == 1
    moved = audited.filter(action="update", object_id=str(where.pk))
    # Two moves down and closing the gap of the deleted question; the move at the bottom
    # changed nothing.
    assert moved.count() == 3
    assert all("position" in event.changes for event in moved)


def test_changing_the_kind_clears_the_fields_of_the_old_kind(coordinator, draft):
    question = _add(draft, coordinator, **WHERE)
    authoring.question_update(question=question, by=coordinator, kind="text")
    question.refresh_from_db()
    assert (question.kind, question.options) == ("text", [])


# --- Validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("work | Ik werk | I work\nschool", "Line 2: write value | Dutch label | English label"),
        ("a | A\n\nb | B | B | extra", "Line 3: write value"),
        ("work | Ik werk\nWork! | Werk", "Line 2: the value “Work!” may only hold"),
        ("work | Ik werk\n\nwork | Werk", "Line 3: the value “work” is on line 1 already."),
        ("work |  | I work", "Line 1: the Dutch label is missing."),
    ],
)
def test_bad_option_lines_are_refused_naming_the_line(text, message):
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            parse_options(text)
        messages = caught.value.messages  # lazy messages become text in English here
    assert any(m.startswith(message) for m in messages), messages


def test_option_lines_are_read_with_an_optional_english_label():
    assert parse_options("work | Ik werk | I work\n\n  school|School  \n") == [
        {"value": "work", "label_nl": "Ik werk", "label_en": "I work"},
        {"value": "school", "label_nl": "School", "label_en": ""},
    ]


def test_the_service_checks_options_too(coordinator, draft):
    options = [{"value": "a", "label_nl": "A"}, {"value": "a", "label_nl": ""}]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _add(draft, coordinator, key="q", kind="single", text_nl="Vraag?", options=options)
    assert _errors(caught)["options"] == [
        "Option 2: the value “a” is used twice.",
        "Option 2: give a Dutch label.",
    ]


def test_keys_are_slugs_and_unique_per_version(coordinator, draft):
    _add(draft, coordinator, **WHERE)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _add(draft, coordinator, **{**CONTACT_OK, "key": "where"})
    assert _errors(caught)["key"] == [
        "Another question in this version already has the key “where”."
    ]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _add(draft, coordinator, **{**CONTACT_OK, "key": "twee woorden"})
    assert _errors(caught)["key"][0].startswith("A key is made of lower-case letters")
    assert draft.questions.count() == 1
    # The same key in another questionnaire is fine.
    other = authoring.questionnaire_create(by=coordinator, name="Ander")
    _add(other, coordinator, **WHERE)


def test_a_condition_on_an_unknown_or_later_question_is_refused(coordinator, draft):
    where = _add(draft, coordinator, **WHERE)
    _add(draft, coordinator, **CONTACT_OK)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _add(
            draft,
            coordinator,
            key="phone",
            kind="text",
            text_nl="Nummer?",
            condition_key="nope",
            condition_operator="equals",
            condition_value="no",
        )
    assert _errors(caught)["condition_key"] == [
        "There is no question with the key “nope” in this version."
    ]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        authoring.question_update(
            question=where,
            by=coordinator,
            condition_key="contact_ok",
            condition_operator="equals",
            condition_value="no",
        )
    assert _errors(caught)["condition_key"] == [
        "A question can only depend on an earlier question; “contact_ok” comes later."
    ]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        authoring.question_update(
            question=where, by=coordinator, condition_key="where", condition_operator="equals"
        )
    assert _errors(caught)["condition_key"] == ["A question cannot depend on itself."]
    where.refresh_from_db()
    assert where.condition_key == ""


def test_a_condition_value_must_fit_the_question_it_depends_on(coordinator, draft):
    _add(draft, coordinator, **WHERE)
    _add(draft, coordinator, **CONTACT_OK)
    _add(draft, coordinator, key="since", kind="date", text_nl="Sinds?")
    _add(draft, coordinator, key="mood", kind="scale", text_nl="Hoe?", scale_min=1, scale_max=5)
    _add(
        draft,
        coordinator,
        key="help",
        kind="multiple",
        text_nl="Waarmee?",
        options=[{"value": "money", "label_nl": "Geld"}, {"value": "house", "label_nl": "Huis"}],
    )
    cases = [
        ("where", "equals", "benefit", "condition_value", "“benefit” is not an answer option of"),
        ("where", "in", "school, benefit", "condition_value", "“benefit” is not an answer option"),
        ("where", "in", " , ", "condition_value", "Give one or more answers"),
        ("where", "contains", "work", "condition_operator", "For question “where” the condition"),
        ("contact_ok", "equals", "maybe", "condition_value", "Question “contact_ok” is answered"),
        ("contact_ok", "equals", "", "condition_value", "Give the answer that makes"),
        ("since", "equals", "2024-01-01", "condition_key", "A condition can only depend on"),
        ("mood", "equals", "7", "condition_value", "Question “mood” is answered with a number"),
        ("help", "equals", "money", "condition_operator", "For question “help” the condition"),
        ("", "equals", "no", "condition_key", "Choose the question this one depends on."),
    ]
    for key, operator, value, field, message in cases:
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            _add(
                draft,
                coordinator,
                key="later",
                kind="text",
                text_nl="Later?",
                condition_key=key,
                condition_operator=operator,
                condition_value=value,
            )
        assert _errors(caught)[field][0].startswith(message), (key, _errors(caught))
    assert draft.questions.count() == 5

    # What fits is stored in the form the respond pages read.
    fitting = [
        ("where", "in", "school, work", ["school", "work"]),
        ("where", "not_equals", "work", "work"),
        ("contact_ok", "equals", "Nee", "no"),
        ("mood", "in", "1,2", [1, 2]),
        ("mood", "equals", 3, 3),
        ("help", "contains", "money", "money"),
    ]
    for number, (key, operator, value, stored) in enumerate(fitting):
        question = _add(
            draft,
            coordinator,
            key=f"fits-{number}",
            kind="text",
            text_nl="Ja?",
            condition_key=key,
            condition_operator=operator,
            condition_value=value,
        )
        question.refresh_from_db()
        assert question.condition_value == stored


def test_an_effect_must_fit_the_kind_and_is_used_once_per_version(coordinator, draft):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _add(draft, coordinator, **{**CONTACT_OK, "effect": "position"})
    assert _errors(caught)["effect"] == [
        "“Sets where the young person is now” only fits a question of the kind “Single choice”."
    ]
    for effect, kind in authoring.EFFECT_KINDS.items():
        wrong = "multiple" if kind != "multiple" else "single"
        with pytest.raises(ValidationError) as caught:
            _add(draft, coordinator, key="x", kind=wrong, text_nl="X?", effect=effect)
        assert "effect" in _errors(caught)
    _add(draft, coordinator, **{**CONTACT_OK, "effect": "contact_ok"})
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _add(draft, coordinator, key="again", kind="yes_no", text_nl="Nog?", effect="contact_ok")
    assert _errors(caught)["effect"] == [
        "Question “contact_ok” already has this effect. An effect is used once per version."
    ]
    # Another effect on a yes/no question is fine.
    _add(draft, coordinator, key="coach", kind="yes_no", text_nl="Coach?", effect="wants_coach")


def test_a_scale_needs_sensible_bounds(coordinator, draft):
    for low, high in [(None, 5), (5, 5), (0, 11)]:
        with pytest.raises(ValidationError) as caught:
            _add(
                draft,
                coordinator,
                key="s",
                kind="scale",
                text_nl="?",
                scale_min=low,
                scale_max=high,
            )
        assert "scale_max" in _errors(caught)
    _add(draft, coordinator, key="s", kind="scale", text_nl="?", scale_min=0, scale_max=10)


def test_questions_that_depend_on_another_keep_their_condition_valid(coordinator, draft):
    contact = _add(draft, coordinator, **CONTACT_OK)
    phone = _add(
        draft,
        coordinator,
        key="phone",
        kind="text",
        text_nl="Nummer?",
        condition_key="contact_ok",
        condition_operator="equals",
        condition_value="no",
    )
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        authoring.question_delete(question=contact, by=coordinator)
    assert caught.value.messages == [
        "Question “phone” depends on this question. Change or remove its condition first."
    ]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        authoring.question_move(question=phone, by=coordinator, direction="up")
    assert caught.value.messages == [
        "Question “phone” depends on “contact_ok”, so it has to stay below it."
    ]
    with pytest.raises(ValidationError):
        authoring.question_move(question=contact, by=coordinator, direction="down")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        authoring.question_update(question=contact, by=coordinator, kind="text")
    assert caught.value.message_dict["__all__"][0].startswith(
        "Question “phone” depends on this one: A condition can only depend on"
    )
    # A new key is followed by the questions that depend on it.
    authoring.question_update(question=contact, by=coordinator, key="details_ok")
    phone.refresh_from_db()
    assert phone.condition_key == "details_ok"
    assert AuditEvent.objects.filter(
        object_type="surveys.question", object_id=str(phone.pk), action="update"
    ).exists()


# --- Publishing and the published version --------------------------------------------------


def test_publishing_checks_the_version_first(coordinator, draft):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        authoring.version_publish(version=draft, by=coordinator)
    assert caught.value.messages == ["Add at least one question."]
    _add(draft, coordinator, **{**WHERE, "options": WHERE["options"][:1]})
    _add(draft, coordinator, key="help", kind="multiple", text_nl="Waarmee?")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        authoring.version_publish(version=draft, by=coordinator)
    assert caught.value.messages == [
        "Question “where”: A choice question needs at least two answer options.",
        "Question “help”: A choice question needs at least two answer options.",
    ]
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.published_at is None


def test_a_condition_broken_behind_the_services_back_stops_publishing(coordinator, draft):
    _add(draft, coordinator, **WHERE)
    later = _add(draft, coordinator, key="later", kind="text", text_nl="?")
    Question.objects.filter(pk=later.pk).update(
        condition_key="where", condition_operator="equals", condition_value="gone"
    )
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        authoring.version_publish(version=draft, by=coordinator)
    assert caught.value.messages[0].startswith(
        "Question “later”: “gone” is not an answer option of question “where”."
    )


def test_publishing_freezes_the_version_and_every_change_is_refused(coordinator, draft):
    where = _add(draft, coordinator, **WHERE)
    _add(draft, coordinator, **CONTACT_OK)
    authoring.version_publish(version=draft, by=coordinator)
    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.published_by == coordinator and draft.published_at is not None
    assert AuditEvent.objects.filter(
        object_type="surveys.questionnaireversion", object_id=str(draft.pk), action="update"
    ).exists()

    before = list(draft.questions.order_by("position").values())
    changes = [
        lambda: _add(draft, coordinator, key="new", kind="text", text_nl="Nieuw?"),
        lambda: authoring.question_update(question=where, by=coordinator, text_nl="Anders?"),
        lambda: authoring.question_delete(question=where, by=coordinator),
        lambda: authoring.question_move(question=where, by=coordinator, direction="down"),
        lambda: authoring.version_update_intro(version=draft, by=coordinator, intro_nl="Hoi"),
        lambda: authoring.version_publish(version=draft, by=coordinator),
        lambda: authoring.version_discard(version=draft, by=coordinator),
    ]
    for change in changes:
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            change()
        assert caught.value.messages == [NEVER]
    assert list(draft.questions.order_by("position").values()) == before
    draft.refresh_from_db()
    assert draft.intro_nl == ""


def test_a_new_version_copies_the_latest_exactly_with_the_next_number(coordinator, draft):
    authoring.version_update_intro(version=draft, by=coordinator, intro_nl="Hoi", intro_en="Hi")
    _add(draft, coordinator, **{**WHERE, "required": True, "effect": "position"})
    _add(draft, coordinator, **{**CONTACT_OK, "help_nl": "Uitleg", "effect": "contact_ok"})
    _add(
        draft,
        coordinator,
        key="phone",
        kind="text",
        text_nl="Nummer?",
        condition_key="contact_ok",
        condition_operator="equals",
        condition_value="no",
        effect="new_phone",
    )
    _add(draft, coordinator, key="mood", kind="scale", text_nl="?", scale_min=1, scale_max=5)
    authoring.version_publish(version=draft, by=coordinator)

    second = authoring.version_new_draft(questionnaire=draft.questionnaire, by=coordinator)
    assert (second.number, second.status) == (2, "draft")
    assert (second.intro_nl, second.intro_en) == ("Hoi", "Hi")

    def rows(version):
        fields = ["position", *authoring.QUESTION_FIELDS]
        return list(version.questions.order_by("position").values(*fields))

    assert rows(second) == rows(draft)
    assert len(rows(second)) == 4
    # The copy is a draft of its own: changing it leaves version 1 alone.
    copy = second.questions.get(key="where")
    authoring.question_update(question=copy, by=coordinator, text_nl="Wat doe je nu precies?")
    assert draft.questions.get(key="where").text_nl == "Wat doe je nu?"


def test_only_one_draft_at_a_time(coordinator, draft):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        authoring.version_new_draft(questionnaire=draft.questionnaire, by=coordinator)
    assert caught.value.messages == [
        "Version 1 is still a draft. Publish or discard it before you make a new version."
    ]
    # The database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionnaireVersion.objects.create(questionnaire=draft.questionnaire, number=2)


def test_retiring_and_discarding(coordinator, draft):
    with pytest.raises(ValidationError):
        authoring.version_retire(version=draft, by=coordinator)
    _published(draft, coordinator)
    second = authoring.version_new_draft(questionnaire=draft.questionnaire, by=coordinator)
    assert authoring.version_discard(version=second, by=coordinator) == draft.questionnaire
    assert not QuestionnaireVersion.objects.filter(pk=second.pk).exists()
    authoring.version_retire(version=draft, by=coordinator)
    draft.refresh_from_db()
    assert draft.status == "retired"
    # A questionnaire whose only version is a discarded draft goes with it.
    lone = authoring.questionnaire_create(by=coordinator, name="Proef")
    assert authoring.version_discard(version=lone, by=coordinator) is None
    assert not Questionnaire.objects.filter(pk=lone.questionnaire_id).exists()


# --- The standard check-in -----------------------------------------------------------------


def _standard_rows(version):
    return [
        {name: value for name, value in row.items() if name not in ("id", "version_id")}
        for row in version.questions.order_by("position").values()
    ]


def test_the_standard_check_in_is_copied_into_a_new_questionnaire(world, coordinator):
    standard = _standard_version()
    before = _standard_rows(standard)
    copy = authoring.questionnaire_copy(source=standard, by=coordinator, name="Onze check-in")
    assert copy.questionnaire.owner == world.rmc_office
    assert not copy.questionnaire.is_standard
    assert (copy.number, copy.status) == (1, "draft")
    assert copy.intro_nl == standard.intro_nl
    assert _standard_rows(copy) == before
    assert [q["key"] for q in _standard_rows(copy)] == [q["key"] for q in STANDARD_QUESTIONS]
    # Ready to publish as it is; the standard itself is untouched.
    authoring.version_publish(version=copy, by=coordinator)
    assert _standard_rows(standard) == before
    assert standard.questionnaire.versions.count() == 1


def test_the_standard_check_in_can_start_a_new_draft_of_an_own_questionnaire(coordinator, draft):
    _published(draft, coordinator)
    second = authoring.version_new_draft(
        questionnaire=draft.questionnaire, by=coordinator, source=_standard_version()
    )
    assert second.number == 2
    assert _standard_rows(second) == _standard_rows(_standard_version())


def test_nobody_edits_the_standard_check_in(world, coordinator):
    standard = _standard_version()
    with pytest.raises(PermissionDenied):
        authoring.version_new_draft(questionnaire=standard.questionnaire, by=coordinator)
    assert (
        not authoring.questionnaires_editable_by(user=coordinator).filter(is_standard=True).exists()
    )


# --- Who may do what -----------------------------------------------------------------------


def test_services_refuse_users_who_may_not_build(world, coordinator, other_coordinator, draft):
    question = _add(draft, coordinator, **WHERE)
    coach = _as(world.rmc_consultant)  # a coach of the same organisation
    for user in (other_coordinator, coach):
        with pytest.raises(PermissionDenied):
            _add(draft, user, **CONTACT_OK)
        with pytest.raises(PermissionDenied):
            authoring.question_update(question=question, by=user, text_nl="Nee")
        with pytest.raises(PermissionDenied):
            authoring.version_publish(version=draft, by=user)
    with pytest.raises(PermissionDenied):
        authoring.questionnaire_create(by=coach, name="Mag niet")
    # A draft of another organisation cannot be copied, nor a draft at all.
    with pytest.raises(PermissionDenied):
        authoring.questionnaire_copy(source=draft, by=other_coordinator, name="Kopie")


def test_what_each_role_sees(world, coordinator, other_coordinator, draft):
    mine = set(authoring.questionnaires_visible_to(user=coordinator).values_list("pk", flat=True))
    standard = _standard_version().questionnaire_id
    assert mine == {standard, draft.questionnaire_id}
    theirs = authoring.questionnaires_visible_to(user=other_coordinator)
    assert set(theirs.values_list("pk", flat=True)) == {standard}
    coach = _as(world.rmc_consultant)
    assert authoring.questionnaires_visible_to(user=coach).filter(pk=draft.questionnaire_id)
    assert not authoring.questionnaires_editable_by(user=coach).exists()
    for user in (world.analyst, world.privacy_officer, world.administrator):
        assert not authoring.questionnaires_visible_to(user=_as(user)).exists()


# --- Pages ---------------------------------------------------------------------------------


def _english(client):
    client.cookies["django_language"] = "en"


def test_building_through_the_pages(client, coordinator):
    login(client, coordinator)
    _english(client)
    response = client.post("/vragenlijsten/nieuw/", {"name": "Na zes maanden"})
    version = QuestionnaireVersion.objects.get(questionnaire__name="Na zes maanden")
    assert (
        response.status_code == 302
        and response["Location"] == f"/vragenlijsten/versie/{version.pk}/"
    )

    add = f"/vragenlijsten/versie/{version.pk}/vraag/"
    assert "?soort=single" in client.get(add).content.decode()
    page = client.get(add + "?soort=single").content.decode()
    assert 'name="options"' in page and 'name="scale_min"' not in page
    assert 'value="position"' in page and 'value="wellbeing"' not in page

    typed = {
        "kind": "single",
        "key": "where",
        "text_nl": "Wat doe je nu?",
        "options": "school | School | School\nwerk",
    }
    response = client.post(add, typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Line 2: write value | Dutch label | English label" in page
    assert "Wat doe je nu?" in page and "school | School | School\nwerk" in page
    assert not version.questions.exists()

    typed["options"] = "school | School | School\nwork | Werk | Work"
    response = client.post(add, {**typed, "required": "on"})
    assert response.status_code == 302
    where = version.questions.get()
    assert where.required and where.options[1] == {
        "value": "work",
        "label_nl": "Werk",
        "label_en": "Work",
    }

    conditional = {
        "kind": "yes_no",
        "key": "happy",
        "text_nl": "Is het leuk?",
        "condition_key": "where",
        "condition_operator": "equals",
        "condition_value": "nothing",
    }
    response = client.post(add, conditional)
    assert response.status_code == 200
    assert "“nothing” is not an answer option of question “where”" in response.content.decode()
    conditional["condition_value"] = "work"
    assert client.post(add, conditional).status_code == 302
    happy = version.questions.get(key="happy")
    assert (happy.position, happy.condition_value) == (2, "work")

    edit = f"/vragenlijsten/vraag/{happy.pk}/"
    page = client.get(edit).content.decode()
    assert 'value="work"' in page and "Is het leuk?" in page
    # The first question's form offers no earlier question to depend on.
    first = client.get(f"/vragenlijsten/vraag/{where.pk}/").content.decode()
    assert 'value="happy"' not in first

    response = client.post(f"/vragenlijsten/vraag/{happy.pk}/verplaatsen/", {"direction": "up"})
    assert response.status_code == 302
    messages = client.get(f"/vragenlijsten/versie/{version.pk}/").content.decode()
    assert "so it has to stay below it" in messages

    response = client.post(f"/vragenlijsten/versie/{version.pk}/inleiding/", {"intro_nl": "Hoi!"})
    assert response.status_code == 302
    response = client.post(f"/vragenlijsten/versie/{version.pk}/publiceren/")
    version.refresh_from_db()
    assert version.status == "published"


def test_a_published_version_shows_no_edit_controls(client, coordinator, draft):
    where = _add(draft, coordinator, **WHERE)
    login(client, coordinator)
    page = client.get(f"/vragenlijsten/versie/{draft.pk}/").content.decode()
    assert f"/vragenlijsten/vraag/{where.pk}/" in page
    assert f"/vragenlijsten/versie/{draft.pk}/publiceren/" in page
    assert f"/vragenlijst/voorbeeld/{draft.pk}/" in page

    _add(draft, coordinator, **CONTACT_OK)
    authoring.version_publish(version=draft, by=coordinator)
    page = client.get(f"/vragenlijsten/versie/{draft.pk}/").content.decode()
    for control in (
        f"/vragenlijsten/vraag/{where.pk}/",
        "/verplaatsen/",
        "/verwijderen/",
        f"/vragenlijsten/versie/{draft.pk}/vraag/",
        f"/vragenlijsten/versie/{draft.pk}/inleiding/",
        f"/vragenlijsten/versie/{draft.pk}/publiceren/",
    ):
        assert control not in page, control
    assert f"/vragenlijst/voorbeeld/{draft.pk}/" in page
    assert f"/vragenlijsten/versie/{draft.pk}/intrekken/" in page

    _english(client)
    response = client.get(f"/vragenlijsten/vraag/{where.pk}/", follow=True)
    assert NEVER in response.content.decode()
    response = client.post(f"/vragenlijsten/vraag/{where.pk}/verwijderen/", follow=True)
    assert NEVER in response.content.decode()
    assert Question.objects.filter(pk=where.pk).exists()


def test_a_second_draft_gets_a_friendly_message(client, coordinator, draft):
    _published(draft, coordinator)
    login(client, coordinator)
    _english(client)
    url = f"/vragenlijsten/{draft.questionnaire_id}/nieuwe-versie/"
    response = client.post(url)
    second = QuestionnaireVersion.objects.get(questionnaire=draft.questionnaire, number=2)
    assert response["Location"] == f"/vragenlijsten/versie/{second.pk}/"
    response = client.post(url, follow=True)
    assert "Version 2 is still a draft." in response.content.decode()
    assert draft.questionnaire.versions.count() == 2


def test_copying_the_standard_check_in_through_the_pages(client, coordinator):
    login(client, coordinator)
    standard = _standard_version()
    page = client.get("/vragenlijsten/").content.decode()
    assert f"/vragenlijsten/kopieren/{standard.pk}/" in page
    response = client.post(f"/vragenlijsten/kopieren/{standard.pk}/", {"name": "Onze check-in"})
    copy = QuestionnaireVersion.objects.get(questionnaire__name="Onze check-in")
    assert response["Location"] == f"/vragenlijsten/versie/{copy.pk}/"
    assert copy.questions.count() == len(STANDARD_QUESTIONS)


def test_another_organisations_coordinator_gets_404(client, other_coordinator, coordinator, draft):
    question = _add(draft, coordinator, **WHERE)
    login(client, other_coordinator)
    q = draft.questionnaire_id
    for url in (
        f"/vragenlijsten/{q}/",
        f"/vragenlijsten/versie/{draft.pk}/",
        f"/vragenlijsten/versie/{draft.pk}/vraag/?soort=text",
        f"/vragenlijsten/versie/{draft.pk}/inleiding/",
        f"/vragenlijsten/vraag/{question.pk}/",
        f"/vragenlijsten/vraag/{question.pk}/verwijderen/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/vragenlijsten/{q}/nieuwe-versie/",
        f"/vragenlijsten/versie/{draft.pk}/publiceren/",
        f"/vragenlijsten/versie/{draft.pk}/weggooien/",
        f"/vragenlijsten/vraag/{question.pk}/",
        f"/vragenlijsten/vraag/{question.pk}/verwijderen/",
        f"/vragenlijsten/vraag/{question.pk}/verplaatsen/",
    ):
        assert client.post(url, {"direction": "up", "text_nl": "x"}).status_code == 404, url
    assert "Schoolverlaters" not in client.get("/vragenlijsten/").content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft" and Question.objects.filter(pk=question.pk).exists()


def test_a_coach_reads_but_does_not_change(client, world, coordinator, draft):
    question = _add(draft, coordinator, **WHERE)
    login(client, world.rmc_consultant)
    page = client.get("/vragenlijsten/").content.decode()
    assert "Schoolverlaters" in page
    assert "/vragenlijsten/nieuw/" not in page and "/kopieren/" not in page
    page = client.get(f"/vragenlijsten/versie/{draft.pk}/").content.decode()
    assert "Wat doe je nu?" in page
    assert f"/vragenlijsten/vraag/{question.pk}/" not in page and "/publiceren/" not in page
    assert client.get(f"/vragenlijsten/{draft.questionnaire_id}/").status_code == 200
    assert client.get(f"/vragenlijsten/vraag/{question.pk}/").status_code == 404
    assert client.get("/vragenlijsten/nieuw/").status_code == 404
    assert client.post(f"/vragenlijsten/versie/{draft.pk}/publiceren/").status_code == 404


@pytest.mark.parametrize("username", ["analist", "fg", "beheer"])
def test_roles_outside_casework_get_404(client, world, username, draft):
    user = {"analist": world.analyst, "fg": world.privacy_officer, "beheer": world.administrator}
    login(client, user[username])
    assert client.get("/vragenlijsten/").status_code == 404
    assert client.get(f"/vragenlijsten/versie/{draft.pk}/").status_code == 404


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/vragenlijsten/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(coordinator, n: int) -> None:
    for number in range(n):
        version = authoring.questionnaire_create(by=coordinator, name=f"Lijst {number}")
        _published(version, coordinator)
        authoring.version_new_draft(questionnaire=version.questionnaire, by=coordinator)


def test_the_list_page_has_a_fixed_number_of_queries(client, coordinator):
    login(client, coordinator)
    _grow(coordinator, 2)
    small = _list_queries(client)
    _grow(coordinator, 8)
    assert Questionnaire.objects.filter(owner__isnull=False).count() == 10
    assert _list_queries(client) == small


def test_the_question_form_fits_the_kind():
    names = {kind: set(QuestionForm(kind=kind, earlier=[]).fields) for kind in ("text", "scale")}
    assert "options" not in names["text"] and "scale_min" not in names["text"]
    assert {"scale_min", "scale_max", "effect"} <= names["scale"]
    assert "effect" not in QuestionForm(kind="multiple", earlier=[]).fields


@pytest.mark.parametrize("key", ["overzicht", "bedankt"])
def test_the_keys_of_the_summary_and_thank_you_pages_are_refused(draft, coordinator, key):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _add(draft, coordinator, key=key, kind="text", text_nl="Iets?")
    assert "is the name of a page of the questionnaire" in _errors(caught)["key"][0]
