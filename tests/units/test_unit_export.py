import io

from openpyxl import load_workbook

from units.importer import HEADERS, UnitImporter


def _sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_it_exports_the_filtered_list(client, staff, unit_a, unit_b, community_a):
    client.force_login(staff)
    response = client.get("/units/export/", {"region": unit_a.region_id})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = _sheet(response)
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.max_row == 2
    assert sheet["A2"].value == "青山县人民医院"
    assert sheet["J2"].value == "青山县医共体"
    assert sheet["K2"].value == "是"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold


def test_export_can_be_imported_back(client, staff, unit_a, unit_b):
    client.force_login(staff)
    data = client.get("/units/export/").content
    preview = UnitImporter(staff).run(data, commit=True)
    assert preview.ok, [str(e) for e in preview.errors]
    assert [r.action for r in preview.rows] == ["更新", "更新"]


def test_it_keeps_to_the_scope(client, head_a, unit_a, unit_b):
    client.force_login(head_a)
    sheet = _sheet(client.get("/units/export/"))
    assert sheet.max_row == 2 and sheet["A2"].value == unit_a.name


def test_formula_like_text_is_neutralised(client, staff, unit_a):
    unit_a.head_name = '=HYPERLINK("http://x")'
    unit_a.save()
    client.force_login(staff)
    sheet = _sheet(client.get("/units/export/"))
    assert sheet["H2"].value == '=HYPERLINK("http://x")'
    assert sheet["H2"].data_type == "s" and sheet["H2"].quotePrefix


def test_it_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post("/units/export/").status_code == 405


def test_template_has_exactly_the_headers(client, staff):
    client.force_login(staff)
    response = client.get("/units/import/template/")
    assert response.status_code == 200
    assert [c.value for c in _sheet(response)[1]] == HEADERS


def test_template_is_for_writers_only(client, leader):
    client.force_login(leader)
    assert client.get("/units/import/template/").status_code == 403


def test_template_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post("/units/import/template/").status_code == 405
