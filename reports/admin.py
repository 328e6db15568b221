from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from healthreport.lib.admin import ReadOnlyAdminMixin
from reports.models import (
    FieldIndicator,
    IndicatorNote,
    IssuedReport,
    MeetingContext,
    ReportTemplate,
    WorkEntry,
    WorkField,
)


class FieldIndicatorInline(admin.TabularInline):
    """The indicators told under the field: the section prints these figures and no others."""

    model = FieldIndicator
    extra = 1
    autocomplete_fields = ["indicator"]
    verbose_name = "本领域的指标"
    verbose_name_plural = "本领域的指标（文件中本节只写这些指标的数据）"


@admin.register(WorkField)
class WorkFieldAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "indicator_categories", "data_role"]
    list_editable = ["order"]
    inlines = [FieldIndicatorInline]


@admin.register(IndicatorNote)
class IndicatorNoteAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "region", "year", "updated_by", "updated"]
    list_filter = ["year"]
    list_select_related = ["indicator", "region", "updated_by"]


@admin.register(MeetingContext)
class MeetingContextAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "year", "date", "approved_by"]
    list_filter = ["year"]
    list_select_related = ["region"]


@admin.register(WorkEntry)
class WorkEntryAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "part", "field", "unit", "status", "highlight", "order"]
    list_filter = ["year", "part", "status", "highlight", "field"]
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
