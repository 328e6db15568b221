from django.contrib import admin

from healthreport.lib.admin import NoDeleteAdminMixin, ReadOnlyAdminMixin
from rectification.models import (
    Category,
    Evidence,
    ExtensionRequest,
    Inspection,
    Problem,
    ProblemEvent,
    Sanction,
    Source,
)


@admin.register(Source, Category)
class ListAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "date", "organiser", "region"]
    list_filter = ["source"]
    search_fields = ["title", "organiser", "campaign"]
    date_hierarchy = "date"


class EventInline(admin.TabularInline):
    model = ProblemEvent
    extra = 0
    readonly_fields = ["at", "actor", "action", "from_status", "to_status", "note"]
    can_delete = False


@admin.register(Problem)
class ProblemAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    """Read-mostly: status changes go through the workflow (the pages), not through the admin;
    a problem is withdrawn (已撤销) with a reason there, never deleted."""

    list_display = ["unit", "category", "severity", "status", "deadline", "inspection"]
    list_filter = ["status", "severity", "kind", "category"]
    search_fields = ["description", "unit__name"]
    list_select_related = ["unit", "category", "inspection"]
    raw_id_fields = ["inspection", "unit"]
    readonly_fields = ["status", "verifier_name", "closed_on"]
    inlines = [EventInline]


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: sanctions are corrected or voided with a reason on their own page
    (rectification.sanctions), which keeps the history; nobody deletes one."""

    list_display = ["date", "unit", "kind", "target", "amount", "voided_at"]
    list_filter = ["kind"]
    raw_id_fields = ["unit", "problem"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ["problem", "new_deadline", "status", "requested_at"]
    raw_id_fields = ["problem"]
    readonly_fields = ["status", "decided_by", "decided_at"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "problem", "size", "uploaded_at"]
    raw_id_fields = ["problem"]
    readonly_fields = ["sha256", "size", "content_type", "file", "thumbnail"]
