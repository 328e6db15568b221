"""A leader previews and downloads last year's summary and speech for the demo city; a unit head
proposes a highlight and a staff member adopts it."""

import io
import re

from django.core.management import call_command
from docx import Document
from playwright.sync_api import expect

from accounts.models import User
from core.demo import PASSWORD
from reports.models import EntryStatus, WorkEntry


def test_leader_downloads_both_documents(db, login, page, live_server, screenshot):
    call_command("load_demo", "--force", stdout=io.StringIO())
    login(User.objects.get(username="leader"), PASSWORD)
    page.click("text=生成年度文件")
    page.select_option("#id_year", "2025")
    page.click("button:has-text('预览提纲')")
    outline = page.locator("[data-testid=outline]")
    expect(outline).to_contain_text("示例市卫生健康局2025年工作总结")
    expect(outline).to_contain_text("二、存在的问题")
    screenshot("reports-summary-preview")

    with page.expect_download() as download:
        page.click("[data-testid=download]")
    document = Document(download.value.path())
    assert document.paragraphs[0].text.startswith("示例市卫生健康局2025年工作总结")
    assert download.value.suggested_filename == "示例市2025年年度工作总结.docx"

    # The 数据底稿 beside it, and each figure of the preview leads to its records.
    with page.expect_download() as download:
        page.click("[data-testid=download-workpaper]")
    assert download.value.suggested_filename == "示例市2025年年度工作总结（数据底稿）.xlsx"
    overdue = outline.locator("a.app-figure-link[href*='overdue=true']").first
    expect(overdue).to_have_attribute("title", re.compile("含待验收"))
    shown = overdue.inner_text()
    overdue.click()
    expect(page.locator("h1")).to_contain_text("问题清单")
    expect(page.locator("[data-testid=problem-count]")).to_have_text(
        f"共 {shown.removesuffix('个')} 个问题"
    )
    page.go_back()

    page.select_option("#id_kind", "speech")
    page.click("button:has-text('预览提纲')")
    expect(outline).to_contain_text("同志们：")
    with page.expect_download() as download:
        page.click("[data-testid=download]")
    texts = [p.text for p in Document(download.value.path()).paragraphs]
    assert "在2026年全市卫生健康工作会议上的讲话" in texts


def test_unit_head_proposes_and_staff_adopts(db, login, page, live_server, screenshot):
    call_command("load_demo", "--force", stdout=io.StringIO())
    login(User.objects.get(username="head"), PASSWORD)
    page.goto(f"{live_server.url}/reports/entries/new/")
    page.select_option("#id_year", "2025")
    page.select_option("#id_field", label="医共体建设")
    page.fill("#id_title", "建成县域影像诊断中心")
    page.fill("#id_body", "为12家乡镇卫生院提供远程影像诊断服务。")
    page.click("button:has-text('保存')")
    expect(page.locator("strong", has_text="建成县域影像诊断中心")).to_be_visible()
    entry = WorkEntry.objects.get(title="建成县域影像诊断中心")
    assert entry.status == EntryStatus.PROPOSED

    page.context.clear_cookies()
    login(User.objects.get(username="staff"), PASSWORD)
    page.goto(f"{live_server.url}/reports/entries/?year=2025")
    screenshot("reports-entries")
    page.locator(f"#entry-{entry.pk}").get_by_role("button", name="采用", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("已采用")
    # htmx swapped the list in place: no redirect to the #entry anchor.
    expect(page).to_have_url(f"{live_server.url}/reports/entries/?year=2025")
    expect(page.locator(f"#entry-{entry.pk}")).to_contain_text("已采用")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ADOPTED
