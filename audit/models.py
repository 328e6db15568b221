"""安全审计日志 (MLPS 2.0 安全审计): who did what, when, from where, to which object, and with
what result.

Why an own lean model rather than django-auditlog or a second simple-history:
- simple-history already keeps the changes (every field before and after) of the models that
  need them; django-auditlog would keep a second copy of the same changes in its own table.
- What the assessor asks for is the *event*: logins and their failures, lockouts, exports,
  downloads and refused accesses, which change no row and which neither library records; and for
  each event the IP, the role and scope held at the time, and the result with its reason.
- django-axes' access log keeps logins only, and axes' own clean-up deletes it.
So an event is one row here, written once (one INSERT per request, `audit.middleware`), and a
write points to its change: `history_id` is the simple-history record the same request made of
the object, when the object has a history.

The row is never changed: the model and its QuerySet refuse to update or delete, the admin only
shows, and on PostgreSQL a trigger (migration 0001) refuses UPDATE and DELETE to everyone but
`purge_audit` (audit/purge.py), which may remove only rows older than AUDIT_RETENTION_DAYS.

Who and where are kept as text (user name, role and scope labels of the moment): an audit
record must still read the same after the person changes role, scope or leaves.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models

from healthreport.lib import clock

IMMUTABLE = "安全审计日志只能新增，不能修改或删除。"


class Action(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKOUT = "lockout", "账号锁定"
    LOGOUT = "logout", "退出"
    PASSWORD_CHANGE = "password_change", "修改密码"
    PASSWORD_RESET = "password_reset", "重置密码"
    ACCOUNT_CHANGE = "account_change", "用户、角色或范围变更"
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    TRANSITION = "transition", "状态变更"
    IMPORT = "import", "导入"
    EXPORT = "export", "导出"
    DOWNLOAD = "download", "下载"
    DENIED = "denied", "拒绝访问"
    AUDIT_READ = "audit_read", "查阅审计日志"
    PURGE = "purge", "清理审计日志"


class Result(models.TextChoices):
    SUCCESS = "success", "成功"
    REFUSED = "refused", "拒绝或失败"


class ImmutableError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableError(IMMUTABLE)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableError(IMMUTABLE)


class AuditEvent(models.Model):
    at = models.DateTimeField("时间", default=clock.now)
    # No database constraint and nothing done on delete: a person's events outlive the account,
    # and deleting a user must never try to change an audit row (the trigger would refuse).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    user_name = models.CharField("姓名", max_length=60, blank=True)
    role = models.CharField("角色", max_length=40, blank=True)
    scope = models.CharField("范围", max_length=100, blank=True)
    ip = models.GenericIPAddressField("地址", null=True, blank=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    object_type = models.CharField("对象类型", max_length=60, blank=True)  # app_label.model_name
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_name = models.CharField("对象名称", max_length=200, blank=True)
    history_id = models.BigIntegerField("修改历史编号", null=True, blank=True)
    result = models.CharField("结果", max_length=10, choices=Result.choices, default=Result.SUCCESS)
    reason = models.CharField("原因", max_length=300, blank=True)
    detail = models.CharField("详情", max_length=500, blank=True)
    method = models.CharField("请求方法", max_length=8, blank=True)
    path = models.CharField("地址路径", max_length=300, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "安全审计日志"
        verbose_name_plural = "安全审计日志"
        ordering = ["-at", "-id"]
        indexes = [
            # The audit page: newest first, within a time range (and purge_audit's "before").
            models.Index(fields=["-at", "-id"], name="auditevent_at_idx"),
            # The page filtered by action (e.g. every 拒绝访问 or every 下载 of a period).
            models.Index(fields=["action", "-at"], name="auditevent_action_at_idx"),
            # The page filtered by one person.
            models.Index(fields=["username", "-at"], name="auditevent_username_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError(IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableError(IMMUTABLE)

    @property
    def object_type_label(self) -> str:
        return type_label(self.object_type)

    @property
    def who(self) -> str:
        if not self.username:
            return "系统（命令行）"
        if self.user_name and self.user_name != self.username:
            return f"{self.user_name}（{self.username}）"
        return self.username


def type_label(label: str) -> str:
    """The Chinese name of a model ("rectification.problem" → 整改问题), or the label itself."""
    if not label:
        return ""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label
