"""A coach opens a young person's file; an outsider gets a 404; the privacy officer
finds the coach's read in the audit log and opens the event."""

from __future__ import annotations

import pytest

from .browser import checked, log_in, set_field, submit, visit

pytestmark = pytest.mark.e2e

VIEWED = {"Viewed", "Bekeken"}  # the English msgid and its Dutch translation


def test_coach_reads_file_outsider_gets_404_and_fg_sees_it(new_context, world):
    person = world.person
    detail_url = f"/jongeren/{person.pk}/"

    coach = new_context().new_page()
    log_in(coach, "coach")
    with coach.expect_navigation():
        coach.locator("header nav a[href='/jongeren/']").click()
    assert coach.evaluate("location.pathname") == "/jongeren/"
    checked(coach, "person-list")
    row_link = coach.locator(f"#main table a[href='{detail_url}']")
    assert row_link.inner_text() == f"{person.surname}, {person.given_names}"
    with coach.expect_navigation():
        row_link.click()
    assert coach.evaluate("location.pathname") == detail_url
    checked(coach, "person-detail")
    assert coach.locator("h1").inner_text() == person.full_name
    # The file shows its own history: the coach's read is already in it.
    assert "coach" in coach.locator("#main table").last.inner_text()

    outsider = new_context().new_page()
    log_in(outsider, "outsider")
    visit(outsider, detail_url, "person-detail-outsider-404", status=404)
    assert person.surname not in outsider.content()
    assert outsider.locator("h1").count() == 1

    fg = new_context().new_page()
    log_in(fg, "fg")
    visit(fg, "/privacy/audit/", "audit-log")
    set_field(fg, "#id_object_type", "people.person")
    fg.fill("#id_object_id", str(person.pk))
    with fg.expect_navigation():
        submit(fg)
    assert "object_type=people.person" in fg.url
    checked(fg, "audit-log-filtered")
    rows = fg.locator("#main table tbody tr")
    views = [
        row
        for row in rows.all()
        if row.locator("td").nth(1).inner_text() == "coach"
        and row.locator("td").nth(4).inner_text()
        in (
            f"jongere #{person.pk}",
            f"young person #{person.pk}",
        )
    ]
    assert len(views) == 1, rows.all_inner_texts()
    assert views[0].locator("td").nth(3).inner_text() in VIEWED
    assert not any("outsider" in row for row in rows.all_inner_texts())  # a 404 reads nothing

    with fg.expect_navigation():
        views[0].locator("a").click()
    assert fg.evaluate("location.pathname").startswith("/privacy/audit/")
    checked(fg, "audit-event")
    facts = fg.locator("#main dl.dwv-facts").first.inner_text()
    assert "coach" in facts
    assert f" {person.pk} people.person" in facts
    assert any(label in facts for label in VIEWED)
