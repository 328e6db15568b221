"""The entry form refuses what the database cannot hold or no indicator can be: 1e400, inf, nan,
numbers of 15 and more digits; nothing is saved and the page still opens afterwards."""

from decimal import Decimal

import pytest

from indicators.models import Value
from tests.indicators.conftest import full_form, url


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        ("1e400", "数字位数过多"),
        ("inf", "请填写数字。"),
        ("-Infinity", "请填写数字。"),
        ("nan", "请填写数字。"),
        ("123456789012345", "数值过大：整数部分最多9位。"),
        ("1234567890123456789", "数字位数过多"),
        ("1000000000", "数值过大：整数部分最多9位。"),
        ("0.1234567", "小数位数过多（最多6位）"),
    ],
)
def test_an_unstorable_number_is_explained_and_nothing_saved(
    client, head_a, unit_a, figure, message
):
    client.force_login(head_a)
    response = client.post(url("entry", unit_a), full_form(v_ANTIBIOTIC_DDDS=figure))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Value.objects.exists()
    assert client.get(url("entry", unit_a)).status_code == 200


def test_the_largest_count_is_saved_and_read_back_exactly(client, head_a, unit_a):
    client.force_login(head_a)
    form = full_form(v_ALL_VISITS="999999999", c_ALL_VISITS="全市汇总")
    response = client.post(url("entry", unit_a), form)
    assert response.status_code == 302
    stored = Value.objects.get(indicator__code="ALL_VISITS")
    assert str(stored.value.normalize()) == "999999999"
    assert client.get(url("entry", unit_a)).status_code == 200


def test_a_percentage_keeps_its_range(client, county_staff, health_centre):
    client.force_login(county_staff)
    response = client.post(url("entry", health_centre), {"v_VACCINATION": "100.5"})
    assert response.status_code == 400
    assert "百分比应在0到100之间" in response.content.decode()
    assert not Value.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("17,500", "17500"),
        ("１７５００", "17500"),
        ("１７，５００", "17500"),
        (" 2,000 ", "2000"),
    ],
)
def test_a_number_is_taken_as_people_type_it(client, head_a, unit_a, typed, stored):
    client.force_login(head_a)
    response = client.post(url("entry", unit_a), full_form(v_ALL_VISITS=typed))
    assert response.status_code == 302
    assert Value.objects.get(indicator__code="ALL_VISITS").value == Decimal(stored)


def test_a_misplaced_separator_is_refused(client, head_a, unit_a):
    # 1,5 may mean 1.5 (a decimal comma): refused, never read as 15.
    client.force_login(head_a)
    response = client.post(url("entry", unit_a), full_form(v_ALL_VISITS="1,5"))
    assert response.status_code == 400
    assert "请填写数字。" in response.content.decode()
    assert not Value.objects.exists()


def test_the_number_box_is_text_with_the_digits_keyboard(client, head_a, unit_a):
    client.force_login(head_a)
    body = client.get(url("entry", unit_a)).content.decode()
    assert 'type="number"' not in body
    assert 'inputmode="decimal"' in body
