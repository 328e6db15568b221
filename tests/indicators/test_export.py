"""The Excel export of a region's year (数值 and 完成情况 sheets)."""

from django.urls import reverse

from tests.indicators.conftest import YEAR


def test_export_view(client, staff, city, figures, head_a):
    client.force_login(staff)
    response = client.get(reverse("indicators:export"), {"year": YEAR, "region": city.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(head_a)
    assert client.get(reverse("indicators:export")).status_code == 403


def test_export_of_a_region_outside_the_scope_is_404(client, county_staff, city, figures):
    client.force_login(county_staff)
    assert client.get(reverse("indicators:export"), {"region": city.pk}).status_code == 404


def test_a_region_that_is_not_a_number_is_404(client, staff, figures):
    client.force_login(staff)
    assert client.get(reverse("indicators:export"), {"region": "x"}).status_code == 404


def test_export_rejects_post(client, staff, figures):
    client.force_login(staff)
    assert client.post(reverse("indicators:export")).status_code == 405
