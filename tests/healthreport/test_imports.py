"""The declarative column layer of every Excel import (healthreport.lib.imports): a column turns a
cell into a value or an error in Chinese; an importer adds its own checks and writes all or
nothing."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from healthreport.lib.excel import RowError, parse_decimal, parse_int
from healthreport.lib.imports import UPDATE, Column, Importer, Row
from indicators.importers import TargetImporter, ValueImporter
from rectification.ledger import LedgerImporter
from tests.units.excel_helpers import xlsx_bytes
from units.importer import UnitImporter

pytestmark = pytest.mark.django_db

COLOURS = [("red", "红"), ("blue", "蓝")]


class GroupImporter(Importer):
    """A small importer of auth groups: one of each kind of column, and each hook."""

    kind = "groups"
    columns = [
        Column("名称", "name", required=True, max_length=10),
        Column("人数", "size", parse=parse_int, minimum=1, maximum=99, default=1),
        Column("颜色", "colour", choices=COLOURS, aliases={"红色": "red"}),
        Column("预算", "budget", parse=parse_decimal),
        Column("组长", "lead", parse="find_lead"),
        Column("说明", "note"),
    ]

    def prepare(self):
        self.leads = {"张三": "zhang"}
        self.existing = set(Group.objects.values_list("name", flat=True))
        self.checked = []

    def find_lead(self, value):
        if value not in self.leads:
            raise ValueError(f"找不到“{value}”。")
        return self.leads[value]

    def check(self, row):
        self.checked.append((row.number, dict(row.values)))
        if row["colour"] == "blue" and not row["note"]:
            row.fail("note", "蓝色须写明原因。")

    def stage(self, row):
        if row["name"] in self.existing:
            row.action = UPDATE
        return row["name"]

    def check_file(self):
        return [RowError(None, "", "坏文件")] if getattr(self, "refuse", False) else []

    def write(self, plan):
        for name in plan:
            Group.objects.get_or_create(name=name)


HEADERS = GroupImporter.headers


def run(*rows, commit=True, importer=None):
    importer = importer or GroupImporter()
    return importer.run(xlsx_bytes(HEADERS, [list(r) for r in rows]), commit=commit)


def errors(preview):
    return [str(e) for e in preview.errors]


def test_headers_and_required_come_from_the_columns():
    assert GroupImporter.headers == ["名称", "人数", "颜色", "预算", "组长", "说明"]
    assert GroupImporter.required == ["名称"]


def test_cells_become_values():
    importer = GroupImporter()
    preview = run(["甲", "12", "红色", "1,200.5", "张三", 3], importer=importer)
    assert preview.ok, errors(preview)
    assert importer.checked == [
        (
            2,
            {
                "name": "甲",
                "size": 12,
                "colour": "red",
                "budget": Decimal("1200.5"),
                "lead": "zhang",
                "note": "3",
            },
        )
    ]
    assert Group.objects.get().name == "甲"


def test_blank_cells_take_the_default_and_text_is_empty():
    importer = GroupImporter()
    assert run(["甲", None, None, None, None, None], importer=importer).ok
    assert importer.checked[0][1] == {
        "name": "甲",
        "size": 1,
        "colour": None,
        "budget": None,
        "lead": None,
        "note": "",
    }


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ([None, 1, None, None, None, None], "第2行，“名称”列：必填，不能为空。"),
        (["甲" * 11, 1, None, None, None, None], "第2行，“名称”列：不能超过10个字（现有11个字）。"),
        (["甲", "十", None, None, None, None], "第2行，“人数”列：应填写整数，而不是“十”。"),
        (["甲", 0, None, None, None, None], "第2行，“人数”列：不能小于1。"),
        (["甲", 100, None, None, None, None], "第2行，“人数”列：不能大于99。"),
        (["甲", 1, "绿", None, None, None], "第2行，“颜色”列：“绿”不是可选值，应为：红、蓝。"),
        (["甲", 1, None, "许多", None, None], "第2行，“预算”列：应填写数字，而不是“许多”。"),
        (["甲", 1, None, None, "李四", None], "第2行，“组长”列：找不到“李四”。"),
        (["甲", 1, "蓝", None, None, None], "第2行，“说明”列：蓝色须写明原因。"),
    ],
)
def test_each_bad_cell_is_named_by_row_and_column(row, expected):
    preview = run(row)
    assert errors(preview) == [expected]
    assert not preview.written and not Group.objects.exists()


def test_the_checks_run_when_a_column_failed_so_every_error_is_listed():
    importer = GroupImporter()
    preview = run(["甲", "十", "蓝", None, None, None], importer=importer)
    assert [e.column for e in preview.errors] == ["人数", "说明"]
    assert "size" not in importer.checked[0][1]  # and row["size"] is None


def test_a_misspelt_name_is_an_error_not_a_blank():
    row = Row(2, {"名称": "甲"}, {c.name: c for c in GroupImporter.columns})
    assert row["name"] is None  # declared, not parsed yet
    with pytest.raises(KeyError):
        row["nmae"]


def test_one_bad_row_writes_nothing_and_good_rows_are_previewed():
    preview = run(["甲", 1, None, None, None, None], [None, 1, None, None, None, None])
    assert not preview.written and not Group.objects.exists()
    assert [r.row for r in preview.rows] == [2]
    assert [e.row for e in preview.errors] == [3]


def test_an_error_across_the_file_writes_nothing():
    importer = GroupImporter()
    importer.refuse = True
    preview = run(["甲", 1, None, None, None, None], importer=importer)
    assert errors(preview) == ["坏文件"]
    assert not preview.written and not Group.objects.exists()


def test_a_dry_run_previews_and_writes_nothing():
    Group.objects.create(name="乙")
    rows = [["甲", 1, None, None, None, None], ["乙", 2, None, None, None, None]]
    preview = run(*rows, commit=False)
    assert preview.ok and not preview.written
    assert [(r.action, r.cells) for r in preview.rows] == [
        ("新增", ["甲", 1, None, None, None, None]),
        ("更新", ["乙", 2, None, None, None, None]),
    ]
    assert preview.summary == "共2行：新增1条，更新1条"
    assert list(Group.objects.values_list("name", flat=True)) == ["乙"]


def test_a_missing_required_column_is_refused_before_any_row():
    data = xlsx_bytes(["人数"], [[1]])
    assert errors(GroupImporter().run(data, commit=True)) == [
        "第1行：缺少列：名称。请使用下载的模板。"
    ]


# Bureaus fill these templates and scripts write these files: their headers never change.
@pytest.mark.parametrize(
    ("importer", "headers"),
    [
        (
            UnitImporter,
            [
                "单位名称",
                "统一社会信用代码",
                "机构类别",
                "所属区划",
                "经营性质",
                "等级",
                "核定床位",
                "负责人",
                "联系电话",
                "所属医共体",
                "是否牵头单位",
            ],
        ),
        (
            LedgerImporter,
            [
                "序号",
                "问题来源",
                "检查名称",
                "检查日期",
                "责任单位",
                "问题类别",
                "严重程度",
                "问题描述",
                "整改措施",
                "整改类型",
                "第一责任人",
                "直接责任人",
                "整改时限",
                "整改状态",
                "整改进展",
                "验收人",
                "验收日期",
                "备注",
            ],
        ),
        # 报告期 came later, optional and after the published columns.
        (ValueImporter, ["年度", "指标编码", "指标名称", "区划或单位", "数值", "备注", "报告期"]),
        (TargetImporter, ["年度", "指标编码", "区划或单位", "目标类型", "目标值", "依据"]),
    ],
)
def test_the_import_headers_stay_as_published(importer, headers):
    assert importer.headers == headers


@pytest.mark.parametrize(
    ("importer", "required"),
    [
        (UnitImporter, ["单位名称", "统一社会信用代码", "机构类别", "所属区划"]),
        (
            LedgerImporter,
            [
                "问题来源",
                "检查名称",
                "检查日期",
                "责任单位",
                "问题类别",
                "严重程度",
                "问题描述",
                "整改类型",
                "整改时限",
                "整改状态",
            ],
        ),
        (ValueImporter, ["年度", "区划或单位", "数值"]),
        (TargetImporter, ["年度", "指标编码", "区划或单位", "目标类型", "目标值"]),
    ],
)
def test_the_required_columns_stay_as_they_were(importer, required):
    assert importer.required == required
