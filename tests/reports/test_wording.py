"""reports.wording: varied phrasing chosen per document, the year in its plan, typography; and
the writing rules of the documents, on small hand-made years."""

from __future__ import annotations

import datetime as dt
import doctest
import re
from decimal import Decimal

import pytest

from indicators.evaluation import Status
from rectification.metrics import RectificationFigures
from reports import builders, phrases, wording
from reports.facts import EntryFacts, FieldFacts, RegionFacts
from reports.outline import Heading, Paragraph
from reports.phrases import IndicatorFacts
from units.models import RegionLevel

D = Decimal


def test_docstring_examples_hold():
    result = doctest.testmod(wording)
    assert result.attempted > 0 and result.failed == 0


def test_pick_is_the_first_phrasing_outside_a_document():
    assert wording.pick("k", ("甲", "乙", "丙")) == "甲"


def test_pick_is_deterministic_per_document_and_rotates():
    def three(seed):
        with wording.voice(*seed):
            return [wording.pick("k", ("甲", "乙", "丙")) for _ in range(3)]

    assert three(("示例市", 2025, "summary")) == three(("示例市", 2025, "summary"))
    # Three uses of three phrasings: each once, whatever the seed's starting point.
    assert sorted(three(("示例市", 2025, "summary"))) == ["丙", "乙", "甲"]
    starts = {
        three((name, 2025, "summary"))[0]
        for name in ("甲市", "乙市", "丙县", "丁区", "戊县", "己区", "庚市", "辛县")
    }
    assert len(starts) > 1  # documents of different regions do not all open alike


@pytest.mark.parametrize(
    ("year", "said"),
    [
        (2021, "“十四五”规划开局之年"),
        (2025, "“十四五”规划收官之年"),
        (2026, "“十五五”规划开局之年"),
        (2030, "“十五五”规划收官之年"),
        (2031, "“十六五”规划开局之年"),
    ],
)
def test_plan_year(year, said):
    assert wording.plan_year(year) == said


def test_normalise_is_idempotent_and_keeps_decimals():
    text = "执业(助理)医师3.11人;1.深化改革,时间10:30"
    once = wording.normalise(text)
    assert once == "执业（助理）医师3.11人；1.深化改革，时间10:30"
    assert wording.normalise(once) == once


# --- a small hand-made year -------------------------------------------------------------------


def ind(name, category, unit, value, op, target, status, previous, **kw):
    return IndicatorFacts(
        name, category, unit, D(value), op, D(target), status, D(previous), code=name, **kw
    )


BEDS = ind("每千人口床位数", "system", "张", "7.64", ">=", "7.2", Status.EXCEEDED, "7.45")
DOCTORS = ind(
    "每千人口执业(助理)医师数", "system", "人", "3.11", ">=", "2.6", Status.EXCEEDED, "3.08"
)
NURSES = ind("每千人口注册护士数", "system", "人", "4.42", ">=", "3.4", Status.EXCEEDED, "4.43")
GPS = ind("每万人口全科医生数", "system", "人", "1.81", ">=", "2.2", Status.NOT_MET, "1.83")
MMR = ind(
    "孕产妇死亡率", "maternal_child", "/10万", "12.25", "<=", "14.5", Status.EXCEEDED, "11.74",
    direction="lower",
)  # fmt: skip
NMR = ind(
    "新生儿死亡率", "maternal_child", "‰", "3.68", "<=", "3.1", Status.NOT_MET, "3.87",
    direction="lower",
)  # fmt: skip
PRIMARY = ind(
    "基层就诊率", "medical_service", "%", "44.14", ">=", "55", Status.NOT_MET, "43.97",
    is_percentage=True,
)  # fmt: skip
RETENTION = ind(
    "县域内就诊率", "medical_service", "%", "90.1", ">=", "90", Status.EXCEEDED, "88.5",
    is_percentage=True,
)  # fmt: skip
VISITS = IndicatorFacts(
    "总诊疗人次", "medical_service", "人次", D(49532), previous_value=D(41000),
    direction="none", decimals=0, code="VISITS",
)  # fmt: skip
INDICATORS = [BEDS, DOCTORS, NURSES, GPS, MMR, NMR, PRIMARY, RETENTION, VISITS]


def rectification(**kw):
    base = {
        "year": 2025, "as_of": dt.date(2026, 1, 15), "region_name": "示例市", "inspections": 12,
        "problems": 81, "cancelled": 0, "closed": 62, "open": 19, "overdue": 4,
        "completion_rate": D("76.5"),
        "on_time_rate": D("27.4"), "avg_days_to_close": D("65.7"), "by_status": {}, "by_source": {},
        "by_category": {}, "by_severity": {}, "by_unit": [],
        "overdue_by_unit": [("甲医院", 2), ("乙卫生院", 1), ("丙诊所", 1)], "sanctions": [],
        "sanctioned_units": 0, "open_long_term": 3, "open_extended": 5,
    }  # fmt: skip
    base.update(kw)
    return RectificationFigures(**base)


def year(**kw):
    fields = [
        FieldFacts(1, "医共体建设", ("system",), "none"),
        FieldFacts(2, "医药卫生体制改革", ("medical_service",), "none"),
        FieldFacts(3, "妇幼与人口", ("maternal_child",), "none"),
        FieldFacts(4, "安全稳定", (), "rectification"),
    ]
    base = {
        "year": 2025,
        "region": RegionFacts(1, "示例市", RegionLevel.CITY, "0001"),
        "as_of": dt.date(2026, 1, 15),
        "rectification": rectification(),
        "indicators": INDICATORS,
        "next_targets": [r for r in INDICATORS if r.target_text],
        "entries": [
            EntryFacts(1, "achievement", 1, "推动医共体紧密运行", "两家医共体实行统一管理。"),
            EntryFacts(2, "plan", 1, "提升医共体建设质量", "新建一批基层特色专科。"),
        ],
        "fields": fields,
    }
    base.update(kw)
    return builders.ReportData(**base)


def text_of(outline):
    parts = list(outline.title_lines)
    for block in outline.blocks:
        if isinstance(block, Paragraph):
            parts.append((block.lead or "") + block.text)
        elif isinstance(block, Heading):
            parts.append(block.text)
    return "\n".join(parts)


@pytest.fixture(params=["summary", "speech"])
def document(request):
    return text_of(builders.outline_for(request.param, year()))


def test_a_rebuild_is_identical():
    for kind in ("summary", "speech"):
        assert text_of(builders.outline_for(kind, year())) == text_of(
            builders.outline_for(kind, year())
        )


# Every phrasing `pick` chooses among, as fixed text.
STOCK = [
    "均控制在预期目标以内", "均低于年度控制目标", "均好于预期目标", "均超过预期目标",
    "均高于年度目标", "均完成年度目标任务", "均达到或好于预期目标", "全部达标",
    "的控制目标", "未能控制在", "距", "仅为", "但仍未达标", "差距有所缩小",
    "取得新进展", "扎实推进", "成效明显", "稳步推进", "有力有序",
    "全力补齐", "从", "方面，",
]  # fmt: skip


def test_no_stock_phrase_more_than_twice(document):
    long_phrases = [p for p in STOCK if len(p) >= 4]
    counts = {p: document.count(p) for p in long_phrases}
    assert max(counts.values()) <= 2, counts


def test_met_targets_are_grouped_in_one_sentence(document):
    assert re.search(
        r"每千人口床位数7\.64张、每千人口执业（助理）医师数3\.11人、每千人口注册护士数4\.42人，三项",
        document,
    )


def test_each_shortfall_has_its_own_sentence():
    summary = text_of(builders.summary_outline(year()))
    problems = summary.split("二、存在的问题")[1].split("三、")[0]
    for name in ("基层就诊率", "新生儿死亡率", "每万人口全科医生数"):
        sentences = [s for s in re.split("[。；]", problems) if name in s]
        assert sentences and all(
            other not in s
            for s in sentences
            for other in ("基层就诊率", "新生儿死亡率")
            if other != name
        )


def test_a_change_is_said_only_when_it_carries_a_point(document):
    assert "0.01人" not in document  # 护士 4.43 → 4.42: 0.2%
    assert "较上年增加0.19张" in document  # 床位 7.45 → 7.64: 2.6%


def test_notable_change_threshold():
    assert not phrases.notable_change(NURSES)
    assert phrases.notable_change(BEDS)
    # 0.5 on 60 is under 1%, but it carries the figure across its 60.2 target.
    crossing = ind("覆盖率", "security", "%", "60.4", ">=", "60.2", Status.MET, "59.9")
    assert phrases.notable_change(crossing)
    small = ind("覆盖率", "security", "%", "61", ">=", "60.2", Status.MET, "60.6")
    assert not phrases.notable_change(small)


def test_a_figure_that_moved_the_wrong_way_is_not_praised():
    summary = text_of(builders.summary_outline(year()))
    achievements, problems = summary.split("二、存在的问题")
    assert "孕产妇死亡率" not in achievements.split("主要指标完成情况")[0]
    assert "孕产妇死亡率为12.25/10万，虽控制在14.5/10万的目标以内" in problems
    assert "有所反弹" in problems
    speech = text_of(builders.speech_outline(year()))
    assert "孕产妇死亡率" not in speech.split("二、清醒认识")[0]


def test_headings_match_their_figures():
    summary = text_of(builders.summary_outline(year()))
    section = summary.split("（一）医共体建设")[1].split("（二）")[0]
    # The beds and doctors are introduced by their own field of the catalogue.
    assert "医疗卫生服务体系" in section
    assert "基层就诊率" not in section and "孕产妇死亡率" not in section


def test_large_counts_in_wan():
    assert phrases.format_with_unit(49532, "人次", 0) == "4.95万人次"
    assert phrases.format_with_unit(102423, "万元", 0) == "10.24亿元"
    assert "4.95万人次" in text_of(builders.summary_outline(year()))


def test_open_problems_are_accounted_for(document):
    assert "尚未销号的问题还有19个" in document
    assert "列入长期整改" in document and "3个" in document
    assert "经批准延期的5个" in document
    assert "仍有4个问题逾期未完成整改" in document


def test_open_problems_without_overdue_are_within_their_deadlines():
    facts = phrases.RectificationFacts(3, 10, 8, open=2)
    assert phrases.open_problems_sentence(facts, dt.date(2026, 1, 15)) == (
        "截至2026年1月15日，尚未销号的问题还有2个，均在整改时限内。"
    )


def test_the_year_in_its_plan_is_said():
    assert "2025年是“十四五”规划收官之年" in text_of(builders.summary_outline(year()))
    speech = text_of(builders.speech_outline(year()))
    assert "“十四五”规划收官之年" in speech and "2026年是“十五五”规划开局之年" in speech


def test_the_speech_speaks():
    speech = text_of(builders.speech_outline(year()))
    assert "要" in speech and "必须" in speech and "务必" in speech
    part_three = speech.split("三、")[1]
    priorities = re.findall(r"^（[一二三四五六]）.*$", part_three, re.M)
    assert 3 <= len(priorities) <= 5
    assert "基层就诊率" in priorities[0]  # the worst shortfall first
    assert any("整改" in p for p in priorities)  # the overdue problems
    assert "力争孕产妇死亡率" not in part_three  # not the summary's list of targets


def test_no_speech_paragraph_is_only_a_title():
    outline = builders.speech_outline(year())
    for block in outline.blocks:
        if isinstance(block, Paragraph) and block.lead:
            assert len(block.text) > 10, block


def test_a_field_named_by_its_subject_reads_as_work():
    assert builders.as_work("健康城市") == "健康城市工作"
    assert builders.as_work("妇幼与人口") == "妇幼与人口工作"
    assert builders.as_work("医共体建设") == "医共体建设"
    verdicts = "(取得新进展|扎实推进|成效明显|稳步推进|有力有序)。$"
    blocks = builders.speech_outline(year()).blocks
    leads = [b.lead for b in blocks if re.search(verdicts, getattr(b, "lead", "") or "")]
    assert leads
    for lead in leads:
        assert re.search("(工作|建设|改革|防控|治理|管理|服务|发展|行动)" + verdicts, lead), lead


def test_the_tone_follows_the_facts():
    good = [r for r in INDICATORS if r.status in phrases.MET]
    outline = builders.speech_outline(year(indicators=good))
    assert text_of(outline).splitlines()[2].startswith("一、充分肯定")
    bad = text_of(builders.speech_outline(year(indicators=[GPS, NMR, PRIMARY, BEDS])))
    assert "一、客观看待" in bad and "我们必须清醒地看到" in bad


def test_catalogue_names_get_full_width_brackets(document):
    assert "执业(助理)" not in document and "执业（助理）" in document
