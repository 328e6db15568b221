"""units.pickers.find_unit: what a unit search box accepts when sent without a suggestion."""

import pytest
from django.core.exceptions import ValidationError

from tests.fixtures import make_unit
from units.models import Unit
from units.pickers import UnitChoiceField, find_unit, unit_label


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
