"""indicators/grid.py: a grid's rows, and saving them all or nothing."""

from decimal import Decimal as D

import pytest

from indicators.grid import GridError, input_indicators, load_grid, save_grid
from indicators.models import Value, ValueStatus
from tests.indicators.conftest import YEAR, ind, put


def test_only_input_indicators_are_offered(db):
    codes = {indicator.code for indicator in input_indicators()}
    assert "BEDS" in codes and "POPULATION" in codes
    assert "BEDS_PER_1000" not in codes


def test_a_unit_indicator_has_a_row_per_unit_that_reports_it(city, unit_a, unit_b, health_centre):
    put("BEDS", unit_a, 600)
    put("BEDS", unit_a, 580, year=YEAR - 1)
    rows = load_grid(ind("BEDS"), city, YEAR)
    assert [row.place for row in rows] == [unit_a, health_centre, unit_b]
    assert (rows[0].text, rows[0].previous, rows[0].locked) == ("600", D(580), False)
    # A general hospital does not report the health centres' vaccination rate.
    assert [row.place for row in load_grid(ind("VACCINATION"), city, YEAR)] == [health_centre]


def test_a_region_indicator_has_a_row_per_region(city, county_a, county_b):
    put("POPULATION", county_a, 500000, status=ValueStatus.APPROVED)
    rows = load_grid(ind("POPULATION"), city, YEAR)
    assert [row.place for row in rows] == [city, county_a, county_b]
    assert rows[1].locked and not rows[0].locked


def test_it_saves_every_cell_and_counts_the_changes(staff, city, unit_a, unit_b):
    put("BEDS", unit_b, 500)
    rows = load_grid(ind("BEDS"), city, YEAR)
    data = {f"v_{unit_a.pk}": "600", f"c_{unit_a.pk}": " 新院区 ", f"v_{unit_b.pk}": "500"}
    assert save_grid(ind("BEDS"), YEAR, rows, data, staff) == 1
    saved = Value.objects.get(unit=unit_a)
    assert (saved.value, saved.comment, saved.status) == (D(600), "新院区", ValueStatus.SUBMITTED)


def test_an_emptied_cell_clears_the_figure(staff, city, unit_a):
    put("BEDS", unit_a, 600)
    rows = load_grid(ind("BEDS"), city, YEAR)
    assert save_grid(ind("BEDS"), YEAR, rows, {f"v_{unit_a.pk}": ""}, staff) == 1
    assert not Value.objects.exists()


def test_a_wrong_cell_saves_nothing(staff, city, unit_a, unit_b):
    rows = load_grid(ind("BEDS"), city, YEAR)
    data = {f"v_{unit_a.pk}": "600", f"v_{unit_b.pk}": "-5"}
    with pytest.raises(GridError, match="有1处填写有误，未保存任何数据"):
        save_grid(ind("BEDS"), YEAR, rows, data, staff)
    assert not Value.objects.exists()
    assert rows[0].error == "" and "不能为负数" in rows[1].error
    assert rows[1].text == "-5"  # the page shows what was typed


def test_a_refused_place_rolls_back_the_places_saved_before_it(staff, city, unit_a, unit_b):
    """unit_b's year is approved (another figure of it): saving it fails after unit_a's."""
    put("DOCTORS", unit_b, 250, status=ValueStatus.APPROVED)
    rows = load_grid(ind("BEDS"), city, YEAR)
    data = {f"v_{unit_a.pk}": "600", f"v_{unit_b.pk}": "500"}
    with pytest.raises(GridError, match="有1处不能保存，未保存任何数据"):
        save_grid(ind("BEDS"), YEAR, rows, data, staff)
    assert not Value.objects.filter(indicator=ind("BEDS")).exists()
    assert "已审核锁定" in rows[1].error and rows[0].error == ""


def test_locked_cells_are_not_read(staff, city, unit_a):
    put("BEDS", unit_a, 600, status=ValueStatus.APPROVED)
    rows = load_grid(ind("BEDS"), city, YEAR)
    assert save_grid(ind("BEDS"), YEAR, rows, {f"v_{unit_a.pk}": "700"}, staff) == 0
    assert Value.objects.get().value == D(600)
