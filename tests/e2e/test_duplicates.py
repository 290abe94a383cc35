"""A regional coordinator finds a young person recorded twice, compares the two files,
swaps which one stays, and merges them; a coach cannot open the page."""

from __future__ import annotations

import datetime

import pytest

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.people.models import Identity, Person, StatusEpisode
from dwarsverbinder.privacy.models import AuditEvent
from tests.factories import MembershipFactory, PersonFactory

from .browser import checked, log_in, submit, visit

pytestmark = pytest.mark.e2e


@pytest.fixture
def twins(world):
    MembershipFactory(
        organisation=world.rmc_office, role=Role.COORDINATOR, user__username="coordinator"
    )
    birth = datetime.date(2007, 5, 2)
    first = PersonFactory(
        municipality=world.municipality,
        given_names="Noa",
        tussenvoegsel="van",
        surname="Dijk",
        date_of_birth=birth,
        postcode="",
    )
    second = PersonFactory(
        municipality=world.municipality,
        given_names="Noa",
        surname="Van Dijk",
        date_of_birth=birth,
        postcode="4001AB",
    )
    Identity.objects.create(
        person=second, kind="student_number", organisation=world.school, value="00991"
    )
    StatusEpisode.objects.create(
        person=second,
        kind="werk",
        start_date=datetime.date(2025, 9, 1),
        last_confirmed=datetime.date(2025, 9, 1),
        source="school",
    )
    return first, second


def test_coordinator_compares_swaps_and_merges(new_context, world, twins):
    first, second = twins
    page = new_context().new_page()
    log_in(page, "coordinator")
    visit(page, "/dubbelen/", "duplicates-list")
    compare = page.locator(f"#main table a[href='/dubbelen/{first.pk}/{second.pk}/']")
    assert compare.count() == 1
    with page.expect_navigation():
        compare.click()
    checked(page, "duplicates-merge-preview")
    assert "00991" in page.locator("#main table").inner_text()

    with page.expect_navigation():
        page.locator("#swap").click()
    assert page.evaluate("location.pathname") == f"/dubbelen/{second.pk}/{first.pk}/"
    checked(page, "duplicates-merge-preview-swapped")
    with page.expect_navigation():
        page.locator("#swap").click()
    assert page.evaluate("location.pathname") == f"/dubbelen/{first.pk}/{second.pk}/"

    # Without the confirmation nothing happens, and the page says why.
    with page.expect_navigation():
        submit(page)
    checked(page, "duplicates-merge-unconfirmed")
    assert page.locator("#main .utrecht-form-field-error-message").count() == 1
    assert Person.objects.filter(pk=second.pk).exists()

    page.locator("#id_confirmed").check()
    with page.expect_navigation():
        submit(page)
    assert page.evaluate("location.pathname") == f"/jongeren/{first.pk}/"
    checked(page, "duplicates-merged-file")
    assert page.locator("#main .utrecht-alert--ok").count() == 1

    assert not Person.objects.filter(pk=second.pk).exists()
    first.refresh_from_db()
    assert first.postcode == "4001AB"
    assert first.episodes.count() == 1
    assert first.identities.get().value == "00991"
    merged = AuditEvent.objects.get(action="update", object_type="people.person")
    assert merged.changes["merged_from"] == second.pk


def test_a_coach_does_not_get_the_page(new_context, world, twins):
    first, second = twins
    page = new_context().new_page()
    log_in(page, "coach")
    visit(page, "/dubbelen/", "duplicates-coach-404", status=404)
    visit(page, f"/dubbelen/{first.pk}/{second.pk}/", "duplicates-merge-coach-404", status=404)
