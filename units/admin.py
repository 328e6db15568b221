from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from healthreport.lib.admin import NoDeleteAdminMixin
from units.models import MedicalCommunity, Region, Unit


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "parent", "code"]
    list_filter = ["level"]
    search_fields = ["name", "code"]


@admin.register(Unit)
class UnitAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    """A unit that closes is 停用 (its history and figures stay); the admin never deletes one."""

    list_display = ["name", "kind", "region", "grade", "ownership", "approved_beds"]
    list_filter = ["kind", "grade", "ownership"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["region"]


@admin.register(MedicalCommunity)
class MedicalCommunityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "lead_unit"]
