import datetime as dt
import doctest
from decimal import Decimal

import pytest

from indicators.evaluation import Status
from rectification.metrics import SanctionLine
from reports import outline, phrases
from reports.phrases import (
    IndicatorFacts,
    RectificationFacts,
    chinese_ordinal,
    format_amount_yuan,
    format_change,
    format_count,
    format_date,
    format_number,
    format_percent,
    format_point_change,
    indicator_overview,
    indicator_sentence,
    join_cn,
    next_year_target_sentence,
    overdue_by_unit_sentence,
    rectification_sentence,
    sanctions_sentence,
)


@pytest.mark.parametrize("module", [phrases, outline])
def test_docstring_examples_hold(module):
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0


# --- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("12.50"), None, "12.5"),
        (Decimal("3.0"), None, "3"),
        (3.0, None, "3"),
        (8650, None, "8650"),
        (123456, None, "123456"),
        (0.1 + 0.2, 2, "0.3"),
        (Decimal("82.345"), 2, "82.35"),  # half up, not half even
        (Decimal("2.5"), 0, "3"),
        (Decimal("-0.004"), 2, "0"),  # no negative zero
        (Decimal("-3.50"), None, "-3.5"),
        (Decimal("1E+2"), None, "100"),
        (0, None, "0"),
        (None, None, "—"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3500, "3500元"),
        (Decimal("3500.50"), "3500.5元"),
        (9999, "9999元"),
        (10000, "1万元"),
        (15000, "1.5万元"),
        (32000, "3.2万元"),
        (123456, "12.35万元"),
        (Decimal("9999.996"), "1万元"),  # rounds up into the next unit
        (99_999_999, "1亿元"),
        (100_000_000, "1亿元"),
        (1_230_000_000, "12.3亿元"),
        (-15000, "-1.5万元"),
        (0, "0元"),
        (None, "—"),
    ],
)
def test_format_amount_yuan(value, expected):
    assert format_amount_yuan(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (8650, "8650"),
        (9999, "9999"),
        (10000, "1万"),
        (12000, "1.2万"),
        (123456, "12.35万"),
        (150_000_000, "1.5亿"),
        (None, "—"),
    ],
)
def test_format_count(value, expected):
    assert format_count(value) == expected


def test_format_percent():
    assert format_percent(Decimal("95.50")) == "95.5%"
    assert format_percent(100) == "100%"
    assert format_percent(Decimal("82.3529")) == "82.35%"
    assert format_percent(Decimal("82.3529"), 1) == "82.4%"
    assert format_percent(0) == "0%"
    assert format_percent(None) == "—"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (Decimal("94.7"), Decimal("95.9"), "提高1.2个百分点"),
        (30, Decimal("29.5"), "下降0.5个百分点"),
        (90, 90, "持平"),
        (Decimal("90.001"), Decimal("90.004"), "持平"),  # equal once rounded to 2 decimals
        (None, 90, ""),
        (90, None, ""),
    ],
)
def test_format_point_change(old, new, expected):
    assert format_point_change(old, new) == expected


@pytest.mark.parametrize(
    ("old", "new", "unit", "expected"),
    [
        (12, 15, "人", "增加3人"),
        (Decimal("8.9"), Decimal("8.5"), "天", "减少0.4天"),
        (3, 3, "个", "持平"),
        (None, 3, "个", ""),
    ],
)
def test_format_change(old, new, unit, expected):
    assert format_change(old, new, unit) == expected


def test_format_change_with_own_verbs():
    assert format_change(9, 8, "/10万", up="上升", down="下降") == "下降1/10万"


def test_format_date_has_no_leading_zeros():
    assert format_date(dt.date(2025, 12, 31)) == "2025年12月31日"
    assert format_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert format_date(dt.datetime(2026, 3, 8, 9, 30)) == "2026年3月8日"


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["A"], "A"),
        (["A", "B"], "A和B"),
        (["A", "B", "C"], "A、B和C"),
        (["A", "", "B"], "A和B"),
    ],
)
def test_join_cn(items, expected):
    assert join_cn(items) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (23, "二十三"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
    ],
)
def test_chinese_ordinal(n, expected):
    assert chinese_ordinal(n) == expected


@pytest.mark.parametrize("n", [0, -1, 1000])
def test_chinese_ordinal_rejects_out_of_range(n):
    with pytest.raises(ValueError):
        chinese_ordinal(n)


def test_the_target_is_written_from_its_operator_and_figure():
    assert facts("A", "%", 1, ("<=", "14.5")).target_text == "≤14.5%"
    assert facts("A", "%", 1, ("decrease_by", "2")).target_text == "较上年下降至少2个百分点"
    assert facts("A", "%", 1, None).target_text == ""


# --- indicators ---------------------------------------------------------------------------


def facts(name, unit, value, target, status=Status.MET, previous=None, **fields):
    """An indicator's facts; `target` is (TargetOperator code, figure) or None."""
    operator, goal = target or ("", None)
    return IndicatorFacts(
        name,
        fields.pop("category", "medical_service"),
        unit,
        None if value is None else Decimal(value),
        operator,
        None if goal is None else Decimal(goal),
        status,
        None if previous is None else Decimal(previous),
        **fields,
    )


def mmr(value="8.5", status=Status.EXCEEDED, previous="9.7"):
    return facts(
        "孕产妇死亡率",
        "/10万",
        value,
        ("<=", "14.5"),
        status,
        previous,
        category="maternal_child",
        direction="lower",
    )


def coverage(value, status, previous=None):
    return facts(
        "适龄儿童免疫规划疫苗接种率",
        "%",
        value,
        (">=", "95"),
        status,
        previous,
        category="disease",
        is_percentage=True,
    )


def test_lower_is_better_met_with_previous_year():
    assert (
        indicator_sentence(mmr(), "全市")
        == "全市孕产妇死亡率为8.5/10万，低于14.5/10万的预期目标，较上年下降1.2/10万"
    )


def test_lower_is_better_on_the_target():
    assert indicator_sentence(mmr("14.5", Status.MET, None), "全市") == (
        "全市孕产妇死亡率为14.5/10万，控制在14.5/10万的预期目标以内"
    )


def test_lower_is_better_missed_and_rising():
    assert indicator_sentence(mmr("16.2", Status.NOT_MET, "15"), "全县") == (
        "全县孕产妇死亡率为16.2/10万，未控制在14.5/10万的目标以内，高出1.7/10万，较上年上升1.2/10万"
    )


def test_higher_is_better_exceeded():
    assert indicator_sentence(coverage("96.2", Status.EXCEEDED, "94.7"), "全市") == (
        "全市适龄儿童免疫规划疫苗接种率达到96.2%，超额完成95%的预期目标，较上年提高1.5个百分点"
    )


def test_higher_is_better_met():
    assert indicator_sentence(coverage("95", Status.MET), "全市") == (
        "全市适龄儿童免疫规划疫苗接种率达到95%，完成95%的预期目标"
    )


def test_higher_is_better_not_met_names_the_gap_in_points():
    assert indicator_sentence(coverage("88", Status.NOT_MET), "全市") == (
        "全市适龄儿童免疫规划疫苗接种率为88%，未达到95%的目标，差距7个百分点"
    )


def test_slightly_below_and_unchanged_says_nothing_of_last_year():
    assert indicator_sentence(coverage("94.5", Status.SLIGHTLY_BELOW, "94.5"), "全市") == (
        "全市适龄儿童免疫规划疫苗接种率为94.5%，略低于95%的预期目标，差距0.5个百分点"
    )


def test_per_mille_changes_are_in_per_mille_points():
    imr = facts("婴儿死亡率", "‰", "3.1", ("<=", "5.2"), Status.MET, "3.4", direction="lower")
    assert indicator_sentence(imr, "全市") == (
        "全市婴儿死亡率为3.1‰，低于5.2‰的预期目标，较上年下降0.3个千分点"
    )


def test_change_target():
    result = facts(
        "药占比", "%", "27.5", ("decrease_by", "2"), Status.MET, "29.8", direction="lower"
    )
    assert indicator_sentence(result, "全市") == (
        "全市药占比为27.5%，较上年下降2.3个百分点，完成较上年下降至少2个百分点的预期目标"
    )


def test_change_target_without_prefix_is_read_against_last_year():
    result = facts(
        "平均住院日", "天", "8.5", ("decrease_by", "1.5"), Status.NOT_MET, "8.9", direction="lower"
    )
    assert indicator_sentence(result, "全市") == (
        "全市平均住院日为8.5天，较上年减少0.4天，未完成较上年下降至少1.5天的预期目标"
    )


def test_no_target_no_previous_year():
    result = facts("电子病历系统应用水平分级", "级", 4, None, Status.MET, decimals=0)
    assert indicator_sentence(result, "市一院") == "市一院电子病历系统应用水平分级为4级"


def test_large_counts_use_wan():
    result = facts(
        "总诊疗人次", "人次", 1234567, None, Status.MET, 1200000, direction="none", decimals=0
    )
    assert (
        indicator_sentence(result, "全市") == "全市总诊疗人次为123.46万人次，较上年增加3.46万人次"
    )


def test_missing_value():
    assert (
        indicator_sentence(mmr(None, Status.NOT_REPORTED, None), "全市")
        == "全市孕产妇死亡率尚未填报"
    )


def named(name, category, status):
    value = None if status == "未填报" else Decimal(1)
    return IndicatorFacts(name, category, "%", value, ">=", Decimal(1), status)


def test_overview_groups_in_canonical_order_and_cuts_long_lists():
    results = [named(f"医疗指标{i}", "medical_service", Status.MET) for i in range(1, 5)]
    results += [named(f"健康指标{i}", "health", Status.EXCEEDED) for i in range(1, 4)]
    results += [named("基层就诊率", "medical_service", Status.SLIGHTLY_BELOW)]
    results += [
        named("药占比", "medical_service", Status.NOT_MET),
        named("床位数", "system", Status.NOT_MET),
    ]
    results += [named("托位数", "population", Status.NOT_REPORTED)]
    text = indicator_overview(results, "全市")
    assert text == (
        "全市年度业务指标涉及健康水平、医疗服务、计划生育等4类11项。"
        "总体看，大部分指标完成情况较好。"
        "其中，健康指标1、健康指标2、健康指标3、医疗指标1、医疗指标2等7项指标符合预期或提前完成；"
        "基层就诊率指标略低于预期；药占比和床位数共2项指标未达到预期目标；另有托位数指标尚未填报。"
    )


def test_overview_all_met_says_so_once():
    results = [named("A率", "health", Status.MET), named("B率", "disease", Status.EXCEEDED)]
    assert indicator_overview(results, "全县") == (
        "全县年度业务指标涉及健康水平和疾病防治2类2项。总体看，各项已填报指标均达到或超过预期目标。"
    )


def test_overview_nothing_reported():
    results = [named("A率", "health", Status.NOT_REPORTED)]
    assert indicator_overview(results, "全市") == (
        "全市年度业务指标涉及健康水平1类1项。各项指标数据尚未填报，暂无法评价完成情况。"
    )


def test_overview_mostly_missed():
    results = [named("A率", "health", Status.NOT_MET), named("B率", "health", Status.NOT_MET)]
    results.append(named("C率", "health", Status.MET))
    assert "总体看，指标完成情况不够理想" in indicator_overview(results, "全市")


def test_overview_of_nothing_is_empty():
    assert indicator_overview([], "全市") == ""


@pytest.mark.parametrize(
    ("name", "unit", "target", "expected"),
    [
        ("孕产妇死亡率", "/10万", ("<=", "14.5"), "力争孕产妇死亡率控制在14.5/10万以内"),
        ("基层就诊率", "%", (">=", "65"), "力争基层就诊率达到65%以上"),
        ("药占比", "%", ("decrease_by", "2"), "力争药占比较上年下降至少2个百分点"),
        ("平均住院日", "天", ("decrease_by", "1.5"), "力争平均住院日较上年下降至少1.5天"),
        ("健康素养水平", "%", ("increase_by", "2"), "力争健康素养水平较上年提高至少2个百分点"),
        ("电子病历系统应用水平分级", "级", ("=", "5"), "力争电子病历系统应用水平分级保持在5级"),
        ("基层就诊率", "%", None, ""),
    ],
)
def test_next_year_target_sentence(name, unit, target, expected):
    assert next_year_target_sentence(facts(name, unit, None, target)) == expected


# --- rectification and sanctions ----------------------------------------------------------

AS_OF = dt.date(2026, 1, 15)


def test_rectification_sentence():
    stats = RectificationFacts(
        inspections=12,
        problems=85,
        closed=70,
        overdue=3,
        completion_rate=Decimal("82.35"),
        on_time_rate=Decimal("90.00"),
    )
    assert rectification_sentence(stats, "全市", AS_OF) == (
        "截至2026年1月15日，全市全年开展督查检查12次，发现问题85个，已整改销号70个，"
        "整改完成率82.35%，按期销号率90%，逾期未整改3个。"
    )


def test_rectification_sentence_with_everything():
    stats = RectificationFacts(
        12,
        85,
        70,
        cancelled=2,
        open=13,
        overdue=0,
        completion_rate=Decimal("84.34"),
        on_time_rate=Decimal("95.714"),
        avg_days_to_close=Decimal("12.46"),
    )
    assert rectification_sentence(stats, "全县", AS_OF) == (
        "截至2026年1月15日，全县全年开展督查检查12次，发现问题85个，已整改销号70个，"
        "正在整改13个，经核实撤销2个，整改完成率84.34%，按期销号率95.71%，平均整改用时12.5天，"
        "无逾期未整改问题。"
    )


def test_rectification_sentence_without_problems_has_no_rates():
    stats = RectificationFacts(5, 0, 0, completion_rate=None)
    text = rectification_sentence(stats, "全市", AS_OF)
    assert text == "截至2026年1月15日，全市全年开展督查检查5次，未发现需要整改的问题。"
    assert "%" not in text


def test_rectification_sentence_without_inspections():
    assert rectification_sentence(RectificationFacts(0, 0, 0), "全市", AS_OF) == (
        "截至2026年1月15日，全市全年未开展督查检查，未登记需要整改的问题。"
    )


def test_rectification_sentence_skips_on_time_rate_when_nothing_closed():
    stats = RectificationFacts(2, 4, 0, open=4, completion_rate=Decimal(0))
    assert rectification_sentence(stats, "全市", AS_OF) == (
        "截至2026年1月15日，全市全年开展督查检查2次，发现问题4个，已整改销号0个，正在整改4个，"
        "整改完成率0%，无逾期未整改问题。"
    )


def test_sanctions_sentence_counts_entries_in_qi_and_units_in_jia():
    lines = [
        SanctionLine("closure", 1, 1),
        SanctionLine("fine", 4, 3, Decimal("32000")),
        SanctionLine("warning", 5, 5),
    ]
    assert sanctions_sentence(lines, 8) == (
        "依法实施行政处罚10起，涉及8家单位，其中警告5家、罚款3家（罚款金额共计3.2万元）、"
        "责令停业整顿或责令关闭1家。"
    )


def test_sanctions_sentence_with_other_measures_is_not_all_penalties():
    lines = [
        SanctionLine("talk", 3, 3),
        SanctionLine("warning", 2, 2),
        SanctionLine("referral", 1, 1),
    ]
    assert sanctions_sentence(lines, 5) == (
        "依法查处违法违规行为6起，涉及5家单位，其中警告2家、约谈3家、移交纪委或司法机关1家。"
    )


def test_sanctions_sentence_single_kind():
    lines = [SanctionLine("fine", 4, 2, Decimal(8650))]
    assert sanctions_sentence(lines, 2) == (
        "依法实施行政处罚4起，涉及2家单位，均为罚款，罚款金额共计8650元。"
    )


def test_sanctions_sentence_empty():
    assert sanctions_sentence([], 0) == ""
    assert sanctions_sentence([SanctionLine("warning", 0, 0)], 0) == ""


def test_overdue_by_unit_sentence():
    assert overdue_by_unit_sentence([]) == ""
    assert overdue_by_unit_sentence([("市一院", 0)]) == ""
    assert overdue_by_unit_sentence([("市一院", 3)]) == "3个逾期未整改问题均在市一院。"
    assert overdue_by_unit_sentence([("B", 2), ("A", 3)]) == (
        "逾期未整改问题分布在A（3个）和B（2个）。"
    )
    assert overdue_by_unit_sentence([("A", 3), ("B", 2), ("C", 1)]) == (
        "逾期未整改问题分布在A（3个）、B（2个）和C（1个）。"
    )


def test_overdue_by_unit_sentence_cuts_after_five():
    units = [(name, 7 - i) for i, name in enumerate("ABCDEF")]
    assert overdue_by_unit_sentence(units) == (
        "逾期未整改问题主要集中在A（7个）、B（6个）、C（5个）、D（4个）、E（3个）等单位。"
    )


def test_overview_leaves_out_figures_without_a_target():
    results = [
        mmr("8", Status.MET, None),
        facts("活产数", "人", 9000, None, Status.NO_TARGET, category="maternal_child"),
    ]
    text = indicator_overview(results, "全市")
    assert "1类1项" in text and "活产数" not in text
