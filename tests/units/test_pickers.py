"""units.pickers: what a unit, region or 医共体 search box accepts when sent without a
suggestion."""

import pytest
from django.core.exceptions import ValidationError

from tests.fixtures import make_unit
from units.models import MedicalCommunity, Region, Unit
from units.pickers import (
    CommunityChoiceField,
    RegionChoiceField,
    UnitChoiceField,
    active_or_current,
    find_community,
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


def test_a_community_is_found_by_name_or_id(community_a):
    communities = MedicalCommunity.objects.all()
    assert find_community(" 青山县医共体 ", communities) == community_a
    assert find_community(str(community_a.pk), communities) == community_a


@pytest.mark.parametrize("typed", ["青山县", "火星医共体", "0", "白沙县医共体"])
def test_a_community_not_among_those_given_is_told_in_words(county_b, community_a, typed):
    MedicalCommunity.objects.create(name="白沙县医共体", region=county_b)
    with pytest.raises(ValidationError, match=f"找不到医共体“{typed}”，请从提示中选择"):
        find_community(typed, MedicalCommunity.objects.filter(pk=community_a.pk))


def test_twin_community_names_are_told_in_words(community_a):
    # Names are unique in the record; should a scope ever hold two, the rule is the units'.
    twice = _Rows([community_a, community_a])
    with pytest.raises(ValidationError, match="名为“青山县医共体”的医共体不止一个，请从提示中选择"):
        find_community("青山县医共体", twice)


class _Rows:
    """A queryset stand-in that finds every row it holds."""

    def __init__(self, rows):
        self.rows = rows

    def filter(self, **lookups):
        return self.rows


def test_the_community_field_shows_the_name_and_resolves_once(
    community_a, django_assert_num_queries
):
    field = CommunityChoiceField(queryset=MedicalCommunity.objects.all(), required=False)
    with django_assert_num_queries(1):
        assert field.clean(str(community_a.pk)) == community_a
        assert field.prepare_value(str(community_a.pk)) == "青山县医共体"
    assert field.clean("") is None
    assert field.prepare_value("火星") == "火星"  # shown as typed, beside the error
    html = field.widget.render("medical_community", "青山县医共体")
    assert 'data-picker="/units/communities/suggest/"' in html
    assert 'data-picker-none="没有匹配的医共体"' in html
