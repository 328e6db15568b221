"""导入记录 in the browser: staff import through the pages, find each import in the history and
see on its page the records it wrote, linked to their pages."""

import pytest
from playwright.sync_api import expect

from indicators.catalogue import load_catalogue
from tests.units.excel_helpers import xlsx_bytes
from tests.units.test_importer import row as unit_row
from units.importer import HEADERS as UNIT_HEADERS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VALUE_HEADERS = ["年度", "指标编码", "指标名称", "区划或单位", "数值", "备注"]


@pytest.fixture(autouse=True)
def _catalogue(db):
    # Live-server tests flush the database between tests, and the catalogue with it.
    load_catalogue()


def import_file(page, url: str, name: str, data: bytes, *, confirm: bool = True) -> None:
    page.goto(url)
    page.set_input_files(
        "input[type=file]", files=[{"name": name, "mimeType": XLSX, "buffer": data}]
    )
    page.click("button:has-text('上传并检查')")
    if confirm:
        page.click("button:has-text('确认导入')")
        expect(page.locator(".alert-success")).to_contain_text("导入成功")


def test_staff_see_what_an_import_wrote(
    db, login, page, live_server, screenshot, city, county_a, county_b, unit_a, unit_b, staff
):
    login(staff)
    import_file(
        page,
        f"{live_server.url}/units/import/",
        "2025年新增机构.xlsx",
        xlsx_bytes(UNIT_HEADERS, [unit_row(单位名称="城关镇中心卫生院")]),
    )
    import_file(
        page,
        f"{live_server.url}/indicators/import/values/",
        "错误的数值.xlsx",
        xlsx_bytes(VALUE_HEADERS, [[2025, "BEDS", None, "青山县人民医院", "六百", ""]]),
        confirm=False,
    )
    values = [
        [2025, "POPULATION", None, "示例市", 1200000, ""],
        [2025, "POPULATION", None, "青山县", 500000, ""],
        [2025, "POPULATION", None, "白沙县", 700000, ""],
        [2025, "BEDS", None, "青山县人民医院", 600, ""],
        [2025, "BEDS", None, "白沙县人民医院", 480, "含临时加床"],
    ]
    import_file(
        page,
        f"{live_server.url}/indicators/import/values/",
        "2025年指标数值.xlsx",
        xlsx_bytes(VALUE_HEADERS, values),
    )

    page.goto(f"{live_server.url}/imports/")
    table = page.locator("[data-testid=batch-table]")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table).to_contain_text("有错误，未导入")
    screenshot("imports-history")

    table.locator("tr", has_text="2025年指标数值.xlsx").get_by_text("查看导入的记录").click()
    records = page.locator("[data-testid=records]")
    expect(records.locator("tbody tr")).to_have_count(5)
    expect(records).to_contain_text("1,200,000")
    page.goto(page.url.split("#")[0])  # the link opened the page at its records: show the top
    screenshot("imports-batch")
    records = page.locator("[data-testid=records]")
    records.get_by_role("link", name="青山县人民医院").click()
    expect(page).to_have_url(f"{live_server.url}/indicators/entry/unit/{unit_a.pk}/2025/")
