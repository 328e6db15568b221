"""The grid: one input indicator across every unit (or region) of a region, for staff."""

from decimal import Decimal as D

from django.urls import reverse

from indicators.models import Value, ValueStatus
from tests.indicators.conftest import YEAR, later, opened_versions, put, save_as


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


# --- no lost updates ---------------------------------------------------------------------------


def test_a_stale_grid_cannot_overwrite_or_delete(
    client, staff, county_staff, city, unit_a, unit_b, clock
):
    """unit_a's figure changed and unit_b's was entered after the page was opened: the grid is
    refused whole, the stale cell shows the new figure, the other cells keep what was typed."""
    put("BEDS", unit_a, 600)
    client.force_login(staff)
    page = reverse("indicators:grid") + f"?indicator=BEDS&year={YEAR}&region={city.pk}"
    versions = opened_versions(client.get(page))
    later(clock)
    save_as(county_staff, unit_a, "BEDS", 650)
    response = client.post(
        page, {**versions, f"v_{unit_a.pk}": "700", f"v_{unit_b.pk}": "500", f"c_{unit_b.pk}": "新"}
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "该数值已被赵永明于2026-06-15 10:05修改为650张，请刷新后再改" in text
    assert "未保存任何数据" in text
    assert (
        f'name="v_{unit_a.pk}" value="650"' in text and f'name="v_{unit_b.pk}" value="500"' in text
    )
    assert not Value.objects.filter(unit=unit_b).exists()
    # Saved again from the page shown: unit_b's figure goes in, unit_a's stays 650.
    response = client.post(
        page, {**opened_versions(response), f"v_{unit_a.pk}": "650", f"v_{unit_b.pk}": "500"}
    )
    assert response.status_code == 302
    assert (
        Value.objects.get(unit=unit_a).value == 650 and Value.objects.get(unit=unit_b).value == 500
    )


def test_an_empty_stale_cell_leaves_a_figure_entered_since(
    client, staff, county_staff, city, unit_a, unit_b, clock
):
    client.force_login(staff)
    page = reverse("indicators:grid") + f"?indicator=BEDS&year={YEAR}&region={city.pk}"
    versions = opened_versions(client.get(page))
    assert versions[f"s_{unit_a.pk}"] == ""
    later(clock)
    save_as(county_staff, unit_a, "BEDS", 650)
    response = client.post(page, {**versions, f"v_{unit_a.pk}": "", f"v_{unit_b.pk}": "500"})
    assert response.status_code == 302
    assert (
        Value.objects.get(unit=unit_a).value == 650 and Value.objects.get(unit=unit_b).value == 500
    )
