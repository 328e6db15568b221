"""The four documents on the reports page: preview, Word, 数据底稿 and 定稿 for the 半年工作总结 and
the 整改通报 beside the summary and the speech; a bulletin is issued per week or month."""

from __future__ import annotations

import io

import pytest
from docx import Document

from reports.issuance import IssueError, issue
from reports.models import IssuedReport
from tests.clock import at
from tests.reports.test_bulletin import TODAY, fortnight  # noqa: F401  (the fixture)

WEEK = {"kind": "bulletin", "period": "week", "date": "2026-06-10"}


@pytest.fixture
def page(client, staff, clock, fortnight):  # noqa: F811
    clock.move_to(at(TODAY))
    client.force_login(staff)
    return client


def test_the_form_offers_four_kinds(page):
    body = page.get("/reports/").content.decode()
    for label in ("年度工作总结", "工作会议讲话", "半年工作总结", "整改通报"):
        assert label in body
    assert 'name="period"' in body and 'name="date"' in body


def test_bulletin_preview(page, fortnight):  # noqa: F811
    response = page.get("/reports/", {**WEEK, "region": fortnight.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "关于2026年6月8日至14日<br>整改工作情况的通报" in body
    assert 'data-testid="number-line">示卫整改周〔2026〕24号<' in body
    assert "逾期未整改问题清单" in body
    assert "period=week" in response.context["download_query"]
    assert 'name="period" value="week"' in body  # the 定稿 form carries the choice


def test_bulletin_download_and_workpaper(page, fortnight):  # noqa: F811
    query = {**WEEK, "region": fortnight.pk}
    docx = page.get("/reports/download/", query)
    assert docx.status_code == 200
    first = Document(io.BytesIO(docx.content)).paragraphs[0].text
    assert first == "关于2026年6月8日至14日\n整改工作情况的通报"
    workpaper = page.get("/reports/workpaper/", query)
    assert workpaper.status_code == 200
    assert workpaper["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("kind", ["halfyear", "summary", "speech"])
def test_year_documents_download(page, fortnight, kind):  # noqa: F811
    response = page.get("/reports/download/", {"kind": kind, "year": 2026, "region": fortnight.pk})
    assert response.status_code == 200
    assert Document(io.BytesIO(response.content)).paragraphs[0].text


def test_issue_a_bulletin_from_the_page(page, fortnight):  # noqa: F811
    response = page.post("/reports/issue/", {**WEEK, "year": 2026, "region": fortnight.pk})
    issued = IssuedReport.objects.get()
    assert response.status_code == 302
    assert (issued.kind, issued.year, issued.period) == ("bulletin", 2026, "week:2026-06-08")
    assert issued.title == "关于2026年6月8日至14日整改工作情况的通报"
    compare = page.get(issued.get_absolute_url())
    assert compare.status_code == 200
    assert list(compare.context["changes"]) == []


def test_each_week_has_its_own_current_issue(fortnight, staff):  # noqa: F811
    first = issue("bulletin", 0, fortnight, user=staff, as_of=TODAY, period="week:2026-06-10")
    other = issue("bulletin", 0, fortnight, user=staff, as_of=TODAY, period="week:2026-06-01")
    month = issue("bulletin", 0, fortnight, user=staff, as_of=TODAY, period="month:2026-06-30")
    assert {first.current, other.current, month.current} == {True}
    assert month.period == "month:2026-06-01"
    # The same week again (any day of it) replaces its issue, with a reason.
    with pytest.raises(IssueError, match="重新定稿的原因"):
        issue("bulletin", 0, fortnight, user=staff, as_of=TODAY, period="week:2026-06-14")
    again = issue(
        "bulletin", 0, fortnight, user=staff, as_of=TODAY, period="week:2026-06-14", note="补录"
    )
    assert again.supersedes_id == first.pk


def test_issue_halfyear(fortnight, staff):  # noqa: F811
    issued = issue("halfyear", 2026, fortnight, user=staff, as_of=TODAY)
    assert issued.title == "示例市卫生健康局2026年上半年工作总结"
    assert issued.period == ""
