"""The 数据底稿 (workpaper) of a generated document: every printed figure and the records behind it.

`outline_with_figures` builds a document's outline while `reports.trace` notes each figure its
sentences print, then places each figure under the heading and in the sentence (or table row)
that prints it. A figure noted by a sentence the outline does not use is dropped, so the 底稿
lists exactly what the document prints.

`build_workbook` writes three sheets:
- 底稿: 序号, 段落, 表述, 数值, 口径, 记录数 — one row per printed figure;
- 问题: the ledger's columns plus 计入 — every problem of the year in the region, cancelled ones
  included, with the figures it counts towards;
- 指标: 年度, 指标编码, 指标名称, 区划或单位, 数值, 分子, 分母, 状态 — the region figure of each
  indicator the document prints, then every value behind it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from django.db.models import BooleanField, ExpressionWrapper
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from healthreport.lib.excel import build_workbook as excel_workbook
from healthreport.lib.terms import Term
from healthreport.lib.urls import reverse_cached
from reports import builders, trace
from reports.outline import Heading, Outline, Paragraph, Table
from reports.wording import normalise

FIGURE_HEADERS = ["序号", "段落", "表述", "数值", "口径", "记录数"]
FIGURE_WIDTHS = [6, 30, 70, 14, 50, 8]
PROBLEM_COUNTED_HEADER = "计入"
INDICATOR_HEADERS = ["年度", "指标编码", "指标名称", "区划或单位", "数值", "分子", "分母", "状态"]
OPENING = "开头"  # the 段落 of figures printed before the first heading

# The 计入 column: the figures a problem counts towards, in this order.
COUNTED_TERMS = (
    (Term.FOUND, "发现"),
    (Term.CLOSED, "销号"),
    (Term.ON_TIME_RATE, "按期"),
    (Term.OPEN, "在改"),
    (Term.OVERDUE, "逾期"),
    (Term.CANCELLED, "撤销"),
    (Term.OPEN_LONG_TERM, "长期"),
    (Term.OPEN_EXTENDED, "延期"),
)


def outline_with_figures(kind: str, data) -> tuple[Outline, list]:
    """The outline of `kind` for `data` and the figures it prints, in document order."""
    with trace.recording() as recording:
        outline = builders.outline_for(kind, data)
    return outline, _place(outline, recording.figures, data)


def _units_of_text(outline: Outline) -> list[tuple[str, str]]:
    """(section, text) for every paragraph and every table row, in document order."""
    units = []
    section = OPENING
    for block in outline.blocks:
        if isinstance(block, Heading):
            section = block.text
        elif isinstance(block, Paragraph):
            units.append((section, (block.lead or "") + block.text))
        elif isinstance(block, Table):
            units.extend((section, trace.ROW_SEPARATOR.join(row)) for row in block.rows)
    return units


def _place(outline: Outline, noted: Sequence[trace.Printed], data) -> list:
    from reports.documents import FigureRow

    units = _units_of_text(outline)
    placed = []
    for order, printed in enumerate(noted):
        # The outline's blocks set the typography (reports.wording.normalise); so does the needle.
        sentence = normalise(printed.sentence)
        needle = sentence.rstrip("。")
        if normalise(printed.printed) not in needle:
            continue  # computed but not printed
        position = next(
            (index for index, (_, text) in enumerate(units) if needle and needle in text), None
        )
        if position is None:
            continue  # noted by a sentence the document does not print
        section, _ = units[position]
        row = FigureRow(
            key=printed.key,
            section=section,
            sentence=sentence,
            printed=normalise(printed.printed),
            definition=printed.definition,
            records=printed.records,
            link=_link(printed.source, data),
            name=printed.name,
        )
        placed.append((position, order, row))
    placed.sort(key=lambda item: item[:2])
    return [row for _, _, row in placed]


def _link(source, data) -> str:
    """The page that lists the records behind a figure, for the year and region of the document."""
    if source is None:
        return ""
    kind, query = source
    scope = {"year": data.year, "region": data.region.pk}
    if kind == "problems":
        return f"{reverse_cached('rectification:problem_list')}?{urlencode({**scope, **query})}"
    if kind == "indicator" and query.get("code"):
        url = reverse_cached("indicators:indicator_detail", query["code"])
        return f"{url}?{urlencode(scope)}"
    if kind == "indicators":
        return f"{reverse_cached('indicators:scorecard')}?{urlencode(scope)}"
    if kind in ("sanctions", "inspections"):
        return f"{reverse_cached('rectification:stats')}?{urlencode(scope)}"
    return ""


def figure_sheet_rows(figures: Iterable) -> Iterable[list[Any]]:
    for number, row in enumerate(figures, start=1):
        records = "—" if row.records is None else row.records
        yield [number, row.section, row.sentence, row.printed, row.definition, records]


def build_workbook(data, figures: Sequence, *, region=None) -> bytes:
    """The workpaper; the 问题 and 指标 sheets need the record, so they are written only when
    `region` (the Region model) is given, i.e. when the document is built from the record."""
    extra: list[tuple[str, Sequence[str], Iterable[Sequence[Any]]]] = []
    if region is not None:
        from rectification.ledger import HEADERS

        extra.append(("问题", [*HEADERS, PROBLEM_COUNTED_HEADER], _problem_rows(data, region)))
        extra.append(("指标", INDICATOR_HEADERS, _indicator_rows(data, region, figures)))
    return excel_workbook(
        FIGURE_HEADERS,
        figure_sheet_rows(figures),
        title="底稿",
        widths=FIGURE_WIDTHS,
        extra_sheets=extra,
    )


def _problem_rows(data, region) -> Iterable[list[Any]]:
    from rectification.ledger import ledger_rows
    from rectification.metrics import counted_in, year_problems

    conditions = counted_in(data.as_of)
    problems = (
        year_problems(data.year, region)
        .annotate(
            **{
                f"in_{term}": ExpressionWrapper(conditions[term], output_field=BooleanField())
                for term, _ in COUNTED_TERMS
            }
        )
        .order_by("inspection__date", "inspection_id", "unit__name", "pk")
    )
    flags = problems.values_list(*(f"in_{term}" for term, _ in COUNTED_TERMS))
    for row, counted in zip(ledger_rows(problems), flags.iterator(), strict=True):
        words = [word for (_, word), flag in zip(COUNTED_TERMS, counted, strict=True) if flag]
        yield [*row, "、".join(words)]


def _indicator_rows(data, region, figures: Sequence) -> Iterable[list[Any]]:
    """The region figure of each printed indicator, then the values behind it (both years)."""
    from indicators.evaluation import Status
    from indicators.models import Indicator
    from indicators.results import RegionFigures, operands, value_rows

    printed_codes = {row.key.split(".")[1] for row in figures if row.key.startswith("indicator.")}
    if not printed_codes:
        return
    indicators = list(
        Indicator.objects.filter(code__in=printed_codes)
        .select_related("numerator", "denominator")
        .order_by("code")
    )
    years = [data.year - 1, data.year]
    region_figures = RegionFigures(region, years, indicators)
    results = {r.code: r for r in data.indicators}
    operand_ids: set[int] = set()
    for indicator in indicators:
        operand_ids.update(
            pk for pk in (indicator.pk, indicator.numerator_id, indicator.denominator_id) if pk
        )
        figure = region_figures.figure(indicator, data.year)
        numerator = denominator = None
        if indicator.is_computed:
            top, bottom = operands(indicator)
            numerator = region_figures.input_value(top, data.year)
            denominator = region_figures.input_value(bottom, data.year)
        result = results.get(indicator.code)
        status = Status(result.status).label if result else ""
        yield [
            data.year,
            indicator.code,
            indicator.name,
            f"{region.name}（汇总）",
            figure.value,
            numerator,
            denominator,
            status,
        ]
    for value in value_rows(years, region).filter(indicator_id__in=operand_ids):
        place = value.unit.name if value.unit_id else value.region.name
        yield [
            value.year,
            value.indicator.code,
            value.indicator.name,
            place,
            value.value,
            None,
            None,
            value.get_status_display(),
        ]


@dataclass(frozen=True)
class Segment:
    """A run of a previewed paragraph or cell: plain text, or a figure linked to its records."""

    text: str
    link: str = ""
    definition: str = ""
    bold: bool = False

    def __html__(self) -> SafeString:
        text = format_html("<strong>{}</strong>", self.text) if self.bold else escape(self.text)
        if not self.link:
            return text
        return format_html(
            '<a class="app-figure-link" href="{}" title="口径：{}（点击查看记录）">{}</a>',
            self.link,
            self.definition,
            text,
        )


class Runs(list[Segment]):
    """A paragraph's or a cell's segments; in a template `{{ runs }}` prints them as HTML, in
    Python rather than through an include per cell (the preview has hundreds of cells)."""

    def __html__(self) -> SafeString:
        return mark_safe("".join(segment.__html__() for segment in self))  # each one escaped

    def __str__(self) -> str:  # what a template prints (django.template.base: str(), then escape)
        return self.__html__()


def _segments(text: str, figures: Sequence, bold_until: int = 0) -> Runs:
    """`text` cut into runs, each printed figure of `figures` a linked run of its own."""
    spans: list[tuple[int, int, Any]] = []
    for row in figures:
        sentence = row.sentence.rstrip("。")
        start = text.find(sentence)
        if start < 0 or not row.link:
            continue
        found = _free_occurrence(text, row.printed, start, start + len(sentence), spans)
        if found is not None:
            spans.append((found, found + len(row.printed), row))
    spans.sort(key=lambda span: span[0])
    # Cut at the spans and at the end of the bold lead.
    cuts = sorted({0, len(text), bold_until, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    by_start = {s: row for s, _, row in spans}
    segments = Runs()
    for start, end in zip(cuts, cuts[1:], strict=False):
        if start >= end:
            continue
        row = by_start.get(start)
        segments.append(
            Segment(
                text[start:end],
                link=row.link if row else "",
                definition=row.definition if row else "",
                bold=start < bold_until,
            )
        )
    return segments


def _free_occurrence(text: str, printed: str, start: int, end: int, spans) -> int | None:
    """The first place in text[start:end] that prints `printed` as a whole figure ("1个" is not
    the tail of "11个") and is not already linked."""
    at = text.find(printed, start, end)
    while at >= 0:
        whole = at == 0 or not (text[at - 1].isdigit() or text[at - 1] == ".")
        free = all(at >= e or at + len(printed) <= s for s, e, _ in spans)
        if whole and free:
            return at
        at = text.find(printed, at + 1, end)
    return None


def preview_blocks(outline: Outline, figures: Sequence) -> list[tuple[str, Any, Any]]:
    """(kind, block, runs) for the HTML preview: a paragraph's runs, or a table's rows of cell
    runs, in which each printed figure links to the records behind it."""
    blocks: list[tuple[str, Any, Any]] = []
    for block in outline.blocks:
        kind = type(block).__name__.lower()
        runs: Any
        if isinstance(block, Paragraph):
            lead = block.lead or ""
            runs = _segments(lead + block.text, figures, bold_until=len(lead))
        elif isinstance(block, Table):
            runs = []
            for row in block.rows:
                joined = trace.ROW_SEPARATOR.join(row)
                mine = [f for f in figures if f.sentence == joined]
                runs.append([_segments(cell, [_in_cell(f, cell) for f in mine]) for cell in row])
        else:
            runs = None
        blocks.append((kind, block, runs))
    return blocks


def _in_cell(row, cell: str):
    """A table figure, seen from one cell: its sentence is the cell when it prints it."""
    return replace(row, sentence=cell if row.printed == cell else "\0")
