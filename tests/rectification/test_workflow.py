import threading

import pytest
from django.db import connection

from rectification.models import EventAction, ExtensionStatus, Problem, Status
from rectification.workflow import (
    Action,
    NotAllowed,
    WorkflowError,
    allowed_actions,
    decide_extension,
    request_extension,
    transition,
)
from tests.rectification.conftest import TODAY, D, make_problem

FOUR = {
    "cause_found": "消防通道被杂物占用",
    "people_dealt_with": "后勤科长约谈",
    "measures_checked": "通道已清理并划线",
    "education_done": "全院消防培训",
}


def submitted(problem, head, with_photo):
    with_photo(problem, head)
    return transition(problem, Action.SUBMIT, head, note="已增设手消毒设施12处")


def test_the_full_path_records_each_step(problem_a, head_a, staff, with_photo):
    transition(problem_a, Action.PROGRESS, head_a, note="已采购设施")
    submitted(problem_a, head_a, with_photo)
    closed = transition(problem_a, Action.CLOSE, staff, note="现场复核合格", today=TODAY)
    assert closed.status == Status.CLOSED
    assert closed.closed_on == TODAY
    assert closed.verifier_name == "刘晓燕"
    actions = list(problem_a.events.values_list("action", "from_status", "to_status"))
    assert actions == [
        (EventAction.PROGRESS, Status.OPEN, Status.IN_PROGRESS),
        (EventAction.EVIDENCE, Status.IN_PROGRESS, Status.IN_PROGRESS),
        (EventAction.SUBMITTED, Status.IN_PROGRESS, Status.SUBMITTED),
        (EventAction.CLOSED, Status.SUBMITTED, Status.CLOSED),
    ]


def test_submitting_needs_evidence(problem_a, head_a):
    with pytest.raises(WorkflowError, match="佐证材料"):
        transition(problem_a, Action.SUBMIT, head_a, note="已整改")
    problem_a.refresh_from_db()
    assert problem_a.status == Status.OPEN
    assert not problem_a.events.exists()


def test_submitting_needs_a_note(problem_a, head_a, with_photo):
    with_photo(problem_a, head_a)
    with pytest.raises(WorkflowError, match="整改说明"):
        transition(problem_a, Action.SUBMIT, head_a, note="  ")


def test_clerk_cannot_submit(problem_a, clerk_a, with_photo):
    with_photo(problem_a, clerk_a)
    with pytest.raises(NotAllowed, match="单位填报员不能申请销号"):
        transition(problem_a, Action.SUBMIT, clerk_a, note="已整改")


def test_other_unit_cannot_act(problem_a, head_b):
    with pytest.raises(NotAllowed, match="管辖范围"):
        transition(problem_a, Action.PROGRESS, head_b, note="x")


def test_nobody_closes_their_own_submission(problem_a, head_a, staff, with_photo):
    # Staff may act on a unit's behalf only through the unit; here the submitter is staff itself.
    submitted(problem_a, head_a, with_photo)
    Problem.objects.filter(pk=problem_a.pk).update(submitted_by=staff)
    with pytest.raises(WorkflowError, match="不能验收自己提交"):
        transition(problem_a, Action.CLOSE, staff)
    problem_a.refresh_from_db()
    assert problem_a.status == Status.SUBMITTED


def test_leader_and_unit_cannot_close(problem_a, head_a, leader, with_photo):
    submitted(problem_a, head_a, with_photo)
    with pytest.raises(NotAllowed):
        transition(problem_a, Action.CLOSE, leader)
    with pytest.raises(NotAllowed):
        transition(problem_a, Action.CLOSE, head_a)


def test_closing_is_refused_from_a_state_that_does_not_allow_it(problem_a, staff):
    with pytest.raises(WorkflowError, match="当前状态为“待整改”，不能验收销号"):
        transition(problem_a, Action.CLOSE, staff)


def test_return_needs_a_reason_and_goes_back_to_work(problem_a, head_a, staff, with_photo):
    submitted(problem_a, head_a, with_photo)
    with pytest.raises(WorkflowError, match="退回原因"):
        transition(problem_a, Action.RETURN, staff)
    back = transition(problem_a, Action.RETURN, staff, note="照片不清晰")
    assert back.status == Status.IN_PROGRESS


def test_cancel_needs_staff_and_a_reason(problem_a, head_a, staff):
    with pytest.raises(NotAllowed):
        transition(problem_a, Action.CANCEL, head_a, note="x")
    with pytest.raises(WorkflowError, match="撤销原因"):
        transition(problem_a, Action.CANCEL, staff)
    cancelled = transition(problem_a, Action.CANCEL, staff, note="重复录入")
    assert (cancelled.status, cancelled.cancel_reason) == (Status.CANCELLED, "重复录入")
    with pytest.raises(WorkflowError):
        transition(problem_a, Action.START, staff)


def test_county_staff_cannot_touch_the_other_county(problem_b, county_staff):
    with pytest.raises(NotAllowed, match="管辖范围"):
        transition(problem_b, Action.CANCEL, county_staff, note="x")


def test_major_problems_need_the_four_points(major_a, head_a, staff, with_photo):
    submitted(major_a, head_a, with_photo)
    with pytest.raises(WorkflowError, match="四不放过.*相关人员已受教育"):
        transition(major_a, Action.CLOSE, staff, four_points={**FOUR, "education_done": ""})
    closed = transition(major_a, Action.CLOSE, staff, four_points=FOUR)
    assert closed.cause_found == "消防通道被杂物占用"


def test_allowed_actions_follow_role_and_state(problem_a, head_a, clerk_a, staff, leader):
    assert allowed_actions(problem_a, head_a) == [Action.START, Action.PROGRESS, Action.SUBMIT]
    assert allowed_actions(problem_a, clerk_a) == [Action.START, Action.PROGRESS]
    assert Action.CANCEL in allowed_actions(problem_a, staff)
    assert allowed_actions(problem_a, leader) == []


def test_extension_moves_the_current_deadline_only(problem_a, head_a, staff):
    extension = request_extension(
        problem_a, head_a, new_deadline=D(2025, 8, 31), reason="设备到货延迟"
    )
    decide_extension(extension, staff, approve=True)
    problem_a.refresh_from_db()
    assert problem_a.deadline == D(2025, 8, 31)
    assert problem_a.original_deadline == D(2025, 6, 30)
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED
    with pytest.raises(WorkflowError, match="不能重复审批"):
        decide_extension(extension, staff, approve=False, note="x")


def test_extension_to_an_earlier_date_is_refused(problem_a, head_a):
    with pytest.raises(WorkflowError, match="应晚于当前整改时限（2025-06-30）"):
        request_extension(problem_a, head_a, new_deadline=D(2025, 6, 1), reason="x")
    assert not problem_a.extensions.exists()


def test_refusing_an_extension_keeps_the_deadline_and_needs_a_reason(problem_a, head_a, staff):
    extension = request_extension(problem_a, head_a, new_deadline=D(2025, 9, 1), reason="资金")
    with pytest.raises(WorkflowError, match="理由"):
        decide_extension(extension, staff, approve=False)
    decide_extension(extension, staff, approve=False, note="可先行整改")
    problem_a.refresh_from_db()
    assert problem_a.deadline == D(2025, 6, 30)


def test_only_one_pending_extension(problem_a, head_a):
    request_extension(problem_a, head_a, new_deadline=D(2025, 9, 1), reason="资金")
    with pytest.raises(WorkflowError, match="待审批"):
        request_extension(problem_a, head_a, new_deadline=D(2025, 10, 1), reason="资金")


def test_import_sets_history_without_evidence(inspection, unit_a):
    problem = make_problem(inspection, unit_a)
    transition(
        problem,
        Action.IMPORT,
        None,
        to_status=Status.CLOSED,
        verifier_name="张三",
        closed_on=D(2025, 5, 1),
    )
    problem.refresh_from_db()
    assert (problem.status, problem.verifier_name) == (Status.CLOSED, "张三")
    assert problem.events.get().action == EventAction.IMPORTED


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks (SELECT … FOR UPDATE); the race is tested on PostgreSQL.",
)
@pytest.mark.django_db(transaction=True)
def test_two_staff_closing_at_once_give_one_close_and_one_refusal(
    problem_a, head_a, staff, staff2, with_photo
):
    submitted(problem_a, head_a, with_photo)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def close(user):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            transition(problem_a.pk, Action.CLOSE, user, note="合格")
            outcomes.append("closed")
        except WorkflowError as error:
            outcomes.append(error.message)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=close, args=(u,)) for u in (staff, staff2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=len) == [
        "closed",
        "该问题当前状态为“已销号”，不能验收销号。请刷新页面查看最新情况。",
    ]
    assert problem_a.events.filter(action=EventAction.CLOSED).count() == 1


def imported_as_submitted(problem):
    """A problem the ledger import put straight into 待验收, without any evidence."""
    return transition(problem, Action.IMPORT, None, to_status=Status.SUBMITTED)


def test_closing_needs_evidence_after_a_ledger_import(problem_a, staff):
    imported_as_submitted(problem_a)
    with pytest.raises(WorkflowError) as refused:
        transition(problem_a, Action.CLOSE, staff, note="合格")
    assert refused.value.message == "该问题没有佐证材料，不能验收销号：请退回单位补充佐证。"
    problem_a.refresh_from_db()
    assert (problem_a.status, problem_a.verified_by, problem_a.closed_on) == (
        Status.SUBMITTED,
        None,
        None,
    )
    assert not problem_a.events.filter(action=EventAction.CLOSED).exists()


def test_an_imported_submission_without_evidence_can_be_returned(problem_a, staff):
    imported_as_submitted(problem_a)
    back = transition(problem_a, Action.RETURN, staff, note="请补充整改后照片")
    assert back.status == Status.IN_PROGRESS


def test_an_imported_submission_closes_once_evidence_is_there(problem_a, head_a, staff, with_photo):
    imported_as_submitted(problem_a)
    with_photo(problem_a, head_a)
    assert transition(problem_a, Action.CLOSE, staff, note="合格").status == Status.CLOSED
