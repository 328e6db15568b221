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
    with django_assert_num_queries(11):
        response = client.get(url("queue"))
    assert response.status_code == 200


def test_queue_marks_submissions_without_evidence(
    client, staff, head_a, inspection, unit_a, with_photo
):
    proven = make_problem(inspection, unit_a, description="有照片的问题")
    with_photo(proven, head_a)
    transition(proven, Action.SUBMIT, head_a, note="已整改")
    bare = make_problem(inspection, unit_a, description="台账导入的问题")
    transition(bare, Action.IMPORT, None, to_status=Status.SUBMITTED)
    client.force_login(staff)
    response = client.get(url("queue"))
    rows = {p.pk: p.has_evidence for p in response.context["rect_awaiting"]}
    assert rows == {proven.pk: True, bare.pk: False}
    assert text(response).count('data-testid="no-evidence"') == 1
    assert "缺少佐证" in text(response)


@pytest.mark.parametrize("rows", [4, 40])
def test_queue_query_count_with_and_without_evidence_does_not_grow(
    client, staff, head_a, inspection, unit_a, rows, with_photo, django_assert_num_queries
):
    for i in range(rows):
        problem = make_problem(inspection, unit_a, description=f"问题{i}")
        if i % 2:
            with_photo(problem, head_a)
    Problem.objects.update(status=Status.SUBMITTED, submitted_by=head_a)
    client.force_login(staff)
    with django_assert_num_queries(11):
        response = client.get(url("queue"))
    shown = response.context["rect_awaiting"]
    missing = sum(1 for problem in shown if not problem.has_evidence)
    assert 0 < missing < len(shown)
    assert text(response).count('data-testid="no-evidence"') == missing
