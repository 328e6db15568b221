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


def test_staff_home_ranks_units_by_their_overdue_problems(
    client, staff, county_a, county_b, inspection
):
    from tests.fixtures import make_unit
    from tests.rectification.conftest import make_problem

    overdue = D(2020, 1, 1)
    # 丙 has the most; 甲 and 乙 tie and are listed by name; 丁's only problem is not overdue.
    units = {name: make_unit(county_a, f"{name}卫生院") for name in "甲乙丙丁"}
    for name, n in {"甲": 2, "乙": 2, "丙": 3}.items():
        for i in range(n):
            make_problem(inspection, units[name], deadline=overdue, description=f"逾期{i}")
    make_problem(inspection, units["丁"], deadline=SOON, description="未到期")
    client.force_login(staff)
    context = client.get("/").context
    assert [(row["unit__name"], row["n"]) for row in context["rect_overdue_by_unit"]] == [
        ("丙卫生院", 3),
        ("乙卫生院", 2),  # 乙 (U+4E59) sorts before 甲 (U+7532)
        ("甲卫生院", 2),
    ]
    assert context["rect_overdue_count"] == 7


def test_staff_home_lists_at_most_the_units_it_says(client, staff, county_a, inspection, settings):
    from rectification import dashboard
    from tests.fixtures import make_unit
    from tests.rectification.conftest import make_problem

    for i in range(dashboard.OVERDUE_UNITS_LISTED + 2):
        make_problem(inspection, make_unit(county_a, f"卫生室{i:02d}"), deadline=D(2020, 1, 1))
    client.force_login(staff)
    context = client.get("/").context
    assert len(context["rect_overdue_by_unit"]) == dashboard.OVERDUE_UNITS_LISTED
    assert context["rect_overdue_count"] == dashboard.OVERDUE_UNITS_LISTED + 2
