"""The workflow actions on a problem's page (progress, submit, close, return, cancel)."""

import pytest

from rectification.models import Problem, Status
from rectification.workflow import Action, transition
from tests.rectification.conftest import SOON, text, url


@pytest.fixture
def deadline():
    return SOON


def test_progress_is_reported(client, head_a, problem_a):
    client.force_login(head_a)
    response = client.post(url("problem_action", problem_a.pk, "progress"), {"note": "已采购"})
    assert response.status_code == 302
    problem_a.refresh_from_db()
    assert (problem_a.status, problem_a.progress) == (Status.IN_PROGRESS, "已采购")


def test_submitting_without_evidence_is_explained(client, head_a, problem_a):
    client.force_login(head_a)
    response = client.post(
        url("problem_action", problem_a.pk, "submit"), {"note": "已整改"}, follow=True
    )
    assert "须至少上传一份佐证材料" in text(response)
    problem_a.refresh_from_db()
    assert problem_a.status == Status.OPEN


def test_closing_own_submission_is_refused(client, staff, head_a, problem_a, with_photo):
    with_photo(problem_a, head_a)
    transition(problem_a, Action.SUBMIT, head_a, note="已整改")
    Problem.objects.filter(pk=problem_a.pk).update(submitted_by=staff)
    client.force_login(staff)
    response = client.post(url("problem_action", problem_a.pk, "close"), follow=True)
    assert "不能验收自己提交的销号申请" in text(response)
    problem_a.refresh_from_db()
    assert problem_a.status == Status.SUBMITTED


def test_staff_closes(client, staff, head_a, problem_a, with_photo):
    with_photo(problem_a, head_a)
    transition(problem_a, Action.SUBMIT, head_a, note="已整改")
    client.force_login(staff)
    client.post(url("problem_action", problem_a.pk, "close"), {"note": "合格"})
    problem_a.refresh_from_db()
    assert problem_a.status == Status.CLOSED


def test_leader_may_not_close(client, leader, problem_a):
    client.force_login(leader)
    assert client.post(url("problem_action", problem_a.pk, "close")).status_code == 403


def test_action_of_another_unit_is_404(client, head_b, problem_a):
    client.force_login(head_b)
    assert client.post(url("problem_action", problem_a.pk, "progress")).status_code == 404


def test_action_rejects_get(client, head_a, problem_a):
    client.force_login(head_a)
    assert client.get(url("problem_action", problem_a.pk, "progress")).status_code == 405


def test_unknown_action_is_404(client, staff, problem_a):
    client.force_login(staff)
    assert client.post(url("problem_action", problem_a.pk, "explode")).status_code == 404


def test_progress_without_a_note_is_explained(client, head_a, problem_a):
    client.force_login(head_a)
    response = client.post(
        url("problem_action", problem_a.pk, "progress"), {"note": "  "}, follow=True
    )
    assert "请填写整改进展。" in text(response)
    problem_a.refresh_from_db()
    assert (problem_a.status, problem_a.progress) == (Status.OPEN, "")
    assert not problem_a.events.exists()


def test_clerk_may_not_submit(client, clerk_a, problem_a, with_photo):
    with_photo(problem_a, clerk_a)
    client.force_login(clerk_a)
    response = client.post(url("problem_action", problem_a.pk, "submit"), {"note": "已整改"})
    assert response.status_code == 403
    problem_a.refresh_from_db()
    assert problem_a.status == Status.OPEN


def test_closing_without_evidence_is_explained(client, staff, problem_a):
    transition(problem_a, Action.IMPORT, None, to_status=Status.SUBMITTED)
    client.force_login(staff)
    response = client.post(
        url("problem_action", problem_a.pk, "close"), {"note": "合格"}, follow=True
    )
    assert "该问题没有佐证材料，不能验收销号：请退回单位补充佐证。" in text(response)
    problem_a.refresh_from_db()
    assert problem_a.status == Status.SUBMITTED
