"""indicators/entry.py: what a place's entry page shows, for a unit and for a region."""

from decimal import Decimal as D

from indicators.entry import load_sheet
from indicators.models import ValueStatus
from tests.indicators.conftest import YEAR, aim, put
from units.models import Unit


def codes(sheet):
    return [indicator.code for indicator in sheet.indicators]


def test_a_unit_owes_its_own_input_indicators(unit_a):
    sheet = load_sheet(unit_a, YEAR)
    assert "BEDS" in codes(sheet) and "DRUG_REVENUE" in codes(sheet)
    # No region counts, no computed rates, no health centres' rates.
    assert not {"POPULATION", "ALOS", "VACCINATION"} & set(codes(sheet))
    # 药占比's numerator and denominator are both entered here: the form compares them.
    assert "DRUG_SHARE" in [indicator.code for indicator in sheet.computed]


def test_a_region_owes_the_region_inputs(county_a):
    sheet = load_sheet(county_a, YEAR)
    assert "POPULATION" in codes(sheet)
    assert "BEDS" not in codes(sheet) and "BEDS_PER_1000" not in codes(sheet)


def test_it_holds_this_years_values_and_last_years_figures(unit_a):
    stored = put("BEDS", unit_a, 620, comment="新院区", status=ValueStatus.DRAFT)
    put("BEDS", unit_a, 600, year=YEAR - 1)
    sheet = load_sheet(unit_a, YEAR)
    assert sheet.stored == {stored.indicator_id: stored}
    assert sheet.previous == {stored.indicator_id: D(600)}
    initial = sheet.initial()
    assert (initial["v_BEDS"], initial["c_BEDS"]) == ("620", "新院区")
    # The page carries the version of each figure it shows, "" for the empty ones.
    assert initial["s_BEDS"] == stored.updated.isoformat() and initial["s_DOCTORS"] == ""
    assert sheet.state.status == ValueStatus.DRAFT
    assert sheet.state.entered == 1 and sheet.state.expected == len(sheet.indicators)


def test_a_units_own_target_comes_before_its_regions(city, county_a, unit_a):
    aim("BEDS", city, ">=", 500)
    aim("DOCTORS", county_a, ">=", 300)
    aim("DOCTORS", unit_a, ">=", 400)
    sheet = load_sheet(unit_a, YEAR)
    by_code = {indicator.code: sheet.targets.get(indicator.pk) for indicator in sheet.indicators}
    assert by_code["BEDS"] == "≥500张"
    assert by_code["DOCTORS"] == "≥400人"
    assert by_code["NURSES"] is None


def test_a_regions_target_is_found_above_it(city, county_a):
    aim("POPULATION", city, ">=", 100000)
    sheet = load_sheet(county_a, YEAR)
    population = next(i for i in sheet.indicators if i.code == "POPULATION")
    assert sheet.targets == {population.pk: "≥100000人"}


def test_its_rows_pair_each_indicator_with_the_forms_fields(unit_a):
    put("BEDS", unit_a, 600, year=YEAR - 1)
    sheet = load_sheet(unit_a, YEAR)
    form = sheet.form({"v_BEDS": "610"})
    assert form.is_valid()
    rows = {row.indicator.code: row for row in sheet.rows(form)}
    assert rows["BEDS"].field.value() == "610"
    assert rows["BEDS"].previous == D(600)
    assert rows["BEDS"].stored is None and rows["BEDS"].target == ""
    assert not sheet.form().is_bound


def test_it_loads_in_four_queries(unit_a, django_assert_num_queries):
    unit = Unit.objects.select_related("region").get(pk=unit_a.pk)
    with django_assert_num_queries(4):
        load_sheet(unit, YEAR)
