from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from healthreport.lib import clock


class Role(models.TextChoices):
    LEADER = "leader", "局领导"
    STAFF = "staff", "局机关工作人员"
    UNIT_HEAD = "unit_head", "单位负责人"
    UNIT_CLERK = "unit_clerk", "单位填报员"
    # 三员分立 (MLPS 2.0): three administrators, none of whom can do another's job or reads
    # business data; what each may do is in accounts/policy.py (ADMIN_PERMISSIONS, access_for).
    SYS_ADMIN = "sysadmin", "系统管理员"
    SEC_ADMIN = "secadmin", "安全管理员"
    AUDIT_ADMIN = "auditadmin", "审计管理员"
    # An account the 系统管理员 created and the 安全管理员 has not yet given a role and scope:
    # it can sign in (and set its password) but sees nothing.
    PENDING = "pending", "待授权"


BUREAU_ROLES = (Role.LEADER, Role.STAFF)
UNIT_ROLES = (Role.UNIT_HEAD, Role.UNIT_CLERK)
ADMIN_ROLES = (Role.SYS_ADMIN, Role.SEC_ADMIN, Role.AUDIT_ADMIN)


class User(AbstractUser):
    """A person of the bureau (scoped by region) or of a unit (scoped by unit).

    Bureau people with no region see the whole system; unit people always have a unit.
    """

    real_name = models.CharField("姓名", max_length=30)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.PENDING)
    region = models.ForeignKey(
        "units.Region",
        verbose_name="管辖区划",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="局机关人员的管辖范围（含下级区划）；留空表示全部区划。",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="所在单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="单位负责人、单位填报员所在的单位。",
    )
    # Account security (MLPS 2.0): rules in accounts/passwords.py, logins.py and idle.py.
    must_change_password = models.BooleanField(
        "下次登录须修改密码",
        default=False,
        # The database's own default too: rows written by code that predates these fields
        # (an older process during a deploy, migration tests) stay valid.
        db_default=False,
        help_text="管理员新建账号或重置密码后，本人须先设置自己的密码才能使用系统。",
    )
    password_changed_at = models.DateTimeField("密码设置时间", null=True, blank=True)
    last_login_ip = models.GenericIPAddressField("本次登录地址", null=True, blank=True)
    previous_login_at = models.DateTimeField("上次登录时间", null=True, blank=True)
    previous_login_ip = models.GenericIPAddressField("上次登录地址", null=True, blank=True)
    disabled_at = models.DateTimeField("停用时间", null=True, blank=True)
    disabled_reason = models.CharField("停用原因", max_length=100, blank=True, db_default="")
    # Counts as use for the idle-account rule: re-enabling is not undone by the next nightly run.
    reactivated_at = models.DateTimeField("重新启用时间", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            # Unit people act for exactly one unit; bureau people never carry one.
            models.CheckConstraint(
                name="user_unit_matches_role",
                condition=(
                    models.Q(role__in=UNIT_ROLES, unit__isnull=False)
                    | (~models.Q(role__in=UNIT_ROLES) & models.Q(unit__isnull=True))
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.real_name or self.username

    def set_password(self, raw_password: str | None) -> None:
        # Every way a password is set (own change, admin, changepassword, fixtures, demo) starts
        # its age; whether the person must replace it is decided by who set it.
        super().set_password(raw_password)
        self.password_changed_at = clock.now()

    def clean(self) -> None:
        super().clean()
        if self.role in UNIT_ROLES:
            if self.unit_id is None:
                raise ValidationError({"unit": "单位负责人和单位填报员必须指定所在单位。"})
            self.region = None
        else:
            if self.unit_id is not None:
                raise ValidationError({"unit": "局机关人员不属于某个单位，请清空“所在单位”。"})

    @property
    def is_bureau(self) -> bool:
        return self.role in BUREAU_ROLES or self.is_superuser

    @property
    def is_unit_person(self) -> bool:
        return self.role in UNIT_ROLES and not self.is_superuser

    @property
    def can_write(self) -> bool:
        """Bureau staff enter and change data in their scope; leaders only read. The three
        administrators change no business data (the superuser is for installation only)."""
        return self.role == Role.STAFF or self.is_superuser

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or (self.is_bureau and self.region_id is None)

    @property
    def display_name(self) -> str:
        return self.real_name or self.username

    @property
    def scope_label(self) -> str:
        """The organisation the person speaks for, as shown in the top bar."""
        if self.is_unit_person and self.unit_id:
            return self.unit.name
        if self.region_id:
            return f"{self.region.name}卫健局"
        return "卫生健康局"


class PasswordHistory(models.Model):
    """The hash of a password a person had, so that the last few are not used again."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField("密码（散列）", max_length=128)
    created_at = models.DateTimeField("设置时间", default=clock.now)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        indexes = [
            # A person's latest passwords, checked on every change (accounts.passwords).
            models.Index(fields=["user", "-created_at"], name="passwordhistory_user_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"
