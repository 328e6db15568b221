"""Targets and values are read through the one scoping rule (accounts.scoping.ScopedQuerySet)."""

from indicators.models import Target, Value
from tests.indicators.conftest import aim, put


def test_targets_visible_where_they_apply(
    city, county_a, county_b, unit_a, unit_b, staff, county_staff, head_a
):
    at_city = aim("BEDS", city, ">=", 500)
    at_county_a = aim("DOCTORS", county_a, ">=", 300)
    at_county_b = aim("DOCTORS", county_b, ">=", 300)
    at_unit_a = aim("DOCTORS", unit_a, ">=", 400)
    at_unit_b = aim("DOCTORS", unit_b, ">=", 400)
    everything = {at_city, at_county_a, at_county_b, at_unit_a, at_unit_b}
    assert set(Target.objects.visible_to(staff)) == everything
    # A county sees its own targets and the city's, which apply to it; not the other county's.
    assert set(Target.objects.visible_to(county_staff)) == {at_city, at_county_a, at_unit_a}
    # A unit sees its own target and those of its region and the regions above.
    assert set(Target.objects.visible_to(head_a)) == {at_city, at_county_a, at_unit_a}


def test_values_visible_in_scope(city, county_a, unit_a, unit_b, staff, county_staff, head_a):
    of_city = put("BEDS", city, 1)
    of_county = put("BEDS", county_a, 1)
    of_a = put("DOCTORS", unit_a, 1)
    of_b = put("DOCTORS", unit_b, 1)
    assert set(Value.objects.visible_to(staff)) == {of_city, of_county, of_a, of_b}
    assert set(Value.objects.visible_to(county_staff)) == {of_county, of_a}
    assert set(Value.objects.visible_to(head_a)) == {of_a}
