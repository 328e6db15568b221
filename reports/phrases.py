"""Chinese sentences of the generated documents, built from numbers.

Pure functions over plain values and small frozen dataclasses: no models, no database, so the
document builders, the HTML preview and the tests all call the same code. The wording follows the
register of a bureau's year-end summary: figures in Arabic numerals, 万/亿 for large amounts,
"个百分点" for differences of two percentages, dates as 2025年12月31日, and no "0.0" noise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from healthreport.lib.terms import Term, definition
from indicators.evaluation import CHANGE_OPERATORS, Direction, Status, TargetOperator, target_text
from indicators.models import CATEGORY_ORDER, Category
from rectification.metrics import RectificationFigures, SanctionLine
from rectification.models import SanctionKind
from reports.trace import figure, sentence
from reports.wording import pick

Number = Decimal | int | float

# Statuses and categories are compared by code; their labels are only ever printed.
MET = (Status.EXCEEDED, Status.MET)
SHORT_OF_TARGET = (Status.SLIGHTLY_BELOW, Status.NOT_MET)
JUDGED = (*MET, *SHORT_OF_TARGET)
OVERVIEW_STATUSES = (*JUDGED, Status.NOT_REPORTED)

WAN = Decimal(10_000)
YI = Decimal(100_000_000)

# How many names a sentence lists before it says "等".
MAX_NAMES = 5

_DIGITS = "零一二三四五六七八九"


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------


def _to_decimal(value: Number) -> Decimal:
    # str() first: Decimal(0.1) would carry the binary expansion of the float into the text.
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def _round(value: Decimal, decimals: int) -> Decimal:
    # Reports round half up (4.5 → 5), as people do by hand, not half-even as Python does.
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _plain(value: Decimal) -> str:
    """A Decimal without exponent, trailing zeros or a negative zero."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def format_number(value: Number | None, decimals: int | None = None) -> str:
    """A number as prose writes it: rounded, without trailing zeros or thousands separators.

    >>> format_number(Decimal("12.50")), format_number(3.0), format_number(8650)
    ('12.5', '3', '8650')
    >>> format_number(Decimal("82.345"), 2), format_number(None)
    ('82.35', '—')
    """
    if value is None:
        return "—"
    number = _to_decimal(value)
    if decimals is not None:
        number = _round(number, decimals)
    return _plain(number)


def _scaled(value: Decimal, decimals: int, steps: Sequence[tuple[Decimal, str]]) -> str:
    """Write |value| in the largest unit of ``steps`` it reaches once rounded.

    Rounding before choosing the unit matters at the boundaries: 99,999,999元 is 10000万元 once
    rounded to two decimals, which must read 1亿元.
    """
    magnitude = abs(value)
    divisor, suffix = Decimal(1), ""
    for step_divisor, step_suffix in steps:
        if _round(magnitude / divisor, decimals) * divisor >= step_divisor:
            divisor, suffix = step_divisor, step_suffix
    text = _plain(_round(magnitude / divisor, decimals))
    sign = "-" if value < 0 and text != "0" else ""
    return f"{sign}{text}{suffix}"


def format_amount_yuan(value: Number | None, decimals: int = 2) -> str:
    """An amount of money in 元, 万元 from 1万 and 亿元 from 1亿, at most ``decimals`` decimals.

    >>> format_amount_yuan(3500), format_amount_yuan(15000), format_amount_yuan(1_230_000_000)
    ('3500元', '1.5万元', '12.3亿元')
    """
    if value is None:
        return "—"
    return _scaled(_to_decimal(value), decimals, ((WAN, "万"), (YI, "亿"))) + "元"


def format_count(value: Number | None, decimals: int = 2) -> str:
    """A count, with 万 from 10000 and 亿 from 1亿 (no unit word: the caller adds 人次, 人…).

    >>> format_count(8650), format_count(12000), format_count(123456)
    ('8650', '1.2万', '12.35万')
    """
    if value is None:
        return "—"
    return _scaled(_to_decimal(value), decimals, ((WAN, "万"), (YI, "亿")))


def format_percent(value: Number | None, decimals: int = 2) -> str:
    """A percentage already expressed in per cent (95.5 means 95.5%).

    >>> format_percent(Decimal("95.50")), format_percent(100), format_percent(Decimal("82.3529"))
    ('95.5%', '100%', '82.35%')
    """
    if value is None:
        return "—"
    return format_number(value, decimals) + "%"


def _difference(old: Number, new: Number, decimals: int) -> Decimal:
    # Difference of the rounded figures, so that the text agrees with the figures it quotes
    # (96.2% and 94.7% differ by 1.5 points even if the raw values differ by 1.46).
    return _round(_to_decimal(new), decimals) - _round(_to_decimal(old), decimals)


def format_point_change(
    old_pct: Number | None,
    new_pct: Number | None,
    decimals: int = 2,
    *,
    up: str = "提高",
    down: str = "下降",
    point: str = "个百分点",
) -> str:
    """The change between two percentages, in percentage points.

    >>> format_point_change(94.7, 95.9), format_point_change(30, Decimal("29.5"))
    ('提高1.2个百分点', '下降0.5个百分点')
    >>> format_point_change(90, 90), format_point_change(None, 90)
    ('持平', '')
    """
    if old_pct is None or new_pct is None:
        return ""
    diff = _difference(old_pct, new_pct, decimals)
    if diff == 0:
        return "持平"
    return f"{up if diff > 0 else down}{_plain(abs(diff))}{point}"


def format_change(
    old: Number | None,
    new: Number | None,
    unit_label: str = "",
    decimals: int = 2,
    *,
    up: str = "增加",
    down: str = "减少",
) -> str:
    """The change between two values of the same unit.

    >>> format_change(12, 15, "人"), format_change(Decimal("8.9"), Decimal("8.5"), "天")
    ('增加3人', '减少0.4天')
    >>> format_change(3, 3, "个")
    '持平'
    """
    if old is None or new is None:
        return ""
    diff = _difference(old, new, decimals)
    if diff == 0:
        return "持平"
    return f"{up if diff > 0 else down}{_plain(abs(diff))}{unit_label}"


def format_date(value: dt.date) -> str:
    """A date in prose: four-digit year, no leading zeros.

    >>> format_date(dt.date(2026, 1, 5))
    '2026年1月5日'
    """
    return f"{value.year}年{value.month}月{value.day}日"


def join_cn(items: Iterable[str], conjunction: str = "和") -> str:
    """Join names the Chinese way: 、 between them and 和 before the last.

    >>> join_cn(["A"]), join_cn(["A", "B"]), join_cn(["A", "B", "C"])
    ('A', 'A和B', 'A、B和C')
    """
    names = [item for item in items if item]
    if len(names) <= 1:
        return "".join(names)
    return "、".join(names[:-1]) + conjunction + names[-1]


def chinese_ordinal(n: int) -> str:
    """The Chinese numeral used in headings (一、 （一）), for 1 to 999.

    >>> chinese_ordinal(1), chinese_ordinal(10), chinese_ordinal(11), chinese_ordinal(23)
    ('一', '十', '十一', '二十三')
    """
    if not 1 <= n <= 999:
        raise ValueError(f"chinese_ordinal supports 1–999, not {n}")
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    parts = []
    if hundreds:
        parts.append(_DIGITS[hundreds] + "百")
        if rest and tens == 0:
            parts.append("零")
    if tens:
        # 十一, not 一十一, when the number starts with its tens; 一百一十 inside a larger number.
        parts.append(("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十")
    if units:
        parts.append(_DIGITS[units])
    return "".join(parts)


_GROUP_DEFINITIONS = {
    "met": definition(Term.INDICATORS_MET),
    Status.SLIGHTLY_BELOW: "完成情况为“略低于预期”的指标项数",
    Status.NOT_MET: "完成情况为“未达标”的指标项数",
    Status.NOT_REPORTED: "设有目标但本年度尚未填报的指标项数",
}


_GROUP_NAMES = {
    "met": Term.INDICATORS_MET.label,
    Status.SLIGHTLY_BELOW: "略低于预期的指标",
    Status.NOT_MET: "未达到预期的指标",
    Status.NOT_REPORTED: "尚未填报的指标",
}


def _names_with_count(names: Sequence[str], group: str = "met") -> str:
    """'A、B等20项指标' when the list is cut, 'A和B共2项指标' when complete, 'A指标' for one."""
    if len(names) == 1:
        return f"{names[0]}指标"
    count = figure(
        f"indicators.{group}",
        f"{len(names)}项",
        _GROUP_DEFINITIONS[group],
        name=_GROUP_NAMES[group],
        records=len(names),
        source=("indicators", {}),
    )
    if len(names) > MAX_NAMES:
        return f"{'、'.join(names[:MAX_NAMES])}等{count}指标"
    return f"{join_cn(names)}共{count}指标"


# ---------------------------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------------------------


def _is_percent(result: IndicatorFacts) -> bool:
    return result.is_percentage or result.unit_label == "%"


# The figures a sentence or the table prints about one indicator.
INDICATOR_FIGURES = {
    "value": "本年数值",
    "previous": "上年数值",
    "change": "较上年变化",
    "target": "目标",
    "gap": "与目标差距",
    "next_target": "下一年度目标",
}


@dataclass(frozen=True)
class IndicatorFacts:
    """One indicator's evaluated figure for a year: the fields the sentences read.

    The document builders turn each `indicators.results.IndicatorResult` into one of these, so
    that a document's facts can be stored and the document rebuilt from them.

    ``category`` is an `indicators.models.Category` code. The target is typed: ``target_operator``
    an `indicators.evaluation.TargetOperator` code ("" when there is none) and ``target_value``
    its figure; ``target_text`` writes it as the plans do. ``direction`` is an
    `indicators.evaluation.Direction` code, ``status`` an `indicators.evaluation.Status` code.
    ``records`` and ``previous_records`` count the values behind the two years' figures.
    """

    name: str
    category: str
    unit_label: str
    value: Decimal | None
    target_operator: str = ""
    target_value: Decimal | None = None
    status: str = Status.NOT_REPORTED
    previous_value: Decimal | None = None
    is_percentage: bool = False
    direction: str = Direction.HIGHER
    decimals: int = 2
    code: str = ""
    records: int | None = None
    previous_records: int | None = None
    # 原因分析 and 下步措施 the bureau recorded for this indicator, region and year
    # (reports.models.IndicatorNote); "" when none, and then the documents say nothing.
    cause: str = ""
    measure: str = ""

    @property
    def target_text(self) -> str:
        """The target as the plans write it: "≥95%", "较上年下降至少2个百分点", "" for none."""
        return target_text(self.target_operator or None, self.target_value, self.unit_label)

    @property
    def has_absolute_target(self) -> bool:
        return self.target_operator in ABSOLUTE_OPERATORS and self.target_value is not None

    @property
    def has_change_target(self) -> bool:
        return self.target_operator in CHANGE_OPERATORS and self.target_value is not None

    @property
    def category_label(self) -> str:
        return Category(self.category).label if self.category in Category.values else ""

    def _key(self, what: str) -> str:
        return f"indicator.{self.code or self.name}.{what}"

    def _name(self, what: str) -> str:
        return f"{self.name}（{INDICATOR_FIGURES[what]}）"

    @property
    def _source(self) -> tuple[str, dict[str, str]]:
        return ("indicator", {"code": self.code})


# Absolute targets, the symbol a sentence prints for them.
ABSOLUTE_OPERATORS = {TargetOperator.GE: "≥", TargetOperator.LE: "≤", TargetOperator.EQ: "="}


def _is_count_unit(unit_label: str) -> bool:
    # Rates and levels keep their figure as it is; only counts read better with 万 (12.35万人次).
    return unit_label in ("人", "人次", "张", "个", "家", "床", "次", "元")


def format_with_unit(value: Number, unit_label: str, decimals: int) -> str:
    """A figure with its unit, counts of 1万 and more in 万: "96.5%", "12.35万人次"."""
    if _is_count_unit(unit_label) and abs(_to_decimal(value)) >= WAN:
        return format_count(value, 2) + unit_label
    if unit_label == "万元" and abs(_to_decimal(value)) >= WAN:
        # 102423万元 is 10.24亿元.
        return format_amount_yuan(_to_decimal(value) * WAN)
    return format_number(value, decimals) + unit_label


def _gap(result: IndicatorFacts, target: Decimal) -> str:
    """The distance to the target in the indicator's own unit, e.g. '7个百分点', '1.7/10万'."""
    assert result.value is not None
    diff = abs(_difference(target, result.value, result.decimals))
    if _is_percent(result):
        return f"{_plain(diff)}个百分点"
    if result.unit_label == "‰":
        return f"{_plain(diff)}个千分点"
    return _plain(diff) + result.unit_label


def _year_on_year(result: IndicatorFacts) -> str:
    """'较上年提高1.5个百分点', '与上年持平' or '' without a previous figure."""
    if result.previous_value is None or result.value is None:
        return ""
    # A rising death rate "上升"s, a rising coverage "提高"s; both fall by "下降".
    up = "上升" if result.direction == Direction.LOWER else "提高"
    old, new, decimals = result.previous_value, result.value, result.decimals
    if _is_percent(result):
        change = format_point_change(old, new, decimals, up=up)
    elif result.unit_label == "‰":
        change = format_point_change(old, new, decimals, up=up, point="个千分点")
    elif result.unit_label.startswith("/"):
        change = format_change(old, new, result.unit_label, decimals, up=up, down="下降")
    elif _is_count_unit(result.unit_label):
        diff = _difference(old, new, decimals)
        verb = "持平" if diff == 0 else ("增加" if diff > 0 else "减少")
        change = (
            verb if diff == 0 else verb + format_with_unit(abs(diff), result.unit_label, decimals)
        )
    else:
        change = format_change(old, new, result.unit_label, decimals)
    change = figure(
        result._key("change"),
        change,
        f"{result.name}：本年度数值与上年度数值之差",
        name=result._name("change"),
        records=(result.records or 0) + (result.previous_records or 0),
        source=result._source,
    )
    return "与上年持平" if change == "持平" else f"较上年{change}"


@sentence
def indicator_sentence(result: IndicatorFacts, region_name: str) -> str:
    """One indicator against its target and last year, without the closing full stop.

    >>> r = IndicatorFacts("孕产妇死亡率", "maternal_child", "/10万", Decimal("8.5"), "<=",
    ...     Decimal("14.5"), Status.EXCEEDED, Decimal("9.7"), direction="lower")
    >>> indicator_sentence(r, "全市")
    '全市孕产妇死亡率为8.5/10万，低于14.5/10万的预期目标，较上年下降1.2/10万'
    """
    subject = f"{region_name}{result.name}"
    if result.value is None or result.status == Status.NOT_REPORTED:
        return f"{subject}尚未填报"

    value_text = indicator_value(result)
    # A change target is judged on the change, which is then always said; otherwise only a
    # change that carries a point (`notable_change`).
    judged_on_change = result.has_change_target and result.direction != Direction.NONE
    yoy = _year_on_year(result) if judged_on_change or notable_change(result) else ""
    if result.has_absolute_target:
        parts = _against_absolute_target(result, value_text)
        if yoy:
            parts.append(yoy)
    elif judged_on_change:
        # A change target is judged on the change, so the change comes before the verdict.
        parts = [f"为{value_text}"]
        if yoy:
            parts.append(yoy)
        parts.append(_against_change_target(result))
    else:
        parts = [f"为{value_text}"]
        if yoy:
            parts.append(yoy)
    return subject + "，".join(parts)


def indicator_value(result: IndicatorFacts) -> str:
    """The year's figure with its unit, noted for the workpaper."""
    assert result.value is not None
    return figure(
        result._key("value"),
        format_with_unit(result.value, result.unit_label, result.decimals),
        f"{result.name}：本年度填报或按分子、分母汇总计算的数值",
        name=result._name("value"),
        records=result.records,
        source=result._source,
    )


def _target_figure(result: IndicatorFacts, text: str) -> str:
    return figure(
        result._key("target"),
        text,
        f"{result.name}：本年度目标（指标目标管理中设定）",
        name=result._name("target"),
        source=result._source,
    )


def _against_absolute_target(result: IndicatorFacts, value_text: str) -> list[str]:
    assert result.value is not None and result.target_value is not None
    target_value = result.target_value
    goal = _target_figure(result, format_number(target_value) + result.unit_label)

    def gap() -> str:
        # Noted only where a sentence prints it: a met target has no gap to speak of.
        return figure(
            result._key("gap"),
            _gap(result, target_value),
            f"{result.name}：本年度数值与目标值之差（按打印的小数位计算）",
            name=result._name("gap"),
            records=result.records,
            source=result._source,
        )

    lower_is_better = result.target_operator == TargetOperator.LE or (
        result.target_operator == TargetOperator.EQ and result.direction == Direction.LOWER
    )
    status = result.status
    if lower_is_better:
        if status in (Status.EXCEEDED, Status.MET):
            on_target = _round(_to_decimal(result.value), result.decimals) == target_value
            if on_target:
                return [f"为{value_text}", f"控制在{goal}的预期目标以内"]
            return [f"为{value_text}", f"低于{goal}的预期目标"]
        if status == Status.SLIGHTLY_BELOW:
            return [f"为{value_text}", f"略高于{goal}的预期目标", f"高出{gap()}"]
        return [f"为{value_text}", f"未控制在{goal}的目标以内", f"高出{gap()}"]
    if status == Status.EXCEEDED:
        return [f"达到{value_text}", f"超额完成{goal}的预期目标"]
    if status == Status.MET:
        return [f"达到{value_text}", f"完成{goal}的预期目标"]
    if status == Status.SLIGHTLY_BELOW:
        return [f"为{value_text}", f"略低于{goal}的预期目标", f"差距{gap()}"]
    return [f"为{value_text}", f"未达到{goal}的目标", f"差距{gap()}"]


def _against_change_target(result: IndicatorFacts) -> str:
    status = result.status
    # The text of a change target starts with 较上年 (TargetOperator's labels).
    phrase = _target_figure(result, result.target_text)
    verdicts: dict[str, str] = {
        Status.EXCEEDED: f"超额完成{phrase}的预期目标",
        Status.MET: f"完成{phrase}的预期目标",
        Status.SLIGHTLY_BELOW: f"略低于{phrase}的预期目标",
    }
    return verdicts.get(status, f"未完成{phrase}的预期目标")


def _category_key(category: str) -> int:
    # Codes outside the catalogue's seven (none today) go last rather than failing the document.
    return CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else len(CATEGORY_ORDER)


@sentence
def indicator_overview(results: Sequence[IndicatorFacts], region_name: str) -> str:
    """The opening sentences on the year's indicators: their scope, an appraisal, the groups.

    >>> rs = [
    ...     IndicatorFacts("孕产妇死亡率", "maternal_child", "/10万", Decimal(8), "<=",
    ...         Decimal("14.5"), Status.MET),
    ...     IndicatorFacts("基层就诊率", "medical_service", "%", Decimal("63"), ">=",
    ...         Decimal(65), Status.SLIGHTLY_BELOW),
    ... ]
    >>> indicator_overview(rs, "全市")
    '全市年度业务指标涉及妇幼健康和医疗服务2类2项。总体看，多数指标达到预期，部分指标仍有差距。其中，孕产妇死亡率指标符合预期或提前完成；基层就诊率指标略低于预期。'
    """
    if not results:
        return ""
    # Figures without a target (counts, or a change target with no base year) are not judged.
    results = [r for r in results if r.status in OVERVIEW_STATUSES]
    if not results:
        return ""
    # sorted() is stable, so within a category the caller's order (the catalogue's) is kept.
    ordered = sorted(results, key=lambda r: _category_key(r.category))
    categories = list(dict.fromkeys(r.category_label for r in ordered))
    count = figure(
        "indicators.overview",
        f"{len(results)}项",
        "本年度设有目标的指标项数（含尚未填报的）",
        name="设有目标的指标",
        records=len(results),
        source=("indicators", {}),
    )
    if len(categories) > 3:
        scope = f"{'、'.join(categories[:3])}等{len(categories)}类{count}"
    else:
        scope = f"{join_cn(categories)}{len(categories)}类{count}"
    opening = f"{region_name}年度业务指标涉及{scope}。"

    groups: dict[str, list[str]] = {
        "met": [],
        Status.SLIGHTLY_BELOW: [],
        Status.NOT_MET: [],
        Status.NOT_REPORTED: [],
    }
    for result in ordered:
        if result.value is None or result.status == Status.NOT_REPORTED:
            groups[Status.NOT_REPORTED].append(result.name)
        elif result.status in (Status.EXCEEDED, Status.MET):
            groups["met"].append(result.name)
        elif result.status == Status.SLIGHTLY_BELOW:
            groups[Status.SLIGHTLY_BELOW].append(result.name)
        elif result.status == Status.NOT_MET:
            groups[Status.NOT_MET].append(result.name)

    evaluated = len(results) - len(groups[Status.NOT_REPORTED])
    if evaluated == 0:
        return opening + "各项指标数据尚未填报，暂无法评价完成情况。"
    share = Decimal(len(groups["met"])) / evaluated
    if share == 1:
        appraisal = "各项已填报指标均达到或超过预期目标"
    elif share >= Decimal("0.9"):
        appraisal = "绝大多数指标达到或超过预期，完成情况良好"
    elif share >= Decimal("0.7"):
        appraisal = "大部分指标完成情况较好"
    elif share >= Decimal("0.5"):
        appraisal = "多数指标达到预期，部分指标仍有差距"
    else:
        appraisal = "指标完成情况不够理想，未达预期的指标较多"

    clauses = []
    if groups["met"]:
        clauses.append(_names_with_count(groups["met"]) + "符合预期或提前完成")
    if groups[Status.SLIGHTLY_BELOW]:
        clauses.append(
            _names_with_count(groups[Status.SLIGHTLY_BELOW], Status.SLIGHTLY_BELOW) + "略低于预期"
        )
    if groups[Status.NOT_MET]:
        clauses.append(_names_with_count(groups[Status.NOT_MET], Status.NOT_MET) + "未达到预期目标")
    if groups[Status.NOT_REPORTED]:
        names = _names_with_count(groups[Status.NOT_REPORTED], Status.NOT_REPORTED)
        clauses.append(f"另有{names}尚未填报")
    if share == 1 and len(clauses) == 1:
        # "All met" already said it; naming the whole list again would only repeat the appraisal.
        return f"{opening}总体看，{appraisal}。"
    return f"{opening}总体看，{appraisal}。其中，{'；'.join(clauses)}。"


@sentence
def next_year_target_sentence(result: IndicatorFacts) -> str:
    """Next year's target as a plan states it, without the closing punctuation; "" for none.

    >>> mmr = IndicatorFacts("孕产妇死亡率", "maternal_child", "/10万", None, "<=", Decimal("14.5"))
    >>> next_year_target_sentence(mmr)
    '力争孕产妇死亡率控制在14.5/10万以内'
    >>> share = IndicatorFacts("药占比", "medical_service", "%", None, "decrease_by", Decimal(2))
    >>> next_year_target_sentence(share)
    '力争药占比较上年下降至少2个百分点'
    """
    if not (result.has_absolute_target or result.has_change_target):
        return ""

    def noted(printed: str) -> str:
        return figure(
            result._key("next_target"),
            printed,
            f"{result.name}：下一年度目标（指标目标管理中设定）",
            name=result._name("next_target"),
            source=result._source if result.code else None,
        )

    if result.has_change_target:
        return f"力争{result.name}{noted(result.target_text)}"
    assert result.target_value is not None
    goal = noted(format_number(result.target_value) + result.unit_label)
    phrases: dict[str, str] = {
        TargetOperator.LE: f"控制在{goal}以内",
        TargetOperator.GE: f"达到{goal}以上",
        TargetOperator.EQ: f"保持在{goal}",
    }
    return f"力争{result.name}{phrases[result.target_operator]}"


# ---------------------------------------------------------------------------------------------
# Indicators told the way a writer groups them
# ---------------------------------------------------------------------------------------------

# A change from last year is worth saying when it moves the figure by at least this share of last
# year's figure (1%), or when it carries the figure across its target. Below that it is noise:
# 较上年减少0.01人 on 4.43人 says nothing a reader can use.
NOTABLE_SHARE = Decimal("0.01")


def _met_absolute(result: IndicatorFacts, value: Decimal) -> bool | None:
    """Whether `value` meets the indicator's absolute target; None without one."""
    if not result.has_absolute_target:
        return None
    assert result.target_value is not None
    target = result.target_value
    if result.target_operator == TargetOperator.GE:
        return value >= target
    if result.target_operator == TargetOperator.LE:
        return value <= target
    return value == target


def notable_change(result: IndicatorFacts) -> bool:
    """Whether the change from last year carries a point (see `NOTABLE_SHARE`).

    >>> r = IndicatorFacts("每千人口注册护士数", "system", "人", Decimal("4.42"), ">=",
    ...     Decimal("3.4"), Status.EXCEEDED, Decimal("4.43"))
    >>> notable_change(r)
    False
    """
    if result.value is None or result.previous_value is None:
        return False
    diff = _difference(result.previous_value, result.value, result.decimals)
    if diff == 0:
        return False
    before = _met_absolute(result, result.previous_value)
    now = _met_absolute(result, result.value)
    if before is not None and now is not None and before != now:
        return True
    previous = _to_decimal(result.previous_value)
    if previous == 0:
        return True
    return abs(diff) / abs(previous) >= NOTABLE_SHARE


def moved_wrong_way(result: IndicatorFacts) -> bool:
    """A notable change in the bad direction: a death rate up, a coverage down."""
    if not notable_change(result) or result.direction == Direction.NONE:
        return False
    assert result.value is not None and result.previous_value is not None
    diff = _difference(result.previous_value, result.value, result.decimals)
    return diff < 0 if result.direction == Direction.HIGHER else diff > 0


def is_achievement(result: IndicatorFacts) -> bool:
    """A figure a document may praise: on target and not moving the wrong way."""
    return result.status in MET and not moved_wrong_way(result)


_COUNT_WORDS = "零一两三四五六七八九十"


def count_word(n: int) -> str:
    """'两项', '三项'… as prose counts a few items; digits from 11."""
    return f"{_COUNT_WORDS[n]}项" if 0 < n <= 10 else f"{n}项"


def _lower_is_better(result: IndicatorFacts) -> bool:
    return result.target_operator == TargetOperator.LE or (
        result.target_operator == TargetOperator.EQ and result.direction == Direction.LOWER
    )


@sentence
def met_group_sentence(results: Sequence[IndicatorFacts], region_name: str) -> str:
    """Indicators that met their targets, in one sentence with their figures; no full stop.

    >>> rs = [IndicatorFacts("每千人口床位数", "system", "张", Decimal("7.64"), ">=",
    ...     Decimal("7.2"), Status.EXCEEDED), IndicatorFacts("每千人口医师数", "system", "人",
    ...     Decimal("3.11"), ">=", Decimal("2.6"), Status.EXCEEDED)]
    >>> met_group_sentence(rs, "全市")
    '全市每千人口床位数7.64张、每千人口医师数3.11人，两项均超过预期目标'
    """
    if not results:
        return ""
    if len(results) == 1:
        return indicator_sentence(results[0], region_name)
    items = "、".join(f"{r.name}{indicator_value(r)}" for r in results)
    lower = [_lower_is_better(r) for r in results]
    if all(lower):
        verdict = pick(
            "met.lower", ("均控制在预期目标以内", "均低于年度控制目标", "均好于预期目标")
        )
    elif not any(lower):
        verdict = pick("met.higher", ("均超过预期目标", "均高于年度目标", "均完成年度目标任务"))
    else:
        verdict = pick("met.mixed", ("均达到或好于预期目标", "均完成年度目标任务", "全部达标"))
    text = f"{region_name}{items}，{count_word(len(results))}{verdict}"
    moved = [r for r in results if notable_change(r)]
    if moved:
        changes = "，".join(f"{r.name}{_year_on_year(r)}" for r in moved[:2])
        text += f"；其中{changes}"
    return text


def _shortfall_gap(result: IndicatorFacts) -> str:
    assert result.value is not None and result.target_value is not None
    return figure(
        result._key("gap"),
        _gap(result, result.target_value),
        f"{result.name}：本年度数值与目标值之差（按打印的小数位计算）",
        name=result._name("gap"),
        records=result.records,
        source=result._source,
    )


@sentence
def shortfall_sentence(result: IndicatorFacts, region_name: str) -> str:
    """One indicator short of its target, worded as a shortfall, without the full stop.

    >>> r = IndicatorFacts("基层就诊率", "medical_service", "%", Decimal("44.14"), ">=",
    ...     Decimal("55"), Status.NOT_MET, Decimal("43.97"), is_percentage=True)
    >>> shortfall_sentence(r, "全市")
    '全市基层就诊率为44.14%，距55%的年度目标还差10.86个百分点'
    """
    if not result.has_absolute_target or result.value is None:
        return indicator_sentence(result, region_name)
    subject = f"{region_name}{result.name}"
    value = indicator_value(result)
    assert result.target_value is not None
    goal = _target_figure(result, format_number(result.target_value) + result.unit_label)
    gap = _shortfall_gap(result)
    slight = result.status == Status.SLIGHTLY_BELOW
    options: tuple[str, ...]
    if _lower_is_better(result):
        options = (
            f"{subject}为{value}，高于{goal}的控制目标{gap}",
            f"{subject}为{value}，未能控制在{goal}以内，高出{gap}",
            f"{subject}为{value}，超出{goal}的控制目标{gap}",
        )
        if slight:
            options = (
                f"{subject}为{value}，略高于{goal}的控制目标",
                f"{subject}为{value}，比{goal}的控制目标高{gap}",
            )
        text = pick("short.lower", options)
    else:
        options = (
            f"{subject}为{value}，距{goal}的年度目标还差{gap}",
            f"{subject}为{value}，未达到{goal}的目标，差距{gap}",
            f"{subject}仅为{value}，比{goal}的年度目标低{gap}",
        )
        if slight:
            options = (
                f"{subject}为{value}，略低于{goal}的预期目标",
                f"{subject}为{value}，离{goal}的目标仅差{gap}",
            )
        text = pick("short.higher", options)
    if notable_change(result):
        change = _year_on_year(result)
        if moved_wrong_way(result):
            text += f"，且{change}"
        else:
            text += pick("short.better", (f"，虽{change}，但仍未达标", f"；{change}，差距有所缩小"))
    return text


@sentence
def rebound_sentence(result: IndicatorFacts, region_name: str) -> str:
    """A figure on target that moved the wrong way, worded as a problem; no full stop.

    >>> r = IndicatorFacts("孕产妇死亡率", "maternal_child", "/10万", Decimal("12.25"), "<=",
    ...     Decimal("14.5"), Status.EXCEEDED, Decimal("11.74"), direction="lower")
    >>> rebound_sentence(r, "全市")
    '全市孕产妇死亡率为12.25/10万，虽控制在14.5/10万的目标以内，但较上年上升0.51/10万，有所反弹'
    """
    assert result.value is not None
    subject = f"{region_name}{result.name}"
    value = indicator_value(result)
    change = _year_on_year(result)
    if result.has_absolute_target:
        assert result.target_value is not None
        goal = _target_figure(result, format_number(result.target_value) + result.unit_label)
        held = f"控制在{goal}的目标以内" if _lower_is_better(result) else f"达到{goal}的目标"
        return f"{subject}为{value}，虽{held}，但{change}，{_wrong_way_word(result)}"
    return f"{subject}为{value}，{change}，{_wrong_way_word(result)}"


def _wrong_way_word(result: IndicatorFacts) -> str:
    return "有所反弹" if result.direction == Direction.LOWER else "有所回落"


@sentence
def untargeted_sentence(result: IndicatorFacts, region_name: str) -> str:
    """A figure without a target (a count): its value and a change worth saying; no full stop."""
    if result.value is None:
        return f"{region_name}{result.name}尚未填报"
    verb = pick("count.verb", ("为", "达到")) if result.direction != Direction.LOWER else "为"
    text = f"{region_name}{result.name}{verb}{indicator_value(result)}"
    if notable_change(result):
        text += f"，{_year_on_year(result)}"
    return text


def achievement_sentences(results: Sequence[IndicatorFacts], region_name: str) -> list[str]:
    """What a section may say in praise: the met targets grouped, then counts without a target.

    Figures short of target or moving the wrong way are left to the shortcomings.
    """
    met = [r for r in results if r.status in JUDGED and is_achievement(r)]
    counts = [
        r for r in results if r.status not in JUDGED and r.value is not None and not r.target_text
    ]
    sentences = [met_group_sentence(met, region_name)] if met else []
    sentences.extend(untargeted_sentence(r, region_name) for r in _counts_worth_saying(counts))
    return sentences


# At most this many counts without a target (实有床位数, 总诊疗人次) after a section's targets.
MAX_COUNTS = 2


def _counts_worth_saying(results: Sequence[IndicatorFacts]) -> list[IndicatorFacts]:
    """Counts a writer would cite as progress: grown notably, not money, not deaths.

    The inputs behind the rates (活产数, 孕产妇死亡数, 药品收入) are not achievements in
    themselves; a count that fell, or did not move, says nothing worth a sentence.
    """
    worth = []
    for r in results:
        if "元" in r.unit_label or "死亡" in r.name or not notable_change(r):
            continue
        assert r.value is not None and r.previous_value is not None
        if _difference(r.previous_value, r.value, r.decimals) > 0:
            worth.append(r)
    return worth[:MAX_COUNTS]


def _shortfall_weight(result: IndicatorFacts) -> Decimal:
    """How far from target, relative to the target: the worst first in lists and priorities."""
    if result.value is None or result.target_value is None or not result.target_value:
        return Decimal(0)
    return abs(_to_decimal(result.value) - result.target_value) / abs(result.target_value)


def worst_first(results: Iterable[IndicatorFacts]) -> list[IndicatorFacts]:
    """Shortfalls ordered as a writer weighs them: 未达标 before 略低于预期, then by distance."""
    short = [r for r in results if r.status in SHORT_OF_TARGET]
    return sorted(short, key=lambda r: (r.status != Status.NOT_MET, -_shortfall_weight(r)))


@sentence
def targets_sentence(results: Sequence[IndicatorFacts]) -> str:
    """Next year's targets in at most three clauses, one per kind of target; no full stop.

    >>> rs = [IndicatorFacts("孕产妇死亡率", "maternal_child", "/10万", None, "<=",
    ...     Decimal("14.5")),
    ...     IndicatorFacts("婴儿死亡率", "maternal_child", "‰", None, "<=", Decimal("5.2")),
    ...     IndicatorFacts("基层就诊率", "medical_service", "%", None, ">=", Decimal(55))]
    >>> targets_sentence(rs)
    '力争孕产妇死亡率、婴儿死亡率分别控制在14.5/10万、5.2‰以内，基层就诊率达到55%以上'
    """
    groups: dict[str, list[IndicatorFacts]] = {}
    changes: list[IndicatorFacts] = []
    for r in results:
        if r.has_change_target:
            changes.append(r)
        elif r.has_absolute_target:
            groups.setdefault(r.target_operator, []).append(r)
    endings = {
        TargetOperator.LE: ("控制在", "以内"),
        TargetOperator.GE: ("达到", "以上"),
        TargetOperator.EQ: ("保持在", ""),
    }
    clauses = []
    for operator in (TargetOperator.LE, TargetOperator.GE, TargetOperator.EQ):
        group = groups.get(operator, [])
        if not group:
            continue
        verb, ending = endings[operator]
        goals = [_next_goal(r) for r in group]
        names = "、".join(r.name for r in group)
        each = "分别" if len(group) > 1 else ""
        clauses.append(f"{names}{each}{verb}{'、'.join(goals)}{ending}")
    for r in changes:
        clauses.append(f"{r.name}{_next_goal(r)}")
    return "力争" + "，".join(clauses) if clauses else ""


def _next_goal(result: IndicatorFacts) -> str:
    if result.has_change_target:
        printed = result.target_text
    else:
        assert result.target_value is not None
        printed = format_number(result.target_value) + result.unit_label
    return figure(
        result._key("next_target"),
        printed,
        f"{result.name}：下一年度目标（指标目标管理中设定）",
        name=result._name("next_target"),
        source=result._source if result.code else None,
    )


# ---------------------------------------------------------------------------------------------
# Rectification and sanctions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RectificationFacts:
    """The year's inspection and rectification figures for a region: the fields the sentences read.

    `rectification.metrics.RectificationFigures` carries the same fields and is passed directly.

    ``completion_rate`` and ``on_time_rate`` are in per cent (82.35 means 82.35%); None when the
    rate has no denominator.
    """

    inspections: int
    problems: int
    closed: int
    cancelled: int = 0
    open: int = 0
    overdue: int = 0
    completion_rate: Decimal | None = None
    on_time_rate: Decimal | None = None
    avg_days_to_close: Decimal | None = None
    open_long_term: int = 0
    open_extended: int = 0


def problem_figure(term: str, printed: str, records: int, **query: str) -> str:
    """A rectification figure, noted with its definition and the problems it counts."""
    return figure(
        f"rect.{term}",
        printed,
        definition(term),
        records=records,
        source=("problems", query),
        name=Term(term).label,
    )


@sentence
def rectification_sentence(
    stats: RectificationFacts | RectificationFigures, region_name: str, as_of: dt.date
) -> str:
    """The rectification paragraph's data sentence, with its full stop.

    >>> s = RectificationFacts(12, 85, 70, overdue=3, completion_rate=Decimal("82.35"),
    ...     on_time_rate=Decimal("90"))
    >>> rectification_sentence(s, "全市", dt.date(2026, 1, 15))
    '截至2026年1月15日，全市全年开展督查检查12次，发现问题85个，已整改销号70个，整改完成率82.35%，按期销号率90%，逾期未整改3个。'
    """
    opening = f"截至{format_date(as_of)}，{region_name}全年"
    inspections = figure(
        f"rect.{Term.INSPECTIONS}",
        f"{stats.inspections}次",
        definition(Term.INSPECTIONS),
        records=stats.inspections,
        source=("inspections", {}),
        name=Term.INSPECTIONS.label,
    )
    if stats.problems == 0:
        # A rate over zero problems is meaningless: say plainly that nothing was found.
        if stats.inspections == 0:
            return f"{opening}未开展督查检查，未登记需要整改的问题。"
        return f"{opening}开展督查检查{inspections}，未发现需要整改的问题。"

    parts = []
    if stats.inspections:
        parts.append(f"开展督查检查{inspections}")
    parts.append(f"发现问题{problem_figure(Term.FOUND, f'{stats.problems}个', stats.problems)}")
    closed = problem_figure(Term.CLOSED, f"{stats.closed}个", stats.closed, status="closed")
    parts.append(f"已整改销号{closed}")
    if stats.open:
        parts.append(f"正在整改{problem_figure(Term.OPEN, f'{stats.open}个', stats.open)}")
    if stats.cancelled:
        cancelled = problem_figure(
            Term.CANCELLED, f"{stats.cancelled}个", stats.cancelled, status="cancelled"
        )
        parts.append(f"经核实撤销{cancelled}")
    if stats.completion_rate is not None:
        rate = format_percent(stats.completion_rate)
        counted = stats.problems - stats.cancelled
        parts.append(f"整改完成率{problem_figure(Term.COMPLETION_RATE, rate, counted)}")
    if stats.on_time_rate is not None and stats.closed:
        rate = format_percent(stats.on_time_rate)
        on_time = problem_figure(Term.ON_TIME_RATE, rate, stats.closed, status="closed")
        parts.append(f"按期销号率{on_time}")
    if stats.avg_days_to_close is not None and stats.closed:
        days = f"{format_number(stats.avg_days_to_close, 1)}天"
        parts.append(
            f"平均整改用时{problem_figure(Term.AVG_DAYS, days, stats.closed, status='closed')}"
        )
    parts.append(overdue_clause(stats.overdue))
    return opening + "，".join(parts) + "。"


def overdue_clause(overdue: int) -> str:
    """'逾期未整改3个' or '无逾期未整改问题', noted either way."""
    if not overdue:
        return f"{problem_figure(Term.OVERDUE, '无', 0, overdue='true')}逾期未整改问题"
    return f"逾期未整改{problem_figure(Term.OVERDUE, f'{overdue}个', overdue, overdue='true')}"


@sentence
def overdue_sentence(overdue: int, as_of: dt.date) -> str:
    """The shortcoming sentence on overdue problems, with its full stop."""
    count = problem_figure(Term.OVERDUE, f"{overdue}个", overdue, overdue="true")
    return f"截至{format_date(as_of)}，仍有{count}问题逾期未完成整改。"


@sentence
def open_problems_sentence(stats: RectificationFacts | RectificationFigures, as_of: dt.date) -> str:
    """How every open problem stands: long-term, extended, overdue; with its full stop.

    The counts are `rectification.metrics`' (正在整改, 列入长期整改, 已延期, 逾期未整改).

    >>> s = RectificationFacts(12, 81, 62, open=19, overdue=4)
    >>> open_problems_sentence(s, dt.date(2026, 1, 15))
    '截至2026年1月15日，尚未销号的问题还有19个，仍有4个问题逾期未完成整改，其余15个正在整改。'
    """
    if not stats.open:
        return ""
    long_term, extended = stats.open_long_term, stats.open_extended
    total = problem_figure(Term.OPEN, f"{stats.open}个", stats.open)
    parts = [f"截至{format_date(as_of)}，尚未销号的问题还有{total}"]
    if long_term:
        printed = problem_figure(Term.OPEN_LONG_TERM, f"{long_term}个", long_term)
        parts.append(f"其中列入长期整改、分阶段推进的{printed}")
    if extended:
        printed = problem_figure(Term.OPEN_EXTENDED, f"{extended}个", extended)
        parts.append(f"{'' if long_term else '其中'}经批准延期的{printed}")
    if stats.overdue:
        count = problem_figure(Term.OVERDUE, f"{stats.overdue}个", stats.overdue, overdue="true")
        parts.append(f"仍有{count}问题逾期未完成整改")
    if not stats.overdue:
        parts.append("均在整改时限内")
    elif not (long_term or extended) and stats.open > stats.overdue:
        # Long-term and extended problems may be overdue too: the rest is said only without them.
        parts.append(f"其余{stats.open - stats.overdue}个正在整改")
    return "，".join(parts) + "。"


# The kinds in the order of their weight: administrative penalties first, then the other ways
# of dealing with a case. The administrative penalties are the kinds before 通报批评.
SANCTION_ORDER: tuple[str, ...] = (
    SanctionKind.WARNING,
    SanctionKind.FINE,
    SanctionKind.CONFISCATION,
    SanctionKind.CASE,
    SanctionKind.SUSPENSION,
    SanctionKind.CLOSURE,
    SanctionKind.REVOCATION,
    SanctionKind.CRITICISM,
    SanctionKind.TALK,
    SanctionKind.EXPOSURE,
    SanctionKind.REFERRAL,
)
ADMINISTRATIVE_PENALTIES = frozenset(SANCTION_ORDER[: SANCTION_ORDER.index(SanctionKind.CRITICISM)])
# How a sentence names a kind whose label lists alternatives with a slash.
_SANCTION_PROSE: dict[str, str] = {
    SanctionKind.SUSPENSION: "暂停执业或取消处方权",
    SanctionKind.CLOSURE: "责令停业整顿或责令关闭",
    SanctionKind.REFERRAL: "移交纪委或司法机关",
}


def _sanction_label(kind: str) -> str:
    return _SANCTION_PROSE.get(kind) or SanctionKind(kind).label


@sentence
def sanctions_sentence(lines: Sequence[SanctionLine], units: int) -> str:
    """The sanctions sentence, with its full stop; "" when nothing was sanctioned.

    Entries are counted in 起 and units in 家: a hospital fined twice is 2起 and 1家. ``units``
    is the number of distinct units over all kinds.

    >>> sanctions_sentence([SanctionLine("fine", 4, 3, Decimal(32000)),
    ...     SanctionLine("warning", 5, 5)], 7)
    '依法实施行政处罚9起，涉及7家单位，其中警告5家、罚款3家（罚款金额共计3.2万元）。'
    """
    lines = [line for line in lines if line.entries]
    if not lines:
        return ""
    order = {kind: index for index, kind in enumerate(SANCTION_ORDER)}
    lines = sorted(lines, key=lambda line: order.get(line.kind, len(order)))
    entries = sum(line.entries for line in lines)
    fine = sum((line.amount for line in lines if line.kind == SanctionKind.FINE), Decimal(0))
    fines = sum(line.entries for line in lines if line.kind == SanctionKind.FINE)
    source: tuple[str, dict[str, str]] = ("sanctions", {})
    fine_text = ""
    if fine > 0:
        amount = figure(
            f"sanctions.{Term.FINE_TOTAL}",
            format_amount_yuan(fine),
            definition(Term.FINE_TOTAL),
            name=Term.FINE_TOTAL.label,
            records=fines,
            source=("sanctions", {"kind": SanctionKind.FINE}),
        )
        fine_text = f"罚款金额共计{amount}"
    # Only 警告, 罚款 and the like are administrative penalties; 约谈 or 通报批评 are not.
    penalties = all(line.kind in ADMINISTRATIVE_PENALTIES for line in lines)
    verb = "依法实施行政处罚" if penalties else "依法查处违法违规行为"
    total = figure(
        f"sanctions.{Term.SANCTION_ENTRIES}",
        f"{entries}起",
        definition(Term.SANCTION_ENTRIES),
        name=Term.SANCTION_ENTRIES.label,
        records=entries,
        source=source,
    )
    units_text = figure(
        f"sanctions.{Term.SANCTIONED_UNITS}",
        f"{units}家",
        definition(Term.SANCTIONED_UNITS),
        name=Term.SANCTIONED_UNITS.label,
        records=entries,
        source=source,
    )
    opening = f"{verb}{total}，涉及{units_text}单位"
    if len(lines) == 1:
        tail = f"，{fine_text}" if fine_text else ""
        return f"{opening}，均为{_sanction_label(lines[0].kind)}{tail}。"

    items = []
    for line in lines:
        count = figure(
            f"sanctions.{line.kind}",
            f"{line.units}家",
            f"处理方式为“{SanctionKind(line.kind).label}”的未作废处理处罚涉及的单位数",
            records=line.entries,
            source=("sanctions", {"kind": line.kind}),
            name=f"{SanctionKind(line.kind).label}（家）",
        )
        item = f"{_sanction_label(line.kind)}{count}"
        if line.kind == SanctionKind.FINE and fine_text:
            item += f"（{fine_text}）"
        items.append(item)
    return f"{opening}，其中{'、'.join(items)}。"


@sentence
def overdue_by_unit_sentence(counts: Iterable[tuple[str, int]]) -> str:
    """Where the overdue problems are, the units with most first; "" when there are none.

    >>> overdue_by_unit_sentence([("B医院", 2), ("A卫生院", 3)])
    '逾期未整改问题分布在A卫生院（3个）和B医院（2个）。'
    """
    units = sorted(((name, n) for name, n in counts if n > 0), key=lambda item: -item[1])
    if not units:
        return ""

    def count(name: str, n: int) -> str:
        meaning = f"{name}：{definition(Term.OVERDUE)}"
        key, label = f"rect.overdue.{name}", f"{name}{Term.OVERDUE.label}"
        return figure(key, f"{n}个", meaning, records=n, name=label)

    if len(units) == 1:
        name, n = units[0]
        return f"{count(name, n)}逾期未整改问题均在{name}。"
    items = [f"{name}（{count(name, n)}）" for name, n in units[:MAX_NAMES]]
    if len(units) > MAX_NAMES:
        return f"逾期未整改问题主要集中在{'、'.join(items)}等单位。"
    return f"逾期未整改问题分布在{join_cn(items)}。"


# ---------------------------------------------------------------------------------------------
# What the bureau recorded: causes, measures, the inspections behind the sanctions
# ---------------------------------------------------------------------------------------------

# A cause the writer began with one of these reads on as it is; otherwise "主要是" leads it in.
_CAUSE_LEADS = ("主要", "原因", "由于", "因", "受", "一是")
# A measure is printed without the "will" a writer may have put in front of it: the summary
# says it as a plan, the speech puts its own 要 before it.
_MEASURE_LEADS = ("下一步，", "下一步将", "下一步", "我们将", "将", "要")


def _bare(text: str) -> str:
    return text.strip().rstrip("。；，;,.")


def cause_sentence(result: IndicatorFacts) -> str:
    """The recorded 原因分析 as the sentence after the shortfall's, without its full stop;
    "" when none is recorded.

    >>> r = IndicatorFacts("基层就诊率", "medical_service", "%", Decimal("44.14"),
    ...     cause="基层全科医生不足，群众首诊意愿不强。")
    >>> cause_sentence(r)
    '主要原因是基层全科医生不足，群众首诊意愿不强'
    """
    cause = _bare(result.cause)
    if not cause:
        return ""
    if cause.startswith(_CAUSE_LEADS):
        return cause
    return pick("cause.lead", ("主要原因是", "究其原因，主要是")) + cause


def measure_text(measure: str) -> str:
    """A recorded 下步措施 without its lead-in and full stop.

    >>> measure_text("下一步将加快全科医生培养，推进双向转诊。")
    '加快全科医生培养，推进双向转诊'
    """
    text = _bare(measure)
    for lead in _MEASURE_LEADS:
        if text.startswith(lead):
            return text.removeprefix(lead).lstrip("，")
    return text


def measure_sentence(result: IndicatorFacts, *, short: bool, rebound: bool = False) -> str:
    """The recorded measure as a sentence of the plans; "" when none is recorded.

    >>> r = IndicatorFacts("基层就诊率", "medical_service", "%", Decimal("44.14"),
    ...     measure="加快全科医生培养")
    >>> measure_sentence(r, short=True)
    '针对基层就诊率未达目标的问题，加快全科医生培养。'
    """
    measure = measure_text(result.measure)
    if not measure:
        return ""
    if short:
        better = "降低" if result.direction == Direction.LOWER else "提升"
        options = (
            f"针对{result.name}未达目标的问题，{measure}。",
            f"围绕{better}{result.name}，{measure}。",
        )
        return pick("measure.short", options)
    if rebound:
        return f"针对{result.name}{_wrong_way_word(result)}的问题，{measure}。"
    return f"{result.name}方面，{measure}。"


# How many inspections or campaigns the sanctions sentence names; the rest are counted together.
MAX_SOURCES = 3


@sentence
def sanctions_behind_sentence(behind: Sequence[tuple[str, int]], total: int) -> str:
    """Which inspections or campaigns the sanctions came from, with counts; "" when none of
    them follows from an inspection's problem. ``behind`` is
    `rectification.metrics.sanctions_by_inspection`, ``total`` all the sanctions.

    >>> sanctions_behind_sentence([("打击非法行医专项行动", 5), ("春季院感暗访", 2)], 9)
    '从问题来源看，打击非法行医专项行动中查处5起，春季院感暗访中查处2起。'
    >>> sanctions_behind_sentence([("打击非法行医专项行动", 3)], 3)
    '这3起均是在打击非法行医专项行动中查处的。'
    >>> sanctions_behind_sentence([("甲行动", 1), ("乙行动", 1), ("丙检查", 1), ("丁检查", 2)], 5)
    '从问题来源看，甲行动、乙行动和丙检查各查处1起，其他1项检查中查处2起。'
    """
    behind = [(name, n) for name, n in behind if n > 0]
    if not behind:
        return ""

    def count(name: str, n: int) -> str:
        return figure(
            f"sanctions.inspection.{name}",
            f"{n}起",
            f"所属专项行动（未填写的为检查名称）为“{name}”的检查发现的问题所引出的"
            "未作废处理处罚条数",
            records=n,
            source=("sanctions", {}),
            name=f"{name}查处（起）",
        )

    if len(behind) == 1 and behind[0][1] == total:
        name, n = behind[0]
        return f"这{count(name, n)}均是在{name}中查处的。"
    named, rest = behind[:MAX_SOURCES], behind[MAX_SOURCES:]
    if len({n for _, n in named}) == 1 and len(named) > 1:
        # 各查处1起: one figure printed, each source's count noted under its own key.
        printed = [count(name, n) for name, n in named][0]
        text = f"{join_cn([name for name, _ in named])}各查处{printed}"
    else:
        text = "，".join(f"{name}中查处{count(name, n)}" for name, n in named)
    if rest:
        others = sum(n for _, n in rest)
        inspections = figure(
            "sanctions.inspection.others",
            f"{len(rest)}项",
            "上列之外、引出处理处罚的检查或专项行动项数",
            records=others,
            name="其他检查（项）",
        )
        found = figure(
            "sanctions.inspection.others.entries",
            f"{others}起",
            "上列之外的检查或专项行动发现的问题所引出的未作废处理处罚条数",
            records=others,
            source=("sanctions", {}),
            name="其他检查查处（起）",
        )
        text += f"，其他{inspections}检查中查处{found}"
    return f"从问题来源看，{text}。"


__all__ = [
    "CATEGORY_ORDER",
    "IndicatorFacts",
    "RectificationFacts",
    "SanctionLine",
    "chinese_ordinal",
    "format_amount_yuan",
    "format_change",
    "format_count",
    "format_date",
    "format_number",
    "format_percent",
    "format_point_change",
    "indicator_overview",
    "indicator_sentence",
    "join_cn",
    "next_year_target_sentence",
    "overdue_by_unit_sentence",
    "rectification_sentence",
    "sanctions_sentence",
]
