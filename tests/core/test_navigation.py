import datetime

from core.models import Notification
from core.navigation import menu_for, menu_html
from healthreport.lib.events import Event
from rectification.models import ReminderKind


def test_the_menu_counts_unread_news(client, head_a):
    """The badge counts the news of events; the daily reminders the page computes afresh."""
    for event in (Event.ISSUED, Event.RETURNED):
        Notification.objects.create(
            recipient=head_a, kind=event, day=datetime.date(2025, 6, 1), title="整改提醒"
        )
    Notification.objects.create(
        recipient=head_a, kind=ReminderKind.DIGEST, day=datetime.date(2025, 6, 1), title="日报"
    )
    client.force_login(head_a)
    body = client.get("/").content.decode()
    assert 'title="2条未读"' in body
    Notification.objects.update(read=True)
    assert "条未读" not in client.get("/").content.decode()


def test_the_menu_shows_only_what_the_role_may_use(client, leader, head_a):
    client.force_login(leader)
    body = client.get("/").content.decode()
    assert "生成年度文件" in body and "批量导入机构" not in body and "导入整改台账" not in body
    client.force_login(head_a)
    body = client.get("/").content.decode()
    assert "工作条目" in body and "生成年度文件" not in body and "行政区划" not in body


def test_a_menu_is_rendered_once_and_kept(leader):
    menu = menu_for(leader, "/rectification/")
    html = menu_html(menu)
    assert menu_html(menu_for(leader, "/rectification/")) is html  # kept, not rendered again
    assert 'href="/rectification/" aria-current="page"' in html
    reminders = next(i for s in menu for i in s["items"] if i["label"] == "提醒")
    reminders["badge"] = 3
    assert 'title="3条未读"' in menu_html(menu) and 'title="3条未读"' not in html


def test_a_menu_is_rendered_afresh_in_debug(leader, settings):
    settings.DEBUG = True
    menu = menu_for(leader, "/")
    assert menu_html(menu) == menu_html(menu) and menu_html(menu) is not menu_html(menu)
