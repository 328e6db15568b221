"""Accounts nobody uses (MLPS 2.0 清理多余、过期账户): an account with no login for
ACCOUNT_IDLE_DAYS is disabled, with the reason recorded, by `manage.py disable_idle_accounts`
(run daily, see README). Superusers are left alone, so that the system always keeps a way in.
An account counts as used when someone logged in to it, it was created or it was re-enabled.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q

from accounts.models import User
from healthreport.lib import clock

if TYPE_CHECKING:
    from django.db.models import QuerySet


def cutoff() -> datetime.datetime:
    return clock.now() - datetime.timedelta(days=settings.ACCOUNT_IDLE_DAYS)


def idle_accounts() -> QuerySet[User]:
    """Active accounts unused for ACCOUNT_IDLE_DAYS (none when the rule is off)."""
    if not settings.ACCOUNT_IDLE_DAYS:
        return User.objects.none()
    before = cutoff()
    unused = Q(last_login__lt=before) | Q(last_login__isnull=True, date_joined__lt=before)
    not_reenabled = Q(reactivated_at__isnull=True) | Q(reactivated_at__lt=before)
    return User.objects.filter(unused, not_reenabled, is_active=True, is_superuser=False)


def disabled_accounts() -> QuerySet[User]:
    """Accounts disabled with a recorded reason (by the idle rule, or by hand)."""
    return User.objects.filter(is_active=False, disabled_at__isnull=False)


def reason() -> str:
    return f"连续 {settings.ACCOUNT_IDLE_DAYS} 天未登录，系统自动停用"


def disable_idle_accounts(dry_run: bool = False) -> list[User]:
    """Disable every idle account; return them (with dry_run, only say which)."""
    accounts = list(idle_accounts().order_by("username"))
    if dry_run:
        return accounts
    now = clock.now()
    for user in accounts:
        user.is_active = False
        user.disabled_at = now
        user.disabled_reason = reason()
        user.save(update_fields=["is_active", "disabled_at", "disabled_reason"])
    return accounts


def reactivate(user: User) -> None:
    """Enable an account again; its idle time starts over."""
    user.is_active = True
    user.disabled_at = None
    user.disabled_reason = ""
    user.reactivated_at = clock.now()
    user.save(update_fields=["is_active", "disabled_at", "disabled_reason", "reactivated_at"])
