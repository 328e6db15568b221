"""Account security in the browser: the first login leads to the change form, and the idle
warning appears before the session ends (the page's clock is Playwright's, fast-forwarded)."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from tests.fixtures import make_user


@pytest.fixture
def newcomer(county_a):
    return make_user(
        "newcomer", Role.STAFF, region=county_a, real_name="钱新", must_change_password=True
    )


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "password")
    page.click("button[type=submit]")


def test_first_login_leads_to_the_change_form(page, live_server, newcomer, screenshot):
    log_in(page, live_server, "newcomer")
    expect(page).to_have_url(f"{live_server.url}/accounts/password/")
    expect(page.locator("[data-testid=change-reason]")).to_contain_text("首次登录须先修改")
    # Any other page leads back here.
    page.goto(f"{live_server.url}/units/")
    expect(page).to_have_url(f"{live_server.url}/accounts/password/")
    page.fill("#id_old_password", "password")
    page.fill("#id_new_password1", "qingshan2026")
    page.fill("#id_new_password2", "qingshan2026")
    page.click("text=保存新密码")
    expect(page.locator(".invalid-feedback").first).to_contain_text("3 类")
    screenshot("password-change-first-login")
    page.fill("#id_old_password", "password")
    page.fill("#id_new_password1", "Qs-2026-hospital")
    page.fill("#id_new_password2", "Qs-2026-hospital")
    page.click("text=保存新密码")
    expect(page).to_have_url(f"{live_server.url}/accounts/password/done/")
    expect(page.locator("[data-testid=whoami]")).to_contain_text("钱新")
    # The system is open again.
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/")


def put_the_countdown_on_a_fake_clock(page) -> None:
    """Install Playwright's clock in the loaded page and start the page's countdown on it.

    Installed before the page loads, the clock arrives as an init script, and with Debian's
    Chromium that script sometimes runs after the page's own scripts; the countdown then runs on
    the real clock, which fast_forward does not move. Installed once the page has loaded, it
    replaces the timers at once. The page restarts its countdown from every htmx response's
    X-Session-Remaining (static/js/session-timeout.js); the test sends it one such response,
    with what the page itself was told."""
    page.wait_for_load_state("load")
    page.clock.install()
    page.wait_for_function("String(setTimeout).includes('api')")
    page.evaluate(
        """() => document.dispatchEvent(new CustomEvent("htmx:afterRequest", {detail: {xhr: {
            getResponseHeader: () => document.body.dataset.sessionRemaining}}}))"""
    )


def test_the_idle_warning_comes_before_the_end(
    page, live_server, staff, settings, clock, screenshot
):
    settings.SESSION_IDLE_MINUTES = 3  # warned 90 seconds before the end (half the timeout)
    log_in(page, live_server, "staff")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator(".alert-info")).to_contain_text("这是您第一次登录本系统。")
    warning = page.locator("[data-testid=idle-warning]")
    put_the_countdown_on_a_fake_clock(page)
    page.clock.fast_forward("01:25")
    expect(warning).to_have_count(0)
    page.clock.fast_forward("00:10")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("系统将在")
    screenshot("idle-warning")

    # 继续使用 keeps the session: the warning goes and the countdown starts again.
    page.click("text=继续使用")
    expect(warning).to_have_count(0)
    page.clock.fast_forward("01:25")
    expect(warning).to_have_count(0)

    # Nobody answers: the server's session ends and the page shows why.
    clock.shift(datetime.timedelta(minutes=4))
    page.clock.fast_forward("03:00")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    expect(page.locator(".alert")).to_contain_text("长时间未操作，已自动退出，请重新登录。")
