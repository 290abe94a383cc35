"""Helpers for the browser tests: visiting a page checks it with axe-core and keeps a
full-page screenshot, so every page a test sees is also an accessibility check."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from pathlib import Path

from playwright.sync_api import Page, Response

from ..factories.accounts import PASSWORD

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""


def check_axe(page: Page) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the current page; fail on any violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(_RUN_AXE, WCAG_TAGS)
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {n['target']}: {n['summary']}" for n in v["nodes"])
    assert not violations, f"axe violations on {page.url}:\n" + "\n".join(lines)


def contrast_ratio(page: Page, selector: str) -> float:
    """WCAG contrast of an element's text colour on its own (opaque) background colour.

    axe skips some elements (a skip link that is off-screen until focused); this checks
    one element directly."""
    colours = page.locator(selector).first.evaluate(
        "e => { const s = getComputedStyle(e); return [s.color, s.backgroundColor]; }"
    )

    def luminance(css: str) -> float:
        r, g, b = (int(float(v)) / 255 for v in re.findall(r"[\d.]+", css)[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted((luminance(c) for c in colours), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot to test-artifacts/screenshots/<name>.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name).strip('-')}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def checked(page: Page, name: str) -> None:
    """Check the page the browser is on now (after a click or a form post)."""
    page.wait_for_load_state()
    check_axe(page)
    screenshot(page, name)


def visit(page: Page, url: str, name: str, *, status: int = 200) -> Response:
    """Go to ``url``, expect ``status``, run axe and keep a screenshot named ``name``."""
    response = page.goto(url)
    assert response is not None, url
    assert response.status == status, f"{url} answered {response.status}, not {status}"
    checked(page, name)
    return response


def submit(page: Page) -> None:
    """Press the submit button of the form in the main content (not the header forms)."""
    page.locator("#main form button[type=submit]").first.click()
    page.wait_for_load_state()


def set_field(page: Page, selector: str, value: str) -> None:
    """Type into a text field or pick the option of a select, whichever the form has."""
    field = page.locator(selector)
    if field.evaluate("e => e.tagName") == "SELECT":
        field.select_option(value)
    else:
        field.fill(value)


def fill_login(page: Page, username: str, password: str = PASSWORD) -> Response | None:
    """Fill in and send the login form on the current page; the answer to the post."""
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    with (
        page.expect_response(
            lambda r: r.request.method == "POST" and r.url.endswith("/accounts/login/")
        ) as answer,
        page.expect_navigation(),
    ):
        submit(page)
    return answer.value


def log_in(page: Page, username: str, password: str = PASSWORD, *, name: str = "") -> None:
    """Log in through the real login page (checked with axe like every other page)."""
    visit(page, "/accounts/login/", name or f"login-{username}")
    fill_login(page, username, password)


def log_out(page: Page) -> None:
    with page.expect_navigation():
        page.locator(".dwv-header form[action$='/logout/'] button").click()


def totp_code(secret: str, *, at: float | None = None, digits: int = 6, step: int = 30) -> str:
    """The RFC 6238 TOTP code (HMAC-SHA1) for a base32 ``secret`` at time ``at``."""
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def fresh_totp_code(secret: str, *, margin: float = 3.0, step: int = 30) -> str:
    """A code that stays valid for at least ``margin`` seconds (allauth has no tolerance)."""
    left = step - time.time() % step
    if left < margin:
        time.sleep(left + 0.1)
    return totp_code(secret, step=step)
