"""The reports page's 下载数据底稿 and the figures of the preview linked to their records."""

import io
from urllib.parse import unquote

from openpyxl import load_workbook

from tests.reports.conftest import YEAR


def _query(region, kind="summary", year=YEAR):
    return {"kind": kind, "year": year, "region": region.pk}


def test_it_downloads_the_workpaper_of_the_previewed_document(client, leader, year_record):
    client.force_login(leader)
    response = client.get("/reports/workpaper/", _query(year_record))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert unquote(response["Content-Disposition"]).endswith(
        "青山县2025年年度工作总结（数据底稿）.xlsx"
    )
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["底稿", "问题", "指标"]
    printed = [row[3] for row in book["底稿"].iter_rows(min_row=2, values_only=True)]
    assert "3个" in printed  # 发现问题


def test_the_preview_offers_it_and_links_the_figures(client, staff, year_record):
    client.force_login(staff)
    body = client.get("/reports/", _query(year_record)).content.decode()
    assert 'data-testid="download-workpaper"' in body
    assert 'class="app-figure-link" href="/rectification/?year=2025&amp;region=' in body
    assert "overdue=true" in body and "口径：" in body


def test_it_rejects_post(client, leader, year_record):
    client.force_login(leader)
    assert client.post("/reports/workpaper/", _query(year_record)).status_code == 405


def test_a_region_outside_the_scope_is_404(client, county_staff, county_b):
    client.force_login(county_staff)
    assert client.get("/reports/workpaper/", _query(county_b)).status_code == 404


def test_unit_people_are_refused(client, head_a, county_a):
    client.force_login(head_a)
    assert client.get("/reports/workpaper/", _query(county_a)).status_code == 403


def test_a_bad_year_is_explained(client, leader, city):
    client.force_login(leader)
    response = client.get("/reports/workpaper/", _query(city, year=1900))
    assert response.status_code == 400
    assert "年度：选择一个有效的选项" in response.content.decode()
