"""Value and target imports refuse what the database cannot hold or no indicator can be: 1e400,
inf, nan, numbers of 15 and more digits, 10¹² beds, too long text. Each is named by row and
column, nothing is written, and a later import still works (a stored 1e400 used to break it)."""

import io
import zipfile

import pytest
from django.urls import reverse

from indicators.importers import TargetImporter, ValueImporter
from indicators.models import Target, Value
from tests.indicators.conftest import HEADERS, TARGET_HEADERS, YEAR, xlsx

GOOD_VALUE = [YEAR, "DOCTORS", None, "青山县人民医院", 400, ""]
GOOD_TARGET = [YEAR, "BEDS_PER_1000", "示例市", ">=", "7.2", ""]


# A number cell Excel itself would write for 1e400: openpyxl cannot write it (it writes inf as
# a blank cell), so a placeholder number is swapped for it in the sheet's XML.
NUMBER_1E400 = 987654.25


def workbook(headers, rows):
    data = xlsx(headers, rows)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                part = part.replace(b"<v>987654.25</v>", b"<v>1E+400</v>")
            target.writestr(item, part)
    return out.getvalue()


def values(rows, user):
    return ValueImporter(user).run(workbook(HEADERS, rows), commit=True)


def targets(rows, user):
    return TargetImporter(user).run(workbook(TARGET_HEADERS, rows), commit=True)


UNSTORABLE = [
    ("1e400", "数值过大：整数部分最多9位。"),
    (NUMBER_1E400, "应填写数字，而不是“inf”。"),
    ("inf", "应填写数字，而不是“inf”。"),
    ("nan", "应填写数字，而不是“nan”。"),
    ("123456789012345", "数值过大：整数部分最多9位。"),
    (1234567890123456789, "数值过大：整数部分最多9位。"),
    (10**12, "数值过大：整数部分最多9位。"),
    ("0.00000001", "小数位数过多（最多6位）。"),
]


@pytest.mark.parametrize(("figure", "message"), UNSTORABLE)
def test_a_value_the_database_cannot_hold_is_refused(client, places, staff, figure, message):
    preview = values([GOOD_VALUE, [YEAR, "BEDS", None, "青山县人民医院", figure, ""]], staff)
    assert not preview.written
    assert [(e.row, e.column) for e in preview.errors] == [(3, "数值")]
    assert message in preview.errors[0].message
    assert not Value.objects.exists()
    assert values([GOOD_VALUE], staff).written
    client.force_login(staff)
    assert client.get(reverse("indicators:scorecard")).status_code == 200


@pytest.mark.parametrize(("figure", "message"), UNSTORABLE)
def test_a_target_the_database_cannot_hold_is_refused(places, staff, figure, message):
    bad = [YEAR, "BEDS_PER_1000", "青山县", ">=", figure, ""]
    preview = targets([GOOD_TARGET, bad], staff)
    assert not preview.written
    assert [(e.row, e.column) for e in preview.errors] == [(3, "目标值")]
    assert message in preview.errors[0].message
    assert not Target.objects.exists()
    assert targets([GOOD_TARGET], staff).written


def test_a_count_of_a_billion_is_out_of_range(places, staff):
    preview = values([[YEAR, "ALL_VISITS", None, "青山县人民医院", 999999999.5, "汇总"]], staff)
    assert [e.column for e in preview.errors] == ["数值"]
    assert "应填写整数" in preview.errors[0].message


def test_a_percentage_target_above_100_is_refused(places, staff):
    preview = targets([[YEAR, "VACCINATION", "青山县", ">=", 101, ""]], staff)
    assert "百分比应在0到100之间" in preview.errors[0].message
    assert not Target.objects.exists()


def test_a_float_cell_keeps_six_places(places, staff):
    """Excel's 0.1 + 0.2 is 0.30000000000000004: the binary noise is rounded off, not refused."""
    preview = values([[YEAR, "ANTIBIOTIC_DDDS", None, "青山县人民医院", 0.1 + 0.2, ""]], staff)
    assert preview.written
    assert str(Value.objects.get().value.normalize()) == "0.3"


def test_long_text_is_refused_before_the_database(places, staff):
    preview = values([[YEAR, "BEDS", None, "青山县人民医院", 600, "说" * 301]], staff)
    assert "不能超过300个字" in preview.errors[0].message
    preview = targets([[*GOOD_TARGET[:5], "依" * 201]], staff)
    assert "不能超过200个字" in preview.errors[0].message
    assert not Value.objects.exists() and not Target.objects.exists()


def test_a_150_character_place_name_is_not_found(places, staff):
    preview = values([[YEAR, "BEDS", None, "院" * 150, 600, ""]], staff)
    assert [e.column for e in preview.errors] == ["区划或单位"]
    assert "找不到单位" in preview.errors[0].message


@pytest.mark.parametrize("cell", ["17,500", "１７５００", "１７，５００", " 17,500.00 "])
def test_a_text_cell_is_read_as_people_type_it(places, staff, cell):
    """The web forms' rule (healthreport.lib.numbers.normalise_number) for text cells."""
    preview = values([[YEAR, "ALL_VISITS", None, "青山县人民医院", cell, ""]], staff)
    assert preview.written
    assert Value.objects.get().value == 17500


def test_a_misplaced_separator_in_a_cell_is_refused(places, staff):
    preview = values([[YEAR, "ALL_VISITS", None, "青山县人民医院", "1,75,00", ""]], staff)
    assert "应填写数字，而不是“1,75,00”" in preview.errors[0].message
    assert not Value.objects.exists()
