"""Demo check-ins: a closed spring round of the standard check-in by the RMC of Gemeente
Tiel, answered by about half of the young people invited (enough for unsuppressed results
and response rates), and an open autumn round by the ROC with non-responders for the
coach to call. Records are written directly, with dates in the past; the answers are not
applied to the files (the timeline already holds the demo's status history).
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from dwarsverbinder.accounts.models import User
from dwarsverbinder.network.models import Organisation
from dwarsverbinder.people.models import Assignment, ContactChannel, Person
from dwarsverbinder.privacy.models import Consent
from dwarsverbinder.surveys.models import (
    Answer,
    Invitation,
    Questionnaire,
    Response,
    Round,
)
from dwarsverbinder.surveys.respond import consent_statement
from dwarsverbinder.surveys.tokens import new_token

from .seed import DEMO_CONTACTGEMEENTE, ROC

SPRING_SIZE = 160
AUTUMN_SIZE = 40


def surveys_exist() -> bool:
    return Round.objects.exists()


def _channel_of(person_id: int, channels: dict[int, tuple[str, int]]) -> tuple[str, int | None]:
    kind, channel_id = channels.get(person_id, ("none", None))
    return kind, channel_id


def create_surveys(*, seed: int, users: dict[str, User]) -> dict[str, int]:
    rng = random.Random(seed + 11)
    version = Questionnaire.objects.filter(is_standard=True).first()
    if version is None:
        return {"rounds": 0}
    version = version.versions.filter(status="published").order_by("-number").first()
    questions = {q.key: q for q in version.questions.all()}
    today = timezone.localdate()
    rmc = Organisation.objects.get(code=DEMO_CONTACTGEMEENTE)
    roc = Organisation.objects.get(code=ROC)
    channels: dict[int, tuple[str, int]] = {}
    for person_id, kind, channel_id in (
        ContactChannel.objects.filter(
            is_active=True, last_confirmed__isnull=False, kind__in=["email", "telefoon"]
        )
        .order_by("person_id", "kind")  # "email" sorts before "telefoon"
        .values_list("person_id", "kind", "id")
    ):
        channels.setdefault(person_id, ("email" if kind == "email" else "sms", channel_id))

    spring_people = list(
        Person.objects.filter(municipality__isnull=False, school_careers__leave_date__isnull=False)
        .distinct()
        .order_by("id")
        .values_list("id", flat=True)[:SPRING_SIZE]
    )
    spring = Round.objects.create(
        name="Check-in voorjaar 2026",
        version=version,
        organisation=rmc,
        created_by=users.get("coordinator"),
        selection={"cohort": "", "note": "demo"},
        starts_on=today - datetime.timedelta(days=200),
        closes_on=today - datetime.timedelta(days=170),
        reminder_days=[3, 7],
        status="closed",
        to_send=len(spring_people),
        sent=len(spring_people),
    )
    autumn_people = list(
        Assignment.objects.filter(organisation=roc, ended_at__isnull=True)
        .order_by("person_id")
        .values_list("person_id", flat=True)[:AUTUMN_SIZE]
    )
    autumn = Round.objects.create(
        name="Check-in najaar 2026",
        version=version,
        organisation=roc,
        created_by=users.get("coach"),
        selection={"school": roc.pk},
        starts_on=today - datetime.timedelta(days=6),
        closes_on=today + datetime.timedelta(days=24),
        reminder_days=[3, 7],
        status="open",
        to_send=len(autumn_people),
        sent=len(autumn_people),
    )
    answered = 0
    consents: dict[tuple[int, int], Consent] = {}
    for survey_round, people, share in (
        (spring, spring_people, 0.55),
        (autumn, autumn_people, 0.4),
    ):
        start = timezone.make_aware(
            datetime.datetime.combine(survey_round.starts_on, datetime.time(9, 0))
        )
        for person_id in people:
            kind, channel_id = _channel_of(person_id, channels)
            invitation = Invitation.objects.create(
                round=survey_round,
                person_id=person_id,
                token_hash=new_token()[1],
                channel=kind,
                contact_channel_id=channel_id,
                sent_at=start if kind != "none" else None,
                reminders_sent=rng.choice([0, 1, 2]),
            )
            if kind == "none" or rng.random() > share:
                if rng.random() < 0.3:
                    invitation.opened_at = start + datetime.timedelta(days=rng.randint(0, 5))
                    invitation.save(update_fields=["opened_at"])
                continue
            done = start + datetime.timedelta(days=rng.randint(0, 9), hours=rng.randint(1, 10))
            invitation.opened_at = done - datetime.timedelta(minutes=3)
            invitation.completed_at = done
            invitation.save(update_fields=["opened_at", "completed_at"])
            response = Response.objects.create(
                invitation=invitation, via="link", completed_at=done, applied_at=done
            )
            where = rng.choices(
                ["school", "work", "both", "daytime", "benefit", "nothing"],
                weights=[40, 25, 10, 6, 9, 10],
            )[0]
            contact_ok = rng.choices(["yes", "no"], weights=[85, 15])[0]
            values = {
                "where": where,
                "since": (done.date() - datetime.timedelta(days=rng.randint(30, 400))).isoformat(),
                "contact_ok": contact_ok,
                "wants_coach": rng.choices(["yes", "no"], weights=[25, 75])[0],
                "wellbeing": rng.choices([1, 2, 3, 4, 5], weights=[4, 8, 25, 40, 23])[0],
                "money": rng.choices(["yes", "no"], weights=[30, 70])[0],
            }
            Answer.objects.bulk_create(
                Answer(response=response, question=questions[key], value=value)
                for key, value in values.items()
                if key in questions
            )
            answered += 1
            consents.setdefault(
                (person_id, survey_round.organisation_id),
                Consent(
                    person_id=person_id,
                    purpose="survey",
                    receiving_organisation=survey_round.organisation,
                    categories=["survey"],
                    text_shown=consent_statement(survey_round.organisation),
                    form="digital",
                    given_on=done.date(),
                    expires_on=done.date() + datetime.timedelta(days=365),
                    recorded_by_organisation=survey_round.organisation,
                ),
            )
    Consent.objects.bulk_create(consents.values())
    return {"rounds": 2, "responses": answered}
