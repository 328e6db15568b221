"""The unit's home flags problems sent back (退回) at the top, with the reason, until the unit
applies again (rectification.dashboard.returned)."""

from rectification import dashboard, workflow
from rectification.workflow import Action
from tests.rectification.conftest import text


def returned_to(problem, head, staff, with_photo, reason="照片不清晰"):
    with_photo(problem, head)
    workflow.transition(problem, Action.SUBMIT, head, note="已整改")
    workflow.transition(problem, Action.RETURN, staff, note=reason)


def test_the_home_flags_a_returned_problem_with_the_reason(
    client, head_a, staff, problem_a, with_photo
):
    returned_to(problem_a, head_a, staff, with_photo, "佐证照片未体现整改后现场")
    client.force_login(head_a)
    response = client.get("/")
    body = text(response)
    assert "局机关退回了1个问题" in body
    assert "退回原因：佐证照片未体现整改后现场" in body
    # At the top: before the list of open problems.
    assert body.index("退回原因") < body.index("本单位待整改问题")


def test_the_latest_reason_is_shown(head_a, staff, problem_a, with_photo):
    returned_to(problem_a, head_a, staff, with_photo, "第一次")
    returned_to(problem_a, head_a, staff, with_photo, "第二次")
    [problem] = dashboard.returned(head_a)
    assert problem.return_reason == "第二次"


def test_a_resubmitted_problem_is_no_longer_flagged(head_a, staff, problem_a, with_photo):
    returned_to(problem_a, head_a, staff, with_photo)
    workflow.transition(problem_a, Action.SUBMIT, head_a, note="已补充")
    assert dashboard.returned(head_a) == []


def test_another_units_returns_are_not_shown(client, head_a, head_b, staff, problem_a, with_photo):
    returned_to(problem_a, head_a, staff, with_photo)
    assert dashboard.returned(head_b) == []
    client.force_login(head_b)
    assert "退回原因" not in text(client.get("/"))


def test_nothing_is_flagged_without_a_return(client, head_a, problem_a):
    client.force_login(head_a)
    assert "退回原因" not in text(client.get("/"))
