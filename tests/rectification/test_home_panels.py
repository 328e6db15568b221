"""The rectification panels of the home page, by role."""

import pytest

from rectification.models import Problem, Status
from rectification.workflow import Action, transition
from tests.rectification.conftest import SOON, D, text


@pytest.fixture
def deadline():
    return SOON


def test_home_pages_show_rectification(client, head_a, staff, leader, problem_a):
    Problem.objects.filter(pk=problem_a.pk).update(
        deadline=D(2020, 1, 1), original_deadline=D(2020, 1, 1)
    )
    client.force_login(head_a)
    body = text(client.get("/"))
    assert "本单位待整改问题" in body and "table-danger" in body
    client.force_login(staff)
    assert "逾期未整改" in text(client.get("/"))
    client.force_login(leader)
    assert "整改完成率" in text(client.get("/"))


def test_staff_home_marks_submissions_without_evidence(client, staff, problem_a):
    transition(problem_a, Action.IMPORT, None, to_status=Status.SUBMITTED)
    client.force_login(staff)
    body = text(client.get("/"))
    assert problem_a.description in body and 'data-testid="no-evidence"' in body
