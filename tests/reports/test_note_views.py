"""原因与措施: the list of a region's shortfalls still without a cause or measure, the form that
records them, and the documents that then print them (the year_record of conftest: 青山县 in
2025, 孕产妇死亡率 20/10万 against ≤14.5 and 基层就诊率 50% against ≥65%)."""

from __future__ import annotations

import io

import pytest
from docx import Document

from indicators.models import Indicator
from reports import documents
from reports.models import IndicatorNote
from tests.indicators.conftest import aim, put
from tests.reports.conftest import AS_OF, YEAR

URL = "/reports/notes/"


def edit_url(region, code="PRIMARY_VISIT_RATE", year=YEAR):
    return f"/reports/notes/{region.pk}/{year}/{code}/"


def note(region, staff, code="PRIMARY_VISIT_RATE", **fields):
    defaults = {"cause": "基层首诊意愿不强", "measure": "扩大家庭医生签约服务覆盖面"}
    return IndicatorNote.objects.create(
        indicator=Indicator.objects.get(code=code),
        region=region,
        year=YEAR,
        updated_by=staff,
        **{**defaults, **fields},
    )


def test_list_shows_the_shortfalls_without_notes(client, county_staff, year_record):
    client.force_login(county_staff)
    response = client.get(URL, {"year": YEAR, "region": year_record.pk})
    assert response.status_code == 200
    missing = [item.result.code for item in response.context["missing"]]
    assert missing == ["MMR", "PRIMARY_VISIT_RATE"]
    assert "基层就诊率" in response.content.decode()


def test_list_moves_a_noted_shortfall_to_done(client, county_staff, year_record):
    note(year_record, county_staff)
    client.force_login(county_staff)
    response = client.get(URL, {"year": YEAR, "region": year_record.pk})
    assert [i.result.code for i in response.context["missing"]] == ["MMR"]
    assert [i.result.code for i in response.context["done"]] == ["PRIMARY_VISIT_RATE"]


def test_a_cause_without_a_measure_is_still_missing(client, county_staff, year_record):
    note(year_record, county_staff, measure="")
    client.force_login(county_staff)
    response = client.get(URL, {"year": YEAR, "region": year_record.pk})
    assert [i.result.code for i in response.context["missing"]] == ["MMR", "PRIMARY_VISIT_RATE"]


@pytest.mark.parametrize("shortfalls", [2, 4])
def test_list_query_count_is_constant(
    client, county_staff, year_record, unit_a, shortfalls, django_assert_num_queries
):
    for code in ["NURSES_PER_1000", "DOCTORS_PER_1000"][: shortfalls - 2]:
        aim(code, year_record, ">=", "999")
        put(code.removesuffix("_PER_1000"), unit_a, 10)
    put("POPULATION", year_record, 100000)
    note(year_record, county_staff)
    client.force_login(county_staff)
    with django_assert_num_queries(12):
        response = client.get(URL, {"year": YEAR, "region": year_record.pk})
    assert len(response.context["done"]) + len(response.context["missing"]) == shortfalls


def test_list_rejects_post(client, county_staff):
    client.force_login(county_staff)
    assert client.post(URL).status_code == 405


def test_list_keeps_to_the_scope(client, county_staff, county_b):
    client.force_login(county_staff)
    assert client.get(URL, {"region": county_b.pk}).status_code == 404


def test_list_is_for_bureau_people(client, head_a):
    client.force_login(head_a)
    assert client.get(URL).status_code == 403


def test_form_records_a_note(client, county_staff, year_record):
    client.force_login(county_staff)
    assert client.get(edit_url(year_record)).status_code == 200
    response = client.post(
        edit_url(year_record), {"cause": "基层首诊意愿不强", "measure": "扩大签约覆盖面"}
    )
    assert response.status_code == 302
    saved = IndicatorNote.objects.get()
    assert (saved.region, saved.year, saved.indicator.code) == (
        year_record,
        YEAR,
        "PRIMARY_VISIT_RATE",
    )
    assert (saved.cause, saved.updated_by) == ("基层首诊意愿不强", county_staff)


def test_form_edits_the_existing_note(client, county_staff, year_record):
    existing = note(year_record, county_staff)
    client.force_login(county_staff)
    client.post(edit_url(year_record), {"cause": "新的原因", "measure": ""})
    existing.refresh_from_db()
    assert (existing.cause, existing.measure) == ("新的原因", "")
    assert IndicatorNote.objects.count() == 1


def test_form_refuses_an_empty_note(client, county_staff, year_record):
    client.force_login(county_staff)
    response = client.post(edit_url(year_record), {"cause": " ", "measure": ""})
    assert response.status_code == 400
    assert "请至少填写原因分析或下步措施。" in response.content.decode()
    assert not IndicatorNote.objects.exists()


def test_form_refuses_a_cause_too_long(client, county_staff, year_record):
    client.force_login(county_staff)
    response = client.post(edit_url(year_record), {"cause": "长" * 501, "measure": "措施"})
    assert response.status_code == 400
    assert not IndicatorNote.objects.exists()


def test_form_rejects_put(client, county_staff, year_record):
    client.force_login(county_staff)
    assert client.put(edit_url(year_record)).status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        lambda r, other: edit_url(other),  # another county
        lambda r, other: edit_url(r, code="NO_SUCH"),
        lambda r, other: edit_url(r, code="VACCINATION"),  # a unit-level rate: no region figure
        lambda r, other: edit_url(r, year=2019),
    ],
)
def test_form_404s(client, county_staff, year_record, county_b, url):
    client.force_login(county_staff)
    assert client.get(url(year_record, county_b)).status_code == 404
    assert client.post(url(year_record, county_b), {"cause": "x"}).status_code == 404
    assert not IndicatorNote.objects.exists()


def test_form_is_for_writers(client, leader, year_record):
    client.force_login(leader)
    assert client.get(edit_url(year_record)).status_code == 403
    assert client.post(edit_url(year_record), {"cause": "x"}).status_code == 403
    assert not IndicatorNote.objects.exists()


def _text(kind, region):
    rendered = documents.render(kind, YEAR, region, as_of=AS_OF)
    return "\n".join(p.text for p in Document(io.BytesIO(rendered.docx)).paragraphs)


def test_the_documents_print_what_was_recorded(county_staff, year_record):
    assert "主要原因是" not in _text("summary", year_record)
    note(year_record, county_staff)
    summary, speech = _text("summary", year_record), _text("speech", year_record)
    assert "基层首诊意愿不强" in summary.split("二、存在的问题")[1]
    assert "扩大家庭医生签约服务覆盖面" in summary.split("三、")[1]
    assert "要扩大家庭医生签约服务覆盖面" in speech.split("三、")[1]
