"""A corpus of hostile .xlsx uploads, each small on disk and costly if parsed naively.

`python -m tests.hostile_files DIR` writes them out; the tests build them in memory with
`corpus(headers)`. Each is a few KB to ~100 KB.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from healthreport.lib.excel import build_workbook

SHEET = "xl/worksheets/sheet1.xml"
SHARED = "xl/sharedStrings.xml"
TYPES = "[Content_Types].xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _replace(
    base: bytes, parts: dict[str, bytes], extra: Sequence[tuple[str, bytes]] = ()
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w") as target:
        names = set(source.namelist())
        for info in source.infolist():
            data = parts.get(info.filename, source.read(info.filename))
            target.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in [*((n, d) for n, d in parts.items() if n not in names), *extra]:
            target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _types_with_shared_strings(base: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        types = source.read(TYPES)
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    return types.replace(b"</Types>", override)


def _header_row(headers: Sequence[str]) -> str:
    cells = "".join(
        f'<c r="{get_column_letter(i)}1" t="inlineStr"><is><t>{escape(h)}</t></is></c>'
        for i, h in enumerate(headers, start=1)
    )
    return f'<row r="1">{cells}</row>'


def _sheet(
    headers: Sequence[str], rows: str = "", *, dimension: str | None = None, doctype=""
) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<worksheet {NS}>{dim}'
        f"<sheetData>{_header_row(headers)}{rows}</sheetData></worksheet>"
    ).encode()


def corpus(headers: Sequence[str]) -> dict[str, bytes]:
    base = build_workbook(headers, [["x"] * len(headers)], title="Sheet")
    last = get_column_letter(len(headers))
    far_row = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    xxe = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    laughs = (
        '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + "]>"
    )
    return {
        "not_a_zip": b"this is not a workbook\n" * 100,
        "truncated_zip": base[: len(base) // 2],
        "shared_string_bomb": _replace(
            base,
            {
                SHEET: _sheet(headers, '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'),
                TYPES: _types_with_shared_strings(base),
                SHARED: (
                    f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="1" uniqueCount="1">'
                    f"<si><t>{'A' * 50_000_000}</t></si></sst>"
                ).encode(),
            },
        ),
        "huge_dimension": _replace(
            base, {SHEET: _sheet(headers, far_row, dimension=f"A1:{last}1048576")}
        ),
        "far_row_without_dimension": _replace(base, {SHEET: _sheet(headers, far_row)}),
        "xxe": _replace(
            base,
            {
                SHEET: _sheet(
                    headers,
                    '<row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c></row>',
                    doctype=xxe,
                )
            },
        ),
        "billion_laughs": _replace(
            base,
            {
                SHEET: _sheet(
                    headers,
                    '<row r="2"><c r="A2" t="inlineStr"><is><t>&i;</t></is></c></row>',
                    doctype=laughs,
                )
            },
        ),
        "many_parts": _replace(base, {}, [(f"xl/media/p{i}.bin", b"") for i in range(1100)]),
    }


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares width × height pixels and holds almost no data (a pixel bomb)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


if __name__ == "__main__":
    import django

    django.setup()
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    for name, data in corpus(["A", "B"]).items():
        (target / f"{name}.xlsx").write_bytes(data)
