"""The administrators' permissions on the admin site come from their role (accounts.policy
ADMIN_PERMISSIONS), not from groups someone could edit: the role is the whole grant."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from accounts.policy import admin_permission, uses_admin_app


class RolePermissionBackend(BaseBackend):
    """Authenticates nobody; answers `has_perm` for the three administrators' roles."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not getattr(user_obj, "is_authenticated", False) or "." not in perm:
            return False
        app_label, codename = perm.split(".", 1)
        action, _, model = codename.partition("_")
        return admin_permission(user_obj, app_label, model, action)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return getattr(user_obj, "is_authenticated", False) and uses_admin_app(user_obj, app_label)
