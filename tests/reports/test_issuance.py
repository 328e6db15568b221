"""定稿 as a domain operation: reports.issuance.issue and the IssuedReport it stores."""

from __future__ import annotations

import hashlib
import io
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from docx import Document
from openpyxl import load_workbook

from accounts.models import Role
from reports import documents
from reports.issuance import IssueError, issue, may_issue
from reports.models import IssueChannel, IssuedReport
from tests.clock import TODAY
from tests.fixtures import make_user
from tests.reports.conftest import AS_OF, YEAR


def issued(region, user, kind="summary", **kwargs) -> IssuedReport:
    kwargs.setdefault("as_of", AS_OF)
    return issue(kind, YEAR, region, user=user, **kwargs)


def paragraph_texts(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs]


def test_it_stores_the_document_and_what_stands_behind_it(year_record, leader):
    report = issued(year_record, leader, note="经局长办公会审定")
    report = IssuedReport.objects.get(pk=report.pk)

    assert report.number == f"DG-{TODAY.year}-0001"
    assert (report.kind, report.year, report.region) == ("summary", YEAR, year_record)
    assert report.title.startswith("青山县卫生健康局2025年工作总结")
    assert report.file_name == "青山县2025年年度工作总结.docx"
    assert report.workpaper_name == "青山县2025年年度工作总结（数据底稿）.xlsx"
    docx = bytes(report.docx)
    assert paragraph_texts(docx)[0].startswith("青山县卫生健康局2025年工作总结")
    assert report.sha256 == hashlib.sha256(docx).hexdigest()
    assert load_workbook(io.BytesIO(bytes(report.workpaper))).sheetnames
    rendered = documents.render("summary", YEAR, year_record, as_of=AS_OF)
    assert report.facts == rendered.facts
    assert report.figures == rendered.figures_json()
    assert report.as_of == AS_OF
    assert (report.issued_by, report.channel, report.issuer) == (leader, IssueChannel.WEB, "王局长")
    assert report.note == "经局长办公会审定"
    assert report.current and report.supersedes is None


def test_numbers_run_on(year_record, staff):
    first = issued(year_record, staff)
    second = issued(year_record, staff, kind="speech")
    prefix = f"DG-{TODAY.year}-"
    assert (first.number, second.number) == (f"{prefix}0001", f"{prefix}0002")
    # Both are current: they are different documents.
    assert IssuedReport.objects.current().count() == 2


def test_issuing_again_needs_a_reason(year_record, staff):
    first = issued(year_record, staff)
    with pytest.raises(IssueError, match=rf"已有定稿（{first.number}）.*请填写重新定稿的原因"):
        issued(year_record, staff, note="  ")
    assert IssuedReport.objects.count() == 1


def test_a_newer_issue_supersedes_the_current_one(year_record, staff, leader):
    first = issued(year_record, staff)
    second = issued(year_record, leader, note="补充了第四季度数据")
    first.refresh_from_db()
    assert not first.current and first.superseded_by == second
    assert second.current and second.supersedes == first
    assert second.note == "补充了第四季度数据"
    assert list(IssuedReport.objects.current()) == [second]


def test_a_page_that_saw_no_issue_does_not_issue_twice(year_record, staff):
    """A double click: both requests were sent from a page that showed no current issue."""
    first = issued(year_record, staff, replacing="")
    with pytest.raises(IssueError, match=rf"刚刚已定稿（{first.number}，刘晓燕"):
        issued(year_record, staff, replacing="", note="重复点击")
    assert IssuedReport.objects.count() == 1


def test_a_page_that_saw_an_older_issue_does_not_supersede_the_newer(year_record, staff):
    first = issued(year_record, staff)
    second = issued(year_record, staff, replacing=first.number, note="更正")
    with pytest.raises(IssueError, match=second.number):
        issued(year_record, staff, replacing=first.number, note="更正")
    assert IssuedReport.objects.count() == 2


def test_only_staff_and_leaders_issue(year_record, head_a):
    with pytest.raises(PermissionDenied):
        issued(year_record, head_a)
    assert not IssuedReport.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.LEADER, True),
        (Role.STAFF, True),
        (Role.SYS_ADMIN, False),
        (Role.SEC_ADMIN, False),
        (Role.AUDIT_ADMIN, False),
        (Role.UNIT_HEAD, False),
        (Role.UNIT_CLERK, False),
    ],
)
def test_who_may_issue(role, allowed, unit_a):
    fields = {"unit": unit_a} if role in (Role.UNIT_HEAD, Role.UNIT_CLERK) else {}
    assert may_issue(make_user(f"u-{role}", role, **fields)) is allowed


def test_a_region_outside_the_scope_is_refused(county_b, county_staff):
    with pytest.raises(PermissionDenied):
        issued(county_b, county_staff)
    assert not IssuedReport.objects.exists()


def test_a_command_issues_without_a_user(year_record):
    report = issued(year_record, None)
    assert (report.issued_by, report.channel, report.issuer) == (None, "command", "命令行")


def test_an_issue_is_never_edited_or_deleted(year_record, staff):
    report = issued(year_record, staff)
    report.note = "改一改"
    with pytest.raises(ValueError, match="不能修改"):
        report.save()
    with pytest.raises(ValueError, match="不能删除"):
        report.delete()
    assert IssuedReport.objects.get().note == ""


def test_the_database_keeps_one_current_issue(year_record, staff):
    first = issued(year_record, staff)
    copy = IssuedReport.objects.get(pk=first.pk)
    copy.pk, copy.number = None, "DG-TEST-0002"
    copy._state.adding = True
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_the_database_wants_a_reason_to_supersede(year_record, staff):
    first = issued(year_record, staff)
    IssuedReport.objects.filter(pk=first.pk).update(current=False)
    copy = IssuedReport.objects.get(pk=first.pk)
    copy.pk, copy.number, copy.current, copy.supersedes = None, "DG-TEST-0002", True, first
    copy._state.adding = True
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


@pytest.mark.parametrize("kind", ["summary", "speech"])
def test_rebuilding_from_the_snapshot_gives_the_same_text(year_record, staff, kind):
    from tests.rectification.conftest import make_inspection, make_problem
    from tests.reports.conftest import D

    report = issued(year_record, staff, kind=kind)
    # The record moves on; the snapshot does not.
    inspection = make_inspection("年底复查", date=D(YEAR, 12, 1))
    make_problem(inspection, year_record.units.first(), description="新发现的问题")

    rebuilt = documents.rebuild(kind, report.facts)
    assert paragraph_texts(rebuilt.docx) == paragraph_texts(bytes(report.docx))
    assert rebuilt.title == report.title and rebuilt.file_name == report.file_name


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks (SELECT … FOR UPDATE); the race is tested on PostgreSQL.",
)
@pytest.mark.django_db(transaction=True)
def test_two_people_issuing_at_once_give_one_issue(city, staff, leader):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def issue_as(user):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            outcomes.append(issued(city, user, replacing="").number)
        except IssueError as error:
            outcomes.append(str(error))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=issue_as, args=(u,)) for u in (staff, leader)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert IssuedReport.objects.count() == 1
    number = IssuedReport.objects.get().number
    assert sorted(outcomes, key=len)[0] == number
    assert "本次未重复定稿" in sorted(outcomes, key=len)[1]


def test_the_document_its_workpaper_and_its_issued_copy_agree_figure_for_figure(year_record, staff):
    live = documents.render("summary", YEAR, year_record, as_of=AS_OF)
    report = IssuedReport.objects.get(pk=issued(year_record, staff).pk)
    stored = documents.figures_from_json(report.figures)
    assert stored == live.figures
    sheet = load_workbook(io.BytesIO(bytes(report.workpaper)), read_only=True)["底稿"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2], r[3]) for r in rows] == [
        (f.section, f.sentence, f.printed) for f in stored
    ]
    text = "\n".join(paragraph_texts(bytes(report.docx)))
    for figure in stored:
        if " | " not in figure.sentence:
            assert figure.sentence.rstrip("。") in text
