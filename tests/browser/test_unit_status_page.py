"""停用 on the unit page, and the admin, in Chromium under the Content-Security-Policy (the
conftest fails a test on any CSP violation the console reports)."""

import os

from playwright.sync_api import expect

from tests.fixtures import make_user


def test_staff_deactivates_and_reactivates_a_unit(login, page, live_server, staff, unit_a):
    login(staff)
    page.goto(f"{live_server.url}/units/{unit_a.pk}/")
    expect(page.locator("[data-testid=unit-status]")).to_contain_text("停用本单位")
    if os.getenv("UNIT_STATUS_SCREENSHOT"):
        page.screenshot(path=os.environ["UNIT_STATUS_SCREENSHOT"], full_page=True)
    page.fill("#deactivate-reason", "已并入青山县人民医院")
    page.once("dialog", lambda dialog: dialog.accept())  # data-confirm, handled by app.js
    page.click("[data-testid=unit-status] button[type=submit]")
    expect(page.locator("[data-testid=inactive-badge]")).to_have_text("已停用")
    expect(page.locator(".alert-success")).to_contain_text("已停用“青山县人民医院”")
    page.goto(f"{live_server.url}/units/")
    expect(page.locator("[data-testid=unit-table]")).to_have_count(0)
    page.select_option("#id_status", label="已停用")
    page.click("button:has-text('筛选')")
    expect(page.locator("[data-testid=unit-table] tbody tr")).to_have_count(1)
    page.goto(f"{live_server.url}/units/{unit_a.pk}/")
    page.fill("#reactivate-reason", "撤并撤回")
    page.click("[data-testid=unit-status] button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("已启用")


def test_the_admin_works_under_the_policy(page, live_server, city, unit_a):
    from accounts.models import Role

    make_user("root", Role.PENDING, is_superuser=True, is_staff=True)
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/units/unit/")
    expect(page.locator("#result_list")).to_contain_text("青山县人民医院")
    page.click("#result_list a:has-text('青山县人民医院')")
    expect(page.locator("#id_name")).to_have_value("青山县人民医院")
    page.goto(f"{live_server.url}/admin/units/unit/{unit_a.pk}/history/")
    expect(page.locator("#content")).to_be_visible()
