"""run_import_command, behind every `manage.py import_… FILE [--dry-run]`: the upload's checks
(.xlsx, size), --dry-run, the errors by row in Chinese, exit status 1 and nothing written."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.core.management.base import BaseCommand

from healthreport.lib.excel import MAX_ERRORS
from imports.flow import run_import_command
from imports.models import ImportBatch
from tests.healthreport.test_imports import HEADERS, GroupImporter
from tests.units.excel_helpers import xlsx_bytes

pytestmark = pytest.mark.django_db

COMMANDS = ["import_units", "import_ledger", "import_indicator_values", "import_targets"]


def _file(tmp_path, *rows, name="groups.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(HEADERS, [list(r) for r in rows]))
    return path


def run(path, *, dry_run=False):
    command = BaseCommand()
    run_import_command(command, GroupImporter(), path, dry_run=dry_run)


def test_it_imports(tmp_path, capsys):
    run(_file(tmp_path, ["甲", 1, None, None, None, None]))
    assert Group.objects.get().name == "甲"
    assert "导入成功：共1行：新增1条，更新0条。" in capsys.readouterr().out


def test_a_dry_run_checks_and_writes_nothing(tmp_path, capsys):
    run(_file(tmp_path, ["甲", 1, None, None, None, None]), dry_run=True)
    assert not Group.objects.exists()
    assert "检查通过（未写入）：共1行" in capsys.readouterr().out


def test_a_bad_row_prints_every_error_and_writes_nothing(tmp_path, capsys):
    path = _file(tmp_path, ["甲", 1, None, None, None, None], [None, "十", None, None, None, None])
    with pytest.raises(CommandError, match="文件有2处错误，未导入任何数据。") as raised:
        run(path)
    assert raised.value.returncode == 1
    assert capsys.readouterr().err.splitlines() == [
        "第3行，“名称”列：必填，不能为空。",
        "第3行，“人数”列：应填写整数，而不是“十”。",
    ]
    assert not Group.objects.exists()


def test_the_last_line_counts_the_errors_beyond_those_listed(tmp_path, capsys):
    """250 bad rows: 200 listed, a line counting the other 50, and the total is 250 (not the
    201 lines printed)."""
    path = _file(tmp_path, *([None, "十", None, None, None, None] for _ in range(125)))
    with pytest.raises(CommandError, match="文件有250处错误，未导入任何数据。"):
        run(path)
    printed = capsys.readouterr().err.splitlines()
    assert len(printed) == MAX_ERRORS + 1
    assert printed[-1] == "还有50处错误未列出。"
    assert ImportBatch.objects.get().error_count == 250


def test_a_bad_row_in_a_dry_run_fails_too(tmp_path):
    with pytest.raises(CommandError, match="未导入任何数据"):
        run(_file(tmp_path, [None, 1, None, None, None, None]), dry_run=True)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_import_command_refuses_what_is_not_a_workbook(command, tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(CommandError, match="只接受 Excel 工作簿"):
        call_command(command, str(path))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_import_command_refuses_a_macro_workbook(command, tmp_path):
    path = tmp_path / "data.xlsm"
    path.write_bytes(b"PK")
    with pytest.raises(CommandError, match="不接受启用宏的工作簿"):
        call_command(command, str(path), "--dry-run")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_import_command_refuses_a_file_over_the_limit(command, tmp_path, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    path = tmp_path / "data.xlsx"
    path.write_bytes(b"0" * (1024 * 1024 + 1))
    with pytest.raises(CommandError, match="超过了1MB的上限"):
        call_command(command, str(path))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_import_command_names_a_missing_file(command, tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command(command, str(tmp_path / "none.xlsx"))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_import_command_exits_1_on_a_file_with_the_wrong_columns(command, tmp_path, capsys):
    from django.core.management import ManagementUtility

    path = _file(tmp_path, ["甲", 1, None, None, None, None])
    with pytest.raises(SystemExit) as exit:
        ManagementUtility(["manage.py", command, str(path)]).execute()
    assert exit.value.code == 1
    assert "缺少列" in capsys.readouterr().err
