"""The library views every app configures in its URLs (imports, templates), and paginate."""

import io

import pytest
from openpyxl import load_workbook

PAGES = ["/units/import/", "/rectification/import/", "/indicators/import/values/"]
TEMPLATES = [
    ("/units/import/template/", "机构导入模板.xlsx"),
    ("/rectification/import/template/", "整改台账导入模板.xlsx"),
    ("/indicators/import/values/template/", "指标数值导入模板.xlsx"),
    ("/indicators/import/targets/template/", "指标目标导入模板.xlsx"),
]


@pytest.mark.parametrize("path", PAGES)
def test_the_import_pages_open_for_staff_only(client, staff, leader, path):
    client.force_login(staff)
    assert client.get(path).status_code == 200
    assert client.put(path).status_code == 405
    client.force_login(leader)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize(("path", "name"), TEMPLATES)
def test_the_templates_download_for_staff_only(client, staff, head_a, path, name):
    from urllib.parse import unquote

    client.force_login(staff)
    response = client.get(path)
    assert response.status_code == 200
    assert unquote(response["Content-Disposition"]).endswith(name)
    assert load_workbook(io.BytesIO(response.content)).worksheets
    assert client.post(path).status_code == 405
    client.force_login(head_a)
    assert client.get(path).status_code == 403


def test_paginate_keeps_the_filters_and_drops_the_page(rf):
    from healthreport.lib.http import paginate

    request = rf.get("/", {"status": "open", "page": "2"})
    context = paginate(request, list(range(120)), per_page=50)
    assert context["query"] == "status=open"
    assert list(context["page"].object_list) == list(range(50, 100))
