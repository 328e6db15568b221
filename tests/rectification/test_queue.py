"""The staff's queue: submissions awaiting verification, extension requests, overdue units."""

import pytest

from rectification.models import Problem, Status
from rectification.workflow import Action, transition
from tests.rectification.conftest import SOON, make_problem, text, url


@pytest.fixture
def deadline():
    return SOON


def test_queue_lists_what_awaits_the_staff(client, staff, head_a, problem_a, with_photo):
    with_photo(problem_a, head_a)
    transition(problem_a, Action.SUBMIT, head_a, note="已整改")
    client.force_login(staff)
    body = text(client.get(url("queue")))
    assert problem_a.description in body


def test_queue_is_for_staff(client, leader, head_a):
    for user in (leader, head_a):
        client.force_login(user)
        assert client.get(url("queue")).status_code == 403


def test_queue_holds_only_the_county(client, county_staff, head_a, problem_a, problem_b):
    Problem.objects.update(status=Status.SUBMITTED, submitted_by=head_a)
    client.force_login(county_staff)
    body = text(client.get(url("queue")))
    assert problem_a.description in body and problem_b.description not in body


def test_queue_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post(url("queue")).status_code == 405


@pytest.mark.parametrize("rows", [3, 30])
def test_queue_query_count_does_not_grow(
    client, staff, head_a, inspection, unit_a, rows, django_assert_num_queries
):
    for i in range(rows):
        make_problem(inspection, unit_a, description=f"问题{i}")
    Problem.objects.update(status=Status.SUBMITTED, submitted_by=head_a)
    client.force_login(staff)
    with django_assert_num_queries(10):
        response = client.get(url("queue"))
    assert response.status_code == 200
