"""indicators/progress.py: how far each unit and region of a region has reported its figures."""

from indicators.models import ValueStatus
from indicators.progress import count_by_state, reporting_progress
from indicators.workflow import entry_indicators
from tests.fixtures import make_unit
from tests.indicators.conftest import YEAR, put


def states(rows):
    return {row.place.name: (row.state.status, row.state.entered) for row in rows}


def test_each_unit_has_the_state_of_its_figures(city, unit_a, unit_b, health_centre):
    put("BEDS", unit_a, 600, status=ValueStatus.SUBMITTED)
    put("BEDS", health_centre, 80, status=ValueStatus.SUBMITTED)
    put("DOCTORS", health_centre, 30, status=ValueStatus.DRAFT)
    found = reporting_progress(YEAR, city)
    assert states(found.units) == {
        "青山县人民医院": (ValueStatus.SUBMITTED, 1),
        "城关镇中心卫生院": (ValueStatus.DRAFT, 2),  # the least advanced figure wins
        "白沙县人民医院": ("", 0),
    }
    assert found.units[0].state.expected == len(entry_indicators(unit_a))
    assert [row.kind for row in found.units] == ["unit"] * 3


def test_last_years_figures_do_not_count(city, unit_a):
    put("BEDS", unit_a, 600, year=YEAR - 1)
    assert states(reporting_progress(YEAR, city).units) == {"青山县人民医院": ("", 0)}


def test_the_late_are_those_with_nothing_or_drafts(city, unit_a, unit_b, health_centre):
    put("BEDS", unit_a, 600, status=ValueStatus.APPROVED)
    put("BEDS", health_centre, 80, status=ValueStatus.DRAFT)
    late = [row.place.name for row in reporting_progress(YEAR, city).units if row.is_late]
    assert late == ["城关镇中心卫生院", "白沙县人民医院"]


def test_every_region_of_the_subtree_has_a_row(city, county_a, county_b):
    put("POPULATION", county_a, 500000, status=ValueStatus.APPROVED)
    found = reporting_progress(YEAR, county_a)
    assert [row.place for row in found.regions] == [county_a]
    assert found.regions[0].state.status == ValueStatus.APPROVED
    assert [row.place for row in reporting_progress(YEAR, city).regions] == [
        city,
        county_a,
        county_b,
    ]


def test_a_region_sees_only_its_units(county_a, unit_a, unit_b):
    assert [row.place for row in reporting_progress(YEAR, county_a).units] == [unit_a]


def test_it_counts_the_rows_by_state(city, unit_a, unit_b):
    put("BEDS", unit_a, 600, status=ValueStatus.SUBMITTED)
    assert count_by_state(reporting_progress(YEAR, city).units) == {"已上报": 1, "未填报": 1}


def test_its_queries_do_not_grow_with_the_units(city, unit_a, django_assert_num_queries):
    with django_assert_num_queries(4):
        reporting_progress(YEAR, city)
    for n in range(10):
        put("BEDS", make_unit(unit_a.region, f"医院{n}"), n)
    with django_assert_num_queries(4):
        reporting_progress(YEAR, city)
