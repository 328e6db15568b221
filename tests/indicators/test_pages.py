"""Scorecard, indicator page, grid, progress, catalogue and export views."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from indicators.models import Value, ValueStatus
from tests.fixtures import make_unit
from tests.indicators.conftest import YEAR, aim, put


@pytest.fixture
def figures(city, county_a, county_b, unit_a, unit_b):
    put("POPULATION", county_a, 500000)
    put("POPULATION", county_b, 300000)
    put("BEDS", unit_a, 600)
    put("BEDS", unit_b, 500)
    aim("BEDS_PER_1000", city, ">=", "1.4")


def test_scorecard(client, staff, city, figures):
    client.force_login(staff)
    response = client.get(reverse("indicators:scorecard"), {"year": YEAR})
    text = response.content.decode()
    assert response.status_code == 200
    assert "示例市2025年指标完成情况" in text
    assert "1.38" in text and "≥1.4张" in text and "略低于预期" in text  # 1100 / 800000 × 1000
    assert 'data-chart="chart-status"' in text


def test_scorecard_query_count_is_flat(
    client, staff, city, county_a, figures, django_assert_num_queries
):
    client.force_login(staff)
    page = reverse("indicators:scorecard")
    client.get(page, {"year": YEAR})
    with django_assert_num_queries(10):
        client.get(page, {"year": YEAR})
    for n in range(20):
        put("BEDS", make_unit(county_a, f"诊所{n}"), 10)
    with django_assert_num_queries(10):
        client.get(page, {"year": YEAR})


def test_scorecard_scope_and_roles(client, county_staff, head_a, city, county_a, figures):
    client.force_login(county_staff)
    assert client.get(reverse("indicators:scorecard"), {"region": city.pk}).status_code == 404
    response = client.get(reverse("indicators:scorecard"), {"year": YEAR})
    assert "青山县2025年" in response.content.decode()
    client.force_login(head_a)
    assert client.get(reverse("indicators:scorecard")).status_code == 403
    assert client.post(reverse("indicators:scorecard")).status_code == 405


def test_indicator_page(client, leader, city, figures):
    client.force_login(leader)
    response = client.get(reverse("indicators:indicator_detail", args=["BEDS"]), {"year": YEAR})
    text = response.content.decode()
    assert response.status_code == 200
    assert text.index("青山县人民医院") < text.index("白沙县人民医院")  # 600 ranks above 500
    response = client.get(reverse("indicators:indicator_detail", args=["BEDS_PER_1000"]))
    assert 'data-chart="chart-trend"' in response.content.decode()
    assert client.get(reverse("indicators:indicator_detail", args=["NOPE"])).status_code == 404


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


def test_grid_roles(client, leader, head_a, staff):
    client.force_login(leader)
    assert client.get(reverse("indicators:grid")).status_code == 403
    client.force_login(head_a)
    assert client.get(reverse("indicators:grid")).status_code == 403
    client.force_login(staff)
    assert client.get(reverse("indicators:grid"), {"indicator": "MMR"}).status_code == 404


def test_progress_lists_late_units(client, staff, city, unit_a, unit_b, django_assert_num_queries):
    put("BEDS", unit_a, 600, status=ValueStatus.SUBMITTED)
    client.force_login(staff)
    page = reverse("indicators:progress")
    response = client.get(page, {"year": YEAR, "only": "late"})
    text = response.content.decode()
    assert "白沙县人民医院" in text and "青山县人民医院" not in text
    with django_assert_num_queries(9):
        client.get(page, {"year": YEAR})
    for n in range(10):
        make_unit(unit_a.region, f"医院{n}")
    with django_assert_num_queries(9):
        client.get(page, {"year": YEAR})


def test_progress_and_catalogue_are_for_the_bureau(client, head_a, leader):
    client.force_login(head_a)
    assert client.get(reverse("indicators:progress")).status_code == 403
    assert client.get(reverse("indicators:catalogue")).status_code == 403
    client.force_login(leader)
    response = client.get(reverse("indicators:catalogue"))
    assert "孕产妇死亡率" in response.content.decode()
    assert client.post(reverse("indicators:catalogue")).status_code == 405


def test_export_view(client, staff, city, figures, head_a):
    client.force_login(staff)
    response = client.get(reverse("indicators:export"), {"year": YEAR, "region": city.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(head_a)
    assert client.get(reverse("indicators:export")).status_code == 403


def test_home_panels(client, head_a, staff, leader, unit_a, figures):
    from django.utils import timezone

    client.force_login(head_a)
    assert "项指标未填写" in client.get("/").content.decode()
    put("DOCTORS", unit_a, 400, year=timezone.localdate().year)
    client.force_login(staff)
    assert "青山县人民医院" in client.get("/").content.decode()
    client.force_login(leader)
    assert client.get("/").status_code == 200


def test_unit_page_panel(client, head_a, unit_a):
    client.force_login(head_a)
    response = client.get(reverse("units:unit_detail", args=[unit_a.pk]))
    assert 'data-testid="unit-indicators"' in response.content.decode()
