import datetime

from core.models import Notification
from rectification.models import ReminderKind


def test_the_menu_counts_unread_reminders(client, head_a):
    for day in (1, 2):
        Notification.objects.create(
            recipient=head_a,
            kind=ReminderKind.DIGEST,
            day=datetime.date(2025, 6, day),
            title="整改提醒",
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
