from django.contrib import admin

from core.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["day", "recipient", "kind", "title", "read"]
    list_filter = ["kind", "read"]
