"""The two documents leaders sign, built from the year's record as plain outlines.

`collect` reads the record (rectification figures, indicator results, adopted work entries) once
into plain facts (`reports.facts`); `summary_outline` and `speech_outline` turn them into an
`Outline` without touching the database; `reports.documents` lays that out in the official format
with its workpaper. The HTML preview shows the same outline.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from healthreport.lib.terms import Term, definition
from indicators.evaluation import Status
from reports import phrases, trace
from reports.facts import EntryFacts, FieldFacts, RegionFacts
from reports.models import DataRole, Part, WorkEntry, WorkField
from reports.outline import Block, Heading, Outline, Paragraph, Signature, Table
from reports.phrases import JUDGED, MET, SHORT_OF_TARGET, IndicatorFacts
from units.models import Region, RegionLevel

if TYPE_CHECKING:
    from indicators.results import IndicatorResult
    from rectification.metrics import RectificationFigures

# At most this many indicator sentences under one field of work; the table has them all.
SENTENCES_PER_FIELD = 6


class DocumentKind:
    SUMMARY = "summary"
    SPEECH = "speech"
    LABELS = {SUMMARY: "年度工作总结", SPEECH: "工作会议讲话"}


@dataclass
class ReportData:
    """Everything a document says, as plain facts (see `reports.facts`)."""

    year: int
    region: RegionFacts
    as_of: datetime.date
    rectification: RectificationFigures
    indicators: list[IndicatorFacts]  # the region's results of the year
    next_targets: list[IndicatorFacts]  # the same, carrying the targets of year + 1
    entries: list[EntryFacts]
    fields: list[FieldFacts]

    @property
    def bureau(self) -> str:
        return f"{self.region.name}卫生健康局"

    @property
    def area(self) -> str:
        """How the documents name the territory: 全市, 全县, 全区."""
        if self.region.level == RegionLevel.CITY:
            return "全市"
        if self.region.name.endswith("区"):
            return "全区"
        if self.region.level == RegionLevel.COUNTY:
            return "全县"
        return f"全{self.region.name[-1]}"

    @property
    def reported(self) -> list[IndicatorFacts]:
        return [r for r in self.indicators if r.value is not None]

    @property
    def with_targets(self) -> list[IndicatorFacts]:
        return [r for r in self.indicators if r.target_text]

    @property
    def judged(self) -> list[IndicatorFacts]:
        return [r for r in self.indicators if r.status in JUDGED]

    @property
    def has_rectification(self) -> bool:
        return bool(self.rectification.inspections or self.rectification.problems)

    @property
    def has_data(self) -> bool:
        return bool(self.has_rectification or self.reported or self.entries)

    def entries_of(self, part: str, field: FieldFacts | None = None) -> list[EntryFacts]:
        return [
            e for e in self.entries if e.part == part and (field is None or e.field_id == field.pk)
        ]


def collect(year: int, region: Region, *, as_of: datetime.date) -> ReportData:
    """Everything the documents of (year, region) say, read as it stands on `as_of`."""
    from indicators.results import next_year_targets, region_results, value_counts
    from rectification.metrics import year_figures

    counts = value_counts([year - 1, year], region)
    return ReportData(
        year=year,
        region=RegionFacts(region.pk, region.name, region.level, region.path),
        as_of=as_of,
        rectification=year_figures(year, region, as_of=as_of),
        indicators=[_indicator_facts(r, counts) for r in region_results(year, region)],
        next_targets=[_indicator_facts(r, {}) for r in next_year_targets(year, region)],
        entries=[
            EntryFacts(e.pk, e.part, e.field_id, e.title, e.body)
            for e in WorkEntry.objects.for_document(year, region)
        ],
        fields=[
            FieldFacts(f.pk, f.name, tuple(f.category_list), f.data_role)
            for f in WorkField.objects.all()
        ],
    )


def _indicator_facts(result: IndicatorResult, counts: dict[tuple[int, int], int]) -> IndicatorFacts:
    """An indicator result as a fact, with the number of values behind each year's figure."""
    indicator = result.indicator
    operands = [indicator.pk, indicator.numerator_id, indicator.denominator_id]

    def records(year: int) -> int:
        return sum(counts.get((pk, year), 0) for pk in operands if pk)

    return IndicatorFacts(
        name=result.name,
        category=indicator.category,
        unit_label=result.unit_label,
        value=result.value,
        target_operator=result.target_operator or "",
        target_value=result.target_value,
        status=result.status,
        previous_value=result.previous_value,
        is_percentage=result.is_percentage,
        direction=result.direction,
        decimals=result.decimals,
        code=result.code,
        records=records(result.year),
        previous_records=records(result.year - 1),
    )


# ---------------------------------------------------------------------------------------------
# Sentences shared by both documents
# ---------------------------------------------------------------------------------------------


def _sentences(items: Iterable[str]) -> str:
    """Clauses joined with ；and closed with 。."""
    parts = [item.rstrip("。；") for item in items if item]
    return "；".join(parts) + "。" if parts else ""


def _field_data(
    data: ReportData, field: FieldFacts, *, achievements_only: bool = False
) -> list[str]:
    """The data paragraphs that belong to a field of work, whether or not it has entries.

    `achievements_only` keeps the indicators that met their target (the speech's first part
    praises; shortfalls are told in its second part).
    """
    paragraphs = []
    results = [r for r in data.reported if r.category in field.categories]
    if achievements_only:
        results = [r for r in results if r.status in MET]
    # Indicators with a target first: they are what the year is judged by.
    results.sort(key=lambda r: (r.status not in JUDGED, r.code))
    if results:
        paragraphs.append(
            _sentences(
                phrases.indicator_sentence(r, data.area) for r in results[:SENTENCES_PER_FIELD]
            )
        )
    figures = data.rectification
    if field.data_role == DataRole.RECTIFICATION and data.has_rectification:
        paragraphs.append(phrases.rectification_sentence(figures, data.area, data.as_of))
    if field.data_role == DataRole.SANCTIONS and figures.sanctions_count:
        paragraphs.append(phrases.sanctions_sentence(figures.sanctions, figures.sanctioned_units))
    return paragraphs


def _indicator_table(data: ReportData) -> Table:
    rows = [trace.row(partial(_indicator_row, result)) for result in data.judged]
    return Table(
        header=["指标", f"{data.year}年", f"{data.year - 1}年", "目标", "完成情况"],
        rows=rows,
        numeric_columns=(1, 2),
        # The text block is 156 mm wide; indicator names need the room.
        widths_mm=(50, 25, 25, 26, 30),
    )


def _indicator_row(result: IndicatorFacts) -> list[str]:
    previous = "—"
    if result.previous_value is not None:
        previous = trace.figure(
            result._key("previous"),
            phrases.format_with_unit(result.previous_value, result.unit_label, result.decimals),
            f"{result.name}：上年度数值",
            name=result._name("previous"),
            records=result.previous_records,
            source=result._source,
        )
    target = trace.figure(
        result._key("target"),
        result.target_text,
        f"{result.name}：本年度目标（指标目标管理中设定）",
        name=result._name("target"),
        source=result._source,
    )
    return [
        result.name,
        phrases.indicator_value(result),
        previous,
        target,
        Status(result.status).label,
    ]


def _shortcomings(data: ReportData) -> list[Paragraph]:
    """一是…二是…: indicators short of target, overdue problems, then the entries."""
    items: list[tuple[str, str]] = []
    # The furthest from target first; the table lists them all.
    short = sorted(
        (r for r in data.judged if r.status in SHORT_OF_TARGET),
        key=lambda r: r.status != Status.NOT_MET,
    )
    if short:
        count = _indicator_count(Term.INDICATORS_SHORT, len(short))
        items.append(
            (
                f"部分指标未达预期。{count}指标尚未达到年度目标，其中",
                _sentences(
                    phrases.indicator_sentence(r, data.area) for r in short[:SENTENCES_PER_FIELD]
                ),
            )
        )
    figures = data.rectification
    if figures.overdue:
        items.append(
            (
                "部分问题整改不够及时。",
                phrases.overdue_sentence(figures.overdue, data.as_of)
                + phrases.overdue_by_unit_sentence(figures.overdue_by_unit[:5]),
            )
        )
    for entry in data.entries_of(Part.PROBLEM):
        items.append((entry.title.rstrip("。") + "。", entry.body))
    return [
        Paragraph(text, lead=f"{phrases.chinese_ordinal(n)}是{lead}")
        for n, (lead, text) in enumerate(items, start=1)
    ]


def _plans(data: ReportData) -> list[Block]:
    blocks: list[Block] = []
    number = 1
    for entry in data.entries_of(Part.PLAN):
        blocks.append(Heading.numbered(2, number, entry.title))
        blocks.append(Paragraph(entry.body))
        number += 1
    targets = [r for r in data.next_targets if r.target_text]
    target_sentences = (phrases.next_year_target_sentence(r) for r in targets)
    if targets:
        blocks.append(Heading.numbered(2, number, f"确保{data.year + 1}年度指标目标实现"))
        blocks.append(Paragraph(f"对照{data.year + 1}年度目标，" + _sentences(target_sentences)))
    return blocks


# ---------------------------------------------------------------------------------------------
# 年度工作总结
# ---------------------------------------------------------------------------------------------


def summary_outline(data: ReportData) -> Outline:
    year = data.year
    title = [f"{data.bureau}{year}年工作总结", f"和{year + 1}年工作思路"]
    if not data.has_data:
        return Outline(title_lines=title, blocks=[_no_data_paragraph(data)])

    blocks: list[Block] = [
        Paragraph(
            f"{year}年，{data.area}卫生健康系统坚持以人民健康为中心，围绕年度目标任务，"
            "统筹推进公共卫生、医疗服务、深化改革和行业监管各项工作，"
            f"{_year_in_one_sentence(data)}现将有关情况汇报如下："
        ),
        Heading.numbered(1, 1, f"{year}年重点工作开展情况"),
    ]
    number = 0
    for field in data.fields:
        data_paragraphs = _field_data(data, field)
        entries = data.entries_of(Part.ACHIEVEMENT, field)
        if not data_paragraphs and not entries:
            continue
        number += 1
        blocks.append(Heading.numbered(2, number, field.name))
        blocks.extend(Paragraph(text) for text in data_paragraphs)
        for index, entry in enumerate(entries, start=1):
            blocks.append(Heading.numbered(3, index, entry.title))
            blocks.append(Paragraph(entry.body))
    if data.judged:
        number += 1
        blocks.append(Heading.numbered(2, number, "主要指标完成情况"))
        blocks.append(Paragraph(phrases.indicator_overview(data.with_targets, data.area)))
        blocks.append(_indicator_table(data))

    blocks.append(Heading.numbered(1, 2, "存在的问题"))
    shortcomings = _shortcomings(data)
    if shortcomings:
        blocks.append(
            Paragraph(
                f"{year}年{data.area}卫生健康工作取得了一定成效，但对照年度目标和群众期盼，"
                "仍存在一些差距和不足。"
            )
        )
        blocks.extend(shortcomings)
    else:
        blocks.append(Paragraph(_nothing_short_sentence(data)))

    blocks.append(Heading.numbered(1, 3, f"{year + 1}年工作思路"))
    plans = _plans(data)
    blocks.extend(plans or [Paragraph(f"{year + 1}年工作思路和年度指标目标尚未录入系统。")])
    blocks.append(Signature(data.bureau, phrases.format_date(data.as_of)))
    return Outline(title_lines=title, blocks=blocks)


def _indicator_count(term: str, n: int) -> str:
    return trace.figure(
        f"indicators.{term}",
        f"{n}项",
        definition(term),
        records=n,
        source=("indicators", {}),
        name=Term(term).label,
    )


@trace.sentence
def _year_in_one_sentence(data: ReportData) -> str:
    figures = data.rectification
    parts = []
    judged = data.judged
    met = sum(1 for r in judged if r.status in MET)
    if judged:
        count = _indicator_count(Term.INDICATORS_JUDGED, len(judged))
        if met:
            parts.append(
                f"纳入评估的{count}指标中{_indicator_count(Term.INDICATORS_MET, met)}达到或超过预期"
            )
        else:
            parts.append(f"纳入评估的{count}指标尚未达到预期")
    if figures.problems:
        found = phrases.problem_figure(Term.FOUND, f"{figures.problems}个", figures.problems)
        closed = phrases.problem_figure(
            Term.CLOSED, f"{figures.closed}个", figures.closed, status="closed"
        )
        parts.append(f"督查检查发现的{found}问题已整改销号{closed}")
    if not parts:
        return "各项工作有序推进。"
    # Say "new progress" only when the figures bear it out.
    closing = "各项工作取得新进展。" if met * 2 >= len(judged) else "各项工作稳步推进。"
    return "，".join(parts) + "，" + closing


def _nothing_short_sentence(data: ReportData) -> str:
    said = []
    if data.judged:
        said.append("纳入评估的指标均达到预期")
    if data.has_rectification:
        said.append("无逾期未整改问题")
    if said:
        return (
            f"截至{phrases.format_date(data.as_of)}，{data.area}{'，'.join(said)}。"
            "但对照高质量发展要求，在优质资源扩容下沉、基层服务能力等方面仍需持续用力。"
        )
    return "系统中尚未记录本年度存在的问题。"


def _no_data_paragraph(data: ReportData) -> Paragraph:
    return Paragraph(
        f"截至{phrases.format_date(data.as_of)}，系统中还没有{data.region.name}{data.year}年的"
        "督查整改记录、指标数据和工作条目，暂不能生成工作总结。"
        "请先录入或导入本年度数据，再重新生成。"
    )


# ---------------------------------------------------------------------------------------------
# 工作会议讲话
# ---------------------------------------------------------------------------------------------


def speech_outline(data: ReportData) -> Outline:
    year, next_year = data.year, data.year + 1
    title = [f"在{next_year}年{data.area}卫生健康工作会议上的讲话"]
    date_line = phrases.format_date(data.as_of)
    if not data.has_data:
        return Outline(title_lines=title, date_line=date_line, blocks=[_no_data_paragraph(data)])

    blocks: list[Block] = [
        Paragraph(
            f"今天，我们召开{next_year}年{data.area}卫生健康工作会议，主要任务是回顾总结{year}年"
            f"工作，分析当前面临的形势，安排部署{next_year}年重点任务。下面，我讲三点意见。"
        ),
        Heading.numbered(1, 1, f"充分肯定{year}年卫生健康工作取得的成绩"),
        Paragraph(
            f"过去一年，{data.area}卫生健康系统上下同心、攻坚克难，{_year_in_one_sentence(data)}"
        ),
    ]
    achievements = []
    for field in data.fields:
        entries = data.entries_of(Part.ACHIEVEMENT, field)
        data_paragraphs = _field_data(data, field, achievements_only=True)
        if not entries and not data_paragraphs:
            continue
        text = "".join([*(e.title.rstrip("。") + "。" for e in entries), *data_paragraphs])
        achievements.append((f"{field.name}工作扎实推进。", text))
    blocks.extend(
        Paragraph(text, lead=f"{phrases.chinese_ordinal(n)}是{lead}")
        for n, (lead, text) in enumerate(achievements, start=1)
    )
    blocks.append(
        Paragraph(
            "这些成绩的取得，是全系统广大干部职工辛勤付出的结果。"
            "在此，我代表局党委，向大家表示衷心的感谢！"
        )
    )

    blocks.append(Heading.numbered(1, 2, "清醒认识工作中存在的差距和不足"))
    shortcomings = _shortcomings(data)
    if shortcomings:
        blocks.append(
            Paragraph("在肯定成绩的同时，我们也要清醒地看到，工作中还存在一些短板和弱项。")
        )
        blocks.extend(shortcomings)
        blocks.append(
            Paragraph("对这些问题，我们要高度重视，逐项分析原因，拿出管用措施，切实加以解决。")
        )
    else:
        blocks.append(Paragraph(_nothing_short_sentence(data)))

    blocks.append(Heading.numbered(1, 3, f"扎实做好{next_year}年卫生健康重点工作"))
    plans = _plans(data)
    blocks.extend(plans or [Paragraph(f"{next_year}年重点任务和年度指标目标尚未录入系统。")])
    blocks.append(
        Paragraph(
            f"同志们，{next_year}年卫生健康工作任务艰巨、责任重大。全系统要坚定信心、"
            "真抓实干，以钉钉子精神抓好各项任务落实，以实际成效守护人民群众生命健康！"
        )
    )
    return Outline(title_lines=title, date_line=date_line, salutation="同志们", blocks=blocks)


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------

BUILDERS = {DocumentKind.SUMMARY: summary_outline, DocumentKind.SPEECH: speech_outline}


def outline_for(kind: str, data: ReportData) -> Outline:
    return BUILDERS[kind](data)


def build_document(
    kind: str, year: int, region: Region, *, as_of: datetime.date
) -> tuple[bytes, str]:
    """The .docx of a document and its file name; built on the region's template if any."""
    from reports import documents

    rendered = documents.render(kind, year, region, as_of=as_of)
    return rendered.docx, rendered.file_name


def file_name(kind: str, year: int, region: Region | RegionFacts) -> str:
    """The download's name; `region` is a Region or its RegionFacts."""
    return f"{region.name}{year}年{DocumentKind.LABELS[kind]}.docx"


def outline_blocks(outline: Outline) -> Sequence[tuple[str, Block]]:
    """(kind, block) pairs for the HTML preview."""
    return [(type(block).__name__.lower(), block) for block in outline.blocks]
