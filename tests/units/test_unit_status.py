"""停用 and 启用 of a unit (units/status.py and the unit page's two POST views)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from indicators.grid import load_grid
from tests.indicators.conftest import YEAR, ind, put
from tests.rectification.conftest import make_inspection, make_problem
from units.models import Unit
from units.status import deactivate, reactivate


def stop(client, unit, reason="已并入青山县人民医院"):
    return client.post(f"/units/{unit.pk}/deactivate/", {"reason": reason})


def test_staff_deactivates_a_unit_with_a_reason(client, staff, unit_a):
    client.force_login(staff)
    response = stop(client, unit_a)
    assert response.status_code == 302 and response.url == f"/units/{unit_a.pk}/"
    unit_a.refresh_from_db()
    assert not unit_a.is_active
    assert unit_a.deactivated_on == datetime.date(2026, 6, 15)
    assert unit_a.deactivation_reason == "已并入青山县人民医院"
    body = client.get(response.url).content.decode()
    assert "已停用“青山县人民医院”" in body and "停用：已并入青山县人民医院" in body
    assert "重新启用" in body


def test_a_reason_is_required(client, staff, unit_a):
    client.force_login(staff)
    response = stop(client, unit_a, reason="  ")
    assert "请填写停用原因。" in client.get(response.url).content.decode()
    unit_a.refresh_from_db()
    assert unit_a.is_active


def test_it_rejects_get(client, staff, unit_a):
    client.force_login(staff)
    assert client.get(f"/units/{unit_a.pk}/deactivate/").status_code == 405
    assert client.get(f"/units/{unit_a.pk}/reactivate/").status_code == 405


@pytest.mark.parametrize("who", ["leader", "head_a"])
def test_readers_and_units_may_not(client, request, who, unit_a):
    client.force_login(request.getfixturevalue(who))
    assert stop(client, unit_a).status_code == 403
    unit_a.refresh_from_db()
    assert unit_a.is_active


def test_another_county_is_404(client, county_staff, unit_b):
    client.force_login(county_staff)
    assert stop(client, unit_b).status_code == 404


def test_reactivating_needs_a_reason_and_keeps_the_history(client, staff, unit_a):
    deactivate(unit_a, staff, "撤并")
    client.force_login(staff)
    response = client.post(f"/units/{unit_a.pk}/reactivate/", {"reason": ""})
    assert "请填写启用原因。" in client.get(response.url).content.decode()
    client.post(f"/units/{unit_a.pk}/reactivate/", {"reason": "撤并撤回"})
    unit_a.refresh_from_db()
    assert unit_a.is_active and unit_a.deactivated_on is None and unit_a.deactivation_reason == ""
    reasons = [h.history_change_reason for h in unit_a.history.order_by("history_date")]
    assert reasons[-2:] == ["停用：撤并", "启用：撤并撤回"]


def test_twice_is_explained(staff, unit_a):
    deactivate(unit_a, staff, "撤并")
    with pytest.raises(ValidationError, match="已于2026-06-15停用"):
        deactivate(unit_a, staff, "撤并")
    reactivate(unit_a, staff, "恢复")
    with pytest.raises(ValidationError, match="无需启用"):
        reactivate(unit_a, staff, "恢复")


def test_the_page_offers_the_action_to_writers_only(client, staff, leader, unit_a):
    client.force_login(staff)
    assert 'data-testid="unit-status"' in client.get(f"/units/{unit_a.pk}/").content.decode()
    client.force_login(leader)
    assert 'data-testid="unit-status"' not in client.get(f"/units/{unit_a.pk}/").content.decode()


def test_the_list_shows_units_in_use_unless_asked(client, staff, unit_a, unit_b):
    deactivate(unit_b, staff, "关闭")
    client.force_login(staff)
    assert list(client.get("/units/").context["page"].object_list) == [unit_a]
    inactive = client.get("/units/?status=inactive")
    assert list(inactive.context["page"].object_list) == [unit_b]
    assert "已停用" in inactive.content.decode()
    assert list(client.get("/units/?status=all").context["page"].object_list) == [unit_a, unit_b]


def test_an_inactive_unit_leaves_the_problem_form_but_keeps_its_problems(
    client, staff, unit_a, unit_b
):
    problem_a = make_problem(make_inspection(), unit_a)
    deactivate(unit_a, staff, "撤并")
    client.force_login(staff)
    form = client.get(f"/rectification/inspections/{problem_a.inspection_id}/problems/new/")
    units = form.context["form"].fields["unit"].queryset
    assert unit_a not in units and unit_b in units
    edit = client.get(f"/rectification/{problem_a.pk}/edit/")
    assert unit_a in edit.context["form"].fields["unit"].queryset
    assert Unit.objects.get(pk=unit_a.pk).problems.count() == 1


def test_an_inactive_unit_leaves_the_grid_but_keeps_its_figures(city, staff, unit_a, unit_b):
    put("BEDS", unit_a, 600)
    deactivate(unit_a, staff, "撤并")
    assert [row.place for row in load_grid(ind("BEDS"), city, YEAR)] == [unit_b]
    assert unit_a.indicator_values.filter(year=YEAR).count() == 1


def test_a_unit_cannot_be_left_inactive_without_a_reason(unit_a):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=unit_a.pk).update(is_active=False)
