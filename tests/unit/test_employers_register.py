"""The employer register: KvK numbers that are checked and unique, locations, SBB
accreditations and contact persons, one account owner per employer, the shared contact log
that shows who came before, the coordinator's overview of double approaches, the pages
and the API. Roles outside the register get 403; every change is audited; lists cost the
same number of queries for few and many rows."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.employers import register as services
from dwarsverbinder.employers import register_selectors as selectors
from dwarsverbinder.employers.models import (
    AccountOwner,
    Accreditation,
    ContactPerson,
    Employer,
    EmployerContact,
    Location,
)
from dwarsverbinder.network.constants import RegionKind
from dwarsverbinder.privacy.models import AuditEvent
from tests.conftest import login
from tests.factories import (
    AccountOwnerFactory,
    ContactPersonFactory,
    EmployerContactFactory,
    EmployerFactory,
    LocationFactory,
    MembershipFactory,
    MunicipalityFactory,
    OpeningFactory,
    OrganisationFactory,
    ProjectFactory,
)

EMPLOYERS = "/api/v1/employers/"
CONTACTS = "/api/v1/employer-contacts/"


def _today() -> datetime.date:
    return timezone.localdate()


def _ago(days: int) -> datetime.date:
    return _today() - datetime.timedelta(days=days)


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages are checked in English (the source language); the interface is Dutch by
    default, which one API test checks."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def acting(user):
    user.active_membership = user.memberships.select_related("organisation").first()
    return user


@pytest.fixture
def wsp(world):
    """The Werkgeversservicepunt with an employer account manager; the RMC office gets a
    regional coordinator."""
    organisation = OrganisationFactory(
        rmc=True, name="Werkgeversservicepunt Rivierenland", code="wsp-rivierenland"
    )
    manager = MembershipFactory(
        organisation=organisation,
        role=Role.EMPLOYER_MANAGER,
        user__username="accountmanager",
        user__first_name="Eva",
        user__last_name="de Wit",
    ).user
    coordinator = MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    ).user
    world.extra.update(wsp=organisation, manager=manager, coordinator=coordinator)
    return world


def _create(by, **overrides) -> Employer:
    fields = {"name": "Transport Betuwe B.V.", "kvk_number": "12345678", "sector": "logistiek"}
    return services.employer_create(by=acting(by), **{**fields, **overrides})


def _errors(exc: pytest.ExceptionInfo, key: str) -> str:
    return " ".join(exc.value.message_dict[key])


# -- KvK numbers and the employer's details ------------------------------------------------


def test_a_kvk_number_is_kept_as_eight_digits_and_the_creation_is_audited(wsp):
    employer = _create(wsp.extra["manager"], kvk_number=" 12.34 56 78 ")
    assert employer.kvk_number == "12345678"
    event = AuditEvent.objects.get(action="create", object_type="employers.employer")
    assert event.actor_username == "accountmanager"
    assert event.object_id == str(employer.pk)
    assert event.changes["kvk_number"] == [None, "12345678"]


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a", "00000000", ""])
def test_a_kvk_number_of_the_wrong_form_is_refused_and_nothing_is_saved(wsp, kvk):
    with pytest.raises(ValidationError) as exc:
        _create(wsp.extra["manager"], kvk_number=kvk, website="geen website")
    assert "kvk_number" in exc.value.message_dict
    assert "website" in exc.value.message_dict  # every problem at once
    assert not Employer.objects.exists()
    assert not AuditEvent.objects.filter(object_type="employers.employer").exists()


def test_a_kvk_number_already_registered_is_refused(wsp):
    _create(wsp.extra["manager"])
    with pytest.raises(ValidationError) as exc:
        _create(wsp.extra["coordinator"], name="Ander bedrijf", kvk_number="1234 5678")
    assert _errors(exc, "kvk_number") == "An employer with this KvK number is already registered."
    assert exc.value.error_dict["kvk_number"][0].code == "kvk_taken"
    assert Employer.objects.count() == 1


def test_changing_an_employer_is_audited_with_what_changed(wsp):
    employer = _create(wsp.extra["manager"])
    services.employer_update(
        employer=employer, by=acting(wsp.extra["coordinator"]), size="10-49", name="TB B.V."
    )
    event = AuditEvent.objects.get(action="update", object_type="employers.employer")
    assert event.changes["name"] == ["Transport Betuwe B.V.", "TB B.V."]
    assert event.changes["size"] == ["", "10-49"]
    assert event.actor_username == "coordinator"


def test_only_keepers_change_the_register(wsp):
    with pytest.raises(PermissionDenied):
        _create(wsp.coach)
    employer = EmployerFactory()
    with pytest.raises(PermissionDenied):
        services.employer_update(employer=employer, by=acting(wsp.coach), name="X")
    with pytest.raises(PermissionDenied):
        services.contact_person_save(employer=employer, by=acting(wsp.coach), name="Piet")


def test_a_location_gets_a_normal_postcode_and_one_main_location(wsp):
    manager = acting(wsp.extra["manager"])
    employer = EmployerFactory()
    first = LocationFactory(employer=employer, is_main=True)
    second = services.location_save(
        employer=employer, by=manager, street="Kanaalweg 4", postcode="4004ka", city="Tiel",
        is_main=True,
    )  # fmt: skip
    assert second.postcode == "4004 KA"
    first.refresh_from_db()
    assert first.is_main is False
    assert AuditEvent.objects.filter(
        object_type="employers.location", object_id=str(first.pk), action="update"
    ).exists()
    with pytest.raises(ValidationError) as exc:
        services.location_save(employer=employer, by=manager, postcode="ABCD 12", city="Tiel")
    assert "postcode" in exc.value.message_dict
    assert employer.locations.count() == 2


def test_an_accreditation_cannot_end_before_it_starts(wsp):
    employer = EmployerFactory()
    with pytest.raises(ValidationError) as exc:
        services.accreditation_save(
            employer=employer,
            by=acting(wsp.extra["manager"]),
            crebo="25329",
            programme_name="Logistiek medewerker",
            level=2,
            valid_from=_ago(10),
            valid_until=_ago(20),
        )
    assert _errors(exc, "valid_until") == "The end date lies before the start date."
    assert not Accreditation.objects.exists()


def test_a_contact_person_who_left_is_kept_inactive(wsp):
    manager = acting(wsp.extra["manager"])
    employer = EmployerFactory()
    person = services.contact_person_save(
        employer=employer, by=manager, name="Piet Bakker", email="Piet@Bedrijf.example"
    )
    assert person.email == "piet@bedrijf.example"
    services.contact_person_deactivate(contact_person=person, by=manager)
    person.refresh_from_db()
    assert person.is_active is False
    assert AuditEvent.objects.filter(
        object_type="employers.contactperson", action="update", object_id=str(person.pk)
    ).exists()


# -- the account owner ---------------------------------------------------------------------


def test_a_keeper_takes_on_the_account_for_their_own_organisation(wsp):
    employer = EmployerFactory()
    owner = services.account_take(employer=employer, by=acting(wsp.extra["manager"]))
    assert owner.organisation == wsp.extra["wsp"]
    assert owner.user == wsp.extra["manager"]
    assert owner.since == _today() and owner.until is None
    assert AuditEvent.objects.filter(object_type="employers.accountowner", action="create").exists()


def test_a_second_account_owner_is_refused_with_a_clear_error(wsp):
    employer = EmployerFactory()
    services.account_take(employer=employer, by=acting(wsp.extra["manager"]))
    with pytest.raises(ValidationError) as exc:
        services.account_take(employer=employer, by=acting(wsp.extra["coordinator"]))
    message = " ".join(exc.value.messages)
    assert "already has an account owner: Werkgeversservicepunt Rivierenland (Eva de Wit)" in (
        message
    )
    assert AccountOwner.objects.filter(employer=employer).count() == 1


def test_the_database_refuses_a_second_current_owner_too(wsp):
    employer = EmployerFactory()
    AccountOwnerFactory(employer=employer)
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountOwner.objects.create(
            employer=employer,
            organisation=wsp.extra["wsp"],
            user=wsp.extra["manager"],
            since=_today(),
        )


def test_the_owner_hands_the_account_over_and_the_old_period_ends(wsp):
    employer = EmployerFactory()
    old = services.account_take(employer=employer, by=acting(wsp.extra["manager"]))
    new = services.account_hand_over(
        employer=employer,
        organisation=wsp.rmc_office,
        user=wsp.extra["coordinator"],
        by=acting(wsp.extra["manager"]),
    )
    old.refresh_from_db()
    assert old.until == _today()
    assert new.until is None and new.organisation == wsp.rmc_office
    assert selectors.current_owner(employer=employer) == new
    assert AuditEvent.objects.filter(
        object_type="employers.accountowner", action="update", object_id=str(old.pk)
    ).exists()


def test_only_the_owners_organisation_or_a_coordinator_hands_over(wsp):
    employer = EmployerFactory()
    services.account_take(employer=employer, by=acting(wsp.extra["coordinator"]))
    other = OrganisationFactory(name="Praktijkschool Tiel")
    outsider_manager = MembershipFactory(
        organisation=other, role=Role.EMPLOYER_MANAGER, user__username="andere"
    ).user
    with pytest.raises(ValidationError) as exc:
        services.account_hand_over(
            employer=employer,
            organisation=other,
            user=outsider_manager,
            by=acting(outsider_manager),
        )
    assert "Only Gemeente Tiel, which holds the account" in " ".join(exc.value.messages)
    assert AccountOwner.objects.get(employer=employer).organisation == wsp.rmc_office


def test_the_new_owner_needs_an_account_role_at_that_organisation(wsp):
    employer = EmployerFactory()
    with pytest.raises(ValidationError) as exc:
        services.account_hand_over(
            employer=employer,
            organisation=wsp.extra["wsp"],
            user=wsp.coach,  # a coach at the school, no role at the WSP
            by=acting(wsp.extra["manager"]),
        )
    assert "has no active role as employer account manager or regional coordinator" in (
        _errors(exc, "user")
    )
    assert not AccountOwner.objects.exists()


# -- the contact log -----------------------------------------------------------------------


def _log(user, employer, **overrides):
    fields = {
        "date": _today(),
        "channel": "telefoon",
        "purpose": "bpv",
        "outcome": "interesse",
        "summary": "Twee stageplaatsen logistiek vanaf februari.",
    }
    return services.employer_contact_log(employer=employer, by=acting(user), **fields | overrides)


def test_any_reader_logs_an_approach_for_their_organisation(wsp):
    employer = EmployerFactory()
    project = ProjectFactory(name="Pilot Werkroute")
    contact = _log(wsp.coach, employer, project=project)
    assert contact.organisation == wsp.school
    assert contact.user == wsp.coach
    assert contact.project == project
    event = AuditEvent.objects.get(object_type="employers.employercontact", action="create")
    assert event.organisation_name == "ROC Rivor"


def test_bad_approaches_are_refused_and_nothing_is_saved(wsp):
    employer = EmployerFactory()
    elsewhere = ContactPersonFactory()  # of another employer
    with pytest.raises(ValidationError) as exc:
        _log(
            wsp.coach,
            employer,
            date=_today() + datetime.timedelta(days=1),
            contact_person=elsewhere,
            summary="x" * 501,
            purpose="iets",
        )
    errors = exc.value.message_dict
    assert errors["date"] == ["The date lies in the future."]
    assert "not a contact person of" in errors["contact_person"][0]
    assert "500" in errors["summary"][0]
    assert "purpose" in errors
    assert not EmployerContact.objects.exists()


def test_roles_outside_the_register_cannot_log(wsp):
    with pytest.raises(PermissionDenied):
        _log(wsp.analyst, EmployerFactory())


def test_recent_contacts_look_back_the_configured_number_of_weeks(wsp, settings):
    employer = EmployerFactory()
    inside = EmployerContactFactory(employer=employer, date=_ago(7 * 8))
    EmployerContactFactory(employer=employer, date=_ago(7 * 8 + 1))
    assert list(selectors.recent_contacts(employer=employer)) == [inside]
    settings.EMPLOYER_RECENT_WEEKS = 2
    assert list(selectors.recent_contacts(employer=employer)) == []


# -- pages: access ------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["analist", "fg"])
def test_roles_outside_the_register_get_403(client, wsp, username):
    employer = EmployerFactory()
    user = {"analist": wsp.analyst, "fg": wsp.privacy_officer}[username]
    login(client, user)
    for url in (
        "/werkgevers/",
        f"/werkgevers/{employer.pk}/",
        f"/werkgevers/{employer.pk}/benadering/nieuw/",
        "/werkgevers/nieuw/",
        "/werkgevers/dubbel-benaderd/",
    ):
        assert client.get(url).status_code == 403, url


def test_a_coach_reads_and_logs_but_does_not_keep_the_register(client, wsp):
    employer = EmployerFactory()
    location = LocationFactory(employer=employer)
    login(client, wsp.coach)
    assert client.get("/werkgevers/").status_code == 200
    page = client.get(f"/werkgevers/{employer.pk}/")
    assert page.status_code == 200
    assert b"/bewerken/" not in page.content
    assert client.get(f"/werkgevers/{employer.pk}/benadering/nieuw/").status_code == 200
    for url in (
        "/werkgevers/nieuw/",
        f"/werkgevers/{employer.pk}/bewerken/",
        f"/werkgevers/{employer.pk}/locaties/{location.pk}/",
        f"/werkgevers/{employer.pk}/accounthouder/overdragen/",
        "/werkgevers/dubbel-benaderd/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/werkgevers/{employer.pk}/accounthouder/overnemen/").status_code == 403
    assert not AccountOwner.objects.exists()


def test_an_unknown_employer_or_a_record_of_another_is_404(client, wsp):
    employer, other = EmployerFactory(), EmployerFactory()
    location = LocationFactory(employer=other)
    login(client, wsp.extra["manager"])
    assert client.get("/werkgevers/999999/").status_code == 404
    assert client.get(f"/werkgevers/{employer.pk}/locaties/{location.pk}/").status_code == 404


# -- pages: the list ----------------------------------------------------------------------


def _names(response) -> list[str]:
    return [e.name for e, _owner in response.context["rows"]]


def test_the_list_searches_and_filters(client, wsp):
    rmc = wsp.rmc_region
    tiel = wsp.municipality  # in RMC-regio Rivierenland
    elsewhere = MunicipalityFactory(name="Utrecht")
    accredited = EmployerFactory(name="Bouwbedrijf Tiel", sector="bouw", region=tiel)
    Accreditation.objects.create(
        employer=accredited, crebo="25329", programme_name="Timmerman", valid_from=_ago(100)
    )
    expired = EmployerFactory(name="Bakkerij Oud", sector="horeca", region=elsewhere)
    Accreditation.objects.create(
        employer=expired,
        crebo="25180",
        programme_name="Bakker",
        valid_from=_ago(800),
        valid_until=_ago(10),
    )
    approached = EmployerFactory(name="Zorg Thuis", sector="zorg", kvk_number="87654321")
    EmployerContactFactory(employer=approached, date=_ago(20))
    EmployerContactFactory(employer=expired, date=_ago(60))
    AccountOwnerFactory(
        employer=approached, organisation=wsp.extra["wsp"], user=wsp.extra["manager"]
    )
    login(client, wsp.coach)

    def names(query: str) -> list[str]:
        return _names(client.get(f"/werkgevers/?{query}"))

    assert names("") == ["Bakkerij Oud", "Bouwbedrijf Tiel", "Zorg Thuis"]
    assert names("q=bakker") == ["Bakkerij Oud"]
    assert names("q=8765.4321") == ["Zorg Thuis"]
    assert names("sector=bouw") == ["Bouwbedrijf Tiel"]
    assert names(f"region={rmc.pk}") == ["Bouwbedrijf Tiel"]
    assert names("accredited=on") == ["Bouwbedrijf Tiel"]
    assert names("weeks=4") == ["Zorg Thuis"]
    assert names("weeks=13") == ["Bakkerij Oud", "Zorg Thuis"]
    assert names("sector=onzin&weeks=x") == ["Bakkerij Oud", "Bouwbedrijf Tiel", "Zorg Thuis"]
    page = client.get("/werkgevers/?q=zorg").content.decode()
    assert "Werkgeversservicepunt Rivierenland" in page
    assert "Eva de Wit" in page


def test_the_list_is_paginated_and_its_queries_do_not_grow(client, wsp):
    login(client, wsp.coach)

    def grow(n):
        for _ in range(n):
            employer = EmployerFactory(region=wsp.municipality)
            AccountOwnerFactory(employer=employer)
            EmployerContactFactory(employer=employer, date=_ago(3))

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/werkgevers/?weeks=8")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    grow(2)
    few = queries()
    grow(30)
    assert queries() == few
    response = client.get("/werkgevers/?page=2")
    assert len(response.context["rows"]) == 7


# -- pages: the employer's page -------------------------------------------------------------


def test_the_employer_page_shows_everything_shared_and_is_audited(client, wsp):
    employer = EmployerFactory(name="Transport Betuwe", website="https://tb.example")
    LocationFactory(employer=employer, street="Kanaalweg 4", city="Tiel")
    Accreditation.objects.create(
        employer=employer, crebo="25329", programme_name="Chauffeur", valid_from=_ago(30)
    )
    Accreditation.objects.create(
        employer=employer,
        crebo="25180",
        programme_name="Logistiek medewerker",
        valid_from=_ago(900),
        valid_until=_ago(1),
    )
    ContactPersonFactory(employer=employer, name="Piet Bakker")
    AccountOwnerFactory(employer=employer, organisation=wsp.extra["wsp"], user=wsp.extra["manager"])
    OpeningFactory(employer=employer, title="Stage magazijn Tiel")
    project = ProjectFactory(name="Pilot Werkroute")
    EmployerContactFactory(
        employer=employer,
        organisation=wsp.school,
        user=wsp.coach,
        project=project,
        summary="Kennismaking, twee plekken.",
    )
    login(client, wsp.coach)
    response = client.get(f"/werkgevers/{employer.pk}/")
    page = response.content.decode()
    for text in (
        "Kanaalweg 4",
        "Chauffeur",
        "Logistiek medewerker",
        "Piet Bakker",
        "Werkgeversservicepunt Rivierenland",
        "Eva de Wit",
        "Stage magazijn Tiel",
        "Pilot Werkroute",
        "Kennismaking, twee plekken.",
        "ROC Rivor",
    ):
        assert text in page, text
    rows = {a.programme_name: current for a, current in response.context["accreditations"]}
    assert rows == {"Chauffeur": True, "Logistiek medewerker": False}
    assert AuditEvent.objects.filter(
        action="view", object_type="employers.employer", object_id=str(employer.pk)
    ).exists()


def test_the_employer_page_costs_the_same_queries_with_more_rows(client, wsp):
    employer = EmployerFactory()
    login(client, wsp.coach)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/werkgevers/{employer.pk}/").status_code == 200
        return len(ctx.captured_queries)

    def grow(n):
        for _ in range(n):
            LocationFactory(employer=employer, is_main=False)
            ContactPersonFactory(employer=employer)
            EmployerContactFactory(
                employer=employer, project=ProjectFactory(), user=wsp.coach,
                contact_person=ContactPersonFactory(employer=employer),
            )  # fmt: skip
            OpeningFactory(employer=employer)

    grow(1)
    few = queries()
    grow(6)
    assert queries() == few


# -- pages: forms -------------------------------------------------------------------------


def _employer_form(**overrides) -> dict:
    data = {
        "name": "Groen & Zo",
        "kvk_number": "1234 567",
        "sector": "landbouw",
        "size": "1-9",
        "region": "",
        "website": "groenenzo.example",
        "description": "",
    }
    return data | overrides


def test_a_wrong_kvk_number_keeps_what_was_typed(client, wsp):
    login(client, wsp.extra["manager"])
    response = client.post("/werkgevers/nieuw/", _employer_form())
    assert response.status_code == 200
    assert not Employer.objects.exists()
    page = response.content.decode()
    assert "A KvK number has exactly eight digits" in page
    assert 'value="Groen &amp; Zo"' in page
    assert 'value="1234 567"' in page


def test_a_duplicate_kvk_number_links_to_the_employer_already_registered(client, wsp):
    existing = EmployerFactory(name="Groen Bestaand", kvk_number="12345678")
    login(client, wsp.extra["manager"])
    response = client.post("/werkgevers/nieuw/", _employer_form(kvk_number="12.345.678"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "An employer with this KvK number is already registered." in page
    assert f'href="/werkgevers/{existing.pk}/"' in page
    assert Employer.objects.count() == 1


def test_a_keeper_adds_and_edits_an_employer(client, wsp):
    login(client, wsp.extra["manager"])
    response = client.post(
        "/werkgevers/nieuw/", _employer_form(kvk_number="1234 5678", region=wsp.municipality.pk)
    )
    employer = Employer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/werkgevers/{employer.pk}/"
    assert employer.kvk_number == "12345678"
    assert employer.website == "https://groenenzo.example"
    edit = _employer_form(kvk_number="12345678", name="Groen en Zo", is_active="on")
    response = client.post(f"/werkgevers/{employer.pk}/bewerken/", edit)
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.name == "Groen en Zo"
    assert employer.region is None
    actions = AuditEvent.objects.filter(object_type="employers.employer").values_list("action")
    assert sorted(a for (a,) in actions) == ["create", "update"]


def test_accreditations_and_contact_persons_through_the_pages(client, wsp):
    employer = EmployerFactory()
    login(client, wsp.extra["manager"])
    bad = {"crebo": "2532", "programme_name": "Chauffeur", "level": "2",
           "valid_from": _ago(1).isoformat(), "valid_until": _ago(5).isoformat()}  # fmt: skip
    response = client.post(f"/werkgevers/{employer.pk}/erkenningen/nieuw/", bad)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"crebo", "valid_until"}
    assert 'value="Chauffeur"' in response.content.decode()
    good = bad | {"crebo": "25329", "valid_until": ""}
    response = client.post(f"/werkgevers/{employer.pk}/erkenningen/nieuw/", good)
    assert response.status_code == 302
    assert response["Location"].endswith("#accreditations")
    assert employer.accreditations.get().level == 2

    response = client.post(
        f"/werkgevers/{employer.pk}/contactpersonen/nieuw/",
        {"name": "Piet Bakker", "job_title": "", "email": "geen-mail", "phone": ""},
    )
    assert "email" in response.context["form"].errors
    client.post(
        f"/werkgevers/{employer.pk}/contactpersonen/nieuw/",
        {"name": "Piet Bakker", "job_title": "HR", "email": "piet@tb.example", "phone": ""},
    )
    person = ContactPerson.objects.get()
    response = client.post(f"/werkgevers/{employer.pk}/contactpersonen/{person.pk}/niet-meer/")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_active is False


# -- pages: account owner -------------------------------------------------------------------


def test_take_on_and_hand_over_the_account_through_the_pages(client, wsp):
    employer = EmployerFactory()
    login(client, wsp.extra["manager"])
    client.post(f"/werkgevers/{employer.pk}/accounthouder/overnemen/")
    assert selectors.current_owner(employer=employer).user == wsp.extra["manager"]
    coordinator_membership = wsp.extra["coordinator"].memberships.get()
    response = client.get(f"/werkgevers/{employer.pk}/accounthouder/overdragen/")
    assert "Eva de Wit" in response.content.decode()
    response = client.post(
        f"/werkgevers/{employer.pk}/accounthouder/overdragen/",
        {"membership": coordinator_membership.pk},
    )
    assert response.status_code == 302
    assert selectors.current_owner(employer=employer).organisation == wsp.rmc_office
    client.logout()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    login(client, wsp.extra["manager"])
    response = client.post(f"/werkgevers/{employer.pk}/accounthouder/overnemen/", follow=True)
    assert "This employer already has an account owner: Gemeente Tiel" in (
        response.content.decode()
    )
    assert AccountOwner.objects.filter(employer=employer, until__isnull=True).count() == 1


# -- pages: logging an approach -------------------------------------------------------------


def test_the_approach_page_shows_who_came_before_and_the_account_owner(client, wsp, settings):
    employer = EmployerFactory()
    AccountOwnerFactory(employer=employer, organisation=wsp.extra["wsp"], user=wsp.extra["manager"])
    EmployerContactFactory(
        employer=employer,
        organisation=OrganisationFactory(name="Praktijkschool De Brug"),
        date=_ago(10),
        purpose="bbl",
    )
    EmployerContactFactory(
        employer=employer, organisation=OrganisationFactory(name="Oude Partner"), date=_ago(70)
    )
    login(client, wsp.coach)
    page = client.get(f"/werkgevers/{employer.pk}/benadering/nieuw/").content.decode()
    before_form = page[: page.index('<form class="dwv-form')]
    assert "Praktijkschool De Brug" in before_form
    assert "BBL places" in before_form
    assert "Oude Partner" not in page
    assert "Werkgeversservicepunt Rivierenland" in before_form
    assert "No names or other details of young people" in page
    settings.EMPLOYER_RECENT_WEEKS = 13
    page = client.get(f"/werkgevers/{employer.pk}/benadering/nieuw/").content.decode()
    assert "Oude Partner" in page


def test_an_approach_in_the_future_is_refused_and_the_form_keeps_it(client, wsp):
    employer = EmployerFactory()
    login(client, wsp.coach)
    data = {
        "date": (_today() + datetime.timedelta(days=3)).isoformat(),
        "channel": "bezoek",
        "purpose": "bpv",
        "outcome": "interesse",
        "summary": "Rondleiding gehad.",
    }
    url = f"/werkgevers/{employer.pk}/benadering/nieuw/"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The date lies in the future." in response.content.decode()
    assert "Rondleiding gehad." in response.content.decode()
    assert not EmployerContact.objects.exists()
    response = client.post(url, data | {"date": _today().isoformat()})
    assert response.status_code == 302
    assert response["Location"].endswith("#contact-log")
    assert EmployerContact.objects.get().organisation == wsp.school


# -- the coordinator's overview -------------------------------------------------------------


@pytest.fixture
def approaches(wsp):
    """Three employers: one approached by three parties, one by two partners, one twice by
    the same partner (not double), and one by one partner for two projects (double)."""
    school, other = wsp.school, wsp.other_school
    busy = EmployerFactory(name="Druk Bezocht")
    EmployerContactFactory(employer=busy, organisation=school, date=_ago(3), purpose="bpv")
    EmployerContactFactory(employer=busy, organisation=other, date=_ago(20), purpose="bbl")
    EmployerContactFactory(employer=busy, organisation=wsp.rmc_office, date=_ago(40))
    two = EmployerFactory(name="Twee Partijen")
    EmployerContactFactory(employer=two, organisation=school, date=_ago(1))
    EmployerContactFactory(employer=two, organisation=other, date=_ago(50))
    same = EmployerFactory(name="Zelfde Partij")
    EmployerContactFactory(employer=same, organisation=school, date=_ago(2))
    EmployerContactFactory(employer=same, organisation=school, date=_ago(5))
    projects = EmployerFactory(name="Twee Projecten")
    for name in ("Pilot A", "Pilot B"):
        EmployerContactFactory(
            employer=projects, organisation=other, project=ProjectFactory(name=name), date=_ago(6)
        )
    return wsp


def test_the_overview_lists_employers_approached_by_several_parties(approaches):
    rows = selectors.double_approaches(weeks=8)
    assert [(r.employer.name, r.party_count) for r in rows] == [
        ("Druk Bezocht", 3),
        ("Twee Partijen", 2),
        ("Twee Projecten", 2),
    ]
    assert [(r.employer.name, r.party_count) for r in selectors.double_approaches(weeks=4)] == [
        ("Druk Bezocht", 2),
        ("Twee Projecten", 2),
    ]


def test_the_overview_costs_two_queries(approaches, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = selectors.double_approaches(weeks=26)
        assert {c.organisation.name for r in rows for c in r.contacts}
        assert {c.project.name for r in rows for c in r.contacts if c.project}


def test_the_overview_page_and_its_csv(client, approaches):
    login(client, approaches.extra["coordinator"])
    response = client.get("/werkgevers/dubbel-benaderd/")
    assert response.status_code == 200
    assert response.context["weeks"] == 8
    page = response.content.decode()
    assert page.index("Druk Bezocht") < page.index("Twee Partijen")
    assert "Zelfde Partij" not in page
    response = client.get("/werkgevers/dubbel-benaderd/?weeks=4")
    assert "Twee Partijen" not in response.content.decode()
    response = client.get("/werkgevers/dubbel-benaderd/csv/?weeks=8")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Employer;KvK number;Parties;")
    assert len(lines) == 1 + 3 + 2 + 2
    assert any(line.startswith("Druk Bezocht;") and ";3;" in line for line in lines)
    event = AuditEvent.objects.get(action="export")
    assert event.detail["weeks"] == 8 and len(event.detail["employers"]) == 3


def test_the_overview_page_queries_do_not_grow(client, approaches):
    login(client, approaches.extra["manager"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/werkgevers/dubbel-benaderd/?weeks=26").status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for _ in range(5):
        employer = EmployerFactory()
        EmployerContactFactory(employer=employer, project=ProjectFactory(), date=_ago(9))
        EmployerContactFactory(employer=employer, date=_ago(8))
    assert queries() == few


# -- the API ------------------------------------------------------------------------------


def _post(client, url, data, method="post"):
    return getattr(client, method)(url, data, content_type="application/json")


def test_api_lists_and_filters_employers(client, wsp):
    region_member = EmployerFactory(name="In Tiel", region=wsp.municipality, kvk_number="11112222")
    EmployerFactory(name="Zorg", sector="zorg")
    AccountOwnerFactory(
        employer=region_member, organisation=wsp.extra["wsp"], user=wsp.extra["manager"]
    )
    client.force_login(wsp.coach)
    data = client.get(EMPLOYERS).json()
    assert data["count"] == 2
    assert {row["name"] for row in data["results"]} == {"In Tiel", "Zorg"}
    row = client.get(f"{EMPLOYERS}?kvk=1111.2222").json()["results"][0]
    assert row["account_owner"] == {
        "organisation": "wsp-rivierenland",
        "user": "accountmanager",
        "since": "2025-01-01",
    }
    assert row["region"] == wsp.municipality.code
    assert [r["name"] for r in client.get(f"{EMPLOYERS}?sector=zorg").json()["results"]] == ["Zorg"]
    in_rmc = client.get(f"{EMPLOYERS}?region={wsp.rmc_region.code}").json()["results"]
    assert [r["name"] for r in in_rmc] == ["In Tiel"]
    assert client.get(f"{EMPLOYERS}?kvk=123").status_code == 400
    unknown = client.get(f"{EMPLOYERS}?region=nergens")
    assert unknown.status_code == 400
    assert unknown.json() == {"region": ["There is no region with this code."]}
    assert AuditEvent.objects.filter(action="list", object_type="employers.employer").exists()


def test_api_refuses_roles_outside_the_register(client, wsp):
    employer = EmployerFactory()
    client.force_login(wsp.analyst)
    assert client.get(EMPLOYERS).status_code == 403
    assert client.get(f"{EMPLOYERS}{employer.pk}/").status_code == 403
    assert client.get(CONTACTS).status_code == 403
    body = {"employer": employer.pk, "date": _today().isoformat(), "channel": "email",
            "purpose": "bpv", "outcome": "interesse"}  # fmt: skip
    assert _post(client, CONTACTS, body).status_code == 403
    assert not EmployerContact.objects.exists()


def test_api_creates_and_updates_employers_for_keepers_only(client, wsp):
    body = {"name": "Nieuw B.V.", "kvk_number": "8765 4321", "sector": "ict"}
    client.force_login(wsp.coach)
    assert _post(client, EMPLOYERS, body).status_code == 403
    client.force_login(wsp.extra["manager"])
    response = _post(client, EMPLOYERS, body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["kvk_number"] == "87654321"
    assert created["account_owner"] is None and created["locations"] == []
    duplicate = _post(client, EMPLOYERS, body | {"name": "Kopie"})
    assert duplicate.status_code == 400
    assert duplicate.json() == {
        "kvk_number": ["An employer with this KvK number is already registered."]
    }
    bad = _post(client, EMPLOYERS, {"name": "", "kvk_number": "12", "sector": "ruimtevaart"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"name", "sector"}  # the shape first, then the service
    bad = _post(client, EMPLOYERS, body | {"kvk_number": "12"})
    assert bad.json()["kvk_number"] == ["A KvK number has exactly eight digits, like 12345678."]
    patched = _post(client, f"{EMPLOYERS}{created['id']}/", {"size": "250+"}, method="patch")
    assert patched.status_code == 200, patched.content
    assert patched.json()["size"] == "250+"
    assert Employer.objects.get().size == "250+"
    assert AuditEvent.objects.filter(object_type="employers.employer", action="update").exists()


def test_api_logs_and_filters_approaches(client, wsp):
    employer, other = EmployerFactory(), EmployerFactory()
    EmployerContactFactory(employer=employer, date=_ago(40))
    EmployerContactFactory(employer=other, date=_ago(2))
    person = ContactPersonFactory(employer=employer)
    project = ProjectFactory(slug="werkroute")
    client.force_login(wsp.coach)
    body = {
        "employer": employer.pk,
        "date": _ago(1).isoformat(),
        "channel": "bezoek",
        "purpose": "bbl",
        "outcome": "akkoord",
        "project": "werkroute",
        "contact_person": person.pk,
        "summary": "Twee BBL-plekken.",
    }
    response = _post(client, CONTACTS, body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["organisation"] == "roc-rivor" and data["user"] == "coach"
    assert EmployerContact.objects.get(pk=data["id"]).project == project
    future = _post(client, CONTACTS, body | {"date": (_today() + datetime.timedelta(days=1))
                                              .isoformat()})  # fmt: skip
    assert future.status_code == 400
    assert future.json() == {"date": ["The date lies in the future."]}
    wrong_person = _post(client, CONTACTS, body | {"employer": other.pk})
    assert list(wrong_person.json()) == ["contact_person"]
    listed = client.get(f"{CONTACTS}?employer={employer.pk}&since={_ago(10).isoformat()}")
    assert [row["id"] for row in listed.json()["results"]] == [data["id"]]
    assert client.get(f"{CONTACTS}?since=gisteren").status_code == 400
    assert EmployerContact.objects.count() == 3


def test_api_employer_list_queries_do_not_grow(client, wsp):
    client.force_login(wsp.coach)

    def grow(n):
        for _ in range(n):
            employer = EmployerFactory(region=wsp.municipality)
            AccountOwnerFactory(employer=employer)
            LocationFactory(employer=employer)
            ContactPersonFactory(employer=employer)
            Accreditation.objects.create(
                employer=employer, crebo="25329", programme_name="X", valid_from=_ago(5)
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(EMPLOYERS).status_code == 200
        return len(ctx.captured_queries)

    grow(2)
    few = queries()
    grow(8)
    assert queries() == few


def test_regions_of_every_kind_can_be_filtered_on(client, wsp):
    """A labour market region takes in its municipalities too."""
    labour = MunicipalityFactory(
        kind=RegionKind.LABOUR_MARKET, name="Arbeidsmarktregio Rivierenland", rmc_region=None
    )
    wsp.municipality.labour_market_region = labour
    wsp.municipality.save()
    EmployerFactory(name="Via AMR", region=wsp.municipality)
    EmployerFactory(name="Elders")
    assert [e.name for e in selectors.employer_list(region=labour)] == ["Via AMR"]
    assert Location.objects.count() == 0


def test_api_errors_come_in_the_users_language(client, wsp, settings):
    client.force_login(wsp.extra["manager"])
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]  # Dutch, the default
    response = _post(client, EMPLOYERS, {"kvk_number": "12345678", "sector": "ict"})
    assert response.status_code == 400
    assert response.json() == {"name": ["Dit veld is vereist."]}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _post(client, EMPLOYERS, {"kvk_number": "12345678", "sector": "ict"})
    assert response.json() == {"name": ["This field is required."]}


# -- the admin ----------------------------------------------------------------------------


def _inlines(*prefixes: str) -> dict:
    data = {}
    for prefix in prefixes:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def test_the_administrator_corrects_the_register_in_the_admin(client, wsp):
    login(client, wsp.administrator)
    data = {
        "name": "Via Beheer B.V.",
        "kvk_number": "11.22.33.44",
        "sector": "bouw",
        "size": "",
        "region": "",
        "website": "viabeheer.example",
        "description": "",
        "is_active": "on",
        **_inlines("locations", "accreditations", "contact_persons", "account_owners"),
    }
    response = client.post("/beheer/employers/employer/add/", data)
    assert response.status_code == 302, response.content[:3000]
    employer = Employer.objects.get()
    assert employer.kvk_number == "11223344"
    assert employer.website == "https://viabeheer.example"
    assert AuditEvent.objects.filter(action="create", object_type="employers.employer").exists()

    AccountOwnerFactory(employer=employer)
    second = {
        "employer": employer.pk,
        "organisation": wsp.extra["wsp"].pk,
        "user": wsp.extra["manager"].pk,
        "since": _today().isoformat(),
        "until": "",
    }
    response = client.post("/beheer/employers/accountowner/add/", second)
    assert response.status_code == 200
    assert "This employer already has an account owner." in response.content.decode()
    assert AccountOwner.objects.count() == 1
