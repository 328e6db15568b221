"""The problem list (整改问题): scope, filters, query count."""

import pytest

from rectification.models import Problem
from tests.rectification.conftest import SOON, D, make_problem, text, url


@pytest.fixture
def deadline():
    return SOON


def test_list_shows_only_the_scope(client, head_a, problem_a, problem_b):
    client.force_login(head_a)
    body = text(client.get(url("problem_list")))
    assert problem_a.description in body
    assert problem_b.description not in body


def test_list_filters_by_overdue_and_status(client, staff, problem_a, problem_b):
    Problem.objects.filter(pk=problem_b.pk).update(
        deadline=D(2020, 1, 1), original_deadline=D(2020, 1, 1)
    )
    client.force_login(staff)
    body = text(client.get(url("problem_list"), {"overdue": "true"}))
    assert problem_b.description in body and problem_a.description not in body
    assert "逾期" in body
    body = text(client.get(url("problem_list"), {"status": "closed"}))
    assert "没有符合筛选条件的问题" in body


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow(
    client, staff, inspection, unit_a, rows, django_assert_num_queries
):
    for i in range(rows):
        make_problem(inspection, unit_a, description=f"问题{i}")
    client.force_login(staff)
    with django_assert_num_queries(10):
        response = client.get(url("problem_list"), {"sort": "deadline"})
    assert response.status_code == 200


def test_list_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post(url("problem_list")).status_code == 405


def test_county_staff_sees_only_their_county(client, county_staff, problem_a, problem_b):
    client.force_login(county_staff)
    body = text(client.get(url("problem_list")))
    assert problem_a.description in body
    assert problem_b.description not in body


def test_a_unit_outside_the_scope_is_not_a_filter(client, county_staff, problem_a, problem_b):
    client.force_login(county_staff)
    response = client.get(url("problem_list"), {"unit": problem_b.unit_id})
    assert response.status_code == 200
    assert problem_b.description not in text(response)


def test_a_filter_that_cannot_apply_is_explained(client, staff, problem_a):
    client.force_login(staff)
    response = client.get(url("problem_list"), {"due_within": "-1"})
    assert "大于或等于0" in text(response)
