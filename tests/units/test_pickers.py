"""units.pickers.find_unit: what a unit search box accepts when sent without a suggestion."""

import pytest
from django.core.exceptions import ValidationError

from tests.fixtures import make_unit
from units.models import Region, Unit
from units.pickers import (
    RegionChoiceField,
    UnitChoiceField,
    active_or_current,
    find_unit,
    region_label,
    region_labels,
    unit_label,
)
from units.status import deactivate


@pytest.mark.parametrize(
    "typed",
    [
        lambda unit: unit_label(unit),
        lambda unit: f"{unit.name}({unit.credit_code.lower()})",
        lambda unit: f" {unit.credit_code.lower()} ",
        lambda unit: unit.name,
        lambda unit: str(unit.pk),
    ],
    ids=["label", "half-width label", "code", "name", "id"],
)
def test_it_finds_a_unit_by_label_code_name_or_id(unit_a, unit_b, typed):
    assert find_unit(typed(unit_a), Unit.objects.all()) == unit_a


def test_it_finds_only_among_the_units_given(unit_a, unit_b):
    with pytest.raises(ValidationError, match="找不到单位"):
        find_unit(unit_b.credit_code, Unit.objects.filter(pk=unit_a.pk))


def test_a_twin_name_needs_the_code(county_b, unit_a):
    twin = make_unit(county_b, unit_a.name)
    with pytest.raises(ValidationError, match="不止一个"):
        find_unit(unit_a.name, Unit.objects.all())
    assert find_unit(unit_label(twin), Unit.objects.all()) == twin


def test_the_field_resolves_its_value_once(unit_a, django_assert_num_queries):
    field = UnitChoiceField(queryset=Unit.objects.all())
    with django_assert_num_queries(1):
        assert field.clean(str(unit_a.pk)) == unit_a
        assert field.prepare_value(str(unit_a.pk)) == unit_label(unit_a)
    field.required = False
    assert field.clean("") is None


def test_a_region_is_labelled_by_its_full_path(city, county_a, township_a):
    assert region_label(township_a) == "示例市 / 青山县 / 城关镇"
    assert region_label(city) == "示例市"


def test_labels_of_many_regions_take_one_query(
    city, county_a, county_b, township_a, django_assert_num_queries
):
    regions = list(Region.objects.filter(level__gte=2))
    with django_assert_num_queries(1):
        labels = region_labels(regions)
    assert labels[township_a.pk] == "示例市 / 青山县 / 城关镇"
    assert labels[county_b.pk] == "示例市 / 白沙县"


@pytest.mark.parametrize(
    "typed", ["示例市 / 青山县 / 城关镇", "青山县/城关镇", "城关镇", "ID"], ids=str
)
def test_the_region_field_reads_a_path_a_name_or_an_id(city, county_a, township_a, typed):
    field = RegionChoiceField(queryset=Region.objects.all())
    value = str(township_a.pk) if typed == "ID" else typed
    assert field.clean(value) == township_a
    assert field.prepare_value(value) == "示例市 / 青山县 / 城关镇"


def test_the_region_field_finds_only_in_its_queryset(city, county_a, county_b):
    field = RegionChoiceField(queryset=Region.objects.filter(pk=county_a.pk))
    with pytest.raises(ValidationError, match="找不到区划“白沙县”"):
        field.clean("白沙县")
    assert field.prepare_value("白沙县") == "白沙县"  # shown as typed, beside the error


def test_active_or_current_keeps_the_records_closed_unit_only(staff, county_a, unit_a):
    closed = make_unit(county_a, "青山县老医院")
    other = make_unit(county_a, "青山县旧卫生院")
    deactivate(closed, staff, "已撤并")
    deactivate(other, staff, "已撤并")
    units = Unit.objects.all()
    assert set(active_or_current(units, None)) == {unit_a}
    assert set(active_or_current(units, closed.pk)) == {unit_a, closed}
