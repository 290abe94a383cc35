"""Browser tests: pytest-playwright drives Debian's headless Chromium against
pytest-django's live server. One browser for the session, a fresh context per test."""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the Django ORM calls the
# tests make there (fixtures, assertions) are synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs in page.goto() go to pytest-django's live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # bypass_csp: our Content-Security-Policy rightly forbids inline scripts, and inline
    # is how Playwright injects axe-core into the page.
    return {
        **browser_context_args,
        "bypass_csp": True,
        "locale": "nl-NL",
        "timezone_id": "Europe/Amsterdam",
    }


@pytest.fixture
def context(new_context):
    context = new_context()
    context.set_default_timeout(10_000)
    return context
