"""Password rules (MLPS 2.0 身份鉴别): complexity, no reuse of recent passwords, a maximum age.

The two validators sit in AUTH_PASSWORD_VALIDATORS, so every form that sets a password (the
change form, the admin's add and reset forms) applies them. `change_reason` says why a person
must change their password before using the system (PasswordChangeRequiredMiddleware).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

from healthreport.lib import clock

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import PasswordHistory, User

CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
)
CLASS_NAMES = "大写字母、小写字母、数字、符号"


def character_classes(password: str) -> int:
    """How many of upper case, lower case, digits and symbols (anything else) the password has."""
    found = {name for name, test in CLASSES for char in password if char.isascii() and test(char)}
    symbols = any(not (char.isascii() and char.isalnum()) for char in password)
    return len(found) + symbols


class ComplexityValidator:
    """At least `min_length` characters, of at least `min_classes` of the four classes."""

    def __init__(self, min_length: int = 8, min_classes: int = 3):
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password: str, user: User | None = None) -> None:
        if len(password) < self.min_length or character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return f"密码至少 {self.min_length} 位，且至少包含{CLASS_NAMES}中的 {self.min_classes} 类。"


class HistoryValidator:
    """The new password is none of the person's last `count` passwords (the current one
    included); `password_changed` keeps their hashes (Django calls it when a user is saved
    with a new password)."""

    def __init__(self, count: int = 5):
        self.count = count

    def validate(self, password: str, user: User | None = None) -> None:
        if user is None or user.pk is None:
            return
        hashes = [user.password] if user.has_usable_password() else []
        hashes += [entry.password for entry in self._latest(user)]
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(self._message(), code="password_reused")

    def password_changed(self, password: str, user: User | None = None) -> None:
        from accounts.models import PasswordHistory

        if user is None or user.pk is None or not user.has_usable_password():
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        keep = self._latest(user).values_list("pk", flat=True)
        PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()

    def get_help_text(self) -> str:
        return self._message()

    def _message(self) -> str:
        return f"不能与最近 {self.count} 次使用过的密码相同。"

    def _latest(self, user: User) -> QuerySet[PasswordHistory]:
        return user.password_history.order_by("-created_at", "-pk")[: self.count]


def expires_at(user: User) -> datetime.datetime | None:
    """When the person's password must be changed; None when passwords do not expire."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days or user.password_changed_at is None:
        return None
    return user.password_changed_at + datetime.timedelta(days=days)


def change_reason(user: User) -> str | None:
    """Why the person must change their password before anything else, or None."""
    if not user.has_usable_password():
        return None
    if user.must_change_password:
        return "您的密码由系统管理员设置，首次登录须先修改为只有您自己知道的新密码。"
    days = settings.PASSWORD_MAX_AGE_DAYS
    expiry = expires_at(user)
    if days and (user.password_changed_at is None or (expiry and expiry <= clock.now())):
        return f"您的密码已超过 {days} 天未修改，按安全要求须先修改密码再继续使用。"
    return None
