"""Headless Chromium for the web pages' tests: Debian's ``/usr/bin/chromium`` driven by
Playwright (scripts/test installs it). Without it the tests that take ``page`` skip with
the reason, except under ``CI=true``, where a green run must have run them.

The fixtures are registered for every test module (``pytest_plugins`` in tests/conftest.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: scripts/test installs it (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser tests must run when CI=true: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def sign_in_on(page: Any, username: str, password: str) -> None:
    """Fill in the sign-in form the page shows, and send it."""
    page.fill("#username", username)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("button:has-text('Sign in')")


def submit(page: Any, selector: str) -> Any:
    """Click a form's button and wait for the page it leads to; that page's response."""
    with page.expect_navigation() as navigation:
        page.click(selector)
    return navigation.value
