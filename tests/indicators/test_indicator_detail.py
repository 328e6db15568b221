"""One indicator's page: its trend and the ranking of the units or regions below."""

from django.urls import reverse

from tests.indicators.conftest import YEAR, add_counties


def test_indicator_page(client, leader, city, figures):
    client.force_login(leader)
    response = client.get(reverse("indicators:indicator_detail", args=["BEDS"]), {"year": YEAR})
    text = response.content.decode()
    assert response.status_code == 200
    assert text.index("青山县人民医院") < text.index("白沙县人民医院")  # 600 ranks above 500
    response = client.get(reverse("indicators:indicator_detail", args=["BEDS_PER_1000"]))
    assert 'data-chart="chart-trend"' in response.content.decode()
    assert client.get(reverse("indicators:indicator_detail", args=["NOPE"])).status_code == 404


def test_county_staff_rank_only_their_county(client, county_staff, figures):
    client.force_login(county_staff)
    page = reverse("indicators:indicator_detail", args=["BEDS"])
    text = client.get(page, {"year": YEAR}).content.decode()
    assert "青山县人民医院" in text and "白沙县人民医院" not in text


def test_a_region_outside_the_scope_is_404(client, county_staff, city, figures):
    client.force_login(county_staff)
    page = reverse("indicators:indicator_detail", args=["BEDS"])
    assert client.get(page, {"region": city.pk}).status_code == 404


def test_unit_people_may_not_see_it(client, head_a, figures):
    client.force_login(head_a)
    assert client.get(reverse("indicators:indicator_detail", args=["BEDS"])).status_code == 403


def test_it_rejects_post(client, leader, figures):
    client.force_login(leader)
    assert client.post(reverse("indicators:indicator_detail", args=["BEDS"])).status_code == 405


def test_its_queries_do_not_grow_with_the_sub_regions(
    client, leader, city, django_assert_num_queries
):
    client.force_login(leader)
    page = reverse("indicators:indicator_detail", args=["BEDS_PER_1000"])
    add_counties(city, 2)
    with django_assert_num_queries(14):
        assert client.get(page, {"year": YEAR}).status_code == 200
    add_counties(city, 10)
    with django_assert_num_queries(14):
        response = client.get(page, {"year": YEAR})
    assert len(response.context["ranking"]) == 12
