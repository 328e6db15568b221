"""Daily reminders: problems due soon (DUE_SOON_DAYS, then 3 days before) and overdue ones, to
the units' people; a digest to bureau staff; optionally a message to WeCom (企业微信) and DingTalk
(钉钉) group robots.

The digest and the robots count 逾期未整改 and 即将到期 as the pages do (`Problem.objects.overdue`,
`due_soon`: 待验收 included), over all years; a unit is reminded only of what it still has to do.

Every reminder is a `Notification` (shown in-app, and the record that it went out today), so a
second run on the same day sends nothing new. Run daily by cron or a systemd timer:
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
from django.db.models import Count
from django.urls import reverse

from accounts.models import Role, User
from healthreport.lib.terms import Term
from rectification.dashboard import AWAITING_MINE_LABEL, OVERDUE_AT_UNIT_LABEL, overdue_label
from rectification.models import (
    DUE_SOON_BADGE,
    DUE_SOON_DAYS,
    UNIT_STATES,
    ExtensionRequest,
    ExtensionStatus,
    Notification,
    Problem,
    ReminderKind,
    Status,
    WebhookChannel,
    WebhookDelivery,
    due_soon_q,
    overdue_q,
)

logger = logging.getLogger(__name__)
WEBHOOK_TIMEOUT = 10
# The second reminder of a problem due soon, this many days before its deadline.
FINAL_REMINDER_DAYS = 3


@dataclass
class ReminderReport:
    notifications: int = 0
    emails: int = 0
    webhooks: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def kind_for(problem: Problem, today: datetime.date) -> str | None:
    days = (problem.deadline - today).days
    if days < 0:
        return ReminderKind.OVERDUE
    if days <= FINAL_REMINDER_DAYS:
        return ReminderKind.DUE_3
    if days <= DUE_SOON_DAYS:
        return ReminderKind.DUE_7
    return None


def _title(problem: Problem, today: datetime.date) -> str:
    days = (problem.deadline - today).days
    when = f"已逾期{-days}天" if days < 0 else ("今天到期" if days == 0 else f"{days}天后到期")
    return f"【{when}】{problem.unit.name}：{problem.description[:40]}"


def _link(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else path


def unit_notifications(today: datetime.date) -> list[Notification]:
    """New (not yet sent today) reminders for the people of units with problems due soon or
    overdue that they still have to act on (a 待验收 problem waits for the bureau, not them)."""
    problems = list(
        Problem.objects.filter(status__in=UNIT_STATES)
        .filter(overdue_q(today) | due_soon_q(today))
        .select_related("unit")
    )
    people: dict[int | None, list[User]] = defaultdict(list)
    for user in User.objects.filter(
        is_active=True,
        role__in=(Role.UNIT_HEAD, Role.UNIT_CLERK),
        unit_id__in={p.unit_id for p in problems},
    ):
        people[user.unit_id].append(user)
    already = set(
        Notification.objects.filter(day=today, problem__isnull=False).values_list(
            "recipient_id", "problem_id", "kind"
        )
    )
    new = []
    for problem in problems:
        kind = kind_for(problem, today)
        if kind is None:  # the query finds only problems due soon or overdue
            continue
        for user in people[problem.unit_id]:
            if (user.pk, problem.pk, kind) in already:
                continue
            new.append(
                Notification(
                    recipient=user,
                    problem=problem,
                    kind=kind,
                    day=today,
                    title=_title(problem, today),
                    body=f"整改时限：{problem.deadline:%Y-%m-%d}。请及时整改并上传佐证材料。",
                )
            )
    return new


def staff_digest(user: User, today: datetime.date) -> Notification | None:
    """The day's figures of a staff member's scope, all years (as the staff workbench)."""
    visible = Problem.objects.visible_to(user)
    overdue = visible.overdue(today).count()
    due = visible.due_soon(today).count()
    awaiting = visible.filter(status=Status.SUBMITTED).exclude(submitted_by=user).count()
    extensions = (
        ExtensionRequest.objects.visible_to(user).filter(status=ExtensionStatus.PENDING).count()
    )
    if not (overdue or due or awaiting or extensions):
        return None
    return Notification(
        recipient=user,
        kind=ReminderKind.DIGEST,
        day=today,
        title=f"整改日报：{AWAITING_MINE_LABEL}{awaiting}个，延期申请{extensions}个，"
        f"{overdue_label(None)}{overdue}个，{DUE_SOON_BADGE}{due}个",
        body="请在“待办/审核队列”中处理。",
    )


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


def group_message(today: datetime.date) -> tuple[str, str]:
    """(title, markdown) for the group robots: the system-wide picture of the day, all years.

    逾期未整改 is the pages' figure (待验收 included); the part the units still have to act on
    is given beside it under its own label.
    """
    overdue_problems = Problem.objects.overdue(today)
    overdue = list(
        overdue_problems.order_by()
        .values("unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit__name")[:10]
    )
    overdue_total = overdue_problems.count()
    overdue_at_unit = Problem.objects.overdue_at_unit(today).count()
    due = Problem.objects.due_soon(today).count()
    awaiting = Problem.objects.filter(status=Status.SUBMITTED).count()
    label = overdue_label(None)
    title = f"整改提醒 {today:%Y-%m-%d}"
    lines = [
        f"### {title}",
        f'> {label}：<font color="warning">{overdue_total}</font> 个'
        f"（其中{OVERDUE_AT_UNIT_LABEL}{overdue_at_unit}个）",
        f"> {DUE_SOON_BADGE}：{due} 个",
        f"> {Status.SUBMITTED.label}：{awaiting} 个",
    ]
    if overdue:
        lines.append("")
        lines.append(f"**{Term.OVERDUE.label}问题较多的单位：**")
        lines += [f"- {row['unit__name']}：{row['n']} 个" for row in overdue]
    if settings.SITE_URL:
        lines.append(f"\n[打开问题清单]({settings.SITE_URL}{reverse('rectification:queue')})")
    return title, "\n".join(lines)


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


def send_webhooks(today: datetime.date, report: ReminderReport) -> None:
    targets = []
    if settings.WECOM_WEBHOOK_URL:
        targets.append((WebhookChannel.WECOM, settings.WECOM_WEBHOOK_URL))
    if settings.DINGTALK_WEBHOOK_URL:
        targets.append(
            (
                WebhookChannel.DINGTALK,
                dingtalk_url(settings.DINGTALK_WEBHOOK_URL, settings.DINGTALK_SECRET),
            )
        )
    if not targets:
        return
    title, text = group_message(today)
    for channel, url in targets:
        if WebhookDelivery.objects.filter(channel=channel, day=today).exists():
            continue
        if channel == WebhookChannel.WECOM:
            payload = {"msgtype": "markdown", "markdown": {"content": text}}
        else:
            payload = {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
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
