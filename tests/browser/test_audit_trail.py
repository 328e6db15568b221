"""A day in the audit trail: a staff member closes a problem (验收销号) and a leader downloads an
issued document (定稿); the 审计管理员 then filters the trail, finds both with their user and
IP address, and cannot open any business page (三员分立)."""

from playwright.sync_api import expect

from rectification.evidence import add_evidence
from rectification.models import Status
from rectification.workflow import Action as Step
from rectification.workflow import transition
from reports.issuance import issue
from tests.clock import TODAY
from tests.rectification.conftest import make_inspection, make_problem, png_bytes
from tests.reports.conftest import AS_OF, YEAR

BUSINESS_PAGES = ["/rectification/", "/units/", "/indicators/", "/reports/"]


def test_the_auditor_finds_the_days_closing_and_download(
    db,
    login,
    page,
    live_server,
    screenshot,
    staff,
    leader,
    head_a,
    audit_admin,
    unit_a,
):
    problem_a = make_problem(make_inspection(), unit_a, measures="增设手消毒设施")
    add_evidence(problem_a, head_a, name="现场整改.png", data=png_bytes())
    transition(problem_a, Step.SUBMIT, head_a, note="已整改，附照片")
    issued = issue("summary", YEAR, unit_a.region, user=staff, as_of=AS_OF)
    page.on("dialog", lambda dialog: dialog.accept())

    # The staff member closes the problem through the problem page's verify action.
    login(staff)
    page.goto(f"{live_server.url}/rectification/{problem_a.pk}/")
    page.fill("#note-close", "现场复核合格")
    page.click("button[data-action=close]")
    expect(page.locator("[data-testid=problem-status]")).to_contain_text("已销号")
    problem_a.refresh_from_db()
    assert problem_a.status == Status.CLOSED

    # The leader downloads the issued document from the archive.
    page.context.clear_cookies()
    login(leader)
    page.goto(f"{live_server.url}/reports/issued/")
    row = page.locator(f"tr[data-number='{issued.number}']")
    with page.expect_download() as download:
        row.locator("[data-testid=issued-download]").click()
    assert download.value.suggested_filename == issued.file_name

    # The 审计管理员 filters the trail by action, person and day.
    page.context.clear_cookies()
    login(audit_admin)
    page.locator("#app-menu").get_by_role("link", name="安全审计日志").click()
    expect(page.locator("h1")).to_have_text("安全审计日志")
    table = page.locator("[data-testid=audit-table]")

    page.select_option("#id_action", label="状态变更")
    page.fill("#id_user", "刘晓燕")
    page.fill("#id_start", TODAY.isoformat())
    page.fill("#id_end", TODAY.isoformat())
    page.click("[data-testid=audit-filters] button[type=submit]")
    closing = table.locator("tbody tr")
    expect(closing).to_have_count(1)
    for text in ("刘晓燕（staff）", "127.0.0.1", "状态变更", "整改问题", "销号", "成功"):
        expect(closing).to_contain_text(text)
    expect(closing).to_contain_text(problem_a.description)

    page.select_option("#id_action", label="下载")
    page.fill("#id_user", "")
    page.click("[data-testid=audit-filters] button[type=submit]")
    downloads = table.locator("tbody tr")
    expect(downloads).to_have_count(1)
    for text in ("王局长（leader）", "127.0.0.1", "下载", issued.number, issued.file_name):
        expect(downloads).to_contain_text(text)
    expect(page.locator("#id_action")).to_have_value("download")
    screenshot("audit-log")

    # No business page opens for the 审计管理员.
    for path in BUSINESS_PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 403, path
        expect(page.locator("h1")).to_have_text("无权进行此操作")
        expect(page.locator(".app-empty")).to_contain_text("管理员账号不能打开业务页面")
