"""The problem list's 责任单位 and the unit list's 医共体 are search boxes (units.pickers): typing
offers those of the person's scope, choosing one fills the box, and the filter shows it by name
after the reload."""

from playwright.sync_api import expect

from tests.fixtures import make_unit
from tests.rectification.conftest import make_inspection, make_problem
from units.models import MedicalCommunity
from units.pickers import unit_label


def test_typing_offers_units_and_choosing_one_filters_the_list(
    db, login, page, live_server, screenshot, staff, county_a, unit_a, unit_b
):
    for i in range(30):
        make_unit(county_a, f"青山县第{i:02d}村卫生室", kind="village_clinic")
    clinic = make_unit(county_a, "青山县城关镇中心卫生院", kind="township_center")
    inspection = make_inspection()
    make_problem(inspection, clinic, description="卫生院消毒记录缺失")
    make_problem(inspection, unit_b, description="白沙县医院手卫生不全")
    login(staff)
    page.goto(f"{live_server.url}/rectification/?status=all")
    box = page.locator("#id_unit")
    expect(box).to_have_attribute("role", "combobox")

    box.press_sequentially("卫生")
    options = page.locator("#id_unit-suggestions [role=option]")
    expect(options).to_have_count(20)  # 31 match; 20 are offered
    box.fill("")
    box.press_sequentially("城关镇")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("青山县城关镇中心卫生院")
    expect(options.first).to_contain_text(clinic.credit_code)
    screenshot("unit-picker")

    options.first.click()
    expect(box).to_have_value(unit_label(clinic))
    expect(page.locator("#id_unit-suggestions")).to_be_hidden()
    page.click("[data-testid=problem-filters] button[type=submit]")
    expect(page.locator("[data-testid=problem-table]")).to_contain_text("卫生院消毒记录缺失")
    expect(page.locator("[data-testid=problem-table]")).not_to_contain_text("白沙县医院")
    expect(page.locator("#id_unit")).to_have_value(unit_label(clinic))

    # Keys work as well as the mouse: ↓ and Enter choose, and a link by id shows the name.
    page.goto(f"{live_server.url}/rectification/?unit={unit_b.pk}")
    expect(page.locator("#id_unit")).to_have_value(unit_label(unit_b))
    page.locator("#id_unit").fill("")
    page.locator("#id_unit").press_sequentially("人民医院")
    expect(options).to_have_count(2)
    first = options.first.get_attribute("data-value")
    assert first in (unit_label(unit_a), unit_label(unit_b))
    page.locator("#id_unit").press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    page.locator("#id_unit").press("Enter")
    expect(page.locator("#id_unit")).to_have_value(first)
    assert page.url.endswith(f"?unit={unit_b.pk}")  # Enter chose; it did not send the form


def test_typing_offers_communities_and_choosing_one_filters_the_units(
    db, login, page, live_server, county_staff, county_a, county_b, unit_a, unit_b
):
    clinic = make_unit(county_a, "青山县城关镇中心卫生院", kind="township_center")
    MedicalCommunity.objects.create(name="青山县第一医共体", region=county_a, lead_unit=unit_a)
    MedicalCommunity.objects.create(name="青山县第二医共体", region=county_a, lead_unit=clinic)
    MedicalCommunity.objects.create(name="白沙县医共体", region=county_b, lead_unit=unit_b)
    login(county_staff)
    page.goto(f"{live_server.url}/units/")
    box = page.locator("#id_medical_community")
    expect(box).to_have_attribute("role", "combobox")

    box.press_sequentially("医共体")
    options = page.locator("#id_medical_community-suggestions [role=option]")
    expect(options).to_have_count(2)  # not 白沙县's, outside the county
    box.fill("")
    box.press_sequentially("第二")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("青山县第二医共体")
    options.first.click()
    expect(box).to_have_value("青山县第二医共体")
    page.click("[data-testid=unit-filters] button[type=submit]")
    expect(page.locator("[data-testid=unit-table]")).to_contain_text(clinic.name)
    expect(page.locator("[data-testid=unit-table]")).not_to_contain_text(unit_a.name)
    expect(page.locator("#id_medical_community")).to_have_value("青山县第二医共体")
