"""Education vouchers: issue, redeem and withdraw, every refusal, and the pages."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.followup import voucher_services as services
from dwarsverbinder.followup.models import Voucher
from dwarsverbinder.privacy.models import AuditEvent
from tests.conftest import login
from tests.factories import MembershipFactory, SchoolCareerFactory

CODE = re.compile(r"^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}$")


def _as(user):
    user.active_membership = user.memberships.select_related("organisation").first()
    return user


def _today() -> datetime.date:
    return timezone.localdate()


def _days(n: int) -> datetime.date:
    return _today() + datetime.timedelta(days=n)


def _issue(world, **overrides) -> Voucher:
    fields = {
        "person": world.person,
        "organisation": world.school,
        "by": _as(world.coach),
        "description": "Entree-opleiding Logistiek",
        "valid_until": _days(365),
        "value_eur": Decimal("750.00"),
    }
    return services.voucher_issue(**{**fields, **overrides})


def _redeem(world, code: str, *, on=None, user=None, school=None) -> Voucher:
    user = _as(user or world.outsider)  # a coach at Elders College, another school
    return services.voucher_redeem(
        code=code, school=school or world.other_school, by=user, on=on or _today()
    )


def _error(exc: pytest.ExceptionInfo, field: str = "code") -> str:
    return " ".join(exc.value.message_dict[field])


# -- issue -------------------------------------------------------------------------------


def test_issue_gives_a_readable_unique_code_and_is_audited(world):
    voucher = _issue(world)
    assert CODE.match(voucher.code)
    assert voucher.issued_on == _today()
    assert voucher.issued_by == world.school
    assert voucher.issued_by_user == world.coach
    event = AuditEvent.objects.get(object_type="followup.voucher", action="create")
    assert event.person_id == world.person.pk
    assert event.actor_username == "coach"


def test_a_code_that_is_taken_is_drawn_again(world, monkeypatch):
    codes = iter(["AAAA-BBBB", "AAAA-BBBB", "CCCC-DDDD"])
    monkeypatch.setattr(services, "generate_code", lambda: next(codes))
    assert _issue(world).code == "AAAA-BBBB"
    assert _issue(world).code == "CCCC-DDDD"


def test_the_value_is_optional(world):
    assert _issue(world, value_eur=None).value_eur is None


def test_an_outsider_cannot_issue(world):
    with pytest.raises(PermissionDenied):
        _issue(world, by=_as(world.outsider), organisation=world.other_school)
    assert not Voucher.objects.exists()


def test_issuing_on_behalf_of_another_organisation_is_refused(world):
    with pytest.raises(PermissionDenied):
        _issue(world, organisation=world.rmc_office)
    assert not Voucher.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"valid_until": _days(0)}, "valid_until"),
        ({"valid_until": _days(-30)}, "valid_until"),
        ({"value_eur": Decimal("0")}, "value_eur"),
        ({"value_eur": Decimal("-10")}, "value_eur"),
        ({"description": "   "}, "description"),
    ],
)
def test_issue_refuses_bad_input_and_saves_nothing(world, overrides, field):
    with pytest.raises(ValidationError) as exc:
        _issue(world, **overrides)
    assert field in exc.value.message_dict
    assert not Voucher.objects.exists()


# -- redeem ------------------------------------------------------------------------------


def test_a_school_redeems_a_voucher_in_any_spelling_of_the_code(world):
    voucher = _issue(world)
    typed = f"  {voucher.code.replace('-', ' ').lower()} "
    redeemed = _redeem(world, typed)
    assert redeemed.pk == voucher.pk
    assert redeemed.redeemed_on == _today()
    assert redeemed.redeemed_at == world.other_school
    event = AuditEvent.objects.get(object_type="followup.voucher", action="update")
    assert event.person_id == world.person.pk
    assert event.changes["redeemed_at_id"] == [None, world.other_school.pk]


def test_redeeming_on_the_last_valid_day_works_and_the_day_after_does_not(world):
    voucher = _issue(world, valid_until=_days(10))
    with pytest.raises(ValidationError) as exc:
        _redeem(world, voucher.code, on=_days(11))
    assert "verlopen" in _error(exc)
    assert _redeem(world, voucher.code, on=_days(10)).redeemed_on == _days(10)


def test_only_a_school_can_redeem(world):
    voucher = _issue(world)
    with pytest.raises(ValidationError) as exc:
        _redeem(world, voucher.code, user=world.rmc_consultant, school=world.rmc_office)
    assert "school" in _error(exc)
    voucher.refresh_from_db()
    assert voucher.redeemed_on is None


def test_redeeming_for_a_school_one_does_not_act_for_is_refused(world):
    voucher = _issue(world)
    with pytest.raises(PermissionDenied):
        _redeem(world, voucher.code, user=world.coach, school=world.other_school)


def test_an_unknown_code_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        _redeem(world, "ZZZZ-ZZZZ")
    assert "geen voucher" in _error(exc)


def test_a_voucher_is_redeemed_once(world):
    voucher = _issue(world)
    _redeem(world, voucher.code)
    with pytest.raises(ValidationError) as exc:
        _redeem(world, voucher.code)
    assert "al ingewisseld" in _error(exc)


def test_a_withdrawn_voucher_cannot_be_redeemed(world):
    voucher = _issue(world)
    services.voucher_withdraw(voucher=voucher, by=_as(world.coach))
    with pytest.raises(ValidationError) as exc:
        _redeem(world, voucher.code)
    assert "ingetrokken" in _error(exc)


# -- withdraw ----------------------------------------------------------------------------


def test_the_issuer_withdraws_and_it_is_audited(world):
    voucher = services.voucher_withdraw(voucher=_issue(world), by=_as(world.coach))
    assert voucher.withdrawn_on == _today()
    event = AuditEvent.objects.filter(object_type="followup.voucher", action="update").get()
    assert event.changes["withdrawn_on"] == [None, _today().isoformat()]
    assert event.person_id == world.person.pk


def test_only_the_issuing_organisation_can_withdraw(world):
    voucher = _issue(world)
    with pytest.raises(PermissionDenied):
        services.voucher_withdraw(voucher=voucher, by=_as(world.rmc_consultant))
    voucher.refresh_from_db()
    assert voucher.withdrawn_on is None


@pytest.mark.parametrize("state", ["redeemed", "withdrawn", "expired"])
def test_withdrawing_a_used_voucher_is_refused(world, state):
    voucher = _issue(world, valid_until=_days(5))
    if state == "redeemed":
        _redeem(world, voucher.code)
    elif state == "withdrawn":
        services.voucher_withdraw(voucher=voucher, by=_as(world.coach))
    on = _days(6) if state == "expired" else None
    with pytest.raises(ValidationError) as exc:
        services.voucher_withdraw(voucher=voucher, by=_as(world.coach), on=on)
    dutch = {"redeemed": "ingewisseld", "withdrawn": "ingetrokken", "expired": "verlopen"}
    assert dutch[state] in " ".join(exc.value.messages)


# -- pages -------------------------------------------------------------------------------


def test_the_issue_page_is_a_404_for_someone_who_cannot_see_the_person(client, world):
    login(client, world.outsider)
    url = f"/vouchers/uitgeven/{world.person.pk}/"
    assert client.get(url).status_code == 404
    response = client.post(url, {"description": "x", "valid_until": _days(30).isoformat()})
    assert response.status_code == 404
    assert not Voucher.objects.exists()


def test_roles_without_casework_get_404(client, world):
    login(client, world.analyst)
    assert client.get("/vouchers/").status_code == 404
    assert client.get(f"/vouchers/uitgeven/{world.person.pk}/").status_code == 404


def test_issue_form_issues_and_shows_the_code(client, world):
    login(client, world.coach)
    url = f"/vouchers/uitgeven/{world.person.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert b"Sanne Jansen" in page.content
    response = client.post(
        url,
        {"description": "Entree", "value_eur": "250,50", "valid_until": _days(90).isoformat()},
        follow=True,
    )
    voucher = Voucher.objects.get()
    assert voucher.value_eur == Decimal("250.50")
    assert response.redirect_chain[-1][0] == f"/vouchers/{voucher.pk}/"
    assert voucher.code in response.content.decode()


def test_issue_form_keeps_what_was_typed_on_errors(client, world):
    login(client, world.coach)
    response = client.post(
        f"/vouchers/uitgeven/{world.person.pk}/",
        {"description": "Entree Zorg en Welzijn", "value_eur": "-5", "valid_until": "2020-01-01"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Entree Zorg en Welzijn"' in content
    assert 'value="2020-01-01"' in content
    assert "utrecht-form-field--invalid" in content
    assert not Voucher.objects.exists()


def test_service_errors_appear_beside_the_field(client, world):
    login(client, world.coach)
    response = client.post(
        f"/vouchers/uitgeven/{world.person.pk}/",
        {"description": "Entree", "valid_until": _today().isoformat()},
    )
    assert response.status_code == 200
    assert "id_valid_until_error" in response.content.decode()


def test_a_school_redeems_on_the_page_and_sees_first_name_and_initial_only(client, world):
    voucher = _issue(world)
    login(client, world.outsider)
    assert client.get(f"/vouchers/{voucher.pk}/").status_code == 404  # not theirs yet
    page = client.get("/vouchers/inwisselen/")
    assert page.status_code == 200
    response = client.post("/vouchers/inwisselen/", {"code": voucher.code.lower()}, follow=True)
    assert response.redirect_chain[-1][0] == f"/vouchers/{voucher.pk}/"
    content = response.content.decode()
    assert "Sanne J." in content
    assert "Jansen" not in content
    assert "Entree-opleiding Logistiek" in content
    assert "750" not in content  # the value stays with the issuer
    assert f"/jongeren/{world.person.pk}/" not in content
    listing = client.get("/vouchers/?status=redeemed").content.decode()
    assert voucher.code in listing and "Sanne J." in listing
    assert "Jansen" not in listing and "750" not in listing


def test_redeem_form_keeps_the_code_and_says_why(client, world):
    login(client, world.outsider)
    response = client.post("/vouchers/inwisselen/", {"code": "zzzz-zzzz"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="ZZZZ-ZZZZ"' in content or 'value="zzzz-zzzz"' in content
    assert "id_code_error" in content
    response = client.post("/vouchers/inwisselen/", {"code": "abc"})
    assert 'value="abc"' in response.content.decode()


def test_the_redeem_page_is_only_for_schools(client, world):
    login(client, world.rmc_consultant)
    assert client.get("/vouchers/inwisselen/").status_code == 404


def test_withdraw_from_the_detail_page(client, world):
    voucher = _issue(world)
    login(client, world.coach)
    assert client.get(f"/vouchers/{voucher.pk}/intrekken/").status_code == 405
    response = client.post(f"/vouchers/{voucher.pk}/intrekken/", follow=True)
    assert response.status_code == 200
    voucher.refresh_from_db()
    assert voucher.withdrawn_on == _today()
    assert voucher.code in client.get("/vouchers/?status=withdrawn").content.decode()


def test_a_coach_elsewhere_who_sees_the_person_cannot_withdraw(client, world):
    voucher = _issue(world)
    login(client, world.rmc_consultant)  # sees the person through the RMC task
    assert client.get(f"/vouchers/{voucher.pk}/").status_code == 200
    client.post(f"/vouchers/{voucher.pk}/intrekken/")
    voucher.refresh_from_db()
    assert voucher.withdrawn_on is None


def test_an_outsider_cannot_withdraw(client, world):
    voucher = _issue(world)
    login(client, world.outsider)
    assert client.post(f"/vouchers/{voucher.pk}/intrekken/").status_code == 404


def test_list_shows_the_organisations_vouchers_by_status(client, world):
    open_ = _issue(world)
    withdrawn = services.voucher_withdraw(voucher=_issue(world), by=_as(world.coach))
    login(client, world.coach)
    content = client.get("/vouchers/").content.decode()
    assert open_.code in content and withdrawn.code not in content
    assert "Sanne Jansen" in content  # the coach sees the person: full name, linked
    event = AuditEvent.objects.filter(object_type="followup.voucher", action="list").last()
    assert event.detail["ids"] == [open_.pk]
    assert event.detail["person_ids"] == [world.person.pk]
    other = client.get("/vouchers/").content.decode()
    assert "?status=withdrawn" in other


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/vouchers/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_runs_a_fixed_number_of_queries(client, world):
    login(client, world.coach)
    _issue(world)
    small = _list_queries(client)
    for _i in range(6):
        career = SchoolCareerFactory(school=world.school)
        _issue(world, person=career.person)
    assert _list_queries(client) == small


def test_a_coordinator_acting_for_a_school_sees_the_list(client, world):
    coordinator = MembershipFactory(organisation=world.school, role=Role.COORDINATOR).user
    _issue(world)
    login(client, coordinator)
    assert client.get("/vouchers/").status_code == 200
