"""作废 a sanction: POST only, a reason, the record stays and is shown struck through."""

from decimal import Decimal

import pytest

from rectification.models import Sanction
from tests.rectification.conftest import SOON, make_sanction, text, url


@pytest.fixture
def deadline():
    return SOON


@pytest.fixture
def fine(problem_a):
    return make_sanction(problem_a, amount=Decimal("5000"))


def test_staff_voids_a_sanction(client, staff, fine):
    client.force_login(staff)
    response = client.post(url("sanction_void", fine.pk), {"reason": "处罚决定已被撤销"})
    assert response.status_code == 302 and response.url == url("sanction_detail", fine.pk)
    fine.refresh_from_db()
    assert (fine.is_void, fine.voided_by, fine.void_reason) == (True, staff, "处罚决定已被撤销")
    assert not Sanction.objects.in_force().exists()


def test_the_problem_page_strikes_a_voided_sanction_through(client, staff, fine, problem_a):
    client.force_login(staff)
    client.post(url("sanction_void", fine.pk), {"reason": "重复登记"})
    body = text(client.get(url("problem_detail", problem_a.pk)))
    assert 'data-testid="sanction-voided"' in body and "<del>" in body
    assert "已作废" in body and "原因：重复登记" in body


@pytest.mark.parametrize(
    ("reason", "message"), [("", "请填写作废原因"), ("长" * 101, "不能超过100")]
)
def test_a_void_needs_a_reason(client, staff, fine, reason, message):
    client.force_login(staff)
    response = client.post(url("sanction_void", fine.pk), {"reason": reason}, follow=True)
    assert "未作废" in text(response) and message in text(response)
    fine.refresh_from_db()
    assert not fine.is_void


def test_a_second_void_is_refused(client, staff, fine):
    client.force_login(staff)
    client.post(url("sanction_void", fine.pk), {"reason": "重复登记"})
    response = client.post(url("sanction_void", fine.pk), {"reason": "再来"}, follow=True)
    assert "不能重复作废" in text(response)
    fine.refresh_from_db()
    assert fine.void_reason == "重复登记"


def test_readers_may_not_void(client, leader, head_a, fine):
    for user in (leader, head_a):
        client.force_login(user)
        assert client.post(url("sanction_void", fine.pk), {"reason": "x"}).status_code == 403
    fine.refresh_from_db()
    assert not fine.is_void


def test_a_sanction_outside_the_scope_is_404(client, county_staff, problem_b):
    other = make_sanction(problem_b)
    client.force_login(county_staff)
    assert client.post(url("sanction_void", other.pk), {"reason": "x"}).status_code == 404
    other.refresh_from_db()
    assert not other.is_void


def test_void_rejects_get(client, staff, fine):
    client.force_login(staff)
    assert client.get(url("sanction_void", fine.pk)).status_code == 405
