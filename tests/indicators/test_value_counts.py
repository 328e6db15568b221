"""value_counts: the counted values behind a region's figures, from the units' values and the
regions' own in two queries (an OR across both paths read every value on PostgreSQL)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import ValueStatus
from indicators.results import value_counts
from tests.indicators.conftest import YEAR, ind, put


def test_it_counts_unit_and_region_values_of_the_subtree(city, county_a, county_b, unit_a, unit_b):
    put("DOCTORS", unit_a, 1)
    put("DOCTORS", unit_b, 1)
    put("BEDS", county_a, 1)
    put("BEDS", county_b, 1)
    put("BEDS", city, 1)
    put("DOCTORS", unit_a, 1, year=YEAR - 1)
    put("NURSES", unit_a, 1, status=ValueStatus.DRAFT)  # not counted
    doctors, beds = ind("DOCTORS").pk, ind("BEDS").pk
    assert value_counts([YEAR - 1, YEAR], county_a) == {
        (doctors, YEAR): 1,
        (beds, YEAR): 1,
        (doctors, YEAR - 1): 1,
    }
    # The city is the only root: every value, read without the paths.
    assert value_counts([YEAR - 1, YEAR], city) == {
        (doctors, YEAR): 2,
        (beds, YEAR): 3,
        (doctors, YEAR - 1): 1,
    }


def test_it_reads_no_path_at_the_only_root(city, unit_a):
    put("DOCTORS", unit_a, 1)
    with CaptureQueriesContext(connection) as captured:
        value_counts([YEAR], city)
    assert len(captured) == 2
    assert not any("units_region" in q["sql"] for q in captured.captured_queries)
