"""What serves the whole site: in-app notifications and the record of group-robot messages.

Both tables predate the move from rectification and keep their names (`db_table`); the move was
state-only (rectification 0005, core 0001).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from rectification.models import Problem, ReminderKind


class Notification(models.Model):
    """A reminder as shown in-app; also the record that it was sent today (no repeats)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    problem = models.ForeignKey(
        Problem, verbose_name="问题", on_delete=models.CASCADE, null=True, blank=True
    )
    kind = models.CharField("类型", max_length=10, choices=ReminderKind.choices)
    day = models.DateField("日期")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    read = models.BooleanField("已读", default=False)
    emailed = models.BooleanField("已发邮件", default=False)
    created = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        db_table = "rectification_notification"
        verbose_name = "提醒"
        verbose_name_plural = "提醒"
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "problem", "kind", "day"],
                condition=Q(problem__isnull=False),
                name="notification_once_a_day_per_problem",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "day"],
                condition=Q(problem__isnull=True),
                name="notification_once_a_day_digest",
            ),
        ]
        indexes = [
            # A person's unread notifications (menu badge, notification list).
            models.Index(fields=["recipient", "read"], name="notification_recipient_idx"),
        ]

    def __str__(self) -> str:
        return self.title


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
