"""Sending the daily reminders: rectification decides what is due (`rectification.reminders`);
here each reminder becomes a `Notification` (shown in-app, and the record that it went out today,
so a second run on the same day sends nothing new), goes out by e-mail, and the day's picture goes
to WeCom (企业微信) and DingTalk (钉钉) group robots. Run daily by cron or a systemd timer:
`python manage.py send_reminders`.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import logging
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from accounts.models import Role, User
from core.models import Notification, WebhookChannel, WebhookDelivery
from rectification import reminders as due
from rectification.models import ReminderKind

logger = logging.getLogger(__name__)
WEBHOOK_TIMEOUT = 10


@dataclass
class ReminderReport:
    notifications: int = 0
    emails: int = 0
    webhooks: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def _link(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else path


def unit_notifications(today: datetime.date) -> list[Notification]:
    """New (not yet sent today) reminders for the people of units (`due.unit_reminders`)."""
    already = set(
        Notification.objects.filter(day=today, problem__isnull=False).values_list(
            "recipient_id", "problem_id", "kind"
        )
    )
    return [
        Notification(
            recipient=item.recipient,
            problem=item.problem,
            kind=item.kind,
            day=today,
            title=item.title,
            body=item.body,
        )
        for item in due.unit_reminders(today)
        if (item.recipient.pk, item.problem.pk, item.kind) not in already
    ]


def staff_digest(user: User, today: datetime.date) -> Notification | None:
    """A staff member's daily digest (`due.staff_digest`) as a notification, not yet saved."""
    digest = due.staff_digest(user, today)
    if digest is None:
        return None
    return Notification(
        recipient=user,
        kind=ReminderKind.DIGEST,
        day=today,
        title=digest.title,
        body=digest.body,
    )


def due_today(user: User, today: datetime.date) -> list[Notification]:
    """What `send_reminders` sends this person today, computed now and not saved: the 提醒 page
    shows it, so that it reads the same before the daily run as after it."""
    if user.is_active and user.role == Role.STAFF:
        digest = staff_digest(user, today)
        return [digest] if digest is not None else []
    return [
        Notification(
            recipient=user,
            problem=item.problem,
            kind=item.kind,
            day=today,
            title=item.title,
            body=item.body,
        )
        for item in due.reminders_of(user, today)
    ]


def _email(user: User, items: list[Notification]) -> bool:
    if not user.email:
        return False
    lines = [f"{user.display_name}，您好：", "", "以下整改事项需要您关注："]
    for item in items:
        url = _link(
            reverse("rectification:problem_detail", args=[item.problem_id])
            if item.problem_id
            else reverse("rectification:queue")
        )
        lines.append(f"· {item.title}  {url}")
    lines += ["", settings.SITE_NAME]
    send_mail(
        f"[{settings.SITE_NAME}] 整改提醒（{len(items)}项）",
        "\n".join(lines),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
    return True


def _post_json(url: str, payload: dict) -> None:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:  # noqa: S310
        body = json.loads(response.read() or b"{}")
    # Both robots answer HTTP 200 with an error code in the body when they refuse a message.
    if body.get("errcode", 0) != 0:
        raise RuntimeError(f"errcode {body.get('errcode')}: {body.get('errmsg')}")


def dingtalk_url(url: str, secret: str, now_ms: int | None = None) -> str:
    """DingTalk's signed URL: timestamp and HMAC-SHA256 of "timestamp\\nsecret", base64."""
    if not secret:
        return url
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def _group_targets() -> list[tuple[str, str]]:
    """(channel, URL) of each configured group robot."""
    targets: list[tuple[str, str]] = []
    if settings.WECOM_WEBHOOK_URL:
        targets.append((WebhookChannel.WECOM, settings.WECOM_WEBHOOK_URL))
    if settings.DINGTALK_WEBHOOK_URL:
        targets.append(
            (
                WebhookChannel.DINGTALK,
                dingtalk_url(settings.DINGTALK_WEBHOOK_URL, settings.DINGTALK_SECRET),
            )
        )
    return targets


def _markdown(channel: str, title: str, text: str) -> dict:
    if channel == WebhookChannel.WECOM:
        return {"msgtype": "markdown", "markdown": {"content": text}}
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def post_to_groups(title: str, text: str, report: ReminderReport) -> None:
    """Post one message (the 整改通报's short form) to every configured group robot. Not
    recorded as the day's WebhookDelivery: that is the daily reminder's, and the bulletin is
    sent once a week or month by its own cron line."""
    for channel, url in _group_targets():
        try:
            _post_json(url, _markdown(channel, title, text))
        except (OSError, ValueError, RuntimeError) as error:
            logger.warning("Bulletin webhook %s failed: %s", channel, error)
            report.failures.append(f"{channel}: {error}")
            continue
        report.webhooks.append(channel)


def send_webhooks(today: datetime.date, report: ReminderReport) -> None:
    targets = _group_targets()
    if not targets:
        return
    title, text = due.group_message(today)
    for channel, url in targets:
        if WebhookDelivery.objects.filter(channel=channel, day=today).exists():
            continue
        payload = _markdown(channel, title, text)
        try:
            _post_json(url, payload)
        except (OSError, ValueError, RuntimeError) as error:
            logger.warning("Reminder webhook %s failed: %s", channel, error)
            report.failures.append(f"{channel}: {error}")
            continue
        WebhookDelivery.objects.create(channel=channel, day=today)
        report.webhooks.append(channel)


def send_reminders(today: datetime.date) -> ReminderReport:
    report = ReminderReport()
    new = unit_notifications(today)
    done_digests = set(
        Notification.objects.filter(day=today, kind=ReminderKind.DIGEST).values_list(
            "recipient_id", flat=True
        )
    )
    for user in User.objects.filter(is_active=True, role=Role.STAFF).select_related("region"):
        if user.pk in done_digests:
            continue
        digest = staff_digest(user, today)
        if digest is not None:
            new.append(digest)
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    report.notifications = len(new)

    by_user: dict[int, list[Notification]] = defaultdict(list)
    for item in new:
        by_user[item.recipient.pk].append(item)
    emailed = []
    for items in by_user.values():
        try:
            if _email(items[0].recipient, items):
                report.emails += 1
                emailed.append(items[0].recipient.pk)
        except OSError as error:
            logger.warning("Reminder e-mail to %s failed: %s", items[0].recipient, error)
            report.failures.append(f"email {items[0].recipient}: {error}")
    if emailed:
        Notification.objects.filter(day=today, recipient_id__in=emailed).update(emailed=True)
    send_webhooks(today, report)
    return report
