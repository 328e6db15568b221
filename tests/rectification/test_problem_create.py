"""Recording a problem found by an inspection (bureau staff only)."""

import pytest

from rectification.models import Category, Inspection, Problem
from tests.rectification.conftest import SOON, D, text, url
from units.pickers import unit_label


@pytest.fixture
def deadline():
    return SOON


def problem_data(unit, **overrides):
    fields = {
        "unit": unit.pk,
        "category": Category.objects.get(name="院感防控").pk,
        "severity": "general",
        "kind": "deadline",
        "description": "值班医生脱岗",
        "deadline": "2025-06-01",
    }
    fields.update(overrides)
    return fields


def test_staff_records_an_inspection_and_a_problem(client, staff, unit_a):
    client.force_login(staff)
    response = client.post(
        url("inspection_create"),
        {"source": 3, "title": "夜间暗访", "date": "2025-05-01", "organiser": "医政科"},
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get(title="夜间暗访")
    response = client.post(
        url("problem_create", inspection.pk),
        {
            "unit": unit_a.pk,
            "category": 1,
            "severity": "general",
            "kind": "deadline",
            "description": "值班医生脱岗",
            "deadline": "2025-04-01",
        },
    )
    assert response.status_code == 400
    assert "整改时限不能早于检查日期（2025-05-01）" in text(response)
    assert not Problem.objects.exists()
    data = {
        "unit": unit_a.pk,
        "category": 1,
        "severity": "general",
        "kind": "deadline",
        "description": "值班医生脱岗",
        "deadline": "2025-06-01",
    }
    client.post(url("problem_create", inspection.pk), data)
    problem = Problem.objects.get()
    assert problem.original_deadline == problem.deadline == D(2025, 6, 1)
    assert problem.events.get().action == "created"


def test_another_returns_to_the_form(client, staff, inspection, problem_b, unit_a):
    client.force_login(staff)
    response = client.post(
        url("problem_create", inspection.pk), {**problem_data(unit_a), "another": "1"}
    )
    # 保存并继续下发 keeps the unit and the deadline (the inspection is the page's own).
    assert (
        response.url
        == f"{url('problem_create', inspection.pk)}?unit={unit_a.pk}&deadline=2025-06-01"
    )
    assert Problem.objects.get(description="值班医生脱岗").unit == unit_a


def test_the_next_problem_opens_with_the_unit_and_deadline_kept(
    client, staff, inspection, problem_b, unit_a
):
    client.force_login(staff)
    response = client.get(
        url("problem_create", inspection.pk), {"unit": unit_a.pk, "deadline": "2025-06-01"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    # The unit search box (units.pickers) shows the kept unit by its name and code.
    assert form["unit"].value() == unit_label(unit_a)
    assert form["deadline"].value() == "2025-06-01"
    assert f'value="{unit_label(unit_a)}"' in response.content.decode()
    assert not Problem.objects.filter(inspection=inspection, description="值班医生脱岗").exists()


def test_a_kept_unit_outside_the_scope_is_not_offered(client, county_staff, problem_a, unit_b):
    client.force_login(county_staff)
    response = client.get(url("problem_create", problem_a.inspection_id), {"unit": unit_b.pk})
    assert response.status_code == 200
    assert unit_b not in response.context["form"].fields["unit"].queryset
    assert unit_label(unit_b) not in response.content.decode()


def test_a_unit_outside_the_scope_is_refused(client, county_staff, problem_a, unit_b):
    client.force_login(county_staff)
    response = client.post(url("problem_create", problem_a.inspection_id), problem_data(unit_b))
    assert response.status_code == 400
    assert f"找不到单位“{unit_b.pk}”" in text(response)
    assert not Problem.objects.filter(unit=unit_b).exists()


def test_an_inspection_of_another_county_is_404(client, county_staff, problem_b, unit_a):
    client.force_login(county_staff)
    response = client.post(url("problem_create", problem_b.inspection_id), problem_data(unit_a))
    assert response.status_code == 404
    assert Problem.objects.count() == 1


@pytest.mark.parametrize("who", ["leader", "head_a"])
def test_readers_and_units_may_not_record_problems(client, request, who, problem_a, unit_a):
    client.force_login(request.getfixturevalue(who))
    response = client.post(url("problem_create", problem_a.inspection_id), problem_data(unit_a))
    assert response.status_code == 403
    assert Problem.objects.count() == 1


def test_create_rejects_delete(client, staff, inspection):
    client.force_login(staff)
    assert client.delete(url("problem_create", inspection.pk)).status_code == 405


def test_the_same_problem_twice_is_refused_in_chinese(client, staff, inspection, problem_b, unit_a):
    client.force_login(staff)
    page = url("problem_create", inspection.pk)
    assert client.post(page, problem_data(unit_a)).status_code == 302
    response = client.post(page, problem_data(unit_a, description=" 值班医生脱岗 "))
    assert response.status_code == 400
    assert "这次检查已对该单位下发过相同描述的问题，不能重复下发。" in text(response)
    assert Problem.objects.filter(unit=unit_a).count() == 1


def test_a_duplicate_the_form_did_not_see_is_refused_too(
    client, staff, inspection, problem_b, unit_a, monkeypatch
):
    """Two forms sent at the same moment: the constraint refuses the second, not a 500."""
    client.force_login(staff)
    page = url("problem_create", inspection.pk)
    client.post(page, problem_data(unit_a))
    monkeypatch.setattr("rectification.forms.ProblemForm.clean", lambda form: form.cleaned_data)
    response = client.post(page, problem_data(unit_a))
    assert response.status_code == 400
    assert "不能重复下发" in text(response)
    assert Problem.objects.filter(unit=unit_a).count() == 1
