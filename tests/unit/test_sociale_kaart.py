"""The sociale kaart: public pages for young people, partner pages, writes and demo."""

from __future__ import annotations

import datetime

import factory
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.network import services
from dwarsverbinder.network.models import Organisation, Service, ServiceTheme
from dwarsverbinder.privacy.models import AuditEvent
from tests.conftest import login
from tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory

TODAY = datetime.date(2026, 10, 1)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, care=True)
    slug = factory.Sequence(lambda n: f"dienst-{n}")
    name = factory.Sequence(lambda n: f"Dienst {n}")
    summary = "Je praat met iemand over wat moeilijk is."
    for_whom = "Voor jongeren in de regio."
    how_to_get_in = "Bel of mail ons."
    themes = factory.LazyFunction(lambda: [ServiceTheme.CARE.value])
    waiting_days = 21
    waiting_updated_on = TODAY
    accepting_new = True
    is_published = True

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)


def _names(response) -> list[str]:
    return sorted(s.name for s in response.context["page"].object_list)


# --- Public pages -------------------------------------------------------------------------


def test_anonymous_young_person_sees_list_and_detail(client, db):
    service = ServiceFactory(
        name="Budgetcoach",
        phone="0344 123 456",
        email="budget@example.nl",
        waiting_days=21,
        waiting_updated_on=datetime.date(2026, 11, 12),
    )
    response = client.get("/hulp/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Budgetcoach" in content
    assert service.organisation.name in content
    response = client.get(f"/hulp/{service.slug}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'href="tel:0344123456"' in content
    assert 'href="mailto:budget@example.nl"' in content
    assert "Bel of mail ons." in content


def test_waiting_time_in_plain_words(db):
    with translation.override("en"):
        assert ServiceFactory.build(waiting_days=3).waiting_phrase() == "about 3 days"
        assert ServiceFactory.build(waiting_days=21).waiting_phrase() == "about 3 weeks"
        assert ServiceFactory.build(waiting_days=1).waiting_phrase() == "about 1 day"
        assert ServiceFactory.build(waiting_days=120).waiting_phrase() == "about 4 months"
        assert ServiceFactory.build(waiting_days=0).waiting_phrase() == "no waiting time"
        assert ServiceFactory.build(waiting_days=None).waiting_phrase() == ""
        assert ServiceFactory.build(min_age=16, max_age=27).age_phrase() == "16 to 27 years"


def test_unknown_waiting_time_is_said_plainly(client, db):
    ServiceFactory(waiting_days=None, waiting_updated_on=None)
    ServiceFactory(waiting_days=21, waiting_updated_on=datetime.date(2026, 11, 12))
    with translation.override("en"):
        content = client.get("/hulp/").content.decode()
    # Until the Dutch catalogue has these sentences, the page shows the English text.
    assert "No waiting time known" in content or "Geen wachttijd bekend" in content
    assert "12 november" in content.lower()


def test_unpublished_and_inactive_are_hidden(client, db):
    hidden = ServiceFactory(name="Verborgen", is_published=False)
    closed = ServiceFactory(name="Gesloten", organisation__is_active=False)
    ServiceFactory(name="Zichtbaar")
    assert _names(client.get("/hulp/")) == ["Zichtbaar"]
    assert client.get(f"/hulp/{hidden.slug}/").status_code == 404
    assert client.get(f"/hulp/{closed.slug}/").status_code == 404


def test_filter_by_theme(client, db):
    ServiceFactory(name="Schuldhulp", themes=["geld"])
    ServiceFactory(name="Wonen en geld", themes=["wonen", "geld"])
    ServiceFactory(name="Werk", themes=["werk"])
    assert _names(client.get("/hulp/?theme=geld")) == ["Schuldhulp", "Wonen en geld"]
    assert _names(client.get("/hulp/?theme=werk&theme=wonen")) == ["Werk", "Wonen en geld"]
    # A theme that does not exist is left out, not an error page.
    assert client.get("/hulp/?theme=onzin").status_code == 200


def test_filter_by_age(client, db):
    ServiceFactory(name="Tot 18", min_age=12, max_age=18)
    ServiceFactory(name="Vanaf 18", min_age=18, max_age=None)
    ServiceFactory(name="Iedereen", min_age=None, max_age=None)
    assert _names(client.get("/hulp/?age=16")) == ["Iedereen", "Tot 18"]
    assert _names(client.get("/hulp/?age=18")) == ["Iedereen", "Tot 18", "Vanaf 18"]
    assert _names(client.get("/hulp/?age=25")) == ["Iedereen", "Vanaf 18"]
    response = client.get("/hulp/?age=abc")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 3


def test_filter_by_municipality(client, db):
    tiel = MunicipalityFactory(name="Tiel", code="gemeente-tiel")
    buren = MunicipalityFactory(name="Buren", code="gemeente-buren", rmc_region=tiel.rmc_region)
    culemborg = MunicipalityFactory(name="Culemborg", code="gemeente-culemborg")
    ServiceFactory(name="In Tiel", municipality=tiel)
    ServiceFactory(name="Tiel en Buren", municipality=tiel, regions=[buren])
    ServiceFactory(name="Hele regio")
    ServiceFactory(name="RMC-regio", regions=[tiel.rmc_region])
    assert _names(client.get("/hulp/?municipality=gemeente-buren")) == [
        "Hele regio",
        "RMC-regio",
        "Tiel en Buren",
    ]
    assert _names(client.get("/hulp/?municipality=gemeente-tiel")) == [
        "Hele regio",
        "In Tiel",
        "RMC-regio",
        "Tiel en Buren",
    ]
    assert _names(client.get(f"/hulp/?municipality={culemborg.code}")) == ["Hele regio"]


def test_filter_accepting_and_search(client, db):
    ServiceFactory(name="Vol", accepting_new=False)
    ServiceFactory(name="Open", summary="Hulp bij je schulden.")
    ServiceFactory(name="Anders", organisation__name="Stichting Schuldenvrij")
    assert _names(client.get("/hulp/?accepting=on")) == ["Anders", "Open"]
    assert _names(client.get("/hulp/?q=schulden")) == ["Anders", "Open"]
    assert _names(client.get("/hulp/?q=vol&accepting=on")) == []


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/hulp/", "/hulp/?theme=zorg&age=18&accepting=on"])
def test_public_list_query_count_is_fixed(client, db, url):
    tiel = MunicipalityFactory(code="gemeente-tiel")
    ServiceFactory.create_batch(3, municipality=tiel, regions=[tiel])
    small = _queries(client, url)
    ServiceFactory.create_batch(17, municipality=tiel, regions=[tiel])
    assert Service.objects.count() == 20
    assert _queries(client, url) == small


def test_detail_query_count_is_fixed(client, db):
    first = MunicipalityFactory()
    service = ServiceFactory(municipality=first, regions=[first])
    small = _queries(client, f"/hulp/{service.slug}/")
    service.regions.add(*MunicipalityFactory.create_batch(4))
    assert _queries(client, f"/hulp/{service.slug}/") == small


# --- Partner pages ------------------------------------------------------------------------


@pytest.fixture
def partners(db):
    wijkteam = OrganisationFactory(care=True, name="Wijkteam Tiel-Oost")
    elsewhere = OrganisationFactory(care=True, name="Ander team")
    member = MembershipFactory(organisation=wijkteam, role=Role.INTAKE).user
    outsider = MembershipFactory(organisation=elsewhere, role=Role.INTAKE).user
    former = MembershipFactory(organisation=wijkteam, role=Role.COACH, is_active=False).user
    service = ServiceFactory(organisation=wijkteam, name="Hulp thuis", is_published=False)
    return {
        "org": wijkteam,
        "member": member,
        "outsider": outsider,
        "former": former,
        "service": service,
    }


def _form_data(**overrides) -> dict:
    data = {
        "name": "Budgetcoach",
        "summary": "Een coach helpt je met je geld.",
        "for_whom": "Voor jongeren met vragen over geld.",
        "themes": ["geld"],
        "min_age": "16",
        "max_age": "27",
        "how_to_get_in": "Bel ons.",
        "phone": "0344 123 456",
        "email": "budget@example.nl",
        "website": "example.nl/budget",
        "address": "",
        "municipality": "",
        "waiting_days": "14",
        "accepting_new": "on",
        "is_published": "on",
    }
    data.update(overrides)
    return data


def test_member_manages_own_services(client, partners):
    login(client, partners["member"])
    response = client.get("/hulp/beheer/")
    assert response.status_code == 200
    assert "Hulp thuis" in response.content.decode()  # unpublished, but their own
    assert client.get(f"/hulp/beheer/{partners['service'].slug}/").status_code == 200
    nav = [item["url"] for item in response.context["nav_items"]]
    assert "/hulp/beheer/" in nav


def test_outsider_and_anonymous_get_no_access(client, partners):
    slug = partners["service"].slug
    assert client.get("/hulp/beheer/").status_code == 302  # to the login page
    login(client, partners["outsider"])
    assert "Hulp thuis" not in client.get("/hulp/beheer/").content.decode()
    assert client.get(f"/hulp/beheer/{slug}/").status_code == 404
    response = client.post(
        f"/hulp/beheer/{slug}/wachttijd/", {f"s{partners['service'].pk}-waiting_days": "1"}
    )
    assert response.status_code == 404
    assert client.post(f"/hulp/beheer/{slug}/", _form_data()).status_code == 404
    partners["service"].refresh_from_db()
    assert partners["service"].waiting_days == 21


def test_inactive_membership_gives_no_access(client, partners):
    login(client, partners["former"])
    assert client.get(f"/hulp/beheer/{partners['service'].slug}/").status_code == 404


def test_create_service_audited(client, partners):
    login(client, partners["member"])
    response = client.post("/hulp/beheer/nieuw/", _form_data(name="Beheer"))
    assert response.status_code == 302
    service = Service.objects.get(name="Beheer")
    assert service.organisation == partners["org"]
    assert service.slug == "beheer-2"  # the path /hulp/beheer/ stays free
    assert service.website == "https://example.nl/budget"
    assert service.waiting_updated_on is not None
    event = AuditEvent.objects.get(object_type="network.service", action="create")
    assert event.object_id == str(service.pk)
    assert event.person_id is None
    assert event.changes["name"] == [None, "Beheer"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"min_age": "25", "max_age": "18"}, "max_age"),
        ({"waiting_days": "-3"}, "waiting_days"),
        ({"email": "geen-adres"}, "email"),
        ({"phone": "bel me"}, "phone"),
        ({"themes": []}, "themes"),
        ({"min_age": "120"}, "min_age"),
    ],
)
def test_bad_input_saves_nothing_and_keeps_input(client, partners, overrides, field):
    login(client, partners["member"])
    response = client.post("/hulp/beheer/nieuw/", _form_data(name="Nieuw ding", **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Service.objects.filter(name="Nieuw ding").exists()
    content = response.content.decode()
    assert 'value="Nieuw ding"' in content
    assert "Een coach helpt je met je geld." in content
    assert not AuditEvent.objects.filter(object_type="network.service").exists()


def test_edit_keeps_input_on_error_and_saves_when_right(client, partners):
    service = partners["service"]
    login(client, partners["member"])
    url = f"/hulp/beheer/{service.slug}/"
    response = client.post(url, _form_data(name="Nieuwe naam", min_age="30", max_age="20"))
    assert response.status_code == 200
    assert 'value="Nieuwe naam"' in response.content.decode()
    service.refresh_from_db()
    assert service.name == "Hulp thuis"
    response = client.post(url, _form_data(name="Nieuwe naam"))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Nieuwe naam"
    event = AuditEvent.objects.get(object_type="network.service", action="update")
    assert event.changes["name"] == ["Hulp thuis", "Nieuwe naam"]


def test_quick_waiting_update_sets_date(client, partners):
    service = partners["service"]
    service.waiting_updated_on = datetime.date(2025, 1, 1)
    service.save()
    login(client, partners["member"])
    prefix = f"s{service.pk}"
    response = client.post(
        f"/hulp/beheer/{service.slug}/wachttijd/", {f"{prefix}-waiting_days": "35"}
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.waiting_days == 35
    assert service.accepting_new is False  # the box was left empty
    assert service.waiting_updated_on == timezone.localdate()
    event = AuditEvent.objects.get(object_type="network.service", action="update")
    assert event.changes["waiting_days"] == [21, 35]
    assert event.person_id is None


def test_quick_waiting_update_rejects_negative_days(client, partners):
    service = partners["service"]
    login(client, partners["member"])
    prefix = f"s{service.pk}"
    response = client.post(
        f"/hulp/beheer/{service.slug}/wachttijd/", {f"{prefix}-waiting_days": "-1"}
    )
    assert response.status_code == 200
    assert "waiting_days" in response.context["form"].errors
    assert 'value="-1"' in response.content.decode()
    service.refresh_from_db()
    assert service.waiting_days == 21


def test_services_validate_too(partners):
    with pytest.raises(ValidationError) as caught:
        services.service_waiting_update(
            service=partners["service"], waiting_days=-5, accepting_new=True, by=partners["member"]
        )
    assert "waiting_days" in caught.value.message_dict
    assert Service.objects.get(pk=partners["service"].pk).waiting_days == 21


def test_service_update_dates_a_changed_wait(partners):
    service = services.service_update(
        service=partners["service"],
        fields={"waiting_days": 40},
        by=partners["member"],
        today=datetime.date(2026, 12, 1),
    )
    assert service.waiting_updated_on == datetime.date(2026, 12, 1)


def test_admin_lists_services(client, world):
    ServiceFactory(name="In de admin")
    login(client, world.administrator)
    response = client.get("/beheer/network/service/")
    assert response.status_code == 200
    assert "In de admin" in response.content.decode()


# --- Demo ---------------------------------------------------------------------------------


def test_demo_services_are_idempotent_and_cover_every_theme(db):
    from dwarsverbinder.demo.seed import seed_organisations, seed_regions
    from dwarsverbinder.demo.seed_services import seed_services

    regions = seed_regions()
    organisations = seed_organisations(regions)
    first = seed_services(regions, organisations)
    counts = (Service.objects.count(), Organisation.objects.count())
    seed_services(regions, organisations)
    assert (Service.objects.count(), Organisation.objects.count()) == counts
    assert 12 <= len(first) <= 15
    themes = {code for service in Service.objects.all() for code in service.themes}
    assert themes == set(ServiceTheme.values)
    for service in Service.objects.all():
        service.full_clean()
    assert Service.objects.filter(accepting_new=False).exists()
    assert Service.objects.filter(waiting_days__isnull=True).exists()


def test_the_api_serves_published_services_without_login(client, db):
    ServiceFactory(name="Schuldhulp", themes=["geld"], min_age=18, max_age=27)
    ServiceFactory(name="Verborgen", themes=["geld"], is_published=False)
    ServiceFactory(name="Wonen", themes=["wonen"])
    data = client.get("/api/v1/services/?theme=geld&age=19").json()
    assert [row["name"] for row in data["results"]] == ["Schuldhulp"]
    assert client.get("/api/v1/services/?age=16&theme=geld").json()["count"] == 0
