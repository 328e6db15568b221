import io

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from reports.models import ReportTemplate

URL = "/reports/template/"


def _docx() -> bytes:
    document = Document()
    document.add_paragraph("示例市卫生健康局")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(data: bytes, name: str = "红头.docx"):
    return {"file": SimpleUploadedFile(name, data)}


def test_it_shows_the_page(client, staff):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    assert "尚未上传模板" in response.content.decode()


def test_staff_uploads_a_template(client, staff, city):
    client.force_login(staff)
    response = client.post(URL, _upload(_docx()))
    assert response.status_code == 302
    template = ReportTemplate.objects.get()
    assert template.region == city and template.name == "红头.docx"
    assert bytes(template.content)[:2] == b"PK"


def test_a_second_upload_replaces_the_first(client, staff, city):
    client.force_login(staff)
    client.post(URL, _upload(_docx(), "一.docx"))
    client.post(URL, _upload(_docx(), "二.docx"))
    assert list(ReportTemplate.objects.values_list("name", flat=True)) == ["二.docx"]


def test_a_file_that_is_not_docx_is_refused(client, staff, city):
    client.force_login(staff)
    response = client.post(URL, _upload(b"not a zip at all", "假的.docx"))
    assert response.status_code == 400
    assert "不是有效的 Word 文档" in response.content.decode()
    assert not ReportTemplate.objects.exists()


def test_a_doc_file_is_refused(client, staff, city):
    client.force_login(staff)
    response = client.post(URL, _upload(_docx(), "旧格式.doc"))
    assert response.status_code == 400
    assert "只接受 Word 文档（.docx）" in response.content.decode()


def test_leader_cannot_upload(client, leader, city):
    client.force_login(leader)
    assert client.get(URL).status_code == 200
    assert client.post(URL, _upload(_docx())).status_code == 403
    assert not ReportTemplate.objects.exists()


def test_unit_people_are_refused(client, head_a):
    client.force_login(head_a)
    assert client.get(URL).status_code == 403


def test_it_rejects_put(client, staff):
    client.force_login(staff)
    assert client.put(URL).status_code == 405


def test_delete(client, staff, city):
    ReportTemplate.objects.create(region=city, name="x.docx", content=_docx(), uploaded_by=staff)
    client.force_login(staff)
    assert client.get("/reports/template/delete/").status_code == 405
    assert client.post("/reports/template/delete/").status_code == 302
    assert not ReportTemplate.objects.exists()


def test_leader_cannot_delete(client, leader, staff, city):
    ReportTemplate.objects.create(region=city, name="x.docx", content=_docx(), uploaded_by=staff)
    client.force_login(leader)
    assert client.post("/reports/template/delete/").status_code == 403
    assert ReportTemplate.objects.exists()


def test_nearest_template_up_the_tree(staff, city, county_a, township_a):
    template = ReportTemplate.objects.create(
        region=city, name="x.docx", content=_docx(), uploaded_by=staff
    )
    assert ReportTemplate.objects.for_region(township_a) == template
    own = ReportTemplate.objects.create(
        region=county_a, name="y.docx", content=_docx(), uploaded_by=staff
    )
    assert ReportTemplate.objects.for_region(township_a) == own
