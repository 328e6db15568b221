"""indicators/ranking.py: one indicator's figure for each unit or sub-region, best first."""

from decimal import Decimal as D

from indicators.models import Indicator
from indicators.ranking import rank, subregion_figures
from indicators.results import RegionFigures
from tests.fixtures import make_unit
from tests.indicators.conftest import YEAR, add_counties, put


def ind(code):
    """As the page loads it: with its numerator and denominator."""
    return Indicator.objects.select_related("numerator", "denominator").get(code=code)


def names(rows):
    return [row.name for row in rows]


def test_units_rank_by_their_figure(city, unit_a, unit_b):
    put("BEDS", unit_a, 500)
    put("BEDS", unit_b, 600)
    ranking = rank(ind("BEDS"), YEAR, city)
    assert names(ranking.reported) == ["白沙县人民医院", "青山县人民医院"]
    assert [row.result.value for row in ranking.reported] == [D(600), D(500)]
    assert ranking.missing == []


def test_lower_is_better_ranks_from_the_lowest(city, county_a, county_b):
    put("MAT_DEATHS", county_a, 2)
    put("LIVE_BIRTHS", county_a, 4000)
    put("MAT_DEATHS", county_b, 1)
    put("LIVE_BIRTHS", county_b, 4000)
    ranking = rank(ind("MMR"), YEAR, city)
    assert names(ranking.reported) == ["白沙县", "青山县"]


def test_unreported_and_uncomputable_places_are_listed_apart(city, county_a, county_b, unit_a):
    put("BEDS", unit_a, 600)
    put("POPULATION", county_a, 0)
    ranking = rank(ind("BEDS_PER_1000"), YEAR, city)
    assert ranking.reported == []
    missing = {row.name: row.result for row in ranking.missing}
    assert missing["青山县"].not_computable  # a population of 0
    assert missing["白沙县"].value is None and not missing["白沙县"].not_computable


def test_a_sub_region_figure_is_its_own_region_figure(city, county_a, county_b, township_a):
    """Counts summed from the units and the townships below, never from a neighbour."""
    put("POPULATION", township_a, 120000)  # 青山县 has no figure of its own
    put("POPULATION", county_b, 300000)
    put("BEDS", make_unit(township_a, "城关镇卫生院"), 80)
    put("BEDS", make_unit(county_a, "青山县人民医院"), 600)
    put("BEDS", make_unit(county_b, "白沙县人民医院"), 500)
    put("BEDS", make_unit(city, "市人民医院"), 900)  # the city's own: below no county
    indicator = ind("BEDS_PER_1000")
    figures = dict(subregion_figures(city, indicator, YEAR))
    assert figures[county_a].value == D(680) * 1000 / D(120000)
    assert figures[county_b].value == D(500) * 1000 / D(300000)
    for county in (county_a, county_b):
        alone = RegionFigures(county, [YEAR], [indicator]).figure(indicator, YEAR)
        assert figures[county] == alone


def test_sub_regions_rank_in_a_constant_number_of_queries(city, django_assert_num_queries):
    indicator = ind("BEDS_PER_1000")
    add_counties(city, 2)
    with django_assert_num_queries(5):
        assert len(rank(indicator, YEAR, city).reported) == 2
    add_counties(city, 10)
    with django_assert_num_queries(5):
        assert len(rank(indicator, YEAR, city).reported) == 12


def test_units_rank_in_a_constant_number_of_queries(city, county_a, django_assert_num_queries):
    indicator = ind("BEDS")
    for n in range(2):
        put("BEDS", make_unit(county_a, f"医院{n}"), n)
    with django_assert_num_queries(3):
        rank(indicator, YEAR, city)
    for n in range(2, 12):
        put("BEDS", make_unit(county_a, f"医院{n}"), n)
    with django_assert_num_queries(3):
        assert len(rank(indicator, YEAR, city).reported) == 12
