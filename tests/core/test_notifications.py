"""The reminders page (提醒) and marking them read: each person sees only their own."""

import datetime

import pytest
from django.urls import reverse

from core.models import Notification
from rectification.models import ReminderKind
from tests.rectification.conftest import D, text


def url(name):
    return reverse(f"core:{name}")


def remind(user, title="青山县人民医院有1个问题已逾期"):
    return Notification.objects.create(
        recipient=user, kind=ReminderKind.DIGEST, day=D(2025, 6, 15), title=title
    )


def test_the_addresses_predate_the_move_to_core():
    assert url("notifications") == "/rectification/notifications/"
    assert url("notifications_read") == "/rectification/notifications/read/"


def test_notifications_page(client, head_a):
    client.force_login(head_a)
    assert "暂无提醒" in text(client.get(url("notifications")))
    assert client.get(url("notifications_read")).status_code == 405


def test_page_shows_only_ones_own(client, head_a, head_b):
    remind(head_a, "给何振华的提醒")
    remind(head_b, "给谢白的提醒")
    client.force_login(head_a)
    body = text(client.get(url("notifications")))
    assert "给何振华的提醒" in body and "给谢白的提醒" not in body


def test_page_rejects_post(client, head_a):
    client.force_login(head_a)
    assert client.post(url("notifications")).status_code == 405


@pytest.mark.parametrize("rows", [3, 30])
def test_page_query_count_does_not_grow(client, staff, rows, django_assert_num_queries):
    for i in range(rows):
        Notification.objects.create(
            recipient=staff,
            kind=ReminderKind.DIGEST,
            day=D(2025, 1, 1) + datetime.timedelta(days=i),
            title=f"提醒{i}",
        )
    client.force_login(staff)
    with django_assert_num_queries(6):
        response = client.get(url("notifications"))
    assert response.status_code == 200


def test_marking_read_touches_only_ones_own(client, head_a, head_b):
    mine, theirs = remind(head_a), remind(head_b)
    client.force_login(head_a)
    response = client.post(url("notifications_read"))
    assert response.url == url("notifications")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.read, theirs.read) == (True, False)
