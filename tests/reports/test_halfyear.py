"""半年工作总结: the first half's record, judged as progress towards the year's targets.

青山县 in 2025, written on 10 July: two problems found in March (one closed, one overdue) and
one in August (not the half's); 基层医疗卫生机构诊疗人次 accrues (6,000 of a 10,000 target: on
schedule), 基层就诊率 is a rate (60% against ≥65%: short); an annual figure stays out of the half.
"""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document

from indicators.models import Period, Value
from indicators.results import region_results
from rectification.metrics import year_figures
from rectification.models import Problem, Status
from reports import documents, halfyear
from reports.builders import collect
from reports.models import EntryStatus, Part, WorkEntry, WorkField
from tests.indicators.conftest import aim, put
from tests.rectification.conftest import make_inspection, make_problem

D = datetime.date
YEAR = 2025
AS_OF = D(YEAR, 7, 10)
H1 = Period.FIRST_HALF


@pytest.fixture
def half(county_a, unit_a, staff):
    march = make_inspection("春季安全生产检查", date=D(YEAR, 3, 10), source="专项检查")
    closed = make_problem(march, unit_a, deadline=D(YEAR, 4, 30), description="灭火器过期")
    Problem.objects.filter(pk=closed.pk).update(status=Status.CLOSED, closed_on=D(YEAR, 4, 20))
    make_problem(march, unit_a, deadline=D(YEAR, 6, 30), description="消防通道堵塞")
    august = make_inspection("院感防控暗访", date=D(YEAR, 8, 1))
    make_problem(august, unit_a, deadline=D(YEAR, 9, 30), description="手卫生设施不全")
    put("PRIMARY_VISITS", unit_a, 6000, period=H1)
    put("ALL_VISITS", unit_a, 10000, period=H1)
    put("PRIMARY_VISITS", unit_a, 99999)  # the annual figure: never the half's
    put("ALL_VISITS", unit_a, 150000)
    aim("PRIMARY_VISITS", county_a, ">=", "10000")
    aim("PRIMARY_VISIT_RATE", county_a, ">=", "65")
    field = WorkField.objects.get(name="医共体建设")
    for period, title in ((H1, "上半年推进医共体紧密运行"), (Period.ANNUAL, "全年医共体建设成效")):
        WorkEntry.objects.create(
            year=YEAR, period=period, part=Part.ACHIEVEMENT, field=field, title=title,
            body=f"{title}的具体内容。", region=county_a, status=EntryStatus.ADOPTED,
            created_by=staff,
        )  # fmt: skip
    return county_a


def _text(rendered) -> tuple[str, list[list[str]]]:
    document = Document(io.BytesIO(rendered.docx))
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    return "\n".join(p.text for p in document.paragraphs), rows


def test_annual_pages_never_see_half_year_figures(half):
    annual = {r.code: r.value for r in region_results(YEAR, half)}
    first = {r.code: r.value for r in region_results(YEAR, half, period=H1)}
    assert annual["PRIMARY_VISITS"] == 99999
    assert first["PRIMARY_VISITS"] == 6000
    assert first["PRIMARY_VISIT_RATE"] == 60
    assert Value.objects.count() == 2
    assert Value.all_periods.count() == 4


def test_the_half_year_facts(half):
    data = collect(YEAR, half, as_of=AS_OF, half=True)
    assert data.rectification.problems == 2  # August's problem belongs to the second half
    assert data.rectification == year_figures(YEAR, half, as_of=AS_OF, until=D(YEAR, 6, 30))
    visits = next(r for r in data.indicators if r.code == "PRIMARY_VISITS")
    assert halfyear.progress(visits) == 60
    assert halfyear.on_schedule(visits) is True
    rate = next(r for r in data.indicators if r.code == "PRIMARY_VISIT_RATE")
    assert halfyear.progress(rate) is None
    assert halfyear.on_schedule(rate) is False


def test_the_document(half, check_layout):
    rendered = documents.render("halfyear", YEAR, half, as_of=AS_OF)
    text, rows = _text(rendered)
    assert text.startswith("青山县卫生健康局2025年上半年工作总结")
    for heading in ("一、上半年工作开展情况", "二、存在的问题", "三、下半年工作打算"):
        assert heading in text
    assert "完成年度目标的60%，实现“时间过半、任务过半”" in text
    assert "上半年全县基层就诊率为60%，距≥65%的年度目标尚有差距" in text
    assert "发现问题2个，已整改销号1个，整改完成率50%" in text
    assert "99999" not in text and "9.99万" not in text
    # The entries of the half only; the year's go to the annual summary.
    assert "上半年推进医共体紧密运行" in text and "全年医共体建设成效" not in text
    assert rows[0] == ["指标", "2025年上半年", "2024年上半年", "年度目标", "进度"]
    assert any(row[0] == "基层医疗卫生机构诊疗人次" and row[4].startswith("60%") for row in rows)
    assert rendered.file_name == "青山县2025年半年工作总结.docx"
    check_layout(rendered.docx)


def test_the_annual_summary_leaves_the_half_years_entries_out(half):
    rendered = documents.render("summary", YEAR, half, as_of=AS_OF)
    text, _ = _text(rendered)
    assert "全年医共体建设成效" in text and "上半年推进医共体紧密运行" not in text


def test_rebuilt_from_its_snapshot(half):
    rendered = documents.render("halfyear", YEAR, half, as_of=AS_OF)
    again = documents.rebuild("halfyear", rendered.facts)
    assert _text(again) == _text(rendered)


def test_the_entry_form_takes_the_period(client, staff, county_a):
    field = WorkField.objects.get(name="医共体建设")
    post = {
        "year": YEAR, "part": Part.ACHIEVEMENT, "field": field.pk, "title": "上半年亮点",
        "body": "内容。", "region": county_a.pk,
    }  # fmt: skip
    client.force_login(staff)
    client.post("/reports/entries/new/", {**post, "period": H1})
    client.post("/reports/entries/new/", {**post, "title": "全年条目"})  # no period: the year's
    periods = dict(WorkEntry.objects.values_list("title", "period"))
    assert periods == {"上半年亮点": H1, "全年条目": Period.ANNUAL}
