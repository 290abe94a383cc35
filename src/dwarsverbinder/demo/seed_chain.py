"""Demo handovers and consents: the coach at the ROC hands young people to the wijkteam
(with their consent) and to the RMC (on the register's legal basis). Enough first
contacts with the wijkteam's help service to show a measured waiting time on the
sociale kaart; a few open handovers, one of them overdue; one withdrawn consent.

Records are written directly with dates in the past (the services stamp today), with
the same shares, steps and audit trail the services would write; no notices are sent.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from dwarsverbinder.accounts.models import User
from dwarsverbinder.chain.constants import HandoverStatus, ShareBasis
from dwarsverbinder.chain.models import Handover, HandoverShare, HandoverStep
from dwarsverbinder.network.models import Organisation, Service
from dwarsverbinder.people.models import Assignment
from dwarsverbinder.privacy.models import Consent, ProcessingRecord
from dwarsverbinder.privacy.services import consent_text

from .seed import DEMO_CONTACTGEMEENTE, ROC, WIJKTEAM

WIJKTEAM_SERVICE = "wijkteam-tiel-oost-hulp"
SHARED = ["identity", "contact"]


def chain_exists() -> bool:
    return Handover.objects.exists()


def create_chain(*, seed: int, users: dict[str, User]) -> dict[str, int]:
    rng = random.Random(seed + 7)
    today = timezone.localdate()
    roc = Organisation.objects.get(code=ROC)
    wijkteam = Organisation.objects.get(code=WIJKTEAM)
    rmc = Organisation.objects.get(code=DEMO_CONTACTGEMEENTE)
    service = Service.objects.filter(slug=WIJKTEAM_SERVICE).first()
    coach, intake = users["coach"], users["intake"]
    register = {r.category: r for r in ProcessingRecord.objects.all()}
    people = list(
        Assignment.objects.filter(organisation=roc, ended_at__isnull=True)
        .order_by("person_id")
        .values_list("person_id", flat=True)[:24]
    )
    if len(people) < 18:
        return {"handovers": 0, "consents": 0}

    def consent(person_id: int, given: datetime.date, **extra) -> Consent:
        return Consent.objects.create(
            person_id=person_id,
            purpose="handover",
            receiving_organisation=wijkteam,
            categories=SHARED,
            text_shown=consent_text(organisation=wijkteam, categories=SHARED),
            form=rng.choice(["in_person", "written"]),
            given_on=given,
            expires_on=given + datetime.timedelta(days=365),
            recorded_by=coach,
            recorded_by_organisation=roc,
            **extra,
        )

    def handover(person_id, to, sent, steps, *, basis_consent=None, **fields) -> Handover:
        record = Handover.objects.create(
            person_id=person_id,
            from_organisation=roc,
            from_user=coach,
            to_organisation=to,
            to_service=service if to == wijkteam else None,
            sent_on=sent,
            reason=fields.pop("reason", "care" if to == wijkteam else "work"),
            **fields,
        )
        HandoverShare.objects.bulk_create(
            HandoverShare(
                handover=record,
                category=category,
                basis=ShareBasis.CONSENT if basis_consent else ShareBasis.REGISTER,
                consent=basis_consent,
                legal_basis=""
                if basis_consent
                else f"{register[category].get_legal_basis_display()}; "
                f"{register[category].legal_article}"[:300],
            )
            for category in SHARED
        )
        HandoverStep.objects.bulk_create(
            HandoverStep(
                handover=record,
                status=status,
                on=on,
                by=coach if status in ("sent", "cancelled") else intake,
                organisation=roc if status in ("sent", "cancelled") else to,
            )
            for status, on in [("sent", sent), *steps]
        )
        return record

    consents = handovers = 0
    # Twelve that reached a first contact with the wijkteam's help service in the past
    # half year: the sociale kaart shows their median wait.
    for person_id in people[:12]:
        sent = today - datetime.timedelta(days=rng.randint(40, 170))
        answered = sent + datetime.timedelta(days=rng.randint(1, 4))
        contact = answered + datetime.timedelta(days=rng.randint(5, 30))
        closed = contact + datetime.timedelta(days=rng.randint(10, 30))
        given = sent - datetime.timedelta(days=rng.randint(0, 3))
        ended = closed < today - datetime.timedelta(days=5)
        handover(
            person_id,
            wijkteam,
            sent,
            [
                ("accepted", answered),
                ("first_contact", contact),
                *([("closed", closed)] if ended else []),
            ],
            basis_consent=consent(person_id, given),
            status=HandoverStatus.CLOSED if ended else HandoverStatus.FIRST_CONTACT,
            answered_on=answered,
            first_contact_on=contact,
            closed_on=closed if ended else None,
            outcome="started" if ended else "",
            handled_by=intake,
            due_on=None if ended else contact + datetime.timedelta(days=90),
        )
        consents += 1
        handovers += 1
    # Open ones for the intake worker: one new, one overdue, one on the waiting list.
    open_cases = [
        (people[12], 1, HandoverStatus.SENT, [], {}),
        (people[13], 9, HandoverStatus.SENT, [], {"urgency": "urgent"}),
        (
            people[14],
            12,
            HandoverStatus.WAITING,
            [("accepted", 10), ("waiting", 10)],
            {"expected_first_contact_on": today + datetime.timedelta(days=9)},
        ),
    ]
    for person_id, days_ago, status, steps, extra in open_cases:
        sent = today - datetime.timedelta(days=days_ago)
        urgency = extra.pop("urgency", "normal")
        answer_days = 1 if urgency == "urgent" else 5
        due = extra.get("expected_first_contact_on") or sent + datetime.timedelta(days=answer_days)
        handover(
            person_id,
            wijkteam,
            sent,
            [(s, today - datetime.timedelta(days=d)) for s, d in steps],
            basis_consent=consent(person_id, sent),
            status=status,
            urgency=urgency,
            due_on=due,
            answered_on=today - datetime.timedelta(days=10) if steps else None,
            question="Wil het wijkteam kijken naar hulp bij post en geldzaken?",
            **extra,
        )
        consents += 1
        handovers += 1
    # Two to the RMC, on the register's legal basis.
    for person_id in people[15:17]:
        sent = today - datetime.timedelta(days=2)
        handover(
            person_id,
            rmc,
            sent,
            [],
            status=HandoverStatus.SENT,
            due_on=sent + datetime.timedelta(days=5),
            reason="education",
        )
        handovers += 1
    # A consent the young person withdrew: the handover it carried ended with it.
    person_id = people[17]
    sent = today - datetime.timedelta(days=30)
    withdrawn = consent(
        person_id,
        sent,
        withdrawn_at=timezone.now() - datetime.timedelta(days=6),
        withdrawn_via="my_page",
    )
    handover(
        person_id,
        wijkteam,
        sent,
        [("accepted", sent + datetime.timedelta(days=2))],
        basis_consent=withdrawn,
        status=HandoverStatus.CONSENT_WITHDRAWN,
        answered_on=sent + datetime.timedelta(days=2),
        closed_on=today - datetime.timedelta(days=6),
    )
    return {"handovers": handovers + 1, "consents": consents + 1}
