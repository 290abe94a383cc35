"""Survey answers rest on consent: sending the answers records it (once, with the text the
young person read), and taking it back removes the answers and stops the invitations."""

from __future__ import annotations

import datetime

from django.utils import timezone

from dwarsverbinder.privacy import services as consent_services
from dwarsverbinder.privacy.models import Consent
from dwarsverbinder.surveys import respond, rounds
from dwarsverbinder.surveys.models import Invitation, Questionnaire, Response, Round
from dwarsverbinder.surveys.tokens import new_token

TODAY = timezone.localdate()


def _round(world, name="Check-in"):
    version = Questionnaire.objects.get(is_standard=True).versions.get()
    return Round.objects.create(
        name=name,
        version=version,
        organisation=world.rmc_office,
        starts_on=TODAY,
        closes_on=TODAY + datetime.timedelta(days=14),
        status="open",
    )


def _answer_all(invitation):
    questions = {q.key: q for q in invitation.round.version.questions.all()}
    respond.answer_save(invitation=invitation, question=questions["where"], raw="work", via="link")
    return respond.response_complete(invitation=invitation, via="link")


def test_sending_the_answers_records_the_survey_consent_once(world):
    first = Invitation.objects.create(
        round=_round(world), person=world.person, token_hash=new_token()[1], channel="email"
    )
    _answer_all(first)
    consent = Consent.objects.get(person=world.person, purpose="survey")
    assert consent.receiving_organisation == world.rmc_office
    assert consent.categories == ["survey"]
    assert "Gemeente Tiel" in consent.text_shown
    assert consent.recorded_by is None
    second = Invitation.objects.create(
        round=_round(world, "Tweede"), person=world.person, token_hash=new_token()[1]
    )
    _answer_all(second)
    assert Consent.objects.filter(person=world.person, purpose="survey").count() == 1


def test_taking_back_the_survey_consent_removes_answers_and_stops_invitations(world):
    survey_round = _round(world)
    invitation = Invitation.objects.create(
        round=survey_round, person=world.person, token_hash=new_token()[1], channel="email"
    )
    _answer_all(invitation)
    assert world.person.pk in set(
        rounds.invitable_people(_round(world, "Later")).values_list("id", flat=True)
    )

    consent = Consent.objects.get(person=world.person, purpose="survey")
    consent_services.consent_withdraw(consent=consent, via="my_page", by=None)

    assert not Response.objects.filter(invitation__person=world.person).exists()
    invitation.refresh_from_db()
    assert invitation.completed_at is not None  # they did answer; not a non-responder
    later = _round(world, "Later")
    assert world.person.pk not in set(rounds.invitable_people(later).values_list("id", flat=True))
