import io

import docx
import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports import docx_layout
from reports.docx_layout import (
    INVALID_TEMPLATE_MESSAGE,
    add_heading,
    add_table,
    new_document,
    render_outline,
    to_bytes,
    validate_template,
)
from reports.outline import Heading, Outline, Paragraph, Signature, Table, heading_prefix

BODY = (
    "全年共开展医疗机构依法执业专项检查8轮次，覆盖二级以上公立医院6家、乡镇卫生院14家、"
    "民营医疗机构37家，对发现的问题逐一建立整改台账，实行销号管理。"
)


def sample_outline() -> Outline:
    return Outline(
        title_lines=["宝应县卫生健康局2025年工作总结", "和2026年工作思路"],
        date_line="2026年1月10日",
        salutation="同志们",
        blocks=[
            Heading(1, "一、2025年重点工作开展情况"),
            Heading(2, "（一）持续深化专项整治"),
            Heading(3, "1.强化督查检查"),
            Heading(4, "（1）建立整改台账"),
            Paragraph(BODY, lead="一是坚持问题导向。"),
            Paragraph(BODY),
            Table(
                ["序号", "指标", "2025年"],
                [["1", "孕产妇死亡率（/10万）", "8.5"], ["2", "基层就诊率（%）", "63.2"]],
                numeric_columns=(2,),
            ),
            Signature("宝应县卫生健康局", "2026年1月10日"),
        ],
    )


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return render_outline(sample_outline())


@pytest.fixture
def document(rendered):
    return docx.Document(io.BytesIO(rendered))


def fonts(style) -> dict[str, str]:
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    return {slot: rfonts.get(qn(f"w:{slot}")) for slot in ("eastAsia", "ascii", "hAnsi")}


def mm(length) -> float:
    # Word stores lengths in twips, so Mm(210) comes back a few EMU off.
    return round(length.mm, 1)


def paragraph_with(document, text):
    return next(p for p in document.paragraphs if p.text.startswith(text))


def test_page_is_a4_portrait_with_the_standard_margins(document):
    section = document.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert mm(section.top_margin) == 37
    assert mm(section.bottom_margin) == 35
    assert mm(section.left_margin) == 28
    assert mm(section.right_margin) == 26


def test_line_grid_has_the_pitch_of_22_lines(document):
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"
    assert grid.get(qn("w:type")) == "lines"


def test_normal_style_is_3hao_fangsong_on_the_grid(document):
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert fonts(normal) == {
        "eastAsia": "仿宋_GB2312",
        "ascii": "Times New Roman",
        "hAnsi": "Times New Roman",
    }
    fmt = normal.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.line_spacing == Pt(28.95)
    assert fmt.first_line_indent == Pt(32)
    assert fmt.space_before == 0 and fmt.space_after == 0
    assert str(normal.font.color.rgb) == "000000"


def test_title_is_2hao_xiaobiaosong_centred_on_two_lines(document):
    title = document.paragraphs[0]
    assert title.style.name == "Title"
    assert title.style.font.size == Pt(22)
    assert fonts(title.style)["eastAsia"] == "方正小标宋简体"
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.style.paragraph_format.first_line_indent == 0
    assert title.text == "宝应县卫生健康局2025年工作总结\n和2026年工作思路"


def test_date_line_and_salutation(document):
    date_line = document.paragraphs[1]
    assert date_line.text == "（2026年1月10日）"
    assert fonts(date_line.style)["eastAsia"] == "楷体_GB2312"
    assert date_line.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert document.paragraphs[2].text == ""  # one blank line under the title block
    salutation = document.paragraphs[3]
    assert salutation.text == "同志们："
    assert salutation.style.paragraph_format.first_line_indent == 0
    assert salutation.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT


@pytest.mark.parametrize(
    ("level", "east_asian", "bold"),
    [
        (1, "黑体", False),
        (2, "楷体_GB2312", False),
        (3, "仿宋_GB2312", True),
        (4, "仿宋_GB2312", False),
    ],
)
def test_heading_styles(document, level, east_asian, bold):
    style = document.styles[f"Heading {level}"]
    assert fonts(style)["eastAsia"] == east_asian
    assert fonts(style)["ascii"] == "Times New Roman"
    assert style.font.size == Pt(16)
    assert style.font.bold is bold
    assert style.font.italic is False
    assert str(style.font.color.rgb) == "000000"
    fmt = style.paragraph_format
    assert fmt.first_line_indent == Pt(32)
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.line_spacing == Pt(28.95)
    outline_level = style.element.pPr.find(qn("w:outlineLvl"))
    assert outline_level.get(qn("w:val")) == str(level - 1)
    # no theme font left over from the default template
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsiaTheme")) is None


def test_heading_paragraphs_use_the_heading_styles(document):
    assert paragraph_with(document, "一、").style.name == "Heading 1"
    assert paragraph_with(document, "（一）").style.name == "Heading 2"
    assert paragraph_with(document, "1.").style.name == "Heading 3"
    assert paragraph_with(document, "（1）").style.name == "Heading 4"


def test_lead_phrase_is_a_bold_run(document):
    paragraph = paragraph_with(document, "一是")
    lead, rest = paragraph.runs
    assert lead.text == "一是坚持问题导向。"
    assert lead.style.font.bold is True
    assert rest.text == BODY
    assert paragraph.style.name == "Normal"


def test_table_inside_the_text_block_with_bold_header_and_numbers_right(document):
    table = document.tables[0]
    assert table.style.name == "Official Table"
    assert sum(mm(cell.width) for cell in table.rows[0].cells) <= 156
    header = table.rows[0].cells[0].paragraphs[0]
    assert header.style.name == "Table Header"
    assert header.style.font.bold is True
    body = table.rows[1].cells[1].paragraphs[0]
    assert body.style.font.size == Pt(12)
    assert fonts(body.style)["eastAsia"] == "仿宋_GB2312"
    assert body.style.paragraph_format.first_line_indent == 0
    assert body.style.paragraph_format.line_spacing_rule == WD_LINE_SPACING.SINGLE
    assert table.rows[1].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[1].cells[1].paragraphs[0].alignment is None
    borders = table.style.element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}


def test_signature_is_right_aligned_two_characters_in(document):
    sender, date = document.paragraphs[-2:]
    assert (sender.text, date.text) == ("宝应县卫生健康局", "2026年1月10日")
    assert sender.style.name == date.style.name == "Signature"
    assert sender.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.style.paragraph_format.right_indent == Pt(32)
    # The date (6.5 characters) starts two characters right of the sender (8 characters).
    assert sender.paragraph_format.right_indent == Pt(40)
    assert date.paragraph_format.right_indent is None
    # A page break never parts the sender from the date, nor the blank line from the sender.
    blank = document.paragraphs[-3]
    assert blank.paragraph_format.keep_with_next and sender.paragraph_format.keep_with_next


def footer_xml(footer) -> str:
    return footer._element.xml


def test_page_numbers_odd_right_even_left(document):
    assert document.settings.odd_and_even_pages_header_footer is True
    section = document.sections[0]
    for footer, alignment, indent in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent"),
    ):
        assert not footer.is_linked_to_previous
        xml = footer_xml(footer)
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert " PAGE " in xml
        paragraph = footer.paragraphs[0]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.alignment == alignment
        assert getattr(paragraph.paragraph_format, indent) == Pt(14)
        style = paragraph.style
        assert style.font.size == Pt(14)
        assert set(fonts(style).values()) == {"宋体"}


def test_layout_checker_passes(rendered, check_layout):
    check_layout(rendered)


def test_document_does_not_say_python_docx(document):
    assert document.core_properties.author == ""
    assert "python-docx" not in (document.core_properties.comments or "")
    assert document.core_properties.title == "宝应县卫生健康局2025年工作总结和2026年工作思路"


# --- templates ----------------------------------------------------------------------------


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("data", [b"", b"not a word file", b"PK\x03\x04broken", "xlsx"])
def test_non_docx_template_is_rejected_in_chinese(data):
    if data == "xlsx":
        data = xlsx_bytes()
    with pytest.raises(ValueError, match=r"上传的文件不是有效的 Word 文档（\.docx）"):
        validate_template(data)
    with pytest.raises(ValueError) as excinfo:
        render_outline(sample_outline(), template=data)
    assert str(excinfo.value) == INVALID_TEMPLATE_MESSAGE


def letterhead_template(*, own_normal: bool = False) -> bytes:
    template = docx.Document()
    template.sections[0].top_margin = Mm(40)
    letterhead = template.add_paragraph("宝应县卫生健康局文件")
    letterhead.runs[0].font.size = Pt(36)
    if own_normal:
        normal = template.styles["Normal"]
        normal.font.size = Pt(15)
        normal.element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")
    return to_bytes(template)


def test_valid_template_passes_validation():
    validate_template(letterhead_template())


def test_template_letterhead_and_page_setup_are_kept():
    data = render_outline(sample_outline(), template=letterhead_template())
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "宝应县卫生健康局文件"
    assert document.paragraphs[1].style.name == "Title"
    assert mm(document.sections[0].top_margin) == 40
    # the template left its styles at Word's defaults, so the standard's are applied
    assert fonts(document.styles["Heading 1"])["eastAsia"] == "黑体"
    assert document.styles["Normal"].font.size == Pt(16)
    assert " PAGE " in footer_xml(document.sections[0].footer)


def test_template_styles_set_up_for_chinese_are_kept():
    data = render_outline(sample_outline(), template=letterhead_template(own_normal=True))
    normal = docx.Document(io.BytesIO(data)).styles["Normal"]
    assert normal.font.size == Pt(15)
    assert fonts(normal)["eastAsia"] == "仿宋"


def test_template_with_its_own_page_numbers_is_not_numbered_twice():
    first = render_outline(sample_outline())
    again = docx.Document(io.BytesIO(render_outline(sample_outline(), template=first)))
    assert footer_xml(again.sections[0].footer).count(" PAGE ") == 1


# --- helpers ------------------------------------------------------------------------------


def test_add_heading_numbers_and_checks_its_level():
    document = new_document()
    assert add_heading(document, 2, "加强领导", number=3).text == "（三）加强领导"
    with pytest.raises(ValueError):
        add_heading(document, 5, "太深")


def test_wide_tables_are_scaled_into_the_text_block():
    document = new_document()
    table = add_table(document, ["A", "B"], [["1", "2"]], widths_mm=(120, 120))
    assert mm(table.columns[0].width) == mm(table.columns[1].width) == 78
    with pytest.raises(ValueError):
        add_table(document, ["A", "B"], [["1"]])


def test_signature_with_a_long_date_keeps_the_date_two_characters_in():
    document = new_document()
    sender, date = docx_layout.add_signature(document, "卫健局", "2026年12月31日")[1:]
    assert date.paragraph_format.right_indent is None  # the style's two characters
    # date 7 characters wide starts at 9 from the right; the sender (3) starts at 11: indent 8
    assert sender.paragraph_format.right_indent == Pt(16 * 8)


def test_heading_prefix_and_levels():
    assert [heading_prefix(level, 12) for level in (1, 2, 3, 4)] == [
        "十二、",
        "（十二）",
        "12.",
        "（12）",
    ]
    with pytest.raises(ValueError):
        Heading(0, "x")


def test_a_numbered_heading_reads_as_add_heading_writes_it():
    document = new_document()
    for level in (1, 2, 3, 4):
        heading = Heading.numbered(level, 3, "加强领导")
        assert heading.text == add_heading(document, level, "加强领导", number=3).text
    assert Heading.numbered(2, 3, "加强领导") == Heading(2, "（三）加强领导")
