import pytest

from tests.fixtures import make_unit
from units.models import Grade, MedicalCommunity, UnitKind

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
    body = response.content.decode()
    assert 'data-picker="/units/communities/suggest/"' in body
    assert f'value="{community_a.name}"' in body  # the id shows as the name


def test_it_filters_by_a_community_typed_by_name(client, staff, community_a, unit_a, unit_b):
    client.force_login(staff)
    response = client.get(URL, {"medical_community": f" {community_a.name} "})
    assert list(response.context["page"].object_list) == [unit_a]


def test_an_unknown_community_is_told_in_words(client, staff, community_a, unit_a):
    client.force_login(staff)
    response = client.get(URL, {"medical_community": "火星医共体"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "找不到医共体“火星医共体”" in body and 'value="火星医共体"' in body


def test_an_out_of_scope_community_filter_is_an_error_not_a_leak(
    client, county_staff, county_b, unit_b
):
    # unit_a is not made: the county person's list is empty, whatever the filter.
    other = MedicalCommunity.objects.create(name="白沙县医共体", region=county_b, lead_unit=unit_b)
    client.force_login(county_staff)
    for asked in (other.pk, other.name):
        response = client.get(URL, {"medical_community": asked})
        assert response.status_code == 200
        assert list(response.context["page"].object_list) == []
        assert "medical_community" in response.context["filter"].form.errors


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
    # session, user, the region scope, unread reminders (menu), count, page (the region and the
    # 医共体 are search boxes, which list none)
    with django_assert_num_queries(6):
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
