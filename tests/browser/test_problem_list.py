"""The problem list opens on the work in hand: the open problems of every year, the most urgent
deadline first. At 1366 px every column is in view; on a phone the filters fold into one button."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from core.demo import PASSWORD
from core.demo import load as load_people
from rectification.demo import load as load_rectification
from rectification.models import OPEN_STATES, Problem
from units.demo import load as load_units


@pytest.fixture
def demo(db):
    load_units()
    load_people()
    load_rectification()


def _columns_in_view(page) -> None:
    """Every header and cell of the first rows lies inside the table's box and the viewport:
    nothing is cut off or scrolled out of sight."""
    wrap = page.locator(".app-table-wrap").bounding_box()
    width = page.viewport_size["width"]
    assert wrap["x"] + wrap["width"] <= width + 1
    table = "[data-testid=problem-table]"
    cells = page.locator(f"{table} thead th, {table} tbody tr:nth-child(-n+10) td")
    for index in range(cells.count()):
        box = cells.nth(index).bounding_box()
        assert box["x"] >= wrap["x"] - 1, cells.nth(index).inner_text()
        assert box["x"] + box["width"] <= wrap["x"] + wrap["width"] + 1, cells.nth(
            index
        ).inner_text()
    scroll = page.eval_on_selector(".app-table-wrap", "el => el.scrollWidth - el.clientWidth")
    assert scroll <= 1


def test_the_list_opens_on_open_problems_with_every_column_in_view(
    demo, login, page, live_server, screenshot
):
    login(User.objects.get(username="staff"), PASSWORD)
    page.goto(f"{live_server.url}/rectification/")
    expect(page.locator("#id_status")).to_have_value("active")
    expect(page.locator("#id_sort")).to_have_value("deadline")
    expect(page.locator("#id_sort option:checked")).to_have_text("整改时限（由近到远）")
    expect(page.locator("[data-testid=problem-filters]")).to_be_visible()
    expect(page.locator("[data-testid=problem-filters-toggle]")).to_be_hidden()
    expect(page.locator("[data-testid=status-column]")).to_be_in_viewport()
    _columns_in_view(page)
    open_count = Problem.objects.filter(status__in=OPEN_STATES).count()
    expect(page.locator("[data-testid=problem-count]")).to_contain_text(
        f"共 {open_count} 个未办结问题"
    )
    first = Problem.objects.filter(status__in=OPEN_STATES).order_by("deadline", "pk").first()
    expect(page.locator("[data-testid=problem-table] tbody tr").first).to_contain_text(
        first.description[:10]
    )
    screenshot("rectification-problem-list-open")
    page.click("[data-testid=show-all-problems]")
    expect(page.locator("[data-testid=problem-count]")).to_contain_text(
        f"共 {Problem.objects.count():,} 个问题"
    )
    expect(page.locator("#id_status")).to_have_value("all")


def test_on_a_phone_the_filters_fold_into_one_button(demo, login, page, live_server, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    login(User.objects.get(username="staff"), PASSWORD)
    page.goto(f"{live_server.url}/rectification/")
    filters = page.locator("[data-testid=problem-filters]")
    toggle = page.locator("[data-testid=problem-filters-toggle]")
    expect(filters).to_be_hidden()
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text("筛选与排序")
    expect(page.locator("[data-testid=problem-table]")).to_be_visible()
    # The table scrolls sideways inside its box; the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("rectification-problem-list-phone")
    toggle.click()
    expect(filters).to_be_visible()
    expect(page.locator("#id_status")).to_have_value("active")
    screenshot("rectification-problem-list-phone-filters")
