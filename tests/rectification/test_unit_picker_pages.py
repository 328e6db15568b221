"""The problem list's 责任单位 filter and the new-problem form's unit are search boxes
(units.pickers): a page's HTML and queries stay the same at 3 units and at 300."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.fixtures import make_unit
from tests.rectification.conftest import make_inspection, make_problem, text, url
from units.pickers import unit_label


def add_units(region, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        make_unit(region, f"青山县第{i:03d}卫生室", kind="village_clinic")


def measure(client, path, data=None) -> tuple[int, int]:
    """The HTML length and query count of one page."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, data or {})
    assert response.status_code == 200
    return len(response.content), len(queries)


@pytest.mark.parametrize("page", ["list", "list_by_unit", "new_problem"])
def test_html_and_queries_do_not_depend_on_the_number_of_units(
    client, staff, county_a, unit_a, page
):
    inspection = make_inspection()
    make_problem(inspection, unit_a)
    path, data = {
        "list": (url("problem_list"), {}),
        "list_by_unit": (url("problem_list"), {"unit": unit_a.pk}),
        "new_problem": (url("problem_create", inspection.pk), {"unit": unit_a.pk}),
    }[page]
    client.force_login(staff)
    add_units(county_a, 2)  # 3 units with unit_a
    few = measure(client, path, data)
    add_units(county_a, 297, start=2)  # 300
    many = measure(client, path, data)
    assert many[1] == few[1], f"queries at 3 units: {few[1]}, at 300: {many[1]}"
    assert abs(many[0] - few[0]) <= 64, f"HTML at 3 units: {few[0]} bytes, at 300: {many[0]}"


@pytest.mark.parametrize("units", [3, 300])
def test_the_list_query_count_is_the_same_for_few_and_many_units(
    client, staff, county_a, unit_a, units, django_assert_num_queries
):
    add_units(county_a, units - 1)
    client.force_login(staff)
    # No query for choices of regions or units: both are search boxes.
    with django_assert_num_queries(7):
        client.get(url("problem_list"))
    with django_assert_num_queries(8):  # and one to find the unit named in the URL
        client.get(url("problem_list"), {"unit": unit_a.pk})


def test_a_unit_in_the_url_shows_its_name_in_the_box(client, staff, unit_a, unit_b):
    inspection = make_inspection()
    make_problem(inspection, unit_a, description="青山的问题")
    make_problem(inspection, unit_b, description="白沙的问题")
    client.force_login(staff)
    response = client.get(url("problem_list"), {"unit": unit_a.pk})
    body = text(response)
    assert f'value="{unit_label(unit_a)}"' in body
    assert 'data-picker="/units/suggest/"' in body
    assert "青山的问题" in body and "白沙的问题" not in body


@pytest.mark.parametrize("typed", ["name", "code", "label"])
def test_without_javascript_the_box_takes_a_name_or_code(client, staff, unit_a, unit_b, typed):
    inspection = make_inspection()
    make_problem(inspection, unit_a, description="青山的问题")
    make_problem(inspection, unit_b, description="白沙的问题")
    value = {"name": unit_b.name, "code": unit_b.credit_code.lower(), "label": unit_label(unit_b)}
    client.force_login(staff)
    body = text(client.get(url("problem_list"), {"unit": value[typed]}))
    assert "白沙的问题" in body and "青山的问题" not in body
    assert f'value="{unit_label(unit_b)}"' in body


def test_an_unknown_unit_is_told_in_words(client, staff, unit_a):
    client.force_login(staff)
    body = text(client.get(url("problem_list"), {"unit": "不存在的医院"}))
    assert "找不到单位“不存在的医院”" in body
    assert 'value="不存在的医院"' in body


def test_another_countys_unit_is_not_found(client, county_staff, unit_a, unit_b):
    make_problem(make_inspection(), unit_b, description="白沙的问题")
    client.force_login(county_staff)
    body = text(client.get(url("problem_list"), {"unit": unit_b.credit_code}))
    assert "找不到单位" in body and "白沙的问题" not in body


def test_a_twin_name_asks_for_the_code(client, staff, county_a, county_b, unit_a):
    make_unit(county_b, "青山县人民医院")
    client.force_login(staff)
    body = text(client.get(url("problem_list"), {"unit": "青山县人民医院"}))
    assert "名为“青山县人民医院”的单位不止一个" in body


def test_the_new_problem_form_takes_the_unit_typed(client, staff, unit_a):
    inspection = make_inspection()
    client.force_login(staff)
    response = client.post(
        url("problem_create", inspection.pk),
        {
            "unit": unit_label(unit_a),
            "category": make_problem(inspection, unit_a).category_id,
            "severity": "general",
            "kind": "immediate",
            "description": "消毒记录缺失",
            "deadline": "2026-07-15",
        },
    )
    assert response.status_code == 302, text(response)
    assert inspection.problems.get(description="消毒记录缺失").unit == unit_a


@pytest.mark.parametrize("name", ["indicators:target_set", "reports:entry_create"])
def test_other_unit_forms_do_not_grow_with_the_units(client, staff, county_a, unit_a, name):
    client.force_login(staff)
    add_units(county_a, 2)
    few = measure(client, reverse(name))
    add_units(county_a, 297, start=2)
    many = measure(client, reverse(name))
    assert many[1] == few[1], f"queries at 3 units: {few[1]}, at 300: {many[1]}"
    assert abs(many[0] - few[0]) <= 64, f"HTML at 3 units: {few[0]} bytes, at 300: {many[0]}"
    assert 'data-picker="/units/suggest/' in text(client.get(reverse(name)))


def test_a_communitys_lead_unit_is_a_search_box(client, staff, unit_a):
    # Its other members are added one by one on its page (tests/units/test_community_views.py).
    client.force_login(staff)
    body = text(client.get(reverse("units:community_create")))
    assert 'name="lead_unit"' in body and 'data-picker="/units/suggest/?active=1"' in body
    assert 'name="members"' not in body
