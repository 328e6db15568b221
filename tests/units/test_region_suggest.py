"""The region search box's suggestions (units:region_suggest): at most 20 in the person's
scope, each with its full path."""

from units.models import Region, RegionLevel
from units.pickers import SUGGESTIONS

URL = "/units/regions/suggest/"


def labels(response) -> list[str]:
    assert response.status_code == 200
    return [result["label"] for result in response.json()["results"]]


def test_it_suggests_regions_with_their_full_path(client, staff, county_a, township_a):
    client.force_login(staff)
    response = client.get(URL, {"q": "城关"})
    assert response.json()["results"] == [
        {
            "label": "示例市 / 青山县 / 城关镇",
            "name": "城关镇",
            "detail": "乡镇/街道 · 示例市 / 青山县 / 城关镇",
        }
    ]


def test_it_tells_twins_apart_and_reads_a_path(client, staff, county_a, county_b, township_a):
    Region.objects.create(name="城关镇", level=RegionLevel.TOWNSHIP, parent=county_b)
    client.force_login(staff)
    assert labels(client.get(URL, {"q": "城关镇"})) == [
        "示例市 / 青山县 / 城关镇",
        "示例市 / 白沙县 / 城关镇",
    ]
    assert labels(client.get(URL, {"q": "白沙/城关"})) == ["示例市 / 白沙县 / 城关镇"]


def test_higher_levels_come_first(client, staff, county_a, township_a):
    Region.objects.create(name="青山镇", level=RegionLevel.TOWNSHIP, parent=county_a)
    client.force_login(staff)
    assert labels(client.get(URL, {"q": "青山"})) == ["示例市 / 青山县", "示例市 / 青山县 / 青山镇"]


def test_max_level_stops_at_counties(client, staff, county_a, township_a):
    Region.objects.create(name="青山镇", level=RegionLevel.TOWNSHIP, parent=county_a)
    client.force_login(staff)
    assert labels(client.get(URL, {"q": "青山", "max_level": "2"})) == ["示例市 / 青山县"]
    # A level that is none is ignored, not a 500.
    assert len(labels(client.get(URL, {"q": "青山", "max_level": "x"}))) == 2


def test_it_never_suggests_another_countys_region(client, county_staff, county_a, county_b):
    Region.objects.create(name="白沙镇", level=RegionLevel.TOWNSHIP, parent=county_b)
    Region.objects.create(name="青山镇", level=RegionLevel.TOWNSHIP, parent=county_a)
    client.force_login(county_staff)
    assert labels(client.get(URL, {"q": "镇"})) == ["示例市 / 青山县 / 青山镇"]
    assert labels(client.get(URL, {"q": "白沙"})) == []


def test_it_suggests_nothing_for_an_empty_box(client, staff, county_a):
    client.force_login(staff)
    assert labels(client.get(URL, {"q": " "})) == []
    assert labels(client.get(URL)) == []


def test_it_suggests_at_most_twenty_in_one_query_for_their_paths(
    client, staff, county_a, django_assert_num_queries
):
    Region.objects.bulk_create(
        Region(name=f"第{i:02d}镇", level=RegionLevel.TOWNSHIP, parent=county_a, path=f"{i}")
        for i in range(30)
    )
    for region in Region.objects.filter(level=RegionLevel.TOWNSHIP):
        region.save()  # its path
    client.force_login(staff)
    # session, user, the user's region (scope), the regions, their ancestors' names
    with django_assert_num_queries(5):
        found = labels(client.get(URL, {"q": "镇"}))
    assert len(found) == SUGGESTIONS == 20
    assert found[0] == "示例市 / 青山县 / 第00镇"


def test_it_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post(URL, {"q": "青山"}).status_code == 405


def test_it_requires_login(client, county_a):
    response = client.get(URL, {"q": "青山"})
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_unit_person_sees_only_their_units_region(client, head_a, county_a, county_b):
    client.force_login(head_a)
    assert labels(client.get(URL, {"q": "县"})) == ["示例市 / 青山县"]
