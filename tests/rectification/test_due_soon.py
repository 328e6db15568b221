"""即将到期 and 逾期未整改: one definition each, read by the queries, the badges and the pages."""

import datetime

import pytest

from rectification.models import DUE_SOON_BADGE, DUE_SOON_DAYS, Problem, Status
from tests.clock import at
from tests.rectification.conftest import make_problem, text

TODAY = datetime.date(2025, 6, 15)


@pytest.fixture
def problems(inspection, unit_a):
    def add(days, status=Status.OPEN):
        problem = make_problem(
            inspection,
            unit_a,
            deadline=TODAY + datetime.timedelta(days=days),
            description=f"{status} {days}",
        )
        Problem.objects.filter(pk=problem.pk).update(status=status)
        return problem.pk

    return {
        "yesterday": add(-1),
        "yesterday_submitted": add(-1, Status.SUBMITTED),
        "yesterday_closed": add(-1, Status.CLOSED),
        "yesterday_cancelled": add(-1, Status.CANCELLED),
        "today": add(0),
        "last_day": add(DUE_SOON_DAYS),
        "last_day_submitted": add(DUE_SOON_DAYS, Status.SUBMITTED),
        "day_after": add(DUE_SOON_DAYS + 1),
    }


def test_the_queries_and_the_flags_agree(problems):
    overdue = set(Problem.objects.overdue(TODAY).values_list("pk", flat=True))
    due_soon = set(Problem.objects.due_soon(TODAY).values_list("pk", flat=True))
    assert overdue == {problems["yesterday"], problems["yesterday_submitted"]}
    assert due_soon == {problems["today"], problems["last_day"], problems["last_day_submitted"]}
    assert set(Problem.objects.due_within(DUE_SOON_DAYS, TODAY).values_list("pk", flat=True)) == (
        due_soon
    )
    flags = {p.pk: (p.is_overdue, p.is_due_soon) for p in Problem.objects.with_flags(TODAY)}
    assert {pk for pk, (late, _) in flags.items() if late} == overdue
    assert {pk for pk, (_, soon) in flags.items() if soon} == due_soon
    assert {p.pk for p in Problem.objects.all() if p.overdue_on(TODAY)} == overdue


def test_the_overdue_at_unit_leave_out_submitted(problems):
    assert set(Problem.objects.overdue_at_unit(TODAY).values_list("pk", flat=True)) == {
        problems["yesterday"]
    }


def test_the_badge_reads_the_constant(client, staff, problems, clock):
    clock.move_to(at(TODAY))
    assert f"{DUE_SOON_DAYS}天内到期" == DUE_SOON_BADGE
    client.force_login(staff)
    body = text(client.get("/rectification/"))
    assert body.count(f'badge-due-soon">{DUE_SOON_BADGE}<') == 3
