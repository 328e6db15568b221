"""The unit import's chunked lookups and bulk writes (issue 13): the same checks as a query per
row, and history for every unit written."""

import pytest

from healthreport.lib import imports
from tests.units.test_importer import CODE_1, CODE_2, messages, row, run
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
