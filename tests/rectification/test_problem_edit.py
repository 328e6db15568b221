"""Editing a problem's details (not its deadline, which moves only by an approved extension)."""

import datetime
import re

import pytest
from django.test import Client

from rectification.models import EventAction, Problem, Status
from tests.clock import NOW
from tests.rectification.conftest import SOON, text, url


@pytest.fixture
def deadline():
    return SOON


def data(problem, **overrides):
    fields = {
        "unit": problem.unit_id,
        "category": problem.category_id,
        "severity": "serious",
        "kind": "deadline",
        "description": "手卫生设施不全，已补充",
        "measures": "增设手消毒设施",
        "first_responsible": "何振华",
        "direct_responsible": "",
        "remarks": "",
    }
    fields.update(overrides)
    return fields


def test_staff_edits_a_problem(client, staff, problem_a):
    client.force_login(staff)
    assert client.get(url("problem_edit", problem_a.pk)).status_code == 200
    response = client.post(url("problem_edit", problem_a.pk), data(problem_a))
    assert response.status_code == 302
    problem_a.refresh_from_db()
    assert (problem_a.description, problem_a.severity) == ("手卫生设施不全，已补充", "serious")
    assert problem_a.deadline == SOON
    assert problem_a.events.get().action == EventAction.EDITED


def test_edit_rejects_delete(client, staff, problem_a):
    client.force_login(staff)
    assert client.delete(url("problem_edit", problem_a.pk)).status_code == 405


def test_edit_of_another_county_is_404(client, county_staff, problem_b):
    client.force_login(county_staff)
    response = client.post(url("problem_edit", problem_b.pk), data(problem_b))
    assert response.status_code == 404
    problem_b.refresh_from_db()
    assert problem_b.description == "医疗废物暂存点未上锁"


@pytest.mark.parametrize("who", ["leader", "head_a"])
def test_readers_and_units_may_not_edit(client, request, who, problem_a):
    client.force_login(request.getfixturevalue(who))
    response = client.post(url("problem_edit", problem_a.pk), data(problem_a))
    assert response.status_code == 403
    problem_a.refresh_from_db()
    assert problem_a.description == "手卫生设施不全"
    assert not problem_a.events.exists()


def test_an_empty_description_is_refused(client, staff, problem_a):
    client.force_login(staff)
    response = client.post(url("problem_edit", problem_a.pk), data(problem_a, description=""))
    assert response.status_code == 400
    assert "这个字段是必填项" in text(response)
    problem_a.refresh_from_db()
    assert problem_a.description == "手卫生设施不全"
    assert not problem_a.events.exists()


def test_a_unit_outside_the_scope_is_refused(client, county_staff, problem_a, unit_b):
    client.force_login(county_staff)
    response = client.post(url("problem_edit", problem_a.pk), data(problem_a, unit=unit_b.pk))
    assert response.status_code == 400
    assert f"找不到单位“{unit_b.pk}”" in text(response)
    problem_a.refresh_from_db()
    assert problem_a.unit_id != unit_b.pk


def test_a_closed_problem_is_not_edited(client, staff, problem_a):
    Problem.objects.filter(pk=problem_a.pk).update(status=Status.CLOSED)
    client.force_login(staff)
    response = client.post(url("problem_edit", problem_a.pk), data(problem_a), follow=True)
    assert "不能再修改" in text(response)
    problem_a.refresh_from_db()
    assert problem_a.description == "手卫生设施不全"


def test_the_refusal_of_a_closed_problem_reads_well(client, staff, problem_a):
    Problem.objects.filter(pk=problem_a.pk).update(status=Status.CLOSED)
    client.force_login(staff)
    response = client.get(url("problem_edit", problem_a.pk), follow=True)
    assert "该问题已销号，不能再修改。" in text(response)


# --- no lost updates: the form carries the version it was opened at ----------------------------


def test_a_stale_form_cannot_overwrite_a_change_made_since(
    client, staff, county_staff, problem_a, clock
):
    client.force_login(staff)
    page = client.get(url("problem_edit", problem_a.pk)).content.decode()
    version = re.search(r'name="version" value="([^"]*)"', page).group(1)
    clock.move_to(NOW + datetime.timedelta(minutes=5))
    other = Client()
    other.force_login(county_staff)
    changed = data(problem_a, measures="更换全部洗手池")
    assert other.post(url("problem_edit", problem_a.pk), changed).status_code == 302
    response = client.post(
        url("problem_edit", problem_a.pk), {**data(problem_a), "version": version}
    )
    assert response.status_code == 400
    assert "该问题已被赵永明于2026-06-15 10:05修改，您的修改未保存" in text(response)
    assert "增设手消毒设施" in text(response)  # the person's input is kept
    problem_a.refresh_from_db()
    assert problem_a.measures == "更换全部洗手池"
    assert problem_a.events.count() == 1
