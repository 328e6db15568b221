"""What a reminder says (rectification.reminders: queries and text only); sending is core's
(tests/core/test_reminders.py)."""

import pytest

from rectification.models import DUE_SOON_DAYS, ReminderKind, Status
from rectification.reminders import group_message, kind_for, staff_digest
from tests.rectification.conftest import D, make_problem

TODAY = D(2025, 6, 15)


@pytest.fixture
def due(inspection, unit_a, head_a, clerk_a, staff):
    head_a.email = "head@example.org"
    head_a.save()
    return {
        "overdue": make_problem(inspection, unit_a, deadline=D(2025, 6, 1), description="逾期的"),
        "due3": make_problem(inspection, unit_a, deadline=D(2025, 6, 17), description="三天内"),
        "due7": make_problem(inspection, unit_a, deadline=D(2025, 6, 21), description="七天内"),
        "later": make_problem(inspection, unit_a, deadline=D(2025, 7, 30), description="还早"),
    }


@pytest.fixture
def submitted_late(due):
    """A 待验收 problem past its deadline: overdue (逾期未整改), but no longer the unit's to do."""
    problem = due["overdue"]
    type(problem).objects.filter(pk=problem.pk).update(status=Status.SUBMITTED)
    return problem


def test_the_robot_counts_a_late_submitted_problem_as_overdue(submitted_late):
    _, text = group_message(TODAY)
    assert (
        '逾期未整改（全部年度）：<font color="warning">1</font> 个（其中逾期待单位整改0个）' in text
    )
    assert f"> {DUE_SOON_DAYS}天内到期：2 个" in text
    assert "> 待验收：1 个" in text


def test_the_digest_counts_a_late_submitted_problem_as_overdue(submitted_late, staff):
    digest = staff_digest(staff, TODAY)
    assert "逾期未整改（全部年度）1个" in digest.title
    assert f"{DUE_SOON_DAYS}天内到期2个" in digest.title


def test_the_kind_follows_the_days_left(due):
    kinds = {name: kind_for(problem, TODAY) for name, problem in due.items()}
    assert kinds == {
        "overdue": ReminderKind.OVERDUE,
        "due3": ReminderKind.DUE_3,
        "due7": ReminderKind.DUE_7,
        "later": None,
    }
