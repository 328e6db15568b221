"""A sanction's page: its fields, its history, and the 更正/作废 actions for staff."""

from decimal import Decimal

import pytest

from rectification.models import SanctionKind
from rectification.sanctions import correct_sanction, void_sanction
from tests.rectification.conftest import SOON, make_sanction, text, url


@pytest.fixture
def deadline():
    return SOON


@pytest.fixture
def fine(problem_a):
    return make_sanction(problem_a, amount=Decimal("5000"), target="青山县人民医院")


def test_staff_sees_the_sanction_its_history_and_the_actions(client, staff, staff2, fine):
    correct_sanction(fine, staff2, changes={"amount": Decimal("3000")}, reason="金额录错")
    client.force_login(staff)
    body = text(client.get(url("sanction_detail", fine.pk)))
    assert "3,000" in body and 'data-testid="sanction-history"' in body
    assert "金额录错" in body and "5,000.00 → 3,000.00" in body
    assert url("sanction_edit", fine.pk) in body and url("sanction_void", fine.pk) in body
    assert "data-confirm" in body


def test_a_voided_sanction_is_struck_through_with_its_reason(client, staff, fine):
    void_sanction(fine, staff, reason="处罚决定已被撤销")
    client.force_login(staff)
    body = text(client.get(url("sanction_detail", fine.pk)))
    assert 'data-testid="voided"' in body and "已作废" in body and "处罚决定已被撤销" in body
    assert "text-decoration-line-through" in body
    assert url("sanction_edit", fine.pk) not in body and url("sanction_void", fine.pk) not in body


def test_readers_see_the_page_without_actions(client, leader, head_a, fine):
    for user in (leader, head_a):
        client.force_login(user)
        response = client.get(url("sanction_detail", fine.pk))
        assert response.status_code == 200
        assert url("sanction_void", fine.pk) not in text(response)


def test_a_sanction_outside_the_scope_is_404(client, county_staff, head_b, problem_b, problem_a):
    other = make_sanction(problem_b, kind=SanctionKind.WARNING)
    client.force_login(county_staff)
    assert client.get(url("sanction_detail", other.pk)).status_code == 404
    client.force_login(head_b)
    assert client.get(url("sanction_detail", make_sanction(problem_a).pk)).status_code == 404


def test_the_page_rejects_post(client, staff, fine):
    client.force_login(staff)
    assert client.post(url("sanction_detail", fine.pk)).status_code == 405
