"""The daily signals, their routing and the digest mail (with a real SMTP server)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.followup import digest, signals, tasks
from dwarsverbinder.followup.constants import SignalKind, TaskKind, TaskStatus
from dwarsverbinder.followup.models import Signal, Task
from dwarsverbinder.people.models import StatusEpisode
from dwarsverbinder.privacy.models import AuditEvent
from dwarsverbinder.utils.dates import add_months
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    SchoolCareerFactory,
)

D = datetime.date
TODAY = D(2026, 11, 16)
ADULT = D(2000, 1, 1)  # a date of birth that makes anyone an adult long before leaving


@pytest.fixture(autouse=True)
def _six_months(settings):
    settings.OUT_OF_SIGHT_MONTHS = 6


def _leave(person, day: datetime.date, *, startkwalificatie: bool = False):
    """Close every career of ``person`` on ``day``."""
    person.school_careers.update(leave_date=day, startkwalificatie=startkwalificatie)
    return person


def _leaver(world, *, left: datetime.date, born: datetime.date = ADULT, **kwargs):
    person = world.person
    person.date_of_birth = born
    person.save(update_fields=["date_of_birth"])
    return _leave(person, left, **kwargs)


def _episode(person, kind: str, start: datetime.date, *, end=None, confirmed=None):
    return StatusEpisode.objects.create(
        person=person,
        kind=kind,
        start_date=start,
        end_date=end,
        last_confirmed=confirmed or start,
        source="coach",
    )


def _open(person=None, kind=None):
    signals_ = Signal.objects.filter(resolved_on__isnull=True)
    if person is not None:
        signals_ = signals_.filter(person=person)
    if kind is not None:
        signals_ = signals_.filter(kind=kind)
    return signals_


def _kinds(person) -> set[str]:
    return set(_open(person).values_list("kind", flat=True))


# -- OUT_OF_SIGHT ------------------------------------------------------------------------


def test_out_of_sight_boundary_is_exactly_the_period(world):
    cutoff = add_months(TODAY, -6)  # 16 May 2026
    person = _leaver(world, left=D(2025, 7, 1))
    episode = _episode(person, "werk", D(2025, 8, 1), confirmed=cutoff)
    signals.signals_refresh(today=TODAY)
    assert SignalKind.OUT_OF_SIGHT not in _kinds(person)

    episode.last_confirmed = cutoff - datetime.timedelta(days=1)
    episode.save()
    signals.signals_refresh(today=TODAY)
    signal = _open(person, SignalKind.OUT_OF_SIGHT).get()
    assert signal.detail == {"since": "2026-05-15"}
    assert signal.organisation == world.rmc_office


def test_without_episodes_the_leave_date_counts(world):
    cutoff = add_months(TODAY, -6)
    person = _leaver(world, left=cutoff)
    signals.signals_refresh(today=TODAY)
    assert SignalKind.OUT_OF_SIGHT not in _kinds(person)

    _leave(person, cutoff - datetime.timedelta(days=1))
    signals.signals_refresh(today=TODAY)
    assert SignalKind.OUT_OF_SIGHT in _kinds(person)


def test_a_recent_leaver_with_an_old_school_episode_is_not_out_of_sight(world):
    person = _leaver(world, left=TODAY - datetime.timedelta(days=10))
    _episode(person, "onderwijs", D(2022, 8, 15), confirmed=D(2022, 9, 1))
    signals.signals_refresh(today=TODAY)
    assert SignalKind.OUT_OF_SIGHT not in _kinds(person)


def test_someone_still_enrolled_somewhere_is_not_out_of_sight(world):
    person = _leaver(world, left=D(2024, 7, 1))
    SchoolCareerFactory(person=person, school=world.other_school, start_date=D(2024, 8, 20))
    signals.signals_refresh(today=TODAY)
    assert _kinds(person) == set()


# -- NEET --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["geen", "uitkering"])
def test_neet_position_raises_a_signal(world, kind):
    _episode(world.person, kind, D(2026, 9, 1))
    signals.signals_refresh(today=TODAY)
    signal = _open(world.person, SignalKind.NEET).get()
    assert signal.detail == {"position": kind}


def test_an_episode_that_ended_yesterday_no_longer_sets_the_position(world):
    _episode(world.person, "geen", D(2026, 9, 1), end=TODAY - datetime.timedelta(days=1))
    signals.signals_refresh(today=TODAY)
    assert SignalKind.NEET not in _kinds(world.person)


def test_work_beside_a_benefit_is_not_neet(world):
    _episode(world.person, "uitkering", D(2026, 9, 1))
    _episode(world.person, "werk", D(2026, 10, 1))
    signals.signals_refresh(today=TODAY)
    assert SignalKind.NEET not in _kinds(world.person)


# -- OVERDUE -----------------------------------------------------------------------------


def _moment(world, due: datetime.date, *, status=TaskStatus.OPEN, months=3):
    return Task.objects.create(
        person=world.person,
        organisation=world.school,
        kind=TaskKind.FOLLOW_UP,
        title="Follow-up",
        due_date=due,
        status=status,
        months_after_leaving=months,
        leave_date=D(2026, 6, 30),
    )


def test_a_moment_due_today_is_not_overdue_but_yesterday_is(world):
    AssignmentFactory(person=world.person, organisation=world.school, coach=world.coach)
    _moment(world, TODAY)
    _moment(world, D(2026, 1, 1), status=TaskStatus.DONE, months=6)
    signals.signals_refresh(today=TODAY)
    assert SignalKind.OVERDUE not in _kinds(world.person)

    _moment(world, TODAY - datetime.timedelta(days=1), months=12)
    signals.signals_refresh(today=TODAY)
    signal = _open(world.person, SignalKind.OVERDUE).get()
    assert signal.organisation == world.school
    assert signal.detail == {"due": "2026-11-15"}


def test_overdue_goes_to_the_organisation_whose_moment_it_is(world):
    AssignmentFactory(person=world.person, organisation=world.school, coach=world.coach)
    AssignmentFactory(person=world.person, organisation=world.rmc_office)
    _moment(world, D(2026, 10, 1))
    signals.signals_refresh(today=TODAY)
    assert list(_open(kind=SignalKind.OVERDUE).values_list("organisation", flat=True)) == [
        world.school.pk
    ]


# -- KWALIFICATIEPLICHT ------------------------------------------------------------------


def test_a_minor_who_left_without_startkwalificatie_raises_kwalificatieplicht(world):
    _leaver(world, left=D(2026, 3, 1), born=D(2009, 3, 2))  # 17 today
    signals.signals_refresh(today=TODAY)
    signal = _open(world.person, SignalKind.KWALIFICATIEPLICHT).get()
    assert signal.detail == {"left": "2026-03-01"}


def test_the_kwalificatieplicht_signal_ends_on_the_18th_birthday(world):
    _leaver(world, left=D(2026, 3, 1), born=D(2008, 11, 17))  # 18 tomorrow
    signals.signals_refresh(today=TODAY)
    assert SignalKind.KWALIFICATIEPLICHT in _kinds(world.person)
    signals.signals_refresh(today=TODAY + datetime.timedelta(days=1))
    assert SignalKind.KWALIFICATIEPLICHT not in _kinds(world.person)


def test_a_startkwalificatie_ends_the_kwalificatieplicht(world):
    _leaver(world, left=D(2026, 3, 1), born=D(2009, 1, 1), startkwalificatie=True)
    signals.signals_refresh(today=TODAY)
    assert SignalKind.KWALIFICATIEPLICHT not in _kinds(world.person)


def test_education_today_resolves_kwalificatieplicht(world):
    _leaver(world, left=D(2026, 3, 1), born=D(2009, 1, 1))
    episode = _episode(world.person, "onderwijs", D(2026, 9, 1), end=TODAY)
    signals.signals_refresh(today=TODAY)
    assert SignalKind.KWALIFICATIEPLICHT not in _kinds(world.person)

    episode.end_date = TODAY - datetime.timedelta(days=1)  # ended yesterday
    episode.save()
    signals.signals_refresh(today=TODAY)
    assert SignalKind.KWALIFICATIEPLICHT in _kinds(world.person)


# -- idempotency, resolution, routing, audit ---------------------------------------------


def test_running_twice_raises_nothing_new(world):
    _leaver(world, left=D(2025, 1, 1), born=D(2009, 6, 1))
    first = signals.signals_refresh(today=TODAY)
    assert first == {"raised": 2, "resolved": 0, "open": 2}
    second = signals.signals_refresh(today=TODAY)
    assert second == {"raised": 0, "resolved": 0, "open": 2}
    assert Signal.objects.count() == 2


def test_a_condition_that_stops_resolves_the_signal_and_a_new_one_is_raised_later(world):
    _episode(world.person, "geen", D(2026, 9, 1))
    signals.signals_refresh(today=TODAY)
    _episode(world.person, "werk", D(2026, 11, 1))
    counts = signals.signals_refresh(today=TODAY)
    assert counts["resolved"] == 1
    resolved = Signal.objects.get(person=world.person, kind=SignalKind.NEET)
    assert resolved.resolved_on == TODAY

    StatusEpisode.objects.filter(kind="werk").update(end_date=D(2026, 11, 20))
    later = D(2026, 12, 1)
    signals.signals_refresh(today=later)
    assert Signal.objects.filter(person=world.person, kind=SignalKind.NEET).count() == 2
    assert _open(world.person, SignalKind.NEET).get().raised_on == later


def test_signals_go_to_assignment_organisations_before_the_rmc(world):
    _episode(world.person, "geen", D(2026, 9, 1))
    signals.signals_refresh(today=TODAY)
    assert list(_open().values_list("organisation", flat=True)) == [world.rmc_office.pk]

    AssignmentFactory(person=world.person, organisation=world.school, coach=world.coach)
    AssignmentFactory(person=world.person, organisation=world.other_school)
    counts = signals.signals_refresh(today=TODAY)
    assert counts == {"raised": 2, "resolved": 1, "open": 2}
    assert set(_open().values_list("organisation", flat=True)) == {
        world.school.pk,
        world.other_school.pk,
    }


def test_a_municipality_serving_the_municipality_itself_receives_signals(world):
    town = MunicipalityFactory()
    leerplicht = OrganisationFactory(rmc=True, regions=[town])
    OrganisationFactory(rmc=True, regions=[town], is_active=False)
    OrganisationFactory(kind="gemeente", functions=["participatiewet"], regions=[town])
    person = PersonFactory(municipality=town)
    _episode(person, "geen", D(2026, 9, 1))
    elsewhere = PersonFactory()  # lives in a region nobody here serves
    _episode(elsewhere, "geen", D(2026, 9, 1))
    signals.signals_refresh(today=TODAY)
    assert list(_open(person).values_list("organisation", flat=True)) == [leerplicht.pk]
    assert not _open(elsewhere).exists()


def test_one_audit_row_per_run_with_counts_and_no_names(world):
    _leaver(world, left=D(2025, 1, 1))
    signals.signals_refresh(today=TODAY)
    event = AuditEvent.objects.get(object_type="followup.signal")
    assert event.actor_id is None
    assert event.person_id is None
    assert event.detail == {
        "run": "signals_refresh",
        "on": "2026-11-16",
        "raised": 1,
        "resolved": 0,
        "open": 1,
    }
    details = str(list(Signal.objects.values_list("detail", flat=True)))
    assert "Sanne" not in details and "Jansen" not in details


def _population(world, n: int) -> None:
    """n leavers out of sight; every other one assigned with an overdue moment."""
    for i in range(n):
        career = SchoolCareerFactory(
            school=world.school,
            person__municipality=world.municipality,
            person__date_of_birth=ADULT,
            leave_date=D(2025, 1, 1),
        )
        if i % 2:
            AssignmentFactory(person=career.person, organisation=world.school)
            Task.objects.create(
                person=career.person,
                organisation=world.school,
                kind=TaskKind.FOLLOW_UP,
                title="Follow-up",
                due_date=D(2025, 4, 1),
                months_after_leaving=3,
                leave_date=D(2025, 1, 1),
            )


def _queries(today) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        counts = signals.signals_refresh(today=today)
    return len(ctx.captured_queries), counts


def test_the_number_of_queries_does_not_grow_with_the_number_of_people(world):
    _population(world, 5)
    small, counts = _queries(TODAY)
    assert counts["raised"] == 5 + 2
    small_again, _counts = _queries(TODAY)
    Signal.objects.all().delete()

    _population(world, 45)
    large, counts = _queries(TODAY)
    assert counts["raised"] == 50 + Task.objects.count()
    assert large == small
    assert _queries(TODAY)[0] == small_again


def test_chunks_cover_everybody(world, monkeypatch):
    monkeypatch.setattr(signals, "CHUNK_SIZE", 2)
    _population(world, 5)
    counts = signals.signals_refresh(today=TODAY)
    assert counts["open"] == 5 + 2
    assert signals.signals_refresh(today=TODAY)["raised"] == 0


# -- digest ------------------------------------------------------------------------------


@pytest.fixture
def two_caseloads(world):
    """A young person the school coach follows, and one nobody is assigned to yet."""
    world.coach.email = "coach@school.example"
    world.coach.save()
    coordinator = MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__email="rmc@gemeente.example"
    ).user
    followed = _leaver(world, left=D(2025, 1, 1), born=D(2009, 6, 1))  # 2 signals
    AssignmentFactory(person=followed, organisation=world.school, coach=world.coach)
    unassigned = PersonFactory(
        municipality=world.municipality, given_names="Femke", surname="Bakker"
    )
    _episode(unassigned, "geen", D(2026, 9, 1))  # 1 signal, to the RMC
    signals.signals_refresh(today=TODAY)
    return {"coordinator": coordinator, "followed": followed, "unassigned": unassigned}


def _text(message) -> str:
    parts = [message.get("Subject", "")]
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if payload:
            parts.append(payload.decode(part.get_content_charset() or "utf-8"))
    return "\n".join(parts)


def test_digest_mails_counts_to_coach_and_coordinator(world, two_caseloads, smtp_server):
    counts = digest.digest_send(today=TODAY)
    assert counts == {"mails": 2, "failed": 0, "signals": 3}
    by_recipient = {m["X-Envelope-To"]: m for m in smtp_server.messages}
    assert set(by_recipient) == {"coach@school.example", "rmc@gemeente.example"}

    with translation.override("nl"):
        out_of_sight = str(SignalKind.OUT_OF_SIGHT.label)
        kwalificatieplicht = str(SignalKind.KWALIFICATIEPLICHT.label)
        neet = str(SignalKind.NEET.label)
    coach_mail = _text(by_recipient["coach@school.example"])
    assert f"- {out_of_sight}: 1" in coach_mail
    assert f"- {kwalificatieplicht}: 1" in coach_mail
    assert neet not in coach_mail
    assert "ROC Rivor" in coach_mail
    assert "http://127.0.0.1:8000/volgen/" in coach_mail
    rmc_mail = _text(by_recipient["rmc@gemeente.example"])
    assert f"- {neet}: 1" in rmc_mail
    assert out_of_sight not in rmc_mail
    assert by_recipient["coach@school.example"].is_multipart()  # text and HTML

    for message in smtp_server.messages:
        text = _text(message)
        for person in (two_caseloads["followed"], two_caseloads["unassigned"]):
            assert person.given_names not in text
            assert person.surname not in text
            assert person.date_of_birth.strftime("%d-%m-%Y") not in text
            assert person.date_of_birth.isoformat() not in text


def test_digest_reports_a_signal_once(world, two_caseloads, smtp_server):
    digest.digest_send(today=TODAY)
    assert not Signal.objects.filter(notified_at__isnull=True).exists()
    assert digest.digest_send(today=TODAY) == {"mails": 0, "failed": 0, "signals": 0}
    assert len(smtp_server.messages) == 2
    # A new signal the next day is reported, alone.
    _episode(two_caseloads["followed"], "uitkering", D(2026, 11, 1))
    signals.signals_refresh(today=TODAY + datetime.timedelta(days=1))
    digest.digest_send(today=TODAY + datetime.timedelta(days=1))
    assert len(smtp_server.messages) == 3
    assert smtp_server.messages[-1]["X-Envelope-To"] == "coach@school.example"
    assert "1" in smtp_server.messages[-1]["Subject"]


def test_when_the_mail_server_is_down_nothing_is_marked(world, two_caseloads, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    with pytest.raises(OSError):
        digest.digest_send(today=TODAY)
    assert Signal.objects.filter(notified_at__isnull=True).count() == 3


def test_signals_nobody_can_receive_stay_unreported(world, smtp_server):
    _episode(world.person, "geen", D(2026, 9, 1))  # to the RMC, which has no coordinator
    signals.signals_refresh(today=TODAY)
    assert digest.digest_send(today=TODAY)["mails"] == 0
    assert Signal.objects.get().notified_at is None
    assert smtp_server.messages == []


def test_site_url_in_production_uses_the_first_host(settings):
    settings.PRODUCTION = True
    settings.ALLOWED_HOSTS = ["*", ".dwarsverbinder.example.nl"]
    assert digest.site_url() == "https://dwarsverbinder.example.nl"
    settings.DWV_SITE_URL = "https://volg.example.nl/"
    assert digest.site_url() == "https://volg.example.nl"


# -- scheduled tasks ---------------------------------------------------------------------


def test_schedules_run_in_amsterdam_time():
    six = tasks.local_crontab(hour="6", minute="0")
    assert six(datetime.datetime(2026, 7, 1, 4, 0))  # CEST: UTC+2
    assert not six(datetime.datetime(2026, 7, 1, 6, 0))
    assert six(datetime.datetime(2026, 12, 1, 5, 0))  # CET: UTC+1
    assert not six(datetime.datetime(2026, 12, 1, 4, 0))


def test_periodic_tasks_run_the_jobs(world, smtp_server):
    _episode(world.person, "geen", datetime.date.today() - datetime.timedelta(days=5))
    assert tasks.signals_refresh_daily.call_local()["raised"] == 1
    assert tasks.digest_send_daily.call_local()["mails"] == 0


def test_follow_up_schedules_are_ensured_in_chunks(world):
    for person in (world.person, PersonFactory(municipality=world.municipality)):
        AssignmentFactory(person=person, organisation=world.school, coach=world.coach)
        SchoolCareerFactory(person=person, school=world.school, leave_date=D(2026, 6, 30))
    SchoolCareerFactory(school=world.school, leave_date=D(2026, 6, 30))  # not assigned
    per_person = len(tasks.settings.FOLLOW_UP_MONTHS)
    assert tasks.follow_up_schedules_ensure(chunk_size=1) == 2 * per_person
    assert tasks.follow_up_schedules_ensure(chunk_size=1) == 0
    assert Task.objects.filter(kind=TaskKind.FOLLOW_UP).count() == 2 * per_person
    assert tasks.follow_up_schedules_daily.call_local() == 0
