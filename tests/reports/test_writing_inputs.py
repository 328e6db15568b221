"""What the bureau records for the documents, on small hand-made years: 原因分析 under 存在的问题,
下步措施 in the plans and the speech's part three, 亮点 in the opening, the meeting in the speech's
opening, each indicator under its own field, the inspections behind the sanctions; and nothing of
the sort where nothing is recorded."""

from __future__ import annotations

import dataclasses
import datetime as dt
import doctest
from decimal import Decimal

import pytest

from indicators.evaluation import Status
from rectification.metrics import SanctionLine
from reports import builders, documents, facts, phrases
from reports.facts import EntryFacts, FieldFacts, MeetingFacts
from tests.reports.test_wording import GPS, NMR, PRIMARY, text_of, year


def test_docstring_examples_hold():
    result = doctest.testmod(phrases)
    assert result.attempted > 0 and result.failed == 0


def noted(result, cause="", measure=""):
    return dataclasses.replace(result, cause=cause, measure=measure)


def with_notes(**kw):
    indicators = [
        noted(r, cause="基层首诊意愿不强", measure="下一步将扩大家庭医生签约服务覆盖面。")
        if r is PRIMARY
        else r
        for r in year().indicators
    ]
    return year(indicators=indicators, **kw)


def part(text, start, end=None):
    after = text.split(start, 1)[1]
    return after.split(end, 1)[0] if end else after


# --- 原因分析 and 下步措施 ------------------------------------------------------------------


def test_the_cause_follows_its_shortfall_under_the_problems():
    summary = text_of(builders.summary_outline(with_notes()))
    problems = part(summary, "二、存在的问题", "三、")
    sentences = problems.split("。")
    at = next(i for i, s in enumerate(sentences) if "基层就诊率" in s)
    assert sentences[at + 1].endswith("基层首诊意愿不强")
    assert "主要" in sentences[at + 1]


def test_without_a_cause_nothing_is_said_of_one():
    for kind in ("summary", "speech"):
        text = text_of(builders.outline_for(kind, year()))
        assert "主要原因是" not in text and "究其原因" not in text
        assert "着力补齐指标短板" not in text


def test_the_measure_is_in_the_plans_without_its_lead_in():
    summary = text_of(builders.summary_outline(with_notes()))
    plans = part(summary, "三、2026年工作思路")
    assert "着力补齐指标短板" in plans
    assert "基层就诊率" in plans and "扩大家庭医生签约服务覆盖面。" in plans
    assert "下一步将" not in plans
    # Only what is recorded: the other shortfalls have no measure of their own.
    assert "新生儿死亡率未达目标" not in plans and "降低新生儿死亡率" not in plans


def test_the_speech_puts_the_measure_in_part_three_as_a_demand():
    speech = text_of(builders.speech_outline(with_notes()))
    part_three = part(speech, "三、")
    assert "要扩大家庭医生签约服务覆盖面" in part_three
    # The priority with a recorded measure no longer needs the generic call.
    first = part_three.split("（一）", 1)[1].split("（二）", 1)[0]
    assert "逐级分解目标" not in first and "找差距、查原因" not in first


def test_a_cause_already_led_in_is_printed_as_written():
    result = noted(GPS, cause="由于全科医生流向城区医院。")
    assert phrases.cause_sentence(result) == "由于全科医生流向城区医院"


# --- 亮点 ---------------------------------------------------------------------------------


def highlight(pk, title, kind, part="achievement"):
    return EntryFacts(pk, part, 1, title, "具体内容。", kind)


HIGHLIGHTS = [
    highlight(11, "全市位列全省卫生健康综合考核第三名", "ranking"),
    highlight(12, "青山县入选国家医共体建设试点县", "pilot"),
    highlight(13, "市第一人民医院获评全国改善医疗服务示范医院", "honour"),
    highlight(14, "市疾控中心获评省级先进集体", "honour"),
    highlight(15, "计划争创国家卫生城市", "honour", part="plan"),
]


def test_the_opening_carries_up_to_three_highlights():
    data = year(entries=[*year().entries, *HIGHLIGHTS])
    assert [e.pk for e in data.highlights] == [13, 14, 12]  # honours, then pilots, at most 3
    summary = builders.summary_outline(data)
    opening = summary.blocks[0].text
    assert "市第一人民医院获评全国改善医疗服务示范医院，市疾控中心获评省级先进集体，" in opening
    assert "青山县入选国家医共体建设试点县。" in opening
    assert "第三名" not in opening and "争创" not in opening
    speech = text_of(builders.speech_outline(data))
    review = part(speech, "一、", "一是")
    assert "青山县入选国家医共体建设试点县" in review


def test_no_highlight_no_highlight_sentence():
    opening = builders.summary_outline(year()).blocks[0].text
    assert "特别是" not in opening and "亮点" not in opening


# --- the meeting --------------------------------------------------------------------------

MEETING = MeetingFacts(
    "2026年全市卫生健康工作会议",
    dt.date(2026, 2, 12),
    "经市委、市政府同意",
    "刚才，王建华同志作了工作报告。",
)


def test_the_speech_opens_with_the_recorded_meeting():
    outline = builders.speech_outline(year(meeting=MEETING))
    opening = outline.blocks[0].text
    assert opening.startswith("经市委、市政府同意，今天，我们召开2026年全市卫生健康工作会议")
    assert "刚才，王建华同志作了工作报告，我完全同意" in opening
    assert opening.endswith("我再讲三点意见。")
    assert outline.title == "在2026年全市卫生健康工作会议上的讲话"
    assert outline.date_line == "2026年2月12日"


def test_without_a_meeting_the_opening_invents_nothing():
    outline = builders.speech_outline(year())
    opening = outline.blocks[0].text
    assert opening.startswith("今天，我们召开2026年全市卫生健康工作会议")
    assert "同意" not in opening and "刚才" not in opening
    assert outline.date_line == "2026年1月15日"  # the record's date, as before
    half = MeetingFacts("", None, "经市委同意", "")
    opening = builders.speech_outline(year(meeting=half)).blocks[0].text
    assert opening.startswith("经市委同意，今天") and "刚才" not in opening


# --- headings over their own figures -------------------------------------------------------


def test_a_section_shows_only_the_indicators_placed_under_it():
    fields = [
        FieldFacts(1, "医共体建设", (), "none", ("基层就诊率", "县域内就诊率")),
        FieldFacts(2, "人才队伍", ("system",), "none", ("每千人口执业(助理)医师数",)),
        FieldFacts(3, "医疗资源配置", ("system",), "none", ("每千人口床位数",)),
    ]
    summary = text_of(builders.summary_outline(year(fields=fields)))
    community = part(summary, "医共体建设", "（二）")
    assert "县域内就诊率" in community
    assert "床位" not in community and "医师" not in community
    staff = part(summary, "（二）人才队伍", "（三）")
    assert "执业（助理）医师" in staff and "床位" not in staff
    # Placed figures need no category to introduce them; the unplaced nurses come in by
    # their category under the first field that lists it.
    assert "每千人口注册护士数" in staff and "医疗卫生服务体系" in staff
    beds = part(summary, "（三）医疗资源配置", "（四）")
    assert "床位" in beds and "注册护士" not in beds


# --- the inspections behind the sanctions ----------------------------------------------------


def test_sanctions_name_the_inspections_behind_them():
    data = year(
        fields=[FieldFacts(1, "清廉建设", (), "sanctions")],
        rectification=dataclasses.replace(
            year().rectification,
            sanctions=[SanctionLine("warning", 4, 4), SanctionLine("fine", 2, 2, Decimal(8000))],
            sanctioned_units=5,
        ),
        sanctions_by_inspection=[("打击非法行医专项行动", 4), ("春季院感暗访", 1)],
    )
    summary = text_of(builders.summary_outline(data))
    assert "依法实施行政处罚6起" in summary
    assert "从问题来源看，打击非法行医专项行动中查处4起，春季院感暗访中查处1起。" in summary


def test_no_inspection_behind_the_sanctions_no_source_sentence():
    assert phrases.sanctions_behind_sentence([], 3) == ""


# --- frozen with the document ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["summary", "speech"])
def test_what_was_recorded_is_in_the_snapshot(kind):
    data = with_notes(
        meeting=MEETING,
        entries=[*year().entries, *HIGHLIGHTS[:2]],
        sanctions_by_inspection=[("打击非法行医专项行动", 4)],
    )
    stored = facts.snapshot(data)
    restored = facts.restore(stored)
    assert restored == data
    before = text_of(builders.outline_for(kind, data))
    assert text_of(builders.outline_for(kind, restored)) == before
    assert documents.rebuild(kind, stored).outline.title == builders.outline_for(kind, data).title


def test_a_snapshot_taken_before_these_facts_restores_without_them():
    stored = facts.snapshot(year())
    data = stored["data"]
    for name in ("meeting", "sanctions_by_inspection"):
        data.pop(name)
    for item in data["indicators"]:
        item.pop("cause"), item.pop("measure")
    for item in data["fields"]:
        item.pop("indicators")
    restored = facts.restore(stored)
    assert restored.meeting is None and restored.sanctions_by_inspection == []
    assert text_of(builders.summary_outline(restored)) == text_of(builders.summary_outline(year()))


def test_shortfalls_are_those_the_documents_print():
    assert {r.name for r in phrases.worst_first(year().judged)} == {
        r.name for r in year().judged if r.status in (Status.NOT_MET, Status.SLIGHTLY_BELOW)
    }
    assert {NMR.name, GPS.name, PRIMARY.name} <= {r.name for r in year().judged}
