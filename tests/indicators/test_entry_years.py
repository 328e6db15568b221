"""The entry page's year comes from the URL: 2000–2100 are pages, any other year is a 404."""

import pytest


@pytest.mark.parametrize("year, status", [(2000, 200), (2100, 200), (1999, 404), (2101, 404)])
def test_the_year_in_the_url_is_a_page_or_a_404(client, head_a, unit_a, year, status):
    client.force_login(head_a)
    assert client.get(f"/indicators/entry/unit/{unit_a.pk}/{year}/").status_code == status
    assert client.get(f"/indicators/entry/unit/{unit_a.pk}/{year}/history/").status_code == status


def test_a_far_year_is_a_chinese_404(client, staff, county_a):
    client.force_login(staff)
    response = client.get(f"/indicators/entry/region/{county_a.pk}/2101/")
    assert response.status_code == 404 and "找不到该页面" in response.content.decode()
