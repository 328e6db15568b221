"""The unit import's chunked lookups and bulk writes (issue 13): the same checks as a query per
row, and history for every unit written."""

import pytest

from healthreport.lib import imports
from tests.units.test_importer import CODE_1, CODE_2, messages, row, run
from units.credit_code import make_credit_code
from units.importer import UnitImporter
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_a_name_taken_in_the_region_is_found_in_a_later_chunk(county_a, monkeypatch):
    assert run([row()]).written
    monkeypatch.setattr(imports, "CHUNK_ROWS", 1)
    preview = run(
        [row(单位名称="青山镇卫生院", 统一社会信用代码=CODE_2), row(统一社会信用代码=CODE_2)]
    )
    assert messages(preview) == [
        "第3行，“统一社会信用代码”列：与第2行重复。",
        "第3行，“单位名称”列：“青山县”已有同名单位（信用代码" + CODE_1 + "）。",
    ]


def test_new_and_changed_units_are_written_with_their_history(county_a, staff, monkeypatch):
    assert run([row()], user=staff).written
    unit = Unit.objects.get()
    updated = unit.updated
    monkeypatch.setattr(imports, "CHUNK_ROWS", 1)
    preview = run(
        [row(核定床位=120), row(单位名称="青山镇卫生院", 统一社会信用代码=CODE_2)], user=staff
    )
    assert preview.written and preview.summary == "共2行：新增1条，更新1条"
    unit.refresh_from_db()
    assert unit.approved_beds == 120 and unit.updated >= updated
    assert [h.history_type for h in unit.history.order_by("history_id")] == ["+", "~"]
    assert Unit.objects.get(credit_code=CODE_2).history.get().history_user == staff


CODE_3 = make_credit_code("12329921000000103")


@pytest.mark.parametrize("chunk", [1, 2, 10])
def test_each_chunk_is_written_once_checked_and_a_later_error_writes_nothing(
    county_a, monkeypatch, chunk
):
    monkeypatch.setattr(imports, "CHUNK_ROWS", chunk)
    plans = []
    write = UnitImporter.write
    monkeypatch.setattr(
        UnitImporter, "write", lambda self, plan: plans.append(len(plan)) or write(self, plan)
    )
    rows = [
        row(单位名称="甲卫生室", 统一社会信用代码=CODE_1),
        row(单位名称="乙卫生室", 统一社会信用代码=CODE_2),
        row(单位名称="丙卫生室", 统一社会信用代码=CODE_3),
    ]
    assert run(rows).written and Unit.objects.count() == 3
    assert max(plans) == min(chunk, 3) and sum(plans) == 3
    Unit.objects.all().delete()
    # The last row fails after the first chunks were written: none of them stays.
    preview = run([*rows[:2], row(单位名称="丁卫生室", 统一社会信用代码=CODE_3, 所属区划="无此县")])
    assert not preview.written and messages(preview) == [
        "第4行，“所属区划”列：找不到区划“无此县”，或它不在您的管辖范围内。"
    ]
    assert Unit.objects.count() == 0


@pytest.mark.parametrize("chunk", [1, 10])
def test_a_unit_renamed_gives_its_old_name_to_a_later_row_whatever_the_chunks(
    county_a, monkeypatch, chunk
):
    assert run([row()]).written  # 城关镇中心卫生院, CODE_1
    monkeypatch.setattr(imports, "CHUNK_ROWS", chunk)
    renamed_first = [
        row(单位名称="城关镇卫生院"),
        row(单位名称="城关镇中心卫生院", 统一社会信用代码=CODE_2),
    ]
    assert run(renamed_first).written
    assert dict(Unit.objects.values_list("credit_code", "name")) == {
        CODE_1: "城关镇卫生院",
        CODE_2: "城关镇中心卫生院",
    }
    # The other way round the name is still taken when the row is checked.
    taken_first = [
        row(单位名称="城关镇卫生院", 统一社会信用代码=CODE_3),
        row(单位名称="新城关镇卫生院"),
    ]
    preview = run(taken_first)
    assert messages(preview) == [f"第2行，“单位名称”列：“青山县”已有同名单位（信用代码{CODE_1}）。"]
    assert not Unit.objects.filter(credit_code=CODE_3).exists()
