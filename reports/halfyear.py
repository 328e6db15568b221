"""半年工作总结: the first half of a year, judged as progress towards the year's targets.

一、上半年工作开展情况 · 二、存在的问题 · 三、下半年工作打算. The facts are a `ReportData` read with
``half=True`` (`reports.builders.collect`): rectification from 1 January to 30 June, the
first-half indicator figures with the year's targets, the entries written in the half.

"时间过半、任务过半": a figure that accrues through the year (a count with a floor as target) is
on schedule when it reaches half the year's target (序时进度); a rate or a level is judged against
the target itself, as at the year's end.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from healthreport.lib.terms import Term
from indicators.evaluation import TargetOperator
from reports import phrases, trace, wording
from reports.builders import DocumentKind, ReportData
from reports.models import Part
from reports.outline import Block, Heading, Outline, Paragraph, Signature, Table
from reports.phrases import MET, IndicatorFacts, problem_figure
from reports.wording import pick

# Share of the year's target a figure that accrues must reach by 30 June (序时进度).
SCHEDULE = Decimal(50)


def accrues(result: IndicatorFacts) -> bool:
    """A count that grows through the year towards a floor: judged by 序时进度."""
    return (
        result.target_operator == TargetOperator.GE
        and result.target_value is not None
        and result.target_value > 0
        and phrases._is_count_unit(result.unit_label)
    )


def progress(result: IndicatorFacts) -> Decimal | None:
    """Per cent of the year's target reached (accruing figures only)."""
    if not accrues(result) or result.value is None:
        return None
    assert result.target_value is not None
    share = result.value * 100 / result.target_value
    return share.quantize(Decimal("0.1"), ROUND_HALF_UP)


def on_schedule(result: IndicatorFacts) -> bool | None:
    """True when 时间过半、任务过半 (or the target already met); None when it cannot be judged."""
    share = progress(result)
    if share is not None:
        return share >= SCHEDULE
    if result.value is None or not result.target_text:
        return None
    return result.status in MET


def _progress_figure(result: IndicatorFacts) -> str:
    share = progress(result)
    assert share is not None
    return trace.figure(
        result._key("progress"),
        phrases.format_percent(share, 1),
        f"{result.name}：上半年数值 ÷ 年度目标 × 100%（序时进度为{SCHEDULE}%）",
        name=f"{result.name}（完成年度目标进度）",
        records=result.records,
        source=result._source,
    )


def _target_figure(result: IndicatorFacts) -> str:
    return trace.figure(
        result._key("target"),
        result.target_text,
        f"{result.name}：本年度目标（指标目标管理中设定）",
        name=result._name("target"),
        source=result._source,
    )


@trace.sentence
def progress_sentence(result: IndicatorFacts, area: str) -> str:
    """One indicator's first half against the year's target, without the full stop."""
    value = phrases.indicator_value(result)
    subject = f"上半年{area}{result.name}"
    if progress(result) is not None:
        share = _progress_figure(result)
        if on_schedule(result):
            return f"{subject}达到{value}，完成年度目标的{share}，实现“时间过半、任务过半”"
        return f"{subject}为{value}，完成年度目标的{share}，滞后于序时进度"
    target = _target_figure(result)
    if on_schedule(result):
        return f"{subject}为{value}，已达到{target}的年度目标"
    return f"{subject}为{value}，距{target}的年度目标尚有差距"


def _judged(data: ReportData) -> list[IndicatorFacts]:
    return [r for r in data.reported if r.target_text and on_schedule(r) is not None]


def _sentences(items: list[str]) -> str:
    parts = [item.rstrip("。；") for item in items if item]
    return "；".join(parts) + "。" if parts else ""


@trace.sentence
def rectification_sentence(data: ReportData) -> str:
    """The half's rectification figures, the same counts as the statistics page's."""
    figures = data.rectification
    opening = f"上半年，{data.area}"
    if not figures.problems:
        return f"{opening}未登记需要整改的问题。"
    inspections = trace.figure(
        f"rect.{Term.INSPECTIONS}",
        f"{figures.inspections}次",
        "督查检查：1月1日至6月30日开展、在本区划发现问题或由本级组织的检查",
        records=figures.inspections,
        source=("inspections", {}),
        name=Term.INSPECTIONS.label,
    )
    found = problem_figure(Term.FOUND, f"{figures.problems}个", figures.problems)
    closed = problem_figure(Term.CLOSED, f"{figures.closed}个", figures.closed, status="closed")
    text = f"{opening}开展督查检查{inspections}，发现问题{found}，已整改销号{closed}"
    if figures.completion_rate is not None:
        rate = problem_figure(
            Term.COMPLETION_RATE,
            phrases.format_percent(figures.completion_rate),
            figures.problems - figures.cancelled,
        )
        text += f"，整改完成率{rate}"
    return text + "。"


def halfyear_outline(data: ReportData) -> Outline:
    with wording.voice(data.region.name, data.year, DocumentKind.HALFYEAR):
        return _halfyear_outline(data)


def _halfyear_outline(data: ReportData) -> Outline:
    year = data.year
    title = [f"{data.bureau}{year}年上半年工作总结"]
    if not data.has_data:
        return Outline(
            title_lines=title,
            blocks=[
                Paragraph(
                    f"截至{phrases.format_date(data.as_of)}，系统中还没有{data.region.name}"
                    f"{year}年上半年的督查整改记录、指标数据和工作条目，暂不能生成半年工作总结。"
                )
            ],
        )
    judged = _judged(data)
    ahead = [r for r in judged if on_schedule(r)]
    behind = [r for r in judged if not on_schedule(r)]
    if judged:
        verdict = (
            f"纳入监测的{len(judged)}项指标中{len(ahead)}项达到序时进度或年度目标"
            if ahead
            else f"纳入监测的{len(judged)}项指标均未达到序时进度"
        )
        overall = pick(
            "half.overall",
            (f"{verdict}，各项工作总体按计划推进。", f"{verdict}，上半年工作总体平稳有序。"),
        )
        if len(behind) * 2 > len(judged):
            overall = f"{verdict}，完成全年目标任务的压力较大。"
    else:
        overall = "各项工作按计划有序推进。"
    blocks: list[Block] = [
        Paragraph(
            f"今年以来，{data.area}卫生健康系统围绕年度目标任务，统筹推进公共卫生、医疗服务、"
            f"深化改革和行业监管各项工作，{overall}现将上半年工作情况汇报如下："
        ),
        Heading.numbered(1, 1, "上半年工作开展情况"),
    ]
    number = 0
    for field in data.fields:
        entries = data.entries_of(Part.ACHIEVEMENT, field)
        paragraphs = []
        if field.data_role == "rectification" and data.has_rectification:
            paragraphs.append(rectification_sentence(data))
        if not entries and not paragraphs:
            continue
        number += 1
        blocks.append(Heading.numbered(2, number, field.name))
        blocks.extend(Paragraph(text) for text in paragraphs)
        for index, entry in enumerate(entries, start=1):
            blocks.append(Heading.numbered(3, index, entry.title))
            blocks.append(Paragraph(entry.body))
    if judged:
        number += 1
        blocks.append(Heading.numbered(2, number, "主要指标序时进度"))
        if ahead:
            blocks.append(Paragraph(_sentences([progress_sentence(r, data.area) for r in ahead])))
        blocks.append(_table(data, judged))

    blocks.append(Heading.numbered(1, 2, "存在的问题"))
    items: list[tuple[str, str]] = []
    if behind:
        text = _sentences([progress_sentence(r, data.area) for r in behind])
        causes = [c.rstrip("。") for r in behind if (c := getattr(r, "cause", ""))]
        if causes:
            text += "主要是" + "；".join(causes) + "。"
        items.append((f"{len(behind)}项指标进度滞后。", text))
    figures = data.rectification
    if figures.open:
        items.append(
            (
                "部分问题整改不够及时。" if figures.overdue else "部分问题仍在整改。",
                phrases.open_problems_sentence(figures, data.as_of)
                + phrases.overdue_by_unit_sentence(figures.overdue_by_unit[:5]),
            )
        )
    for entry in data.entries_of(Part.PROBLEM):
        items.append((entry.title.rstrip("。") + "。", entry.body))
    if items:
        blocks.extend(
            Paragraph(text, lead=f"{phrases.chinese_ordinal(n)}是{lead}")
            for n, (lead, text) in enumerate(items, start=1)
        )
    else:
        blocks.append(Paragraph("上半年各项指标均达到序时进度，未发现需要专门说明的问题。"))

    blocks.append(Heading.numbered(1, 3, "下半年工作打算"))
    plans: list[Block] = []
    plan_number = 0
    for entry in data.entries_of(Part.PLAN):
        plan_number += 1
        plans.append(Heading.numbered(2, plan_number, entry.title))
        plans.append(Paragraph(entry.body))
    if behind:
        plan_number += 1
        names = "、".join(r.name for r in behind)
        measures = [m.rstrip("。") for r in behind if (m := getattr(r, "measure", ""))]
        text = f"对{names}等进度滞后的指标，逐项分析原因，加密调度频次，确保年底完成全年目标。"
        if measures:
            text += "下一步将" + "；".join(measures) + "。"
        plans.append(Heading.numbered(2, plan_number, "紧盯年度目标补齐进度短板"))
        plans.append(Paragraph(text))
    if figures.open:
        plan_number += 1
        plans.append(Heading.numbered(2, plan_number, "抓好问题整改销号"))
        plans.append(
            Paragraph(
                "坚持“年中查账、年底要账”，对尚未销号的问题逐项明确时限和责任人，"
                "逾期问题挂牌督办，确保年底前应改尽改。"
            )
        )
    blocks.extend(plans or [Paragraph("下半年工作打算尚未录入系统。")])
    blocks.append(Signature(data.bureau, phrases.format_date(data.as_of)))
    return Outline(title_lines=title, blocks=blocks)


def _table(data: ReportData, judged: list[IndicatorFacts]) -> Table:
    def row(result: IndicatorFacts) -> list[str]:
        share = progress(result)
        previous = "—"
        if result.previous_value is not None:
            previous = phrases.format_with_unit(
                result.previous_value, result.unit_label, result.decimals
            )
        return [
            result.name,
            phrases.indicator_value(result),
            previous,
            _target_figure(result),
            (phrases.format_percent(share, 1) if share is not None else "—")
            + ("（达到序时进度）" if on_schedule(result) else "（滞后）")
            if share is not None
            else ("已达到" if on_schedule(result) else "未达到"),
        ]

    return Table(
        header=["指标", f"{data.year}年上半年", f"{data.year - 1}年上半年", "年度目标", "进度"],
        rows=[trace.row(partial(row, r)) for r in judged],
        numeric_columns=(1, 2),
        widths_mm=(46, 26, 26, 26, 32),
    )
