"""After a 退回, who submits again: the unit head where the unit has one; bureau staff, on the
unit's behalf, where it has none (most village clinics); staff for a region's own figures."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Role
from indicators import workflow
from indicators.models import Value, ValueStatus
from tests.fixtures import make_user
from tests.indicators.conftest import YEAR, put, url


def _returned(place, staff, client) -> list[Value]:
    """Every figure the place owes, approved, then 退回 by staff: all drafts again."""
    for indicator in workflow.entry_indicators(place):
        put(indicator.code, place, 10, status=ValueStatus.APPROVED)
    client.force_login(staff)
    kind = "region" if place.__class__.__name__ == "Region" else "unit"
    response = client.post(
        reverse("indicators:reopen", args=[kind, place.pk, YEAR]), {"reason": "数据有误"}
    )
    assert response.status_code == 302
    values = list(Value.objects.for_place(place))
    assert {v.status for v in values} == {ValueStatus.DRAFT}
    return values


def _statuses(place) -> set[str]:
    return set(Value.objects.for_place(place).values_list("status", flat=True))


# A unit without an account ------------------------------------------------------------------


def test_staff_resubmit_and_approve_for_a_unit_without_an_account(client, staff, health_centre):
    _returned(health_centre, staff, client)
    page = client.get(url("entry", health_centre)).content.decode()
    assert "代单位上报" in page and 'data-testid="on-behalf-note"' in page

    response = client.post(url("submit", health_centre), follow=True)
    assert "已代城关镇中心卫生院上报2025年" in response.content.decode()
    assert _statuses(health_centre) == {ValueStatus.SUBMITTED}
    record = Value.objects.filter(unit=health_centre).first().history.first()
    assert record.history_user == staff
    assert record.history_change_reason == workflow.ON_BEHALF_REASON

    client.post(url("approve", health_centre))
    assert _statuses(health_centre) == {ValueStatus.APPROVED}
    history = client.get(url("history", health_centre)).content.decode()
    assert "局机关代为上报（该单位没有单位负责人账号）" in history


def test_staff_correct_a_figure_then_resubmit(client, staff, health_centre):
    values = _returned(health_centre, staff, client)
    code = values[0].indicator.code
    data = {f"v_{v.indicator.code}": "10" for v in values}
    data[f"v_{code}"] = "12"
    assert client.post(url("entry", health_centre), data).status_code == 302
    assert len(_statuses(health_centre)) == 2  # the corrected one counts as reported at once

    client.post(url("submit", health_centre))
    assert _statuses(health_centre) == {ValueStatus.SUBMITTED}
    assert Value.objects.get(unit=health_centre, indicator__code=code).value == Decimal(12)


def test_the_reopen_message_says_staff_resubmit(client, staff, health_centre):
    for indicator in workflow.entry_indicators(health_centre):
        put(indicator.code, health_centre, 10, status=ValueStatus.APPROVED)
    client.force_login(staff)
    response = client.post(url("reopen", health_centre), {"reason": "数据有误"}, follow=True)
    assert "请局机关工作人员修改后代为上报" in response.content.decode()


@pytest.mark.parametrize("account", ["clerk", "inactive head"])
def test_a_unit_whose_head_cannot_submit_is_submitted_by_staff(
    client, staff, health_centre, account
):
    if account == "clerk":
        make_user("clerk_c", Role.UNIT_CLERK, unit=health_centre)
    else:
        make_user("head_c", Role.UNIT_HEAD, unit=health_centre, is_active=False)
    _returned(health_centre, staff, client)
    assert client.post(url("submit", health_centre)).status_code == 302
    assert _statuses(health_centre) == {ValueStatus.SUBMITTED}


# A unit with an account: the unit resubmits -------------------------------------------------


def test_staff_still_cannot_resubmit_for_a_unit_with_a_head(client, staff, head_a, unit_a):
    _returned(unit_a, staff, client)
    page = client.get(url("entry", unit_a)).content.decode()
    assert 'data-testid="submit"' not in page
    assert 'data-testid="awaits-unit-note"' in page

    response = client.post(url("submit", unit_a))
    assert response.status_code == 403
    assert "应由单位负责人上报" in response.content.decode()
    assert _statuses(unit_a) == {ValueStatus.DRAFT}

    client.force_login(head_a)
    assert 'data-testid="submit"' in client.get(url("entry", unit_a)).content.decode()
    client.post(url("submit", unit_a))
    assert _statuses(unit_a) == {ValueStatus.SUBMITTED}
    record = Value.objects.filter(unit=unit_a).first().history.first()
    assert (record.history_user, record.history_change_reason) == (head_a, None)

    client.force_login(staff)
    client.post(url("approve", unit_a))
    assert _statuses(unit_a) == {ValueStatus.APPROVED}


def test_the_reopen_message_says_the_unit_resubmits(client, staff, head_a, unit_a):
    put("BEDS", unit_a, 600)
    client.force_login(staff)
    response = client.post(url("reopen", unit_a), {"reason": "数据有误"}, follow=True)
    assert "单位可以修改后重新上报" in response.content.decode()


# A region's own figures -----------------------------------------------------------------------


def test_staff_resubmit_a_region(client, staff, county_a):
    _returned(county_a, staff, client)
    submit = reverse("indicators:submit", args=["region", county_a.pk, YEAR])
    entry = reverse("indicators:entry", args=["region", county_a.pk, YEAR])
    assert 'data-testid="submit"' in client.get(entry).content.decode()
    assert client.post(submit).status_code == 302
    assert _statuses(county_a) == {ValueStatus.SUBMITTED}
    assert (
        Value.objects.filter(region=county_a).first().history.first().history_change_reason is None
    )


# Refusals -----------------------------------------------------------------------------------


def test_a_leader_may_not_submit_for_a_unit(client, staff, leader, health_centre):
    _returned(health_centre, staff, client)
    client.force_login(leader)
    assert 'data-testid="submit"' not in client.get(url("entry", health_centre)).content.decode()
    assert client.post(url("submit", health_centre)).status_code == 403
    assert _statuses(health_centre) == {ValueStatus.DRAFT}


def test_submitting_outside_the_scope_is_404(client, staff, county_staff, unit_b):
    _returned(unit_b, staff, client)  # 白沙县: outside 青山县 staff's scope, and no account
    client.force_login(county_staff)
    assert client.post(url("submit", unit_b)).status_code == 404
    assert _statuses(unit_b) == {ValueStatus.DRAFT}


def test_another_units_head_gets_404(client, staff, head_b, health_centre):
    _returned(health_centre, staff, client)
    client.force_login(head_b)
    assert client.post(url("submit", health_centre)).status_code == 404
    assert _statuses(health_centre) == {ValueStatus.DRAFT}


def test_submit_rejects_get(client, staff, health_centre):
    _returned(health_centre, staff, client)
    assert client.get(url("submit", health_centre)).status_code == 405
    assert _statuses(health_centre) == {ValueStatus.DRAFT}


# Bad input ----------------------------------------------------------------------------------


def test_a_missing_figure_is_explained_and_nothing_submitted(client, staff, health_centre):
    values = _returned(health_centre, staff, client)
    values[0].delete()
    response = client.post(url("submit", health_centre), follow=True)
    assert "还有1项指标未填写" in response.content.decode()
    assert _statuses(health_centre) == {ValueStatus.DRAFT}


def test_nothing_to_submit_is_explained(client, staff, health_centre):
    for indicator in workflow.entry_indicators(health_centre):
        put(indicator.code, health_centre, 10, status=ValueStatus.SUBMITTED)
    client.force_login(staff)
    response = client.post(url("submit", health_centre), follow=True)
    assert "没有待上报的草稿" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/indicators/entry/unit/{pk}/1999/submit/", "/indicators/entry/unit/999999/2025/submit/"],
)
def test_bad_years_and_units_are_404(client, staff, health_centre, path):
    client.force_login(staff)
    assert client.post(path.format(pk=health_centre.pk)).status_code == 404


# The rules themselves -----------------------------------------------------------------------


def test_the_rules(db, staff, leader, head_a, clerk_a, unit_a, health_centre, county_a):
    assert workflow.may_submit(head_a, unit_a)
    assert not workflow.may_submit(clerk_a, unit_a)
    assert not workflow.may_submit(staff, unit_a)
    assert workflow.may_submit(staff, health_centre)
    assert workflow.submits_on_behalf(staff, health_centre)
    assert not workflow.may_submit(leader, health_centre)
    assert workflow.may_submit(staff, county_a) and not workflow.submits_on_behalf(staff, county_a)
    assert not workflow.may_submit(head_a, health_centre)
    with pytest.raises(PermissionDenied, match="应由单位负责人上报"):
        workflow.submit(unit_a, YEAR, staff)
