"""定稿 on the preview page, the archive (已定稿文件), its downloads and 与当前数据对比."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest
from django.urls import reverse

from reports import documents
from reports.documents import FigureRow
from reports.issuance import issue
from reports.models import IssuedReport
from tests.reports.conftest import AS_OF, YEAR

ISSUE_URL = "/reports/issue/"
ARCHIVE_URL = "/reports/issued/"


def _query(region, kind="summary", year=YEAR):
    return {"kind": kind, "year": year, "region": region.pk}


def _issue(region, user, kind="summary", year=YEAR, **kwargs) -> IssuedReport:
    kwargs.setdefault("as_of", AS_OF)
    return issue(kind, year, region, user=user, **kwargs)


# --- the 定稿 button on the preview page -------------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "leader"])
def test_the_preview_offers_issuing(client, request, who, year_record):
    client.force_login(request.getfixturevalue(who))
    body = client.get("/reports/", _query(year_record)).content.decode()
    assert 'data-testid="issue-form"' in body
    assert 'name="replacing" value=""' in body
    assert "定稿说明（选填）" in body
    assert reverse("reports:issued_list") in body


def test_the_preview_shows_the_current_issue(client, leader, staff, year_record):
    current = _issue(year_record, staff)
    client.force_login(leader)
    body = client.get("/reports/", _query(year_record)).content.decode()
    assert f'编号 <a href="{current.get_absolute_url()}"' in body
    assert "由刘晓燕定稿" in body
    assert f'name="replacing" value="{current.number}"' in body
    assert "重新定稿原因" in body


def test_issuing_stores_the_document(client, leader, year_record):
    client.force_login(leader)
    response = client.post(ISSUE_URL, {**_query(year_record), "replacing": "", "note": ""})
    issued = IssuedReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == issued.get_absolute_url()
    assert (issued.kind, issued.year, issued.region, issued.issued_by) == (
        "summary",
        YEAR,
        year_record,
        leader,
    )
    assert issued.sha256 == hashlib.sha256(bytes(issued.docx)).hexdigest()
    page = client.get(response["Location"]).content.decode()
    assert f"已定稿，编号 {issued.number}。" in page


def test_issuing_again_with_a_reason_supersedes(client, staff, year_record):
    first = _issue(year_record, staff)
    client.force_login(staff)
    response = client.post(
        ISSUE_URL, {**_query(year_record), "replacing": first.number, "note": "更正床位数"}
    )
    assert response.status_code == 302
    second = IssuedReport.objects.current().get()
    assert second.supersedes == first and second.note == "更正床位数"
    page = client.get(response["Location"]).content.decode()
    assert f"替代 {first.number}" in page


def test_issuing_again_without_a_reason_is_refused(client, staff, year_record):
    first = _issue(year_record, staff)
    client.force_login(staff)
    response = client.post(ISSUE_URL, {**_query(year_record), "replacing": first.number})
    assert response.status_code == 400
    body = response.content.decode()
    assert "请填写重新定稿的原因" in body
    assert "青山县卫生健康局2025年工作总结" in body  # the preview is shown again
    assert 'class="collapse show' in body
    assert IssuedReport.objects.count() == 1


def test_a_double_click_issues_once(client, staff, year_record):
    client.force_login(staff)
    data = {**_query(year_record), "replacing": "", "note": ""}
    assert client.post(ISSUE_URL, data).status_code == 302
    response = client.post(ISSUE_URL, data)
    assert response.status_code == 400
    assert "本次未重复定稿" in response.content.decode()
    assert IssuedReport.objects.count() == 1


def test_a_bad_kind_is_explained(client, staff, year_record):
    client.force_login(staff)
    response = client.post(ISSUE_URL, {**_query(year_record, kind="poem"), "replacing": ""})
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()
    assert not IssuedReport.objects.exists()


def test_a_too_long_reason_is_explained(client, staff, year_record):
    client.force_login(staff)
    response = client.post(ISSUE_URL, {**_query(year_record), "replacing": "", "note": "长" * 501})
    assert response.status_code == 400
    assert 'data-testid="issue-error"' in response.content.decode()
    assert not IssuedReport.objects.exists()


def test_issuing_rejects_get(client, staff, year_record):
    client.force_login(staff)
    assert client.get(ISSUE_URL, _query(year_record)).status_code == 405


def test_issuing_outside_the_scope_is_404(client, county_staff, county_b):
    client.force_login(county_staff)
    response = client.post(ISSUE_URL, {**_query(county_b), "replacing": ""})
    assert response.status_code == 404
    assert not IssuedReport.objects.exists()


def test_unit_people_cannot_issue(client, head_a, county_a):
    client.force_login(head_a)
    assert client.post(ISSUE_URL, {**_query(county_a), "replacing": ""}).status_code == 403
    assert not IssuedReport.objects.exists()


def test_issuers_are_staff_and_leaders(client, leader, monkeypatch, year_record):
    """A bureau role that only reads (e.g. an auditor) sees no button and is refused."""
    monkeypatch.setattr("reports.issuance.may_issue", lambda user: False)
    client.force_login(leader)
    body = client.get("/reports/", _query(year_record)).content.decode()
    assert 'data-testid="issue-form"' not in body and 'data-testid="archive-link"' in body
    assert client.post(ISSUE_URL, {**_query(year_record), "replacing": ""}).status_code == 403
    assert not IssuedReport.objects.exists()


# --- the archive ------------------------------------------------------------------------------


@pytest.fixture
def archive(city, county_a, county_b, staff):
    """Issues of the city, of 青山县 (one superseded) and of 白沙县, stored directly (issuing
    renders each document; these tests are about the listing)."""
    a_old = IssuedReport.objects.create(**_row(county_a, staff, 1, kind="speech", current=False))
    return {
        "city": IssuedReport.objects.create(**_row(city, staff, 2)),
        "a_old": a_old,
        "a": IssuedReport.objects.create(
            **_row(county_a, None, 3, kind="speech", supersedes=a_old, note="补充数据")
        ),
        "b": IssuedReport.objects.create(**_row(county_b, staff, 4, year=YEAR - 1)),
    }


def _numbers(response) -> list[str]:
    return [row.number for row in response.context["page"].object_list]


def test_the_archive_lists_every_issue_in_scope(client, leader, archive):
    client.force_login(leader)
    response = client.get(ARCHIVE_URL)
    assert response.status_code == 200
    numbers = _numbers(response)
    assert sorted(numbers) == sorted(i.number for i in archive.values())
    body = response.content.decode()
    assert archive["a"].sha256[:12] in body
    assert f'由 <a href="{archive["a"].get_absolute_url()}">{archive["a"].number}</a> 替代' in body
    assert "已被替代" in body and "现行" in body


def test_the_archive_keeps_to_the_region_subtree(client, county_staff, archive):
    client.force_login(county_staff)
    numbers = _numbers(client.get(ARCHIVE_URL))
    assert sorted(numbers) == sorted([archive["a"].number, archive["a_old"].number])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"year": YEAR - 1}, ["b"]),
        ({"kind": "speech"}, ["a", "a_old"]),
        ({"current": "true", "kind": "speech"}, ["a"]),
        ({"current": "false"}, ["a_old"]),
    ],
)
def test_the_archive_filters(client, leader, archive, query, expected):
    client.force_login(leader)
    numbers = _numbers(client.get(ARCHIVE_URL, query))
    assert sorted(numbers) == sorted(archive[key].number for key in expected)


def test_the_archive_filters_by_region(client, leader, archive, county_b):
    client.force_login(leader)
    assert _numbers(client.get(ARCHIVE_URL, {"region": county_b.pk})) == [archive["b"].number]


def test_a_bad_filter_is_explained(client, leader, archive):
    client.force_login(leader)
    response = client.get(ARCHIVE_URL, {"year": "明年"})
    assert response.status_code == 400
    assert "以下筛选条件无法使用" in response.content.decode()


def test_an_empty_archive_says_what_to_do(client, leader, city):
    client.force_login(leader)
    body = client.get(ARCHIVE_URL).content.decode()
    assert "还没有定稿的文件" in body and reverse("reports:index") in body


def test_the_archive_rejects_post(client, leader, city):
    client.force_login(leader)
    assert client.post(ARCHIVE_URL).status_code == 405


def test_unit_people_have_no_archive(client, head_a, archive):
    client.force_login(head_a)
    assert client.get(ARCHIVE_URL).status_code == 403


def test_the_archive_is_in_the_menu(client, leader, head_a, city):
    client.force_login(leader)
    assert "已定稿文件" in client.get("/").content.decode()
    client.force_login(head_a)
    assert "已定稿文件" not in client.get("/").content.decode()


@pytest.mark.parametrize("count", [2, 12])
def test_the_archive_query_count_does_not_grow(
    client, leader, city, staff, count, django_assert_num_queries
):
    # Rows that differ in their neighbours and issuers: superseded chains, web and command.
    for index in range(count // 2):
        year = 2000 + index
        first = IssuedReport.objects.create(**_row(city, staff, index, year=year, current=False))
        IssuedReport.objects.create(
            **_row(city, None, index, year=year, supersedes=first, note="更正")
        )
    client.force_login(leader)
    # session, user, user's region (scope), page count, menu badge, page rows (the region is a
    # search box: no choices to list)
    with django_assert_num_queries(6):
        response = client.get(ARCHIVE_URL)
    assert len(response.context["page"].object_list) == count


def _row(region, user, index, **fields) -> dict:
    return {
        "number": f"DG-TEST-{index:02d}{'b' if 'supersedes' in fields else 'a'}",
        "kind": "summary",
        "year": YEAR,
        "region": region,
        "title": "标题",
        "file_name": "文件.docx",
        "workpaper_name": "文件（数据底稿）.xlsx",
        "docx": b"docx",
        "workpaper": b"xlsx",
        "sha256": hashlib.sha256(b"docx").hexdigest(),
        "facts": {},
        "as_of": AS_OF,
        "issued_by": user,
        "channel": "web" if user else "command",
        **fields,
    }


# --- downloads --------------------------------------------------------------------------------


def test_the_download_is_the_stored_file(client, leader, staff, year_record, unit_a):
    from tests.rectification.conftest import make_inspection, make_problem

    issued = _issue(year_record, staff)
    make_problem(make_inspection("年底复查"), unit_a, description="定稿后发现的问题")
    client.force_login(leader)
    response = client.get(reverse("reports:issued_download", args=[issued.number]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response.content == bytes(issued.docx)
    assert hashlib.sha256(response.content).hexdigest() == issued.sha256


def test_the_workpaper_download_is_the_stored_workbook(client, leader, staff, year_record):
    issued = _issue(year_record, staff)
    client.force_login(leader)
    response = client.get(reverse("reports:issued_workpaper", args=[issued.number]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert response.content == bytes(issued.workpaper)


@pytest.mark.parametrize("name", ["issued_download", "issued_workpaper", "issued_compare"])
def test_an_issue_outside_the_scope_is_404(client, county_staff, archive, name):
    client.force_login(county_staff)
    assert client.get(reverse(f"reports:{name}", args=[archive["b"].number])).status_code == 404
    assert client.get(reverse(f"reports:{name}", args=["DG-1999-9999"])).status_code == 404


@pytest.mark.parametrize("name", ["issued_download", "issued_workpaper", "issued_compare"])
def test_unit_people_cannot_open_an_issue(client, head_a, archive, name):
    client.force_login(head_a)
    assert client.get(reverse(f"reports:{name}", args=[archive["a"].number])).status_code == 403


@pytest.mark.parametrize("name", ["issued_download", "issued_workpaper", "issued_compare"])
def test_an_issue_page_rejects_post(client, leader, archive, name):
    client.force_login(leader)
    assert client.post(reverse(f"reports:{name}", args=[archive["a"].number])).status_code == 405


# --- 与当前数据对比 -----------------------------------------------------------------------------


def _figure(key: str, printed: str) -> FigureRow:
    return FigureRow(
        key=key,
        section="一、2025年重点工作开展情况",
        sentence="",
        printed=printed,
        definition=f"{key}的口径",
        records=None,
    )


def test_the_compare_page_lists_the_changed_figures(client, leader, staff, city, monkeypatch):
    issued = IssuedReport.objects.create(
        **{
            **_row(city, staff, 1),
            "kind": "summary",
            "year": YEAR,
            "figures": [
                dataclasses.asdict(_figure("rect.problems", "3个")),
                dataclasses.asdict(_figure("rect.closed", "1个")),
                dataclasses.asdict(_figure("rect.gone", "2个")),
            ],
        }
    )
    render = documents.render

    def render_now(*args, **kwargs):
        now = [_figure("rect.problems", "4个"), _figure("rect.closed", "1个")]
        return dataclasses.replace(render(*args, **kwargs), figures=now)

    monkeypatch.setattr("reports.views.documents.render", render_now)
    client.force_login(leader)
    response = client.get(issued.get_absolute_url())
    assert response.status_code == 200
    changes = [(c.key, c.old, c.new) for c in response.context["changes"]]
    assert changes == [("rect.problems", "3个", "4个"), ("rect.gone", "2个", "—")]
    body = response.content.decode()
    assert "rect.problems的口径" in body and "rect.closed的口径" not in body
    assert issued.sha256 in body


def test_the_compare_page_of_an_unchanged_record(client, leader, staff, year_record):
    issued = _issue(year_record, staff)
    client.force_login(leader)
    # The record stands as it did on the day of issue (the clock moved on, the data did not).
    response = client.get(issued.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert issued.number in body and "刘晓燕" in body and issued.sha256 in body
    assert [c for c in response.context["changes"] if c.old != c.new] == list(
        response.context["changes"]
    )


def test_the_compare_page_shows_the_chain(client, leader, staff, year_record):
    first = _issue(year_record, staff)
    second = _issue(year_record, staff, note="补充第四季度数据")
    client.force_login(leader)
    old_page = client.get(first.get_absolute_url()).content.decode()
    assert "已被替代" in old_page and second.number in old_page
    new_page = client.get(second.get_absolute_url()).content.decode()
    assert "重新定稿原因" in new_page and "补充第四季度数据" in new_page
    assert first.number in new_page


# --- admin ------------------------------------------------------------------------------------


def test_the_admin_only_reads(client, admin_user, year_record, staff):
    issued = _issue(year_record, staff)
    client.force_login(admin_user)
    base = "/admin/reports/issuedreport/"
    assert client.get(base).status_code == 200
    change = client.get(f"{base}{issued.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}{issued.pk}/delete/", {"post": "yes"}).status_code == 403
    assert IssuedReport.objects.filter(pk=issued.pk).exists()
