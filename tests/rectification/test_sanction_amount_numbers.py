"""A sanction's amount (numeric(12, 2)) refuses 1e400, inf, nan and too many digits in Chinese,
saving nothing: the model form's field already holds the column's size on both backends."""

import pytest

from rectification.models import Sanction
from tests.rectification.conftest import SOON, url


@pytest.fixture
def deadline():
    return SOON


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1e400", "不超过 12 个数字"),
        ("inf", "输入一个数字"),
        ("nan", "输入一个数字"),
        ("12345678901234567", "不超过 12 个数字"),
        ("100.123", "小数不超过 2 位"),
    ],
)
def test_an_unstorable_amount_is_refused(client, staff, problem_a, amount, message):
    client.force_login(staff)
    response = client.post(
        url("sanction_add", problem_a.pk),
        {"kind": "fine", "amount": amount, "date": "2025-06-01"},
        follow=True,
    )
    assert message in response.content.decode()
    assert not Sanction.objects.exists()


@pytest.mark.parametrize("typed", ["17,500", "１７５００", "１７，５００．００"])
def test_an_amount_is_taken_as_people_type_it(client, staff, problem_a, typed):
    client.force_login(staff)
    response = client.post(
        url("sanction_add", problem_a.pk), {"kind": "fine", "amount": typed, "date": "2025-06-01"}
    )
    assert response.status_code == 302
    assert Sanction.objects.get().amount == 17500
