from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import ReportTemplate, WorkEntry, WorkField


@admin.register(WorkField)
class WorkFieldAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "indicator_categories", "data_role"]
    list_editable = ["order"]


@admin.register(WorkEntry)
class WorkEntryAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "part", "field", "unit", "status", "order"]
    list_filter = ["year", "part", "status", "field"]
    search_fields = ["title", "body"]


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "uploaded_by", "uploaded"]
    exclude = ["content"]
