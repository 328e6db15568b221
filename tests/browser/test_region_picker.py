"""Regions are chosen with a search box (units.pickers) and the region tree opens level by
level (static/js/tree.js): type, choose, send, and the choice comes back from the URL."""

from playwright.sync_api import expect

from tests.fixtures import make_unit
from units.models import Region, RegionLevel


def test_typing_offers_regions_by_path_and_choosing_one_filters_the_units(
    db, login, page, live_server, screenshot, staff, city, county_a, county_b, unit_a, unit_b
):
    for i in range(25):
        Region.objects.create(name=f"青山第{i:02d}镇", level=RegionLevel.TOWNSHIP, parent=county_a)
    baisha = Region.objects.create(name="城关镇", level=RegionLevel.TOWNSHIP, parent=county_b)
    Region.objects.create(name="城关镇", level=RegionLevel.TOWNSHIP, parent=county_a)
    make_unit(baisha, "白沙县城关镇卫生院", kind="township_center")
    login(staff)
    page.goto(f"{live_server.url}/units/")
    box = page.locator("#id_region")
    expect(box).to_have_attribute("role", "combobox")

    options = page.locator("#id_region-suggestions [role=option]")
    box.press_sequentially("青山")
    expect(options).to_have_count(20)  # 26 match; 20 are offered, the county first
    expect(options.first).to_contain_text("示例市 / 青山县")
    box.fill("")
    box.press_sequentially("城关")
    expect(options).to_have_count(2)  # twins, told apart by their paths
    expect(page.locator("#id_region-suggestions")).to_contain_text("示例市 / 白沙县 / 城关镇")
    screenshot("region-picker")

    page.locator("#id_region-suggestions [role=option]", has_text="白沙县").click()
    expect(box).to_have_value("示例市 / 白沙县 / 城关镇")
    page.locator("#id_region").evaluate("box => box.form.requestSubmit()")
    expect(page.locator("body")).to_contain_text("白沙县城关镇卫生院")
    expect(page.locator("body")).not_to_contain_text("青山县人民医院")
    expect(page.locator("#id_region")).to_have_value("示例市 / 白沙县 / 城关镇")
    assert "region=" in page.url

    # A link by id shows the path; the statistics page's switcher is the same box.
    page.goto(f"{live_server.url}/rectification/stats/?region={county_a.pk}")
    switcher = page.locator("input[name=region]")
    expect(switcher).to_have_value("示例市 / 青山县")
    switcher.fill("")
    switcher.press_sequentially("白沙")
    page.locator("[role=option]", has_text="示例市 / 白沙县").first.click()
    page.get_by_role("button", name="查看").click()
    expect(page.locator("h1")).to_contain_text("白沙县")
    assert "region=" in page.url
    expect(page.locator("input[name=region]")).to_have_value("示例市 / 白沙县")
    page.goto(f"{live_server.url}/indicators/?region={county_a.pk}")
    expect(page.locator("#f-region")).to_have_value("示例市 / 青山县")
    page.locator("#f-region").fill("")
    page.locator("#f-region").press_sequentially("白沙")
    expect(page.locator("#f-region-suggestions [role=option]")).to_have_count(1)
    screenshot("scorecard-region-box")


def test_the_region_tree_opens_and_closes_level_by_level(
    db, login, page, live_server, screenshot, staff, city, county_a, county_b, unit_a
):
    towns = [
        Region.objects.create(name=f"青山第{i:02d}镇", level=RegionLevel.TOWNSHIP, parent=county_a)
        for i in range(5)
    ]
    make_unit(towns[0], "青山第00镇卫生院", kind="township_center")
    login(staff)
    page.goto(f"{live_server.url}/units/regions/")
    tree = page.locator("[data-testid=region-tree]")
    expect(tree).to_contain_text("青山县")
    expect(tree).not_to_contain_text("青山第00镇")
    toggle = page.locator(f"[data-tree-children='/units/regions/{county_a.pk}/children/']")
    expect(toggle).to_have_attribute("aria-expanded", "false")

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(tree.locator("tbody tr")).to_have_count(3 + 5)
    row = tree.locator("tr", has_text="青山第00镇")
    expect(row.locator("td.num")).to_have_text("1")
    screenshot("region-tree")
    assert page.url.endswith("/units/regions/")  # loaded in place

    toggle.click()  # closed again, without asking the server
    expect(tree.locator("tr", has_text="青山第00镇")).to_be_hidden()
    toggle.click()
    expect(tree.locator("tr", has_text="青山第00镇")).to_be_visible()
    expect(tree.locator("tbody tr")).to_have_count(3 + 5)  # not loaded twice


def test_the_region_tree_works_without_javascript(
    db, login, browser, live_server, staff, city, county_a, township_a
):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", "password")
    page.locator("form button[type=submit]").click()
    page.goto(f"{live_server.url}/units/regions/")
    page.locator(f"a[href='?root={county_a.pk}']").click()
    assert page.url.endswith(f"?root={county_a.pk}")
    expect(page.locator("[data-testid=region-tree]")).to_contain_text("城关镇")
    page.get_by_role("link", name="上一级").click()
    assert page.url.endswith(f"?root={city.pk}")
    context.close()


def test_a_community_gains_a_member_by_search_and_loses_one_per_row(
    db, login, page, live_server, screenshot, staff, county_a, community_a
):
    clinic = make_unit(county_a, "青山县城关镇中心卫生院", kind="township_center")
    leaving = make_unit(county_a, "青山县东岭卫生室", kind="village_clinic")
    leaving.medical_community = community_a
    leaving.save()
    login(staff)
    page.goto(f"{live_server.url}/units/communities/{community_a.pk}/")
    box = page.locator("[data-testid=member-add] input[name=unit]")
    box.press_sequentially("城关镇")
    page.locator("[role=option]", has_text="青山县城关镇中心卫生院").click()
    screenshot("community-members")
    page.get_by_role("button", name="加入").click()
    table = page.locator("[data-testid=member-table]")
    expect(table).to_contain_text("青山县城关镇中心卫生院")
    expect(page.locator("[data-testid=member-count]")).to_have_text("3")

    page.once("dialog", lambda dialog: dialog.accept())
    table.locator("tr", has_text="青山县东岭卫生室").get_by_role("button", name="移出").click()
    expect(table).not_to_contain_text("青山县东岭卫生室")
    expect(table.locator("tr", has_text=community_a.lead_unit.name)).not_to_contain_text("移出")
    assert clinic.pk
