"""Excel import of values and targets (the importers and commands): preview, all-or-nothing,
every bad input named by row. The upload pages are in test_import_views.py."""

import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from indicators.exports import export_year
from indicators.importers import TargetImporter, ValueImporter
from indicators.models import Target, Value, ValueStatus
from tests.indicators.conftest import HEADERS, YEAR, put, xlsx


def run(rows, user=None, commit=True):
    return ValueImporter(user).run(xlsx(HEADERS, rows), commit=commit)


def test_it_imports_values(places, staff):
    preview = run(
        [
            [YEAR, "BEDS", "医疗卫生机构实有床位数", "青山县人民医院", 600, ""],
            [YEAR, None, "常住人口", "青山县", 500000, None],
        ],
        staff,
    )
    assert preview.ok and preview.written
    assert Value.objects.get(unit__name="青山县人民医院").value == D(600)
    assert Value.objects.get(region__name="青山县").status == ValueStatus.SUBMITTED
    assert Value.history.count() == 2


def test_a_file_with_the_former_name_of_beds_still_imports(places, staff):
    """BEDS was 医疗卫生机构床位数 until it was named apart from the registry's 核定床位."""
    preview = run(
        [
            [YEAR, "BEDS", "医疗卫生机构床位数", "青山县人民医院", 600, ""],
            [YEAR, None, "医疗卫生机构床位数", "白沙县人民医院", 300, ""],
        ],
        staff,
    )
    assert preview.ok and preview.written
    assert Value.objects.filter(indicator__code="BEDS").count() == 2


def test_a_dry_run_writes_nothing(places):
    preview = run([[YEAR, "BEDS", None, "青山县人民医院", 600, ""]], commit=False)
    assert preview.ok and not preview.written
    assert not Value.objects.exists()


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ([YEAR, "BEDS", None, "青山县人民医院", "六百", ""], "数值", "应填写数字"),
        ([YEAR, "BEDS", None, "青山县人民医院", -1, ""], "数值", "不能为负数"),
        ([YEAR, "EXERCISE", None, "示例市", 130, ""], "数值", "百分比应在0到100之间"),
        ([YEAR, "BEDS", None, "青山县", 600, ""], "区划或单位", "按单位填报，“青山县”是区划"),
        ([YEAR, "POPULATION", None, "青山县人民医院", 5, ""], "区划或单位", "按区划填报"),
        ([YEAR, "NOPE", None, "青山县人民医院", 5, ""], "指标编码", "没有编码为“NOPE”"),
        ([YEAR, "BEDS", None, "不存在医院", 5, ""], "区划或单位", "找不到单位"),
        ([YEAR, "MMR", None, "青山县", 12, ""], "指标编码", "计算指标"),
        ([YEAR, None, "床位", "青山县人民医院", 5, ""], "指标名称", "没有名为“床位”"),
        (["去年", "BEDS", None, "青山县人民医院", 5, ""], "年度", "应填写整数"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(places, row, column, message):
    good = [YEAR, "DOCTORS", None, "青山县人民医院", 400, ""]
    preview = run([good, row])
    assert not preview.written
    assert [(e.row, e.column) for e in preview.errors] == [(3, column)]
    assert message in preview.errors[0].message
    assert not Value.objects.exists()


def test_a_comment_longer_than_300_characters_is_refused_not_cut(places):
    preview = run([[YEAR, "BEDS", None, "青山县人民医院", 600, "说" * 301]])
    assert [(e.column, e.message) for e in preview.errors] == [
        ("备注", "不能超过300个字（现有301个字）。")
    ]
    assert not Value.objects.exists()


def test_duplicate_rows(places):
    row = [YEAR, "BEDS", None, "青山县人民医院", 600, ""]
    preview = run([row, row])
    assert "与第2行是同一指标" in preview.errors[0].message
    assert not Value.objects.exists()


def test_locked_values_are_refused(places, unit_a):
    put("BEDS", unit_a, 500, status=ValueStatus.APPROVED)
    preview = run([[YEAR, "BEDS", None, "青山县人民医院", 600, ""]])
    assert "已审核锁定" in preview.errors[0].message
    assert Value.objects.get().value == D(500)


def test_numerator_above_denominator(places):
    preview = run(
        [
            [YEAR, "DRUG_REVENUE", None, "青山县人民医院", 900, ""],
            [YEAR, "MEDICAL_REVENUE", None, "青山县人民医院", 800, ""],
        ]
    )
    assert (preview.errors[0].row, preview.errors[0].column) == (2, "数值")
    assert "不能大于医疗收入" in preview.errors[0].message


def test_staff_of_a_county_cannot_import_for_another(places, county_staff):
    preview = run([[YEAR, "BEDS", None, "白沙县人民医院", 600, ""]], county_staff)
    assert "不在您的管辖范围内" in preview.errors[0].message


def test_targets(places, staff):
    headers = ["年度", "指标编码", "区划或单位", "目标类型", "目标值", "依据"]
    data = xlsx(
        headers,
        [
            [YEAR, "MMR", "示例市", "≤", 14.5, "规划"],
            [YEAR, "OOP_SHARE", "示例市", "较上年下降至少", 1, ""],
            [YEAR, "MMR", "青山县人民医院", "≤", 10, ""],
            [YEAR, "EXERCISE", "示例市", "大约", 10, ""],
            [YEAR, "EXERCISE", "青山县", ">=", 130, ""],
        ],
    )
    preview = TargetImporter(staff).run(data, commit=True)
    assert [(e.row, e.column) for e in preview.errors] == [
        (4, "区划或单位"),
        (5, "目标类型"),
        (6, "目标值"),
    ]
    assert not Target.objects.exists()
    data = xlsx(headers, [[YEAR, "MMR", "示例市", "≤", 14.5, "规划"]])
    assert TargetImporter(staff).run(data, commit=True).written
    assert Target.objects.get().operator == "<="


def test_export_round_trip_and_sheets(places, county_a, unit_a):
    put("POPULATION", county_a, 500000)
    put("BEDS", unit_a, 600)
    book = load_workbook(io.BytesIO(export_year(YEAR, county_a.parent)))
    assert book.sheetnames == ["数值", "完成情况"]
    rows = list(book["数值"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert {r[1] for r in rows[1:]} == {"POPULATION", "BEDS"}
    results = list(book["完成情况"].iter_rows(values_only=True))
    assert list(results[0]) == [
        "年度",
        "指标编码",
        "指标名称",
        "区划或单位",
        "数值",
        "目标",
        "完成情况",
        "上年数值",
        "变化",
    ]
    beds = [r for r in results if r[1] == "BEDS_PER_1000"]
    assert beds[0][3] == "示例市" and beds[0][4] == 1.2  # 600 / 500000 × 1000
    assert any(r[3] == "青山县人民医院" for r in results)
    # Edit nothing and import it back: every row is an update, nothing breaks.
    buffer = io.BytesIO()
    book.save(buffer)
    preview = ValueImporter().run(buffer.getvalue(), commit=True)
    assert preview.ok and preview.count("更新") == 2


def test_commands(places, tmp_path, county_a):
    path = tmp_path / "v.xlsx"
    path.write_bytes(xlsx(HEADERS, [[YEAR, "POPULATION", None, "青山县", 500000, ""]]))
    call_command("import_indicator_values", str(path), "--dry-run")
    assert not Value.objects.exists()
    call_command("import_indicator_values", str(path))
    assert Value.objects.count() == 1
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx(HEADERS, [[YEAR, "MMR", None, "青山县", 1, ""]]))
    with pytest.raises(CommandError):
        call_command("import_indicator_values", str(bad))
    out = tmp_path / "out.xlsx"
    call_command("export_indicators", "--year", str(YEAR), "--out", str(out))
    assert load_workbook(out).sheetnames == ["数值", "完成情况"]
    targets = tmp_path / "t.xlsx"
    targets.write_bytes(
        xlsx(
            ["年度", "指标编码", "区划或单位", "目标类型", "目标值", "依据"],
            [[YEAR, "MMR", "示例市", "≤", 14.5, ""]],
        )
    )
    call_command("import_targets", str(targets))
    assert Target.objects.count() == 1


def test_a_new_figure_for_a_unit_no_longer_in_use_is_refused(places, unit_a, staff):
    from units.status import deactivate

    deactivate(unit_a, staff, "撤并")
    preview = run([[YEAR, "BEDS", None, "青山县人民医院", 600, ""]], staff)
    assert [(e.row, e.column) for e in preview.errors] == [(2, "区划或单位")]
    assert preview.errors[0].message == (
        "该单位已于2026-06-15停用（停用原因：撤并），不能填报新的指标数值。"
    )
    assert not Value.objects.exists()


def test_a_figure_a_unit_no_longer_in_use_already_has_may_be_corrected(places, unit_a, staff):
    """停用 keeps the unit's figures; correcting one is not a new figure."""
    from units.status import deactivate

    put("BEDS", unit_a, 500)
    deactivate(unit_a, staff, "撤并")
    preview = run([[YEAR, "BEDS", None, "青山县人民医院", 600, ""]], staff)
    assert preview.ok, preview.errors
    assert Value.objects.get().value == D(600)
