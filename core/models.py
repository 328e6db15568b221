"""What serves the whole site: in-app notifications and the record of group-robot messages.

Both tables predate the move from rectification and keep their names (`db_table`); the move was
state-only (rectification 0005, core 0001).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from healthreport.lib.events import Event
from rectification.models import Problem, ReminderKind

# A notification is a daily reminder (sent by send_reminders, at most once a day) or the news of
# an event (core.notify, each time it happens).
NOTIFICATION_KINDS = ReminderKind.choices + Event.choices
PROBLEM_REMINDERS = [ReminderKind.DUE_7, ReminderKind.DUE_3, ReminderKind.OVERDUE]
BADGES: dict[str, str] = {
    ReminderKind.OVERDUE: "badge-overdue",
    ReminderKind.DUE_7: "badge-due-soon",
    ReminderKind.DUE_3: "badge-due-soon",
    ReminderKind.DIGEST: "text-bg-secondary",
    Event.ISSUED: "badge-in-progress",
    Event.RETURNED: "badge-overdue",
    Event.NOT_EXTENDED: "badge-due-soon",
    Event.SANCTION: "badge-overdue",
    Event.VALUES_RETURNED: "badge-due-soon",
    Event.SET_ASIDE: "badge-cancelled",
    Event.EXTENDED: "badge-closed",
    Event.CLOSED: "badge-closed",
    Event.VALUES_APPROVED: "badge-closed",
    Event.ADOPTED: "badge-closed",
}


class NotificationQuerySet(models.QuerySet["Notification"]):
    def news(self) -> NotificationQuerySet:
        """The news of events, without the stored daily reminders: those are the record that a
        reminder went out, and the 提醒 page computes today's afresh (core.reminders.due_today)."""
        return self.exclude(kind__in=ReminderKind.values)


class Notification(models.Model):
    """A message to one person, shown in-app: the news of an event (core.notify), or a daily
    reminder, where it is also the record that the reminder went out today (no repeats)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    problem = models.ForeignKey(
        Problem, verbose_name="问题", on_delete=models.CASCADE, null=True, blank=True
    )
    kind = models.CharField("类型", max_length=10, choices=NOTIFICATION_KINDS)
    day = models.DateField("日期")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    # Where the message leads, for news of objects other than a problem (a sanction, figures,
    # a work entry); a problem's messages lead to the problem.
    link = models.CharField("链接", max_length=200, blank=True)
    read = models.BooleanField("已读", default=False)
    emailed = models.BooleanField("已发邮件", default=False)
    created = models.DateTimeField("时间", auto_now_add=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        db_table = "rectification_notification"
        verbose_name = "提醒"
        verbose_name_plural = "提醒"
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "problem", "kind", "day"],
                condition=Q(problem__isnull=False, kind__in=PROBLEM_REMINDERS),
                name="notification_once_a_day_per_problem",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "day"],
                condition=Q(problem__isnull=True, kind=ReminderKind.DIGEST),
                name="notification_once_a_day_digest",
            ),
        ]
        indexes = [
            # A person's unread notifications (menu badge, notification list).
            models.Index(fields=["recipient", "read"], name="notification_recipient_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def badge_css(self) -> str:
        """The badge beside the kind's name: red and amber ask for action, green is done."""
        return BADGES.get(self.kind, "text-bg-light border")

    @property
    def url(self) -> str:
        if self.link:
            return self.link
        if self.problem_id:
            return reverse("rectification:problem_detail", args=[self.problem_id])
        return reverse("rectification:queue")


class WebhookChannel(models.TextChoices):
    """The group robots a reminder can go to (settings WECOM_WEBHOOK_URL, DINGTALK_WEBHOOK_URL)."""

    WECOM = "wecom", "企业微信"
    DINGTALK = "dingtalk", "钉钉"


class WebhookDelivery(models.Model):
    """A group-robot message sent on a day, so that a second run that day sends nothing."""

    channel = models.CharField("渠道", max_length=10, choices=WebhookChannel.choices)
    day = models.DateField("日期")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "rectification_webhookdelivery"
        verbose_name = "群机器人推送"
        verbose_name_plural = "群机器人推送"
        constraints = [
            models.UniqueConstraint(fields=["channel", "day"], name="webhook_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.day}"
