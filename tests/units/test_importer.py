"""The units importer on its own: every bad input named, nothing written on any error."""

import pytest

from tests.units.excel_helpers import xlsx_bytes
from units.credit_code import make_credit_code
from units.importer import HEADERS, UnitImporter
from units.models import MedicalCommunity, Unit

CODE_1 = make_credit_code("12329921000000101")
CODE_2 = make_credit_code("12329921000000102")


def row(**values):
    defaults = {
        "单位名称": "城关镇中心卫生院",
        "统一社会信用代码": CODE_1,
        "机构类别": "乡镇卫生院",
        "所属区划": "青山县",
        "经营性质": "公立",
        "等级": "一级",
        "核定床位": 80,
        "负责人": "曹强",
        "联系电话": "0599-8000000",
        "所属医共体": None,
        "是否牵头单位": None,
    }
    defaults.update(values)
    return [defaults[h] for h in HEADERS]


def run(rows, *, user=None, commit=True, headers=HEADERS):
    return UnitImporter(user).run(xlsx_bytes(headers, rows), commit=commit)


def messages(preview):
    return [str(e) for e in preview.errors]


def test_it_creates_units(county_a, community_a):
    preview = run(
        [
            row(所属医共体="青山县医共体"),
            row(单位名称="青山镇卫生院", 统一社会信用代码=CODE_2, 等级="", 核定床位="40"),
        ]
    )
    assert preview.ok, messages(preview)
    assert preview.written
    unit = Unit.objects.get(credit_code=CODE_1)
    assert unit.medical_community == community_a
    assert unit.approved_beds == 80
    assert Unit.objects.get(credit_code=CODE_2).grade == "none"


def test_dry_run_writes_nothing(county_a):
    preview = run([row()], commit=False)
    assert preview.ok and not preview.written
    assert not Unit.objects.exists()


def test_existing_credit_code_updates(unit_a):
    preview = run([row(单位名称=unit_a.name, 统一社会信用代码=unit_a.credit_code, 核定床位=700)])
    assert preview.ok, messages(preview)
    assert [r.action for r in preview.rows] == ["更新"]
    unit_a.refresh_from_db()
    assert unit_a.approved_beds == 700
    assert Unit.objects.count() == 1


def test_township_can_be_given_with_its_county(township_a):
    preview = run([row(所属区划="青山县/城关镇")])
    assert preview.ok, messages(preview)
    assert Unit.objects.get().region == township_a


def test_lead_unit_is_set(county_a):
    community = MedicalCommunity.objects.create(name="新医共体", region=county_a)
    preview = run([row(所属医共体="新医共体", 是否牵头单位="是")])
    assert preview.ok, messages(preview)
    community.refresh_from_db()
    assert community.lead_unit.credit_code == CODE_1


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"统一社会信用代码": "12329921000000101X"},
            "第2行，“统一社会信用代码”列：统一社会信用代码校验位不符",
        ),
        ({"统一社会信用代码": None}, "第2行，“统一社会信用代码”列：必填"),
        ({"机构类别": "大医院"}, "第2行，“机构类别”列：“大医院”不是可选值"),
        ({"所属区划": "火星县"}, "第2行，“所属区划”列：找不到区划“火星县”"),
        ({"核定床位": "八十张"}, "第2行，“核定床位”列：应填写整数"),
        ({"核定床位": -3}, "第2行，“核定床位”列：不能小于0"),
        ({"所属医共体": "不存在医共体"}, "第2行，“所属医共体”列：找不到医共体"),
        ({"是否牵头单位": "也许"}, "第2行，“是否牵头单位”列：应填写“是”或“否”"),
        ({"等级": "特等"}, "第2行，“等级”列：“特等”不是可选值"),
        ({"联系电话": "1" * 31}, "第2行，“联系电话”列：不能超过30个字"),
        ({"单位名称": "院" * 101}, "第2行，“单位名称”列：不能超过100个字"),
    ],
)
def test_bad_values_are_named_and_nothing_is_written(county_a, values, expected):
    preview = run([row(**values)])
    assert not preview.written
    assert any(m.startswith(expected) for m in messages(preview)), messages(preview)
    assert not Unit.objects.exists()


def test_one_bad_row_blocks_the_good_ones(county_a):
    preview = run([row(), row(单位名称="坏行", 统一社会信用代码=CODE_2, 核定床位="x")])
    assert not preview.written
    assert not Unit.objects.exists()


def test_duplicate_rows_are_refused(county_a):
    preview = run([row(), row()])
    text = " ".join(messages(preview))
    assert "与第2行重复" in text
    assert not Unit.objects.exists()


def test_same_name_twice_in_one_region_is_refused(county_a):
    preview = run([row(), row(统一社会信用代码=CODE_2)])
    assert "与第2行是同一区划内的同名单位" in " ".join(messages(preview))


def test_same_name_as_an_existing_unit_is_refused(unit_a):
    preview = run([row(单位名称=unit_a.name)])
    assert "已有同名单位" in " ".join(messages(preview))


def test_a_lead_cannot_join_another_community(community_a, unit_a, county_a):
    MedicalCommunity.objects.create(name="另一医共体", region=county_a)
    preview = run(
        [row(单位名称=unit_a.name, 统一社会信用代码=unit_a.credit_code, 所属医共体="另一医共体")]
    )
    assert "只能属于一个医共体" in " ".join(messages(preview))
    unit_a.refresh_from_db()
    assert unit_a.medical_community == community_a


def test_two_leads_for_one_community_are_refused(county_a):
    MedicalCommunity.objects.create(name="新医共体", region=county_a)
    preview = run(
        [
            row(所属医共体="新医共体", 是否牵头单位="是"),
            row(单位名称="乙", 统一社会信用代码=CODE_2, 所属医共体="新医共体", 是否牵头单位="是"),
        ]
    )
    assert "已在第2行指定了牵头单位" in " ".join(messages(preview))


def test_county_staff_cannot_import_into_another_county(county_staff, county_b):
    preview = run([row(所属区划="白沙县")], user=county_staff)
    assert "不在您的管辖范围内" in " ".join(messages(preview))


def test_county_staff_cannot_update_a_unit_outside_scope(county_staff, county_a, unit_b):
    preview = run([row(统一社会信用代码=unit_b.credit_code)], user=county_staff)
    assert "不在您的管辖范围内，不能修改" in " ".join(messages(preview))
    unit_b.refresh_from_db()
    assert unit_b.region != county_a


def test_missing_and_unknown_headers(county_a):
    headers = [h for h in HEADERS if h != "机构类别"] + ["备注"]
    preview = run([["x"] * len(headers)], headers=headers)
    text = " ".join(messages(preview))
    assert "缺少列：机构类别" in text
    assert "无法识别的列：备注" in text


def test_blank_rows_between_data_are_refused(county_a):
    preview = run([row(), [None] * len(HEADERS), row(统一社会信用代码=CODE_2, 单位名称="乙")])
    assert messages(preview) == ["第3行：空行：请删除表格中间的空行。"]
    assert not Unit.objects.exists()


def test_trailing_blank_rows_are_ignored(county_a):
    preview = run([row(), [None] * len(HEADERS)])
    assert preview.ok, messages(preview)


def test_a_file_without_rows_is_refused(county_a):
    assert "没有数据行" in " ".join(messages(run([])))


def test_not_an_excel_file(county_a):
    preview = UnitImporter().run(b"PK\x03\x04 not really a zip", commit=True)
    assert "文件无法读取" in " ".join(messages(preview))


def test_ambiguous_township_name_asks_for_the_county(county_a, county_b):
    from units.models import Region, RegionLevel

    Region.objects.create(name="新城镇", level=RegionLevel.TOWNSHIP, parent=county_a)
    Region.objects.create(name="新城镇", level=RegionLevel.TOWNSHIP, parent=county_b)
    preview = run([row(所属区划="新城镇")])
    assert "不唯一" in " ".join(messages(preview))
