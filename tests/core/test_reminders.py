import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.management import call_command

from core.models import Notification, WebhookChannel, WebhookDelivery
from core.reminders import dingtalk_url, send_reminders
from rectification.models import DUE_SOON_DAYS, ReminderKind, Status
from tests.rectification.conftest import D, make_inspection, make_problem

TODAY = D(2025, 6, 15)


@pytest.fixture
def inspection(db):
    return make_inspection()


@pytest.fixture
def due(inspection, unit_a, head_a, clerk_a, staff):
    head_a.email = "head@example.org"
    head_a.save()
    return {
        "overdue": make_problem(inspection, unit_a, deadline=D(2025, 6, 1), description="逾期的"),
        "due3": make_problem(inspection, unit_a, deadline=D(2025, 6, 17), description="三天内"),
        "due7": make_problem(inspection, unit_a, deadline=D(2025, 6, 21), description="七天内"),
        "later": make_problem(inspection, unit_a, deadline=D(2025, 7, 30), description="还早"),
    }


@pytest.fixture
def robot():
    """A local HTTP server standing in for the WeCom/DingTalk robots; records what it gets."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append((self.path, json.loads(self.rfile.read(length))))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"errcode": 0, "errmsg": "ok"}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", received
    server.shutdown()
    server.server_close()


def test_unit_people_get_one_reminder_per_problem_and_kind(due, head_a, clerk_a):
    report = send_reminders(TODAY)
    kinds = dict(
        Notification.objects.filter(recipient=head_a).values_list("problem__description", "kind")
    )
    assert kinds == {"逾期的": "overdue", "三天内": "due3", "七天内": "due7"}
    assert Notification.objects.filter(recipient=clerk_a).count() == 3
    # Staff get their digest.
    digest = Notification.objects.get(kind=ReminderKind.DIGEST)
    assert "逾期未整改（全部年度）1个" in digest.title
    assert report.notifications == 7
    # Only the head has an e-mail address: one message with all three problems.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["head@example.org"] and "逾期的" in mail.outbox[0].body


def test_nothing_repeats_the_same_day(due):
    send_reminders(TODAY)
    again = send_reminders(TODAY)
    assert again.notifications == 0
    assert len(mail.outbox) == 1
    assert send_reminders(D(2025, 6, 16)).notifications == 7


def test_webhooks_get_markdown_once_a_day(due, robot, settings):
    base, received = robot
    settings.WECOM_WEBHOOK_URL = f"{base}/cgi-bin/webhook/send?key=k"
    settings.DINGTALK_WEBHOOK_URL = f"{base}/robot/send?access_token=t"
    settings.DINGTALK_SECRET = "SECret"
    report = send_reminders(TODAY)
    assert report.webhooks == ["wecom", "dingtalk"]
    (wecom_path, wecom), (ding_path, ding) = received
    assert wecom_path == "/cgi-bin/webhook/send?key=k"
    assert wecom["msgtype"] == "markdown" and "逾期未整改" in wecom["markdown"]["content"]
    assert ding_path.startswith("/robot/send?access_token=t&timestamp=") and "&sign=" in ding_path
    assert ding["markdown"]["title"] == "整改提醒 2025-06-15"
    assert "青山县人民医院：1 个" in ding["markdown"]["text"]
    send_reminders(TODAY)
    assert len(received) == 2
    assert sorted(WebhookDelivery.objects.values_list("channel", flat=True)) == sorted(
        WebhookChannel.values
    )


def test_a_delivery_channel_is_one_of_the_robots():
    field = WebhookDelivery._meta.get_field("channel")
    assert field.choices == [("wecom", "企业微信"), ("dingtalk", "钉钉")]


def test_a_refusing_robot_is_reported_and_retried_later(due, settings):
    settings.WECOM_WEBHOOK_URL = "http://127.0.0.1:9/nothing-listens-here"
    report = send_reminders(TODAY)
    assert report.webhooks == [] and report.failures
    assert not WebhookDelivery.objects.exists()


@pytest.fixture
def submitted_late(due):
    """A 待验收 problem past its deadline: overdue (逾期未整改), but no longer the unit's to do."""
    problem = due["overdue"]
    type(problem).objects.filter(pk=problem.pk).update(status=Status.SUBMITTED)
    return problem


def test_units_are_not_reminded_of_what_waits_for_the_bureau(submitted_late, head_a):
    send_reminders(TODAY)
    reminded = Notification.objects.filter(recipient=head_a).values_list("problem", flat=True)
    assert submitted_late.pk not in set(reminded)


def test_due_soon_includes_today_and_the_last_day(inspection, unit_a, head_a):
    last = make_problem(inspection, unit_a, deadline=D(2025, 6, 15 + DUE_SOON_DAYS))
    make_problem(inspection, unit_a, deadline=D(2025, 6, 16 + DUE_SOON_DAYS))
    today = make_problem(inspection, unit_a, deadline=TODAY)
    send_reminders(TODAY)
    kinds = dict(Notification.objects.filter(recipient=head_a).values_list("problem", "kind"))
    assert kinds == {last.pk: ReminderKind.DUE_7, today.pk: ReminderKind.DUE_3}


def test_dingtalk_signature_is_the_documented_one():
    # HMAC-SHA256 over "timestamp\nsecret", base64, URL-encoded.
    url = dingtalk_url("https://x/robot/send?access_token=t", "s", now_ms=1000)
    assert url.startswith("https://x/robot/send?access_token=t&timestamp=1000&sign=")


def test_command_runs(due, capsys):
    call_command("send_reminders", "--date", "2025-06-15")
    assert "新提醒7条" in capsys.readouterr().out
