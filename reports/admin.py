from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from healthreport.lib.admin import ReadOnlyAdminMixin
from reports.models import IssuedReport, ReportTemplate, WorkEntry, WorkField


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


@admin.register(IssuedReport)
class IssuedReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: an issued document is never edited or deleted, and only `issue` makes one."""

    list_display = ["number", "kind", "year", "region", "issued_by", "channel", "issued_at"]
    list_filter = ["year", "kind", "current", "channel"]
    search_fields = ["number", "title"]
    list_select_related = ["region", "issued_by"]
    exclude = ["docx", "workpaper"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("docx", "workpaper")
