"""The reminders page (提醒): today's reminders computed when it is shown (what send_reminders
sends today), then the person's own news of events; marking them read."""

import datetime

import pytest
from django.urls import reverse

from core.models import Notification
from core.reminders import send_reminders
from healthreport.lib.events import Event
from rectification.models import ReminderKind, Status
from tests.clock import TODAY
from tests.rectification.conftest import D, make_problem, text


def url(name):
    return reverse(f"core:{name}")


def tell(user, title="青山县人民医院的问题已退回", kind=Event.RETURNED):
    return Notification.objects.create(recipient=user, kind=kind, day=D(2025, 6, 15), title=title)


def test_the_addresses_predate_the_move_to_core():
    assert url("notifications") == "/rectification/notifications/"
    assert url("notifications_read") == "/rectification/notifications/read/"


def test_notifications_page(client, head_a):
    client.force_login(head_a)
    body = text(client.get(url("notifications")))
    assert "今天没有临近整改时限或逾期的问题需要提醒" in body and "暂无消息" in body
    assert client.get(url("notifications_read")).status_code == 405


def test_page_shows_only_ones_own(client, head_a, head_b):
    tell(head_a, "给何振华的消息")
    tell(head_b, "给谢白的消息")
    client.force_login(head_a)
    body = text(client.get(url("notifications")))
    assert "给何振华的消息" in body and "给谢白的消息" not in body


def test_page_computes_the_units_reminders_of_today(client, inspection, unit_a, unit_b, head_a):
    overdue = make_problem(
        inspection, unit_a, deadline=TODAY - datetime.timedelta(days=3), description="逾期的"
    )
    make_problem(
        inspection, unit_a, deadline=TODAY + datetime.timedelta(days=2), description="快了"
    )
    make_problem(
        inspection, unit_a, deadline=TODAY + datetime.timedelta(days=60), description="还早"
    )
    make_problem(inspection, unit_b, deadline=TODAY, description="别人的")
    waiting = make_problem(inspection, unit_a, deadline=TODAY, description="待验收的")
    type(waiting).objects.filter(pk=waiting.pk).update(status=Status.SUBMITTED)
    client.force_login(head_a)
    response = client.get(url("notifications"))
    body = text(response)
    assert "【已逾期3天】青山县人民医院：逾期的" in body
    assert "【2天后到期】青山县人民医院：快了" in body
    assert "还早" not in body and "别人的" not in body and "待验收的" not in body
    assert [n.problem for n in response.context["due"]][0] == overdue
    assert not Notification.objects.exists()  # computed, not stored: the daily job sends them


def test_page_shows_what_the_daily_job_sends(client, inspection, unit_a, head_a):
    """Before and after send_reminders the page reads the same, and lists nothing twice."""
    make_problem(inspection, unit_a, deadline=TODAY - datetime.timedelta(days=3))
    client.force_login(head_a)
    before = [(n.kind, n.title) for n in client.get(url("notifications")).context["due"]]
    send_reminders(TODAY)
    sent = [(n.kind, n.title) for n in Notification.objects.filter(recipient=head_a)]
    response = client.get(url("notifications"))
    assert [(n.kind, n.title) for n in response.context["due"]] == before == sent
    assert text(response).count(before[0][1]) == 1


def test_staff_see_their_daily_digest(client, inspection, unit_a, staff):
    make_problem(inspection, unit_a, deadline=TODAY - datetime.timedelta(days=3))
    client.force_login(staff)
    response = client.get(url("notifications"))
    [digest] = response.context["due"]
    assert digest.kind == ReminderKind.DIGEST and "整改日报" in text(response)


def test_page_links_each_item_to_its_object(client, head_a, problem_a):
    Notification.objects.create(
        recipient=head_a, kind=Event.ISSUED, day=TODAY, title="下发", problem=problem_a
    )
    Notification.objects.create(
        recipient=head_a, kind=Event.SANCTION, day=TODAY, title="处罚", link="/rectification/x/"
    )
    client.force_login(head_a)
    body = client.get(url("notifications")).content.decode()
    assert f'href="/rectification/{problem_a.pk}/"' in body
    assert 'href="/rectification/x/"' in body


def test_page_rejects_post(client, head_a):
    client.force_login(head_a)
    assert client.post(url("notifications")).status_code == 405


@pytest.mark.parametrize("rows", [3, 30])
def test_page_query_count_does_not_grow(
    client, staff, head_a, inspection, unit_a, rows, django_assert_num_queries
):
    for i in range(rows):
        day = D(2025, 1, 1) + datetime.timedelta(days=i)
        for user in (staff, head_a):
            Notification.objects.create(recipient=user, kind=Event.ISSUED, day=day, title=f"{i}")
        make_problem(inspection, unit_a, deadline=TODAY - datetime.timedelta(days=i + 1))
    client.force_login(staff)
    with django_assert_num_queries(10):
        assert client.get(url("notifications")).status_code == 200
    client.force_login(head_a)
    with django_assert_num_queries(7):
        assert client.get(url("notifications")).status_code == 200


def test_marking_read_touches_only_ones_own(client, head_a, head_b):
    mine, theirs = tell(head_a), tell(head_b)
    client.force_login(head_a)
    response = client.post(url("notifications_read"))
    assert response.url == url("notifications")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.read, theirs.read) == (True, False)
