"""The institutions counted for the home pages (units/stats.py), each from the registry and
within the person's scope, and remembered until a unit, a region or a 医共体 is written."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from tests.fixtures import make_unit
from units import stats
from units.models import UnitKind
from units.stats import scope_figures


@pytest.fixture
def registry(county_a, county_b, township_a, unit_a, unit_b, community_a):
    make_unit(township_a, "城关镇卫生院", kind=UnitKind.TOWNSHIP_HEALTH_CENTER, approved_beds=40)
    make_unit(county_b, "白沙县中医院", kind=UnitKind.TCM_HOSPITAL, approved_beds=200)
    make_unit(county_b, "白沙县某诊所", kind=UnitKind.CLINIC)


def test_a_city_bureau_sees_every_unit(registry, staff, unit_a, unit_b):
    figures = scope_figures(staff)
    assert figures["unit_count"] == 5
    assert figures["bed_total"] == unit_a.approved_beds + unit_b.approved_beds + 40 + 200
    assert figures["hospital_count"] == 3  # two general hospitals and the TCM hospital
    assert figures["community_count"] == 1
    by_kind = {row["kind"]: row["count"] for row in figures["by_kind"]}
    assert by_kind == {
        UnitKind.GENERAL_HOSPITAL: 2,
        UnitKind.TOWNSHIP_HEALTH_CENTER: 1,
        UnitKind.TCM_HOSPITAL: 1,
        UnitKind.CLINIC: 1,
    }
    assert {row["label"]: row["count"] for row in figures["by_area"]} == {"青山县": 2, "白沙县": 3}


def test_a_county_bureau_sees_its_county(registry, county_staff, unit_a):
    figures = scope_figures(county_staff)
    assert figures["unit_count"] == 2
    assert figures["bed_total"] == unit_a.approved_beds + 40
    assert figures["hospital_count"] == 1
    by_area = {row["label"]: row["count"] for row in figures["by_area"]}
    assert by_area == {"青山县直属": 1, "城关镇": 1}


@pytest.mark.django_db(transaction=True)
def test_a_new_unit_is_counted_at_once(registry, staff, county_a):
    assert scope_figures(staff)["unit_count"] == 5
    assert scope_figures(staff)["unit_count"] == 5  # remembered
    make_unit(county_a, "青山县妇幼保健院", kind=UnitKind.MATERNAL_CHILD)
    assert scope_figures(staff)["unit_count"] == 6


@pytest.mark.django_db(transaction=True)
def test_the_whole_tree_merged_from_its_branches_is_the_one_pass_figures(
    registry, staff, city, county_a, county_b, county_staff, monkeypatch
):
    make_unit(city, "市疾病预防控制中心", kind=UnitKind.CDC)
    with transaction.atomic():  # nothing remembered: one pass
        one_pass = scope_figures(staff)
    passes = []
    count = stats.units_by_kind
    monkeypatch.setattr(stats, "units_by_kind", lambda units: passes.append(1) or count(units))
    assert scope_figures(staff) == one_pass
    assert len(passes) == 3  # the city's own units and each county's
    assert [row["label"] for row in one_pass["by_area"]] == ["示例市直属", "青山县", "白沙县"]
    # A unit written in one county: on PostgreSQL only that county's are counted again.
    county_figures = scope_figures(county_staff)
    passes.clear()
    make_unit(county_b, "白沙县第二诊所", kind=UnitKind.CLINIC)
    after = scope_figures(staff)
    assert len(passes) == (1 if connection.vendor == "postgresql" else 3)
    assert after["unit_count"] == one_pass["unit_count"] + 1
    with transaction.atomic():
        assert after == scope_figures(staff)
    passes.clear()
    # 青山县's bureau reads its remembered figures (on PostgreSQL: another county was written).
    assert scope_figures(county_staff) == county_figures
    assert len(passes) == (0 if connection.vendor == "postgresql" else 1)


@pytest.mark.django_db(transaction=True)
def test_warm_figures_counts_every_branch_ahead_of_the_readers(registry, staff, monkeypatch):
    stats.warm_unit_figures()
    passes = []
    count = stats.units_by_kind
    monkeypatch.setattr(stats, "units_by_kind", lambda units: passes.append(1) or count(units))
    assert scope_figures(staff)["unit_count"] == 5
    assert passes == []
