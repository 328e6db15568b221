"""imports.flow: each import recorded as a batch; a preview is written once however often it is
confirmed; the commands record their batches too."""

import pytest
from django.core.management import call_command

from healthreport.lib import uploads
from imports.models import ImportBatch, Outcome
from rectification.models import Problem
from tests.imports.conftest import LEDGER_PAGE, preview, upload
from tests.rectification.conftest import ledger_row, ledger_workbook, text

pytestmark = pytest.mark.django_db


def test_a_preview_is_a_batch_waiting_for_its_confirmation(client, staff, unit_a):
    client.force_login(staff)
    token = preview(client, ledger_row(), ledger_row(序号=2, 问题描述="消防通道堵塞"))
    batch = ImportBatch.objects.get()
    assert (batch.outcome, batch.token, batch.user, batch.region) == (
        Outcome.PREVIEWED,
        token,
        staff,
        staff.region,
    )
    assert (batch.kind, batch.title, batch.filename, batch.rows_created) == (
        "ledger",
        "整改台账",
        "台账.xlsx",
        2,
    )
    assert not batch.file


def test_the_confirmation_imports_and_keeps_the_file(client, staff, unit_a):
    client.force_login(staff)
    data = ledger_workbook(ledger_row())
    token = upload(client, data).context["token"]
    response = client.post(LEDGER_PAGE, {"token": token})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.outcome == Outcome.IMPORTED and batch.finished is not None
    assert batch.file.read() == data
    assert Problem.objects.get().import_batch == batch


def test_a_second_confirmation_writes_nothing_and_goes_to_the_batch(client, staff, unit_a):
    client.force_login(staff)
    token = preview(client)
    client.post(LEDGER_PAGE, {"token": token})
    response = client.post(LEDGER_PAGE, {"token": token}, follow=True)
    batch = ImportBatch.objects.get()
    assert response.redirect_chain[-1][0] == batch.get_absolute_url()
    message = "导入已完成：这个文件已于2026-06-15 10:00导入（刘晓燕），不会再次导入。"
    assert message in text(response)
    assert Problem.objects.count() == 1


def test_a_second_confirmation_after_the_staged_file_is_gone_says_the_same(client, staff, unit_a):
    client.force_login(staff)
    token = preview(client)
    client.post(LEDGER_PAGE, {"token": token})
    assert uploads.load("ledger", staff.pk, token) is None
    response = client.post(LEDGER_PAGE, {"token": token}, follow=True)
    assert "导入已完成" in text(response)


def test_a_file_with_errors_is_recorded_as_refused(client, staff, unit_a):
    client.force_login(staff)
    response = upload(client, ledger_workbook(ledger_row(责任单位="不存在医院")))
    assert response.status_code == 400
    batch = ImportBatch.objects.get()
    assert (batch.outcome, batch.token, batch.error_count) == (Outcome.REFUSED, None, 1)


def test_a_file_that_is_not_a_workbook_is_recorded_as_refused(client, staff):
    client.force_login(staff)
    response = upload(client, b"\xd0\xcf\x11\xe0", name="台账.xls")
    assert response.status_code == 400
    assert ImportBatch.objects.get().outcome == Outcome.REFUSED


def test_a_confirmation_that_meets_a_duplicate_refuses_its_batch(client, staff, unit_a):
    """Two previews of the same file: the second confirmation finds the rows written."""
    client.force_login(staff)
    first, second = preview(client), preview(client)
    client.post(LEDGER_PAGE, {"token": first})
    response = client.post(LEDGER_PAGE, {"token": second})
    assert response.status_code == 400
    assert "系统中已有这条问题" in text(response)
    assert Problem.objects.count() == 1
    assert ImportBatch.objects.get(token=second).outcome == Outcome.REFUSED
    # and the refused preview cannot be confirmed again
    response = client.post(LEDGER_PAGE, {"token": second}, follow=True)
    assert "预览已失效，请重新上传文件。" in text(response)


def test_a_confirmation_the_database_refuses_is_an_error_of_the_file(
    client, staff, unit_a, monkeypatch
):
    """The constraint's refusal (a concurrent writer the checks could not see) is shown."""
    client.force_login(staff)
    token = preview(client)
    monkeypatch.setattr("rectification.ledger.LedgerImporter.check", lambda self, row: None)
    client.post(LEDGER_PAGE, {"token": preview(client)})
    response = client.post(LEDGER_PAGE, {"token": token})
    assert response.status_code == 400
    assert "与系统中刚写入的数据重复" in text(response)
    assert Problem.objects.count() == 1
    assert ImportBatch.objects.get(token=token).outcome == Outcome.REFUSED


def test_someone_elses_token_is_refused(client, staff, county_staff, unit_a):
    client.force_login(county_staff)
    token = preview(client)
    client.force_login(staff)
    response = client.post(LEDGER_PAGE, {"token": token}, follow=True)
    assert "预览已失效，请重新上传文件。" in text(response)
    assert not Problem.objects.exists()
    assert ImportBatch.objects.get().outcome == Outcome.PREVIEWED


def test_a_command_records_its_batch(tmp_path, unit_a):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(ledger_workbook(ledger_row()))
    call_command("import_ledger", str(path))
    batch = ImportBatch.objects.get()
    assert (batch.user, batch.region, batch.by_label, batch.outcome) == (
        None,
        None,
        "命令行",
        Outcome.IMPORTED,
    )
    assert batch.file.read() == path.read_bytes()
    assert Problem.objects.get().import_batch == batch


def test_a_refused_command_is_recorded_and_a_dry_run_is_not(tmp_path, unit_a):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(ledger_workbook(ledger_row(责任单位="不存在医院")))
    with pytest.raises(Exception, match="未导入任何数据"):
        call_command("import_ledger", str(path))
    assert ImportBatch.objects.get().outcome == Outcome.REFUSED
    path.write_bytes(ledger_workbook(ledger_row()))
    call_command("import_ledger", str(path), "--dry-run")
    assert ImportBatch.objects.count() == 1


def test_a_file_with_more_errors_than_are_listed_counts_them_all(client, staff, unit_a):
    """201 rows naming an unknown unit: 200 listed and one line for the rest; the page and the
    batch count 201."""
    client.force_login(staff)
    rows = [ledger_row(序号=n, 责任单位="不存在医院", 问题描述=f"问题{n}") for n in range(201)]
    response = upload(client, ledger_workbook(*rows))
    assert response.status_code == 400
    assert "文件有 201 处问题，未导入任何数据。" in text(response)
    assert "还有1处错误未列出。" in text(response)
    assert ImportBatch.objects.get().error_count == 201
