"""A bureau person at the root of the only region tree sees everything without a filter
(accounts.scoping.region_is_everything); a second tree brings the filter back at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import scoping
from accounts.models import Role
from tests.fixtures import make_unit, make_user
from units.models import Region, RegionLevel, Unit


def sql_of(queryset) -> str:
    return str(queryset.query)


def test_the_only_root_is_everything(city, county_a):
    assert scoping.region_is_everything(city)
    assert not scoping.region_is_everything(county_a)


def test_a_person_at_the_only_root_reads_units_without_a_join(staff, county_staff, unit_a, unit_b):
    everything = Unit.objects.visible_to(staff).order_by("pk")  # the default order joins regions
    assert set(everything) == {unit_a, unit_b}
    assert "units_region" not in sql_of(everything)
    # A county person keeps the path filter.
    assert set(Unit.objects.visible_to(county_staff)) == {unit_a}


def test_a_second_root_brings_the_filter_back(staff, unit_a):
    other_city = Region.objects.create(name="另一市", level=RegionLevel.CITY)
    elsewhere = make_unit(other_city, "另一市人民医院")
    assert not scoping.region_is_everything(staff.region)
    assert set(Unit.objects.visible_to(staff)) == {unit_a}
    other_staff = make_user("other", Role.STAFF, region=other_city)
    assert set(Unit.objects.visible_to(other_staff)) == {elsewhere}
    # Deleting it makes the first city everything again.
    elsewhere.delete()
    other_staff.delete()
    other_city.delete()
    assert scoping.region_is_everything(staff.region)


def test_the_roots_are_read_once_within_the_ttl(staff, unit_a):
    with CaptureQueriesContext(connection) as captured:
        for _ in range(3):
            list(Unit.objects.visible_to(staff))
    assert len(captured) == 3  # the units only; the roots were read when the regions were saved


def test_the_roots_are_read_again_after_the_ttl(staff, unit_a, monkeypatch):
    monkeypatch.setattr(scoping, "ROOTS_TTL", -1.0)
    with CaptureQueriesContext(connection) as captured:
        list(Unit.objects.visible_to(staff))
    assert len(captured) == 2
