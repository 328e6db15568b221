"""The one layout every generated Word document uses: GB/T 9704-2012《党政机关公文格式》.

Everything that decides how a document looks lives here, on styles rather than run by run, so a
leader who opens the file in Word finds 正文, 标题 1…4 and the rest as named styles (and the outline
in the navigation pane), and a bureau that edits a style changes every paragraph at once.

The numbers are the standard's, except Times New Roman for digits and the bold "1." heading,
which are common practice: A4; margins 37/28/35/26 mm (text block 156 × 225 mm);
22 lines of 28.95 pt; body 3号 (16 pt) 仿宋_GB2312 with Times New Roman for digits;
title 2号 (22 pt) 方正小标宋简体; headings 一、黑体 / （一）楷体_GB2312 / 1. 仿宋 bold /
（1）仿宋; page numbers "— 1 —" in 4号 (14 pt) 宋体, odd pages right and even pages left,
one character in.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import cast

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.styles.style import CharacterStyle, ParagraphStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from reports.outline import (
    Attachment,
    Heading,
    Outline,
    Paragraph,
    Signature,
    Table,
    heading_prefix,
)

INVALID_TEMPLATE_MESSAGE = "上传的文件不是有效的 Word 文档（.docx）"

# Fonts, by the names Chinese Windows installs them under: the file names them, it does not
# embed them, so these exact names are what Word on a bureau PC looks up.
FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
LATIN = "Times New Roman"

SIZE_BODY = Pt(16)  # 3号
SIZE_TITLE = Pt(22)  # 2号
SIZE_PAGE_NUMBER = Pt(14)  # 4号
SIZE_TABLE = Pt(12)  # 小4

# 225 mm of text block / 22 lines = 28.95 pt = 579 twips, the grid's line pitch.
LINE_PITCH = Pt(28.95)
LINE_PITCH_TWIPS = 579
INDENT_TWO_CHARS = Pt(32)  # two characters of 3号
CONDENSE_TWENTIETHS = -5  # character spacing of the body, in twentieths of a point (−0.25 pt)
TEXT_WIDTH_MM = 156.0
BLACK = RGBColor(0, 0, 0)
NO_INDENT = Pt(0)

# Style names. The built-in names are reused where Word has one (标题 1…4, 标题, 称呼, 签名,
# 页脚), so Word shows them translated and keeps their meaning (outline levels, navigation pane).
STYLE_NORMAL = "Normal"
STYLE_TITLE = "Title"
STYLE_DATE_LINE = "Date Line"
STYLE_DOCUMENT_NUMBER = "Document Number"
STYLE_ATTACHMENT_LABEL = "Attachment Label"
STYLE_SALUTATION = "Salutation"
STYLE_SIGNATURE = "Signature"
STYLE_FOOTER = "Footer"
STYLE_TABLE = "Official Table"
STYLE_TABLE_TEXT = "Table Text"
STYLE_TABLE_HEADER = "Table Header"
STYLE_LEAD = "Paragraph Lead"


def heading_style(level: int) -> str:
    return f"Heading {level}"


# level → (East Asian font, bold). All headings are 3号 and sit on the body's grid.
HEADING_FONTS: dict[int, tuple[str, bool]] = {
    1: (HEITI, False),  # 黑体 is heavy already; bold would smear it
    2: (KAITI, False),
    3: (FANGSONG, True),  # bold in practice, so "1." items stand out from the body text
    4: (FANGSONG, False),
}

# Child order of w:pPr and w:rPr (ECMA-376 §17.3.1.26, §17.3.2.28). python-docx inserts the
# children it knows in order; the ones written here by hand must be put in order too, or Word
# reports the file as damaged.
_PPR_WORDS = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
)
_RPR_WORDS = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
_PPR_ORDER = tuple(_PPR_WORDS.split())
_RPR_ORDER = tuple(_RPR_WORDS.split())


# ---------------------------------------------------------------------------------------------
# Low-level XML helpers
# ---------------------------------------------------------------------------------------------


def _set_child(parent: etree._Element, tag: str, order: Sequence[str], **attrs: str):
    """Replace (or create) ``parent``'s child ``w:tag`` at its schema position."""
    existing = parent.find(qn(f"w:{tag}"))
    if existing is not None:
        parent.remove(existing)
    child = OxmlElement(f"w:{tag}")
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), value)
    later = {qn(f"w:{t}") for t in order[order.index(tag) + 1 :]}
    for index, sibling in enumerate(parent):
        if sibling.tag in later:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def _ppr(style: ParagraphStyle) -> etree._Element:
    return style.element.get_or_add_pPr()


def _set_fonts(style: ParagraphStyle, east_asian: str, latin: str = LATIN) -> None:
    """Name the fonts in every slot: font.name alone sets only the Latin slots, and Chinese text
    would fall back to the theme's East Asian font."""
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for theme_attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{theme_attr}"), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:cs"), latin)
    # Quotation marks and dashes are "ambiguous" characters: without this hint Word draws “” and
    # — in the Latin font, half-width, instead of the full-width Chinese forms.
    rfonts.set(qn("w:hint"), "eastAsia")


def _reset(style: ParagraphStyle, *, keep_outline_level: bool = False) -> None:
    """Drop what a style inherited from the default template (theme fonts, blue colour, borders,
    italics, spacing) so that only what this module sets remains."""
    element = style.element
    for tag in ("w:pPr", "w:rPr"):
        old = element.find(qn(tag))
        if old is None:
            continue
        if tag == "w:pPr" and keep_outline_level:
            for child in list(old):
                if child.tag != qn("w:outlineLvl"):
                    old.remove(child)
        else:
            element.remove(old)


def _style_font(
    style: ParagraphStyle,
    east_asian: str,
    size: Length,
    *,
    bold: bool = False,
    latin: str = LATIN,
) -> None:
    _set_fonts(style, east_asian, latin)
    font = style.font
    font.size = size
    font.bold = bold
    font.italic = False
    font.color.rgb = BLACK


def _style_paragraph(
    style: ParagraphStyle,
    *,
    alignment: WD_ALIGN_PARAGRAPH | None = None,
    first_line_indent: Length | None = NO_INDENT,
    left_indent: Length | None = None,
    right_indent: Length | None = None,
    exact: bool = True,
) -> None:
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if exact:
        fmt.line_spacing = LINE_PITCH  # a Length here writes lineRule="exact"
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if alignment is not None:
        fmt.alignment = alignment
    if first_line_indent is not None:
        fmt.first_line_indent = first_line_indent
    if left_indent is not None:
        fmt.left_indent = left_indent
    if right_indent is not None:
        fmt.right_indent = right_indent


def _no_grid_snap(style: ParagraphStyle) -> None:
    # With the document grid on, a paragraph in single spacing is stretched to a whole grid line
    # (28.95 pt): table rows and the footer would become twice as tall as their text.
    _set_child(_ppr(style), "snapToGrid", _PPR_ORDER, val="0")


def _get_or_add_style(doc: DocxDocument, name: str, kind: WD_STYLE_TYPE) -> CharacterStyle:
    """The named style (a ParagraphStyle unless `kind` is CHARACTER), added if missing."""
    if name in doc.styles:
        return doc.styles[name]
    style = doc.styles.add_style(name, kind)
    if kind == WD_STYLE_TYPE.PARAGRAPH and name != STYLE_NORMAL:
        style.base_style = doc.styles[STYLE_NORMAL]
    style.quick_style = kind != WD_STYLE_TYPE.TABLE
    return style


def _paragraph_style(
    doc: DocxDocument, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
) -> ParagraphStyle:
    """A paragraph or table style (python-docx's table style is a ParagraphStyle)."""
    return cast(ParagraphStyle, _get_or_add_style(doc, name, kind))


def _names_east_asian_font(style: ParagraphStyle) -> bool:
    rpr = style.element.find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return rfonts is not None and bool(rfonts.get(qn("w:eastAsia")))


# ---------------------------------------------------------------------------------------------
# Page set-up, styles, footers
# ---------------------------------------------------------------------------------------------


def _set_up_page(doc: DocxDocument) -> None:
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(210)
        section.page_height = Mm(297)
        section.top_margin = Mm(37)
        section.bottom_margin = Mm(35)
        section.left_margin = Mm(28)
        section.right_margin = Mm(26)
        section.gutter = Mm(0)
        section.header_distance = Mm(15)
        # The standard puts the page number's rule 7 mm under the text block, i.e. 28 mm above
        # the paper's edge (35 − 7). Word measures the footer distance to the bottom of the
        # footer line; a 4号 line is about 6.5 mm tall and the rule sits at its middle, so the
        # footer's bottom goes 28 − 3 = 25 mm above the edge.
        section.footer_distance = Mm(25)

        # The default template already has a w:docGrid; edit it in place because its position
        # in w:sectPr is fixed by the schema.
        sect_pr = section._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)  # docGrid is the last child sectPr may hold before its changes
        # A line grid only ("lines"): 22 lines of 579 twips. A character grid ("linesAndChars"
        # with charSpace -849, i.e. 28 characters of 15.79 pt) is what Word templates of the
        # standard carry, but LibreOffice puts every 16 pt character that is wider than its
        # 15.79 pt cell into two cells, spreading the text to 14 characters a line. The 28
        # characters come instead from the body's 0.25 pt condensation (see _configure_normal),
        # which Word, WPS and LibreOffice all lay out the same way.
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
        grid.attrib.pop(qn("w:charSpace"), None)


def _set_document_defaults(doc: DocxDocument) -> None:
    """Defaults under every style: Chinese language, no spacing after, 3号."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is not None:
        _set_child(rpr, "sz", _RPR_ORDER, val="32")
        _set_child(rpr, "szCs", _RPR_ORDER, val="32")
        _set_child(rpr, "lang", _RPR_ORDER, val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    if ppr is not None:
        _set_child(ppr, "spacing", _PPR_ORDER, after="0", line="240", lineRule="auto")
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


def _configure_normal(style: ParagraphStyle) -> None:
    _reset(style)
    _style_font(style, FANGSONG, SIZE_BODY)
    _style_paragraph(
        style, alignment=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_indent=INDENT_TWO_CHARS
    )
    style.paragraph_format.widow_control = False  # a widow line would leave a page of 21 lines
    ppr = _ppr(style)
    # No automatic space between Chinese and digits/Latin: official documents set 2025年 solid,
    # and the extra space would break the 28-characters grid.
    _set_child(ppr, "autoSpaceDE", _PPR_ORDER, val="0")
    _set_child(ppr, "autoSpaceDN", _PPR_ORDER, val="0")
    rpr = style.element.get_or_add_rPr()
    # 156 mm hold 27.6 characters of 16 pt; condensed by 0.25 pt (15.75 pt a character) they hold
    # the standard's 28.
    _set_child(rpr, "spacing", _RPR_ORDER, val=str(CONDENSE_TWENTIETHS))
    _set_child(rpr, "lang", _RPR_ORDER, eastAsia="zh-CN")


def _configure_title(style: ParagraphStyle) -> None:
    _reset(style)
    _style_font(style, XIAOBIAOSONG, SIZE_TITLE)
    _style_paragraph(style, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    style.paragraph_format.keep_with_next = True
    # LibreOffice gives a 22 pt line two grid lines even at exact spacing; off the grid, each
    # title line takes exactly one 28.95 pt line in Word and LibreOffice alike.
    _no_grid_snap(style)


def _configure_heading(style: ParagraphStyle, level: int) -> None:
    _reset(style, keep_outline_level=True)
    east_asian, bold = HEADING_FONTS[level]
    _style_font(style, east_asian, SIZE_BODY, bold=bold)
    _style_paragraph(
        style, alignment=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_indent=INDENT_TWO_CHARS
    )
    style.paragraph_format.keep_with_next = True
    # Outline level 0–3 is what puts 一、（一）1.（1）in Word's navigation pane.
    _set_child(_ppr(style), "outlineLvl", _PPR_ORDER, val=str(level - 1))


def _configure_simple(
    style: ParagraphStyle,
    east_asian: str,
    alignment: WD_ALIGN_PARAGRAPH,
    *,
    right_indent: Length | None = None,
) -> None:
    _reset(style)
    _style_font(style, east_asian, SIZE_BODY)
    _style_paragraph(style, alignment=alignment, right_indent=right_indent)


def _configure_footer(style: ParagraphStyle) -> None:
    _reset(style)
    # The standard asks for half-width 宋体 Arabic numerals: 宋体 in every slot, digits included.
    _style_font(style, SONGTI, SIZE_PAGE_NUMBER, latin=SONGTI)
    _style_paragraph(style, exact=False)
    _no_grid_snap(style)


def _configure_table_styles(doc: DocxDocument) -> None:
    text = _paragraph_style(doc, STYLE_TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    _reset(text)
    _style_font(text, FANGSONG, SIZE_TABLE)
    _style_paragraph(text, alignment=WD_ALIGN_PARAGRAPH.LEFT, exact=False)
    _no_grid_snap(text)

    header = _paragraph_style(doc, STYLE_TABLE_HEADER, WD_STYLE_TYPE.PARAGRAPH)
    header.base_style = text
    _reset(header)
    _style_font(header, FANGSONG, SIZE_TABLE, bold=True)
    _style_paragraph(header, alignment=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
    _no_grid_snap(header)

    table = _paragraph_style(doc, STYLE_TABLE, WD_STYLE_TYPE.TABLE)
    element = table.element
    for old in element.findall(qn("w:tblPr")) + element.findall(qn("w:tblStylePr")):
        element.remove(old)
    tbl_pr = OxmlElement("w:tblPr")
    element.append(tbl_pr)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "center")
    tbl_pr.append(jc)
    tbl_pr.append(_borders())
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", "28"), ("left", "85"), ("bottom", "28"), ("right", "85")):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), twips)
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)
    # Rows a user adds in Word still get a bold header from the style's first-row formatting.
    first_row = OxmlElement("w:tblStylePr")
    first_row.set(qn("w:type"), "firstRow")
    first_rpr = OxmlElement("w:rPr")
    first_rpr.append(OxmlElement("w:b"))
    first_row.append(first_rpr)
    element.append(first_row)


def _borders() -> etree._Element:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), "4")  # eighths of a point: a 0.5 pt hairline
        border.set(qn("w:space"), "0")
        border.set(qn("w:color"), "000000")
        borders.append(border)
    return borders


def _configure_styles(doc: DocxDocument, *, keep_defined: bool) -> None:
    """Set every style the documents use.

    With a bureau template (``keep_defined``), a style the template already sets up for Chinese
    text (it names an East Asian font) is the bureau's choice and is kept; styles it lacks, or
    leaves at Word's defaults, get this module's layout.
    """

    def wanted(name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> ParagraphStyle | None:
        present = name in doc.styles
        style = _paragraph_style(doc, name, kind)
        if keep_defined and present and _names_east_asian_font(style):
            return None
        return style

    if not keep_defined:
        _set_document_defaults(doc)
    if style := wanted(STYLE_NORMAL):
        _configure_normal(style)
    if style := wanted(STYLE_TITLE):
        _configure_title(style)
    for level in HEADING_FONTS:
        if style := wanted(heading_style(level)):
            _configure_heading(style, level)
    if style := wanted(STYLE_DATE_LINE):
        _configure_simple(style, KAITI, WD_ALIGN_PARAGRAPH.CENTER)
    if style := wanted(STYLE_DOCUMENT_NUMBER):
        # 发文字号: 3号仿宋, centred (GB/T 9704 §7.2.4).
        _configure_simple(style, FANGSONG, WD_ALIGN_PARAGRAPH.CENTER)
    if style := wanted(STYLE_ATTACHMENT_LABEL):
        # "附件" at the top left of the attachment's first page, 3号黑体 (§8).
        _configure_simple(style, HEITI, WD_ALIGN_PARAGRAPH.LEFT)
    if style := wanted(STYLE_SALUTATION):
        _configure_simple(style, FANGSONG, WD_ALIGN_PARAGRAPH.LEFT)
    if style := wanted(STYLE_SIGNATURE):
        _configure_simple(style, FANGSONG, WD_ALIGN_PARAGRAPH.RIGHT, right_indent=INDENT_TWO_CHARS)
    if style := wanted(STYLE_FOOTER):
        _configure_footer(style)
    if wanted(STYLE_TABLE_TEXT) is not None:
        _configure_table_styles(doc)
    lead = _get_or_add_style(doc, STYLE_LEAD, WD_STYLE_TYPE.CHARACTER)
    lead.font.bold = True


def _add_page_number(paragraph: DocxParagraph) -> None:
    """'— N —' with N a PAGE field; python-docx has no field API, so the field is raw XML."""
    paragraph.add_run("— ")

    def field_char(kind: str) -> None:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(char)

    field_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    paragraph.add_run()._r.append(instr)
    field_char("separate")
    paragraph.add_run("1")  # shown until the viewer updates the field
    field_char("end")
    paragraph.add_run(" —")


def _footer_has_page_field(doc: DocxDocument) -> bool:
    for section in doc.sections:
        for footer in (section.footer, section.even_page_footer, section.first_page_footer):
            if footer.is_linked_to_previous:
                continue
            for instr in footer._element.iter(qn("w:instrText"), qn("w:fldSimple")):
                text = instr.text or instr.get(qn("w:instr")) or ""
                if "PAGE" in text:
                    return True
    return False


def _page_number_paragraph(doc: DocxDocument, footer) -> DocxParagraph:
    footer.is_linked_to_previous = False
    paragraphs = footer.paragraphs
    # A template's footer may already carry text (an address line): keep it, number below it.
    if paragraphs and not paragraphs[-1].text.strip():
        paragraph = paragraphs[-1]
    else:
        paragraph = footer.add_paragraph()
    paragraph.style = doc.styles[STYLE_FOOTER]
    return paragraph


def _set_up_page_numbers(doc: DocxDocument) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    for section in doc.sections:
        odd = _page_number_paragraph(doc, section.footer)
        odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        odd.paragraph_format.right_indent = SIZE_PAGE_NUMBER  # one 4号 character in
        _add_page_number(odd)

        even = _page_number_paragraph(doc, section.even_page_footer)
        even.alignment = WD_ALIGN_PARAGRAPH.LEFT
        even.paragraph_format.left_indent = SIZE_PAGE_NUMBER
        _add_page_number(even)


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def validate_template(data: bytes) -> None:
    """Raise ValueError with a message for the user when ``data`` is not a Word .docx file."""
    _open(data)


def _open(data: bytes) -> DocxDocument:
    try:
        return docx.Document(io.BytesIO(data))
    except (
        zipfile.BadZipFile,
        PackageNotFoundError,
        KeyError,  # a zip without the parts of a Word package
        ValueError,  # a package of another kind (.xlsx, .pptx)
        etree.XMLSyntaxError,
    ) as exc:
        raise ValueError(INVALID_TEMPLATE_MESSAGE) from exc


def new_document(template: bytes | None = None) -> DocxDocument:
    """A document ready to be written: the GB/T 9704 layout, or a bureau's own template.

    A template keeps its page set-up, its letterhead (body, headers, footers) and the styles it
    sets up for Chinese text; what it lacks is added. Raises ValueError (in Chinese, for the
    user) when ``template`` is not a .docx file.
    """
    if template is None:
        doc = docx.Document()
        _set_up_page(doc)
        _configure_styles(doc, keep_defined=False)
        _set_up_page_numbers(doc)
        # The default template says it was "generated by python-docx"; a leader's document
        # should not.
        properties = doc.core_properties
        properties.author = ""
        properties.comments = ""
        properties.last_modified_by = ""
        return doc

    doc = _open(template)
    _configure_styles(doc, keep_defined=True)
    if not _footer_has_page_field(doc):
        _set_up_page_numbers(doc)
    return doc


def add_title(doc: DocxDocument, text: str | Sequence[str]) -> DocxParagraph:
    """The title, centred; a list gives its lines (long titles break where the meaning does)."""
    lines = [text] if isinstance(text, str) else list(text)
    paragraph = doc.add_paragraph(style=STYLE_TITLE)
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def add_date_line(doc: DocxDocument, text: str) -> DocxParagraph:
    """The date line under a speech title: '（2026年1月10日）' (brackets added if missing)."""
    if not text.startswith("（"):
        text = f"（{text}）"
    return doc.add_paragraph(text, style=STYLE_DATE_LINE)


def add_document_number(doc: DocxDocument, text: str) -> DocxParagraph:
    """The 发文字号 under the title: "宝卫整改〔2026〕24号", with its full-width brackets."""
    return doc.add_paragraph(text, style=STYLE_DOCUMENT_NUMBER)


def add_attachment(doc: DocxDocument, label: str, title: str) -> None:
    """An attachment on a new page: "附件" top left in 黑体, one blank line, its title centred in
    the title style, one blank line (GB/T 9704 §8)."""
    label_paragraph = doc.add_paragraph(label, style=STYLE_ATTACHMENT_LABEL)
    label_paragraph.paragraph_format.page_break_before = True
    add_blank_line(doc)
    add_title(doc, title)
    add_blank_line(doc)


def add_salutation(doc: DocxDocument, text: str) -> DocxParagraph:
    """'同志们：' or the addressee, flush left, with its full-width colon."""
    if not text.endswith("："):
        text = text.rstrip(":") + "："
    return doc.add_paragraph(text, style=STYLE_SALUTATION)


def add_blank_line(doc: DocxDocument) -> DocxParagraph:
    """One empty line of the grid (under the title, above the signature)."""
    return doc.add_paragraph(style=STYLE_NORMAL)


def add_heading(
    doc: DocxDocument, level: int, text: str, *, number: int | None = None
) -> DocxParagraph:
    """A heading of level 1–4; with ``number`` the numbering (一、 （一） 1. （1）) is prefixed."""
    if level not in HEADING_FONTS:
        raise ValueError(f"heading level must be 1–4, not {level}")
    if number is not None:
        text = heading_prefix(level, number) + text
    return doc.add_paragraph(text, style=heading_style(level))


def add_paragraph(doc: DocxDocument, text: str, *, lead: str | None = None) -> DocxParagraph:
    """A body paragraph; ``lead`` ("一是加强组织领导。") opens it in bold."""
    paragraph = doc.add_paragraph(style=STYLE_NORMAL)
    if lead:
        paragraph.add_run(lead, style=STYLE_LEAD)
    if text:
        paragraph.add_run(text)
    return paragraph


def add_table(
    doc: DocxDocument,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths_mm: Sequence[float] | None = None,
    numeric_columns: Sequence[int] = (),
) -> DocxTable:
    """A bordered table inside the text block: bold centred header, 小4 仿宋 body, numbers
    right-aligned. Widths are scaled down to the 156 mm text block if they exceed it."""
    columns = len(header)
    if columns == 0:
        raise ValueError("a table needs at least one column")
    widths = list(widths_mm) if widths_mm else [TEXT_WIDTH_MM / columns] * columns
    if len(widths) != columns:
        raise ValueError("widths_mm must give one width per column")
    total = sum(widths)
    if total > TEXT_WIDTH_MM:
        widths = [w * TEXT_WIDTH_MM / total for w in widths]
    lengths = [Mm(w) for w in widths]

    table = doc.add_table(rows=1 + len(rows), cols=columns)
    table.style = doc.styles[STYLE_TABLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Fixed layout: Word otherwise re-fits columns to their content and may overflow the block.
    table.autofit = False
    for column, length in zip(table.columns, lengths, strict=True):
        column.width = length

    numeric = set(numeric_columns)
    for row_index, row in enumerate(table.rows):
        is_header = row_index == 0
        values = header if is_header else rows[row_index - 1]
        if len(values) != columns:
            raise ValueError(f"row {row_index} has {len(values)} cells, the header {columns}")
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if is_header:
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeat the header on every page
        for column_index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = lengths[column_index]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.style = doc.styles[STYLE_TABLE_HEADER if is_header else STYLE_TABLE_TEXT]
            if not is_header and column_index in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.add_run(str(value))
    return table


def _visual_width(text: str) -> float:
    # Digits and Latin letters are half-width; everything else in a Chinese line is full-width.
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def add_signature(doc: DocxDocument, sender: str, date_text: str) -> list[DocxParagraph]:
    """The sender one blank line under the body, two characters in from the right, and the date
    on the next line starting two characters to the right of the sender (GB/T 9704 §7.3.5.2);
    when the date is the longer, the date keeps the two characters and the sender moves left."""
    blank = add_blank_line(doc)
    sender_width, date_width = _visual_width(sender), _visual_width(date_text)
    if sender_width - 2 >= date_width:
        sender_right, date_right = 2.0, sender_width - date_width
    else:
        sender_right, date_right = date_width + 4 - sender_width, 2.0
    # The sender and the date are never parted by a page break.
    blank.paragraph_format.keep_with_next = True
    paragraphs = [blank]
    for text, right in ((sender, sender_right), (date_text, date_right)):
        paragraph = doc.add_paragraph(text, style=STYLE_SIGNATURE)
        if right != 2.0:
            paragraph.paragraph_format.right_indent = Pt(16 * right)
        paragraphs.append(paragraph)
    paragraphs[1].paragraph_format.keep_with_next = True  # the sender stays with the date
    return paragraphs


def to_bytes(doc: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render_outline(outline: Outline, template: bytes | None = None) -> bytes:
    """Lay an outline out as a .docx file and return its bytes."""
    doc = new_document(template)
    doc.core_properties.title = outline.title
    add_title(doc, list(outline.title_lines))
    if outline.number_line:
        add_document_number(doc, outline.number_line)
    if outline.date_line:
        add_date_line(doc, outline.date_line)
    add_blank_line(doc)
    if outline.salutation:
        add_salutation(doc, outline.salutation)
    for block in outline.blocks:
        if isinstance(block, Heading):
            add_heading(doc, block.level, block.text)
        elif isinstance(block, Paragraph):
            add_paragraph(doc, block.text, lead=block.lead)
        elif isinstance(block, Table):
            add_table(
                doc,
                block.header,
                block.rows,
                widths_mm=block.widths_mm,
                numeric_columns=block.numeric_columns,
            )
        elif isinstance(block, Signature):
            add_signature(doc, block.sender, block.date_text)
        elif isinstance(block, Attachment):
            add_attachment(doc, block.label, block.title)
        else:  # pragma: no cover - a new block kind must be laid out here first
            raise TypeError(f"unknown block {block!r}")
    return to_bytes(doc)
