"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

They run wherever /usr/bin/chromium exists; CI installs it and sets FACTCHECK_REQUIRE_BROWSER=1
so that a missing browser fails the run instead of skipping it silently.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
OUTPUT_DIR = Path(__file__).resolve().parents[2] / "test-output" / "browser"
DEMO_PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(config, items):
    available = Path(CHROMIUM).exists() or shutil.which("chromium")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not available and not os.environ.get("FACTCHECK_REQUIRE_BROWSER"):
                item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def output_dir() -> Path:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    return OUTPUT_DIR


@pytest.fixture
def login(live_server):
    """Log `membership`'s user in through the real login form of `page`."""

    def log_in(page, membership, password: str = DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", membership.user.username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        # Checkers and reviewers land on My work, the others on the documents.
        page.wait_for_url(re.compile(rf"^{re.escape(live_server.url)}/(me/)?$"))
        return page

    return log_in
