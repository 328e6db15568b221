"""The indicator panels of the home page and of a unit's page."""

from django.urls import reverse

from tests.clock import TODAY
from tests.indicators.conftest import put


def test_home_panels(client, head_a, staff, leader, unit_a, figures):
    client.force_login(head_a)
    assert "项指标未填写" in client.get("/").content.decode()
    put("DOCTORS", unit_a, 400, year=TODAY.year)
    client.force_login(staff)
    assert "青山县人民医院" in client.get("/").content.decode()
    client.force_login(leader)
    assert client.get("/").status_code == 200


def test_unit_page_panel(client, head_a, unit_a):
    client.force_login(head_a)
    response = client.get(reverse("units:unit_detail", args=[unit_a.pk]))
    assert 'data-testid="unit-indicators"' in response.content.decode()
