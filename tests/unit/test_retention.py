"""The retention run: exactly what is past the register's retention periods goes, people
without open relation or recent activity are anonymised, one audit row with counts, a
second run removes nothing more, and the number of queries does not grow with people."""

from __future__ import annotations

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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
    ContactChannel,
    Identity,
    Person,
    SchoolCareer,
    StatusEpisode,
)
from dwarsverbinder.privacy.constants import AuditAction
from dwarsverbinder.privacy.models import AuditEvent, Consent, ProcessingRecord
from dwarsverbinder.privacy.retention import ANONYMISED_NAME, retention_run
from tests.conftest import login
from tests.factories import AssignmentFactory, OrganisationFactory, PersonFactory

TODAY = datetime.date(2026, 6, 15)
# With the default register: identity and status 60 months, contacts and care 24.
LONG = datetime.date(2021, 6, 15)  # the identity and status limit
SHORT = datetime.date(2024, 6, 15)  # the contacts and care limit
DAY = datetime.timedelta(days=1)


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def orgs(world):
    return {"rmc": world.rmc_office, "care": OrganisationFactory(care=True), "world": world}


def contact(person, org, on):
    return Contact.objects.create(
        person=person,
        organisation=org,
        on=on,
        channel=ContactChannelUsed.PHONE,
        outcome=ContactOutcome.REACHED,
    )


def task(person, org, due, status=TaskStatus.DONE):
    return Task.objects.create(
        person=person,
        organisation=org,
        kind=TaskKind.OTHER,
        title="t",
        due_date=due,
        status=status,
    )


def signal(person, org, raised, resolved=None, kind=SignalKind.NEET):
    return Signal.objects.create(
        person=person, organisation=org, kind=kind, raised_on=raised, resolved_on=resolved
    )


def episode(
    person,
    kind=EpisodeKind.WERK,
    start=datetime.date(2015, 1, 1),
    end=None,
    confirmed=None,
    note="",
):
    return StatusEpisode.objects.create(
        person=person,
        kind=kind,
        start_date=start,
        end_date=end,
        last_confirmed=confirmed or end or start,
        source=Source.COACH,
        note=note,
    )


def consent(
    person, org, given=datetime.date(2018, 1, 1), expires=datetime.date(2030, 1, 1), withdrawn=None
):
    return Consent.objects.create(
        person=person,
        receiving_organisation=org,
        categories=["identity"],
        text_shown="ja",
        form="written",
        given_on=given,
        expires_on=expires,
        withdrawn_at=_aware(withdrawn) if withdrawn else None,
        withdrawn_via="written" if withdrawn else "",
    )


def handover(person, orgs, status=HandoverStatus.CLOSED, closed=None, with_consent=None):
    h = Handover.objects.create(
        person=person,
        from_organisation=orgs["rmc"],
        to_organisation=orgs["care"],
        reason=HandoverReason.WORK,
        status=status,
        sent_on=datetime.date(2018, 1, 1),
        closed_on=closed,
    )
    HandoverShare.objects.create(
        handover=h,
        category="identity",
        basis=ShareBasis.CONSENT if with_consent else ShareBasis.REGISTER,
        consent=with_consent,
    )
    HandoverStep.objects.create(handover=h, status=HandoverStatus.SENT, on=h.sent_on)
    return h


def leaver(world, *, left=LONG - DAY, updated=datetime.date(2020, 1, 1), **fields):
    """Someone who left school before the identity limit and was not changed since."""
    person = PersonFactory(municipality=world.municipality, **fields)
    SchoolCareer.objects.create(
        person=person,
        school=world.school,
        programme_type="mbo_bol",
        level=2,
        start_date=left - datetime.timedelta(days=4 * 365),
        leave_date=left,
    )
    Person.objects.filter(pk=person.pk).update(updated_at=_aware(updated))
    return person


def _exists(obj) -> bool:
    return type(obj)._base_manager.filter(pk=obj.pk).exists()


def _table_sizes() -> dict[str, int]:
    models = (
        Person,
        Identity,
        ContactChannel,
        SchoolCareer,
        StatusEpisode,
        Contact,
        Task,
        Signal,
        Voucher,
        Consent,
        Handover,
        HandoverShare,
        HandoverStep,
    )
    return {m._meta.label_lower: m._base_manager.count() for m in models}


@pytest.fixture
def scene(world, orgs):
    """Records on both sides of every limit, for someone who stays (enrolled) and for
    people who are, or are not, anonymised."""
    rmc = orgs["rmc"]
    stays = world.person  # enrolled at ROC Rivor: never anonymised
    Person.objects.filter(pk=stays.pk).update(updated_at=_aware(datetime.date(2020, 1, 1)))
    s = {"stays": stays}
    s["contact_old"] = contact(stays, rmc, SHORT - DAY)
    s["contact_kept"] = contact(stays, rmc, SHORT)
    s["task_done_old"] = task(stays, rmc, SHORT - DAY)
    s["task_cancelled_kept"] = task(stays, rmc, SHORT, TaskStatus.CANCELLED)
    s["task_open_old"] = task(stays, rmc, datetime.date(2019, 1, 1), TaskStatus.OPEN)
    s["signal_old"] = signal(stays, rmc, datetime.date(2024, 1, 1), SHORT - DAY)
    s["signal_kept"] = signal(stays, rmc, datetime.date(2024, 1, 1), SHORT, SignalKind.OVERDUE)
    s["signal_open_old"] = signal(
        stays, rmc, datetime.date(2019, 1, 1), None, SignalKind.OUT_OF_SIGHT
    )
    s["episode_old"] = episode(stays, end=LONG - DAY)
    s["episode_kept"] = episode(stays, end=LONG)
    s["episode_open_old"] = episode(
        stays, kind=EpisodeKind.GEEN, confirmed=datetime.date(2015, 2, 1)
    )
    s["care_old"] = episode(stays, kind=EpisodeKind.ZORG, end=SHORT - DAY)
    s["care_kept"] = episode(stays, kind=EpisodeKind.ZORG, end=SHORT)
    c_old = consent(stays, orgs["care"], expires=datetime.date(2020, 1, 1))
    s["handover_old"] = handover(stays, orgs, closed=LONG - DAY, with_consent=c_old)
    s["consent_behind_old_handover"] = c_old
    c_held = consent(stays, orgs["care"], expires=LONG - DAY)
    s["handover_kept"] = handover(
        stays, orgs, HandoverStatus.DECLINED, closed=LONG, with_consent=c_held
    )
    s["consent_held"] = c_held
    s["handover_active"] = handover(stays, orgs, HandoverStatus.WAITING)
    s["consent_withdrawn_old"] = consent(stays, orgs["care"], withdrawn=LONG - DAY)
    s["consent_withdrawn_kept"] = consent(stays, orgs["care"], withdrawn=LONG)
    s["consent_expired_kept"] = consent(stays, orgs["care"], expires=LONG)
    s["consent_valid"] = consent(stays, orgs["care"])

    gone = leaver(
        world,
        given_names="Kees",
        surname="Bakker",
        tussenvoegsel="de",
        date_of_birth=datetime.date(2003, 2, 10),
        street="Dorpsstraat",
        house_number="1",
        postcode="4001AA",
    )
    Identity.objects.create(person=gone, kind=IdentityKind.BSN, value="x" * 64)
    AssignmentFactory(person=gone, organisation=rmc, ended_at=datetime.date(2020, 1, 1))
    ContactChannel.objects.create(
        person=gone, kind=ChannelKind.PHONE, value="06", source=Source.COACH
    )
    contact(gone, rmc, datetime.date(2020, 1, 1))
    task(gone, rmc, datetime.date(2020, 1, 1), TaskStatus.OPEN)
    signal(gone, rmc, datetime.date(2020, 1, 1))
    Voucher.objects.create(
        person=gone,
        code="V-OLD",
        issued_by=rmc,
        issued_on=datetime.date(2019, 1, 1),
        description="c",
        valid_until=datetime.date(2020, 1, 1),
    )
    gone_consent = consent(gone, orgs["care"], expires=datetime.date(2030, 1, 1))
    handover(gone, orgs, closed=datetime.date(2024, 1, 1), with_consent=gone_consent)
    s["gone_episode"] = episode(
        gone,
        kind=EpisodeKind.GEEN,
        start=datetime.date(2019, 1, 1),
        confirmed=datetime.date(2020, 1, 1),
        note="woont bij oma",
    )
    s["gone"] = gone

    # A contact after the identity limit but past its own retention keeps nobody's file:
    # it is removed by this run.
    late_contact = leaver(world, date_of_birth=datetime.date(2004, 12, 31))
    s["late_contact_removed"] = contact(late_contact, rmc, SHORT - DAY)
    s["late_contact"] = late_contact

    recent_contact = leaver(world)
    contact(recent_contact, rmc, SHORT)
    s["recent_contact"] = recent_contact
    assigned = leaver(world)
    AssignmentFactory(person=assigned, organisation=rmc)
    s["assigned"] = assigned
    voucher_holder = leaver(world)
    Voucher.objects.create(
        person=voucher_holder,
        code="V-OPEN",
        issued_by=rmc,
        issued_on=datetime.date(2020, 1, 1),
        description="c",
        valid_until=datetime.date(2027, 1, 1),
    )
    s["voucher_holder"] = voucher_holder
    s["left_recently"] = leaver(world, left=LONG)
    s["changed_recently"] = leaver(world, updated=LONG)
    s["confirmed_recently"] = leaver(world)
    episode(s["confirmed_recently"], start=datetime.date(2019, 1, 1), confirmed=LONG)
    return s


REMOVED = {
    # stays: old contact, task, signal, episode, care episode, handover (share, step),
    # the consent behind it and the withdrawn one.
    # gone: contact, task, signal, voucher, identity, channel, consent, handover, and
    # the ended assignment.
    # late_contact: its contact.
    "anonymised": 2,
    "chain.handover": 2,
    "chain.handovershare": 2,
    "chain.handoverstep": 2,
    "followup.contact": 3,
    "followup.signal": 2,
    "followup.task": 2,
    "followup.voucher": 1,
    "people.assignment": 1,
    "people.contactchannel": 1,
    "people.identity": 1,
    "people.statusepisode": 2,
    "privacy.consent": 3,
}

KEPT = [
    "contact_kept",
    "task_cancelled_kept",
    "task_open_old",
    "signal_kept",
    "signal_open_old",
    "episode_kept",
    "episode_open_old",
    "care_kept",
    "handover_kept",
    "consent_held",
    "handover_active",
    "consent_withdrawn_kept",
    "consent_expired_kept",
    "consent_valid",
    "gone_episode",
]
DELETED = [
    "contact_old",
    "task_done_old",
    "signal_old",
    "episode_old",
    "care_old",
    "handover_old",
    "consent_behind_old_handover",
    "consent_withdrawn_old",
    "late_contact_removed",
]
NOT_ANONYMISED = [
    "stays",
    "recent_contact",
    "assigned",
    "voucher_holder",
    "left_recently",
    "changed_recently",
    "confirmed_recently",
]


def test_exactly_what_is_past_retention_goes(scene):
    counts = retention_run(today=TODAY)
    assert counts == REMOVED
    for name in KEPT:
        assert _exists(scene[name]), name
    for name in DELETED:
        assert not _exists(scene[name]), name
    for name in NOT_ANONYMISED:
        person = Person.objects.get(pk=scene[name].pk)
        assert person.given_names != ANONYMISED_NAME, name
        assert person.surname == scene[name].surname


def test_anonymised_people_keep_careers_and_episodes_only(scene):
    retention_run(today=TODAY)
    gone = Person.objects.get(pk=scene["gone"].pk)
    assert (gone.given_names, gone.tussenvoegsel, gone.surname) == (ANONYMISED_NAME, "", "")
    assert (gone.street, gone.house_number, gone.postcode) == ("", "", "")
    assert gone.date_of_birth == datetime.date(2003, 7, 1)
    assert gone.municipality_id == scene["gone"].municipality_id
    for related in (
        "identities",
        "contact_channels",
        "contacts",
        "tasks",
        "signals",
        "vouchers",
        "consents",
        "handovers",
        "assignments",
    ):
        assert not getattr(gone, related).exists(), related
    assert gone.school_careers.count() == 1
    kept_episode = StatusEpisode.objects.get(pk=scene["gone_episode"].pk)
    assert kept_episode.note == ""
    late = Person.objects.get(pk=scene["late_contact"].pk)
    assert late.given_names == ANONYMISED_NAME
    assert late.date_of_birth == datetime.date(2004, 7, 1)


def test_one_audit_row_with_counts_and_the_date_never_contents(scene):
    counts = retention_run(today=TODAY)
    event = AuditEvent.objects.get(action=AuditAction.RETENTION)
    assert event.object_type == "privacy.retention"
    assert event.person_id is None
    assert event.object_id == ""
    assert event.detail == {"on": "2026-06-15", "removed": counts}
    assert event.changes == {}
    text = str(event.detail)
    for word in ("Kees", "Bakker", "Dorpsstraat", "4001AA", "oma"):
        assert word not in text
    # Counts per record type only: no list of ids anywhere.
    assert all(isinstance(n, int) for n in event.detail["removed"].values())


def test_a_second_run_removes_nothing_more(scene):
    retention_run(today=TODAY)
    sizes = _table_sizes()
    assert retention_run(today=TODAY) == {}
    assert _table_sizes() == sizes
    assert AuditEvent.objects.filter(action=AuditAction.RETENTION).count() == 2


def test_a_dry_run_counts_the_same_and_changes_nothing(scene):
    sizes = _table_sizes()
    names = set(Person.objects.values_list("given_names", flat=True))
    preview = retention_run(today=TODAY, dry_run=True)
    assert _table_sizes() == sizes
    assert set(Person.objects.values_list("given_names", flat=True)) == names
    assert not AuditEvent.objects.filter(action=AuditAction.RETENTION).exists()
    assert preview == retention_run(today=TODAY) == REMOVED


def test_small_chunks_give_the_same_result(scene):
    assert retention_run(today=TODAY, chunk_size=1) == REMOVED


def test_the_register_drives_the_limits(scene):
    ProcessingRecord.objects.filter(category="contacts").update(retention_months=12)
    counts = retention_run(today=TODAY)
    # Now the contacts of SHORT, the cancelled task and resolved signal of SHORT go too;
    # a contact that is removed no longer keeps its person's file, so one more leaver is
    # anonymised.
    assert counts["followup.contact"] == 5
    assert counts["anonymised"] == 3
    assert Person.objects.get(pk=scene["recent_contact"].pk).given_names == ANONYMISED_NAME
    assert counts["followup.task"] == 3
    assert counts["followup.signal"] == 3
    assert not _exists(scene["contact_kept"])
    assert _exists(scene["care_kept"])


def _population(world, orgs, n: int) -> None:
    """n people to anonymise and n who stay, each with records on both sides of limits."""
    for i in range(n):
        person = leaver(world, date_of_birth=datetime.date(1996 + i % 10, 1 + i % 12, 1))
        Identity.objects.create(
            person=person,
            kind=IdentityKind.STUDENT_NUMBER,
            value=f"s{i}",
            organisation=world.school,
        )
        ContactChannel.objects.create(
            person=person, kind=ChannelKind.EMAIL, value=f"p{i}@example.nl", source=Source.COACH
        )
        contact(person, orgs["rmc"], datetime.date(2020, 1, 1))
        c = consent(person, orgs["care"], expires=datetime.date(2020, 1, 1))
        handover(person, orgs, closed=datetime.date(2020, 1, 1), with_consent=c)
        episode(person, start=datetime.date(2018, 1, 1), end=datetime.date(2019, 1, 1), note="n")
        stays = PersonFactory(municipality=world.municipality)
        AssignmentFactory(person=stays, organisation=orgs["rmc"])
        contact(stays, orgs["rmc"], datetime.date(2020, 1, 1))
        task(stays, orgs["rmc"], datetime.date(2020, 1, 1))
        signal(stays, orgs["rmc"], datetime.date(2020, 1, 1), datetime.date(2020, 2, 1))
        episode(stays, kind=EpisodeKind.ZORG, end=datetime.date(2020, 1, 1))
        c = consent(stays, orgs["care"], withdrawn=datetime.date(2020, 1, 1))
        handover(stays, orgs, closed=datetime.date(2020, 1, 1), with_consent=c)


QUERY_BOUND = 60


@pytest.mark.parametrize("n", [5, 50])
def test_the_number_of_queries_does_not_grow_with_people(
    world, orgs, n, django_assert_max_num_queries
):
    _population(world, orgs, n)
    with django_assert_max_num_queries(QUERY_BOUND):
        counts = retention_run(today=TODAY)
    assert counts["anonymised"] == n
    assert counts["followup.contact"] == 2 * n
    assert counts["chain.handover"] == 2 * n


def test_queries_are_the_same_for_5_and_50_people(world, orgs):
    _population(world, orgs, 5)
    with CaptureQueriesContext(connection) as five:
        retention_run(today=TODAY)
    _population(world, orgs, 50)
    with CaptureQueriesContext(connection) as fifty:
        retention_run(today=TODAY)
    assert len(fifty) == len(five)


def test_the_command_prints_counts(scene, settings):
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "Would remove" in out.getvalue()
    assert not AuditEvent.objects.filter(action=AuditAction.RETENTION).exists()
    out = io.StringIO()
    call_command("retention", stdout=out)
    assert "Removed" in out.getvalue()
    assert AuditEvent.objects.filter(action=AuditAction.RETENTION).count() == 1


def test_the_periodic_task_runs_at_half_past_three_amsterdam_time(world):
    from dwarsverbinder.privacy.tasks import retention_daily

    validate = retention_daily.task_class().validate_datetime
    # 03:30 in Amsterdam is 01:30 UTC in summer and 02:30 UTC in winter (naive UTC in).
    assert validate(datetime.datetime(2026, 7, 1, 1, 30))
    assert validate(datetime.datetime(2026, 1, 15, 2, 30))
    assert not validate(datetime.datetime(2026, 7, 1, 3, 30))
    assert retention_daily.call_local() == {}  # nothing is past retention in a new world
    assert AuditEvent.objects.filter(action=AuditAction.RETENTION).count() == 1


# --- The privacy officer's page ----------------------------------------------------------


@pytest.mark.parametrize("username", ["coach", "analist", "beheer"])
def test_only_the_privacy_officer_sees_the_retention_page(client, world, username):
    users = {"coach": world.coach, "analist": world.analyst, "beheer": world.administrator}
    login(client, users[username])
    assert client.get("/privacy/bewaartermijnen/").status_code == 404


def test_the_retention_page_shows_runs_and_a_preview(client, world, orgs):
    person = leaver(world)
    contact(person, orgs["rmc"], datetime.date(2020, 1, 1))
    retention_run(today=TODAY)
    ancient = datetime.date(2000, 1, 1)  # past retention whatever day the test runs
    other = leaver(world, left=ancient, updated=ancient)
    login(client, world.privacy_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/privacy/bewaartermijnen/")
    assert response.status_code == 200
    runs = response.context["runs"]
    assert len(runs) == 1
    assert runs[0]["removed"] == {"anonymised": 1, "followup.contact": 1}
    preview = dict(response.context["preview"])
    assert preview["Young people anonymised"] == 1
    # Opening the page removed nothing.
    assert Person.objects.get(pk=other.pk).given_names != ANONYMISED_NAME
    assert AuditEvent.objects.filter(action=AuditAction.RETENTION).count() == 1
