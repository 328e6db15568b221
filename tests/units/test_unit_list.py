import pytest

from tests.fixtures import make_unit
from units.models import Grade, UnitKind

URL = "/units/"


def test_it_lists_units_in_scope(client, staff, unit_a, unit_b):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [unit_a, unit_b]


def test_county_staff_sees_only_their_county(client, county_staff, unit_a, unit_b):
    client.force_login(county_staff)
    response = client.get(URL)
    assert list(response.context["page"].object_list) == [unit_a]
    assert "白沙县人民医院" not in response.content.decode()


def test_unit_head_sees_only_their_unit(client, head_a, unit_a, unit_b):
    client.force_login(head_a)
    response = client.get(URL)
    assert list(response.context["page"].object_list) == [unit_a]


def test_it_requires_login(client, unit_a):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post(URL).status_code == 405


def test_it_filters_by_region_subtree(client, staff, unit_a, unit_b, township_a):
    clinic = make_unit(township_a, "城关镇卫生院", kind=UnitKind.TOWNSHIP_HEALTH_CENTER)
    client.force_login(staff)
    response = client.get(URL, {"region": unit_a.region_id})
    assert set(response.context["page"].object_list) == {unit_a, clinic}


def test_it_filters_by_kind_grade_and_name(client, staff, unit_a, unit_b, county_a):
    make_unit(county_a, "青山县中医院", kind=UnitKind.TCM_HOSPITAL, grade=Grade.SECONDARY_A)
    client.force_login(staff)
    assert [u.name for u in client.get(URL, {"kind": "tcm_hospital"}).context["page"]] == [
        "青山县中医院"
    ]
    assert [u.name for u in client.get(URL, {"grade": "2A"}).context["page"]] == ["青山县中医院"]
    assert [u.name for u in client.get(URL, {"q": "白沙"}).context["page"]] == ["白沙县人民医院"]


def test_it_filters_by_community(client, staff, community_a, unit_a, unit_b):
    client.force_login(staff)
    response = client.get(URL, {"medical_community": community_a.pk})
    assert list(response.context["page"].object_list) == [unit_a]


def test_it_sorts_by_beds_descending(client, staff, unit_a, unit_b):
    client.force_login(staff)
    response = client.get(URL, {"sort": "-beds"})
    assert [u.approved_beds for u in response.context["page"]] == [600, 500]


def test_an_out_of_scope_region_filter_is_an_error_not_a_leak(client, county_staff, county_b):
    client.force_login(county_staff)
    response = client.get(URL, {"region": county_b.pk})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert "region" in response.context["filter"].form.errors


def test_empty_state_says_what_to_do(client, staff, city):
    client.force_login(staff)
    assert "从 Excel 批量导入" in client.get(URL).content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow_with_rows(
    client, staff, county_a, community_a, count, django_assert_num_queries
):
    for index in range(count):
        make_unit(county_a, f"卫生室{index}", medical_community=community_a)
    client.force_login(staff)
    # session, user, the region scope, unread reminders (menu), filter choices (communities;
    # the region is a search box), count, page
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert response.status_code == 200


def test_headers_sort_and_keep_the_filters(client, staff, unit_a, unit_b):
    client.force_login(staff)
    body = client.get(URL, {"kind": "general_hospital", "sort": "beds"}).content.decode()
    assert 'href="?kind=general_hospital&amp;sort=-beds"' in body  # click again: descending
    assert 'name="sort" value="beds"' in body  # the filter form keeps the order
    assert "1,500" not in body and "600" in body


def test_big_numbers_have_thousands_separators(client, staff, county_a):
    from tests.fixtures import make_unit

    make_unit(county_a, "大医院", approved_beds=1500)
    client.force_login(staff)
    assert ">1,500<" in client.get(URL).content.decode()
