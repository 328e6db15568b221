import io

from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from core.demo import PASSWORD


def _demo_city():
    call_command("load_demo", "--force", stdout=io.StringIO())


def test_login_page_is_in_chinese(page, live_server):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    expect(page.locator("h1")).to_contain_text("卫健工作报告系统")
    expect(page.locator("button[type=submit]")).to_have_text("登录")


def test_wrong_password_is_explained(page, live_server, staff):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    expect(page.locator(".alert-danger")).to_contain_text("用户名或密码不正确")


def test_staff_home_filters_and_unit_list(db, login, page, live_server, screenshot):
    _demo_city()
    login(User.objects.get(username="staff"), PASSWORD)
    expect(page.locator("[data-testid=unit-count]")).to_have_text("40")
    # The charts are drawn (ECharts renders SVG into the container).
    expect(page.locator("[data-chart=chart-kind] svg")).to_be_visible()
    screenshot("home-staff")

    page.click("text=医疗卫生机构")
    expect(page.locator("[data-testid=unit-table] tbody tr")).to_have_count(40)
    page.select_option("#id_kind", label="乡镇卫生院")
    page.click("button:has-text('筛选')")
    rows = page.locator("[data-testid=unit-table] tbody tr")
    expect(rows).to_have_count(7)
    page.goto(f"{live_server.url}/units/")
    screenshot("unit-list")


def test_unit_head_sees_only_own_unit(db, login, page, live_server, screenshot):
    _demo_city()
    head = User.objects.get(username="head")
    login(head, PASSWORD)
    expect(page.locator("h1")).to_contain_text("青山县人民医院")
    screenshot("home-unit-head")
    page.click("text=医疗卫生机构")
    expect(page.locator("[data-testid=unit-table] tbody tr")).to_have_count(1)
    from units.models import Unit

    outsider = Unit.objects.exclude(pk=head.unit_id).first()
    response = page.goto(f"{live_server.url}/units/{outsider.pk}/")
    assert response.status == 404


def test_leader_sees_no_edit_buttons(db, login, page, live_server, screenshot):
    _demo_city()
    login(User.objects.get(username="leader"), PASSWORD)
    screenshot("home-leader")
    page.click("text=医疗卫生机构")
    expect(page.locator("text=新增机构")).to_have_count(0)
    expect(page.locator("text=批量导入")).to_have_count(0)


def test_staff_creates_unit_with_wrong_code_then_right(
    db, login, page, live_server, staff, county_a
):
    login(staff)
    page.goto(f"{live_server.url}/units/new/")
    page.fill("#id_name", "青山镇卫生院")
    page.fill("#id_credit_code", "12329900000000001X")
    page.select_option("#id_kind", label="乡镇卫生院")
    page.locator("#id_region").press_sequentially("青山")  # a search box (units.pickers)
    page.locator("#id_region-suggestions [role=option]", has_text="青山县").click()
    page.click("button:has-text('保存')")
    expect(page.locator("[data-testid=form-errors]")).to_contain_text("统一社会信用代码")
    expect(page.locator("#id_region")).to_have_value("示例市 / 青山县")  # kept as chosen
    from units.credit_code import make_credit_code

    page.fill("#id_credit_code", make_credit_code("12329900000000001"))
    page.click("button:has-text('保存')")
    expect(page.locator("h1")).to_have_text("青山镇卫生院")
