"""manage.py issue_report and export_issued: the contracts bureaus' scripts depend on."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from reports.models import IssueChannel, IssuedReport
from tests.reports.conftest import YEAR


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def issue_report(*args: str) -> str:
    return run("issue_report", "--kind", "summary", "--year", str(YEAR), *args)


def test_it_prints_the_number_alone_on_the_last_line(year_record):
    output = issue_report("--region", "青山县")
    issued = IssuedReport.objects.get()
    assert output.splitlines()[-1] == issued.number
    assert "已定稿" in output
    assert (issued.kind, issued.year, issued.region) == ("summary", YEAR, year_record)
    # A command has no user: the issue says 命令行.
    assert (issued.issued_by, issued.channel) == (None, IssueChannel.COMMAND)
    assert issued.issuer == "命令行"


def test_the_region_defaults_to_the_top(city):
    number = run("issue_report", "--kind", "speech", "--year", str(YEAR)).splitlines()[-1]
    assert IssuedReport.objects.get(number=number).region == city


def test_issuing_again_needs_a_note(year_record):
    first = issue_report("--region", "青山县").splitlines()[-1]
    with pytest.raises(CommandError, match=rf"已有定稿（{first}）.*--note"):
        issue_report("--region", "青山县")
    assert IssuedReport.objects.count() == 1


def test_the_note_is_the_reason_for_superseding(year_record):
    first = issue_report("--region", "青山县").splitlines()[-1]
    output = issue_report("--region", "青山县", "--note", "补充第四季度数据")
    second = IssuedReport.objects.get(number=output.splitlines()[-1])
    assert second.supersedes.number == first and second.note == "补充第四季度数据"
    assert f"替代 {first}" in output
    assert list(IssuedReport.objects.current()) == [second]


def test_an_unknown_region(city):
    with pytest.raises(CommandError, match="找不到区划"):
        issue_report("--region", "火星")
    assert not IssuedReport.objects.exists()


def test_an_unknown_kind(city):
    with pytest.raises(CommandError):
        run("issue_report", "--kind", "poem", "--year", str(YEAR))


def test_export_writes_the_stored_files(tmp_path, year_record):
    number = issue_report("--region", "青山县").splitlines()[-1]
    issued = IssuedReport.objects.get(number=number)
    out, workpaper = tmp_path / "定稿.docx", tmp_path / "底稿.xlsx"
    output = run("export_issued", number, "--out", str(out), "--workpaper", str(workpaper))
    assert out.read_bytes() == bytes(issued.docx)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == issued.sha256
    assert workpaper.read_bytes() == bytes(issued.workpaper)
    assert "已导出" in output


def test_export_without_the_workpaper(tmp_path, year_record):
    number = issue_report("--region", "青山县").splitlines()[-1]
    out = tmp_path / "定稿.docx"
    run("export_issued", number, "--out", str(out))
    assert out.read_bytes() == bytes(IssuedReport.objects.get().docx)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["定稿.docx"]


def test_export_of_an_unknown_number(tmp_path, city):
    with pytest.raises(CommandError, match="找不到定稿编号为“DG-1999-0001”的文件"):
        run("export_issued", "DG-1999-0001", "--out", str(tmp_path / "x.docx"))
    assert not (tmp_path / "x.docx").exists()


def test_export_refuses_a_file_that_does_not_match_its_hash(tmp_path, year_record):
    number = issue_report("--region", "青山县").splitlines()[-1]
    IssuedReport.objects.filter(number=number).update(sha256="0" * 64)
    with pytest.raises(CommandError, match="SHA-256 不符"):
        run("export_issued", number, "--out", str(tmp_path / "x.docx"))
    assert not (tmp_path / "x.docx").exists()
