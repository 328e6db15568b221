"""The 数据底稿: every figure the document prints, with its definition and its records."""

from __future__ import annotations

import io

import pytest
from django.template import Context, Template
from docx import Document
from openpyxl import load_workbook

from rectification.ledger import HEADERS
from rectification.models import Problem, Status
from reports import documents, workpaper
from tests.reports.conftest import AS_OF, YEAR


def _sheet(content: bytes, name: str) -> list[tuple]:
    return list(
        load_workbook(io.BytesIO(content), read_only=True)[name].iter_rows(values_only=True)
    )


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


@pytest.fixture(params=["summary", "speech"])
def rendered(request, year_record):
    return documents.render(request.param, YEAR, year_record, as_of=AS_OF)


def test_every_row_is_printed_in_the_document_under_its_heading(rendered):
    text = _docx_text(rendered.docx)
    rows = _sheet(rendered.workpaper, "底稿")
    assert rows[0] == ("序号", "段落", "表述", "数值", "口径", "记录数")
    assert len(rows) - 1 == len(rendered.figures) > 10
    for number, section, sentence, printed, meaning, _records in rows[1:]:
        assert printed and printed in sentence, (number, printed, sentence)
        assert (section == workpaper.OPENING or section in text) and meaning
        if " | " not in sentence:  # a table row is printed cell by cell
            assert sentence.rstrip("。") in text, sentence


def test_the_rectification_figures_are_all_there_with_their_record_counts(rendered):
    rows = {row.key: row for row in rendered.figures}
    assert (rows["rect.found"].printed, rows["rect.found"].records) == ("3个", 3)
    assert (rows["rect.closed"].printed, rows["rect.closed"].records) == ("1个", 1)
    assert (rows["rect.overdue"].printed, rows["rect.overdue"].records) == ("1个", 1)
    assert "含待验收" in rows["rect.overdue"].definition
    assert rows["rect.overdue"].link.endswith("overdue=true")


def test_sanctions_are_counted_in_qi_and_jia(year_record):
    rendered = documents.render("summary", YEAR, year_record, as_of=AS_OF)
    rows = {row.key: row for row in rendered.figures}
    assert rows["sanctions.sanction_entries"].printed == "2起"
    assert rows["sanctions.sanctioned_units"].printed == "1家"
    assert rows["sanctions.fine_total"].printed == "3000元"


def test_a_figure_not_printed_is_not_listed(year_record):
    rendered = documents.render("summary", YEAR, year_record, as_of=AS_OF)
    keys = {row.key for row in rendered.figures}
    # 孕产妇死亡率 misses its target: its gap is printed; nothing prints a gap for a met target.
    assert "indicator.MMR.gap" in keys
    assert all(row.printed in row.sentence for row in rendered.figures)


def test_the_problem_sheet_lists_every_problem_with_what_it_counts_towards(rendered):
    rows = _sheet(rendered.workpaper, "问题")
    assert list(rows[0]) == [*HEADERS, "计入"]
    counted = {row[7]: row[-1] for row in rows[1:]}  # 问题描述 → 计入
    assert counted == {
        "灭火器过期": "发现、销号、按期",
        "消防通道堵塞": "发现、在改、逾期",
        "重复登记": "发现、撤销",
    }


def test_a_submitted_problem_past_its_deadline_counts_as_overdue(year_record):
    Problem.objects.filter(description="消防通道堵塞").update(status=Status.SUBMITTED)
    rendered = documents.render("summary", YEAR, year_record, as_of=AS_OF)
    rows = {row[7]: row[-1] for row in _sheet(rendered.workpaper, "问题")[1:]}
    assert rows["消防通道堵塞"] == "发现、在改、逾期"
    assert {r.key: r.printed for r in rendered.figures}["rect.overdue"] == "1个"


def test_the_indicator_sheet_shows_the_region_figure_and_the_values_behind_it(year_record):
    rendered = documents.render("summary", YEAR, year_record, as_of=AS_OF)
    rows = _sheet(rendered.workpaper, "指标")
    assert list(rows[0]) == list(workpaper.INDICATOR_HEADERS)
    mmr = [row for row in rows[1:] if row[1] == "MMR"]
    assert mmr[0][3] == "青山县（汇总）"
    assert (mmr[0][4], mmr[0][5], mmr[0][6]) == (20, 1, 5000)  # 1 / 5000 × 100000
    assert mmr[0][7] == "未达标"
    inputs = {(row[0], row[1]) for row in rows[1:] if row[1] in ("LIVE_BIRTHS", "MAT_DEATHS")}
    assert inputs == {
        (YEAR - 1, "LIVE_BIRTHS"),
        (YEAR, "LIVE_BIRTHS"),
        (YEAR - 1, "MAT_DEATHS"),
        (YEAR, "MAT_DEATHS"),
    }


def test_rebuilding_from_the_snapshot_gives_the_same_document(rendered):
    rebuilt = documents.rebuild(rendered.kind, rendered.facts)
    assert rebuilt.outline == rendered.outline
    assert rebuilt.figures == rendered.figures
    assert _docx_text(rebuilt.docx) == _docx_text(rendered.docx)


def test_the_snapshot_does_not_follow_the_record(year_record):
    rendered = documents.render("summary", YEAR, year_record, as_of=AS_OF)
    Problem.objects.filter(description="消防通道堵塞").update(status=Status.CLOSED)
    now = documents.render("summary", YEAR, year_record, as_of=AS_OF)
    rebuilt = documents.rebuild("summary", rendered.facts)
    assert _docx_text(rebuilt.docx) == _docx_text(rendered.docx) != _docx_text(now.docx)
    changes = {
        c.key: (c.old, c.new) for c in documents.figure_changes(rendered.figures, now.figures)
    }
    assert changes["rect.closed"] == ("1个", "2个")
    assert changes["rect.overdue"] == ("1个", "无")


def test_workpaper_from_a_snapshot_has_the_figure_sheet_only(rendered):
    rebuilt = documents.rebuild(rendered.kind, rendered.facts)
    book = load_workbook(io.BytesIO(rebuilt.workpaper), read_only=True)
    assert book.sheetnames == ["底稿"]


def test_the_preview_links_each_figure_to_its_records(year_record):
    rendered = documents.render("summary", YEAR, year_record, as_of=AS_OF)
    blocks = workpaper.preview_blocks(rendered.outline, rendered.figures)
    paragraphs = [runs for kind, _, runs in blocks if kind == "paragraph"]
    # The runs put the paragraph back together, word for word.
    for kind, block, runs in blocks:
        if kind == "paragraph":
            assert "".join(run.text for run in runs) == (block.lead or "") + block.text
    links = {run.text: run.link for runs in paragraphs for run in runs if run.link}
    assert links["3个"].startswith("/rectification/?year=2025&region=")
    overdue = [run for runs in paragraphs for run in runs if run.link.endswith("overdue=true")]
    assert overdue and all(run.text == "1个" for run in overdue)
    assert "含待验收" in overdue[0].definition
    [table] = [runs for kind, _, runs in blocks if kind == "table"]
    mmr_row = next(row for row in table if row[0][0].text == "孕产妇死亡率")
    assert mmr_row[1][0].link.startswith("/indicators/MMR/?year=2025")


def test_a_lead_stays_bold_around_its_linked_figure(year_record):
    rendered = documents.render("summary", YEAR, year_record, as_of=AS_OF)
    blocks = workpaper.preview_blocks(rendered.outline, rendered.figures)
    leads = [runs for kind, block, runs in blocks if kind == "paragraph" and block.lead]
    assert leads
    for runs in leads:
        assert runs[0].bold


def test_the_preview_links_every_figure_the_workpaper_lists(rendered):
    blocks = workpaper.preview_blocks(rendered.outline, rendered.figures)
    linked = []
    for kind, _, runs in blocks:
        if kind == "paragraph":
            linked += [run for run in runs if run.link]
        elif kind == "table":
            linked += [run for row in runs for cell in row for run in cell if run.link]
    assert len(linked) == len([row for row in rendered.figures if row.link])


def test_each_figure_says_what_it_is(year_record):
    rendered = documents.render("summary", YEAR, year_record, as_of=AS_OF)
    names = {row.key: row.name for row in rendered.figures}
    assert names["rect.overdue"] == "逾期未整改"
    assert names["rect.completion_rate"] == "整改完成率"
    assert names["sanctions.sanctioned_units"] == "处理处罚（家）"
    assert names["indicator.MMR.value"] == "孕产妇死亡率（本年数值）"
    assert names["indicator.MMR.target"] == "孕产妇死亡率（目标）"
    assert all(rendered.figures) and all(row.name for row in rendered.figures)


def test_the_preview_runs_print_as_escaped_html():
    runs = workpaper.Runs(
        [
            workpaper.Segment("一、", bold=True),
            workpaper.Segment("<b>", link="/x/?a=1&b=2", definition='"口径"'),
            workpaper.Segment("件", link="/y/", bold=True),
            workpaper.Segment("。"),
        ]
    )
    assert str(runs) == (
        "<strong>一、</strong>"
        '<a class="app-figure-link" href="/x/?a=1&amp;b=2" '
        'title="口径：&quot;口径&quot;（点击查看记录）">&lt;b&gt;</a>'
        '<a class="app-figure-link" href="/y/" title="口径：（点击查看记录）">'
        "<strong>件</strong></a>"
        "。"
    )
    assert Template("{{ runs }}").render(Context({"runs": runs})) == str(runs)
