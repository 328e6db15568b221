"""The records behind the writing: collect reads them into the facts; the seeded placement of
indicators under fields; the sanctions counted by inspection (rectification.metrics); 亮点 on the
work entry form; the admin's placement; and the demo city."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from docx import Document

from indicators.models import Indicator
from rectification.metrics import sanctions_by_inspection
from rectification.models import Sanction, SanctionKind
from reports import builders, documents
from reports.models import (
    EntryStatus,
    FieldIndicator,
    HighlightKind,
    IndicatorNote,
    MeetingContext,
    Part,
    WorkEntry,
    WorkField,
)
from tests.rectification.conftest import make_inspection, make_problem
from tests.reports.conftest import AS_OF, YEAR

D = datetime.date


def test_the_seed_places_each_figure_under_its_own_heading(db):
    placed = dict(FieldIndicator.objects.values_list("indicator__code", "field__name"))
    assert placed["PRIMARY_VISIT_RATE"] == placed["COUNTY_RETENTION"] == "医共体建设"
    assert placed["BEDS_PER_1000"] == "医疗资源配置"
    assert placed["DOCTORS_PER_1000"] == placed["NURSES_PER_1000"] == "人才队伍"
    assert placed["MMR"] == "妇幼与人口"
    community = WorkField.objects.get(name="医共体建设")
    assert community.indicator_categories == ""  # no longer every 医疗卫生服务体系 figure
    assert set(placed) >= {i.code for i in Indicator.objects.filter(national_target__isnull=False)}


def test_collect_reads_what_was_recorded(year_record, county_staff, staff):
    IndicatorNote.objects.create(
        indicator=Indicator.objects.get(code="PRIMARY_VISIT_RATE"),
        region=year_record,
        year=YEAR,
        cause="首诊意愿不强",
        measure="扩大签约覆盖面",
        updated_by=county_staff,
    )
    # Another region's or year's note is not this document's.
    IndicatorNote.objects.create(
        indicator=Indicator.objects.get(code="MMR"),
        region=year_record,
        year=YEAR - 1,
        cause="去年的原因",
        updated_by=county_staff,
    )
    MeetingContext.objects.create(
        region=year_record, year=YEAR, approved_by="经县委同意", updated_by=county_staff
    )
    WorkEntry.objects.filter(title="推进医共体紧密运行").update(highlight=HighlightKind.PILOT)
    data = builders.collect(YEAR, year_record, as_of=AS_OF)
    by_code = {r.code: r for r in data.indicators}
    assert (by_code["PRIMARY_VISIT_RATE"].cause, by_code["PRIMARY_VISIT_RATE"].measure) == (
        "首诊意愿不强",
        "扩大签约覆盖面",
    )
    assert by_code["MMR"].cause == ""
    assert data.meeting is not None and data.meeting.approved_by == "经县委同意"
    assert [e.title for e in data.highlights] == ["推进医共体紧密运行"]
    community = next(f for f in data.fields if f.name == "医共体建设")
    assert "PRIMARY_VISIT_RATE" in community.indicators


def test_an_issued_document_keeps_what_was_recorded_then(year_record, county_staff):
    from reports import issuance

    note = IndicatorNote.objects.create(
        indicator=Indicator.objects.get(code="PRIMARY_VISIT_RATE"),
        region=year_record,
        year=YEAR,
        cause="首诊意愿不强",
        updated_by=county_staff,
    )
    issued = issuance.issue("summary", YEAR, year_record, user=None, as_of=AS_OF)
    note.cause = "后来改写的原因"
    note.save()
    rebuilt = documents.rebuild("summary", issued.facts)
    text = "\n".join(p.text for p in Document(io.BytesIO(rebuilt.docx)).paragraphs)
    assert "首诊意愿不强" in text and "后来改写的原因" not in text


def test_sanctions_are_counted_by_campaign_or_inspection(unit_a, unit_b, county_a):
    campaign = make_inspection("夜间暗访", date=D(YEAR, 3, 1), campaign="打击非法行医专项行动")
    same = make_inspection("白天暗访", date=D(YEAR, 4, 1), campaign="打击非法行医专项行动")
    plain = make_inspection("春季院感检查", date=D(YEAR, 5, 1))
    for inspection, unit, kind in [
        (campaign, unit_a, SanctionKind.WARNING),
        (same, unit_b, SanctionKind.WARNING),
        (plain, unit_a, SanctionKind.TALK),
    ]:
        problem = make_problem(inspection, unit)
        Sanction.objects.create(unit=unit, problem=problem, kind=kind, date=D(YEAR, 6, 1))
    Sanction.objects.create(unit=unit_a, kind=SanctionKind.WARNING, date=D(YEAR, 6, 2))
    voided = Sanction.objects.create(
        unit=unit_a,
        problem=make_problem(plain, unit_b),
        kind=SanctionKind.FINE,
        amount=Decimal(100),
        date=D(YEAR, 6, 3),
    )
    Sanction.objects.filter(pk=voided.pk).update(
        voided_at=datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC), void_reason="录错"
    )
    assert sanctions_by_inspection(YEAR, None) == [
        ("打击非法行医专项行动", 2),
        ("春季院感检查", 1),
    ]
    assert sanctions_by_inspection(YEAR, county_a) == [
        ("打击非法行医专项行动", 1),
        ("春季院感检查", 1),
    ]
    assert sanctions_by_inspection(YEAR, None, until=D(YEAR, 5, 31)) == []
    assert sanctions_by_inspection(YEAR + 1, None) == []


@pytest.fixture
def field(db):
    return WorkField.objects.get(name="医共体建设")


def _entry_data(field, **overrides):
    data = {
        "year": YEAR,
        "part": Part.ACHIEVEMENT,
        "field": field.pk,
        "title": "青山县入选医共体试点",
        "body": "内容。",
        "highlight": HighlightKind.PILOT,
    }
    return {**data, **overrides}


def test_the_entry_form_flags_a_highlight(client, county_staff, county_a, field):
    client.force_login(county_staff)
    response = client.post("/reports/entries/new/", _entry_data(field, region=county_a.pk))
    assert response.status_code == 302
    entry = WorkEntry.objects.get()
    assert (entry.highlight, entry.status) == (HighlightKind.PILOT, EntryStatus.ADOPTED)


def test_only_an_achievement_is_a_highlight(client, county_staff, county_a, field):
    client.force_login(county_staff)
    data = _entry_data(field, region=county_a.pk, part=Part.PLAN)
    response = client.post("/reports/entries/new/", data)
    assert response.status_code == 400
    assert "只有“开展情况”的条目可以标为亮点。" in response.content.decode()
    assert not WorkEntry.objects.exists()


def test_the_admin_places_indicators_under_a_field(admin_client, field):
    response = admin_client.get(f"/admin/reports/workfield/{field.pk}/change/")
    assert response.status_code == 200
    assert "本领域的指标" in response.content.decode()


def test_the_demo_city_documents_show_what_was_recorded(settings, city):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    assert IndicatorNote.objects.count() == 3 and MeetingContext.objects.count() == 1
    assert WorkEntry.objects.exclude(highlight="").count() == 3
    from units.demo import demo_city

    demo = demo_city()
    summary = documents.render("summary", 2025, demo, as_of=AS_OF).outline
    assert "青山县入选全国紧密型县域医共体建设试点县" in summary.blocks[0].text
    speech = documents.render("speech", 2025, demo, as_of=AS_OF).outline
    assert speech.blocks[0].text.startswith("经市委、市政府同意")
