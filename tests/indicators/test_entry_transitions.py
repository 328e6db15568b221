"""Submit (上报), approve (审核) and reopen (退回) a place's figures of a year."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from indicators.models import Value, ValueStatus
from tests.indicators.conftest import YEAR, full_form, put, url


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


# Approve ------------------------------------------------------------------------------------


def test_approving_drafts_is_explained(client, staff, unit_a):
    put("BEDS", unit_a, 600, status=ValueStatus.DRAFT)
    client.force_login(staff)
    response = client.post(url("approve", unit_a), follow=True)
    assert "还有草稿未上报，不能审核" in response.content.decode()
    assert Value.objects.get().status == ValueStatus.DRAFT


def test_approving_outside_the_scope_is_404(client, county_staff, unit_b):
    put("BEDS", unit_b, 500)
    client.force_login(county_staff)
    assert client.post(url("approve", unit_b)).status_code == 404
    assert Value.objects.get().status == ValueStatus.SUBMITTED


# Reopen -------------------------------------------------------------------------------------


def test_reopen_without_a_reason_is_explained(client, staff, unit_a):
    put("BEDS", unit_a, 600, status=ValueStatus.APPROVED)
    client.force_login(staff)
    response = client.post(url("reopen", unit_a), {"reason": ""}, follow=True)
    assert "请填写退回原因。" in response.content.decode()
    assert Value.objects.get().status == ValueStatus.APPROVED


@pytest.mark.parametrize("reason", ["", "数据有误"])
def test_units_may_not_reopen(client, head_a, unit_a, reason):
    put("BEDS", unit_a, 600, status=ValueStatus.APPROVED)
    client.force_login(head_a)
    assert client.post(url("reopen", unit_a), {"reason": reason}).status_code == 403
    assert Value.objects.get().status == ValueStatus.APPROVED


def test_reopening_outside_the_scope_is_404(client, county_staff, unit_b):
    put("BEDS", unit_b, 500, status=ValueStatus.APPROVED)
    client.force_login(county_staff)
    assert client.post(url("reopen", unit_b), {"reason": "数据有误"}).status_code == 404
    assert Value.objects.get().status == ValueStatus.APPROVED


def test_a_transition_does_not_send_people_to_another_site(client, staff, unit_a):
    put("BEDS", unit_a, 600)
    client.force_login(staff)
    response = client.post(url("approve", unit_a), {"next": "https://evil.example/"})
    assert Value.objects.get().status == ValueStatus.APPROVED
    assert not response.url.startswith("https://evil.example")
