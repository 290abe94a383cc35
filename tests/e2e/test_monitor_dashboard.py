"""The monitor dashboard in the browser: the analyst opens it, changes the horizon and
sees the figures for the new horizon; the page passes axe on a desktop and on a 375 px
phone, where it does not scroll sideways (the tables scroll inside their containers)."""

from __future__ import annotations

import pytest

from ..unit.test_monitor_dashboard import cohort, pilot  # noqa: F401 (fixtures)
from .browser import checked, log_in, set_field, submit, visit

pytestmark = pytest.mark.e2e

WIDTH = 375


def test_analyst_changes_the_horizon(new_context, world, cohort):  # noqa: F811
    page = new_context().new_page()
    log_in(page, "analist")
    visit(page, "/monitor/?cohort=2022-2023&horizon=12&group_by=region", "monitor-dashboard")
    table = page.locator("#groups-table").inner_text()
    assert "RMC-regio Rivierenland" in table and "22" in table
    assert page.locator("svg.dwv-bar[role=img]").count() == 5
    assert "v1" in page.locator("#groups-caption").inner_text()

    set_field(page, "#id_horizon", "6")
    submit(page)
    checked(page, "monitor-dashboard-6-months")
    assert "horizon=6" in page.url
    assert page.locator("#id_horizon").input_value() == "6"
    assert page.locator("#id_group_by").input_value() == "region"
    assert "6" in page.locator("#groups-caption").inner_text()


def test_bad_parameters_show_the_form_with_an_error(new_context, world, cohort):  # noqa: F811
    page = new_context().new_page()
    log_in(page, "analist")
    visit(page, "/monitor/?cohort=2022-2023&horizon=7", "monitor-dashboard-error")
    assert page.locator(".dwv-error-summary").count() == 1
    assert page.locator("#groups-table").count() == 0


def test_phone_width_has_no_horizontal_scroll(new_context, world, cohort):  # noqa: F811
    page = new_context(viewport={"width": WIDTH, "height": 740}, is_mobile=True).new_page()
    log_in(page, "analist", name="mobile-login-analist")
    visit(page, "/monitor/?cohort=2022-2023&horizon=12&group_by=region", "mobile-monitor")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"/monitor/ is {width}px wide on a {WIDTH}px screen"


def test_a_pilot_against_its_region_with_the_curve_table_open(
    new_context,
    world,
    pilot,  # noqa: F811
):
    page = new_context().new_page()
    log_in(page, "analist")
    visit(page, "/monitor/?cohort=2022-2023&horizon=12", "monitor-dashboard-all")
    set_field(page, "#id_group_by", "pilot")
    set_field(page, "#id_project", "werkfit")
    submit(page)
    assert "group_by=pilot" in page.url and "project=werkfit" in page.url
    table = page.locator("#groups-table").inner_text()
    assert "In de pilot" in table and "Rest van de regio" in table  # Dutch by default
    assert page.locator("#curve ~ svg.dwv-curve[role=img]").count() == 1
    page.locator("details.dwv-details summary").click()
    assert page.locator("#curve-table").is_visible()
    checked(page, "monitor-dashboard-pilot-curve")
