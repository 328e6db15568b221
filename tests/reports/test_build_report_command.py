import pytest
from django.core.management import CommandError, call_command
from docx import Document

from tests.reports.conftest import YEAR


def test_it_writes_the_summary(tmp_path, year_record, capsys):
    out = tmp_path / "summary.docx"
    call_command(
        "build_report",
        "--kind",
        "summary",
        "--year",
        str(YEAR),
        "--region",
        "青山县",
        "--out",
        str(out),
    )
    assert Document(str(out)).paragraphs[0].text.startswith("青山县卫生健康局2025年工作总结")
    assert "已生成" in capsys.readouterr().out


def test_the_region_defaults_to_the_top(tmp_path, year_record):
    out = tmp_path / "speech.docx"
    call_command("build_report", "--kind", "speech", "--year", str(YEAR), "--out", str(out))
    assert Document(str(out)).paragraphs[0].text == "在2026年全市卫生健康工作会议上的讲话"


def test_an_unknown_region(tmp_path, city):
    with pytest.raises(CommandError, match="找不到区划"):
        call_command(
            "build_report",
            "--kind",
            "summary",
            "--year",
            "2025",
            "--region",
            "火星",
            "--out",
            str(tmp_path / "x.docx"),
        )


def test_an_unknown_kind(tmp_path, city):
    with pytest.raises(CommandError):
        call_command(
            "build_report", "--kind", "poem", "--year", "2025", "--out", str(tmp_path / "x.docx")
        )


def test_it_writes_the_workpaper_beside_the_document(tmp_path, year_record, capsys):
    from openpyxl import load_workbook

    out, workpaper = tmp_path / "summary.docx", tmp_path / "底稿.xlsx"
    call_command(
        "build_report",
        *("--kind", "summary", "--year", str(YEAR), "--region", "青山县"),
        *("--out", str(out), "--workpaper", str(workpaper)),
    )
    book = load_workbook(workpaper, read_only=True)
    assert book.sheetnames == ["底稿", "问题", "指标"]
    header = next(book["底稿"].iter_rows(values_only=True))
    assert list(header) == ["序号", "段落", "表述", "数值", "口径", "记录数"]
    assert "数据底稿" in capsys.readouterr().out


def test_without_workpaper_it_writes_only_the_document(tmp_path, year_record):
    out = tmp_path / "speech.docx"
    call_command("build_report", "--kind", "speech", "--year", str(YEAR), "--out", str(out))
    assert [p.name for p in tmp_path.iterdir()] == ["speech.docx"]
