import pytest
from django.core.management import CommandError, call_command

from rectification.ledger import HEADERS, LedgerImporter, export_ledger, template_workbook
from rectification.models import EventAction, Inspection, Problem, Status
from rectification.workflow import NO_EVIDENCE_TO_CLOSE, Action, WorkflowError, transition
from tests.rectification.conftest import D, sheet_rows
from tests.rectification.conftest import ledger_row as row
from tests.rectification.conftest import ledger_workbook as workbook


@pytest.fixture
def good_file(unit_a, unit_b):
    return workbook(
        row(),
        row(问题描述="医疗废物未分类", 整改状态="待验收"),
        row(
            责任单位="白沙县人民医院",
            整改状态="已销号",
            验收人="陈验收",
            验收日期="2025/4/20",
            问题描述="消毒记录缺失",
        ),
        row(检查名称="消防督查", 问题来源="局督查", 整改状态="已撤销", 备注="与上次检查重复"),
    )


def test_it_imports_with_history(good_file, staff):
    preview = LedgerImporter(staff).run(good_file, commit=True)
    assert preview.ok, preview.errors
    assert Inspection.objects.count() == 2
    assert Problem.objects.count() == 4
    closed = Problem.objects.get(description="消毒记录缺失")
    assert (closed.status, closed.verifier_name, closed.closed_on) == (
        Status.CLOSED,
        "陈验收",
        D(2025, 4, 20),
    )
    assert not closed.evidence.exists()
    assert closed.events.get().action == EventAction.IMPORTED
    assert Problem.objects.get(description="医疗废物未分类").status == Status.SUBMITTED
    cancelled = Problem.objects.get(status=Status.CANCELLED)
    assert cancelled.cancel_reason == "与上次检查重复"


def test_an_imported_submission_cannot_be_closed_without_evidence(good_file, staff, staff2):
    LedgerImporter(staff).run(good_file, commit=True)
    awaiting = Problem.objects.get(description="医疗废物未分类")
    with pytest.raises(WorkflowError, match=NO_EVIDENCE_TO_CLOSE):
        transition(awaiting, Action.CLOSE, staff2, note="合格")
    awaiting.refresh_from_db()
    assert awaiting.status == Status.SUBMITTED
    # History imported as 已销号 keeps its state, evidence or not.
    assert Problem.objects.get(description="消毒记录缺失").status == Status.CLOSED


def test_a_bad_row_writes_nothing_and_says_where(unit_a, staff):
    data = workbook(
        row(),
        row(序号=2, 责任单位="不存在医院"),
        row(序号=3, 整改状态="差不多了", 问题描述="b"),
        row(序号=4, 问题类别="其他类", 问题描述="c"),
        row(序号=5, 检查日期="2025-13-45", 问题描述="d"),
        row(序号=6, 整改时限=D(2025, 1, 1), 问题描述="e"),
        row(序号=7, 整改状态="已撤销", 问题描述="f"),
    )
    preview = LedgerImporter(staff).run(data, commit=True)
    where = {(e.row, e.column) for e in preview.errors}
    assert where == {
        (3, "责任单位"),
        (4, "整改状态"),
        (5, "问题类别"),
        (6, "检查日期"),
        (7, "整改时限"),
        (8, "备注"),
    }
    messages = " ".join(str(e) for e in preview.errors)
    assert "找不到单位“不存在医院”" in messages
    assert "日期格式应为 2025-12-31" in messages
    assert "整改时限不能早于检查日期" in messages
    assert not preview.written
    assert not Problem.objects.exists() and not Inspection.objects.exists()


def test_units_outside_the_scope_are_unknown(unit_b, county_staff):
    preview = LedgerImporter(county_staff).run(
        workbook(row(责任单位="白沙县人民医院")), commit=False
    )
    assert [e.column for e in preview.errors] == ["责任单位"]


def test_the_same_problem_is_not_imported_twice(good_file, staff):
    assert LedgerImporter(staff).run(good_file, commit=True).ok
    again = LedgerImporter(staff).run(good_file, commit=True)
    assert "不能重复导入" in str(again.errors[0])
    assert Problem.objects.count() == 4


def test_export_has_the_ledger_headers_and_escapes_formulas(good_file, staff):
    LedgerImporter(staff).run(good_file, commit=True)
    Problem.objects.filter(description="手卫生设施不全").update(measures="=HYPERLINK(1)")
    rows = sheet_rows(export_ledger(Problem.objects.all()))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 5
    first = next(dict(zip(HEADERS, r, strict=True)) for r in rows if r[7] == "手卫生设施不全")
    assert first["整改措施"] == "=HYPERLINK(1)"  # text with a quote prefix: tests/healthreport
    assert first["整改状态"] == "整改中"
    closed = next(dict(zip(HEADERS, r, strict=True)) for r in rows if r[13] == "已销号")
    assert closed["验收人"] == "陈验收"
    assert closed["验收日期"].date() == D(2025, 4, 20)


def test_template_has_the_headers(db):
    assert list(sheet_rows(template_workbook())[0]) == HEADERS


def test_commands_import_and_export(good_file, tmp_path, county_a, capsys):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(good_file)
    call_command("import_ledger", str(path), "--dry-run")
    assert not Problem.objects.exists()
    call_command("import_ledger", str(path))
    assert Problem.objects.count() == 4
    out = tmp_path / "out.xlsx"
    call_command("export_ledger", "--year", "2025", "--region", "青山县", "--out", str(out))
    assert len(sheet_rows(out.read_bytes())) == 1 + 3  # the three problems of 青山县人民医院
    call_command("export_ledger", "--year", "2024", "--out", str(out))
    assert len(sheet_rows(out.read_bytes())) == 1


def test_import_command_fails_on_a_bad_file(unit_a, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook(row(责任单位="无此单位")))
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_ledger", str(path))
    assert not Problem.objects.exists()


def test_a_name_longer_than_the_ledger_holds_is_refused_not_cut(unit_a, staff):
    preview = LedgerImporter(staff).run(workbook(row(第一责任人="张" * 31)), commit=True)
    assert [str(e) for e in preview.errors] == [
        "第2行，“第一责任人”列：不能超过30个字（现有31个字）。"
    ]
    assert not Problem.objects.exists()


def test_import_command_checks_the_file_as_the_upload_page_does(unit_a, tmp_path, settings):
    path = tmp_path / "台账.csv"
    path.write_bytes(workbook(row()))
    with pytest.raises(CommandError, match="只接受 Excel 工作簿"):
        call_command("import_ledger", str(path))
    settings.UPLOAD_MAX_BYTES = 1024
    path = path.rename(tmp_path / "台账.xlsx")
    with pytest.raises(CommandError, match="超过了"):
        call_command("import_ledger", str(path))
    assert not Problem.objects.exists()


def test_a_row_of_a_unit_no_longer_in_use_is_refused(unit_a, staff):
    """A 停用 unit takes no new problem from the ledger either, said in its cell."""
    from units.status import deactivate

    deactivate(unit_a, staff, "并入县医共体总院")
    preview = LedgerImporter(staff).run(workbook(row()), commit=True)
    assert [(e.row, e.column) for e in preview.errors] == [(2, "责任单位")]
    assert preview.errors[0].message == (
        "该单位已于2026-06-15停用（停用原因：并入县医共体总院），不能下发新问题。"
    )
    assert not preview.written
    assert not Problem.objects.exists()
