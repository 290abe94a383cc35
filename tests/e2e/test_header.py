"""The header: Dutch by default with English on request, and switching between roles."""

from __future__ import annotations

import pytest
from django.utils import translation

from dwarsverbinder.accounts.constants import Role

from ..factories import MembershipFactory
from .browser import checked, contrast_ratio, log_in, visit

pytestmark = pytest.mark.e2e


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def test_language_switch(page, world):
    visit(page, "/accounts/login/", "language-login-nl")
    assert html_lang(page) == "nl"
    log_in(page, "coach", name="language-login")
    assert html_lang(page) == "nl"

    english = page.locator("header button[name=language][value=en]")
    assert english.get_attribute("lang") == "en"
    with page.expect_navigation():
        english.click()
    assert page.evaluate("location.pathname") == "/"
    assert html_lang(page) == "en"
    checked(page, "language-home-en")
    page.goto("/jongeren/")
    assert html_lang(page) == "en"  # the choice sticks

    dutch = page.locator("header button[name=language][value=nl]")
    assert dutch.get_attribute("lang") == "nl"
    with page.expect_navigation():
        dutch.click()
    assert page.evaluate("location.pathname") == "/jongeren/"
    assert html_lang(page) == "nl"
    checked(page, "language-list-nl")


def test_one_role_is_shown_two_roles_can_be_switched(page, world):
    log_in(page, "fg")
    assert page.locator("#membership-switch").count() == 0  # nothing to switch
    assert world.rmc_office.name in page.locator(".dwv-header").inner_text()

    second = MembershipFactory(
        user=world.privacy_officer, organisation=world.school, role=Role.COACH
    )
    visit(page, "/", "role-switch-before")
    switch = page.locator("#membership-switch")
    assert page.locator("label[for=membership-switch]").count() == 1
    switch.select_option(str(second.pk))
    with page.expect_navigation():
        page.locator("form:has(#membership-switch) button[type=submit]").click()
    checked(page, "role-switch-after")
    with translation.override("nl"):
        expected = [str(Role.COACH.label), world.school.name]
    assert page.locator("#main .dwv-lead strong").all_inner_texts() == expected
    assert page.locator("header nav a[href='/jongeren/']").count() == 1
    assert page.locator("header nav a[href='/privacy/audit/']").count() == 0


def test_keyboard_skip_link_and_focus_ring(page, world):
    log_in(page, "coach")
    page.keyboard.press("Tab")
    skip = page.locator(".dwv-skip-link")
    assert page.evaluate("document.activeElement.classList.contains('dwv-skip-link')")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # shown when focused
    checked(page, "keyboard-skip-link")
    assert contrast_ratio(page, ".dwv-skip-link") >= 4.5
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Every link and button in the header shows a focus ring when reached by keyboard.
    page.goto("/")
    seen = []
    for _ in range(10):
        page.keyboard.press("Tab")
        tag, style, width, href = page.evaluate(
            "(() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return [e.tagName, s.outlineStyle, s.outlineWidth, e.getAttribute('href')]; })()"
        )
        assert tag in {"A", "BUTTON", "SELECT", "INPUT"}, tag
        assert style != "none" and width != "0px", (tag, href, style, width)
        seen.append(href or tag)
        if href == "/jongeren/":
            checked(page, "keyboard-focus-nav")
    assert "/jongeren/" in seen, seen
