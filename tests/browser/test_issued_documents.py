"""A leader issues (定稿) last year's summary; the record then changes; the leader downloads the
issued document from the archive, byte for byte as stored, and sees what has changed since."""

import datetime
import hashlib
import io
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from core.demo import PASSWORD
from reports.models import IssuedReport
from tests.rectification.conftest import make_inspection, make_problem
from units.models import Unit


def test_leader_issues_and_downloads_the_issued_document(db, login, page, live_server, screenshot):
    call_command("load_demo", "--force", stdout=io.StringIO())
    leader = User.objects.get(username="leader")
    login(leader, PASSWORD)
    page.click("text=生成年度文件")
    page.select_option("#id_year", "2025")
    page.click("button:has-text('预览提纲')")
    expect(page.locator("[data-testid=outline]")).to_contain_text("示例市卫生健康局2025年工作总结")

    page.click("[data-testid=issue-toggle]")
    expect(page.locator("[data-testid=issue-form]")).to_be_visible()
    page.fill("#id_note", "经局长办公会审定")
    screenshot("reports-issue-form")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=issue]")
    expect(page.locator(".alert-success")).to_contain_text("已定稿，编号 DG-")
    issued = IssuedReport.objects.get()
    assert issued.issued_by == leader and issued.note == "经局长办公会审定"
    expect(page.locator("[data-testid=sha256]")).to_have_text(issued.sha256)
    expect(page.locator("[data-testid=no-changes]")).to_be_visible()

    # The record moves on after the issue: a problem found late in the year.
    inspection = make_inspection("年终安全检查", date=datetime.date(2025, 12, 20))
    make_problem(inspection, Unit.objects.first(), description="年终检查发现的问题")

    page.locator("#app-menu").get_by_role("link", name="已定稿文件").click()
    row = page.locator(f"tr[data-number='{issued.number}']")
    expect(row).to_contain_text("现行")
    expect(row).to_contain_text("王建华")
    shown = row.locator("[data-testid=sha256]").get_attribute("data-sha256")
    screenshot("reports-issued-archive")
    with page.expect_download() as download:
        row.locator("[data-testid=issued-download]").click()
    content = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == issued.file_name
    assert hashlib.sha256(content).hexdigest() == issued.sha256 == shown
    assert content == bytes(issued.docx)

    row.locator("[data-testid=issued-compare]").click()
    changes = page.locator("[data-testid=changes]")
    expect(changes).to_be_visible()
    expect(changes).to_contain_text("定稿时")
    screenshot("reports-issued-compare")

    # Back on the preview, the document reads as issued, and issuing again asks for a reason.
    page.get_by_role("link", name="生成年度文件", exact=True).last.click()
    expect(page.locator("[data-testid=current-issue]")).to_contain_text(issued.number)
    page.click("[data-testid=issue-toggle]")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=issue]")
    expect(page.locator("[data-testid=issue-error]")).to_contain_text("请填写重新定稿的原因")
    screenshot("reports-issue-reason-required")
    assert IssuedReport.objects.count() == 1
