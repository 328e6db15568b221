"""The pages: normal case, wrong method (405), out of scope (404), not allowed (403), bad input."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from rectification.models import Evidence, ExtensionRequest, Inspection, Problem, Sanction, Status
from rectification.workflow import Action, transition
from tests.rectification.conftest import D, make_problem, png_bytes

SOON = timezone.localdate() + datetime.timedelta(days=30)
LATER = SOON + datetime.timedelta(days=60)


@pytest.fixture
def problem_a(inspection, unit_a):
    """The pages judge deadlines by the real clock, so the deadline is a month from today."""
    return make_problem(inspection, unit_a, deadline=SOON)


@pytest.fixture
def problem_b(inspection, unit_b):
    return make_problem(inspection, unit_b, deadline=SOON, description="医疗废物暂存点未上锁")


def url(name, *args):
    return reverse(f"rectification:{name}", args=args)


def upload(client, problem, name="整改后.png", data=None, content_type="image/png"):
    return client.post(
        url("evidence_upload", problem.pk),
        {"file": SimpleUploadedFile(name, data if data is not None else png_bytes(), content_type)},
    )


def text(response):
    return response.content.decode()


# Problem list -----------------------------------------------------------------------------


def test_list_shows_only_the_scope(client, head_a, problem_a, problem_b):
    client.force_login(head_a)
    body = text(client.get(url("problem_list")))
    assert problem_a.description in body
    assert problem_b.description not in body


def test_list_filters_by_overdue_and_status(client, staff, problem_a, problem_b):
    Problem.objects.filter(pk=problem_b.pk).update(
        deadline=D(2020, 1, 1), original_deadline=D(2020, 1, 1)
    )
    client.force_login(staff)
    body = text(client.get(url("problem_list"), {"overdue": "true"}))
    assert problem_b.description in body and problem_a.description not in body
    assert "逾期" in body
    body = text(client.get(url("problem_list"), {"status": "closed"}))
    assert "没有符合筛选条件的问题" in body


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow(
    client, staff, inspection, unit_a, rows, django_assert_num_queries
):
    for i in range(rows):
        make_problem(inspection, unit_a, description=f"问题{i}")
    client.force_login(staff)
    with django_assert_num_queries(10):
        response = client.get(url("problem_list"), {"sort": "deadline"})
    assert response.status_code == 200


def test_list_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post(url("problem_list")).status_code == 405


def test_export_is_the_ledger_of_the_filtered_list(client, staff, problem_a, problem_b):
    from tests.rectification.test_ledger import sheet_rows

    client.force_login(staff)
    response = client.get(url("problem_export"), {"unit": problem_a.unit_id})
    rows = sheet_rows(response.content)
    assert rows[0][0] == "序号" and len(rows) == 2


# Problem detail and actions -----------------------------------------------------------------


def test_detail_offers_the_actions_of_the_role(client, head_a, problem_a):
    client.force_login(head_a)
    body = text(client.get(url("problem_detail", problem_a.pk)))
    assert "报告整改进展" in body and "申请销号" in body and "验收销号" not in body


def test_detail_of_another_unit_is_404(client, head_b, problem_a):
    client.force_login(head_b)
    assert client.get(url("problem_detail", problem_a.pk)).status_code == 404


def test_progress_is_reported(client, head_a, problem_a):
    client.force_login(head_a)
    response = client.post(url("problem_action", problem_a.pk, "progress"), {"note": "已采购"})
    assert response.status_code == 302
    problem_a.refresh_from_db()
    assert (problem_a.status, problem_a.progress) == (Status.IN_PROGRESS, "已采购")


def test_submitting_without_evidence_is_explained(client, head_a, problem_a):
    client.force_login(head_a)
    response = client.post(
        url("problem_action", problem_a.pk, "submit"), {"note": "已整改"}, follow=True
    )
    assert "须至少上传一份佐证材料" in text(response)
    problem_a.refresh_from_db()
    assert problem_a.status == Status.OPEN


def test_closing_own_submission_is_refused(client, staff, head_a, problem_a, with_photo):
    with_photo(problem_a, head_a)
    transition(problem_a, Action.SUBMIT, head_a, note="已整改")
    Problem.objects.filter(pk=problem_a.pk).update(submitted_by=staff)
    client.force_login(staff)
    response = client.post(url("problem_action", problem_a.pk, "close"), follow=True)
    assert "不能验收自己提交的销号申请" in text(response)
    problem_a.refresh_from_db()
    assert problem_a.status == Status.SUBMITTED


def test_staff_closes(client, staff, head_a, problem_a, with_photo):
    with_photo(problem_a, head_a)
    transition(problem_a, Action.SUBMIT, head_a, note="已整改")
    client.force_login(staff)
    client.post(url("problem_action", problem_a.pk, "close"), {"note": "合格"})
    problem_a.refresh_from_db()
    assert problem_a.status == Status.CLOSED


def test_leader_may_not_close(client, leader, problem_a):
    client.force_login(leader)
    assert client.post(url("problem_action", problem_a.pk, "close")).status_code == 403


def test_action_of_another_unit_is_404(client, head_b, problem_a):
    client.force_login(head_b)
    assert client.post(url("problem_action", problem_a.pk, "progress")).status_code == 404


def test_action_rejects_get(client, head_a, problem_a):
    client.force_login(head_a)
    assert client.get(url("problem_action", problem_a.pk, "progress")).status_code == 405


def test_unknown_action_is_404(client, staff, problem_a):
    client.force_login(staff)
    assert client.post(url("problem_action", problem_a.pk, "explode")).status_code == 404


# Evidence ---------------------------------------------------------------------------------


def test_photo_is_stored_privately_with_a_thumbnail(client, head_a, head_b, problem_a, settings):
    client.force_login(head_a)
    upload(client, problem_a)
    evidence = Evidence.objects.get()
    assert evidence.original_name == "整改后.png"
    assert "整改后" not in evidence.file.name and len(evidence.sha256) == 64
    assert evidence.thumbnail
    response = client.get(url("evidence_thumbnail", evidence.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client.get(url("evidence_download", evidence.pk)).status_code == 200
    client.force_login(head_b)
    assert client.get(url("evidence_download", evidence.pk)).status_code == 404


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("脚本.exe", b"MZ", "只接受图片"),
        ("假图片.jpg", b"not an image", "不是真正的图片"),
        ("报告.pdf", b"hello", "文件内容与扩展名"),
    ],
)
def test_bad_evidence_is_refused(client, head_a, problem_a, name, data, message):
    client.force_login(head_a)
    response = upload(client, problem_a, name=name, data=data)
    assert message in text(client.get(response.url))
    assert not Evidence.objects.exists()


def test_oversized_evidence_is_refused(client, head_a, problem_a, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    client.force_login(head_a)
    response = upload(client, problem_a)
    assert "超过了" in text(client.get(response.url))
    assert not Evidence.objects.exists()


def test_a_path_in_the_name_is_refused(head_a, problem_a):
    from rectification.evidence import add_evidence
    from rectification.workflow import WorkflowError

    with pytest.raises(WorkflowError, match="不能包含路径"):
        add_evidence(problem_a, head_a, name="../../etc/passwd.png", data=png_bytes())


def test_leader_may_not_upload(client, leader, problem_a):
    client.force_login(leader)
    assert upload(client, problem_a).status_code == 403


# Extensions and sanctions -------------------------------------------------------------------


def test_extension_request_and_approval(client, head_a, staff, problem_a):
    client.force_login(head_a)
    client.post(
        url("extension_request", problem_a.pk),
        {"new_deadline": LATER.isoformat(), "reason": "设备未到"},
    )
    extension = ExtensionRequest.objects.get()
    client.force_login(staff)
    client.post(url("extension_decide", extension.pk), {"approve": "on"})
    problem_a.refresh_from_db()
    assert (problem_a.deadline, problem_a.original_deadline) == (LATER, SOON)


def test_extension_to_an_earlier_date_is_explained(client, head_a, problem_a):
    client.force_login(head_a)
    response = client.post(
        url("extension_request", problem_a.pk),
        {"new_deadline": "2025-01-01", "reason": "x"},
        follow=True,
    )
    assert "延期后的时限应晚于当前整改时限" in text(response)
    assert not ExtensionRequest.objects.exists()


def test_unit_may_not_decide_extensions(client, head_a, problem_a):
    from rectification.workflow import request_extension

    extension = request_extension(problem_a, head_a, new_deadline=LATER, reason="x")
    client.force_login(head_a)
    assert client.post(url("extension_decide", extension.pk), {"approve": "on"}).status_code == 403


def test_staff_records_a_sanction(client, staff, problem_a):
    client.force_login(staff)
    client.post(
        url("sanction_add", problem_a.pk), {"kind": "fine", "amount": "5000", "date": "2025-06-01"}
    )
    sanction = Sanction.objects.get()
    assert (sanction.unit, sanction.amount) == (problem_a.unit, 5000)


def test_unit_may_not_record_sanctions(client, head_a, problem_a):
    client.force_login(head_a)
    response = client.post(
        url("sanction_add", problem_a.pk), {"kind": "fine", "date": "2025-06-01"}
    )
    assert response.status_code == 403


# Inspections and problems ---------------------------------------------------------------------


def test_staff_records_an_inspection_and_a_problem(client, staff, unit_a):
    client.force_login(staff)
    response = client.post(
        url("inspection_create"),
        {"source": 3, "title": "夜间暗访", "date": "2025-05-01", "organiser": "医政科"},
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get(title="夜间暗访")
    response = client.post(
        url("problem_create", inspection.pk),
        {
            "unit": unit_a.pk,
            "category": 1,
            "severity": "general",
            "kind": "deadline",
            "description": "值班医生脱岗",
            "deadline": "2025-04-01",
        },
    )
    assert response.status_code == 400
    assert "整改时限不能早于检查日期（2025-05-01）" in text(response)
    assert not Problem.objects.exists()
    data = {
        "unit": unit_a.pk,
        "category": 1,
        "severity": "general",
        "kind": "deadline",
        "description": "值班医生脱岗",
        "deadline": "2025-06-01",
    }
    client.post(url("problem_create", inspection.pk), data)
    problem = Problem.objects.get()
    assert problem.original_deadline == problem.deadline == D(2025, 6, 1)
    assert problem.events.get().action == "created"


def test_unit_people_may_not_see_inspection_pages(client, head_a, inspection):
    client.force_login(head_a)
    assert client.get(url("inspection_list")).status_code == 403
    assert client.get(url("inspection_create")).status_code == 403


def test_leader_may_not_record_inspections(client, leader):
    client.force_login(leader)
    assert client.get(url("inspection_list")).status_code == 200
    assert client.get(url("inspection_create")).status_code == 403


def test_inspection_of_another_county_is_404(client, county_staff, problem_b):
    client.force_login(county_staff)
    assert client.get(url("inspection_detail", problem_b.inspection_id)).status_code == 404


# Queue, stats, import, notifications, home ---------------------------------------------------


def test_queue_lists_what_awaits_the_staff(client, staff, head_a, problem_a, with_photo):
    with_photo(problem_a, head_a)
    transition(problem_a, Action.SUBMIT, head_a, note="已整改")
    client.force_login(staff)
    body = text(client.get(url("queue")))
    assert problem_a.description in body


def test_queue_is_for_staff(client, leader, head_a):
    for user in (leader, head_a):
        client.force_login(user)
        assert client.get(url("queue")).status_code == 403


def test_stats_page_and_export(client, leader, problem_a, county_a):
    client.force_login(leader)
    response = client.get(url("stats"), {"year": 2025})
    assert response.status_code == 200
    assert "整改完成率" in text(response)
    response = client.get(url("stats_export"), {"year": 2025, "region": county_a.pk})
    assert response.status_code == 200


def test_stats_of_a_region_outside_the_scope_is_404(client, county_staff, county_b):
    client.force_login(county_staff)
    assert client.get(url("stats"), {"region": county_b.pk}).status_code == 404


def test_ledger_import_is_for_writers(client, leader, staff):
    client.force_login(leader)
    assert client.get(url("ledger_import")).status_code == 403
    client.force_login(staff)
    assert client.get(url("ledger_import")).status_code == 200
    assert client.get(url("ledger_template")).status_code == 200


def test_home_pages_show_rectification(client, head_a, staff, leader, problem_a):
    Problem.objects.filter(pk=problem_a.pk).update(
        deadline=D(2020, 1, 1), original_deadline=D(2020, 1, 1)
    )
    client.force_login(head_a)
    body = text(client.get("/"))
    assert "本单位待整改问题" in body and "table-danger" in body
    client.force_login(staff)
    assert "逾期未整改" in text(client.get("/"))
    client.force_login(leader)
    assert "整改完成率" in text(client.get("/"))


def test_notifications_page(client, head_a):
    client.force_login(head_a)
    assert "暂无提醒" in text(client.get(url("notifications")))
    assert client.get(url("notifications_read")).status_code == 405
