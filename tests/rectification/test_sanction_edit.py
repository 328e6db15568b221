"""更正 a sanction: its fields change, the reason goes into its history."""

from decimal import Decimal

import pytest

from rectification.models import Sanction, SanctionKind
from rectification.sanctions import correct_sanction, version_of, void_sanction
from tests.rectification.conftest import SOON, make_sanction, text, url


@pytest.fixture
def deadline():
    return SOON


@pytest.fixture
def fine(problem_a):
    return make_sanction(problem_a, amount=Decimal("5000"))


def form(fine, **changes):
    data = {
        "kind": fine.kind,
        "target": fine.target,
        "amount": fine.amount if fine.amount is not None else "",
        "date": f"{fine.date:%Y-%m-%d}",
        "note": fine.note,
        "reason": "按处罚决定书更正",
        "version": version_of(fine),
    }
    return {**data, **changes}


def test_staff_corrects_a_sanction(client, staff, fine):
    client.force_login(staff)
    response = client.post(url("sanction_edit", fine.pk), form(fine, amount="3000"))
    assert response.status_code == 302 and response.url == url("sanction_detail", fine.pk)
    fine.refresh_from_db()
    assert fine.amount == Decimal("3000")
    latest = fine.history.first()
    assert (latest.history_user, latest.history_change_reason) == (staff, "按处罚决定书更正")


def test_the_form_shows_the_current_values(client, staff, fine):
    client.force_login(staff)
    response = client.get(url("sanction_edit", fine.pk))
    assert response.status_code == 200
    assert 'value="5000.00"' in text(response) and "更正原因" in text(response)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": ""}, "更正原因：这个字段是必填项。"),
        ({"amount": ""}, "金额（元）：罚款须填写金额（元）。"),
        ({"kind": SanctionKind.WARNING}, "金额（元）：“警告”不填金额，只有罚款须填写金额。"),
        ({"amount": "-1"}, "罚款金额须大于0元。"),
        ({"reason": "长" * 101}, "更正原因："),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(client, staff, fine, changes, message):
    client.force_login(staff)
    response = client.post(url("sanction_edit", fine.pk), form(fine, **changes))
    assert response.status_code == 400
    assert message in text(response)
    fine.refresh_from_db()
    assert (fine.kind, fine.amount, fine.history.count()) == (SanctionKind.FINE, 5000, 1)


def test_a_stale_page_does_not_overwrite(client, staff, staff2, fine):
    page = form(fine, amount="1000")
    correct_sanction(fine, staff2, changes={"target": "院长"}, reason="补充对象")
    client.force_login(staff)
    response = client.post(url("sanction_edit", fine.pk), page)
    assert response.status_code == 400 and "已被他人修改" in text(response)
    fine.refresh_from_db()
    assert (fine.amount, fine.target) == (Decimal("5000"), "院长")


def test_a_voided_sanction_cannot_be_corrected(client, staff, fine):
    void_sanction(fine, staff, reason="重复登记")
    client.force_login(staff)
    response = client.post(url("sanction_edit", fine.pk), form(fine, amount="1"), follow=True)
    assert "已作废，不能再更正" in text(response)
    fine.refresh_from_db()
    assert fine.amount == Decimal("5000")


def test_readers_may_not_correct(client, leader, head_a, fine):
    for user in (leader, head_a):
        client.force_login(user)
        assert client.get(url("sanction_edit", fine.pk)).status_code == 403
        assert client.post(url("sanction_edit", fine.pk), form(fine, amount="1")).status_code == 403
    fine.refresh_from_db()
    assert fine.amount == Decimal("5000")


def test_a_sanction_outside_the_scope_is_404(client, county_staff, problem_b):
    other = make_sanction(problem_b)
    client.force_login(county_staff)
    response = client.post(url("sanction_edit", other.pk), form(other, amount="1"))
    assert response.status_code == 404
    assert Sanction.objects.get().amount == Decimal("5000")


def test_the_form_rejects_other_methods(client, staff, fine):
    client.force_login(staff)
    assert client.put(url("sanction_edit", fine.pk)).status_code == 405
