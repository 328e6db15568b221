"""A unit's (or region's) entry form: save, scope, roles and bad input."""

import pytest
from django.urls import reverse

from indicators.models import Value, ValueStatus
from tests.indicators.conftest import YEAR, aim, full_form, put, url


def test_it_shows_last_year_and_target(client, head_a, unit_a, city):
    put("BEDS", unit_a, 600, year=YEAR - 1)
    aim("BEDS", city, ">=", 500)
    client.force_login(head_a)
    response = client.get(url("entry", unit_a))
    assert response.status_code == 200
    text = response.content.decode()
    assert "医疗卫生机构实有床位数" in text and "600" in text and "≥500张" in text
    # Only the unit's own input indicators: no region counts, no computed rates.
    assert "v_POPULATION" not in text and "v_ALOS" not in text and "v_VACCINATION" not in text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"v_BEDS": "六百"}, "请填写数字。"),
        ({"v_BEDS": "-5"}, "不能为负数"),
        ({"v_BEDS": "12.5"}, "应填写整数"),
        ({"v_DRUG_REVENUE": "40000"}, "不能大于医疗收入"),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(client, head_a, unit_a, overrides, message):
    client.force_login(head_a)
    response = client.post(url("entry", unit_a), full_form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Value.objects.exists()


def test_a_percentage_above_100_is_refused(client, county_staff, health_centre):
    client.force_login(county_staff)
    response = client.post(url("entry", health_centre), {"v_VACCINATION": "130"})
    assert response.status_code == 400
    assert "百分比应在0到100之间" in response.content.decode()
    assert not Value.objects.exists()


def test_a_jump_of_more_than_half_needs_a_comment(client, head_a, unit_a):
    put("BEDS", unit_a, 400, year=YEAR - 1)
    client.force_login(head_a)
    response = client.post(url("entry", unit_a), full_form(v_BEDS="620"))
    assert response.status_code == 400
    assert "变化超过50%" in response.content.decode()
    response = client.post(url("entry", unit_a), full_form(v_BEDS="620", c_BEDS="新院区开放"))
    assert response.status_code == 302


def test_other_units_are_out_of_scope(client, head_b, unit_a, county_staff, unit_b):
    client.force_login(head_b)
    assert client.get(url("entry", unit_a)).status_code == 404
    assert client.post(url("submit", unit_a)).status_code == 404
    client.force_login(county_staff)
    assert client.get(url("entry", unit_b)).status_code == 404


def test_leaders_read_but_do_not_enter(client, leader, unit_a):
    client.force_login(leader)
    assert client.get(url("entry", unit_a)).status_code == 200
    assert client.post(url("entry", unit_a), full_form()).status_code == 403
    assert client.post(url("approve", unit_a)).status_code == 403
    assert not Value.objects.exists()


def test_staff_enter_region_figures_as_reported(client, staff, county_a):
    client.force_login(staff)
    entry = reverse("indicators:entry", args=["region", county_a.pk, YEAR])
    response = client.post(entry, {"v_POPULATION": "500000", "v_LIVE_BIRTHS": "4000"})
    assert response.status_code == 302
    assert set(Value.objects.values_list("status", flat=True)) == {ValueStatus.SUBMITTED}


def test_a_unit_saves_drafts(client, head_a, unit_a):
    client.force_login(head_a)
    response = client.post(url("entry", unit_a), full_form())
    assert response.url == url("entry", unit_a)
    assert Value.objects.filter(unit=unit_a, status=ValueStatus.DRAFT).count() == 11


def test_posting_to_another_unit_is_404(client, head_b, unit_a):
    client.force_login(head_b)
    assert client.post(url("entry", unit_a), full_form()).status_code == 404
    assert not Value.objects.exists()


def test_a_region_outside_the_scope_is_404(client, county_staff, county_b):
    client.force_login(county_staff)
    entry = reverse("indicators:entry", args=["region", county_b.pk, YEAR])
    assert client.post(entry, {"v_POPULATION": "300000"}).status_code == 404
    assert not Value.objects.exists()


def test_entry_rejects_put(client, head_a, unit_a):
    client.force_login(head_a)
    assert client.put(url("entry", unit_a)).status_code == 405


def test_a_year_out_of_range_is_404(client, head_a, unit_a):
    client.force_login(head_a)
    # The URL cannot even be reversed for such a year; a hand-typed one finds nothing.
    response = client.post(f"/indicators/entry/unit/{unit_a.pk}/99999/", full_form())
    assert response.status_code == 404
    assert not Value.objects.exists()
