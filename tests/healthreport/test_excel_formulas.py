"""build_workbook writes text that looks like a formula as text with Excel's quote prefix."""

import io
import zipfile

from openpyxl import load_workbook

from healthreport.lib.excel import build_workbook, read_sheet

TEXTS = ["=HYPERLINK(1)", "+86 123", "-整改中", "@负责人"]


def test_formula_like_text_is_quote_prefixed_text_without_an_apostrophe():
    data = build_workbook(["措施"], [[text] for text in TEXTS], title="台账")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == TEXTS
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


def test_no_formula_is_written():
    data = build_workbook(["措施"], [["=1+1"]], title="台账")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_ordinary_text_has_no_quote_prefix():
    data = build_workbook(["措施"], [["已整改"]], title="台账")
    cell = load_workbook(io.BytesIO(data)).worksheets[0]["A2"]
    assert cell.value == "已整改" and not cell.quotePrefix


def test_an_export_reads_back_as_typed():
    data = build_workbook(["措施"], [[text] for text in TEXTS], title="台账")
    assert [row["措施"] for _, row in read_sheet(data, ["措施"]).rows] == TEXTS
