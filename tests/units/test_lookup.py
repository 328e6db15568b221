"""One region lookup for pages and commands: id, name, "县区/乡镇" path, or the single top."""

import pytest

from accounts.models import Role
from tests.fixtures import make_user
from units.lookup import RegionNotFound, find_region, home_region, top_region
from units.models import Region, RegionLevel


def test_it_finds_by_id(county_a):
    assert find_region(str(county_a.pk)) == county_a


def test_it_finds_by_name(county_a):
    assert find_region("青山县") == county_a


def test_it_finds_a_township_by_its_county(township_a):
    assert find_region("青山县/城关镇") == township_a


def test_it_finds_by_the_full_path(township_a):
    assert find_region("示例市/青山县/城关镇") == township_a


def test_an_ambiguous_name_asks_for_the_path(township_a, county_b):
    other = Region.objects.create(name="城关镇", level=RegionLevel.TOWNSHIP, parent=county_b)
    with pytest.raises(RegionNotFound, match="不唯一.*县区/乡镇"):
        find_region("城关镇")
    assert find_region("白沙县/城关镇") == other


def test_an_unknown_name(city):
    with pytest.raises(RegionNotFound, match="找不到区划“某县”"):
        find_region("某县")


def test_a_wrong_county_finds_nothing(township_a, county_b):
    with pytest.raises(RegionNotFound, match="找不到"):
        find_region("白沙县/城关镇")


def test_an_unknown_id(city):
    with pytest.raises(RegionNotFound, match="找不到"):
        find_region(str(city.pk + 100))


def test_omitted_is_the_single_top(county_a, city):
    assert find_region(None) == city
    assert find_region("") == city


def test_omitted_with_several_tops_is_an_error(city):
    Region.objects.create(name="另一市", level=RegionLevel.CITY)
    with pytest.raises(RegionNotFound, match="多个最上级区划"):
        find_region(None)


def test_omitted_with_no_region_is_an_error(db):
    with pytest.raises(RegionNotFound, match="还没有区划"):
        top_region()


def test_it_searches_only_the_given_regions(county_a, county_b):
    within = Region.objects.filter(pk=county_a.pk)
    assert find_region("青山县", within) == county_a
    with pytest.raises(RegionNotFound):
        find_region("白沙县", within)


def test_the_home_region_is_the_users_own(county_staff, county_a):
    assert home_region(county_staff) == county_a


def test_the_home_region_of_a_user_without_one_is_the_top(admin_user, city):
    assert home_region(admin_user) == city


def test_there_is_no_home_region_without_regions(db):
    assert home_region(make_user("admin", Role.STAFF)) is None
