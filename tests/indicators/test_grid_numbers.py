"""The grid refuses 1e400, inf, nan and numbers of 15 and more digits, saving nothing; the page
and the scorecard still open afterwards (on SQLite 1e400 used to be stored as inf)."""

import pytest
from django.urls import reverse

from indicators.models import Value
from tests.indicators.conftest import YEAR


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        ("1e400", "数值过大：整数部分最多9位。"),
        ("inf", "应填写数字，而不是“inf”。"),
        ("NaN", "应填写数字，而不是“NaN”。"),
        ("123456789012345", "数值过大：整数部分最多9位。"),
        ("12345678901234567890", "数值过大：整数部分最多9位。"),
        ("1000000000", "数值过大：整数部分最多9位。"),
        ("1.0000001", "小数位数过多（最多6位）。"),
    ],
)
def test_an_unstorable_number_saves_nothing(client, staff, city, unit_a, unit_b, figure, message):
    client.force_login(staff)
    page = reverse("indicators:grid") + f"?indicator=BEDS&year={YEAR}&region={city.pk}"
    response = client.post(page, {f"v_{unit_a.pk}": "600", f"v_{unit_b.pk}": figure})
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text and "未保存任何数据" in text
    assert not Value.objects.exists()
    assert client.get(page).status_code == 200
    assert client.get(reverse("indicators:scorecard")).status_code == 200


def test_a_percentage_above_100_is_refused(client, staff, city, county_a, county_b):
    client.force_login(staff)
    page = reverse("indicators:grid") + f"?indicator=EXERCISE&year={YEAR}&region={city.pk}"
    response = client.post(page, {f"v_{county_a.pk}": "40", f"v_{county_b.pk}": "1e3"})
    assert response.status_code == 400
    assert "百分比应在0到100之间" in response.content.decode()
    assert not Value.objects.exists()


def test_beds_are_taken_as_people_type_them(client, staff, city, unit_a, unit_b):
    client.force_login(staff)
    page = reverse("indicators:grid") + f"?indicator=BEDS&year={YEAR}&region={city.pk}"
    response = client.post(page, {f"v_{unit_a.pk}": "1,200", f"v_{unit_b.pk}": "１，５００"})
    assert response.status_code == 302
    stored = dict(Value.objects.values_list("unit_id", "value"))
    assert stored == {unit_a.pk: 1200, unit_b.pk: 1500}
