"""rectification/sanctions.py: correcting and voiding sanctions, each reason kept in the history."""

from decimal import Decimal

import pytest

from rectification.models import Sanction, SanctionKind
from rectification.sanctions import (
    StaleSanction,
    correct_sanction,
    history,
    record_sanction,
    version_of,
    void_sanction,
)
from rectification.workflow import NotAllowed, WorkflowError
from tests.rectification.conftest import D, make_sanction


@pytest.fixture
def fine(problem_a, staff):
    return record_sanction(
        problem_a, staff, kind=SanctionKind.FINE, amount=Decimal("5000"), date=D(2025, 6, 1)
    )


def test_record_sanction_takes_the_unit_of_the_problem(fine, problem_a, staff):
    assert (fine.unit, fine.problem, fine.created_by) == (problem_a.unit, problem_a, staff)
    assert fine.history.get().history_type == "+"


def test_record_sanction_refuses_a_fine_without_amount(problem_a, staff):
    with pytest.raises(WorkflowError, match="罚款须填写金额"):
        record_sanction(problem_a, staff, kind=SanctionKind.FINE, date=D(2025, 6, 1))
    assert not Sanction.objects.exists()


def test_a_correction_changes_the_fields_and_keeps_the_reason(fine, staff2):
    corrected = correct_sanction(
        fine, staff2, changes={"amount": Decimal("3000")}, reason="按处罚决定书更正金额"
    )
    fine.refresh_from_db()
    assert fine.amount == Decimal("3000") == corrected.amount
    latest = fine.history.first()
    assert (latest.history_change_reason, latest.history_user, latest.amount) == (
        "按处罚决定书更正金额",
        staff2,
        Decimal("3000"),
    )
    assert fine.history.count() == 2


def test_a_correction_from_fine_to_warning_must_drop_the_amount(fine, staff):
    with pytest.raises(WorkflowError, match="“警告”不填金额"):
        correct_sanction(fine, staff, changes={"kind": SanctionKind.WARNING}, reason="改为警告")
    fine.refresh_from_db()
    assert (fine.kind, fine.history.count()) == (SanctionKind.FINE, 1)
    correct_sanction(
        fine, staff, changes={"kind": SanctionKind.WARNING, "amount": None}, reason="改为警告"
    )
    fine.refresh_from_db()
    assert (fine.kind, fine.amount) == (SanctionKind.WARNING, None)


@pytest.mark.parametrize("reason", ["", "   ", "长" * 101])
def test_a_correction_needs_a_reason_of_at_most_100_characters(fine, staff, reason):
    with pytest.raises(WorkflowError, match="更正原因"):
        correct_sanction(fine, staff, changes={"amount": Decimal("1")}, reason=reason)
    fine.refresh_from_db()
    assert fine.amount == Decimal("5000")


def test_a_correction_that_changes_nothing_is_refused(fine, staff):
    with pytest.raises(WorkflowError, match="没有修改任何内容"):
        correct_sanction(fine, staff, changes={"amount": Decimal("5000.00")}, reason="核对")
    assert fine.history.count() == 1


def test_a_correction_on_a_stale_page_is_refused(fine, staff, staff2):
    seen = version_of(fine)
    correct_sanction(fine, staff2, changes={"target": "院长"}, reason="补充对象")
    with pytest.raises(StaleSanction, match="已被他人修改"):
        correct_sanction(
            fine, staff, changes={"amount": Decimal("1")}, reason="x", seen_version=seen
        )
    fine.refresh_from_db()
    assert (fine.target, fine.amount) == ("院长", Decimal("5000"))


def test_only_staff_in_scope_correct_or_void(fine, leader, head_a, county_staff, problem_b, staff):
    for user in (leader, head_a):
        with pytest.raises(NotAllowed):
            correct_sanction(fine, user, changes={"target": "x"}, reason="x")
        with pytest.raises(NotAllowed):
            void_sanction(fine, user, reason="x")
    other = make_sanction(problem_b)
    with pytest.raises(NotAllowed, match="管辖范围"):
        void_sanction(other, county_staff, reason="x")
    other.refresh_from_db()
    assert not other.is_void


def test_voiding_keeps_the_record_and_leaves_it_out_of_the_figures(fine, staff):
    void_sanction(fine, staff, reason="处罚决定已被撤销")
    fine.refresh_from_db()
    assert (fine.voided_by, fine.void_reason) == (staff, "处罚决定已被撤销")
    assert fine.voided_at is not None
    assert Sanction.objects.filter(pk=fine.pk).exists()
    assert not Sanction.objects.in_force().exists()
    assert fine.history.first().history_change_reason == "处罚决定已被撤销"


def test_voiding_needs_a_reason_and_happens_once(fine, staff):
    with pytest.raises(WorkflowError, match="请填写作废原因"):
        void_sanction(fine, staff, reason=" ")
    fine.refresh_from_db()
    assert not fine.is_void
    void_sanction(fine, staff, reason="重复登记")
    with pytest.raises(WorkflowError, match="不能重复作废"):
        void_sanction(fine, staff, reason="再来一次")
    fine.refresh_from_db()
    assert fine.void_reason == "重复登记"


def test_a_voided_sanction_cannot_be_corrected(fine, staff):
    void_sanction(fine, staff, reason="重复登记")
    with pytest.raises(WorkflowError, match="已作废，不能再更正"):
        correct_sanction(fine, staff, changes={"target": "x"}, reason="x")


def test_history_lists_each_version_newest_first(fine, staff, staff2):
    correct_sanction(fine, staff2, changes={"amount": Decimal("3000")}, reason="金额录错")
    void_sanction(fine, staff, reason="决定已撤销")
    rows = history(fine)
    assert [(r.action, r.who, r.reason) for r in rows] == [
        ("作废", "刘晓燕", "决定已撤销"),
        ("更正", "陈验收", "金额录错"),
        ("登记", "刘晓燕", ""),
    ]
    assert [(c.label, c.before, c.after) for c in rows[1].changes] == [
        ("金额（元）", "5,000.00", "3,000.00")
    ]


def test_history_of_a_sanction_recorded_before_history_was_kept(problem_a, staff):
    old = make_sanction(problem_a, kind=SanctionKind.WARNING)
    old.history.all().delete()
    assert version_of(old) == 0
    correct_sanction(old, staff, changes={"target": "院长"}, reason="补充对象", seen_version=0)
    assert [(r.action, r.changes) for r in history(old)] == [("更正", [])]
