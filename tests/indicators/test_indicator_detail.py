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
    assert len(response.context["page"].object_list) == 12


def test_the_ranking_reads_a_page_at_a_time(client, leader, city, django_assert_num_queries):
    """A county of a thousand units: the page shows fifty, their places counted from the top
    of the whole ranking, the missing ones last, and costs the same at both sizes."""
    from tests.fixtures import make_unit

    client.force_login(leader)
    page = reverse("indicators:indicator_detail", args=["BEDS"])
    add_counties(city, 3)
    make_unit(city, "未填报医院")
    sizes = []
    for more in (60, 60):
        add_counties(city, more)
        with django_assert_num_queries(11):
            first = client.get(page, {"year": YEAR})
        sizes.append(len(first.content))
    rows = first.context["page"].object_list
    assert len(rows) == 50 and [position for position, _ in rows[:2]] == [1, 2]
    context = first.context
    assert context["ranked"] >= 123 and context["missing_count"] >= 1
    assert context["page"].paginator.count == context["ranked"] + context["missing_count"]
    assert client.get(page, {"year": YEAR, "page": 2}).context["page"].object_list[0][0] == 51
    last = client.get(page, {"year": YEAR, "page": context["page"].paginator.num_pages})
    positions = [position for position, _ in last.context["page"].object_list]
    assert positions[-1] is None  # 未填报医院, after every unit with a figure
    text = last.content.decode()
    assert "未填报" in text and 'data-testid="ranking-pages"' in text
    assert f"?year={YEAR}&page=2" in text  # 上一页 keeps the year
    # The page's size does not follow the county's units (the last digits of names vary).
    assert abs(sizes[1] - sizes[0]) < 2000
