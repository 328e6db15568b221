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


class NoDeleteAdminMixin:
    """An admin that never deletes a record, one at a time or in bulk: such records are withdrawn
    (已撤销 / 停用 / void) with a reason through their own pages, which keep the history."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
