"""Admin helpers shared by the apps."""

from __future__ import annotations


class ReadOnlyAdminMixin:
    """An admin that shows records but never adds, changes or deletes one: such records change
    only through their own pages and domain functions, which keep the history and the reason."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
