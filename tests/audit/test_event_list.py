"""安全审计日志 page: the 审计管理员's, filtered, in Chinese, paginated, and itself recorded."""

from __future__ import annotations

import datetime

import pytest

from audit.models import Action, AuditEvent, Result
from tests.audit.conftest import last
from tests.clock import NOW

URL = "/audit/"


def make_event(n: int = 0, **fields) -> AuditEvent:
    fields.setdefault("action", Action.DOWNLOAD)
    fields.setdefault("username", f"user{n}")
    fields.setdefault("user_name", f"用户{n}")
    fields.setdefault("at", NOW - datetime.timedelta(minutes=n))
    return AuditEvent.objects.create(**fields)


def rows(response) -> list[str]:
    # The auditor's own login is in the trail too.
    return [e.username for e in response.context["page"].object_list if e.username != "auditor"]


def test_it_shows_the_trail_in_chinese(client, auditor):
    make_event(
        action=Action.TRANSITION,
        username="staff",
        user_name="刘晓燕",
        role="局机关工作人员",
        scope="示例市（含下级）",
        ip="10.0.0.8",
        object_type="rectification.problem",
        object_id="7",
        object_name="青山县人民医院：手卫生设施不全",
        detail="rectification:problem_action action=close 另写入：销号 2026-06-15（整改事项记录）",
    )
    make_event(action=Action.DENIED, result=Result.REFUSED, reason="无权访问", username="leader")
    client.force_login(auditor)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    texts = ["刘晓燕（staff）", "10.0.0.8", "状态变更", "整改问题", "销号", "拒绝访问", "无权访问"]
    for text in texts:
        assert text in body, text


def test_reading_the_trail_is_recorded(client, auditor):
    client.force_login(auditor)
    client.get(URL, {"action": Action.DOWNLOAD})
    event = last(Action.AUDIT_READ)
    assert (event.user, event.detail) == (auditor, "action=download")


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"user": "用户1"}, ["user1"]),
        ({"user": "USER2"}, ["user2"]),
        ({"action": Action.LOGIN}, ["user1"]),
        ({"result": Result.REFUSED}, ["user2"]),
        ({"object_type": "reports.issuedreport"}, ["user0"]),
        ({"object": "DG-2026-0001"}, ["user0"]),
        ({"object": "总结"}, ["user0"]),
        ({"start": "2026-06-14", "end": "2026-06-14"}, ["user2"]),
        ({"start": "2026-06-15"}, ["user0", "user1"]),
    ],
)
def test_it_filters(client, auditor, query, expected):
    make_event(
        0,
        object_type="reports.issuedreport",
        object_id="DG-2026-0001",
        object_name="2025年工作总结.docx",
    )
    make_event(1, action=Action.LOGIN)
    make_event(2, result=Result.REFUSED, at=NOW - datetime.timedelta(days=1))  # yesterday
    client.force_login(auditor)
    assert rows(client.get(URL, query)) == expected


def test_a_bad_filter_is_explained_and_shows_nothing(client, auditor):
    make_event()
    client.force_login(auditor)
    response = client.get(URL, {"start": "昨天", "action": "drop"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "以下筛选条件无法使用" in body
    assert rows(response) == []


def test_it_pages_newest_first(client, auditor):
    for n in range(55):
        make_event(n + 1)
    client.force_login(auditor)
    first = client.get(URL)
    assert rows(first)[:2] == ["user1", "user2"] and len(rows(first)) == 49  # and the login
    assert rows(client.get(URL, {"page": 2}))[-1] == "user55"


@pytest.mark.parametrize("count", [3, 60])
def test_queries_do_not_grow_with_the_rows(client, auditor, django_assert_num_queries, count):
    for n in range(count):
        make_event(n + 1, object_type="units.unit", object_id=str(n))
    client.force_login(auditor)
    # session, user, count, page, the reading's own INSERT
    with django_assert_num_queries(5):
        assert client.get(URL).status_code == 200


def test_it_rejects_post(client, auditor):
    client.force_login(auditor)
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize(
    "who", ["staff", "leader", "county_staff", "head_a", "clerk_a", "sys_admin", "sec_admin"]
)
def test_nobody_else_reads_it(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 403
    assert "仅供审计管理员查阅" in last(Action.DENIED).reason
    assert client.get("/audit/export/").status_code == 403
