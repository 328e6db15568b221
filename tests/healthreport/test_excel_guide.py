"""Import templates that guide: drop-downs on choice columns and a 填写说明 sheet, which the
imports themselves never read."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from healthreport.lib.excel import (
    LISTS_TITLE,
    NOTES_TITLE,
    Guide,
    build_workbook,
    read_sheet,
)
from tests.excel_templates import drop_downs, notes

HEADERS = ["名称", "类别", "来源", "说明"]
LONG = [f"很长的问题来源名称第{n}号" for n in range(30)]  # far beyond 255 characters


def template(choices, notes_rows=(), remarks=()) -> bytes:
    guide = Guide(choices=choices, notes=notes_rows, remarks=remarks)
    return build_workbook(HEADERS, [["甲", "一般", LONG[0], ""]], title="模板", guide=guide)


def test_a_short_list_is_written_in_the_rule():
    data = template({"类别": ["一般", "较重", "重大"]})
    assert drop_downs(data) == {"类别": ["一般", "较重", "重大"]}
    assert LISTS_TITLE not in load_workbook(io.BytesIO(data)).sheetnames


def test_a_long_list_goes_on_the_hidden_sheet():
    data = template({"类别": ["一般", "较重"], "来源": LONG})
    assert drop_downs(data) == {"类别": ["一般", "较重"], "来源": LONG}
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["模板", NOTES_TITLE, LISTS_TITLE]
    assert workbook[LISTS_TITLE].sheet_state == "hidden"


def test_a_value_with_a_comma_or_a_formula_character_is_kept_whole():
    data = template({"来源": ["上级巡查,复查", "=SUM(A1)"]})
    assert drop_downs(data) == {"来源": ["上级巡查,复查", "=SUM(A1)"]}
    # Written as text, never as a formula.
    assert load_workbook(io.BytesIO(data))[LISTS_TITLE]["A3"].data_type == "s"


def test_the_drop_down_warns_rather_than_refuses():
    # The imports accept the usual spellings (三甲 for 三级甲等) besides the listed values.
    sheet = load_workbook(io.BytesIO(template({"类别": ["一般"]}))).worksheets[0]
    (rule,) = sheet.data_validations.dataValidation
    assert rule.errorStyle == "warning" and rule.showErrorMessage and rule.allow_blank


def test_the_notes_sheet_follows_the_data():
    data = template(
        {}, notes_rows=[["名称", "必填", "单位全称", "文字"]], remarks=["第2行为示例。"]
    )
    assert notes(data) == {"名称": ["必填", "单位全称", "文字"]}
    rows = list(load_workbook(io.BytesIO(data))[NOTES_TITLE].iter_rows(values_only=True))
    assert rows[0] == ("列名", "是否必填", "含义", "填写格式或可选值")
    assert rows[-1][0] == "第2行为示例。"


def test_reading_takes_the_data_sheet_only():
    data = template({"类别": ["一般"], "来源": LONG}, notes_rows=[["名称", "必填", "", ""]])
    sheet = read_sheet(data, HEADERS)
    assert [cells["名称"] for _, cells in sheet.rows] == ["甲"]


def test_a_workbook_without_a_guide_is_as_before():
    data = build_workbook(HEADERS, [], title="导出")
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["导出"]
    assert not workbook.worksheets[0].data_validations.dataValidation
