"""Region and unit results against figures worked out by hand from the units' counts."""

from decimal import Decimal as D

import pytest

from indicators.evaluation import Status
from indicators.models import ValueStatus
from indicators.results import (
    RegionFigures,
    active_indicators,
    inputs_of,
    next_year_targets,
    region_results,
    unit_results,
    units_results,
)
from tests.fixtures import make_unit
from tests.indicators.conftest import YEAR, aim, put


def by_code(results):
    return {r.code: r for r in results}


@pytest.fixture
def counts(city, county_a, county_b, unit_a, unit_b, health_centre):
    """示例市 = 青山县 (unit_a, 城关镇 health centre) + 白沙县 (unit_b); population per county."""
    put("POPULATION", county_a, 500000)
    put("POPULATION", county_b, 300000)
    put("LIVE_BIRTHS", county_a, 4000)
    put("LIVE_BIRTHS", county_b, 2500)
    put("MAT_DEATHS", county_a, 1)
    put("MAT_DEATHS", county_b, 0)
    for unit, beds, doctors, visits in [
        (unit_a, 600, 400, 300000),
        (health_centre, 80, 30, 60000),
        (unit_b, 500, 250, 240000),
    ]:
        put("BEDS", unit, beds)
        put("DOCTORS", unit, doctors)
        put("ALL_VISITS", unit, visits)
    put("PRIMARY_VISITS", health_centre, 60000)
    put("INPATIENT_DAYS", unit_a, 54000)
    put("DISCHARGES", unit_a, 6000)
    put("INPATIENT_DAYS", unit_b, 20000)
    put("DISCHARGES", unit_b, 4000)


def test_city_rates_are_recomputed_from_summed_counts(city, counts):
    results = by_code(region_results(YEAR, city))
    # Σ beds 1180 over Σ population 800000 (the city has no population of its own) × 1000.
    assert results["BEDS_PER_1000"].value == D("1.475")
    assert results["DOCTORS_PER_1000"].value == D("0.85")
    assert results["POPULATION"].value == D(800000)
    assert results["BEDS"].value == D(1180)
    # 60000 primary visits over 600000 visits in all.
    assert results["PRIMARY_VISIT_RATE"].value == D(10)
    # 1 maternal death over 6500 live births × 100000 = 15.3846…
    assert round(results["MMR"].value, 4) == D("15.3846")
    # 74000 bed days over 10000 discharges: 7.4, not the average 7.0 of the two hospitals.
    assert results["ALOS"].value == D("7.4")


def test_county_figures_use_only_its_subtree(county_a, counts):
    results = by_code(region_results(YEAR, county_a))
    assert results["BEDS_PER_1000"].value == D("1.36")  # 680 / 500000 × 1000
    assert results["MMR"].value == D(25)  # 1 / 4000 × 100000
    assert results["ALOS"].value == D(9)


def test_a_region_figure_of_its_own_wins_over_the_sum_below(city, counts):
    put("POPULATION", city, 1000000)
    results = by_code(region_results(YEAR, city))
    assert results["BEDS_PER_1000"].value == D("1.18")


def test_entered_unit_rates_have_no_region_figure(city, counts):
    assert "VACCINATION" not in by_code(region_results(YEAR, city))


def test_targets_are_inherited_and_evaluated(city, county_a, counts):
    aim("BEDS_PER_1000", city, ">=", "1.4")
    aim("MMR", city, "<=", "14.5")
    city_results = by_code(region_results(YEAR, city))
    assert city_results["BEDS_PER_1000"].status == Status.EXCEEDED
    assert city_results["BEDS_PER_1000"].target_text == "≥1.4张"
    assert city_results["MMR"].status == Status.NOT_MET  # 15.38 > 14.5 × 1.05
    county = by_code(region_results(YEAR, county_a))
    # 1.36 is short of 1.4 by less than 5% of it.
    assert county["BEDS_PER_1000"].status == Status.SLIGHTLY_BELOW
    assert county["MMR"].status == Status.NOT_MET


def test_change_since_last_year(city, county_a, county_b, unit_a):
    put("POPULATION", county_a, 500000, year=YEAR - 1)
    put("POPULATION", county_b, 300000, year=YEAR - 1)
    put("BEDS", unit_a, 800, year=YEAR - 1)
    put("POPULATION", county_a, 500000)
    put("POPULATION", county_b, 300000)
    put("BEDS", unit_a, 1200)
    aim("BEDS_PER_1000", city, "increase_by", "0.4")
    result = by_code(region_results(YEAR, city))["BEDS_PER_1000"]
    assert (result.previous_value, result.value, result.change) == (D(1), D("1.5"), D("0.5"))
    assert result.status == Status.EXCEEDED


def test_drafts_do_not_count(city, county_a, unit_a):
    put("POPULATION", county_a, 500000)
    put("BEDS", unit_a, 600, status=ValueStatus.DRAFT)
    result = by_code(region_results(YEAR, city))["BEDS_PER_1000"]
    assert result.value is None
    assert result.status == Status.NOT_REPORTED


def test_a_zero_denominator_is_not_computable(city, county_a, unit_a):
    put("LIVE_BIRTHS", county_a, 0)
    put("MAT_DEATHS", county_a, 0)
    aim("MMR", city, "<=", "14.5")
    result = by_code(region_results(YEAR, city))["MMR"]
    assert result.value is None
    assert result.not_computable
    assert result.status == Status.NOT_COMPUTABLE


def test_unit_results(unit_a, city, counts):
    aim("ALOS", unit_a, "<=", "8")
    aim("BEDS", city, ">=", "1")  # a region target reaches the units below
    results = by_code(unit_results(YEAR, unit_a))
    assert results["ALOS"].value == D(9)
    assert results["ALOS"].status == Status.NOT_MET
    assert results["ALOS"].place_name == "青山县人民医院"
    assert results["BEDS"].status == Status.EXCEEDED
    # A general hospital does not report the health centres' management rates.
    assert "VACCINATION" not in results


def test_next_year_targets(city, counts):
    aim("BEDS_PER_1000", city, ">=", "1.6", year=YEAR + 1)
    aim("MMR", city, "decrease_by", "1", year=YEAR + 1)
    results = by_code(next_year_targets(YEAR, city))
    assert set(results) == {"BEDS_PER_1000", "MMR"}
    assert results["BEDS_PER_1000"].value == D("1.475")
    assert results["BEDS_PER_1000"].target_text == "≥1.6张"
    assert results["BEDS_PER_1000"].status == Status.NOT_MET  # 1.475 < 1.6 × 0.95
    assert results["MMR"].status == Status.NOT_REPORTED


def test_query_count_does_not_grow_with_units(city, county_a, counts, django_assert_num_queries):
    with django_assert_num_queries(5):
        region_results(YEAR, city)
    with django_assert_num_queries(4):
        units_results(YEAR, city)
    for n in range(30):
        unit = make_unit(county_a, f"诊所{n}")
        put("BEDS", unit, 10)
        put("DOCTORS", unit, 2)
    with django_assert_num_queries(5):
        region_results(YEAR, city)
    with django_assert_num_queries(4):
        pairs = units_results(YEAR, city)
    assert len(pairs) == 33
    assert by_code(region_results(YEAR, city))["BEDS"].value == D(1480)


def test_region_figures_load_in_three_queries(city, counts, django_assert_num_queries):
    indicators = active_indicators()
    with django_assert_num_queries(3):
        RegionFigures(city, [YEAR, YEAR - 1], indicators)


def test_region_figures_read_only_the_inputs_they_need(city, counts):
    """A unit-level rate has no region figure, so its values are never summed; an indicator's
    page reads its own inputs, not every value of the year."""
    by_code = {i.code: i for i in active_indicators()}
    vaccination, beds = by_code["VACCINATION"], by_code["BEDS_PER_1000"]
    assert {i.code for i in inputs_of([beds])} == {"BEDS", "POPULATION"}
    figures = RegionFigures(city, [YEAR], [vaccination, beds])
    assert {indicator_id for indicator_id, _ in figures.unit_sums} <= {beds.numerator_id}
