"""A unit head enters and submits the year's figures, staff approve them, the scorecard judges."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from indicators.catalogue import load_catalogue
from tests.indicators.conftest import aim, put


@pytest.fixture(autouse=True)
def _catalogue(db):
    # Live-server tests flush the database between tests, and the catalogue with it.
    load_catalogue()


FIGURES = {
    "DOCTORS": "400",
    "NURSES": "600",
    "GPS": "20",
    "BEDS": "620",
    "ALL_VISITS": "300000",
    "INPATIENT_DAYS": "54000",
    "DISCHARGES": "6000",
    "DRUG_REVENUE": "9000",
    "MEDICAL_REVENUE": "30000",
    "ANTIBIOTIC_DDDS": "38.5",
    "EMR_LEVEL": "4",
}


def test_entry_submit_approve_scorecard(
    db, login, page, live_server, screenshot, city, county_a, unit_a, head_a, staff
):
    year = timezone.localdate().year
    put("POPULATION", county_a, 500000, year=year)
    aim("BEDS_PER_1000", city, ">=", "1.3", year=year)
    aim("ALOS", city, "<=", "8.5", year=year)
    page.on("dialog", lambda dialog: dialog.accept())

    login(head_a)
    expect(page.locator("[data-testid=home-indicators]")).to_contain_text("11")
    screenshot("indicators-home-unit-head")
    page.click("text=数据填报")
    page.fill("#id_v_BEDS", "六百")
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=form-errors]")).to_contain_text("请填写数字")
    for code, value in FIGURES.items():
        page.fill(f"#id_v_{code}", value)
    page.click("[data-testid=save]")
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    expect(page.locator("#id_v_BEDS")).to_have_value("620")
    screenshot("indicators-entry")
    page.click("[data-testid=submit]")
    expect(page.locator("[data-testid=entry-state]")).to_have_text("已上报")
    page.click("text=退出")

    login(staff)
    expect(page.locator("[data-testid=home-approvals]")).to_contain_text("青山县人民医院")
    page.click("[data-testid=home-approvals] >> text=青山县人民医院")
    page.click("[data-testid=approve]")
    expect(page.locator("[data-testid=entry-state]")).to_have_text("已审核")
    page.click("text=指标完成情况")
    row = page.locator("[data-testid=scorecard] tr[data-code=BEDS_PER_1000]")
    expect(row).to_contain_text("1.24")  # 620 beds / 500000 people × 1000
    expect(row).to_contain_text("略低于预期")
    # 54000 bed days / 6000 discharges = 9 days, beyond 8.5 × 1.05.
    expect(page.locator("tr[data-code=ALOS]")).to_contain_text("未达标")
    expect(page.locator("[data-chart=chart-status] svg")).to_be_visible()
    screenshot("indicators-scorecard")
    page.click("tr[data-code=BEDS_PER_1000] >> text=每千人口医疗卫生机构床位数")
    expect(page.locator("[data-chart=chart-trend] svg")).to_be_visible()
    screenshot("indicators-detail")
    page.click("text=填报进度")
    screenshot("indicators-progress")


def test_demo_scorecard_and_leader_home(db, login, page, live_server, screenshot):
    from accounts.models import User
    from core.demo import PASSWORD
    from core.demo import load as load_people
    from indicators.demo import load as load_indicators
    from units.demo import load as load_units

    load_units()
    load_people()
    assert load_indicators() > 1000
    assert load_indicators() == 0  # a second run changes nothing
    login(User.objects.get(username="leader"), PASSWORD)
    expect(page.locator("[data-testid=home-key-results]")).to_contain_text("未达标")
    screenshot("indicators-home-leader")
    year = timezone.localdate().year
    page.goto(f"{live_server.url}/indicators/?year={year}")
    expect(page.locator("tr[data-code=EXERCISE]")).to_contain_text("达标")
    screenshot("indicators-scorecard-demo")


def test_the_ranking_turns_its_pages(
    db, login, page, live_server, screenshot, city, county_a, staff
):
    """A county of sixty hospitals: fifty places on the first page, the rest on the second,
    numbered on from 51, with the unit that has not reported last."""
    from tests.fixtures import make_unit

    year = timezone.localdate().year - 1
    for i in range(60):
        put("BEDS", make_unit(county_a, f"青山县第{i + 1:02d}医院"), 100 + i, year=year)
    make_unit(county_a, "青山县未报医院")
    login(staff)
    page.goto(f"{live_server.url}/indicators/BEDS/?year={year}&region={county_a.pk}")
    rows = page.locator("[data-testid=ranking] tbody tr")
    expect(rows).to_have_count(50)
    expect(rows.first).to_contain_text("青山县第60医院")  # 159 beds, the most
    expect(page.locator("[data-testid=ranking-pages]")).to_contain_text("有数值 60 个")
    page.click("[data-testid=ranking-pages] >> text=下一页")
    expect(rows).to_have_count(11)
    expect(rows.first.locator("td").first).to_have_text("51")
    expect(rows.last).to_contain_text("青山县未报医院")
    expect(rows.last).to_contain_text("未填报")
    screenshot("indicator-ranking-page-2")
