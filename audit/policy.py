"""Who reads the audit trail: the 审计管理员 (三员分立), and the superuser who installs the
system."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.policy import access_for

if TYPE_CHECKING:
    from accounts.models import User


def may_read_audit(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or access_for(user).audit_admin
