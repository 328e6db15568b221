"""The two documents leaders sign, built from the year's record as plain outlines.

`collect` reads the record (rectification figures, indicator results, adopted work entries) once
into plain facts (`reports.facts`); `summary_outline` and `speech_outline` turn them into an
`Outline` without touching the database; `reports.documents` lays that out in the official format
with its workpaper. The HTML preview shows the same outline.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from healthreport.lib.terms import Term, definition
from indicators.evaluation import Status
from reports import phrases, trace, wording
from reports.facts import EntryFacts, FieldFacts, MeetingFacts, RegionFacts
from reports.models import (
    MAX_HIGHLIGHTS,
    DataRole,
    FieldIndicator,
    HighlightKind,
    IndicatorNote,
    MeetingContext,
    Part,
    WorkEntry,
    WorkField,
)
from reports.outline import Block, Heading, Outline, Paragraph, Signature, Table
from reports.phrases import JUDGED, MET, IndicatorFacts
from reports.wording import pick, plan_year
from units.models import Region, RegionLevel

if TYPE_CHECKING:
    from indicators.results import IndicatorResult
    from rectification.metrics import RectificationFigures
    from reports.bulletin import BulletinData

# At most this many indicator sentences under one field of work; the table has them all.
SENTENCES_PER_FIELD = 6


class DocumentKind:
    SUMMARY = "summary"
    SPEECH = "speech"
    HALFYEAR = "halfyear"
    BULLETIN = "bulletin"
    LABELS = {
        SUMMARY: "年度工作总结",
        SPEECH: "工作会议讲话",
        HALFYEAR: "半年工作总结",
        BULLETIN: "整改通报",
    }


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
    # The 半年工作总结's facts: rectification from 1 January to 30 June, first-half indicator
    # figures judged against the year's targets, the entries written in the first half.
    half: bool = False
    # The work conference of the speech; None when nothing is recorded.
    meeting: MeetingFacts | None = None
    # (inspection or campaign, sanctions): rectification.metrics.sanctions_by_inspection.
    sanctions_by_inspection: list[tuple[str, int]] = dataclasses.field(default_factory=list)

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

    @property
    def highlights(self) -> list[EntryFacts]:
        """The year's highlights for the opening: honours, then pilots, then rankings, each in
        document order; at most `MAX_HIGHLIGHTS`."""
        order = list(HighlightKind.values)
        flagged = [
            e for e in self.entries_of(Part.ACHIEVEMENT) if e.highlight in HighlightKind.values
        ]
        flagged.sort(key=lambda e: order.index(e.highlight))
        return flagged[:MAX_HIGHLIGHTS]

    def results_of(self, field: FieldFacts) -> list[tuple[IndicatorFacts, bool]]:
        """The reported results told under a field, each with whether it came there by its
        category alone (an indicator placed under no field goes to the first field listing its
        category) rather than by its placement."""
        placed = {code for f in self.fields for code in f.indicators}
        told = []
        for result in self.reported:
            if result.code in field.indicators:
                told.append((result, False))
            elif result.code not in placed:
                home = next((f for f in self.fields if result.category in f.categories), None)
                if home is not None and home.pk == field.pk:
                    told.append((result, True))
        return told


def collect(year: int, region: Region, *, as_of: datetime.date, half: bool = False) -> ReportData:
    """Everything the documents of (year, region) say, read as it stands on `as_of`; with
    `half`, what the 半年工作总结 says (see `ReportData.half`)."""
    from indicators.models import Period
    from indicators.results import next_year_targets, region_results, value_counts
    from rectification.metrics import sanctions_by_inspection, year_figures

    period = Period.FIRST_HALF if half else Period.ANNUAL
    until = datetime.date(year, 6, 30) if half else None
    counts = value_counts([year - 1, year], region, period=period)
    entries = WorkEntry.objects.for_document(year, region, period)
    notes = {n.indicator_id: n for n in IndicatorNote.objects.filter(year=year, region=region)}
    placed: dict[int, list[str]] = {}
    for field_id, code in FieldIndicator.objects.values_list("field_id", "indicator__code"):
        placed.setdefault(field_id, []).append(code)
    return ReportData(
        year=year,
        region=RegionFacts(region.pk, region.name, region.level, region.path),
        as_of=as_of,
        rectification=year_figures(year, region, as_of=as_of, until=until),
        indicators=[
            _indicator_facts(r, counts, notes.get(r.indicator.pk))
            for r in region_results(year, region, period=period)
        ],
        next_targets=[]
        if half
        else [_indicator_facts(r, {}) for r in next_year_targets(year, region)],
        half=half,
        entries=[
            EntryFacts(e.pk, e.part, e.field_id, e.title, e.body, e.highlight) for e in entries
        ],
        fields=[
            FieldFacts(
                f.pk, f.name, tuple(f.category_list), f.data_role, tuple(placed.get(f.pk, ()))
            )
            for f in WorkField.objects.all()
        ],
        meeting=_meeting_facts(year, region),
        sanctions_by_inspection=sanctions_by_inspection(year, region, until=until),
    )


def _meeting_facts(year: int, region: Region) -> MeetingFacts | None:
    meeting = MeetingContext.objects.filter(year=year, region=region).first()
    if meeting is None:
        return None
    return MeetingFacts(
        meeting.name.strip(), meeting.date, meeting.approved_by.strip(), meeting.preceded_by.strip()
    )


def _indicator_facts(
    result: IndicatorResult, counts: dict[tuple[int, int], int], note: IndicatorNote | None = None
) -> IndicatorFacts:
    """An indicator result as a fact, with the number of values behind each year's figure and
    the cause and measure the bureau recorded for it."""
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
        cause=note.cause.strip() if note else "",
        measure=note.measure.strip() if note else "",
    )


# ---------------------------------------------------------------------------------------------
# Sentences shared by both documents
# ---------------------------------------------------------------------------------------------


def _sentences(items: Iterable[str]) -> str:
    """Clauses joined with ；and closed with 。."""
    parts = [item.rstrip("。；") for item in items if item]
    return "；".join(parts) + "。" if parts else ""


def _field_data(data: ReportData, field: FieldFacts) -> list[str]:
    """The data paragraphs that belong to a field of work, whether or not it has entries.

    Only what the field may claim as done: targets met (grouped) and counts, never a shortfall
    or a figure that moved the wrong way (those are told under the shortcomings). Figures of a
    category the field's name does not say are introduced by the category, so that a heading
    never stands over figures it does not name.
    """
    paragraphs = []
    told = data.results_of(field)
    results = [r for r, _ in told]
    results.sort(key=lambda r: (r.status not in JUDGED, r.code))
    sentences = phrases.achievement_sentences(results[: SENTENCES_PER_FIELD * 2], data.area)
    if sentences:
        # Placed indicators belong to the heading; one told by its category alone is
        # introduced by the category.
        labels = list(
            dict.fromkeys(
                r.category_label
                for r, by_category in told
                if by_category and r.category_label != field.name
            )
        )
        text = _sentences(sentences)
        if labels:
            scope = "、".join(labels)
            text = pick("field.scope", (f"从{scope}指标看，", f"{scope}方面，")) + text
        paragraphs.append(text)
    figures = data.rectification
    if field.data_role == DataRole.RECTIFICATION and data.has_rectification:
        paragraphs.append(phrases.rectification_sentence(figures, data.area, data.as_of))
    if field.data_role == DataRole.SANCTIONS and figures.sanctions_count:
        paragraphs.append(
            phrases.sanctions_sentence(figures.sanctions, figures.sanctioned_units)
            + phrases.sanctions_behind_sentence(
                data.sanctions_by_inspection, figures.sanctions_count
            )
        )
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
    """一是…二是…: shortfalls, figures that moved the wrong way, open problems, then the entries."""
    items: list[tuple[str, str]] = []
    short = phrases.worst_first(data.judged)
    if short:
        count = _indicator_count(Term.INDICATORS_SHORT, len(short))
        told = short[:SENTENCES_PER_FIELD]
        text = _with_causes(told, partial(phrases.shortfall_sentence, region_name=data.area))
        if len(short) > len(told):
            text += f"其余{len(short) - len(told)}项指标也未达到年度目标。"
        lead = pick("lead.short", ("部分指标未达预期。", "一些指标与目标还有差距。"))
        items.append((f"{lead}{count}指标尚未达到年度目标。", text))
    rebounds = [r for r in data.reported if r.status in MET and phrases.moved_wrong_way(r)]
    if rebounds:
        text = _with_causes(rebounds, partial(phrases.rebound_sentence, region_name=data.area))
        items.append(("个别指标出现反弹。", text))
    figures = data.rectification
    if figures.open:
        lead = "部分问题整改不够及时。" if figures.overdue else "部分问题仍在整改。"
        items.append(
            (
                lead,
                phrases.open_problems_sentence(figures, data.as_of)
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
    measures = _measures(data)
    if measures:
        blocks.append(Heading.numbered(2, number, "着力补齐指标短板"))
        blocks.append(Paragraph("".join(measures)))
        number += 1
    targets = [r for r in data.next_targets if r.target_text]
    if targets:
        blocks.append(Heading.numbered(2, number, f"确保{data.year + 1}年度指标目标实现"))
        blocks.append(
            Paragraph(
                f"对照{data.year + 1}年度目标，" + _sentences([phrases.targets_sentence(targets)])
            )
        )
    return blocks


def _with_causes(results: Sequence[IndicatorFacts], say: Callable[[IndicatorFacts], str]) -> str:
    """Each result's sentence, followed by its recorded cause where there is one."""
    sentences = []
    for result in results:
        sentences += [say(result), phrases.cause_sentence(result)]
    return "。".join(s for s in sentences if s) + "。"


def _measures(data: ReportData) -> list[str]:
    """The recorded 下步措施, one sentence each: shortfalls worst first, then figures that
    moved the wrong way, then any other indicator the bureau wrote one for."""
    short = phrases.worst_first(data.judged)
    rebounds = [r for r in data.reported if r.status in MET and phrases.moved_wrong_way(r)]
    others = [r for r in data.reported if r not in short and r not in rebounds]
    return [
        phrases.measure_sentence(r, short=r in short, rebound=r in rebounds)
        for r in [*short, *rebounds, *others]
        if r.measure
    ]


def _highlights_sentence(data: ReportData, good_year: bool) -> str:
    """The year's highlights as the opening says them: "特别是A，B，C。" after a good year,
    "全年工作也不乏亮点：A，B，C。" after one short of its targets; "" without any."""
    clauses = [e.title.strip().rstrip("。；，") for e in data.highlights]
    if not clauses:
        return ""
    lead = "特别是" if good_year else "全年工作也不乏亮点："
    return lead + "，".join(clauses) + "。"


# ---------------------------------------------------------------------------------------------
# 年度工作总结
# ---------------------------------------------------------------------------------------------


def summary_outline(data: ReportData) -> Outline:
    with wording.voice(data.region.name, data.year, DocumentKind.SUMMARY):
        return _summary_outline(data)


def _summary_outline(data: ReportData) -> Outline:
    year = data.year
    title = [f"{data.bureau}{year}年工作总结", f"和{year + 1}年工作思路"]
    if not data.has_data:
        return Outline(title_lines=title, blocks=[_no_data_paragraph(data)])

    judged = data.judged
    good_year = not judged or sum(1 for r in judged if r.status in MET) * 2 >= len(judged)
    blocks: list[Block] = [
        Paragraph(
            f"{year}年是{plan_year(year)}。一年来，{data.area}卫生健康系统坚持以人民健康为中心，"
            "围绕年度目标任务，统筹推进公共卫生、医疗服务、深化改革和行业监管各项工作，"
            f"{_year_in_one_sentence(data)}"
            f"{_highlights_sentence(data, good_year)}"
            "现将有关情况汇报如下："
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
    if plans:
        blocks.append(
            Paragraph(
                f"{year + 1}年是{plan_year(year + 1)}。我们将紧扣年度目标，补短板、强弱项，"
                "重点做好以下工作。"
            )
        )
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


# A field named by its subject (健康城市, 妇幼与人口) takes 工作 before a verdict such as 扎实推进;
# one named by an undertaking (医共体建设, 数字化改革) already reads as work.
UNDERTAKINGS = ("工作", "建设", "改革", "防控", "治理", "管理", "服务", "发展", "行动")


def as_work(field_name: str) -> str:
    """'健康城市' → '健康城市工作'; '医共体建设' stays."""
    return field_name if field_name.endswith(UNDERTAKINGS) else f"{field_name}工作"


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
        return "各项工作有序开展。"
    # Say "new progress" only when the figures bear it out.
    if met * 2 >= len(judged):
        return "，".join(parts) + "，各项工作取得新进展。"
    return "，".join(parts) + "，完成情况与年初目标相比仍有差距。"


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


# A speech's part three picks at most this many priorities.
MAX_PRIORITIES = 5


def speech_outline(data: ReportData) -> Outline:
    with wording.voice(data.region.name, data.year, DocumentKind.SPEECH):
        return _speech_outline(data)


def _speech_outline(data: ReportData) -> Outline:
    year, next_year = data.year, data.year + 1
    meeting = data.meeting
    name = (meeting and meeting.name) or f"{next_year}年{data.area}卫生健康工作会议"
    title = [f"在{name}上的讲话"]
    date_line = phrases.format_date(meeting.date if meeting and meeting.date else data.as_of)
    if not data.has_data:
        return Outline(title_lines=title, date_line=date_line, blocks=[_no_data_paragraph(data)])

    judged = data.judged
    met = sum(1 for r in judged if r.status in MET)
    good_year = not judged or met * 2 >= len(judged)
    blocks: list[Block] = [
        Paragraph(_speech_opening(data, name)),
        Heading.numbered(
            1,
            1,
            f"充分肯定{year}年卫生健康工作取得的成绩"
            if good_year
            else f"客观看待{year}年卫生健康工作取得的进展",
        ),
        Paragraph(
            (
                f"过去一年，{data.area}卫生健康系统上下同心、攻坚克难，{_year_in_one_sentence(data)}"
                if good_year
                else f"过去一年，{data.area}卫生健康系统做了大量工作，但成效与目标相比还不够理想。"
                + _year_in_one_sentence(data)
            )
            + _highlights_sentence(data, good_year)
        ),
    ]
    achievements = []
    for field in data.fields:
        entries = data.entries_of(Part.ACHIEVEMENT, field)
        data_paragraphs = _field_data(data, field)
        if not entries and not data_paragraphs:
            continue
        told = [f"{e.title.rstrip('。')}，{e.body.rstrip('。')}。" for e in entries]
        text = "".join([*told, *data_paragraphs])
        verdict = pick(
            "speech.lead", ("取得新进展", "扎实推进", "成效明显", "稳步推进", "有力有序")
        )
        achievements.append((f"{as_work(field.name)}{verdict}。", text))
    blocks.extend(
        Paragraph(text, lead=f"{phrases.chinese_ordinal(n)}是{lead}")
        for n, (lead, text) in enumerate(achievements, start=1)
    )
    blocks.append(
        Paragraph(
            "这些成绩来之不易，是全系统广大干部职工和医务工作者辛勤付出的结果。"
            "在此，我代表局党委，向大家表示衷心的感谢！"
        )
    )

    blocks.append(Heading.numbered(1, 2, "清醒认识工作中存在的差距和不足"))
    shortcomings = _shortcomings(data)
    if shortcomings:
        blocks.append(
            Paragraph(
                "在肯定成绩的同时，我们也要清醒地看到，工作中还存在一些短板和弱项。"
                if good_year
                else "我们必须清醒地看到，去年多数指标没有完成，有的差距还不小，"
                "这是必须正视的问题。具体来说："
            )
        )
        blocks.extend(shortcomings)
        blocks.append(
            Paragraph(
                "对这些问题，各地各单位必须高度重视，逐项分析原因，拿出管用措施，切实加以解决。"
            )
        )
    else:
        blocks.append(Paragraph(_nothing_short_sentence(data)))

    blocks.append(Heading.numbered(1, 3, f"突出重点，扎实做好{next_year}年各项工作"))
    priorities = _priorities(data)
    if priorities:
        blocks.append(
            Paragraph(
                f"{next_year}年是{plan_year(next_year)}，做好今年的工作意义重大。"
                "全系统要突出重点、抓住关键，重点抓好以下几个方面。"
            )
        )
        for number, (heading, text) in enumerate(priorities, start=1):
            blocks.append(Heading.numbered(2, number, heading))
            blocks.append(Paragraph(text))
    else:
        blocks.append(Paragraph(f"{next_year}年重点任务和年度指标目标尚未录入系统。"))
    rest = len([r for r in data.next_targets if r.target_text])
    if rest:
        blocks.append(
            Paragraph(
                f"对{next_year}年的{rest}项指标目标，各责任科室和单位要逐项分解、按季调度，"
                "确保年底交出合格答卷。"
            )
        )
    blocks.append(
        Paragraph(
            f"同志们，{next_year}年卫生健康工作任务艰巨、责任重大。全系统务必坚定信心、"
            "真抓实干，以钉钉子精神抓好各项任务落实，以实际成效守护人民群众生命健康！"
        )
    )
    return Outline(title_lines=title, date_line=date_line, salutation="同志们", blocks=blocks)


def _speech_opening(data: ReportData, name: str) -> str:
    """Why we meet: who approved the meeting and what was said before the speech, as recorded
    on the reports page; what is not recorded is not said."""
    year, next_year = data.year, data.year + 1
    meeting = data.meeting
    approved = meeting.approved_by.rstrip("，,。") if meeting else ""
    opening = f"{approved}，今天，我们召开{name}" if approved else f"今天，我们召开{name}"
    text = (
        f"{opening}，主要任务是回顾总结{year}年工作，分析当前面临的形势，安排部署{next_year}年"
        f"重点任务。{year}年是{plan_year(year)}，{next_year}年是{plan_year(next_year)}，"
        "开好这次会议，对于承前启后、开好局起好步十分重要。"
    )
    preceded = meeting.preceded_by.rstrip("，,。；") if meeting else ""
    if preceded:
        return (
            f"{text}{preceded}，我完全同意，请大家认真抓好落实。"
            "下面，根据会议安排，我再讲三点意见。"
        )
    return f"{text}下面，我讲三点意见。"


def _priorities(data: ReportData) -> list[tuple[str, str]]:
    """Part three's priorities: the worst shortfalls, a figure turning back, the overdue
    problems, then the bureau's own plans; at most `MAX_PRIORITIES`."""
    next_targets = {r.code or r.name: r for r in data.next_targets if r.target_text}
    picked: list[tuple[str, str]] = []
    for result in phrases.worst_first(data.judged)[:2]:
        text = phrases.shortfall_sentence(result, f"去年{data.area}") + "。"
        if result.measure:
            # The bureau's own measure, as a speech says it.
            text += "要" + phrases.measure_text(result.measure)
        else:
            text += pick(
                "speech.must",
                (
                    "今年必须把它作为硬任务，逐级分解目标、压实责任",
                    "各地各单位要对照目标找差距、查原因，拿出务实管用的举措",
                ),
            )
        target = next_targets.get(result.code or result.name)
        if target is not None:
            text += "，确保" + phrases.targets_sentence([target]).removeprefix("力争")
        better = "切实降低" if result.direction == "lower" else "着力提升"
        heading = pick("speech.short", (f"全力补齐{result.name}短板", f"{better}{result.name}"))
        picked.append((heading, text + "。"))
    for result in data.reported:
        if result.status in MET and phrases.moved_wrong_way(result):
            turn = "反弹" if result.direction == "lower" else "下滑"
            text = phrases.rebound_sentence(result, f"去年{data.area}") + "。"
            text += "对此决不能掉以轻心，"
            if result.measure:
                text += "要" + phrases.measure_text(result.measure) + "，坚决守住底线。"
            else:
                text += "要深入查找原因，坚决守住底线。"
            picked.append((f"坚决遏制{result.name}{turn}势头", text))
            break
    figures = data.rectification
    if figures.overdue:
        # Part two has the units with their counts; here they are named, as a speech calls them.
        names = [name for name, _ in figures.overdue_by_unit[:3]]
        named = f"{'、'.join(names)}等单位要引起高度重视。" if len(names) > 1 else ""
        text = (
            phrases.overdue_sentence(figures.overdue, data.as_of)
            + named
            + "要坚持问题导向，对逾期问题逐个过堂、挂牌督办，相关单位主要负责人务必亲自抓、"
            "限期整改到位；逾期仍未完成的，要约谈单位主要负责人。"
        )
        picked.append(("动真碰硬抓好问题整改", text))
    for entry in data.entries_of(Part.PLAN):
        if len(picked) >= MAX_PRIORITIES:
            break
        body = entry.body if entry.body.startswith(("要", "必须", "务必")) else "要" + entry.body
        picked.append((entry.title, body))
    return picked[:MAX_PRIORITIES]


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------

BUILDERS = {DocumentKind.SUMMARY: summary_outline, DocumentKind.SPEECH: speech_outline}


def outline_for(kind: str, data: ReportData | BulletinData) -> Outline:
    """The outline of `kind`; `data` is a ReportData, or a BulletinData for the 整改通报."""
    if not isinstance(data, ReportData):
        from reports.bulletin import bulletin_outline

        return bulletin_outline(data)
    if kind == DocumentKind.HALFYEAR:
        from reports.halfyear import halfyear_outline

        return halfyear_outline(data)
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
