"""Sanctions (处理处罚) recorded on a problem by bureau staff."""

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
    assert (sanction.unit, sanction.amount) == (problem_a.unit, 5000)


def test_unit_may_not_record_sanctions(client, head_a, problem_a):
    client.force_login(head_a)
    response = client.post(
        url("sanction_add", problem_a.pk), {"kind": "fine", "date": "2025-06-01"}
    )
    assert response.status_code == 403


def test_leader_may_not_record_sanctions(client, leader, problem_a):
    client.force_login(leader)
    response = client.post(
        url("sanction_add", problem_a.pk), {"kind": "fine", "date": "2025-06-01"}
    )
    assert response.status_code == 403
    assert not Sanction.objects.exists()


def test_sanction_outside_the_scope_is_404(client, county_staff, problem_b):
    client.force_login(county_staff)
    response = client.post(
        url("sanction_add", problem_b.pk), {"kind": "fine", "date": "2025-06-01"}
    )
    assert response.status_code == 404
    assert not Sanction.objects.exists()


def test_sanction_rejects_get(client, staff, problem_a):
    client.force_login(staff)
    assert client.get(url("sanction_add", problem_a.pk)).status_code == 405


def test_a_negative_fine_is_explained(client, staff, problem_a):
    client.force_login(staff)
    response = client.post(
        url("sanction_add", problem_a.pk),
        {"kind": "fine", "amount": "-5", "date": "2025-06-01"},
        follow=True,
    )
    assert "处理处罚未登记" in text(response) and "金额不能为负数。" in text(response)
    assert not Sanction.objects.exists()


def test_a_missing_date_is_explained(client, staff, problem_a):
    client.force_login(staff)
    response = client.post(url("sanction_add", problem_a.pk), {"kind": "warning"}, follow=True)
    assert "这个字段是必填项" in text(response)
    assert not Sanction.objects.exists()
