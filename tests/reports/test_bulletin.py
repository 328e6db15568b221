"""整改通报: the week's and the month's figures, the 通报's text and layout, and its short form.

A hand-made fortnight in 示例市 (tests/fixtures.py): 青山县人民医院 (unit_a) and 白沙县人民医院
(unit_b), the clock on Monday 15 June 2026, the bulletin of the week of 8–14 June.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from docx import Document

from rectification.metrics import BulletinPeriod, period_bounds, period_figures
from rectification.models import Problem, Status
from reports import bulletin, documents
from reports.builders import DocumentKind
from tests.rectification.conftest import make_inspection, make_problem

D = datetime.date
TODAY = D(2026, 6, 15)
WEEK = f"{BulletinPeriod.WEEK}:2026-06-10"


def _problem(inspection, unit, text, deadline, status=Status.OPEN, **fields):
    problem = make_problem(inspection, unit, deadline=deadline, description=text)
    Problem.objects.filter(pk=problem.pk).update(status=status, **fields)
    return problem


@pytest.fixture
def fortnight(city, unit_a, unit_b):
    this_week = make_inspection("院感防控暗访", date=D(2026, 6, 9))
    spring = make_inspection("春季安全生产检查", date=D(2026, 3, 1), source="专项检查")
    last_year = make_inspection("消防专项检查", date=D(2025, 5, 1), source="专项检查")
    _problem(this_week, unit_a, "手卫生设施不全", D(2026, 6, 30))
    _problem(this_week, unit_b, "医疗废物暂存不规范", D(2026, 6, 20), Status.CLOSED,
             closed_on=D(2026, 6, 12))  # fmt: skip
    _problem(spring, unit_a, "消防通道堵塞", D(2026, 5, 31))
    _problem(spring, unit_a, "灭火器过期", D(2026, 4, 30), Status.CLOSED, closed_on=D(2026, 6, 10))
    _problem(spring, unit_b, "重复登记", D(2026, 4, 30), Status.CANCELLED)
    _problem(last_year, unit_b, "电气线路老化", D(2025, 12, 31), Status.IN_PROGRESS)
    return city


def test_period_bounds():
    assert period_bounds(BulletinPeriod.WEEK, D(2026, 6, 10)) == (D(2026, 6, 8), D(2026, 6, 14))
    assert period_bounds(BulletinPeriod.WEEK, D(2026, 6, 14)) == (D(2026, 6, 8), D(2026, 6, 14))
    assert period_bounds(BulletinPeriod.MONTH, D(2026, 2, 9)) == (D(2026, 2, 1), D(2026, 2, 28))
    assert period_bounds(BulletinPeriod.MONTH, D(2026, 12, 31)) == (D(2026, 12, 1), D(2026, 12, 31))


def test_week_figures(fortnight, county_a, county_b):
    figures = period_figures(BulletinPeriod.WEEK, D(2026, 6, 10), fortnight, today=TODAY)
    total = figures.totals
    assert (figures.start, figures.end, figures.as_of) == (
        D(2026, 6, 8),
        D(2026, 6, 14),
        D(2026, 6, 14),
    )
    assert (total.new, total.closed, total.overdue) == (2, 2, 2)
    # This year to the period's end, the cancelled problem left out: 4, of them 2 closed.
    assert (total.to_date, total.to_date_closed, str(total.completion_rate)) == (4, 2, "50.0")
    regions = {r.name: r for r in figures.by_region}
    assert (regions["青山县"].new, regions["青山县"].overdue, regions["青山县"].to_date) == (
        1,
        1,
        3,
    )
    assert str(regions["白沙县"].completion_rate) == "100.0"
    assert [u.name for u in figures.completion_ranking] == ["白沙县人民医院", "青山县人民医院"]
    assert [u.name for u in figures.overdue_ranking] == ["白沙县人民医院", "青山县人民医院"]
    assert {p.description for p in figures.overdue_problems} == {"消防通道堵塞", "电气线路老化"}
    # The overdue count is the pages' one definition.
    assert total.overdue == Problem.objects.overdue(figures.as_of).in_region(fortnight).count()


def test_a_month_before_today_is_counted_to_its_end(fortnight):
    figures = period_figures(BulletinPeriod.MONTH, D(2026, 5, 20), fortnight, today=TODAY)
    assert figures.as_of == D(2026, 5, 31)
    # 消防通道堵塞 is due on 31 May: not yet overdue that day; 电气线路老化 is.
    assert (figures.totals.new, figures.totals.closed, figures.totals.overdue) == (0, 0, 1)


def _text(rendered) -> tuple[str, list[list[str]]]:
    document = Document(io.BytesIO(rendered.docx))
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    return "\n".join(p.text for p in document.paragraphs), rows


def test_the_bulletin(fortnight, check_layout):
    rendered = documents.render(DocumentKind.BULLETIN, 0, fortnight, as_of=TODAY, period=WEEK)
    text, rows = _text(rendered)
    assert text.startswith("关于2026年6月8日至14日\n整改工作情况的通报\n示卫整改周〔2026〕24号")
    assert "各县（市、区）卫生健康局，局属各单位：" in text
    assert "全市新发现问题2个，整改销号2个" in text
    assert "累计发现问题4个（不含已撤销），已整改销号2个，整改完成率50%" in text
    assert "逾期未整改问题2个（含以往年度）" in text
    assert "白沙县人民医院（1个）、青山县人民医院（1个）存在逾期未整改问题，现予点名通报" in text
    assert "于2026年6月21日前整改到位" in text
    assert "附件：逾期未整改问题清单" in text
    assert (
        text.index("附件：") < text.index("示例市卫生健康局\n2026年6月15日") < text.rindex("附件")
    )
    assert ["青山县", "1", "1", "3", "1", "33.3%", "1"] in rows
    assert rows[0][5:] == ["完成率", "逾期"]
    assert ["1", "白沙县人民医院", "1", "1", "1", "100%", "1"] in rows
    listed = {row[2] for row in rows if row[0].isdigit() and len(row) == 7 and row[5].isdigit()}
    assert listed == {"消防通道堵塞", "电气线路老化"}
    assert rendered.file_name == "示例市2026年6月8日至14日整改通报.docx"
    assert rendered.period == "week:2026-06-08"
    assert {row.printed for row in rendered.figures} >= {"2个", "50%", "4个"}
    check_layout(rendered.docx)


def test_the_monthly_bulletin_ranks(fortnight, check_layout):
    rendered = documents.render(
        DocumentKind.BULLETIN, 0, fortnight, as_of=TODAY, period="month:2026-06-15"
    )
    text, _ = _text(rendered)
    assert text.startswith("关于2026年6月整改工作情况的通报\n示卫整改月〔2026〕6号")
    assert "二、各单位整改排名" in text
    assert "本局将继续实行每月排名" in text
    check_layout(rendered.docx)


def test_no_overdue_no_attachment(city, unit_a, check_layout):
    inspection = make_inspection("院感防控暗访", date=D(2026, 6, 9))
    _problem(inspection, unit_a, "手卫生设施不全", D(2026, 6, 30))
    rendered = documents.render(DocumentKind.BULLETIN, 0, city, as_of=TODAY, period=WEEK)
    text, _ = _text(rendered)
    assert "无逾期未整改问题" in text
    assert "附件" not in text
    check_layout(rendered.docx)


def test_rebuilt_from_its_snapshot(fortnight):
    rendered = documents.render(DocumentKind.BULLETIN, 0, fortnight, as_of=TODAY, period=WEEK)
    again = documents.rebuild(DocumentKind.BULLETIN, rendered.facts)
    assert _text(again) == _text(rendered)
    assert again.file_name == rendered.file_name


def test_short_text(fortnight):
    data = bulletin.collect(BulletinPeriod.WEEK, D(2026, 6, 10), fortnight, as_of=TODAY)
    title, text = bulletin.short_text(data)
    assert title == "关于2026年6月8日至14日整改工作情况的通报"
    assert "- 逾期未整改：2个" in text
    assert "- 2026年整改完成率：50%" in text
    assert "逾期单位：白沙县人民医院（1个）、青山县人民医院（1个）。" in text


def test_build_report_command(fortnight, tmp_path):
    out = tmp_path / "bulletin.docx"
    call_command(
        "build_report", "--kind", "bulletin", "--region", str(fortnight.pk),
        "--period", "week", "--date", "2026-06-10", "--out", str(out),
    )  # fmt: skip
    assert Document(str(out)).paragraphs[0].text == "关于2026年6月8日至14日\n整改工作情况的通报"


def test_build_report_command_needs_the_period(fortnight, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--period"):
        call_command(
            "build_report", "--kind", "bulletin", "--region", str(fortnight.pk),
            "--out", str(tmp_path / "x.docx"),
        )  # fmt: skip


def test_send_reminders_posts_the_last_weeks_bulletin(fortnight, monkeypatch, settings):
    from core import reminders

    sent = []
    monkeypatch.setattr(reminders, "_post_json", lambda url, payload: sent.append((url, payload)))
    settings.WECOM_WEBHOOK_URL = "https://robot.example/send?key=k"
    settings.DINGTALK_WEBHOOK_URL = "https://oapi.example/robot/send?access_token=t"
    settings.DINGTALK_SECRET = ""
    out = io.StringIO()
    # Monday 15 June: the week just ended is 8–14 June.
    call_command(
        "send_reminders", "--bulletin", "week", "--bulletin-only", "--date", "2026-06-15",
        stdout=out,
    )  # fmt: skip
    (wecom, wecom_payload), (_, dingtalk_payload) = sent
    assert wecom == settings.WECOM_WEBHOOK_URL
    body = wecom_payload["markdown"]["content"]
    assert body.startswith("**关于2026年6月8日至14日整改工作情况的通报**")
    assert "- 逾期未整改：2个" in body
    assert dingtalk_payload["markdown"]["title"] == "关于2026年6月8日至14日整改工作情况的通报"
    assert "群机器人：wecom、dingtalk" in out.getvalue()
    # Only the bulletin: no daily reminder went out, so it is not recorded as the day's.
    assert not reminders.WebhookDelivery.objects.exists()


def test_number_line_and_attachment_layout(fortnight):
    """发文字号 centred in 仿宋 under the title; the 附件 on a new page, its label in 黑体."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    rendered = documents.render(DocumentKind.BULLETIN, 0, fortnight, as_of=TODAY, period=WEEK)
    document = Document(io.BytesIO(rendered.docx))
    number = document.paragraphs[1]
    assert number.style.name == "Document Number"
    assert number.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    (label,) = [p for p in document.paragraphs if p.style.name == "Attachment Label"]
    assert label.text == "附件" and label.paragraph_format.page_break_before
    fonts = label.style.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "黑体"


def test_the_text_names_ten_units_and_the_annex_all(city, county_a, check_layout):
    from tests.fixtures import make_unit

    spring = make_inspection("春季安全生产检查", date=D(2026, 3, 1), source="专项检查")
    for n in range(12):
        unit = make_unit(county_a, f"第{n + 1:02d}卫生院")
        for k in range(12 - n):
            _problem(spring, unit, f"问题{k}", D(2026, 5, 31))
    rendered = documents.render(DocumentKind.BULLETIN, 0, city, as_of=TODAY, period=WEEK)
    text, rows = _text(rendered)
    assert "第01卫生院（12个）、第02卫生院（11个）" in text
    assert "第10卫生院（3个）等12家单位存在逾期未整改问题" in text
    assert "第11卫生院（" not in text
    assert len([row for row in rows if row[1] == "第12卫生院" and row[2] == "问题0"]) == 1
    check_layout(rendered.docx)
