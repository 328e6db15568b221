"""The whole path with the demo logins: the unit head reports progress, uploads a photo and applies
for closing; a staff member who did not submit it closes it; the leader's view and the ledger
export show it."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.models import User
from core.demo import PASSWORD
from core.demo import load as load_people
from rectification.demo import load as load_rectification
from rectification.ledger import HEADERS
from rectification.metrics import year_figures
from rectification.models import Problem, Status
from tests.rectification.conftest import png_bytes
from units.demo import load as load_units


def _log_out_and_in(page, login, username):
    page.context.clear_cookies()
    return login(User.objects.get(username=username), PASSWORD)


def test_problem_from_progress_to_closing(db, login, page, live_server, screenshot, tmp_path):
    load_units()
    load_people()
    load_rectification()
    page.on("dialog", lambda dialog: dialog.accept())
    head = User.objects.get(username="head")
    problem = (
        Problem.objects.filter(unit=head.unit, status=Status.OPEN)
        .order_by("deadline", "pk")
        .first()
    )
    year = problem.inspection.date.year
    closed_before = year_figures(year, None, as_of=problem.inspection.date).closed

    login(head, PASSWORD)
    expect(page.locator("[data-testid=my-problems]")).to_be_visible()
    screenshot("rectification-home-unit-head")
    page.goto(f"{live_server.url}/rectification/{problem.pk}/")
    page.fill("#note-progress", "已采购感应式洗手设施，安装中")
    page.click("button[data-action=progress]")
    expect(page.locator(".alert-success")).to_contain_text("已报告整改进展")
    photo = tmp_path / "整改后.png"
    photo.write_bytes(png_bytes("green", (800, 600)))
    page.set_input_files("#id_file", str(photo))
    page.click("button:has-text('上传')")
    expect(page.locator("[data-testid=evidence] img")).to_be_visible()
    page.fill("#note-submit", "设施已安装到位，附现场照片")
    page.click("button[data-action=submit]")
    expect(page.locator("[data-testid=problem-status]")).to_contain_text("待验收")
    screenshot("rectification-problem-submitted")

    _log_out_and_in(page, login, "staff")
    expect(page.locator("[data-testid=awaiting]")).to_contain_text(problem.description[:10])
    screenshot("rectification-home-staff")
    page.goto(f"{live_server.url}/rectification/{problem.pk}/")
    page.fill("#note-close", "现场复核合格")
    for field in ("cause_found", "people_dealt_with", "measures_checked", "education_done"):
        if page.locator(f"input[name={field}]").count():
            page.fill(f"input[name={field}]", "已落实")
    page.click("button[data-action=close]")
    expect(page.locator("[data-testid=problem-status]")).to_contain_text("已销号")
    problem.refresh_from_db()
    assert problem.status == Status.CLOSED and problem.verifier_name == "刘晓燕"

    _log_out_and_in(page, login, "leader")
    expect(page.locator("[data-chart=chart-rect-status] svg")).to_be_visible()
    screenshot("rectification-home-leader")
    page.goto(f"{live_server.url}/rectification/stats/?year={year}")
    closed_now = year_figures(year, None, as_of=problem.inspection.date).closed
    assert closed_now == closed_before + 1
    expect(page.locator("[data-testid=fig-closed]")).to_have_text(f"{closed_now:,}")
    screenshot("rectification-stats")
    with page.expect_download() as download:
        page.click("[data-testid=stats-export]")
    rows = list(
        load_workbook(io.BytesIO(download.value.path().read_bytes()))
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert list(rows[0]) == HEADERS
    ours = [r for r in rows[1:] if r[7] == problem.description and r[15] == "刘晓燕"]
    assert any(r[13] == "已销号" for r in ours)

    page.goto(f"{live_server.url}/rectification/?year={year}")
    screenshot("rectification-problem-list")
