"""Staff set a target on the web: from the scorecard's row to the form and back, typed as people
type (full-width digits), and the scorecard judges by it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from indicators.catalogue import load_catalogue
from indicators.models import Target
from tests.indicators.conftest import aim, put


@pytest.fixture(autouse=True)
def _catalogue(db):
    # Live-server tests flush the database between tests, and the catalogue with it.
    load_catalogue()


def test_staff_change_a_target_from_the_scorecard(
    db, login, page, live_server, screenshot, city, county_a, unit_a, staff
):
    year = timezone.localdate().year
    put("POPULATION", city, 500000, year=year)
    put("BEDS", unit_a, 620, year=year)
    aim("BEDS_PER_1000", city, ">=", "1.3", year=year, source="规划")
    login(staff)
    page.goto(f"{live_server.url}/indicators/?year={year}&region={city.pk}")
    row = page.locator("[data-testid=scorecard] tr[data-code=BEDS_PER_1000]")
    expect(row).to_contain_text("≥1.3")
    row.locator("a[title^='设置或修改']").click()
    expect(page.locator("[data-testid=stored-target]")).to_contain_text("现有目标：≥1.3")
    page.fill("#id_value", "１．２")
    screenshot("indicators-target-form")
    page.click("[data-testid=target-form] button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("的目标")
    expect(row).to_contain_text("≥1.2")
    assert Target.objects.get().history.count() == 2
