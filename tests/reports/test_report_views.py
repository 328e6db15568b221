import io

from docx import Document
from docx.shared import Mm, Pt

from reports.models import ReportTemplate
from tests.reports.conftest import YEAR


def _query(region, kind="summary", year=YEAR):
    return {"kind": kind, "year": year, "region": region.pk}


def test_index_shows_the_form(client, leader, city):
    client.force_login(leader)
    response = client.get("/reports/")
    assert response.status_code == 200
    assert "预览提纲" in response.content.decode()


def test_preview_shows_the_outline(client, leader, year_record):
    client.force_login(leader)
    response = client.get("/reports/", _query(year_record))
    assert response.status_code == 200
    body = response.content.decode()
    assert "青山县卫生健康局2025年工作总结" in body
    assert "二、存在的问题" in body
    assert "下载 Word 文件" in body


def test_preview_of_the_speech(client, staff, year_record):
    client.force_login(staff)
    body = client.get("/reports/", _query(year_record, "speech")).content.decode()
    assert "同志们：" in body and "下面，我讲三点意见。" in body


def test_unit_people_are_refused(client, head_a, county_a):
    client.force_login(head_a)
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/download/", _query(county_a)).status_code == 403


def test_a_region_outside_the_scope_is_404(client, county_staff, county_b):
    client.force_login(county_staff)
    assert client.get("/reports/download/", _query(county_b)).status_code == 404
    assert client.get("/reports/", _query(county_b)).status_code == 404


def test_a_bad_year_is_explained(client, leader, city):
    client.force_login(leader)
    response = client.get("/reports/download/", _query(city, year=1900))
    assert response.status_code == 400
    assert "年度：选择一个有效的选项" in response.content.decode()


def test_a_bad_kind_is_explained(client, leader, city):
    client.force_login(leader)
    response = client.get("/reports/", _query(city, kind="poem"))
    assert response.status_code == 400


def test_post_is_refused(client, leader, city):
    client.force_login(leader)
    assert client.post("/reports/").status_code == 405
    assert client.post("/reports/download/", _query(city)).status_code == 405


def test_download_is_an_official_document(client, leader, year_record, check_layout):
    client.force_login(leader)
    response = client.get("/reports/download/", _query(year_record))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))

    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.top_margin - Mm(37)) < Mm(0.5)
    assert abs(section.left_margin - Mm(28)) < Mm(0.5)
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    fonts = normal.element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == (
        "仿宋_GB2312"
    )
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    assert document.paragraphs[0].text.startswith("青山县卫生健康局2025年工作总结")
    assert document.settings.odd_and_even_pages_header_footer
    assert "PAGE" in section.footer._element.xml and "PAGE" in section.even_page_footer._element.xml
    texts = [p.text for p in document.paragraphs]
    assert "一、2025年重点工作开展情况" in texts
    assert document.paragraphs[texts.index("一、2025年重点工作开展情况")].style.name == "Heading 1"

    assert "13/13 layout checks pass" in check_layout(response.content)


def test_download_uses_the_bureau_template(client, county_staff, year_record):
    letterhead = Document()
    letterhead.add_paragraph("青山县卫生健康局文件（红头）")
    buffer = io.BytesIO()
    letterhead.save(buffer)
    ReportTemplate.objects.create(
        region=year_record, name="红头.docx", content=buffer.getvalue(), uploaded_by=county_staff
    )
    client.force_login(county_staff)
    response = client.get("/reports/download/", _query(year_record, "speech"))
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert texts[0] == "青山县卫生健康局文件（红头）"
    assert "同志们：" in texts
