"""The history of a place's figures of a year (who changed what, old → new)."""

from django.urls import reverse

from tests.indicators.conftest import YEAR, url


def test_history_page(client, head_a, unit_a):
    client.force_login(head_a)
    client.post(url("entry", unit_a), {"v_BEDS": "600"})
    client.post(url("entry", unit_a), {"v_BEDS": "610"})
    response = client.get(url("history", unit_a))
    text = response.content.decode()
    assert response.status_code == 200
    assert "何振华" in text and "600" in text and "610" in text


def test_history_of_another_unit_is_404(client, head_b, unit_a):
    client.force_login(head_b)
    assert client.get(url("history", unit_a)).status_code == 404


def test_units_may_not_read_a_regions_history(client, head_a, county_a):
    client.force_login(head_a)
    page = reverse("indicators:history", args=["region", county_a.pk, YEAR])
    assert client.get(page).status_code == 403


def test_history_rejects_post(client, head_a, unit_a):
    client.force_login(head_a)
    assert client.post(url("history", unit_a)).status_code == 405
