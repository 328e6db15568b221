"""The remaining notification paths (issue 12), each at desktop (1366×900) and phone (390×844):
staff decide an extension (同意延期, 不同意), close a problem (验收销号), record a sanction, approve
or return a unit's figures, adopt or set aside a work entry. The data is set up with the domain
functions; only the decisive click goes through the page, as the person who acts. The recipient
then opens 提醒 from the menu (the toggle first on a phone), finds the entry and follows it to the
object. tests/browser/test_notifications.py covers 新下发 and 退回整改."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from core.models import Notification
from healthreport.lib.events import Event
from indicators.models import Value, ValueStatus
from indicators.workflow import entry_indicators, save_values, submit
from rectification.evidence import add_evidence
from rectification.models import ExtensionStatus, SanctionKind, Status
from rectification.workflow import Action, request_extension, transition
from reports.models import EntryStatus, Part, WorkEntry, WorkField
from tests.clock import TODAY
from tests.rectification.conftest import make_inspection, make_problem, png_bytes

VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
YEAR = 2025  # last year: the figures and entries a unit reports in June

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


@pytest.fixture(params=list(VIEWPORTS))
def size(request):
    return request.param


@pytest.fixture
def people(staff, head_a, unit_a, unit_b, head_b):
    return staff, head_a


@pytest.fixture
def act(page, login, size):
    """Log `user` in at the test's viewport; confirmation dialogs (data-confirm) are accepted."""
    page.on("dialog", lambda dialog: dialog.accept())

    def as_user(user):
        width, height = VIEWPORTS[size]
        page.context.clear_cookies()
        page.set_viewport_size({"width": width, "height": height})
        return login(user)

    return as_user


@pytest.fixture
def recipient_sees(page, act, live_server, size):
    """Log the recipient in, reach 提醒 through the menu, check the entry and follow its link."""

    def check(user, kind: str, texts: list[str], target: str, others=()) -> None:
        act(user)
        menu = page.locator("#app-menu")
        if size == "phone":
            expect(menu.get_by_role("link", name="提醒")).not_to_be_visible()
            page.get_by_role("button", name="菜单").click()
        menu.get_by_role("link", name="提醒").click()
        page.wait_for_url(f"{live_server.url}/rectification/notifications/")
        entry = page.locator(f"[data-testid=notifications] [data-kind={kind}]")
        expect(entry).to_have_count(1)
        expect(entry).to_be_visible()
        expect(entry).to_be_in_viewport()
        for text in texts:
            expect(entry).to_contain_text(text)
        if size == "phone":
            # Nothing of the entry runs off the side of a phone's screen.
            assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[size][0]
        address = f"{live_server.url}{target}"
        with page.expect_response(address.split("#")[0]) as response:
            entry.click()
        assert response.value.status == 200, f"{address}: {response.value.status}"
        page.wait_for_url(address)
        # Nobody else of the city (another unit's head, the one who acted) is told.
        for other in others:
            assert not Notification.objects.filter(recipient=other, kind=kind).exists()

    return check


def _problem(unit, description: str, **fields):
    inspection = make_inspection(date=TODAY - datetime.timedelta(days=20))
    return make_problem(
        inspection,
        unit,
        deadline=TODAY + datetime.timedelta(days=10),
        description=description,
        **fields,
    )


# 延期 -------------------------------------------------------------------------------------


def _extension(unit, head, description):
    problem = _problem(unit, description)
    extension = request_extension(
        problem, head, new_deadline=TODAY + datetime.timedelta(days=40), reason="设备到货延迟"
    )
    return problem, extension


def test_an_approved_extension_reaches_the_unit(
    people, head_b, unit_a, act, page, live_server, recipient_sees
):
    staff, head_a = people
    problem, extension = _extension(unit_a, head_a, "污水处理设施未定期检测")

    act(staff)
    page.goto(f"{live_server.url}/rectification/{problem.pk}/")
    page.get_by_label("审批意见").fill("同意，请按期完成")
    page.get_by_role("button", name="同意延期").click()
    expect(page.locator(".alert-success")).to_be_visible()
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED

    new_deadline = f"{TODAY + datetime.timedelta(days=40):%Y-%m-%d}"
    recipient_sees(
        head_a,
        Event.EXTENDED,
        ["【同意延期】污水处理设施未定期检测", f"整改时限延至{new_deadline}", "同意，请按期完成"],
        f"/rectification/{problem.pk}/",
        others=[head_b, staff],
    )
    expect(page.locator("[data-testid=deadline]")).to_contain_text(new_deadline)


def test_a_refused_extension_reaches_the_unit_with_the_reason(
    people, head_b, unit_a, act, page, live_server, recipient_sees
):
    staff, head_a = people
    problem, extension = _extension(unit_a, head_a, "医疗废物暂存点未上锁")

    act(staff)
    page.goto(f"{live_server.url}/rectification/{problem.pk}/")
    page.get_by_label("审批意见").fill("整改难度不大，应按原时限完成")
    page.get_by_role("button", name="不同意").click()
    expect(page.locator(".alert-success")).to_be_visible()
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.REFUSED

    recipient_sees(
        head_a,
        Event.NOT_EXTENDED,
        [
            "【不同意延期】医疗废物暂存点未上锁",
            f"整改时限仍为{TODAY + datetime.timedelta(days=10):%Y-%m-%d}",
            "理由：整改难度不大，应按原时限完成",
        ],
        f"/rectification/{problem.pk}/",
        others=[head_b, staff],
    )


# 验收销号 and 处理处罚 --------------------------------------------------------------------


def test_a_closed_problem_reaches_the_unit(
    people, head_b, unit_a, act, page, live_server, recipient_sees
):
    staff, head_a = people
    problem = _problem(unit_a, "药品冷链温度记录缺失")
    add_evidence(problem, head_a, name="温度记录.png", data=png_bytes())
    transition(problem, Action.SUBMIT, head_a, note="已补全温度记录")

    act(staff)
    page.goto(f"{live_server.url}/rectification/{problem.pk}/")
    page.fill("#note-close", "现场复核合格")
    page.click("button[data-action=close]")
    expect(page.locator("[data-testid=problem-status]")).to_contain_text("已销号")
    problem.refresh_from_db()
    assert problem.status == Status.CLOSED

    recipient_sees(
        head_a,
        Event.CLOSED,
        [
            "【已销号】药品冷链温度记录缺失",
            f"经刘晓燕验收，该问题已于{TODAY:%Y-%m-%d}销号",
            "验收意见：现场复核合格",
        ],
        f"/rectification/{problem.pk}/",
        others=[head_b, staff],
    )
    expect(page.locator("[data-testid=problem-status]")).to_contain_text("已销号")


def test_a_recorded_sanction_reaches_the_unit(
    people, head_b, unit_a, act, page, live_server, recipient_sees
):
    staff, head_a = people
    problem = _problem(unit_a, "超范围执业")

    act(staff)
    page.goto(f"{live_server.url}/rectification/{problem.pk}/")
    page.select_option("#id_kind", SanctionKind.FINE)
    page.fill("#id_amount", "5000")
    page.fill("#id_date", TODAY.isoformat())
    page.click("button:text-is('登记处理')")
    expect(page.locator(".alert-success")).to_contain_text("已登记处理：罚款")
    sanction = problem.sanctions.get()

    recipient_sees(
        head_a,
        Event.SANCTION,
        ["【处理处罚】青山县人民医院：罚款", "罚款5,000.00元", "相关问题：超范围执业"],
        f"/rectification/sanctions/{sanction.pk}/",
        others=[head_b, staff],
    )
    expect(page.locator("body")).to_contain_text("罚款")


# 指标审核 ------------------------------------------------------------------------------------


def _submitted_figures(unit, head):
    entries = [
        (indicator, Decimal(FIGURES.get(indicator.code, "1")), "")
        for indicator in entry_indicators(unit)
    ]
    save_values(unit, YEAR, entries, head)
    submit(unit, YEAR, head)


def test_approved_figures_reach_the_unit(
    people, head_b, unit_a, act, page, live_server, recipient_sees
):
    staff, head_a = people
    _submitted_figures(unit_a, head_a)

    act(staff)
    page.goto(f"{live_server.url}/indicators/entry/unit/{unit_a.pk}/{YEAR}/")
    page.click("[data-testid=approve]")
    expect(page.locator("[data-testid=entry-state]")).to_have_text("已审核")
    assert set(Value.objects.filter(unit=unit_a).values_list("status", flat=True)) == {
        ValueStatus.APPROVED
    }

    recipient_sees(
        head_a,
        Event.VALUES_APPROVED,
        [f"【指标已审核】青山县人民医院{YEAR}年指标", "已审核的指标已锁定"],
        f"/indicators/entry/unit/{unit_a.pk}/{YEAR}/",
        others=[head_b, staff],
    )
    expect(page.locator("[data-testid=entry-state]")).to_have_text("已审核")


def test_returned_figures_reach_the_unit_with_the_reason(
    people, head_b, unit_a, act, page, live_server, recipient_sees
):
    staff, head_a = people
    _submitted_figures(unit_a, head_a)

    act(staff)
    page.goto(f"{live_server.url}/indicators/entry/unit/{unit_a.pk}/{YEAR}/")
    page.fill("#id_reason", "床位数与年报不符，请核实")
    page.click("[data-testid=reopen]")
    expect(page.locator("[data-testid=entry-state]")).to_have_text("草稿")

    recipient_sees(
        head_a,
        Event.VALUES_RETURNED,
        [f"【指标退回】青山县人民医院{YEAR}年指标", "退回原因：床位数与年报不符，请核实"],
        f"/indicators/entry/unit/{unit_a.pk}/{YEAR}/",
        others=[head_b, staff],
    )
    expect(page.locator("[data-testid=entry-state]")).to_have_text("草稿")


# 工作条目 ------------------------------------------------------------------------------------


def _proposed_entry(unit, author, title):
    return WorkEntry.objects.create(
        year=YEAR,
        part=Part.ACHIEVEMENT,
        field=WorkField.objects.order_by("pk").first(),
        title=title,
        body=f"{title}，全年完成既定目标。",
        region=unit.region,
        unit=unit,
        status=EntryStatus.PROPOSED,
        created_by=author,
    )


@pytest.mark.parametrize(
    "button, status, kind, label",
    [
        ("采用", EntryStatus.ADOPTED, Event.ADOPTED, "已被局机关采用"),
        ("不采用", EntryStatus.SET_ASIDE, Event.SET_ASIDE, "暂未采用"),
    ],
    ids=["adopted", "set_aside"],
)
def test_a_reviewed_entry_reaches_its_author(
    people, head_b, unit_a, act, page, live_server, recipient_sees, button, status, kind, label
):
    staff, head_a = people
    entry = _proposed_entry(unit_a, head_a, "建成县域影像诊断中心")

    act(staff)
    page.goto(f"{live_server.url}/reports/entries/?year={YEAR}")
    page.locator(f"#entry-{entry.pk}").get_by_role("button", name=button, exact=True).click()
    expect(page.locator(f"#entry-{entry.pk}")).to_contain_text(EntryStatus(status).label)
    entry.refresh_from_db()
    assert entry.status == status

    recipient_sees(
        head_a,
        kind,
        [f"【{Event(kind).label}】建成县域影像诊断中心", f"您报送的{YEAR}年工作条目{label}"],
        f"/reports/entries/?year={YEAR}#entry-{entry.pk}",
        others=[head_b, staff],
    )
    expect(page.locator(f"#entry-{entry.pk}")).to_contain_text(EntryStatus(status).label)
