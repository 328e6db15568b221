"""Who reads the audit trail: the 审计管理员 (三员分立), and the superuser who installs the system.

The role is looked up by name: the three administrators are introduced in accounts (Role
AUDIT_ADMIN, "auditadmin"); until then only the superuser reads the trail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import User


def may_read_audit(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    audit_admin = getattr(Role, "AUDIT_ADMIN", None)
    return user.is_superuser or (audit_admin is not None and user.role == audit_admin)
