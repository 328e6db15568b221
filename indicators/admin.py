from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from healthreport.lib.admin import NoDeleteAdminMixin
from indicators.models import Indicator, Target, Value


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "unit_label", "direction", "level", "kind", "order"]
    list_filter = ["category", "level", "kind", "is_active"]
    search_fields = ["code", "name"]
    list_editable = ["order"]
    autocomplete_fields = ["numerator", "denominator"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["year", "indicator", "region", "unit", "operator", "value", "source"]
    list_filter = ["year", "operator"]
    search_fields = ["indicator__name", "indicator__code"]
    list_select_related = ["indicator", "region", "unit"]
    raw_id_fields = ["unit"]


@admin.register(Value)
class ValueAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    """A wrong figure is voided or corrected through the workflow, keeping its history."""

    list_display = ["year", "indicator", "region", "unit", "value", "status", "updated_by"]
    list_filter = ["year", "status"]
    search_fields = ["indicator__name", "indicator__code", "unit__name", "region__name"]
    list_select_related = ["indicator", "region", "unit", "updated_by"]
    raw_id_fields = ["unit", "updated_by"]
