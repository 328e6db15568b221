import pytest
from django.core.exceptions import ValidationError

from units.models import Region, RegionLevel


def test_path_follows_the_tree(city, county_a, township_a):
    assert city.path == f"/{city.pk}/"
    assert township_a.path == f"/{city.pk}/{county_a.pk}/{township_a.pk}/"
    assert list(Region.objects.subtree_of(county_a)) == [county_a, township_a]


def test_moving_a_region_moves_its_subtree(city, county_a, county_b, township_a):
    township_a.parent = county_b
    township_a.save()
    township_a.refresh_from_db()
    assert township_a.path.startswith(county_b.path)
    assert list(Region.objects.subtree_of(county_a)) == [county_a]


def test_moving_a_county_repaths_its_townships(city, county_a, township_a):
    other_city = Region.objects.create(name="邻市", level=RegionLevel.CITY)
    county_a.parent = other_city
    county_a.save()
    township_a.refresh_from_db()
    assert township_a.path == f"/{other_city.pk}/{county_a.pk}/{township_a.pk}/"


def test_clean_rejects_a_cycle(city, county_a, township_a):
    county_a.parent = township_a
    with pytest.raises(ValidationError) as error:
        county_a.clean()
    assert "循环" in str(error.value)


def test_clean_rejects_itself_as_parent(county_a):
    county_a.parent = county_a
    with pytest.raises(ValidationError, match="循环"):
        county_a.clean()


def test_clean_requires_the_next_level(city):
    region = Region(name="某镇", level=RegionLevel.TOWNSHIP, parent=city)
    with pytest.raises(ValidationError, match="县/区"):
        region.clean()


def test_clean_requires_a_parent_below_city(db):
    with pytest.raises(ValidationError, match="必须指定上级区划"):
        Region(name="某县", level=RegionLevel.COUNTY).clean()
