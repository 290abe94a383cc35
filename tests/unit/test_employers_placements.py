"""Placements and certificates: recording one puts the matching status on the timeline
(or none for an internship) and accepts the proposal; bad input saves nothing and keeps
what was typed; whether a placement lasted 3, 6 and 12 months; the selectors for the
monitor; the pages, the file section and the API, each for the coach who may, a
coordinator who may only look, and an outsider who gets a 404; every read and change is
audited with the person's id; export, retention and erasure include all of it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.employers import placements
from dwarsverbinder.employers.constants import (
    CertificateKind,
    OpeningKind,
    PlacementOutcome,
    ProposalStatus,
)
from dwarsverbinder.employers.models import Certificate, MatchProfile, Placement, Proposal
from dwarsverbinder.people.constants import EpisodeKind, Source
from dwarsverbinder.people.models import Person, StatusEpisode
from dwarsverbinder.privacy.constants import RequestKind
from dwarsverbinder.privacy.export import person_export
from dwarsverbinder.privacy.models import AuditEvent, DataSubjectRequest, ProcessingRecord
from dwarsverbinder.privacy.requests import person_erase
from dwarsverbinder.privacy.retention import ANONYMISED_NAME, retention_run
from tests.conftest import login
from tests.factories import (
    EmployerFactory,
    MembershipFactory,
    OpeningFactory,
    PersonFactory,
    PlacementFactory,
    SchoolCareerFactory,
)

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def _as(user):
    user.active_membership = user.memberships.select_related("organisation").first()
    return user


def _record(world, **overrides) -> Placement:
    fields = {
        "person": world.person,
        "organisation": world.school,
        "by": _as(world.coach),
        "employer": EmployerFactory(name="Transport Tiel B.V."),
        "kind": OpeningKind.JOB,
        "start_date": _days(-30),
        "hours": 24,
        "guidance": "Jobcoach van het UWV",
    }
    return placements.placement_record(**{**fields, **overrides})


def _sizes() -> tuple[int, ...]:
    return (
        Placement.objects.count(),
        StatusEpisode.objects.count(),
        Proposal.objects.filter(status=ProposalStatus.ACCEPTED).count(),
        AuditEvent.objects.count(),
    )


def _error(exc: pytest.ExceptionInfo, field: str) -> str:
    return " ".join(exc.value.message_dict[field])


@pytest.fixture
def coordinator(world):
    """A coordinator at the school: sees the young person, but does not match."""
    return MembershipFactory(
        organisation=world.school, role=Role.COORDINATOR, user__username="coordinator"
    ).user


@pytest.fixture(autouse=True)
def english(client, settings):
    """Tests read the English source texts; the pages and services are Dutch by default."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield client


# --- Recording: the timeline ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "episode_kind"),
    [
        (OpeningKind.JOB, EpisodeKind.WERK),
        (OpeningKind.WORK_TRIAL, EpisodeKind.WERK),
        (OpeningKind.LEARNING_WORK, EpisodeKind.WERK),
        (OpeningKind.BBL, EpisodeKind.ONDERWIJS),
    ],
)
def test_a_placement_puts_its_status_on_the_timeline(world, kind, episode_kind):
    placement = _record(world, kind=kind)
    episode = placement.episode
    assert episode is not None
    assert (episode.person_id, episode.kind, episode.source) == (
        world.person.pk,
        episode_kind,
        Source.PLACEMENT,
    )
    assert (episode.start_date, episode.end_date) == (placement.start_date, None)
    assert episode.last_confirmed == TODAY
    assert episode.recorded_by == world.coach
    with translation.override(settings.LANGUAGE_CODE):  # stored in the site's language
        assert str(OpeningKind(kind).label) in episode.note
    created = AuditEvent.objects.filter(action="create", person_id=world.person.pk)
    assert set(created.values_list("object_type", flat=True)) == {
        "employers.placement",
        "people.statusepisode",
    }
    row = created.get(object_type="employers.placement")
    assert row.object_id == str(placement.pk)
    assert row.changes["hours"] == [None, 24]
    assert row.organisation_name == "ROC Rivor"


def test_an_internship_adds_nothing_to_the_timeline(world):
    placement = _record(world, kind=OpeningKind.BPV)
    assert placement.episode is None
    assert not StatusEpisode.objects.exists()


def test_a_placement_that_starts_later_goes_on_the_timeline_once_it_has_started(world):
    placement = _record(world, start_date=_days(40))
    assert placement.episode is None
    assert placements.placements_start_due() == 0
    # Time passes: it was recorded before the start, which is now behind us.
    recorded = timezone.make_aware(datetime.datetime.combine(_days(-41), datetime.time(12)))
    Placement.objects.filter(pk=placement.pk).update(start_date=_days(-1), created_at=recorded)
    assert placements.placements_start_due() == 1
    placement.refresh_from_db()
    assert placement.episode.kind == EpisodeKind.WERK
    assert placement.episode.start_date == _days(-1)
    assert placements.placements_start_due() == 0  # once only
    linked = AuditEvent.objects.get(action="update", object_type="employers.placement")
    assert linked.person_id == world.person.pk
    assert linked.changes["episode_id"] == [None, placement.episode.pk]


def test_a_placement_recorded_after_its_start_is_not_put_back_by_the_job(world):
    placement = _record(world)
    StatusEpisode.objects.filter(pk=placement.episode_id).delete()  # the coach removed it
    assert placements.placements_start_due() == 0


def test_ending_a_placement_ends_its_status_and_keeps_the_outcome(world):
    placement = _record(world, start_date=_days(-100))
    placements.placement_update(
        placement=placement,
        by=_as(world.coach),
        end_date=_days(-5),
        outcome=PlacementOutcome.ENDED_EARLY,
    )
    episode = StatusEpisode.objects.get(pk=placement.episode_id)
    assert episode.end_date == _days(-5)
    with translation.override(settings.LANGUAGE_CODE):  # stored in the site's language
        assert str(PlacementOutcome.ENDED_EARLY.label).lower() in episode.note
    updates = AuditEvent.objects.filter(action="update", person_id=world.person.pk)
    assert set(updates.values_list("object_type", flat=True)) == {
        "employers.placement",
        "people.statusepisode",
    }
    change = updates.get(object_type="employers.placement").changes
    assert change["outcome"] == ["lopend", "voortijdig"]
    assert change["end_date"] == [None, _days(-5).isoformat()]


def test_moving_the_start_moves_the_status_and_changing_hours_leaves_it(world):
    placement = _record(world, start_date=_days(-100))
    episode_id = placement.episode_id
    placements.placement_update(placement=placement, by=_as(world.coach), hours=32)
    assert not AuditEvent.objects.filter(action="update", object_type="people.statusepisode")
    placements.placement_update(placement=placement, by=_as(world.coach), start_date=_days(-90))
    episode = StatusEpisode.objects.get(pk=episode_id)
    assert episode.start_date == _days(-90)
    assert placement.episode_id == episode_id  # the same episode, changed


def test_a_placement_on_the_timeline_cannot_become_an_internship(world):
    placement = _record(world)
    with pytest.raises(ValidationError) as exc:
        placements.placement_update(placement=placement, by=_as(world.coach), kind=OpeningKind.BPV)
    assert "internship" in _error(exc, "kind")
    assert Placement.objects.get(pk=placement.pk).kind == OpeningKind.JOB


# --- Recording: openings and proposals ------------------------------------------------------


def test_kind_and_employer_follow_the_opening_and_the_proposal_is_accepted(world):
    opening = OpeningFactory(kind=OpeningKind.WORK_TRIAL, organisation=world.rmc_office)
    proposal = Proposal.objects.create(
        opening=opening,
        person=world.person,
        organisation=world.school,
        status=ProposalStatus.INTRODUCED,
    )
    placement = _record(world, employer=None, kind="", opening=opening)
    assert (placement.employer, placement.kind) == (opening.employer, OpeningKind.WORK_TRIAL)
    assert placement.episode.kind == EpisodeKind.WERK
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    row = AuditEvent.objects.get(object_type="employers.proposal")
    assert (row.action, row.person_id) == ("update", world.person.pk)
    assert row.changes["status"] == ["voorgesteld-werkgever", "aangenomen"]


def test_a_proposal_of_someone_else_or_a_declined_one_stays_as_it_was(world):
    opening = OpeningFactory()
    other = Proposal.objects.create(
        opening=opening, person=PersonFactory(), organisation=world.school
    )
    declined = Proposal.objects.create(
        opening=opening,
        person=world.person,
        organisation=world.school,
        status=ProposalStatus.DECLINED,
    )
    _record(world, employer=opening.employer, opening=opening)
    other.refresh_from_db()
    declined.refresh_from_db()
    assert (other.status, declined.status) == (ProposalStatus.PROPOSED, ProposalStatus.DECLINED)


def test_an_opening_of_another_employer_is_refused_and_nothing_is_saved(world):
    opening = OpeningFactory()
    Proposal.objects.create(opening=opening, person=world.person, organisation=world.school)
    before = _sizes()
    with pytest.raises(ValidationError) as exc:
        _record(world, employer=EmployerFactory(name="Bakkerij Brood"), opening=opening)
    assert "another employer" in _error(exc, "opening")
    assert _sizes() == before


# --- Recording: bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"start_date": _days(-10), "end_date": _days(-11)}, "end_date", "cannot end before"),
        ({"hours": 0}, "hours", "between 1 and 60"),
        ({"hours": 61}, "hours", "between 1 and 60"),
        ({"hours": None}, "hours", "between 1 and 60"),
        ({"start_date": _days(400)}, "start_date", "more than a year"),
        ({"outcome": PlacementOutcome.COMPLETED}, "end_date", "fill in the end date"),
        ({"employer": None}, "employer", "Choose the employer"),
        ({"kind": ""}, "kind", "Choose the kind"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_saved(world, fields, field, message):
    before = _sizes()
    with pytest.raises(ValidationError) as exc:
        _record(world, **fields)
    assert message in _error(exc, field)
    assert _sizes() == before


def test_the_end_before_start_error_is_the_one_of_the_issue(world):
    with pytest.raises(ValidationError) as exc:
        _record(world, start_date=_days(-1), end_date=_days(-2))
    assert _error(exc, "end_date") == "A placement cannot end before it starts."


def test_a_start_a_year_ahead_is_fine_but_not_a_day_more(world):
    from dwarsverbinder.utils.dates import add_months

    assert _record(world, start_date=add_months(TODAY, 12)).episode is None
    with pytest.raises(ValidationError):
        _record(world, start_date=add_months(TODAY, 12) + DAY)


def test_a_refused_change_leaves_the_placement_and_its_status(world):
    placement = _record(world, start_date=_days(-50))
    with pytest.raises(ValidationError):
        placements.placement_update(placement=placement, by=_as(world.coach), end_date=_days(-60))
    stored = Placement.objects.get(pk=placement.pk)
    assert stored.end_date is None
    assert StatusEpisode.objects.get(pk=placement.episode_id).end_date is None


# --- Lasting --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months", "today", "expected"),
    [
        # Lasted: not ended before start + k months, and that day has passed.
        ("2026-01-10", None, 3, "2026-04-11", True),
        ("2026-01-10", "2026-04-10", 3, "2026-06-01", True),
        # That day has not passed yet.
        ("2026-01-10", None, 3, "2026-04-10", None),
        ("2026-01-10", None, 6, "2026-04-11", None),
        # Ended before it.
        ("2026-01-10", "2026-04-09", 3, "2026-06-01", False),
        ("2026-01-10", "2026-02-01", 12, "2026-03-01", False),
        # Only a planned end ahead: not known yet.
        ("2026-01-10", "2026-02-01", 3, "2026-01-20", None),
        # The month rule of the monitor: 31 August + 6 months is 28 February.
        ("2025-08-31", "2026-02-28", 6, "2026-03-05", True),
        ("2025-08-31", "2026-02-27", 6, "2026-03-05", False),
    ],
)
def test_lasted_follows_the_calendar_month_rule(start, end, months, today, expected):
    day = datetime.date.fromisoformat
    result = placements.lasted(
        start=day(start), end=day(end) if end else None, months=months, today=day(today)
    )
    assert result is expected


def test_durations_and_counts_for_the_monitor_take_one_query_each(world):
    first, second = PersonFactory(), PersonFactory()
    PlacementFactory(person=first, start_date=datetime.date(2025, 1, 1))
    PlacementFactory(
        person=first, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2024, 2, 1)
    )
    PlacementFactory(person=second, start_date=datetime.date(2026, 10, 1))
    PlacementFactory(start_date=datetime.date(2020, 1, 1))  # someone not asked about
    ids = [first.pk, second.pk]
    with CaptureQueriesContext(connection) as ctx:
        durations = placements.placement_durations(ids)
    assert len(ctx.captured_queries) == 1
    assert durations == {
        first.pk: [
            (datetime.date(2024, 1, 1), datetime.date(2024, 2, 1)),
            (datetime.date(2025, 1, 1), None),
        ],
        second.pk: [(datetime.date(2026, 10, 1), None)],
    }
    assert placements.placement_durations(Person.objects.filter(pk=second.pk).values("pk")) == {
        second.pk: [(datetime.date(2026, 10, 1), None)]
    }
    counts = placements.lasting_counts(ids, today=datetime.date(2026, 11, 25))
    assert counts[3] == {"lasted": 1, "ended_before": 1, "not_known": 1}
    assert counts[12] == {"lasted": 1, "ended_before": 1, "not_known": 1}


def test_certificate_counts_per_person_and_kind_until_a_day_in_one_query(world):
    person, other = PersonFactory(), PersonFactory()
    for kind, day in (
        (CertificateKind.PRAKTIJKVERKLARING, datetime.date(2025, 3, 1)),
        (CertificateKind.PRAKTIJKVERKLARING, datetime.date(2025, 9, 1)),
        (CertificateKind.DIPLOMA, datetime.date(2026, 7, 1)),
    ):
        Certificate.objects.create(person=person, kind=kind, name="x", issued_on=day)
    Certificate.objects.create(
        person=other, kind=CertificateKind.BRANCH, name="VCA", issued_on=datetime.date(2026, 1, 1)
    )
    with CaptureQueriesContext(connection) as ctx:
        counts = placements.certificate_counts(
            [person.pk, other.pk], until=datetime.date(2025, 12, 31)
        )
    assert len(ctx.captured_queries) == 1
    assert counts == {person.pk: {"praktijkverklaring": 2}}
    assert placements.certificate_counts([person.pk], until=datetime.date(2026, 7, 1)) == {
        person.pk: {"praktijkverklaring": 2, "diploma": 1}
    }


# --- Certificates: services -----------------------------------------------------------------


def _certificate(world, **overrides) -> Certificate:
    fields = {
        "person": world.person,
        "by": _as(world.coach),
        "kind": CertificateKind.PRAKTIJKVERKLARING,
        "name": "Praktijkverklaring logistiek medewerker",
        "issued_on": _days(-3),
        "issued_by": "SBB",
    }
    return placements.certificate_record(**{**fields, **overrides})


def test_a_certificate_is_recorded_and_audited(world):
    placement = _record(world)
    certificate = _certificate(world, placement=placement, crebo="25497")
    assert certificate.recorded_by == world.coach
    row = AuditEvent.objects.get(action="create", object_type="employers.certificate")
    assert row.person_id == world.person.pk
    assert row.changes["placement_id"] == [None, placement.pk]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"issued_on": _days(1)}, "issued_on", "in the future"),
        ({"crebo": "1234"}, "crebo", "five digits"),
        ({"name": " "}, "name", ""),
        ({"kind": "zwemdiploma"}, "kind", ""),
    ],
)
def test_bad_certificates_are_refused_by_field(world, fields, field, message):
    with pytest.raises(ValidationError) as exc:
        _certificate(world, **fields)
    assert message in _error(exc, field)
    assert not Certificate.objects.exists()


def test_a_certificate_only_goes_with_a_placement_of_the_same_person(world):
    elsewhere = PlacementFactory()
    with pytest.raises(ValidationError) as exc:
        _certificate(world, placement=elsewhere)
    assert "this young person" in _error(exc, "placement")
    assert not Certificate.objects.exists()


def test_a_certificate_is_changed_and_deleted_with_audit(world):
    certificate = _certificate(world)
    placements.certificate_update(
        certificate=certificate, by=_as(world.coach), kind=CertificateKind.MBO_CERTIFICAAT
    )
    change = AuditEvent.objects.get(action="update", object_type="employers.certificate")
    assert change.changes["kind"] == ["praktijkverklaring", "mbo-certificaat"]
    pk = certificate.pk
    placements.certificate_delete(certificate=certificate, by=_as(world.coach))
    assert not Certificate.objects.filter(pk=pk).exists()
    deleted = AuditEvent.objects.get(action="delete", object_type="employers.certificate")
    assert (deleted.object_id, deleted.person_id) == (str(pk), world.person.pk)


# --- Pages ------------------------------------------------------------------------------------


def _post_data(employer, **overrides) -> dict:
    data = {
        "employer": employer.pk,
        "opening": "",
        "kind": OpeningKind.JOB,
        "start_date": _days(-7).isoformat(),
        "end_date": "",
        "hours": "24",
        "guidance": "Praktijkopleider Jan",
        "outcome": PlacementOutcome.ONGOING,
    }
    return {**data, **overrides}


def _field_error(response, name: str) -> str:
    match = re.search(
        rf'id="id_{name}_error">(.*?)</div>', response.content.decode(), flags=re.DOTALL
    )
    assert match, f"no error shown next to {name}"
    return re.sub(r"<[^>]+>", "", match[1]).strip()


def test_the_coach_records_a_placement_on_its_page(client, english, world):
    employer = EmployerFactory(name="Transport Tiel B.V.")
    login(client, world.coach)
    url = f"/werkgevers/plaatsingen/nieuw/{world.person.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Transport Tiel B.V." in page.content.decode()
    opened = AuditEvent.objects.get(action="view", object_type="people.person")
    assert opened.person_id == world.person.pk
    response = client.post(url, _post_data(employer))
    placement = Placement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/werkgevers/plaatsingen/{placement.pk}/"
    assert placement.organisation == world.school
    assert placement.episode.kind == EpisodeKind.WERK
    detail = client.get(response["Location"])
    html = detail.content.decode()
    assert "Transport Tiel B.V." in html
    assert "3 months: not known yet" in html
    viewed = AuditEvent.objects.get(action="view", object_type="employers.placement")
    assert (viewed.object_id, viewed.person_id) == (str(placement.pk), world.person.pk)


def test_bad_input_on_the_page_keeps_what_was_typed(client, english, world):
    employer = EmployerFactory()
    login(client, world.coach)
    url = f"/werkgevers/plaatsingen/nieuw/{world.person.pk}/"
    data = _post_data(
        employer, start_date=_days(-3).isoformat(), end_date=_days(-9).isoformat(), hours="80"
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert _field_error(response, "end_date") == "A placement cannot end before it starts."
    assert "between 1 and 60" in _field_error(response, "hours")
    html = response.content.decode()
    assert 'value="Praktijkopleider Jan"' in html
    assert 'value="80"' in html
    assert "dwv-error-summary" in html
    assert not Placement.objects.exists()
    assert not StatusEpisode.objects.exists()


def test_an_opening_of_another_employer_is_refused_on_the_page(client, english, world):
    opening = OpeningFactory(title="Stage magazijn Noord")
    login(client, world.coach)
    response = client.post(
        f"/werkgevers/plaatsingen/nieuw/{world.person.pk}/",
        _post_data(EmployerFactory(), opening=opening.pk, kind=""),
    )
    assert "another employer" in _field_error(response, "opening")
    assert not Placement.objects.exists()


def test_an_opening_in_the_link_is_chosen_already(client, english, world):
    opening = OpeningFactory(title="Leerwerkplek keuken")
    login(client, world.coach)
    response = client.get(f"/werkgevers/plaatsingen/nieuw/{world.person.pk}/?opening={opening.pk}")
    assert response.context["form"]["opening"].value() == opening.pk


def test_the_placement_is_changed_on_its_edit_page(client, english, world):
    placement = _record(world, start_date=_days(-60))
    login(client, world.coach)
    url = f"/werkgevers/plaatsingen/{placement.pk}/bewerken/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["hours"].value() == 24
    viewed = AuditEvent.objects.filter(action="view", object_type="employers.placement")
    assert viewed.get().person_id == world.person.pk
    data = _post_data(
        placement.employer,
        start_date=_days(-60).isoformat(),
        end_date=_days(-1).isoformat(),
        outcome=PlacementOutcome.CONTRACT,
    )
    assert client.post(url, data).status_code == 302
    placement.refresh_from_db()
    assert placement.outcome == PlacementOutcome.CONTRACT
    assert placement.episode.end_date == _days(-1)


def test_an_employer_account_manager_of_the_rmc_office_records_a_placement(client, world):
    manager = MembershipFactory(
        organisation=world.rmc_office, role=Role.EMPLOYER_MANAGER, user__username="wsp"
    ).user
    login(client, manager)
    response = client.post(
        f"/werkgevers/plaatsingen/nieuw/{world.person.pk}/", _post_data(EmployerFactory())
    )
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert (placement.organisation, placement.recorded_by) == (world.rmc_office, manager)
    listed = client.get("/werkgevers/plaatsingen/").context["rows"]
    assert [row.placement for row in listed] == [placement]


@pytest.mark.parametrize("suffix", ["", "bewerken/"])
def test_an_outsider_gets_a_404_for_a_placement(client, world, suffix):
    placement = _record(world)
    login(client, world.outsider)
    assert client.get(f"/werkgevers/plaatsingen/{placement.pk}/{suffix}").status_code == 404
    assert client.post(f"/werkgevers/plaatsingen/{placement.pk}/{suffix}", {}).status_code == 404
    assert not AuditEvent.objects.filter(object_type="employers.placement", action="view")


def test_an_outsider_and_an_analyst_cannot_record_for_someone_they_do_not_see(client, world):
    for user in (world.outsider, world.analyst):
        client.logout()
        login(client, user)
        url = f"/werkgevers/plaatsingen/nieuw/{world.person.pk}/"
        assert client.get(url).status_code == 404
        assert client.post(url, _post_data(EmployerFactory())).status_code == 404
    assert not Placement.objects.exists()


def test_a_coordinator_sees_the_placement_but_may_not_record_or_change(client, world, coordinator):
    placement = _record(world)
    login(client, coordinator)
    page = client.get(f"/werkgevers/plaatsingen/{placement.pk}/")
    assert page.status_code == 200
    assert "/bewerken/" not in page.content.decode()
    assert client.get(f"/werkgevers/plaatsingen/{placement.pk}/bewerken/").status_code == 403
    assert client.get(f"/werkgevers/plaatsingen/nieuw/{world.person.pk}/").status_code == 403
    assert client.get(f"/werkgevers/certificaten/nieuw/{world.person.pk}/").status_code == 403


def test_the_register_decides_whether_placements_are_seen(client, world):
    placement = _record(world)
    ProcessingRecord.objects.filter(category="placements").update(organisation_kinds=["uwv"])
    login(client, world.coach)
    assert client.get(f"/werkgevers/plaatsingen/{placement.pk}/").status_code == 404
    html = client.get(f"/jongeren/{world.person.pk}/").content.decode()
    assert 'id="work"' not in html
    assert client.get("/werkgevers/plaatsingen/").context["rows"] == []


def test_the_list_shows_the_organisations_placements_of_visible_people(client, english, world):
    ours = _record(world, start_date=_days(-120))
    # The RMC office placed someone the school does not see, and the school's person.
    hidden = PersonFactory(municipality=world.municipality, surname="Verborgen")
    placements.placement_record(
        person=hidden,
        organisation=world.rmc_office,
        by=_as(world.rmc_consultant),
        employer=EmployerFactory(),
        kind=OpeningKind.JOB,
        start_date=_days(-10),
        hours=20,
    )
    theirs = _record(world, organisation=world.rmc_office, by=_as(world.rmc_consultant))
    login(client, world.coach)
    response = client.get("/werkgevers/plaatsingen/")
    assert response.status_code == 200
    assert [row.placement.pk for row in response.context["rows"]] == [ours.pk]
    assert response.context["rows"][0].lasting == {3: True, 6: None, 12: None}
    html = response.content.decode()
    assert "Verborgen" not in html
    assert "3 months: lasted" in html
    listed = AuditEvent.objects.get(action="list", object_type="employers.placement")
    assert listed.detail["ids"] == [ours.pk]
    assert listed.detail["person_ids"] == [world.person.pk]
    assert theirs.pk not in listed.detail["ids"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(world, n: int) -> None:
    for _ in range(n):
        person = SchoolCareerFactory(school=world.school).person
        opening = OpeningFactory()
        placement = PlacementFactory(
            person=person, organisation=world.school, employer=opening.employer, opening=opening
        )
        PlacementFactory(person=world.person, organisation=world.school)
        Certificate.objects.create(
            person=world.person, kind="diploma", name="d", issued_on=TODAY, placement=placement
        )


@pytest.mark.parametrize(
    "url",
    ["/werkgevers/plaatsingen/", "/api/v1/placements/", "/api/v1/certificates/", "file"],
)
def test_lists_and_the_file_do_not_grow_with_placements(client, world, url):
    url = f"/jongeren/{world.person.pk}/" if url == "file" else url
    login(client, world.coach)
    _grow(world, 2)
    small = _queries(client, url)
    _grow(world, 8)
    assert _queries(client, url) == small


# --- The file -------------------------------------------------------------------------------


def test_the_file_shows_work_and_placements_with_certificates(client, english, world):
    placement = _record(world, start_date=datetime.date(2025, 1, 6))
    _certificate(world, placement=placement, crebo="25497")
    login(client, world.coach)
    html = client.get(f"/jongeren/{world.person.pk}/").content.decode()
    section = html.split('id="work"')[1]
    assert "Work and placements" in html
    assert "Transport Tiel B.V." in section
    assert "Praktijkverklaring logistiek medewerker" in section
    assert "crebo 25497" in section
    assert "12 months: lasted" in section
    assert f"/werkgevers/plaatsingen/nieuw/{world.person.pk}/" in section
    assert f"/werkgevers/certificaten/nieuw/{world.person.pk}/" in section
    assert 'href="#work"' in html


def test_the_file_offers_no_recording_to_a_coordinator(client, world, coordinator):
    _record(world)
    login(client, coordinator)
    html = client.get(f"/jongeren/{world.person.pk}/").content.decode()
    assert 'id="work"' in html
    assert "/werkgevers/plaatsingen/nieuw/" not in html
    assert "/werkgevers/certificaten/" not in html


# --- Certificate pages ------------------------------------------------------------------------


def test_certificates_are_recorded_changed_and_deleted_on_their_pages(client, english, world):
    placement = _record(world)
    login(client, world.coach)
    url = f"/werkgevers/certificaten/nieuw/{world.person.pk}/"
    page = client.get(f"{url}?plaatsing={placement.pk}")
    assert page.context["form"]["placement"].value() == placement.pk
    refused = client.post(
        url,
        {"kind": "diploma", "name": "Logistiek 2", "crebo": "12", "issued_on": _days(2)},
    )
    assert "five digits" in _field_error(refused, "crebo")
    assert "in the future" in _field_error(refused, "issued_on")
    assert 'value="Logistiek 2"' in refused.content.decode()
    assert not Certificate.objects.exists()
    saved = client.post(
        url,
        {
            "kind": "diploma",
            "name": "Logistiek 2",
            "crebo": "25497",
            "issued_on": _days(-1).isoformat(),
            "issued_by": "ROC Rivor",
            "placement": placement.pk,
        },
    )
    assert saved["Location"] == f"/jongeren/{world.person.pk}/#work"
    certificate = Certificate.objects.get()
    assert (certificate.placement, certificate.crebo) == (placement, "25497")

    edit = f"/werkgevers/certificaten/{certificate.pk}/bewerken/"
    assert client.get(edit).context["form"]["name"].value() == "Logistiek 2"
    client.post(
        edit,
        {"kind": "diploma", "name": "Logistiek niveau 2", "issued_on": _days(-1).isoformat()},
    )
    certificate.refresh_from_db()
    assert (certificate.name, certificate.crebo, certificate.placement) == (
        "Logistiek niveau 2",
        "",
        None,
    )

    delete = f"/werkgevers/certificaten/{certificate.pk}/verwijderen/"
    assert "Logistiek niveau 2" in client.get(delete).content.decode()
    assert Certificate.objects.exists()  # looking does not delete
    client.post(delete)
    assert not Certificate.objects.exists()
    actions = AuditEvent.objects.filter(object_type="employers.certificate")
    assert set(actions.values_list("action", flat=True)) == {"create", "update", "delete", "view"}
    assert set(actions.values_list("person_id", flat=True)) == {world.person.pk}


def test_an_outsider_gets_a_404_for_certificates(client, world):
    certificate = _certificate(world)
    login(client, world.outsider)
    for url in (
        f"/werkgevers/certificaten/nieuw/{world.person.pk}/",
        f"/werkgevers/certificaten/{certificate.pk}/bewerken/",
        f"/werkgevers/certificaten/{certificate.pk}/verwijderen/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    assert Certificate.objects.filter(pk=certificate.pk).exists()


# --- API --------------------------------------------------------------------------------------


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_api_records_a_placement_through_the_service(client, world):
    opening = OpeningFactory(kind=OpeningKind.BBL)
    Proposal.objects.create(opening=opening, person=world.person, organisation=world.school)
    client.force_login(world.coach)
    response = _post(
        client,
        "/api/v1/placements/",
        {
            "person": world.person.pk,
            "opening": opening.pk,
            "start_date": _days(-400).isoformat(),
            "hours": 32,
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    placement = Placement.objects.get()
    assert data["id"] == placement.pk
    assert (data["employer"], data["kind"], data["organisation"]) == (
        opening.employer_id,
        "bbl",
        "roc-rivor",
    )
    assert (data["lasted_3_months"], data["lasted_12_months"]) == (True, True)
    assert data["episode"] == placement.episode_id
    assert placement.episode.kind == EpisodeKind.ONDERWIJS
    assert Proposal.objects.get().status == ProposalStatus.ACCEPTED
    assert AuditEvent.objects.get(action="create", object_type="employers.placement").channel == (
        "api"
    )


def test_the_api_refuses_bad_input_with_the_services_errors(client, world):
    client.force_login(world.coach)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _post(
        client,
        "/api/v1/placements/",
        {
            "person": world.person.pk,
            "employer": EmployerFactory().pk,
            "kind": "baan",
            "start_date": _days(-3).isoformat(),
            "end_date": _days(-5).isoformat(),
            "hours": 70,
        },
    )
    assert response.status_code == 400
    assert response.json()["end_date"] == ["A placement cannot end before it starts."]
    assert "between 1 and 60" in response.json()["hours"][0]
    assert not Placement.objects.exists()


def test_the_api_shows_no_one_outside_visibility(client, world):
    placement = _record(world)
    _certificate(world)
    client.force_login(world.outsider)
    assert client.get("/api/v1/placements/").json()["results"] == []
    assert client.get(f"/api/v1/placements/{placement.pk}/").status_code == 404
    assert client.get("/api/v1/certificates/").json()["results"] == []
    response = _post(
        client,
        "/api/v1/placements/",
        {
            "person": world.person.pk,
            "employer": EmployerFactory().pk,
            "kind": "baan",
            "start_date": _days(-3).isoformat(),
            "hours": 20,
        },
    )
    assert response.status_code == 400
    assert "person" in response.json()
    assert Placement.objects.count() == 1


def test_the_api_lets_a_coordinator_read_but_not_record(client, world, coordinator):
    placement = _record(world)
    client.force_login(coordinator)
    listed = client.get(f"/api/v1/placements/?person={world.person.pk}")
    assert [row["id"] for row in listed.json()["results"]] == [placement.pk]
    response = _post(
        client,
        "/api/v1/certificates/",
        {"person": world.person.pk, "kind": "diploma", "name": "d", "issued_on": str(TODAY)},
    )
    assert response.status_code == 403
    assert not Certificate.objects.exists()


def test_the_rmc_coach_records_through_the_statutory_task(client, world):
    client.force_login(world.rmc_consultant)
    response = _post(
        client,
        "/api/v1/certificates/",
        {"person": world.person.pk, "kind": "diploma", "name": "d", "issued_on": str(TODAY)},
    )
    assert response.status_code == 201, response.content
    assert Certificate.objects.get().recorded_by == world.rmc_consultant


@pytest.fixture
def uwv_jobcoach(world):
    """A jobcoach at UWV who sees the young person only through a handover that shares
    placements: read-only."""
    from dwarsverbinder.chain.constants import HandoverReason
    from dwarsverbinder.chain.services import handover_send
    from tests.factories import OrganisationFactory

    uwv = OrganisationFactory(kind="uwv", name="UWV Tiel", code="uwv-tiel")
    ProcessingRecord.objects.filter(category="identity").update(
        shared_without_consent_with=["school", "gemeente", "uwv"]
    )
    handover_send(
        person=world.person,
        to_organisation=uwv,
        reason=HandoverReason.WORK,
        categories=["placements"],
        by=_as(world.coach),
    )
    return MembershipFactory(organisation=uwv, role=Role.COACH, user__username="jobcoach").user


def test_a_handover_shares_placements_read_only(client, world, uwv_jobcoach):
    placement = _record(world)
    client.force_login(uwv_jobcoach)
    assert client.get(f"/werkgevers/plaatsingen/{placement.pk}/").status_code == 200
    listed = client.get(f"/api/v1/placements/?person={world.person.pk}").json()["results"]
    assert [row["id"] for row in listed] == [placement.pk]
    assert client.get(f"/werkgevers/plaatsingen/{placement.pk}/bewerken/").status_code == 403
    assert client.get(f"/werkgevers/plaatsingen/nieuw/{world.person.pk}/").status_code == 403
    response = _post(
        client,
        "/api/v1/placements/",
        {
            "person": world.person.pk,
            "employer": placement.employer_id,
            "kind": "baan",
            "start_date": _days(-3).isoformat(),
            "hours": 20,
        },
    )
    assert response.status_code == 403
    assert Placement.objects.count() == 1
    html = client.get(f"/jongeren/{world.person.pk}/").content.decode()
    assert 'id="work"' in html
    assert "/werkgevers/plaatsingen/nieuw/" not in html


def test_api_reads_are_audited(client, world):
    placement = _record(world)
    certificate = _certificate(world, placement=placement)
    client.force_login(world.coach)
    client.get(f"/api/v1/placements/?person={world.person.pk}")
    client.get(f"/api/v1/placements/{placement.pk}/")
    client.get(f"/api/v1/certificates/{certificate.pk}/")
    listed = AuditEvent.objects.get(action="list", object_type="employers.placement")
    assert listed.detail == {"ids": [placement.pk], "count": 1, "person_ids": [world.person.pk]}
    views = AuditEvent.objects.filter(action="view").values_list("object_type", "person_id")
    assert set(views) == {
        ("employers.placement", world.person.pk),
        ("employers.certificate", world.person.pk),
    }


def test_the_api_certificate_checks_the_placement_belongs_to_the_person(client, world):
    other = SchoolCareerFactory(school=world.school).person
    elsewhere = PlacementFactory(person=other)
    client.force_login(world.coach)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _post(
        client,
        "/api/v1/certificates/",
        {
            "person": world.person.pk,
            "kind": "diploma",
            "name": "d",
            "issued_on": str(TODAY),
            "placement": elsewhere.pk,
        },
    )
    assert response.status_code == 400
    assert response.json()["placement"] == ["Choose a placement of this young person."]


# --- Privacy: export, retention, erasure ----------------------------------------------------


def _matching(world, person) -> None:
    opening = OpeningFactory(title="Leerwerkplek keuken")
    Proposal.objects.create(
        opening=opening, person=person, organisation=world.school, note="Past goed"
    )
    MatchProfile.objects.create(person=person, interests=["koken"], hours_wanted=24)


def test_the_export_holds_placements_certificates_proposals_and_the_profile(world):
    placement = _record(world)
    _certificate(world, placement=placement)
    _matching(world, world.person)
    with translation.override("en"):
        data = person_export(person=world.person)
    assert data["placements"][0]["employer"] == "Transport Tiel B.V."
    assert data["placements"][0]["kind"] == "Job"
    assert data["placements"][0]["hours_a_week"] == 24
    assert data["certificates"][0]["during_placement_at"] == "Transport Tiel B.V."
    assert data["proposals"][0]["opening"] == "Leerwerkplek keuken"
    assert data["proposals"][0]["note"] == "Past goed"
    assert data["match_profile"]["interests"] == ["koken"]


def test_the_export_of_someone_without_a_profile_says_none(world):
    assert person_export(person=world.person)["match_profile"] is None


RETENTION_DAY = datetime.date(2026, 6, 15)
LIMIT = datetime.date(2021, 6, 15)  # placements and identity: 60 months


def _leaver(world, **fields):
    """Left school before the identity limit and not changed since."""
    person = PersonFactory(municipality=world.municipality, **fields)
    SchoolCareerFactory(
        person=person,
        school=world.school,
        start_date=datetime.date(2014, 8, 1),
        leave_date=LIMIT - DAY,
    )
    aware = timezone.make_aware(datetime.datetime(2020, 1, 1, 12))
    Person.objects.filter(pk=person.pk).update(updated_at=aware)
    return person


def test_retention_removes_ended_placements_past_the_limit_and_keeps_the_rest(world):
    stays = world.person  # enrolled: never anonymised
    old = PlacementFactory(person=stays, start_date=datetime.date(2019, 1, 1), end_date=LIMIT - DAY)
    kept = PlacementFactory(person=stays, start_date=datetime.date(2019, 1, 1), end_date=LIMIT)
    old_certificate = Certificate.objects.create(
        person=stays, kind="diploma", name="oud", issued_on=LIMIT - DAY, placement=old
    )
    held = Certificate.objects.create(
        person=stays, kind="diploma", name="bij lopende", issued_on=LIMIT - DAY, placement=kept
    )
    opening = OpeningFactory()
    decided = Proposal.objects.create(
        opening=opening, person=stays, organisation=world.school, status="afgewezen"
    )
    open_proposal = Proposal.objects.create(
        opening=OpeningFactory(), person=stays, organisation=world.school
    )
    old_moment = timezone.make_aware(datetime.datetime(2020, 1, 1, 12))
    Proposal.objects.filter(pk__in=[decided.pk, open_proposal.pk]).update(updated_at=old_moment)
    profile = MatchProfile.objects.create(person=stays)
    MatchProfile.objects.filter(pk=profile.pk).update(updated_at=old_moment)

    preview = retention_run(today=RETENTION_DAY, dry_run=True)
    counts = retention_run(today=RETENTION_DAY)
    assert preview == counts
    assert {k: v for k, v in counts.items() if k.startswith("employers.")} == {
        "employers.placement": 1,
        "employers.certificate": 1,
        "employers.proposal": 1,
        "employers.matchprofile": 1,
    }
    assert not Placement.objects.filter(pk=old.pk).exists()
    assert not Certificate.objects.filter(pk=old_certificate.pk).exists()
    assert Placement.objects.filter(pk=kept.pk).exists()
    assert Certificate.objects.filter(pk=held.pk).exists()
    assert Proposal.objects.filter(pk=open_proposal.pk).exists()
    assert retention_run(today=RETENTION_DAY) == {}


def test_an_open_placement_or_a_recent_one_keeps_the_file(world):
    working = _leaver(world)
    PlacementFactory(person=working, start_date=datetime.date(2018, 1, 1))
    recently = _leaver(world)
    PlacementFactory(person=recently, start_date=datetime.date(2018, 1, 1), end_date=LIMIT)
    certified = _leaver(world)
    Certificate.objects.create(person=certified, kind="diploma", name="d", issued_on=LIMIT)
    gone = _leaver(world)
    retention_run(today=RETENTION_DAY)
    for person in (working, recently, certified):
        assert Person.objects.get(pk=person.pk).given_names != ANONYMISED_NAME
    assert Person.objects.get(pk=gone.pk).given_names == ANONYMISED_NAME


def test_anonymising_removes_placements_certificates_proposals_and_the_profile(world):
    gone = _leaver(world)
    placement = PlacementFactory(
        person=gone,
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2020, 1, 1),
        guidance="Jobcoach Piet",
    )
    episode = StatusEpisode.objects.create(
        person=gone,
        kind=EpisodeKind.WERK,
        start_date=placement.start_date,
        end_date=None,  # still open, so kept; not confirmed since 2020: no activity
        last_confirmed=datetime.date(2020, 1, 1),
        source=Source.PLACEMENT,
    )
    Placement.objects.filter(pk=placement.pk).update(episode=episode)
    Certificate.objects.create(
        person=gone, kind="diploma", name="d", issued_on=datetime.date(2019, 6, 1)
    )
    _matching(world, gone)
    counts = retention_run(today=RETENTION_DAY)
    assert counts["anonymised"] == 1
    assert not Placement.objects.filter(person=gone).exists()
    assert not Certificate.objects.filter(person=gone).exists()
    assert not Proposal.objects.filter(person=gone).exists()
    assert not MatchProfile.objects.filter(person=gone).exists()
    # The status the placement put on the timeline stays for the monitor.
    assert StatusEpisode.objects.filter(pk=episode.pk).exists()


def test_erasure_removes_placements_certificates_proposals_and_the_profile(world):
    person = PersonFactory(municipality=world.municipality)
    placement = PlacementFactory(person=person, end_date=datetime.date(2026, 3, 1))
    episode = StatusEpisode.objects.create(
        person=person,
        kind=EpisodeKind.WERK,
        start_date=placement.start_date,
        end_date=placement.end_date,
        last_confirmed=placement.end_date,
        source=Source.PLACEMENT,
    )
    Placement.objects.filter(pk=placement.pk).update(episode=episode)
    Certificate.objects.create(
        person=person, kind="diploma", name="d", issued_on=TODAY, placement=placement
    )
    _matching(world, person)
    dsr = DataSubjectRequest.objects.create(
        person=person,
        reference="AVG-2026-0001",
        kind=RequestKind.ERASURE,
        received_on=TODAY,
        due_on=_days(30),
    )
    dsr = person_erase(dsr=dsr, by=_as(world.privacy_officer))
    for key in (
        "employers.placement",
        "employers.certificate",
        "employers.proposal",
        "employers.matchprofile",
    ):
        assert dsr.result[key] == 1, key
    for model in (Placement, Certificate, Proposal, MatchProfile):
        assert not model.objects.filter(person_id=person.pk).exists()


def test_the_api_does_not_place_on_another_organisations_draft(client, world):
    """A draft opening of another organisation does not exist for the caller: 400, and
    nothing is recorded."""
    from dwarsverbinder.employers.models import Placement
    from tests.factories import OpeningFactory

    draft = OpeningFactory(status="concept")
    client.force_login(world.coach)
    response = client.post(
        "/api/v1/placements/",
        {"person": world.person.pk, "opening": draft.pk, "start_date": "2026-11-02", "hours": 20},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "opening" in response.json()
    assert not Placement.objects.exists()
