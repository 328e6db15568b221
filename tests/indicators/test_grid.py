"""The grid: one input indicator across every unit (or region) of a region, for staff."""

from decimal import Decimal as D

from django.urls import reverse

from indicators.models import Value, ValueStatus
from tests.indicators.conftest import YEAR, put


def test_grid_saves_a_column(client, staff, city, unit_a, unit_b):
    client.force_login(staff)
    page = reverse("indicators:grid") + f"?indicator=BEDS&year={YEAR}&region={city.pk}"
    assert client.get(page).status_code == 200
    response = client.post(page, {f"v_{unit_a.pk}": "600", f"v_{unit_b.pk}": "500"})
    assert response.status_code == 302
    assert sorted(Value.objects.values_list("value", flat=True)) == [D(500), D(600)]


def test_grid_bad_input_saves_nothing(client, staff, city, unit_a, unit_b):
    client.force_login(staff)
    page = reverse("indicators:grid") + f"?indicator=BEDS&year={YEAR}&region={city.pk}"
    response = client.post(page, {f"v_{unit_a.pk}": "600", f"v_{unit_b.pk}": "abc"})
    assert response.status_code == 400
    assert "应填写数字" in response.content.decode()
    assert not Value.objects.exists()


def test_a_place_that_refuses_its_figure_saves_nothing(client, staff, city, unit_a, unit_b):
    """unit_b's year is approved: unit_a's figure, saved before it, is rolled back too."""
    put("DOCTORS", unit_b, 250, status=ValueStatus.APPROVED)
    client.force_login(staff)
    page = reverse("indicators:grid") + f"?indicator=BEDS&year={YEAR}&region={city.pk}"
    response = client.post(page, {f"v_{unit_a.pk}": "600", f"v_{unit_b.pk}": "500"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "未保存任何数据" in text and "已审核锁定" in text
    assert not Value.objects.filter(unit=unit_a).exists()


def test_grid_roles(client, leader, head_a, staff):
    client.force_login(leader)
    assert client.get(reverse("indicators:grid")).status_code == 403
    client.force_login(head_a)
    assert client.get(reverse("indicators:grid")).status_code == 403
    client.force_login(staff)
    assert client.get(reverse("indicators:grid"), {"indicator": "MMR"}).status_code == 404


def test_grid_of_a_region_outside_the_scope_is_404(client, county_staff, city, unit_b):
    client.force_login(county_staff)
    page = reverse("indicators:grid") + f"?indicator=BEDS&year={YEAR}&region={city.pk}"
    assert client.post(page, {f"v_{unit_b.pk}": "500"}).status_code == 404
    assert not Value.objects.exists()


def test_county_staff_enter_only_their_county(client, county_staff, unit_a, unit_b):
    client.force_login(county_staff)
    page = reverse("indicators:grid") + f"?indicator=BEDS&year={YEAR}"
    response = client.post(page, {f"v_{unit_a.pk}": "600", f"v_{unit_b.pk}": "500"})
    assert response.status_code == 302
    assert list(Value.objects.values_list("unit", "value")) == [(unit_a.pk, D(600))]


def test_a_leader_may_not_post(client, leader, city, unit_a):
    client.force_login(leader)
    page = reverse("indicators:grid") + f"?indicator=BEDS&year={YEAR}&region={city.pk}"
    assert client.post(page, {f"v_{unit_a.pk}": "600"}).status_code == 403
    assert not Value.objects.exists()


def test_locked_cells_are_kept(client, staff, city, unit_a, unit_b):
    put("BEDS", unit_a, 600, status=ValueStatus.APPROVED)
    client.force_login(staff)
    page = reverse("indicators:grid") + f"?indicator=BEDS&year={YEAR}&region={city.pk}"
    client.post(page, {f"v_{unit_a.pk}": "700", f"v_{unit_b.pk}": "500"})
    assert Value.objects.get(unit=unit_a).value == D(600)
    assert Value.objects.get(unit=unit_b).value == D(500)


def test_grid_rejects_delete(client, staff):
    client.force_login(staff)
    assert client.delete(reverse("indicators:grid")).status_code == 405
