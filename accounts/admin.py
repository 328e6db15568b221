from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "real_name", "role", "region", "unit", "is_active", "last_login"]
    list_filter = ["role", "is_active", "region"]
    search_fields = ["username", "real_name", "phone"]
    autocomplete_fields = ["unit"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("real_name", "phone", "email")}),
        ("角色与范围", {"fields": ("role", "region", "unit")}),
        ("权限", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("时间", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "real_name",
                    "role",
                    "region",
                    "unit",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
