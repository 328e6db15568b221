"""整改通报: the week's or the month's rectification, as a 通报 with a 文号 and an attached list.

"每周一通报，每月一排名": the period's new problems, closures and overdue, by lower region and by
unit; units ranked by 整改完成率 and by overdue count; the units with overdue problems named, their
problems in 附件. Every figure comes from `rectification.metrics.period_figures`; `collect` reads
it once into plain facts (snapshotted for 定稿 like the other documents), `bulletin_outline`
writes the text, `short_text` the group robots' message.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial

from rectification.metrics import BulletinPeriod, PeriodFigures, PeriodRow, period_figures
from rectification.models import Status
from reports import phrases, trace
from reports.facts import RegionFacts
from reports.outline import Attachment, Block, Heading, Outline, Paragraph, Signature, Table
from units.models import Region, RegionLevel

# Days after the period's end by which the named units report their problems put right.
REPLY_DAYS = {BulletinPeriod.WEEK: 7, BulletinPeriod.MONTH: 10}
# The text names the units with the most overdue problems, this many at most; 附件 lists all.
NAMED_IN_TEXT = 10
# The robots' message names at most this many units.
SHORT_TEXT_UNITS = 5


@dataclass(frozen=True)
class BulletinData:
    period: str  # a BulletinPeriod
    year: int  # the year the period ends in
    region: RegionFacts
    as_of: datetime.date  # the day it is written (its date under the signature)
    figures: PeriodFigures

    @property
    def bureau(self) -> str:
        return f"{self.region.name}卫生健康局"

    @property
    def area(self) -> str:
        if self.region.level == RegionLevel.CITY:
            return "全市"
        return "全区" if self.region.name.endswith("区") else "全县"

    @property
    def judged(self) -> list:
        """A bulletin judges no indicator (the pages ask every document for its shortfalls)."""
        return []

    @property
    def is_month(self) -> bool:
        return self.period == BulletinPeriod.MONTH

    @property
    def key(self) -> str:
        """What tells two bulletins of a year apart: "week:2026-06-08", "month:2026-06-01"."""
        return f"{self.period}:{self.figures.start.isoformat()}"

    @property
    def serial(self) -> int:
        """The number in the 文号: the ISO week, or the month."""
        start = self.figures.start
        return start.month if self.is_month else start.isocalendar()[1]

    @property
    def number(self) -> str:
        """发文字号: "青卫整改周〔2026〕24号" (weekly) or "青卫整改月〔2026〕6号" (monthly)."""
        series = BulletinPeriod.LABELS[self.period]
        return f"{self.region.name[0]}卫整改{series}〔{self.year}〕{self.serial}号"

    @property
    def period_text(self) -> str:
        """本期: "2026年6月" or "2026年6月8日至14日"."""
        start, end = self.figures.start, self.figures.end
        if self.is_month:
            return f"{start.year}年{start.month}月"
        tail = f"{end.day}日" if end.month == start.month else f"{end.month}月{end.day}日"
        if end.year != start.year:
            tail = phrases.format_date(end)
        return f"{phrases.format_date(start)}至{tail}"

    @property
    def title(self) -> str:
        return f"关于{self.period_text}整改工作情况的通报"

    @property
    def title_lines(self) -> list[str]:
        """A week's title is too long for one line: it breaks after the period, where the
        meaning does."""
        if self.is_month:
            return [self.title]
        return [f"关于{self.period_text}", "整改工作情况的通报"]

    @property
    def file_name(self) -> str:
        return f"{self.region.name}{self.period_text}整改通报.docx"


def collect(
    period: str, day: datetime.date, region: Region, *, as_of: datetime.date
) -> BulletinData:
    figures = period_figures(period, day, region, today=as_of)
    return BulletinData(
        period=period,
        year=figures.end.year,
        region=RegionFacts(region.pk, region.name, region.level, region.path),
        as_of=as_of,
        figures=figures,
    )


def parse_key(key: str) -> tuple[str, datetime.date]:
    """(period, a day in it) from `BulletinData.key`; ValueError when it is not one."""
    period, _, day = key.partition(":")
    if period not in BulletinPeriod.LABELS:
        raise ValueError(f"unknown bulletin period {key!r}")
    return period, datetime.date.fromisoformat(day)


# ---------------------------------------------------------------------------------------------
# Figures, each printed through reports.trace so that the workpaper lists it
# ---------------------------------------------------------------------------------------------

DEFINITIONS = {
    "new": "本期新发现问题：检查日期在本期内的问题（含已撤销）",
    "closed": "本期整改销号：验收销号日期在本期内的问题",
    "overdue": "逾期未整改：截至数据日期未销号、未撤销且已过当前整改时限的问题（含以往年度）",
    "to_date": "年度累计问题：检查日期在本年1月1日至本期末的问题，不含已撤销",
    "to_date_closed": "年度累计销号：年度累计问题中本期末前已验收销号的",
    "rate": "整改完成率：年度累计销号 ÷ 年度累计问题 × 100%",
}
NAMES = {
    "new": "新发现问题",
    "closed": "整改销号",
    "overdue": "逾期未整改",
    "to_date": "年度累计问题",
    "to_date_closed": "年度累计销号",
    "rate": "整改完成率",
}
QUERIES: dict[str, dict[str, str]] = {
    "closed": {"status": Status.CLOSED},
    "overdue": {"overdue": "true"},
}


def _figure(row: PeriodRow, column: str, scope: str = "total") -> str:
    if column == "rate":
        printed = phrases.format_percent(row.completion_rate)
        records = row.to_date
    else:
        records = getattr(row, column)
        printed = f"{records}个"
    return trace.figure(
        f"bulletin.{scope}.{row.pk}.{column}",
        printed,
        DEFINITIONS[column],
        records=records,
        name=f"{row.name}：{NAMES[column]}",
        source=("problems", QUERIES.get(column, {})),
    )


def _cell(row: PeriodRow, column: str, scope: str) -> str:
    """A table cell: the bare number ("3", "85.7%"), traced like the sentences' figures."""
    text = _figure(row, column, scope)
    return text.removesuffix("个")


# ---------------------------------------------------------------------------------------------
# The 通报
# ---------------------------------------------------------------------------------------------


def bulletin_outline(data: BulletinData) -> Outline:
    figures = data.figures
    blocks: list[Block] = [
        Paragraph(
            "为推动督查检查发现问题整改落实到位，按照“每周一通报，每月一排名”的要求，"
            f"现将{data.period_text}{data.area}整改工作情况通报如下。"
        ),
        Heading.numbered(1, 1, "总体情况"),
        Paragraph(_overview(data)),
    ]
    if figures.by_region:
        blocks.append(_region_table(data))
    number = 1
    ranked = figures.completion_ranking
    if ranked:
        number += 1
        heading = "各单位整改排名" if data.is_month else "各单位整改进度"
        blocks.append(Heading.numbered(1, number, heading))
        blocks.append(Paragraph(_ranking_sentence(data, ranked)))
        blocks.append(_unit_table(data, ranked))
    number += 1
    blocks.append(Heading.numbered(1, number, "逾期未整改问题点名通报"))
    blocks.append(Paragraph(_named_sentence(data)))
    number += 1
    blocks.append(Heading.numbered(1, number, "有关要求"))
    blocks.extend(Paragraph(text) for text in _demands(data))
    if figures.overdue_problems:
        blocks.append(Paragraph("附件：逾期未整改问题清单"))
    blocks.append(Signature(data.bureau, phrases.format_date(data.as_of)))
    if figures.overdue_problems:
        blocks.append(Attachment("附件", "逾期未整改问题清单"))
        blocks.append(_overdue_table(data))
    return Outline(
        title_lines=data.title_lines,
        number_line=data.number,
        salutation="各县（市、区）卫生健康局，局属各单位"
        if data.region.level == RegionLevel.CITY
        else "各有关单位",
        blocks=blocks,
    )


@trace.sentence
def _overview(data: BulletinData) -> str:
    total = data.figures.totals
    as_of = phrases.format_date(data.figures.as_of)
    text = (
        f"{data.period_text}，{data.area}新发现问题{_figure(total, 'new')}，"
        f"整改销号{_figure(total, 'closed')}。"
    )
    if total.to_date:
        text += (
            f"截至{as_of}，{data.year}年累计发现问题{_figure(total, 'to_date')}（不含已撤销），"
            f"已整改销号{_figure(total, 'to_date_closed')}，"
            f"整改完成率{_figure(total, 'rate')}"
        )
    else:
        text += f"截至{as_of}，{data.year}年尚无需整改的问题"
    if total.overdue:
        text += f"；逾期未整改问题{_figure(total, 'overdue')}（含以往年度）。"
    else:
        text += "；无逾期未整改问题。"
    return text


def _region_cells(r: PeriodRow) -> list[str]:
    return [
        r.name,
        _cell(r, "new", "region"),
        _cell(r, "closed", "region"),
        _cell(r, "to_date", "region"),
        _cell(r, "to_date_closed", "region"),
        _cell(r, "rate", "region") if r.to_date else "—",
        _cell(r, "overdue", "region"),
    ]


def _unit_cells(place: int, r: PeriodRow) -> list[str]:
    return [
        str(place),
        r.name,
        _cell(r, "new", "unit"),
        _cell(r, "closed", "unit"),
        _cell(r, "to_date", "unit"),
        _cell(r, "rate", "unit"),
        _cell(r, "overdue", "unit"),
    ]


def _region_table(data: BulletinData) -> Table:
    rows = [trace.row(partial(_region_cells, r)) for r in data.figures.by_region]
    return Table(
        header=["区划", "本期新发现", "本期销号", "年度累计", "累计销号", "完成率", "逾期"],
        rows=rows,
        numeric_columns=(1, 2, 3, 4, 5, 6),
        widths_mm=(34, 24, 20, 20, 20, 20, 18),
    )


def _unit_table(data: BulletinData, ranked: list[PeriodRow]) -> Table:
    rows = [trace.row(partial(_unit_cells, place, r)) for place, r in enumerate(ranked, start=1)]
    return Table(
        header=["名次", "单位", "本期新发现", "本期销号", "年度累计", "完成率", "逾期"],
        rows=rows,
        numeric_columns=(2, 3, 4, 5, 6),
        widths_mm=(12, 50, 24, 20, 18, 18, 14),
    )


@trace.sentence
def _ranking_sentence(data: BulletinData, ranked: list[PeriodRow]) -> str:
    """Who leads and who trails on 整改完成率; the full order is in the table."""
    done = [r for r in ranked if r.completion_rate == 100]
    text = "按年度累计整改完成率排序（相同时逾期问题少者在前），"
    if done and len(done) == len(ranked):
        return text + f"{len(ranked)}家单位问题已全部整改销号。"
    if done:
        names = "、".join(r.name for r in done[:3])
        more = f"等{len(done)}家单位" if len(done) > 3 else ""
        text += f"{names}{more}问题已全部整改销号"
    else:
        best = ranked[0]
        text += f"{best.name}整改完成率最高，为{_figure(best, 'rate', 'unit')}"
    trailing = [r for r in ranked[-3:] if r not in done and (r.completion_rate or 0) < 100]
    if len(ranked) > 1 and trailing:
        last = trailing[-1]
        text += f"；{last.name}整改完成率最低，仅为{_figure(last, 'rate', 'unit')}，需加快进度"
    return text + "。"


@trace.sentence
def _named_sentence(data: BulletinData) -> str:
    figures = data.figures
    as_of = phrases.format_date(figures.as_of)
    ranking = figures.overdue_ranking
    if not ranking:
        return f"截至{as_of}，{data.area}无逾期未整改问题。"
    told = ranking[:NAMED_IN_TEXT]
    named = "、".join(f"{r.name}（{_figure(r, 'overdue', 'unit')}）" for r in told)
    if len(ranking) > len(told):
        named += f"等{len(ranking)}家单位"
    count = f"{len(ranking)}家单位" if len(ranking) > 1 else "该单位"
    return f"截至{as_of}，{named}存在逾期未整改问题，现予点名通报，{count}逾期问题清单见附件。"


def _demands(data: BulletinData) -> list[str]:
    figures = data.figures
    reply = phrases.format_date(figures.end + datetime.timedelta(days=REPLY_DAYS[data.period]))
    texts = []
    if figures.overdue_ranking:
        texts.append(
            f"被点名通报的单位要对照问题清单逐项核查，主要负责人亲自督办，于{reply}前整改到位，"
            "并通过系统上传整改材料申请销号；确有困难不能按期完成的，要说明原因、提出延期申请。"
            "逾期仍未完成的，将约谈单位主要负责人。"
        )
    else:
        texts.append("各单位要保持整改工作力度，对在改问题按时限推进，防止出现新的逾期问题。")
    if data.region.level == RegionLevel.CITY:
        texts.append("各县（市、区）卫生健康局要加强对辖区单位的督促指导，压实整改责任。")
    texts.append(
        "本局将继续实行"
        + ("每月排名" if data.is_month else "每周通报")
        + "，对整改不力、问题反复出现的单位，按有关规定严肃处理。"
    )
    return texts


def _overdue_table(data: BulletinData) -> Table:
    rows = [
        [
            str(number),
            p.unit,
            p.description,
            p.inspection,
            phrases.format_date(p.deadline),
            str(p.days),
            Status(p.status).label,
        ]
        for number, p in enumerate(data.figures.overdue_problems, start=1)
    ]
    return Table(
        header=["序号", "责任单位", "问题描述", "检查名称", "整改时限", "逾期天数", "状态"],
        rows=rows,
        numeric_columns=(5,),
        widths_mm=(9, 25, 42, 32, 22, 11, 15),
    )


# ---------------------------------------------------------------------------------------------
# The group robots' message
# ---------------------------------------------------------------------------------------------


def short_text(data: BulletinData) -> tuple[str, str]:
    """(title, markdown) for WeCom / DingTalk: the overview and the units named."""
    figures = data.figures
    total = figures.totals
    lines = [
        f"**{data.title}**",
        f"{data.number}",
        "",
        f"- 本期新发现问题：{total.new}个",
        f"- 本期整改销号：{total.closed}个",
        f"- {data.year}年整改完成率：{phrases.format_percent(total.completion_rate)}",
        f"- 逾期未整改：{total.overdue}个",
    ]
    ranking = figures.overdue_ranking
    if ranking:
        named = "、".join(f"{r.name}（{r.overdue}个）" for r in ranking[:SHORT_TEXT_UNITS])
        more = f"等{len(ranking)}家单位" if len(ranking) > SHORT_TEXT_UNITS else ""
        lines += ["", f"逾期单位：{named}{more}。请于规定时限内整改到位。"]
    lines += ["", f"{data.bureau}　{phrases.format_date(data.as_of)}"]
    return data.title, "\n".join(lines)
