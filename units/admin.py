from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.policy import access_for
from healthreport.lib.admin import NoDeleteAdminMixin
from units.models import MedicalCommunity, Region, Unit


class ScopeLookupMixin:
    """The 安全管理员 gives an account its region and unit through the user form's search boxes
    (the admin's autocomplete), which ask this admin for view permission: they may look regions
    and units up there, and open none of these admin pages."""

    def has_view_permission(self, request, obj=None) -> bool:
        if super().has_view_permission(request, obj):  # type: ignore[misc]
            return True
        match = request.resolver_match
        return (
            obj is None
            and match is not None
            and match.url_name == "autocomplete"
            and access_for(request.user).sec_admin
        )


@admin.register(Region)
class RegionAdmin(ScopeLookupMixin, SimpleHistoryAdmin):
    list_display = ["name", "level", "parent", "code"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]  # a search box, not a select of every region


@admin.register(Unit)
class UnitAdmin(ScopeLookupMixin, NoDeleteAdminMixin, SimpleHistoryAdmin):
    """A unit that closes is 停用 (its history and figures stay); the admin never deletes one."""

    list_display = ["name", "kind", "region", "grade", "ownership", "approved_beds"]
    list_filter = ["kind", "grade", "ownership"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["region"]
    autocomplete_fields = ["region", "medical_community"]


@admin.register(MedicalCommunity)
class MedicalCommunityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "lead_unit"]
    search_fields = ["name"]
    autocomplete_fields = ["region", "lead_unit"]
