"""Excel in and out, shared by every importer and export of the system.

Reading checks the file itself (type, size, what it would unpack to, headers) and hands back the
data rows with their row numbers; python-calamine (Rust) parses .xlsx, .xls and .ods alike, ten
times faster than openpyxl's read-only mode. The parsers below turn one cell into a value or
raise ValueError in Chinese, and the columns of an importer (healthreport.lib.imports.Column)
name them.
Writing (XlsxWriter) produces a formatted workbook (bold frozen header, widths) that never lets a
text cell start with a formula character.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Context, Decimal, InvalidOperation
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from xml.parsers import expat

from django.conf import settings
from django.http import HttpResponse
from python_calamine import CalamineWorkbook

from healthreport.lib.http import attachment
from healthreport.lib.numbers import (
    DECIMAL_PLACES,
    MAX_INTEGER,
    STORED_DIGITS,
    check_digits,
    normalise_number,
    shown,
)

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook as XlsxWorkbook
    from xlsxwriter.worksheet import Worksheet

# Bounds on what an upload may unpack to, checked on the zip's directory before any parsing:
# a 56 KB file can hold a 50 MB shared string, or declare a million rows.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # all parts together, besides the sheet's allowance
MAX_PARTS = 1000
MAX_PART_BYTES = 50 * 1024 * 1024  # any one part but a sheet (those are loaded whole)
# A worksheet (or an .ods's content.xml) is read as a stream, by the checks and by calamine: it
# may take this much per row of the limit. A ledger row written with inline strings (openpyxl's
# write-only mode) takes 1.3 KB, so 100,000 rows are 130 MB of XML in a 9 MB file.
SHEET_BYTES_PER_ROW = 2048
STREAM_CHUNK = 4 * 1024 * 1024  # the worksheet is checked this much at a time
MAX_SHARED_STRINGS_BYTES = 10 * 1024 * 1024  # loaded whole into memory, several times its size
MAX_ERRORS = 200  # row errors listed; the rest are counted
# calamine holds a sheet as one rectangle of cells (32 bytes each) from A1 to its farthest cell,
# so the farthest cell is bounded before parsing: rows by IMPORT_MAX_ROWS, columns by this
# (every template has fewer than 20; 100,001 rows × 64 columns is 200 MB at most).
MAX_COLUMNS = 64
MACROS = "不接受启用宏的工作簿，请在 Excel 中另存为 .xlsx 后上传。"
UNREADABLE = "文件无法读取：请确认它是用 Excel 或 WPS 保存的 .xlsx、.xls 或 .ods 工作簿，且未加密。"
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=[\"']([A-Z]*)(\d*)(?::[A-Z]*(\d+))?[\"']")
# .xlsx: a cell reference beyond column BL (MAX_COLUMNS), and the rows of the sheet.
FAR_COLUMN = re.compile(rb"\sr=[\"'](?:[A-Z]{3}|[C-Z][A-Z]|B[M-Z])[0-9]")
ROW_TAGS = (b"<row", b":row ", b":row>")
# .ods: the elements and attributes of content.xml the extent check reads, by local name.
ODS_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
ODS_CELLS = ("table-cell", "covered-table-cell")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# The file types an import reads (templates/includes/import_preview.html accepts the same).
UPLOAD_EXTENSIONS = (".xlsx", ".xls", ".ods")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_CONTENT_TYPES = {
    ".xlsx": XLSX_CONTENT_TYPE,
    ".xls": "application/vnd.ms-excel",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def upload_extension(name: str) -> str:
    """The extension an upload named `name` is kept under: its own (.xlsx, .xls or .ods)."""
    suffix = Path(name or "").suffix.lower()
    return suffix if suffix in UPLOAD_CONTENT_TYPES else ".xlsx"


FORMULA_PREFIXES = ("=", "+", "-", "@")


@dataclass(frozen=True)
class RowError:
    row: int | None  # the Excel row number; None for an error of the whole file
    column: str  # the header of the column, or "" for the whole row or file
    message: str
    # On limit_errors' last line: how many errors it stands for (0: the line is one error).
    unlisted: int = 0

    def __str__(self) -> str:
        where = []
        if self.row:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"“{self.column}”列")
        return f"{'，'.join(where)}：{self.message}" if where else self.message


def limit_errors(errors: list[RowError]) -> list[RowError]:
    """The first MAX_ERRORS errors, and a line counting the rest."""
    if len(errors) <= MAX_ERRORS:
        return errors
    rest = len(errors) - MAX_ERRORS
    return [*errors[:MAX_ERRORS], RowError(None, "", f"还有{rest}处错误未列出。", unlisted=rest)]


def error_count(errors: list[RowError]) -> int:
    """How many errors a list limited by limit_errors stands for: those listed and the rest."""
    return sum(error.unlisted or 1 for error in errors)


class ImportFileError(Exception):
    """The file as a whole cannot be read; carries the errors to show."""

    def __init__(self, errors: list[RowError]):
        errors = limit_errors(errors)
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def max_rows() -> int:
    """The most data rows an import reads (settings.IMPORT_MAX_ROWS)."""
    return settings.IMPORT_MAX_ROWS


def _refuse(message: str) -> ImportFileError:
    return ImportFileError([RowError(None, "", message)])


def check_workbook(data: bytes) -> str:
    """Refuse a workbook that would unpack or parse to too much, before any parser reads it;
    return its format ("xlsx", "ods" or "xls", from its first bytes, not its name).

    A zip (.xlsx, .ods): its directory (parts, their sizes), then each worksheet's declared
    dimension and the extent of its cells. A .xls (one OLE file) cannot unpack: its size is
    capped, the dimensions its sheets declare are bounded (calamine sizes a sheet by them), and
    its rows are counted as they are read.
    Raises ImportFileError in Chinese.
    """
    if data[:8] == OLE_MAGIC:
        _check_size(len(data))
        _check_xls_extent(data)
        return "xls"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise _refuse(f"文件包含{len(parts)}个部件，超过了{MAX_PARTS}个的上限，无法读取。")
            total = sum(part.file_size for part in parts)
            sheet_bytes = (max_rows() + 1) * SHEET_BYTES_PER_ROW
            unpacked = MAX_UNPACKED_BYTES + sheet_bytes
            if total > unpacked:
                raise _refuse(
                    f"文件解压后为{total / 1024 / 1024:.0f}MB，"
                    f"超过了{unpacked // 1024 // 1024}MB的上限，无法读取。"
                )
            for part in parts:
                name = part.filename.lower()
                if name.endswith("sharedstrings.xml"):
                    limit = MAX_SHARED_STRINGS_BYTES
                elif _is_sheet(name):
                    limit = sheet_bytes
                else:
                    limit = MAX_PART_BYTES
                if part.file_size > limit:
                    raise _refuse(
                        f"文件中的“{part.filename}”解压后为{part.file_size / 1024 / 1024:.0f}MB，"
                        f"超过了{limit // 1024 // 1024}MB的上限，无法读取。"
                    )
            names = {part.filename for part in parts}
            if "xl/vbaProject.bin" in names:
                raise _refuse(MACROS)
            if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
                with archive.open("content.xml") as content:
                    _check_ods_extent(content)
                return "ods"
            for part in parts:
                if _is_sheet(part.filename.lower()):
                    _check_dimension(archive, part)
                    _check_xlsx_extent(archive, part)
            return "xlsx"
    except ImportFileError:
        raise
    except Exception:
        raise _refuse(UNREADABLE) from None


def _too_many_rows() -> ImportFileError:
    return _refuse(
        f"工作表超过了{max_rows()}行数据的上限。请删除多余的行（或拆分文件）后重新上传。"
    )


def _too_many_columns() -> ImportFileError:
    return _refuse(f"工作表的数据超过了{MAX_COLUMNS}列的上限。请删除模板以外的列后重新上传。")


def _check_dimension(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    with archive.open(part) as stream:
        head = stream.read(4096)
    match = DIMENSION.search(head)
    if not match:
        return
    last = match.group(3) or match.group(2)
    limit = max_rows()
    if last and int(last) > limit + 1:
        raise _refuse(
            f"工作表声明了{int(last) - 1}行数据，超过了{limit}行的上限。"
            "请删除多余的行（或拆分文件）后重新上传。"
        )


def _is_sheet(name: str) -> bool:
    """A worksheet of an .xlsx or the content of an .ods (lower-case name)."""
    return name == "content.xml" or (name.startswith("xl/worksheets/") and name.endswith(".xml"))


def _check_xlsx_extent(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """The farthest cell of a worksheet: no column beyond MAX_COLUMNS, no row (numbered or
    counted) beyond the row limit. The declared dimension may be missing or lie. Read a chunk at
    a time, each with the end of the one before (a tag cut in two is seen whole)."""
    limit = max_rows() + 1  # the header row, then the data rows
    digits = len(str(limit))
    far_row = re.compile(rb"\sr=[\"'][A-Z]*(\d{%d,})[\"']" % digits)
    rows, tail = 0, b""
    with archive.open(part) as stream:
        while chunk := stream.read(STREAM_CHUNK):
            text = tail + chunk
            if FAR_COLUMN.search(text):
                raise _too_many_columns()
            # The tags wholly in `tail` were counted with the chunk before.
            rows += sum(text.count(tag) - tail.count(tag) for tag in ROW_TAGS)
            if rows > limit:
                raise _too_many_rows()
            if any(int(match.group(1)) > limit for match in far_row.finditer(text)):
                raise _too_many_rows()
            tail = text[-64:]


def _check_ods_extent(content: IO[bytes]) -> None:
    """The rows and columns of an .ods sheet as calamine lays them out: a repeated row or cell
    counts as many times as it is repeated, unless it is empty (LibreOffice fills a sheet to
    its last row and column with empty repeats, which calamine drops). Parsed as a stream
    (expat, STREAM_CHUNK at a time, no tree kept): refused at the first row past the limit."""
    OdsExtent().check(content)


class OdsExtent:
    """expat's handlers for `_check_ods_extent`: the rows counted so far, and the row and cell
    being read. A cell is empty when it has no value type and holds no element; a row is empty
    when none of its cells has a value type or text."""

    def __init__(self) -> None:
        self.limit = max_rows() + 1  # the header row, then the data rows
        self.rows = 0
        self.times = 1  # the row's number-rows-repeated
        self.filled = False  # the row holds a value or text
        self.width = 0  # the row's columns so far
        self.cell: int | None = None  # the last column of the cell being read
        self.cell_filled = False  # it has a value type or holds an element

    def check(self, content: IO[bytes]) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        # content.xml never declares a DTD: none may declare entities to expand.
        parser.StartDoctypeDeclHandler = _no_doctype
        while chunk := content.read(STREAM_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if self.cell is not None:
            self.cell_filled = True
        if local == "table-row":
            self.times = int(_attribute(attributes, "number-rows-repeated") or 1)
            self.filled, self.width = False, 0
        elif local in ODS_CELLS:
            self.width += int(_attribute(attributes, "number-columns-repeated") or 1)
            self.cell = self.width
            self.cell_filled = _attribute(attributes, "value-type") is not None
            self.filled = self.filled or self.cell_filled
        elif namespace == ODS_TEXT:
            self.filled = True

    def end(self, name: str) -> None:
        local = name.rpartition(" ")[2]
        if local in ODS_CELLS and self.cell is not None:
            if self.cell_filled and self.cell > MAX_COLUMNS:
                raise _too_many_columns()
            self.cell = None
        elif local == "table-row":
            if self.times > 1 and not self.filled:
                return  # empty repeated rows
            self.rows += self.times
            if self.rows > self.limit:
                raise _too_many_rows()


def _attribute(attributes: dict[str, str], local: str) -> str | None:
    """An attribute by its local name, whatever its namespace (table:, office:…)."""
    for name, value in attributes.items():
        if name.rpartition(" ")[2] == local:
            return value
    return None


def _no_doctype(*args: Any) -> None:
    raise ValueError("a DTD in content.xml")


# .xls: a BIFF8 workbook is the stream "Workbook" of an OLE compound file, a run of records
# (type, length, body); a sheet's DIMENSIONS record declares its extent as 32-bit rows.
XLS_STREAMS = ("Workbook", "Book")
XLS_DIMENSIONS = 0x0200


def _check_xls_extent(data: bytes) -> None:
    """The rows and columns every sheet of a .xls declares (its DIMENSIONS records): calamine
    reserves a cell for each of them before reading one, so a 30 KB file declaring 2^32 rows
    would take gigabytes."""
    stream = _ole_stream(data, XLS_STREAMS)
    if stream is None:
        raise _refuse(UNREADABLE)
    limit = max_rows() + 1
    position = 0
    while position + 4 <= len(stream):
        kind, length = (
            int.from_bytes(stream[position : position + 2], "little"),
            int.from_bytes(stream[position + 2 : position + 4], "little"),
        )
        body = stream[position + 4 : position + 4 + length]
        if kind == XLS_DIMENSIONS and length >= 14:
            # BIFF8: first row, last row + 1 (32 bits each), first column, last column + 1.
            last_row = int.from_bytes(body[4:8], "little")
            last_column = int.from_bytes(body[10:12], "little")
            if last_row > limit:
                raise _too_many_rows()
            if last_column > MAX_COLUMNS:
                raise _too_many_columns()
        elif kind == XLS_DIMENSIONS and length >= 10:
            # BIFF5 and older: 16-bit rows, at most 65,536 of them.
            if int.from_bytes(body[2:4], "little") > limit:
                raise _too_many_rows()
            if int.from_bytes(body[6:8], "little") > MAX_COLUMNS:
                raise _too_many_columns()
        position += 4 + length


def _ole_stream(data: bytes, names: Sequence[str]) -> bytes | None:
    """The first of the named streams of an OLE compound file (the container of .xls), read
    by following its sector chain; None when it has none or the file is malformed. Every chain
    is bounded by the file's own sector count, so a cycle ends."""
    if len(data) < 512:
        return None

    def number(offset: int, size: int = 4) -> int:
        return int.from_bytes(data[offset : offset + size], "little")

    sector_size = 1 << number(30, 2)
    if sector_size not in (512, 4096) or number(32, 2) != 6:  # 64-byte mini sectors
        return None
    sectors = (len(data) - 512) // sector_size + 1

    def sector(index: int) -> bytes:
        start = 512 + index * sector_size if sector_size == 512 else (index + 1) * sector_size
        return data[start : start + sector_size]

    def read(first: int, table: list[int], size: int, piece: Callable[[int], bytes]) -> bytes:
        """The `size` bytes of the chain from `first` in `table` (the FAT or the mini FAT)."""
        parts: list[bytes] = []
        index = first
        while index < len(table) and len(parts) <= len(table):
            parts.append(piece(index))
            index = table[index]
        return b"".join(parts)[:size]

    # The FAT's sectors: the first 109 in the header, the rest in a chain of DIFAT sectors.
    fat_sectors = [number(76 + 4 * i) for i in range(109)]
    difat, hops = number(68), 0
    while difat < sectors and hops <= sectors:
        block = sector(difat)
        per = sector_size // 4 - 1
        fat_sectors += [int.from_bytes(block[4 * i : 4 * i + 4], "little") for i in range(per)]
        difat = int.from_bytes(block[-4:], "little")
        hops += 1
    fat: list[int] = []
    for index in fat_sectors[: number(44)]:
        if index >= sectors:
            return None
        block = sector(index)
        fat += [int.from_bytes(block[i : i + 4], "little") for i in range(0, len(block), 4)]

    directory = read(number(48), fat, sectors * sector_size, sector)
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        return None
    root = entries[0]
    wanted = [
        entry
        for entry in entries
        if entry[66] == 2  # a stream
        and entry[: max(int.from_bytes(entry[64:66], "little") - 2, 0)].decode(
            "utf-16-le", "replace"
        )
        in names
    ]
    if not wanted:
        return None
    start = int.from_bytes(wanted[0][116:120], "little")
    size = int.from_bytes(wanted[0][120:124], "little")
    if size >= number(56):
        return read(start, fat, size, sector)
    # A small stream lives in the mini stream (the root entry's chain), in 64-byte pieces.
    mini_stream = read(
        int.from_bytes(root[116:120], "little"),
        fat,
        int.from_bytes(root[120:124], "little"),
        sector,
    )
    table = read(number(60), fat, number(64) * sector_size, sector)
    mini_fat = [int.from_bytes(table[i : i + 4], "little") for i in range(0, len(table), 4)]
    return read(start, mini_fat, size, lambda i: mini_stream[i * 64 : i * 64 + 64])


@dataclass
class Sheet:
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def check_upload(name: str, size: int) -> None:
    """Refuse files that are not .xlsx, .xls or .ods or too large, before reading a byte of
    them."""
    lower = (name or "").lower()
    if lower.endswith(".xlsm"):
        raise ImportFileError(
            [
                RowError(
                    None, "", "不接受启用宏的工作簿（.xlsm），请在 Excel 中另存为 .xlsx 后上传。"
                )
            ]
        )
    if not lower.endswith(UPLOAD_EXTENSIONS):
        raise ImportFileError(
            [
                RowError(
                    None,
                    "",
                    "只接受 Excel 工作簿（.xlsx、.xls）或 WPS/LibreOffice 表格（.ods），"
                    "请使用下载的模板填写后上传。",
                )
            ]
        )
    _check_size(size)


def _check_size(size: int) -> None:
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise ImportFileError(
            [
                RowError(
                    None,
                    "",
                    f"文件大小为{size / 1024 / 1024:.1f}MB，"
                    f"超过了{limit // 1024 // 1024}MB的上限。",
                )
            ]
        )


def clean_cell(value: Any) -> Any:
    """Strip text, turn blanks into None and undo the quote earlier exports put before = + - @."""
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("'") and value[1:2] in FORMULA_PREFIXES:
            value = value[1:]
        return value or None
    return value


def read_sheet(data: bytes, headers: Sequence[str], required: Sequence[str] = ()) -> Sheet:
    """The data rows of the first worksheet as {header: value}, keyed by Excel row number.

    Raises ImportFileError for an unreadable file, missing or unknown headers, blank rows
    between data rows, or a sheet without data. For a small sheet; an import streams its rows
    with `iter_sheet` instead.
    """
    return Sheet(rows=list(iter_sheet(data, headers, required)))


def iter_sheet(
    data: bytes, headers: Sequence[str], required: Sequence[str] = ()
) -> Iterator[tuple[int, dict[str, Any]]]:
    """`read_sheet`'s rows one at a time, so that an import of 100,000 rows never holds them
    all: the file's checks and its headers' raise at the first row asked for, blank rows
    between data rows and a sheet without data once the last row has been read."""
    check_workbook(data)
    try:
        yield from _iter_sheet(data, headers, required)
    except ImportFileError:
        raise
    except Exception:
        # A broken zip, a missing part, bad or hostile XML (defusedxml refuses entities): all the
        # same to the person uploading.
        raise _refuse(UNREADABLE) from None


def calamine_cell(value: Any) -> Any:
    """A cell as calamine reads it, as openpyxl read it: a whole number is an int (calamine
    reads every number as a float), a blank cell (calamine's "") None."""
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if value == "":
        return None
    return value


def _cell(value: Any) -> Any:
    """calamine_cell, then clean_cell: the value of a data cell, on the import's hot path."""
    kind = type(value)
    if kind is str:
        value = value.strip()
        if value[:1] == "'" and value[1:2] in FORMULA_PREFIXES:
            value = value[1:]
        return value or None
    if kind is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _iter_sheet(
    data: bytes, headers: Sequence[str], required: Sequence[str]
) -> Iterator[tuple[int, dict[str, Any]]]:
    with CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
        worksheet = workbook.get_sheet_by_index(0)
        rows = iter(worksheet.iter_rows())
        # calamine starts a sheet at its first filled row and column; Excel numbers from A1.
        first_row, first_column = worksheet.start or (0, 0)
        pad = [None] * first_column
        header_row = next(rows, None) if first_row == 0 else None
        found = [str(clean_cell(calamine_cell(h)) or "") for h in [*pad, *(header_row or ())]]
        while found and not found[-1]:
            found.pop()

        errors = []
        missing = [h for h in required or headers if h not in found]
        if missing:
            errors.append(RowError(1, "", f"缺少列：{'、'.join(missing)}。请使用下载的模板。"))
        unknown = [h or f"第{i + 1}列（无标题）" for i, h in enumerate(found) if h not in headers]
        if unknown:
            errors.append(
                RowError(
                    1,
                    "",
                    f"无法识别的列：{'、'.join(unknown)}。模板的列为：{'、'.join(headers)}。",
                )
            )
        duplicated = sorted({h for h in found if h and found.count(h) > 1})
        if duplicated:
            errors.append(RowError(1, "", f"列名重复：{'、'.join(duplicated)}。"))
        if errors:
            raise ImportFileError(errors)

        blank_rows: list[int] = []
        limit = max_rows()
        # Each header of the template at its column in the file (None: not in the file), in the
        # template's order, so that a row is one pass over its cells.
        at = {h: i - first_column for i, h in enumerate(found) if h}
        places = [(h, at.get(h)) for h in headers]
        rows_read = 0
        for number, cells in enumerate(rows, start=2):
            if number > limit + 1:
                # The extent checked before parsing is of the file's zip; a .xls is counted here.
                raise _too_many_rows()
            width = len(cells)
            record = {
                h: _cell(cells[i]) if i is not None and 0 <= i < width else None for h, i in places
            }
            if all(v is None for v in record.values()):
                blank_rows.append(number)
                continue
            if blank_rows:
                # Blank rows before more data are usually a sign of a pasted or half-deleted block.
                errors.extend(RowError(n, "", "空行：请删除表格中间的空行。") for n in blank_rows)
                blank_rows = []
            rows_read += 1
            yield number, record
    if errors:
        raise ImportFileError(errors)
    if not rows_read:
        raise ImportFileError([RowError(None, "", "文件中没有数据行：请在标题行下方填写数据。")])


def parse_int(value: Any, *, minimum: int | None = None, maximum: int | None = MAX_INTEGER) -> int:
    """An integer cell; raise ValueError with a Chinese message otherwise.

    `maximum` defaults to what every integer column holds (PostgreSQL's integer).
    """
    if isinstance(value, bool):
        raise ValueError("应填写整数。")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        try:
            number = int(normalise_number(str(value)))
        except ValueError:
            raise ValueError(f"应填写整数，而不是“{shown(value)}”。") from None
    if minimum is not None and number < minimum:
        raise ValueError(f"不能小于{minimum}。")
    if maximum is not None and number > maximum:
        raise ValueError(f"不能大于{maximum}。")
    return number


def parse_decimal(
    value: Any, *, max_digits: int = STORED_DIGITS, places: int = DECIMAL_PLACES
) -> Decimal:
    """A number cell, finite and within `max_digits` (`places` of them after the point), so
    that both backends store it exactly; raise ValueError with a Chinese message otherwise.

    A float cell is rounded to `places`: its further digits are binary noise (0.1 + 0.2).
    """
    if isinstance(value, bool):
        raise ValueError("应填写数字。")
    try:
        if isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))
        else:
            number = Decimal(normalise_number(str(value)))
    except (InvalidOperation, ValueError):
        raise ValueError(f"应填写数字，而不是“{shown(value)}”。") from None
    if not number.is_finite():
        raise ValueError(f"应填写数字，而不是“{shown(value)}”。")
    if isinstance(value, float) and number.adjusted() < max_digits - places:
        number = number.quantize(Decimal(1).scaleb(-places), context=Context(prec=max_digits + 1))
    return check_digits(number, max_digits=max_digits, places=places)


def parse_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        text = str(value).strip().replace("/", "-").replace(".", "-")
        text = text.removesuffix("日").replace("年", "-").replace("月", "-")
        return datetime.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        raise ValueError(f"日期格式应为 2025-12-31，而不是“{shown(value)}”。") from None


def parse_choice(
    value: Any, choices: Iterable[tuple[str, Any]], *, aliases: Mapping[str, str] | None = None
) -> str:
    """The stored value of a choice given by its Chinese label (or an accepted alias)."""
    text = str(value).strip()
    by_label = {label: key for key, label in choices}
    by_label.update(aliases or {})
    if text in by_label:
        return by_label[text]
    allowed = "、".join(label for _, label in choices)
    raise ValueError(f"“{text}”不是可选值，应为：{allowed}。")


YES_NO = {"是": True, "否": False, "Y": True, "N": False}


def parse_yes_no(value: Any) -> bool:
    text = str(value).strip()
    if text not in YES_NO:
        raise ValueError("应填写“是”或“否”。")
    return YES_NO[text]


NOTES_TITLE = "填写说明"
NOTES_HEADERS = ["列名", "是否必填", "含义", "填写格式或可选值"]
NOTES_WIDTHS = [18, 10, 48, 60]
# The hidden sheet holding the drop-down lists that cannot be written in the rule itself.
LISTS_TITLE = "可选值"
# Excel keeps a list written in the validation rule ("a,b,c") to 255 characters.
LITERAL_LIST_LIMIT = 255
DROP_DOWN_WARNING = "不是下拉列表中的值。导入时只接受列表中的值（及常见写法），确定要保留吗？"
HEADER_FORMAT = {
    "bold": True,
    "pattern": 1,  # solid
    "fg_color": "#DDEBF7",
    "align": "center",
    "valign": "vcenter",
    "text_wrap": True,
}
DATE_FORMAT = "yyyy-mm-dd"
# Excel's day 0 for the 1900 date system (day 60, 1900-02-29, does not exist; Excel counts it).
EXCEL_EPOCH = datetime.date(1899, 12, 30)
# XlsxWriter adds this padding to a column width; openpyxl wrote the width as given.
WIDTH_PADDING = 5 / 7


@dataclass(frozen=True)
class Guide:
    """What an import template tells the person filling it in, besides its headers: the values
    offered in each choice column (header → values, a drop-down on the data sheet) and the
    填写说明 sheet (`notes`: rows of NOTES_HEADERS, then `remarks`, one line each)."""

    choices: Mapping[str, Sequence[str]] = field(default_factory=dict)
    notes: Sequence[Sequence[str]] = ()
    remarks: Sequence[str] = ()


@dataclass(frozen=True)
class _Formats:
    """The workbook's few cell formats, made once per workbook."""

    header: Format
    date: Format
    text: Format  # text starting with a formula character: Excel's quote prefix


def build_workbook(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    widths: Sequence[int] | None = None,
    extra_sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]] = (),
    guide: Guide | None = None,
) -> bytes:
    """A formatted .xlsx: bold shaded frozen header, column widths, dates as 2025-12-31.

    With a `guide` (import templates), the data sheet gets a drop-down on each choice column
    and the workbook a 填写说明 sheet after the data; imports read the first sheet only.

    Written by XlsxWriter in its constant_memory mode, row by row: at 100,000 ledger rows it
    takes about half the time of openpyxl's write-only mode (benchmarks/export_bench.py) and
    keeps one row in memory. Every cell is written by its type (write_string, write_number),
    never by XlsxWriter's guessing `write`, so no text becomes a formula.
    """
    import xlsxwriter  # a third of a second to import; most commands and requests write no file

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False})
    formats = _Formats(
        header=workbook.add_format(HEADER_FORMAT),
        date=workbook.add_format({"num_format": DATE_FORMAT}),
        text=workbook.add_format({"quote_prefix": True}),
    )
    sheets = [(title, headers, rows, widths), *((t, h, r, None) for t, h, r in extra_sheets)]
    if guide is not None:
        notes = [*guide.notes, [], *([remark] for remark in guide.remarks)]
        sheets.append((NOTES_TITLE, NOTES_HEADERS, notes, NOTES_WIDTHS))
    lists: list[tuple[str, list[str]]] = []
    for sheet_title, sheet_headers, sheet_rows, sheet_widths in sheets:
        worksheet = workbook.add_worksheet(sheet_title[:31])
        if guide is not None and sheet_title == title:
            lists = _add_drop_downs(worksheet, headers, guide.choices)
        _fill_sheet(worksheet, formats, sheet_headers, sheet_rows, sheet_widths)
    if lists:
        _add_lists_sheet(workbook, formats, lists)
    workbook.close()
    return buffer.getvalue()


def _utf16_length(text: str) -> int:
    """Excel counts text in UTF-16 units: a character beyond the BMP counts twice."""
    return len(text.encode("utf-16-le")) // 2


def _add_drop_downs(
    worksheet: Worksheet, headers: Sequence[str], choices: Mapping[str, Sequence[str]]
) -> list[tuple[str, list[str]]]:
    """A list validation on each choice column, from row 2 to the last row an import reads.

    A short list is written in the rule; a long one (or one with a comma or quote, which the
    rule cannot hold) goes in a column of the hidden 可选值 sheet, which the rule names by range.
    Returns those lists, for `_add_lists_sheet`.
    """
    from xlsxwriter.utility import quote_sheetname, xl_col_to_name

    last_row = max_rows()  # zero-based: the header, then max_rows() data rows
    on_sheet: list[tuple[str, list[str]]] = []
    for index, header in enumerate(headers):
        values = [str(value) for value in choices.get(header, ())]
        if not values:
            continue
        source: list[str] | str
        literal = ",".join(values)
        if _utf16_length(literal) <= LITERAL_LIST_LIMIT and not any(
            "," in v or '"' in v for v in values
        ):
            source = values
        else:
            on_sheet.append((header, values))
            column = xl_col_to_name(len(on_sheet) - 1)
            source = f"={quote_sheetname(LISTS_TITLE)}!${column}$2:${column}${len(values) + 1}"
        result = worksheet.data_validation(
            1,
            index,
            last_row,
            index,
            {
                "validate": "list",
                "source": source,
                "ignore_blank": True,
                "show_input": False,
                "show_error": True,
                "error_type": "warning",
                "error_title": header[:32],
                "error_message": DROP_DOWN_WARNING,
            },
        )
        # XlsxWriter warns and drops a rule it finds too long: a template without its drop-down.
        assert result == 0, f"drop-down of {header} refused"
    return on_sheet


def _add_lists_sheet(
    workbook: XlsxWorkbook, formats: _Formats, lists: list[tuple[str, list[str]]]
) -> None:
    """The hidden sheet of long drop-down lists: one column each, its header in row 1."""
    worksheet = workbook.add_worksheet(LISTS_TITLE)
    worksheet.hide()
    rows = (
        [values[number] if number < len(values) else None for _, values in lists]
        for number in range(max(len(values) for _, values in lists))
    )
    _write_rows(worksheet, formats, [[header for header, _ in lists], *rows])


def _fill_sheet(
    worksheet: Worksheet,
    formats: _Formats,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] | None,
) -> None:
    worksheet.freeze_panes(1, 0)
    for index, header in enumerate(headers):
        width = widths[index] if widths else max(10, len(str(header)) * 2 + 4)
        # Less XlsxWriter's padding, so that the file holds the width itself, as before.
        worksheet.set_column(index, index, width - WIDTH_PADDING)
    for column, header in enumerate(headers):
        worksheet.write_string(0, column, str(header), formats.header)
    _write_rows(worksheet, formats, rows, start=1)


def _write_rows(
    worksheet: Worksheet, formats: _Formats, rows: Iterable[Sequence[Any]], start: int = 0
) -> None:
    """Each cell by its type: text as text (quote-prefixed when it starts with = + - @, which
    Excel and WPS then never evaluate, also after the cell is edited), numbers as numbers,
    dates as dates; None and "" leave the cell empty."""
    write_string, write_number = worksheet.write_string, worksheet.write_number
    date_format, text_format = formats.date, formats.text
    for number, row in enumerate(rows, start=start):
        for column, value in enumerate(row):
            kind = type(value)
            if kind is str:
                if value:
                    if value.startswith(FORMULA_PREFIXES):
                        write_string(number, column, value, text_format)
                    else:
                        write_string(number, column, value)
            elif kind is int or kind is float or kind is Decimal:
                write_number(number, column, value)
            elif kind is datetime.date:
                write_number(number, column, (value - EXCEL_EPOCH).days, date_format)
            elif value is not None:
                _write_other(worksheet, formats, number, column, value)


def _write_other(
    worksheet: Worksheet, formats: _Formats, row: int, column: int, value: Any
) -> None:
    """The rare cells: booleans, date-times, and subclasses of str, int and date."""
    if isinstance(value, bool):
        worksheet.write_boolean(row, column, value)
    elif isinstance(value, datetime.datetime):
        worksheet.write_datetime(row, column, value, formats.date)
    elif isinstance(value, datetime.date):
        worksheet.write_number(row, column, (value - EXCEL_EPOCH).days, formats.date)
    elif isinstance(value, str):
        text = str(value)
        if text:
            quoted = formats.text if text.startswith(FORMULA_PREFIXES) else None
            worksheet.write_string(row, column, text, quoted)
    elif isinstance(value, (int, float, Decimal)):
        worksheet.write_number(row, column, value)
    else:
        raise TypeError(f"cannot write {type(value).__name__} to a cell")


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    return attachment(data, filename, XLSX_CONTENT_TYPE)
