"""The upload → preview → confirm pages of the units import."""

from healthreport.lib import uploads
from tests.units.excel_helpers import upload, xlsx_bytes
from tests.units.test_importer import CODE_1, row
from units.importer import HEADERS
from units.models import Unit

URL = "/units/import/"


def test_it_shows_the_upload_form(client, staff):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    assert "下载导入模板" in response.content.decode()


def test_preview_then_confirm(client, staff, county_a):
    client.force_login(staff)
    response = client.post(URL, {"file": upload(xlsx_bytes(HEADERS, [row()]))})
    assert response.status_code == 200
    assert "检查通过" in response.content.decode()
    assert not Unit.objects.exists()  # the preview writes nothing

    token = response.context["token"]
    response = client.post(URL, {"token": token})
    assert response.status_code == 302
    assert response["Location"] == "/units/"
    assert Unit.objects.get().credit_code == CODE_1
    assert uploads.load("units", staff.pk, token) is None  # the staged file is gone


def test_errors_are_listed_and_nothing_is_staged(client, staff, county_a):
    client.force_login(staff)
    response = client.post(URL, {"file": upload(xlsx_bytes(HEADERS, [row(核定床位="很多")]))})
    assert response.status_code == 400
    body = response.content.decode()
    assert "未导入任何数据" in body and "应填写整数" in body
    assert "token" not in response.context


def test_a_token_of_someone_else_is_refused(client, staff, county_staff, county_a):
    token = uploads.stage("units", county_staff.pk, xlsx_bytes(HEADERS, [row()]))
    client.force_login(staff)
    response = client.post(URL, {"token": token}, follow=True)
    assert "预览已失效" in response.content.decode()
    assert not Unit.objects.exists()


def test_a_malformed_token_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(URL, {"token": "../../etc/passwd"}, follow=True)
    assert "预览已失效" in response.content.decode()


def test_xlsm_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(URL, {"file": upload(xlsx_bytes(HEADERS, [row()]), "机构.xlsm")})
    assert response.status_code == 400
    assert "启用宏" in response.content.decode()


def test_a_csv_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(URL, {"file": upload(b"a,b\n1,2\n", "机构.csv")})
    assert response.status_code == 400
    assert "只接受 Excel 工作簿" in response.content.decode()


def test_an_oversized_file_is_refused(client, staff, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(staff)
    response = client.post(URL, {"file": upload(b"x" * 2048, "机构.xlsx")})
    assert response.status_code == 400
    assert "超过了" in response.content.decode()


def test_no_file_is_explained(client, staff):
    client.force_login(staff)
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "请选择要上传的 Excel 文件" in response.content.decode()


def test_leader_is_refused(client, leader):
    client.force_login(leader)
    assert client.get(URL).status_code == 403


def test_unit_head_is_refused(client, head_a):
    client.force_login(head_a)
    assert client.post(URL, {}).status_code == 403


def test_it_rejects_put(client, staff):
    client.force_login(staff)
    assert client.put(URL).status_code == 405
