from django.contrib import admin

from audit.models import AuditEvent
from healthreport.lib.admin import ReadOnlyAdminMixin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Shown only: an audit record is never added, changed or deleted by hand (the 审计管理员
    reads the trail on its own page, audit.views)."""

    list_display = ["at", "username", "role", "ip", "action", "object_type", "object_id", "result"]
    list_filter = ["action", "result"]
    search_fields = ["username", "user_name", "object_id", "object_name"]
    date_hierarchy = "at"
