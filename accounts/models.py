from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    LEADER = "leader", "局领导"
    STAFF = "staff", "局机关工作人员"
    UNIT_HEAD = "unit_head", "单位负责人"
    UNIT_CLERK = "unit_clerk", "单位填报员"


BUREAU_ROLES = (Role.ADMIN, Role.LEADER, Role.STAFF)
UNIT_ROLES = (Role.UNIT_HEAD, Role.UNIT_CLERK)


class User(AbstractUser):
    """A person of the bureau (scoped by region) or of a unit (scoped by unit).

    Bureau people with no region see the whole system; unit people always have a unit.
    """

    real_name = models.CharField("姓名", max_length=30)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.STAFF)
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
        """Bureau staff and admins enter and change data in their scope; leaders only read."""
        return self.role in (Role.ADMIN, Role.STAFF) or self.is_superuser

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
