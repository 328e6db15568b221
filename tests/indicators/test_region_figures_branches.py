"""The whole tree's RegionFigures merged from its branches' (indicators.results): the same sums
and inputs as one pass, and after a value written in one county only that county's are read
again (healthreport/lib/remembered.py, BRANCHED)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from indicators import results
from indicators.models import Value
from indicators.results import RegionFigures, active_indicators
from tests.fixtures import make_unit
from tests.indicators.conftest import YEAR, put

pytestmark = pytest.mark.django_db(transaction=True)

POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def tree(city, county_a, county_b, township_a, unit_a, unit_b):
    own = make_unit(city, "市第一人民医院")
    clinic = make_unit(township_a, "城关镇卫生院")
    for place, beds, doctors in (
        (own, 800, 300),
        (unit_a, 600, 200),
        (clinic, 40, 12),
        (unit_b, 500, 150),
    ):
        put("BEDS", place, beds)
        put("DOCTORS", place, doctors)
        put("BEDS", place, beds - 10, year=YEAR - 1)
    put("POPULATION", county_a, 520000)
    put("POPULATION", township_a, 61000)
    put("POPULATION", county_b, 380000)
    put("POPULATION", county_b, 370000, year=YEAR - 1)
    return own, clinic


def _read(region) -> tuple:
    figures = RegionFigures(region, [YEAR, YEAR - 1], active_indicators())
    children = {parent: sorted(pks) for parent, pks in figures.children.items() if pks}
    own = {key: dict(by_region) for key, by_region in figures.own.items() if by_region}
    return children, own, dict(figures.unit_sums), figures


def test_the_merge_gives_the_figures_of_one_pass(tree, city):
    with transaction.atomic():  # nothing remembered: one pass over the whole
        one_pass = _read(city)
    merged = _read(city)
    assert merged[:3] == one_pass[:3]
    indicators = {i.code: i for i in active_indicators()}
    figures = merged[3]
    assert figures.figure(indicators["BEDS"], YEAR).value == 1940
    assert figures.figure(indicators["BEDS"], YEAR - 1).value == 1900
    assert figures.figure(indicators["POPULATION"], YEAR).value == 900000  # the counties' sum
    assert (
        figures.figure(indicators["BEDS_PER_1000"], YEAR).value
        == one_pass[3].figure(indicators["BEDS_PER_1000"], YEAR).value
    )


def test_a_value_written_in_one_county_reads_that_county_again(tree, city, county_a, monkeypatch):
    _, clinic = tree
    reads = []
    compute = results._region_figures

    def counted(region, *args, **kwargs):
        reads.append(region.name)
        return compute(region, *args, **kwargs)

    monkeypatch.setattr(results, "_region_figures", counted)
    _read(city)
    assert sorted(reads) == ["白沙县", "示例市", "青山县"]
    reads.clear()
    _read(city)
    assert reads == []
    Value.objects.filter(unit=clinic, indicator__code="BEDS", year=YEAR).update(value=60)
    children, own, sums, _ = _read(city)
    assert sorted(reads) == (["青山县"] if POSTGRES else ["白沙县", "示例市", "青山县"])
    assert sum(v for (i, y), v in sums.items() if y == YEAR) > 0
    with transaction.atomic():
        assert _read(city)[:3] == (children, own, sums)
    # The county's page reads what the merge remembered.
    reads.clear()
    _read(county_a)
    assert reads == []
