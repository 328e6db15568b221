"""The problem's forms as people use them: 保存并继续下发 keeps the unit and deadline, and the
四不放过 fields of a major problem's 验收 are labelled, not only hinted by placeholders."""

import datetime

from playwright.sync_api import expect

from rectification.evidence import add_evidence
from rectification.models import Problem, Severity
from rectification.workflow import FOUR_POINTS, Action, request_extension, transition
from tests.rectification.conftest import make_inspection, make_problem, png_bytes
from units.pickers import unit_label


def test_save_and_continue_keeps_the_unit_and_deadline(
    db, login, page, live_server, screenshot, staff, unit_a
):
    inspection = make_inspection(date=datetime.date(2026, 5, 1), region=staff.region)
    login(staff)
    page.goto(f"{live_server.url}/rectification/inspections/{inspection.pk}/problems/new/")
    page.fill("#id_unit", unit_label(unit_a))
    page.select_option("#id_category", label="院感防控")
    page.select_option("#id_severity", "general")
    page.select_option("#id_kind", "deadline")
    page.fill("#id_description", "手卫生设施不全")
    page.fill("#id_deadline", "2026-07-31")
    page.click("button[name=another]")
    expect(page.locator(".alert-success")).to_contain_text("已下发整改问题")
    expect(page.locator("#id_unit")).to_have_value(unit_label(unit_a))
    expect(page.locator("#id_deadline")).to_have_value("2026-07-31")
    expect(page.locator("#id_description")).to_have_value("")
    screenshot("rectification-problem-form-continue")
    assert Problem.objects.get().unit == unit_a


def test_the_four_points_are_labelled_and_extension_dates_unbroken(
    db, login, page, live_server, screenshot, staff, head_a, unit_a
):
    inspection = make_inspection(date=datetime.date(2026, 5, 1))
    problem = make_problem(
        inspection,
        unit_a,
        severity=Severity.MAJOR,
        description="液氧罐区消防通道被占用",
        deadline=datetime.date(2026, 6, 30),
    )
    request_extension(problem, head_a, new_deadline=datetime.date(2026, 8, 31), reason="设备未到")
    add_evidence(problem, head_a, name="现场.png", data=png_bytes())
    transition(problem, Action.SUBMIT, head_a, note="已清理")
    login(staff)
    page.goto(f"{live_server.url}/rectification/{problem.pk}/")
    for key, label in FOUR_POINTS.items():
        expect(page.get_by_label(label, exact=True)).to_have_attribute("name", key)
    for cell in page.locator("[data-testid=extensions] tbody td.text-nowrap").all():
        box = cell.bounding_box()
        assert box["height"] < 40, cell.inner_text()  # one line
    screenshot("rectification-problem-detail-four-points")
