"""Reporting progress (填报进度): who has reported the year's figures, for bureau people."""

from django.urls import reverse

from indicators.models import ValueStatus
from tests.fixtures import make_unit
from tests.indicators.conftest import YEAR, put


def test_progress_lists_late_units(client, staff, city, unit_a, unit_b, django_assert_num_queries):
    put("BEDS", unit_a, 600, status=ValueStatus.SUBMITTED)
    client.force_login(staff)
    page = reverse("indicators:progress")
    response = client.get(page, {"year": YEAR, "only": "late"})
    text = response.content.decode()
    assert "白沙县人民医院" in text and "青山县人民医院" not in text
    with django_assert_num_queries(8):
        client.get(page, {"year": YEAR})
    for n in range(10):
        make_unit(unit_a.region, f"医院{n}")
    with django_assert_num_queries(8):
        client.get(page, {"year": YEAR})


def test_county_staff_see_their_county(client, county_staff, unit_a, unit_b):
    client.force_login(county_staff)
    text = client.get(reverse("indicators:progress"), {"year": YEAR}).content.decode()
    assert "青山县人民医院" in text and "白沙县人民医院" not in text


def test_a_region_outside_the_scope_is_404(client, county_staff, city):
    client.force_login(county_staff)
    assert client.get(reverse("indicators:progress"), {"region": city.pk}).status_code == 404


def test_progress_rejects_post(client, staff, city):
    client.force_login(staff)
    assert client.post(reverse("indicators:progress")).status_code == 405
