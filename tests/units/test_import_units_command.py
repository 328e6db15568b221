import pytest
from django.core.management import CommandError, call_command

from tests.units.excel_helpers import xlsx_bytes
from tests.units.test_importer import CODE_1, CODE_2, row
from units.importer import HEADERS
from units.models import Unit


def _file(tmp_path, rows, name="units.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(HEADERS, rows))
    return path


def test_it_imports(tmp_path, county_a, capsys):
    call_command("import_units", str(_file(tmp_path, [row()])))
    assert Unit.objects.get().credit_code == CODE_1
    assert "导入成功" in capsys.readouterr().out


def test_dry_run_writes_nothing(tmp_path, county_a, capsys):
    call_command("import_units", str(_file(tmp_path, [row()])), "--dry-run")
    assert not Unit.objects.exists()
    assert "检查通过（未写入）" in capsys.readouterr().out


def test_a_bad_row_fails_with_the_list_and_writes_nothing(tmp_path, county_a, capsys):
    path = _file(tmp_path, [row(), row(统一社会信用代码=CODE_2, 单位名称="乙", 机构类别="?")])
    with pytest.raises(CommandError, match="1处错误"):
        call_command("import_units", str(path))
    assert "第3行，“机构类别”列" in capsys.readouterr().err
    assert not Unit.objects.exists()


def test_a_missing_file(tmp_path, db):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_units", str(tmp_path / "none.xlsx"))


def test_an_xlsm_file(tmp_path, county_a):
    with pytest.raises(CommandError, match="启用宏"):
        call_command("import_units", str(_file(tmp_path, [row()], "units.xlsm")))
