"""The units import and the unit form refuse 10¹² beds, 1e400 and a 150-character name before the
database (SQLite stored them; PostgreSQL answered 500)."""

import pytest

from tests.units.test_importer import CODE_1, row, run
from tests.units.test_unit_create import URL, _data
from units.models import MAX_APPROVED_BEDS, Unit


@pytest.mark.parametrize(
    ("beds", "message"),
    [
        (10**12, "不能大于"),
        (MAX_APPROVED_BEDS + 1, f"不能大于{MAX_APPROVED_BEDS}"),
        ("1e400", "应填写整数"),
        ("nan", "应填写整数"),
        ("12345678901234567890", "不能大于"),
    ],
)
def test_beds_out_of_range_are_refused(county_a, beds, message):
    preview = run([row(核定床位=beds)])
    assert not preview.written
    assert [e.column for e in preview.errors] == ["核定床位"]
    assert message in preview.errors[0].message
    assert not Unit.objects.exists()


def test_the_most_beds_are_accepted(county_a):
    assert run([row(核定床位=MAX_APPROVED_BEDS)]).written
    assert Unit.objects.get(credit_code=CODE_1).approved_beds == MAX_APPROVED_BEDS


@pytest.mark.parametrize(
    ("column", "text", "limit"),
    [("单位名称", "院" * 150, 100), ("负责人", "张" * 31, 30), ("联系电话", "8" * 31, 30)],
)
def test_too_long_text_is_refused(county_a, column, text, limit):
    preview = run([row(**{column: text})])
    assert [e.column for e in preview.errors] == [column]
    assert f"不能超过{limit}个字" in preview.errors[0].message
    assert not Unit.objects.exists()


@pytest.mark.parametrize("beds", ["1000000000000", "1e400", "inf", str(MAX_APPROVED_BEDS + 1)])
def test_the_unit_form_refuses_beds_out_of_range(client, staff, county_a, beds):
    client.force_login(staff)
    response = client.post(URL, _data(county_a, approved_beds=beds))
    assert response.status_code == 400
    assert not Unit.objects.exists()


def test_the_unit_form_refuses_a_150_character_name(client, staff, county_a):
    client.force_login(staff)
    response = client.post(URL, _data(county_a, name="院" * 150))
    assert response.status_code == 400
    assert "100" in response.content.decode()
    assert not Unit.objects.exists()
