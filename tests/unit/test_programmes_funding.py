"""A project's funding: totals, spent share and the co-financing ratio (unknown when an
amount is), every refusal of the services (negative, spending above the granted amount per
year and cumulatively, a year outside the project, a report before the grant), audited
changes, the funding page (partners read, coordinators change, forms keep what was typed)
and the reporting reminders (once, to the coordinators of the penvoerder and project lead).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import include, path
from django.utils import translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.conf.urls import urlpatterns as root_urlpatterns
from dwarsverbinder.privacy.models import AuditEvent
from dwarsverbinder.programmes import funding, funding_urls, tasks
from dwarsverbinder.programmes import urls as programmes_urls
from dwarsverbinder.programmes.constants import FundingSource, PartnerRole
from dwarsverbinder.programmes.models import FundingLine, FundingYear, ProjectPartner, ReportingDate
from tests.conftest import login
from tests.factories import MembershipFactory, OrganisationFactory
from tests.factories.programmes import (
    FundingLineFactory,
    FundingYearFactory,
    ProjectFactory,
    ReportingDateFactory,
)

# Until programmes/urls.py includes the funding URLs, the tests mount them themselves (the
# first "programmes" namespace wins, so this also works once it does).
urlpatterns = [
    path(
        "projecten/",
        include(([*programmes_urls.urlpatterns, *funding_urls.urlpatterns], "programmes")),
    ),
    *root_urlpatterns,
]
pytestmark = pytest.mark.urls(__name__)

TODAY = datetime.date(2025, 3, 1)


def _as(user):
    user.active_membership = user.memberships.select_related("organisation").first()
    return user


@pytest.fixture(autouse=True)
def english(client, settings):
    """The tests read the English source texts (amounts then in the English format too);
    the pages are Dutch by default."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def project(world):
    project = ProjectFactory(
        slug="spoor-22",
        name="Spoor 22",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    ProjectPartner.objects.create(
        project=project, organisation=world.rmc_office, role=PartnerRole.PENVOERDER
    )
    return project


@pytest.fixture
def coordinator(world):
    return MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    ).user


@pytest.fixture
def rif(project):
    return FundingLineFactory(
        project=project,
        source=FundingSource.RIF,
        funder="DUO (RIF)",
        amount_granted=Decimal("100000"),
        granted_on=datetime.date(2023, 11, 1),
    )


def _errors(exc: pytest.ExceptionInfo, name: str) -> str:
    return " ".join(exc.value.message_dict[name])


# --- the overview -------------------------------------------------------------------------


def test_totals_spent_share_and_co_financing(project, rif):
    FundingYearFactory(funding=rif, year=2024, granted=Decimal("50000"), spent=Decimal("40000"))
    FundingYearFactory(funding=rif, year=2025, granted=Decimal("50000"), spent=Decimal("10000"))
    province = FundingLineFactory(
        project=project, source=FundingSource.PROVINCE, amount_granted=Decimal("50000")
    )
    FundingYearFactory(funding=province, year=2024, granted=Decimal("50000"), spent=Decimal("0"))
    FundingLineFactory(project=project, source=FundingSource.OWN, amount_granted=Decimal("25000"))

    overview = funding.funding_overview(project=project, today=TODAY)

    assert overview.total_granted == Decimal("175000")
    assert overview.total_spent == Decimal("50000")
    assert overview.spent_share == Decimal("28.6")
    # Not from the RIF: 50,000 + 25,000 of 175,000.
    assert overview.co_financing.applies and overview.co_financing.share == Decimal("42.9")
    assert [(y.year, y.granted, y.spent) for y in overview.years] == [
        (2024, Decimal("100000"), Decimal("40000")),
        (2025, Decimal("50000"), Decimal("10000")),
    ]
    rif_line = next(s for s in overview.lines if s.line == rif)
    assert rif_line.spent_share == Decimal("50.0")


def test_co_financing_unknown_when_an_amount_is_and_not_applicable_without_rif(project, rif):
    FundingLineFactory(project=project, source=FundingSource.SUPPORT_FUND, amount_granted=None)
    overview = funding.funding_overview(project=project, today=TODAY)
    assert overview.co_financing.applies and not overview.co_financing.known
    assert overview.total_granted is None and overview.spent_share is None
    assert overview.unknown_lines == 1

    rif.delete()
    overview = funding.funding_overview(project=project, today=TODAY)
    assert not overview.co_financing.applies


def test_reporting_states(rif):
    due = ReportingDateFactory(funding=rif, due_on=TODAY)
    late = ReportingDateFactory(funding=rif, due_on=TODAY - datetime.timedelta(days=1))
    on_time = ReportingDateFactory(
        funding=rif, due_on=datetime.date(2024, 6, 1), submitted_on=datetime.date(2024, 5, 30)
    )
    after = ReportingDateFactory(
        funding=rif, due_on=datetime.date(2024, 6, 1), submitted_on=datetime.date(2024, 6, 3)
    )
    states = {r: funding.reporting_state(r, today=TODAY) for r in (due, late, on_time, after)}
    assert states == {due: "due", late: "late", on_time: "submitted", after: "submitted_late"}


# --- the services -------------------------------------------------------------------------


def test_a_year_is_saved_and_audited(world, coordinator, rif):
    year = funding.funding_year_save(
        line=rif, by=_as(coordinator), year=2024, granted=Decimal("60000"), spent=Decimal("100")
    )
    event = AuditEvent.objects.get(object_type="programmes.fundingyear", object_id=str(year.pk))
    assert event.action == "create"
    assert event.actor_id == coordinator.pk
    assert event.changes["spent"] == [None, "100.00"]

    funding.funding_year_save(
        line=rif,
        funding_year=year,
        by=_as(coordinator),
        year=2024,
        granted=Decimal("60000"),
        spent=Decimal("20000"),
    )
    update = AuditEvent.objects.filter(object_type="programmes.fundingyear", action="update")
    assert update.get().changes == {"spent": ["100.00", "20000.00"]}


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"granted": Decimal("-1"), "spent": Decimal("0")}, "granted", "negative"),
        ({"granted": Decimal("100"), "spent": Decimal("-5")}, "spent", "negative"),
        ({"granted": Decimal("1000"), "spent": Decimal("1000.01")}, "spent", "more than granted"),
        ({"year": 2023}, "year", "outside that period"),
        ({"year": 2027}, "year", "outside that period"),
        ({"granted": Decimal("100000.01"), "spent": Decimal("0")}, "granted", "more than the"),
    ],
)
def test_a_wrong_year_is_refused_with_a_field_error(coordinator, rif, fields, field, words):
    values = {"year": 2024, "granted": Decimal("1000"), "spent": Decimal("0"), **fields}
    with pytest.raises(ValidationError) as exc:
        funding.funding_year_save(line=rif, by=_as(coordinator), **values)
    assert words in _errors(exc, field)
    assert not FundingYear.objects.exists()
    assert not AuditEvent.objects.filter(object_type="programmes.fundingyear").exists()


def test_spending_above_the_line_over_the_years_is_refused(coordinator, rif):
    FundingYearFactory(funding=rif, year=2024, granted=Decimal("60000"), spent=Decimal("60000"))
    with pytest.raises(ValidationError) as exc:
        funding.funding_year_save(
            line=rif, by=_as(coordinator), year=2025, granted=Decimal("40000"),
            spent=Decimal("40000.01"),
        )  # fmt: skip
    assert "more than granted in this year" in _errors(exc, "spent")
    with pytest.raises(ValidationError) as exc:
        funding.funding_year_save(
            line=rif, by=_as(coordinator), year=2025, granted=Decimal("40001"),
            spent=Decimal("0"),
        )  # fmt: skip
    assert "would grant €\u00a0100,001.00" in _errors(exc, "granted")
    with pytest.raises(ValidationError) as exc:
        funding.funding_year_save(
            line=rif, by=_as(coordinator), year=2024, granted=Decimal("1"), spent=Decimal("0")
        )
    assert "already has 2024" in _errors(exc, "year")


def test_the_amount_granted_cannot_go_below_what_was_spent(coordinator, project, rif):
    FundingYearFactory(funding=rif, year=2024, granted=Decimal("60000"), spent=Decimal("30000"))
    with pytest.raises(ValidationError) as exc:
        funding.funding_line_save(
            project=project, line=rif, by=_as(coordinator), amount_granted=Decimal("29999")
        )
    assert "already been spent" in _errors(exc, "amount_granted")
    with pytest.raises(ValidationError) as exc:
        funding.funding_line_save(
            project=project, line=rif, by=_as(coordinator), amount_granted=Decimal("50000")
        )
    assert "grant €\u00a060,000.00 together" in _errors(exc, "amount_granted")
    with pytest.raises(ValidationError) as exc:
        funding.funding_line_save(
            project=project, by=_as(coordinator), source=FundingSource.STATE, funder="OCW",
            amount_granted=Decimal("-1"),
        )  # fmt: skip
    assert "negative" in _errors(exc, "amount_granted")
    ReportingDateFactory(funding=rif, due_on=datetime.date(2024, 1, 31))
    with pytest.raises(ValidationError) as exc:
        funding.funding_line_save(
            project=project, line=rif, by=_as(coordinator), granted_on=datetime.date(2024, 2, 1)
        )
    assert "31-01-2024" in _errors(exc, "granted_on")
    rif.refresh_from_db()
    assert rif.amount_granted == Decimal("100000")
    assert FundingLine.objects.count() == 1


def test_a_report_cannot_be_due_before_the_grant_and_a_moved_date_is_reminded_again(
    coordinator, rif
):
    with pytest.raises(ValidationError) as exc:
        funding.reporting_date_save(
            line=rif, by=_as(coordinator), due_on=datetime.date(2023, 10, 31), description="Start"
        )
    assert "01-11-2023" in _errors(exc, "due_on")
    with pytest.raises(ValidationError) as exc:
        funding.reporting_date_save(
            line=rif, by=_as(coordinator), due_on=TODAY, description="Tussenrapportage",
            submitted_on=TODAY + datetime.timedelta(days=1), today=TODAY,
        )  # fmt: skip
    assert "future" in _errors(exc, "submitted_on")

    reporting = ReportingDateFactory(funding=rif, due_on=TODAY, reminded_on=TODAY)
    funding.reporting_date_save(
        line=rif, by=_as(coordinator), reporting=reporting, due_on=TODAY, description="Andere tekst"
    )
    reporting.refresh_from_db()
    assert reporting.reminded_on == TODAY
    moved = TODAY + datetime.timedelta(days=30)
    funding.reporting_date_save(
        line=rif, by=_as(coordinator), reporting=reporting, due_on=moved, description="Later"
    )
    reporting.refresh_from_db()
    assert (reporting.due_on, reporting.reminded_on) == (moved, None)
    changes = (
        AuditEvent.objects.filter(object_type="programmes.reportingdate")
        .order_by("pk")
        .last()
        .changes
    )
    assert changes["due_on"] == [TODAY.isoformat(), moved.isoformat()]


def test_deleting_a_line_deletes_and_audits_its_years_and_dates(coordinator, rif):
    FundingYearFactory(funding=rif, year=2024, granted=Decimal("1"), spent=Decimal("0"))
    ReportingDateFactory(funding=rif, due_on=TODAY)
    funding.funding_line_delete(line=rif, by=_as(coordinator))
    assert not FundingLine.objects.exists()
    deleted = AuditEvent.objects.filter(action="delete").values_list("object_type", flat=True)
    assert sorted(deleted) == [
        "programmes.fundingline",
        "programmes.fundingyear",
        "programmes.reportingdate",
    ]


# --- the pages ----------------------------------------------------------------------------


def test_a_partner_reads_the_funding_page_without_edit_links(client, world, project, rif):
    FundingYearFactory(funding=rif, year=2024, granted=Decimal("50000"), spent=Decimal("12500"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"  # amounts the Dutch way
    login(client, world.coach)
    response = client.get("/projecten/spoor-22/financiering/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "DUO (RIF)" in html
    assert "€ 100.000,00" in html and "€ 12.500,00" in html
    assert "/financiering/regel/nieuw/" not in html
    assert "voortgang.pdf" not in html
    assert client.get("/projecten/spoor-22/financiering/regel/nieuw/").status_code == 404
    url = f"/projecten/spoor-22/financiering/regel/{rif.pk}/verwijderen/"
    assert client.post(url).status_code == 404
    assert FundingLine.objects.filter(pk=rif.pk).exists()


def test_the_page_needs_a_login(client, project):
    response = client.get("/projecten/spoor-22/financiering/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_coordinator_adds_a_year_and_a_wrong_one_keeps_the_input(
    client, coordinator, project, rif
):
    login(client, coordinator)
    page = client.get("/projecten/spoor-22/financiering/").content.decode()
    url = f"/projecten/spoor-22/financiering/regel/{rif.pk}/jaar/nieuw/"
    assert url in page and "voortgang.pdf" in page

    response = client.post(url, {"year": "2024", "granted": "10.000,00", "spent": "12.345,67"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_spent_error"' in html
    assert "more than granted in this year" in html or "meer" in html
    assert 'value="12.345,67"' in html
    assert not FundingYear.objects.exists()

    response = client.post(url, {"year": "2024", "granted": "10.000,00", "spent": "2.500,50"})
    assert response.status_code == 302, response.context["form"].errors
    year = FundingYear.objects.get()
    assert (year.granted, year.spent) == (Decimal("10000.00"), Decimal("2500.50"))
    assert AuditEvent.objects.filter(object_type="programmes.fundingyear", action="create").exists()


def test_a_coordinator_adds_a_line_and_a_reporting_date(client, coordinator, project):
    login(client, coordinator)
    response = client.post(
        "/projecten/spoor-22/financiering/regel/nieuw/",
        {
            "source": FundingSource.PROVINCE,
            "funder": "Provincie Gelderland",
            "amount_granted": "",
            "granted_on": "2024-02-01",
            "conditions": "Eindverantwoording binnen 13 weken",
        },
    )
    assert response.status_code == 302
    line = FundingLine.objects.get()
    assert line.amount_granted is None
    html = client.get("/projecten/spoor-22/financiering/").content.decode()
    assert "Provincie Gelderland" in html

    url = f"/projecten/spoor-22/financiering/regel/{line.pk}/rapportage/nieuw/"
    response = client.post(url, {"description": "Tussenrapportage", "due_on": "2024-01-15"})
    assert response.status_code == 400
    assert 'id="id_due_on_error"' in response.content.decode()
    assert 'value="Tussenrapportage"' in response.content.decode()
    response = client.post(url, {"description": "Tussenrapportage", "due_on": "2025-01-15"})
    assert response.status_code == 302
    assert ReportingDate.objects.get().description == "Tussenrapportage"


# --- the reminders ------------------------------------------------------------------------


def test_reminders_go_once_to_the_lead_coordinators(
    world, coordinator, project, rif, mailoutbox, django_capture_on_commit_callbacks
):
    other = OrganisationFactory(name="Elders Gemeente")
    ProjectPartner.objects.create(project=project, organisation=other, role=PartnerRole.PARTNER)
    MembershipFactory(organisation=other, role=Role.COORDINATOR)  # not at a lead partner
    soon = ReportingDateFactory(
        funding=rif, due_on=TODAY + datetime.timedelta(days=14), description="Tussenrapportage"
    )
    ReportingDateFactory(funding=rif, due_on=TODAY + datetime.timedelta(days=15))  # not yet
    ReportingDateFactory(
        funding=rif, due_on=TODAY + datetime.timedelta(days=3), submitted_on=TODAY
    )  # already submitted

    with django_capture_on_commit_callbacks(execute=True):
        result = funding.reporting_reminders_send(today=TODAY)
    assert result == {"reminded": 1}
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [coordinator.email]
    assert "DUO (RIF)" in mail.subject and "15-03-2025" in mail.subject
    assert "Tussenrapportage" in mail.body
    assert "/projecten/spoor-22/financiering/" in mail.body
    soon.refresh_from_db()
    assert soon.reminded_on == TODAY

    with django_capture_on_commit_callbacks(execute=True):
        again = funding.reporting_reminders_send(today=TODAY + datetime.timedelta(days=1))
    assert again == {"reminded": 1}  # the one that was 15 days away
    assert len(mailoutbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert funding.reporting_reminders_send(today=TODAY + datetime.timedelta(days=1)) == {
            "reminded": 0
        }
    assert len(mailoutbox) == 2


def test_the_reminder_days_come_from_the_setting(settings, rif):
    ReportingDateFactory(funding=rif, due_on=TODAY + datetime.timedelta(days=30))
    assert funding.reporting_reminders_send(today=TODAY)["reminded"] == 0
    settings.REPORTING_REMINDER_DAYS = 30
    assert funding.reporting_reminders_send(today=TODAY)["reminded"] == 1


def test_the_daily_task_runs_at_a_quarter_past_seven_amsterdam_time(rif):
    validate = tasks.reporting_reminders_daily.task_class().validate_datetime
    assert validate(datetime.datetime(2025, 1, 15, 6, 15))  # 07:15 CET is 06:15 UTC
    assert validate(datetime.datetime(2025, 7, 15, 5, 15))  # 07:15 CEST is 05:15 UTC
    assert not validate(datetime.datetime(2025, 1, 15, 7, 15))
    ReportingDateFactory(funding=rif, due_on=datetime.date.today())
    assert tasks.reporting_reminders_daily.call_local()["reminded"] == 1
