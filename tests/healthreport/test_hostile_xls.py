"""A hostile .xls: calamine sizes a sheet by the dimensions its DIMENSIONS record declares, so
a few kilobytes declaring 2^28 rows would make it allocate gigabytes. check_workbook reads the
record from the OLE container and refuses such a file before calamine sees it."""

from pathlib import Path

import pytest

from healthreport.lib import excel
from healthreport.lib.excel import ImportFileError, check_workbook, read_sheet

# LibreOffice's .xls of a sheet 名称/数量/金额/日期 with one row 甲单位, 5, 2.5, 2025-03-10.
SMALL_XLS = (Path(__file__).parent / "files" / "small.xls").read_bytes()
HEADERS = ["名称", "数量", "金额", "日期"]
DIMENSIONS = b"\x00\x02\x0e\x00"  # the record's type (0x0200) and length (14), little-endian


def declaring(rows: int | None = None, columns: int | None = None) -> bytes:
    """SMALL_XLS with its DIMENSIONS record declaring `rows` rows or `columns` columns."""
    data = bytearray(SMALL_XLS)
    at = data.index(DIMENSIONS) + 4  # the record's body: first row, last row + 1 (u32 each),
    if rows is not None:  # first column, last column + 1 (u16 each)
        data[at + 4 : at + 8] = rows.to_bytes(4, "little")
    if columns is not None:
        data[at + 10 : at + 12] = columns.to_bytes(2, "little")
    return bytes(data)


def test_the_small_xls_is_read():
    assert check_workbook(SMALL_XLS) == "xls"
    [(number, cells)] = read_sheet(SMALL_XLS, HEADERS).rows
    assert number == 2
    assert (cells["名称"], cells["数量"], cells["金额"]) == ("甲单位", 5, 2.5)
    assert str(cells["日期"])[:10] == "2025-03-10"


@pytest.mark.parametrize(
    ("hostile", "message"),
    [
        (declaring(rows=2**28), "超过了100000行数据的上限"),
        (declaring(rows=2**32 - 1), "超过了100000行数据的上限"),
        (declaring(columns=256), "超过了64列的上限"),
    ],
    ids=["rows", "most_rows", "columns"],
)
def test_declared_dimensions_beyond_the_limits_are_refused_before_parsing(
    hostile, message, monkeypatch
):
    def never(*args, **kwargs):
        raise AssertionError("calamine was asked to parse the file")

    monkeypatch.setattr(excel.CalamineWorkbook, "from_filelike", never)
    with pytest.raises(ImportFileError, match=message):
        read_sheet(hostile, HEADERS)


def test_dimensions_within_the_limits_are_read(settings):
    settings.IMPORT_MAX_ROWS = 10
    assert check_workbook(declaring(rows=11)) == "xls"  # the header row and ten data rows
    with pytest.raises(ImportFileError, match="超过了10行数据的上限"):
        check_workbook(declaring(rows=12))


def test_an_ole_file_without_a_workbook_stream_is_unreadable():
    data = SMALL_XLS.replace("Workbook".encode("utf-16-le"), "Notebook".encode("utf-16-le"))
    with pytest.raises(ImportFileError, match="文件无法读取"):
        check_workbook(data)
