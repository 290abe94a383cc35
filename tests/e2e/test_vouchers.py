"""A coach issues an education voucher; a school enters the code when the young person
enrols and sees only what it needs to enrol them."""

from __future__ import annotations

import re

import pytest

from dwarsverbinder.followup.models import Voucher

from .browser import checked, log_in, submit, visit

pytestmark = pytest.mark.e2e


def test_coach_issues_a_voucher_and_a_school_redeems_it(new_context, world):
    person = world.person

    coach = new_context().new_page()
    log_in(coach, "coach")
    visit(coach, f"/vouchers/uitgeven/{person.pk}/", "voucher-issue")
    assert person.full_name in coach.locator("#main").inner_text()
    coach.fill("#id_description", "Entree-opleiding Logistiek")
    coach.fill("#id_value_eur", "750")
    coach.fill("#id_valid_until", "2020-01-01")  # in the past: refused, typing kept
    submit(coach)
    checked(coach, "voucher-issue-error")
    assert coach.locator("#id_valid_until_error").count() == 1
    assert coach.input_value("#id_description") == "Entree-opleiding Logistiek"
    coach.fill("#id_valid_until", "2030-12-31")
    submit(coach)
    assert re.search(r"/vouchers/\d+/$", coach.url)
    checked(coach, "voucher-detail-issuer")
    voucher = Voucher.objects.get()
    assert voucher.code in coach.locator("h1").inner_text()
    assert voucher.code in coach.locator(".dwv-messages").inner_text()
    visit(coach, "/vouchers/", "voucher-list-open")
    assert voucher.code in coach.locator("#main table").inner_text()

    school = new_context().new_page()
    log_in(school, "outsider")  # a coach at Elders College, where the young person enrols
    visit(school, f"/vouchers/{voucher.pk}/", "voucher-detail-before-redeem", status=404)
    visit(school, "/vouchers/", "voucher-list-school")
    with school.expect_navigation():
        school.locator("#main a[href='/vouchers/inwisselen/']").click()
    checked(school, "voucher-redeem")
    school.fill("#id_code", "ZZZZ-ZZZZ")
    submit(school)
    checked(school, "voucher-redeem-error")
    assert school.locator("#id_code_error").count() == 1
    school.fill("#id_code", voucher.code.lower().replace("-", " "))
    submit(school)
    assert school.evaluate("location.pathname") == f"/vouchers/{voucher.pk}/"
    checked(school, "voucher-detail-redeemed")
    main = school.locator("#main").inner_text()
    assert "Sanne J." in main
    assert person.surname not in main
    assert "Entree-opleiding Logistiek" in main
    assert "31-12-2030" in main

    visit(school, "/vouchers/?status=redeemed", "voucher-list-redeemed")
    assert voucher.code in school.locator("#main table").inner_text()
    voucher.refresh_from_db()
    assert voucher.redeemed_at == world.other_school


def test_issuer_withdraws_a_voucher(new_context, world):
    coach = new_context().new_page()
    log_in(coach, "coach")
    visit(coach, f"/vouchers/uitgeven/{world.person.pk}/", "voucher-issue-for-withdraw")
    coach.fill("#id_description", "Herstart mbo-2")
    submit(coach)
    with coach.expect_navigation():
        coach.locator(".dwv-voucher-withdraw button[type=submit]").click()
    checked(coach, "voucher-detail-withdrawn")
    assert Voucher.objects.get().withdrawn_on is not None
    visit(coach, "/vouchers/?status=withdrawn", "voucher-list-withdrawn")
