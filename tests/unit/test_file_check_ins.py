"""The young person's file shows their answered check-ins, to those the register lets see
survey answers."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from dwarsverbinder.surveys.models import Answer, Invitation, Questionnaire, Response, Round
from dwarsverbinder.surveys.tokens import new_token
from tests.conftest import login


def _answered(world):
    version = Questionnaire.objects.get(is_standard=True).versions.get()
    today = timezone.localdate()
    survey_round = Round.objects.create(
        name="Check-in najaar",
        version=version,
        organisation=world.school,
        starts_on=today,
        closes_on=today + datetime.timedelta(days=14),
        status="open",
    )
    invitation = Invitation.objects.create(
        round=survey_round, person=world.person, token_hash=new_token()[1], channel="email"
    )
    response = Response.objects.create(
        invitation=invitation, via="link", completed_at=timezone.now()
    )
    questions = {q.key: q for q in version.questions.all()}
    Answer.objects.create(response=response, question=questions["where"], value="both")
    Answer.objects.create(response=response, question=questions["wellbeing"], value=4)
    Answer.objects.create(response=response, question=questions["money"], value="yes")
    return response


def test_the_file_shows_answered_check_ins(client, world):
    _answered(world)
    login(client, world.coach)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/jongeren/{world.person.pk}/").content.decode()
    assert "Check-in najaar" in html
    assert "I work and I study" in html
    assert "4 (1–5)" in html
    assert "Are you worried about money?</dt><dd>yes" in html


def test_check_ins_follow_the_register(client, world):
    from dwarsverbinder.privacy.models import ProcessingRecord

    _answered(world)
    record = ProcessingRecord.objects.get(category="survey")
    record.organisation_kinds = ["gemeente"]
    record.save()
    login(client, world.coach)
    html = client.get(f"/jongeren/{world.person.pk}/").content.decode()
    assert "Check-in najaar" not in html
    assert 'id="check-ins"' not in html
