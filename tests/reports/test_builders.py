"""The documents' text from a year on record (tests/reports/conftest.py)."""

from decimal import Decimal

from indicators.results import region_results
from rectification.metrics import year_figures
from reports import builders, phrases
from reports.outline import HEADING_LEVELS, Heading, Paragraph, Signature, Table, heading_prefix
from tests.reports.conftest import AS_OF, YEAR


def _text(outline) -> str:
    return "\n".join(
        getattr(block, "text", "") or ""
        if not isinstance(block, Paragraph)
        else (block.lead or "") + block.text
        for block in outline.blocks
    )


def _headings(outline, level):
    return [b.text for b in outline.blocks if isinstance(b, Heading) and b.level == level]


def test_summary_has_the_three_parts(year_record):
    data = builders.collect(YEAR, year_record, as_of=AS_OF)
    outline = builders.summary_outline(data)
    assert outline.title_lines == ["青山县卫生健康局2025年工作总结", "和2026年工作思路"]
    assert _headings(outline, 1) == [
        "一、2025年重点工作开展情况",
        "二、存在的问题",
        "三、2026年工作思路",
    ]
    assert outline.blocks[0].text.endswith("现将有关情况汇报如下：")
    assert isinstance(outline.blocks[-1], Signature)
    assert outline.blocks[-1].date_text == "2026年1月15日"


def test_rectification_figures_equal_the_metrics(year_record):
    figures = year_figures(YEAR, year_record, as_of=AS_OF)
    assert (figures.problems, figures.closed, figures.cancelled, figures.overdue) == (3, 1, 1, 1)
    text = _text(builders.summary_outline(builders.collect(YEAR, year_record, as_of=AS_OF)))
    # Under 安全稳定, with the date the figures are read.
    assert "截至2026年1月15日，全县全年开展督查检查1次，发现问题3个，已整改销号1个" in text
    assert f"整改完成率{phrases.format_percent(figures.completion_rate)}" in text
    assert "整改完成率50%" in text  # 1 closed of 3 − 1 cancelled
    assert "仍有1个问题逾期未完成整改" in text and "均在青山县人民医院" in text
    assert "纳入评估的2项指标尚未达到预期" in text
    # Under 清廉建设.
    assert "警告1家" in text and "罚款1家" in text and "3000元" in text


def test_indicator_figures_equal_the_results(year_record):
    results = {r.code: r for r in region_results(YEAR, year_record)}
    mmr = results["MMR"]
    assert mmr.value == Decimal(20)  # 1 / 5000 × 100000, recomputed from the counts
    data = builders.collect(YEAR, year_record, as_of=AS_OF)
    outline = builders.summary_outline(data)
    table = next(b for b in outline.blocks if isinstance(b, Table))
    rows = {row[0]: row for row in table.rows}
    assert rows["孕产妇死亡率"][1:] == ["20/10万", "25/10万", "≤14.5/10万", mmr.status_label]
    facts = {r.code: r for r in data.indicators}
    assert rows["基层就诊率"][1] == "50%"
    assert rows["基层就诊率"][4] == results["PRIMARY_VISIT_RATE"].status_label == "未达标"
    text = _text(outline)
    # A shortfall is told in 存在的问题, in its own sentence, with the figure and the target.
    problems = text.split("二、存在的问题")[1]
    assert "孕产妇死亡率为20/10万" in problems and "14.5/10万" in problems
    assert facts["MMR"].value == Decimal(20)
    assert "力争孕产妇死亡率控制在12/10万以内" in text  # next year's target


def test_only_adopted_entries_are_used(year_record):
    text = _text(builders.summary_outline(builders.collect(YEAR, year_record, as_of=AS_OF)))
    assert "推进医共体紧密运行" in text and "建设全民健康信息平台" in text
    assert "医院提出的亮点" not in text


def test_data_sentences_appear_without_entries(year_record):
    outline = builders.summary_outline(builders.collect(YEAR, year_record, as_of=AS_OF))
    assert "（一）清廉建设" in _headings(outline, 2)  # sanctions, no entry
    assert any(h.endswith("安全稳定") for h in _headings(outline, 2))


def test_speech_structure(year_record):
    outline = builders.speech_outline(builders.collect(YEAR, year_record, as_of=AS_OF))
    assert outline.title_lines == ["在2026年全县卫生健康工作会议上的讲话"]
    assert outline.date_line == "2026年1月15日"
    assert outline.salutation == "同志们"
    assert outline.blocks[0].text.endswith("下面，我讲三点意见。")
    # Both judged indicators missed: part one does not 充分肯定.
    assert _headings(outline, 1) == [
        "一、客观看待2025年卫生健康工作取得的进展",
        "二、清醒认识工作中存在的差距和不足",
        "三、突出重点，扎实做好2026年各项工作",
    ]
    assert outline.blocks[-1].text.startswith("同志们，")
    first_part = _text(outline).split("二、清醒认识")[0]
    assert "基层就诊率" not in first_part  # a shortfall is not praised


def test_headings_are_numbered_by_heading_prefix_in_order(year_record):
    data = builders.collect(YEAR, year_record, as_of=AS_OF)
    for outline in (builders.summary_outline(data), builders.speech_outline(data)):
        counters = dict.fromkeys(HEADING_LEVELS, 0)
        for block in outline.blocks:
            if not isinstance(block, Heading):
                continue
            counters[block.level] += 1
            for deeper in range(block.level + 1, max(HEADING_LEVELS) + 1):
                counters[deeper] = 0
            assert block.text.startswith(heading_prefix(block.level, counters[block.level]))
        assert counters[1] == 3


def test_a_year_without_data_says_so(county_a):
    for build in (builders.summary_outline, builders.speech_outline):
        outline = build(builders.collect(2019, county_a, as_of=AS_OF))
        text = _text(outline)
        assert "系统中还没有青山县2019年的督查整改记录、指标数据和工作条目" in text
        assert "0%" not in text and "二、" not in text


def test_area_names(city, county_a, county_b):
    from units.models import Region, RegionLevel

    district = Region.objects.create(name="东湖区", level=RegionLevel.COUNTY, parent=city)
    names = [
        builders.ReportData(2025, r, AS_OF, None, [], [], [], []).area
        for r in (city, county_a, district)
    ]
    assert names == ["全市", "全县", "全区"]


def test_collect_takes_a_constant_number_of_queries(year_record, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        builders.collect(YEAR, year_record, as_of=AS_OF)


def test_the_sentences_know_every_sanction_kind():
    """Each SanctionKind has a place in the sentence's order, keyed by code (a renamed label
    cannot drop out of it), and closing a clinic down counts as an administrative penalty."""
    from rectification.metrics import SanctionLine
    from rectification.models import SanctionKind

    assert set(SanctionKind.values) == set(phrases.SANCTION_ORDER)
    text = phrases.sanctions_sentence([SanctionLine(SanctionKind.CLOSURE, 1, 1)], 1)
    assert text == "依法实施行政处罚1起，涉及1家单位，均为责令停业整顿或责令关闭。"
