"""Recording a sanction (处理处罚) on a problem's page: the sanction_add view."""

import pytest

from rectification.models import Sanction
from tests.rectification.conftest import SOON, text, url


@pytest.fixture
def deadline():
    return SOON


def test_staff_records_a_sanction(client, staff, problem_a):
    client.force_login(staff)
    client.post(
        url("sanction_add", problem_a.pk), {"kind": "fine", "amount": "5000", "date": "2025-06-01"}
    )
    sanction = Sanction.objects.get()
    assert (sanction.unit, sanction.amount, sanction.created_by) == (problem_a.unit, 5000, staff)
    assert sanction.history.get().history_user == staff


def test_a_warning_is_recorded_without_an_amount(client, staff, problem_a):
    client.force_login(staff)
    client.post(url("sanction_add", problem_a.pk), {"kind": "warning", "date": "2025-06-01"})
    assert Sanction.objects.get().amount is None


def test_unit_may_not_record_sanctions(client, head_a, problem_a):
    client.force_login(head_a)
    response = client.post(
        url("sanction_add", problem_a.pk), {"kind": "fine", "amount": "10", "date": "2025-06-01"}
    )
    assert response.status_code == 403
    assert not Sanction.objects.exists()


def test_leader_may_not_record_sanctions(client, leader, problem_a):
    client.force_login(leader)
    response = client.post(
        url("sanction_add", problem_a.pk), {"kind": "fine", "amount": "10", "date": "2025-06-01"}
    )
    assert response.status_code == 403
    assert not Sanction.objects.exists()


def test_sanction_outside_the_scope_is_404(client, county_staff, problem_b):
    client.force_login(county_staff)
    response = client.post(
        url("sanction_add", problem_b.pk), {"kind": "fine", "amount": "10", "date": "2025-06-01"}
    )
    assert response.status_code == 404
    assert not Sanction.objects.exists()


def test_sanction_rejects_get(client, staff, problem_a):
    client.force_login(staff)
    assert client.get(url("sanction_add", problem_a.pk)).status_code == 405


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"kind": "fine", "amount": "-5"}, "金额（元）：罚款金额须大于0元。"),
        ({"kind": "fine", "amount": "0"}, "金额（元）：罚款金额须大于0元。"),
        ({"kind": "fine"}, "金额（元）：罚款须填写金额（元）。"),
        ({"kind": "warning", "amount": "300"}, "“警告”不填金额，只有罚款须填写金额。"),
        ({"kind": "fine", "amount": "1e400"}, "金额（元）："),
    ],
)
def test_a_wrong_amount_is_explained_and_nothing_is_saved(client, staff, problem_a, post, message):
    client.force_login(staff)
    response = client.post(
        url("sanction_add", problem_a.pk), {**post, "date": "2025-06-01"}, follow=True
    )
    assert "处理处罚未登记" in text(response) and message in text(response)
    assert not Sanction.objects.exists()


def test_a_missing_date_is_explained(client, staff, problem_a):
    client.force_login(staff)
    response = client.post(url("sanction_add", problem_a.pk), {"kind": "warning"}, follow=True)
    assert "这个字段是必填项" in text(response)
    assert not Sanction.objects.exists()
