"""Exports are named by year and place (2025年宝应县整改台账.xlsx), on every export page."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.urls import reverse

from units.lookup import export_filename

pytestmark = pytest.mark.django_db


def filename(response) -> str:
    assert response.status_code == 200
    return unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])


def test_the_name_carries_year_and_place(staff, county_staff, head_a, county_b):
    assert (
        export_filename("整改台账", staff, year=2025, region=county_b)
        == "2025年白沙县整改台账.xlsx"
    )
    assert export_filename("整改台账", county_staff, year=2025) == "2025年青山县整改台账.xlsx"
    assert export_filename("整改台账", head_a, year=None) == "全部年度青山县人民医院整改台账.xlsx"
    assert export_filename("指标", None, year=2025) == "2025年全部指标.xlsx"


def test_the_problem_export_names_the_filtered_year_and_region(client, staff, county_a):
    client.force_login(staff)
    asked = {"year": 2026, "region": county_a.pk}
    response = client.get(reverse("rectification:problem_export"), asked)
    assert filename(response) == "2026年青山县整改台账.xlsx"
    response = client.get(reverse("rectification:problem_export"))
    assert filename(response) == "全部年度示例市整改台账.xlsx"


def test_the_statistics_export_names_its_year_and_region(client, leader, county_a):
    client.force_login(leader)
    response = client.get(
        reverse("rectification:stats_export"), {"year": 2026, "region": county_a.pk}
    )
    assert filename(response) == "2026年青山县整改台账.xlsx"


def test_the_unit_export_names_this_year_and_the_region(client, county_staff, unit_a):
    client.force_login(county_staff)
    assert filename(client.get(reverse("units:unit_export"))) == "2026年青山县机构名录.xlsx"


def test_the_indicator_export_names_its_year_and_region(client, staff, city, county_a):
    client.force_login(staff)
    response = client.get(reverse("indicators:export"), {"year": 2025, "region": county_a.pk})
    assert filename(response) == "2025年青山县指标.xlsx"
