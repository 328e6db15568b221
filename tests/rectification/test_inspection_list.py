"""The list of inspections (检查), for bureau people."""

import pytest

from tests.rectification.conftest import SOON, make_inspection, make_problem, text, url


@pytest.fixture
def deadline():
    return SOON


def test_unit_people_may_not_see_inspection_pages(client, head_a, inspection):
    client.force_login(head_a)
    assert client.get(url("inspection_list")).status_code == 403
    assert client.get(url("inspection_create")).status_code == 403


def test_list_shows_inspections_with_their_problem_count(client, staff, problem_a, problem_b):
    client.force_login(staff)
    response = client.get(url("inspection_list"))
    assert response.status_code == 200
    assert problem_a.inspection.title in text(response)


def test_county_staff_see_inspections_of_their_county(client, county_staff, unit_a, unit_b):
    make_problem(make_inspection("青山县检查"), unit_a)
    make_problem(make_inspection("白沙县检查"), unit_b)
    client.force_login(county_staff)
    body = text(client.get(url("inspection_list")))
    assert "青山县检查" in body and "白沙县检查" not in body


def test_a_bad_year_is_ignored(client, staff, problem_a):
    client.force_login(staff)
    response = client.get(url("inspection_list"), {"year": "去年"})
    assert response.status_code == 200
    assert problem_a.inspection.title in text(response)


def test_list_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post(url("inspection_list")).status_code == 405


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow(client, staff, unit_a, rows, django_assert_num_queries):
    for i in range(rows):
        make_problem(make_inspection(f"检查{i}"), unit_a)
    client.force_login(staff)
    with django_assert_num_queries(6):
        response = client.get(url("inspection_list"))
    assert response.status_code == 200
