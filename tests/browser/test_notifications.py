"""Each notification path as people meet it, at desktop (1366 px) and phone (390 px) width: staff
issue a problem and the unit head finds it on the 提醒 page and at home; staff send an application
back (退回) and the unit head's home flags it at the top with the reason."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from rectification.evidence import add_evidence
from rectification.models import Category, Problem, Status
from rectification.workflow import Action, transition
from tests.clock import TODAY
from tests.rectification.conftest import make_inspection, make_problem, png_bytes
from units.pickers import unit_label

WIDTHS = {"desktop": 1366, "phone": 390}


@pytest.fixture
def city_people(staff, head_a, unit_a, unit_b, head_b):
    head_a.email = "head@example.org"
    head_a.save(update_fields=["email"])
    return staff, head_a


def _as(page, login, user, width):
    page.context.clear_cookies()
    page.set_viewport_size({"width": width, "height": 860})
    return login(user)


@pytest.mark.parametrize("size", list(WIDTHS))
def test_an_issued_problem_reaches_the_unit_head(
    city_people, head_b, unit_a, login, page, live_server, screenshot, size
):
    staff, head_a = city_people
    width = WIDTHS[size]
    inspection = make_inspection(date=TODAY - datetime.timedelta(days=3), region=staff.region)

    _as(page, login, staff, width)
    page.goto(f"{live_server.url}/rectification/inspections/{inspection.pk}/problems/new/")
    page.fill("#id_unit", unit_label(unit_a))
    page.select_option("#id_category", str(Category.objects.get(name="院感防控").pk))
    page.fill("#id_description", "发热门诊手卫生设施不全")
    page.fill("#id_measures", "增设感应式洗手设施")
    page.fill("#id_deadline", (TODAY + datetime.timedelta(days=5)).isoformat())
    page.click('button[type=submit]:text-is("保存")')
    expect(page.locator(".alert-success")).to_contain_text("已下发整改问题")
    problem = Problem.objects.get(description="发热门诊手卫生设施不全")

    _as(page, login, head_a, width)
    expect(page.locator("[data-testid=my-problems]")).to_contain_text("发热门诊手卫生设施不全")
    page.goto(f"{live_server.url}/rectification/notifications/")
    news = page.locator("[data-testid=notifications] [data-kind=issued]")
    expect(news).to_contain_text("【新下发】发热门诊手卫生设施不全")
    # Due in five days: also among today's computed reminders.
    expect(page.locator("[data-testid=due-reminders]")).to_contain_text("5天后到期")
    screenshot(f"notifications-issued-{size}")
    news.click()
    page.wait_for_url(f"{live_server.url}/rectification/{problem.pk}/")

    # The other unit's head hears nothing.
    _as(page, login, head_b, width)
    page.goto(f"{live_server.url}/rectification/notifications/")
    expect(page.locator("body")).to_contain_text("暂无消息")


@pytest.mark.parametrize("size", list(WIDTHS))
def test_a_return_is_flagged_on_the_unit_home_with_the_reason(
    city_people, unit_a, login, page, live_server, screenshot, size
):
    staff, head_a = city_people
    width = WIDTHS[size]
    inspection = make_inspection(date=TODAY - datetime.timedelta(days=20))
    problem = make_problem(
        inspection,
        unit_a,
        deadline=TODAY + datetime.timedelta(days=20),
        description="消防通道堆放杂物",
    )
    add_evidence(problem, head_a, name="整改后.png", data=png_bytes())
    transition(problem, Action.SUBMIT, head_a, note="已清理")

    _as(page, login, staff, width)
    page.goto(f"{live_server.url}/rectification/{problem.pk}/")
    page.fill("#note-return", "照片未体现通道全貌，请补充")
    page.click("button[data-action=return]")
    expect(page.locator("[data-testid=problem-status]")).to_contain_text("整改中")
    problem.refresh_from_db()
    assert problem.status == Status.IN_PROGRESS

    _as(page, login, head_a, width)
    flag = page.locator("[data-testid=returned-problems]")
    expect(flag).to_contain_text("消防通道堆放杂物")
    expect(flag.locator("[data-testid=return-reason]")).to_have_text(
        "退回原因：照片未体现通道全貌，请补充"
    )
    screenshot(f"home-unit-returned-{size}")
    page.goto(f"{live_server.url}/rectification/notifications/")
    expect(page.locator("[data-testid=notifications] [data-kind=returned]")).to_contain_text(
        "退回原因：照片未体现通道全貌，请补充"
    )
    screenshot(f"notifications-returned-{size}")
