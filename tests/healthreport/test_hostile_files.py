"""Hostile uploads (tests/hostile_files.py): a Chinese file-level error, fast, nothing written."""

import io
import time

import pytest
from PIL import Image

from accounts.policy import WorkflowError
from healthreport.lib import excel
from healthreport.lib.excel import RowError, limit_errors
from rectification.evidence import _thumbnail, check_file
from rectification.ledger import LedgerImporter
from rectification.models import Problem
from tests import hostile_files
from units.importer import UnitImporter
from units.models import Unit

# What each file is refused for.
EXPECTED = {
    "not_a_zip": "文件无法读取",
    "truncated_zip": "文件无法读取",
    "shared_string_bomb": "sharedStrings.xml”解压后为48MB，超过了10MB的上限",
    "huge_dimension": "工作表声明了1048575行数据，超过了100000行的上限",
    "far_row_without_dimension": "工作表超过了100000行数据的上限",
    "xxe": "文件无法读取",
    "billion_laughs": "文件无法读取",
    "many_parts": "超过了1000个的上限",
}
NAMES = list(hostile_files.corpus(["A"]))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    ("importer", "model"),
    [(UnitImporter, Unit), (LedgerImporter, Problem)],
    ids=["units", "ledger"],
)
def test_each_hostile_file_is_refused_fast_and_writes_nothing(name, importer, model, staff):
    data = hostile_files.corpus(importer.headers)[name]
    assert len(data) < 150_000
    started = time.perf_counter()
    preview = importer(staff).run(data, commit=True)
    elapsed = time.perf_counter() - started
    assert elapsed < 5, f"{name} took {elapsed:.1f}s"
    assert not preview.written
    assert not model.objects.exists()
    assert len(preview.errors) == 1
    error = preview.errors[0]
    assert error.row is None
    assert EXPECTED[name] in error.message, error.message


def test_the_declared_rows_are_checked_against_the_setting(settings, staff):
    settings.IMPORT_MAX_ROWS = 10
    data = hostile_files.corpus(UnitImporter.headers)["huge_dimension"]
    preview = UnitImporter(staff).run(data, commit=False)
    assert "超过了10行的上限" in preview.errors[0].message


def test_errors_after_the_first_200_are_counted_not_listed():
    errors = [RowError(n, "", "空行") for n in range(2, 502)]
    limited = limit_errors(errors)
    assert len(limited) == excel.MAX_ERRORS + 1
    assert limited[-1].message == "还有300处错误未列出。"
    assert limit_errors(errors[:200]) == errors[:200]


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("size", [(20000, 20000), (10000, 10000), (8000, 6000)])
def test_an_image_over_the_pixel_cap_is_refused_before_decoding(size):
    data = hostile_files.png_header(*size)
    started = time.perf_counter()
    with pytest.raises(WorkflowError, match="万像素的上限"):
        check_file("整改照片.png", data)
    assert time.perf_counter() - started < 1


def test_a_large_allowed_photo_is_thumbnailed_from_a_reduced_decode(monkeypatch):
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), "red").save(buffer, "JPEG")
    data = buffer.getvalue()
    assert check_file("照片.jpg", data) == ".jpg"
    decoded = []
    original = Image.Image.load

    def load(self):
        decoded.append(self.size)
        return original(self)

    monkeypatch.setattr(Image.Image, "load", load)
    thumb = Image.open(io.BytesIO(_thumbnail(data)))
    assert max(thumb.size) == 320
    assert decoded and max(decoded[0]) <= 1000, decoded
