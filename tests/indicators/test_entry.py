"""The unit's entry form: save, submit, approve, reopen; scope, roles and bad input."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from indicators.models import Value, ValueStatus
from tests.indicators.conftest import YEAR, aim, put


def url(name, unit, year=YEAR):
    return reverse(f"indicators:{name}", args=["unit", unit.pk, year])


def full_form(**overrides):
    """Every figure a general hospital owes."""
    data = {
        "v_DOCTORS": "400",
        "v_NURSES": "600",
        "v_GPS": "20",
        "v_BEDS": "620",
        "v_ALL_VISITS": "300000",
        "v_INPATIENT_DAYS": "54000",
        "v_DISCHARGES": "6000",
        "v_DRUG_REVENUE": "9000",
        "v_MEDICAL_REVENUE": "30000",
        "v_ANTIBIOTIC_DDDS": "38.5",
        "v_EMR_LEVEL": "4",
    }
    data.update(overrides)
    return data


def test_it_shows_last_year_and_target(client, head_a, unit_a, city):
    put("BEDS", unit_a, 600, year=YEAR - 1)
    aim("BEDS", city, ">=", 500)
    client.force_login(head_a)
    response = client.get(url("entry", unit_a))
    assert response.status_code == 200
    text = response.content.decode()
    assert "医疗卫生机构床位数" in text and "600" in text and "≥500张" in text
    # Only the unit's own input indicators: no region counts, no computed rates.
    assert "v_POPULATION" not in text and "v_ALOS" not in text and "v_VACCINATION" not in text


def test_unit_head_saves_submits_and_staff_approves(client, head_a, staff, unit_a):
    client.force_login(head_a)
    response = client.post(url("entry", unit_a), full_form())
    assert response.status_code == 302
    assert Value.objects.filter(unit=unit_a, status=ValueStatus.DRAFT).count() == 11
    assert client.post(url("submit", unit_a)).status_code == 302
    assert Value.objects.filter(unit=unit_a, status=ValueStatus.SUBMITTED).count() == 11

    client.force_login(staff)
    client.post(url("approve", unit_a))
    assert Value.objects.filter(unit=unit_a, status=ValueStatus.APPROVED).count() == 11
    history = Value.objects.get(unit=unit_a, indicator__code="BEDS").history.order_by(
        "history_date"
    )
    assert [h.status for h in history] == ["draft", "submitted", "approved"]
    assert [h.history_user for h in history] == [head_a, head_a, staff]


def test_approved_figures_are_locked_until_reopened(client, head_a, staff, unit_a):
    put("BEDS", unit_a, 600, status=ValueStatus.APPROVED)
    client.force_login(head_a)
    response = client.post(url("entry", unit_a), full_form(v_BEDS="700"), follow=True)
    assert "已审核锁定" in response.content.decode()
    assert Value.objects.get(unit=unit_a).value == D(600)

    client.force_login(staff)
    client.post(url("reopen", unit_a), {"reason": ""})
    assert Value.objects.get(unit=unit_a).status == ValueStatus.APPROVED  # a reason is required
    client.post(url("reopen", unit_a), {"reason": "与统计年报不一致"})
    value = Value.objects.get(unit=unit_a)
    assert value.status == ValueStatus.DRAFT
    assert value.history.first().history_change_reason == "退回：与统计年报不一致"

    client.force_login(head_a)
    client.post(url("entry", unit_a), full_form(v_BEDS="700"))
    assert Value.objects.get(unit=unit_a, indicator__code="BEDS").value == D(700)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"v_BEDS": "六百"}, "请填写数字。"),
        ({"v_BEDS": "-5"}, "不能为负数"),
        ({"v_BEDS": "12.5"}, "应填写整数"),
        ({"v_DRUG_REVENUE": "40000"}, "不能大于医疗收入"),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(client, head_a, unit_a, overrides, message):
    client.force_login(head_a)
    response = client.post(url("entry", unit_a), full_form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Value.objects.exists()


def test_a_percentage_above_100_is_refused(client, county_staff, health_centre):
    client.force_login(county_staff)
    response = client.post(url("entry", health_centre), {"v_VACCINATION": "130"})
    assert response.status_code == 400
    assert "百分比应在0到100之间" in response.content.decode()
    assert not Value.objects.exists()


def test_a_jump_of_more_than_half_needs_a_comment(client, head_a, unit_a):
    put("BEDS", unit_a, 400, year=YEAR - 1)
    client.force_login(head_a)
    response = client.post(url("entry", unit_a), full_form(v_BEDS="620"))
    assert response.status_code == 400
    assert "变化超过50%" in response.content.decode()
    response = client.post(url("entry", unit_a), full_form(v_BEDS="620", c_BEDS="新院区开放"))
    assert response.status_code == 302


def test_submit_needs_every_figure(client, head_a, unit_a):
    client.force_login(head_a)
    client.post(url("entry", unit_a), {"v_BEDS": "600"})
    response = client.post(url("submit", unit_a), follow=True)
    assert "还有10项指标未填写" in response.content.decode()
    assert Value.objects.get().status == ValueStatus.DRAFT


def test_a_clerk_enters_but_does_not_submit(client, clerk_a, unit_a):
    client.force_login(clerk_a)
    client.post(url("entry", unit_a), full_form())
    assert client.post(url("submit", unit_a)).status_code == 403
    assert not Value.objects.filter(status=ValueStatus.SUBMITTED).exists()


def test_other_units_are_out_of_scope(client, head_b, unit_a, county_staff, unit_b):
    client.force_login(head_b)
    assert client.get(url("entry", unit_a)).status_code == 404
    assert client.post(url("submit", unit_a)).status_code == 404
    client.force_login(county_staff)
    assert client.get(url("entry", unit_b)).status_code == 404


def test_leaders_read_but_do_not_enter(client, leader, unit_a):
    client.force_login(leader)
    assert client.get(url("entry", unit_a)).status_code == 200
    assert client.post(url("entry", unit_a), full_form()).status_code == 403
    assert client.post(url("approve", unit_a)).status_code == 403
    assert not Value.objects.exists()


def test_units_cannot_approve_or_open_region_forms(client, head_a, unit_a, county_a):
    put("BEDS", unit_a, 600)
    client.force_login(head_a)
    assert client.post(url("approve", unit_a)).status_code == 403
    assert (
        client.get(reverse("indicators:entry", args=["region", county_a.pk, YEAR])).status_code
        == 403
    )


def test_wrong_methods(client, head_a, unit_a):
    client.force_login(head_a)
    assert client.get(url("submit", unit_a)).status_code == 405
    assert client.get(url("approve", unit_a)).status_code == 405
    assert client.get(url("reopen", unit_a)).status_code == 405
    assert client.delete(url("entry", unit_a)).status_code == 405


def test_staff_enter_region_figures_as_reported(client, staff, county_a):
    client.force_login(staff)
    entry = reverse("indicators:entry", args=["region", county_a.pk, YEAR])
    response = client.post(entry, {"v_POPULATION": "500000", "v_LIVE_BIRTHS": "4000"})
    assert response.status_code == 302
    assert set(Value.objects.values_list("status", flat=True)) == {ValueStatus.SUBMITTED}


def test_history_page(client, head_a, unit_a):
    client.force_login(head_a)
    client.post(url("entry", unit_a), {"v_BEDS": "600"})
    client.post(url("entry", unit_a), {"v_BEDS": "610"})
    response = client.get(url("history", unit_a))
    text = response.content.decode()
    assert response.status_code == 200
    assert "何振华" in text and "600" in text and "610" in text


def test_entry_index_sends_people_to_their_page(client, head_a, staff, leader, unit_a):
    client.force_login(head_a)
    response = client.get(reverse("indicators:entry_index"))
    assert response.url.startswith(f"/indicators/entry/unit/{unit_a.pk}/")
    client.force_login(staff)
    assert client.get(reverse("indicators:entry_index")).url == reverse("indicators:grid")
    client.force_login(leader)
    assert client.get(reverse("indicators:entry_index")).status_code == 403
