""".xlsx, .xls and .ods uploads go through one reader (python-calamine): the same cell values,
the same checks before parsing."""

import datetime
import io
import time
import zipfile

import pytest

from healthreport.lib.excel import (
    ImportFileError,
    build_workbook,
    check_upload,
    check_workbook,
    read_sheet,
)

HEADERS = ["名称", "数量", "金额", "日期"]
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)

MANIFEST = (
    '<?xml version="1.0"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
    'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    "</manifest:manifest>"
)


def ods(rows: str) -> bytes:
    """A minimal OpenDocument spreadsheet of one sheet holding `rows` (table-row elements)."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} '
        'office:version="1.2"><office:body><office:spreadsheet><table:table table:name="表1">'
        f"{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
    return out.getvalue()


def text(value: str, repeated: int = 1) -> str:
    times = f' table:number-columns-repeated="{repeated}"' if repeated > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{times}><text:p>{value}</text:p>'
        "</table:table-cell>"
    )


def number(value: float) -> str:
    return f'<table:table-cell office:value-type="float" office:value="{value}"/>'


DATE = '<table:table-cell office:value-type="date" office:date-value="2025-03-10"/>'
EMPTY_TAIL = '<table:table-cell table:number-columns-repeated="16380"/>'


def row(cells: str, repeated: int = 1) -> str:
    times = f' table:number-rows-repeated="{repeated}"' if repeated > 1 else ""
    return f"<table:table-row{times}>{cells}</table:table-row>"


def test_an_xlsx_reads_numbers_dates_and_text_as_openpyxl_did():
    data = build_workbook(
        HEADERS,
        [["  甲单位 ", 5, 2.5, datetime.date(2025, 3, 10)], ["乙单位", 80000000, 0.1, None]],
        title="Sheet",
    )
    assert check_workbook(data) == "xlsx"
    rows = read_sheet(data, HEADERS).rows
    assert rows[0] == (2, {"名称": "甲单位", "数量": 5, "金额": 2.5, "日期": rows[0][1]["日期"]})
    assert rows[0][1]["日期"] == datetime.date(2025, 3, 10)
    assert type(rows[1][1]["数量"]) is int
    assert rows[1] == (3, {"名称": "乙单位", "数量": 80000000, "金额": 0.1, "日期": None})


def test_an_ods_as_libreoffice_saves_it_is_read_like_an_xlsx():
    header = "".join(text(h) for h in HEADERS) + EMPTY_TAIL
    data = ods(
        row(header)
        + row(text(" 甲单位 ") + number(5) + number(2.5) + DATE + EMPTY_TAIL)
        + row('<table:table-cell table:number-columns-repeated="16384"/>', repeated=1048574)
    )
    assert check_workbook(data) == "ods"
    assert read_sheet(data, HEADERS).rows == [
        (2, {"名称": "甲单位", "数量": 5, "金额": 2.5, "日期": datetime.date(2025, 3, 10)})
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (row(text("x")) + row(text("x"), repeated=1048574), "超过了100000行数据的上限"),
        (row(text("x")) + row(text("x", repeated=16383), repeated=1000), "超过了64列的上限"),
    ],
    ids=["repeated_rows", "repeated_columns"],
)
def test_an_ods_repeating_a_filled_row_or_cell_is_refused_before_parsing(rows, message):
    started = time.perf_counter()
    with pytest.raises(ImportFileError, match=message):
        read_sheet(ods(rows), HEADERS)
    assert time.perf_counter() - started < 1


def test_an_xlsx_with_a_far_column_is_refused_before_parsing():
    data = build_workbook(HEADERS, [["x"] * 4], title="Sheet")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                far = b'<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>'
                part = part.replace(b"</sheetData>", far + b"</sheetData>")
            target.writestr(info.filename, part, compress_type=zipfile.ZIP_DEFLATED)
    with pytest.raises(ImportFileError, match="超过了64列的上限"):
        read_sheet(out.getvalue(), HEADERS)


def test_a_file_named_xls_that_is_no_workbook_is_unreadable():
    with pytest.raises(ImportFileError, match="文件无法读取"):
        read_sheet(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, HEADERS)


@pytest.mark.parametrize("name", ["台账.xlsx", "台账.XLS", "台账.ods"])
def test_xlsx_xls_and_ods_uploads_are_accepted(name):
    check_upload(name, 1024)


def test_an_xls_over_the_size_cap_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ImportFileError, match="超过了0MB的上限"):
        check_workbook(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)


@pytest.mark.parametrize("chunk", [5, 64, 4 * 1024 * 1024])
def test_a_worksheet_is_checked_in_chunks_with_tags_cut_across_them(chunk, settings, monkeypatch):
    """The extent check reads the sheet a chunk at a time: a row tag or a far cell reference
    cut in two by a chunk's end is still counted or found."""
    from healthreport.lib import excel

    monkeypatch.setattr(excel, "STREAM_CHUNK", chunk)
    settings.IMPORT_MAX_ROWS = 3
    rows = [["x", n, 1.5, None] for n in range(3)]
    assert check_workbook(undimensioned_workbook(rows)) == "xlsx"
    with pytest.raises(ImportFileError, match="超过了3行数据的上限"):
        check_workbook(undimensioned_workbook([*rows, ["y", 4, 1, None]]))


def undimensioned_workbook(rows: list[list]) -> bytes:
    """A sheet as openpyxl's write-only mode saves it, with no <dimension> to go by (the
    project's own exports declare one), so the rows themselves must be counted."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet")
    for row in [HEADERS, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("chunk", [7, 4 * 1024 * 1024])
def test_an_ods_is_checked_as_a_stream_in_chunks(chunk, settings, monkeypatch):
    """content.xml is parsed a chunk at a time: the same count, however its tags are cut;
    empty repeated rows (LibreOffice's filling) count for nothing, filled ones as many times."""
    from healthreport.lib import excel

    monkeypatch.setattr(excel, "STREAM_CHUNK", chunk)
    settings.IMPORT_MAX_ROWS = 3
    header = row("".join(text(h) for h in HEADERS) + EMPTY_TAIL)
    filling = row('<table:table-cell table:number-columns-repeated="16384"/>', repeated=1048573)
    assert check_workbook(ods(header + row(number(1), repeated=3) + filling)) == "ods"
    with pytest.raises(ImportFileError, match="超过了3行数据的上限"):
        check_workbook(ods(header + row(number(1), repeated=3) + filling + row(text("x") * 2)))


def test_a_large_ods_is_refused_at_the_first_row_past_the_limit(settings, monkeypatch):
    """A content.xml of many filled rows, within the size its rows may take, is refused as soon
    as the rows pass the limit: what lies beyond is never read."""
    from healthreport.lib import excel

    monkeypatch.setattr(excel, "STREAM_CHUNK", 16 * 1024)
    settings.IMPORT_MAX_ROWS = 1000
    filled = row(number(1) + text("甲单位"))
    data = ods(filled * 8000)  # 1.6 MB, within the 2 MB that 1001 rows may take
    size = zipfile.ZipFile(io.BytesIO(data)).getinfo("content.xml").file_size
    read = []
    original = zipfile.ZipExtFile.read

    def counted(self, n=-1):
        out = original(self, n)
        read.append(len(out))
        return out

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counted)
    with pytest.raises(ImportFileError, match="超过了1000行数据的上限"):
        check_workbook(data)
    assert sum(read) < size / 4  # the first 1001 rows and a chunk


def test_an_ods_declaring_entities_is_unreadable():
    """A DTD could expand a few bytes into gigabytes (billion laughs): content.xml never has one."""
    laughs = '<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    content = (
        f'<?xml version="1.0"?><!DOCTYPE office:document-content [{laughs}]>'
        f"<office:document-content {NS}><office:body><office:spreadsheet><table:table>"
        f"{row(text('&j;'))}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    started = time.perf_counter()
    with pytest.raises(ImportFileError, match="文件无法读取"):
        check_workbook(out.getvalue())
    assert time.perf_counter() - started < 1
