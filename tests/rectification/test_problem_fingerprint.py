"""The ledger's duplicate rule as a constraint: one inspection, one unit, one description."""

import pytest
from django.db import IntegrityError, transaction

from rectification.models import Problem, Status, description_fingerprint
from tests.rectification.conftest import make_inspection, make_problem

pytestmark = pytest.mark.django_db


def test_the_fingerprint_ignores_width_and_white_space():
    spaced = description_fingerprint(" 手卫生　设施不全\n")
    assert spaced == description_fingerprint("手卫生 设施不全")
    assert description_fingerprint("手卫生设施不全") != description_fingerprint("手卫生设施齐全")


def test_the_database_refuses_the_same_problem_twice(inspection, unit_a):
    make_problem(inspection, unit_a, description="消防通道堵塞")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_problem(inspection, unit_a, description=" 消防通道堵塞　")


def test_a_cancelled_problem_still_counts(inspection, unit_a):
    """As the ledger's check: whatever the state of the problem already there."""
    problem = make_problem(inspection, unit_a, description="消防通道堵塞")
    Problem.objects.filter(pk=problem.pk).update(status=Status.CANCELLED)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_problem(inspection, unit_a, description="消防通道堵塞")


def test_another_unit_or_inspection_may_have_the_same_description(inspection, unit_a, unit_b):
    make_problem(inspection, unit_a, description="消防通道堵塞")
    make_problem(inspection, unit_b, description="消防通道堵塞")
    make_problem(make_inspection(title="复查"), unit_a, description="消防通道堵塞")
    assert Problem.objects.count() == 3


def test_an_edit_of_the_description_moves_the_fingerprint(inspection, unit_a):
    problem = make_problem(inspection, unit_a, description="消防通道堵塞")
    problem.description = "灭火器过期"
    problem.save(update_fields=["description"])
    problem.refresh_from_db()
    assert problem.fingerprint == description_fingerprint("灭火器过期")


def test_a_duplicate_from_before_the_constraint_stays_outside_it(inspection, unit_a):
    make_problem(inspection, unit_a, description="消防通道堵塞")
    legacy = make_problem(inspection, unit_a, description="灭火器过期")
    Problem.objects.filter(pk=legacy.pk).update(description="消防通道堵塞", fingerprint=None)
    legacy.refresh_from_db()
    legacy.remarks = "待撤销"
    legacy.save()  # an edit does not give it the fingerprint its twin holds
    legacy.refresh_from_db()
    assert legacy.fingerprint is None
