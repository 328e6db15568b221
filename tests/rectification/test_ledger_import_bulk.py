"""The ledger import's bulk writing and chunked lookups (issue 13): the same problems, events and
errors as one save per row gave, found and written a chunk of rows at a time, all or nothing."""

import datetime

import pytest

from healthreport.lib import imports
from rectification.ledger import LedgerImporter
from rectification.models import (
    EventAction,
    Inspection,
    Problem,
    ProblemEvent,
    Status,
    description_fingerprint,
)
from rectification.workflow import IMPORTED_NOTE
from tests.rectification.conftest import ledger_row as row
from tests.rectification.conftest import ledger_workbook as workbook

pytestmark = pytest.mark.django_db


def test_problems_and_events_are_written_as_a_save_would_write_them(unit_a, staff):
    data = workbook(
        row(),
        row(问题描述="消毒记录缺失", 整改状态="已销号", 验收人="陈验收", 验收日期="2025/4/20"),
        row(问题描述="重复下发", 整改状态="已撤销", 备注=" 与上次检查重复 "),
    )
    assert LedgerImporter(staff).run(data, commit=True).written
    open_one, closed, cancelled = Problem.objects.order_by("pk")
    assert open_one.fingerprint == description_fingerprint("手卫生设施不全")
    assert open_one.created_by == staff and None not in (open_one.created, open_one.updated)
    assert open_one.rectification_note == "" and open_one.submitted_at is None
    assert (closed.status, closed.verifier_name, str(closed.closed_on)) == (
        Status.CLOSED,
        "陈验收",
        "2025-04-20",
    )
    assert (cancelled.status, cancelled.cancel_reason, cancelled.remarks) == (
        Status.CANCELLED,
        "与上次检查重复",
        "",
    )
    events = ProblemEvent.objects.order_by("problem_id")
    assert [(e.problem, e.actor, e.action, e.from_status, e.to_status, e.note) for e in events] == [
        (open_one, staff, EventAction.IMPORTED, Status.OPEN, open_one.status, IMPORTED_NOTE),
        (closed, staff, EventAction.IMPORTED, Status.OPEN, Status.CLOSED, IMPORTED_NOTE),
        (cancelled, staff, EventAction.IMPORTED, Status.OPEN, Status.CANCELLED, "与上次检查重复"),
    ]
    assert all(event.at is not None for event in events)


def test_duplicates_are_found_across_chunks(unit_a, staff, monkeypatch):
    assert LedgerImporter(staff).run(workbook(row()), commit=True).written
    monkeypatch.setattr(imports, "CHUNK_ROWS", 1)
    data = workbook(
        row(问题描述="新问题"),
        row(问题描述="  手卫生设施不全 "),  # stored already, written differently
        row(问题描述="新问题"),
    )
    preview = LedgerImporter(staff).run(data, commit=True)
    assert [str(error) for error in preview.errors] == [
        "第3行，“问题描述”列：系统中已有这条问题（同一检查、同一单位、相同描述），不能重复导入。",
        "第4行，“问题描述”列：与第2行重复。",
    ]
    assert Problem.objects.count() == 1


def test_a_long_file_is_listed_in_part_and_counted_whole(unit_a, staff, monkeypatch):
    monkeypatch.setattr(imports, "PREVIEW_ROWS", 2)
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    data = workbook(*(row(问题描述=f"问题{n}") for n in range(5)))
    preview = LedgerImporter(staff).run(data, commit=True)
    assert [r.row for r in preview.rows] == [2, 3]
    assert (preview.summary, preview.unlisted) == ("共5行：新增5条，更新0条", 3)
    assert Problem.objects.count() == 5


def test_chunks_are_written_as_they_are_checked_and_no_more_is_held(unit_a, staff, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    plans = []
    write = LedgerImporter.write
    monkeypatch.setattr(
        LedgerImporter, "write", lambda self, plan: (plans.append(len(plan)), write(self, plan))
    )
    data = workbook(*(row(问题描述=f"问题{n}") for n in range(5)))
    assert LedgerImporter(staff).run(data, commit=True).written
    assert plans == [2, 2, 1, 0]  # the chunks, then what is left at the end
    assert Problem.objects.count() == ProblemEvent.objects.count() == 5
    assert Inspection.objects.count() == 1  # created by the first chunk, found by the others


def test_a_bad_row_after_written_chunks_leaves_nothing_written(unit_a, staff, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 1)
    data = workbook(
        row(问题描述="问题一"),
        row(问题描述="问题二", 检查名称="另一次检查"),
        row(问题描述="问题三", 整改时限=datetime.date(2025, 1, 1)),  # before the inspection
    )
    importer = LedgerImporter(staff)
    preview = importer.run(data, commit=True)
    assert not preview.written
    assert [str(error) for error in preview.errors] == [
        "第4行，“整改时限”列：整改时限不能早于检查日期。"
    ]
    assert not Problem.objects.exists() and not ProblemEvent.objects.exists()
    assert not Inspection.objects.exists()
    assert (importer.created, importer.updated) == ([], [])


def test_a_file_error_after_written_chunks_leaves_nothing_written(unit_a, staff, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 1)
    blank = [None] * len(LedgerImporter.headers)
    data = workbook(row(问题描述="问题一"), row(问题描述="问题二"), blank, row(问题描述="问题三"))
    preview = LedgerImporter(staff).run(data, commit=True)
    assert not preview.written
    assert [str(error) for error in preview.errors] == ["第4行：空行：请删除表格中间的空行。"]
    assert not Problem.objects.exists() and not Inspection.objects.exists()
