"""Browser tests: Playwright drives Debian's Chromium against the live test server.

Run with `scripts/test -m browser` (they are left out of the default run). Screenshots go to
docs/screenshots/ when SCREENSHOTS=1, so the README can show the pages as they are.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from healthreport.lib.seeds import ensure_seeded

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# to set up data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.getenv("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1366, "height": 860}}


@pytest.fixture(autouse=True)
def no_csp_violations(page):
    """Fail a test whose pages broke the Content-Security-Policy (Chromium reports each refused
    script, style or handler on the console), so that a page cannot quietly lose its scripts."""
    violations: list[str] = []

    def listen(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", listen)
    yield
    assert violations == [], "\n".join(violations)


# What the data migrations seed, which the live server's flush after each test empties.
SEEDED = (
    ("rectification.Source", "rectification.migrations.0002_default_lists", "add_lists"),
    ("rectification.Category", "rectification.migrations.0002_default_lists", "add_lists"),
    ("reports.WorkField", "reports.migrations.0002_seed_work_fields", "seed"),
    ("indicators.Indicator", "indicators.migrations.0002_load_catalogue", "load"),
)


@pytest.fixture(autouse=True)
def seeded_lists(request):
    """Every browser test starts with the seeded lists, whatever the test before it flushed."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    for model, migration, function in SEEDED:
        ensure_seeded(model, migration, function)


@pytest.fixture
def login(page, live_server):
    """Log `user` in through the login form, as a person would; returns the page."""

    def log_in(user, password: str = "password"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return log_in


@pytest.fixture
def screenshot(page):
    def take(name: str) -> None:
        if os.getenv("SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
