from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from accounts import idle
from accounts.models import User


class ResetPasswordForm(AdminPasswordChangeForm):
    """A password an administrator set is known to them: its owner must replace it."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = ResetPasswordForm
    list_display = ["username", "real_name", "role", "region", "unit", "is_active", "last_login"]
    list_filter = ["role", "is_active", "region"]
    search_fields = ["username", "real_name", "phone"]
    autocomplete_fields = ["unit"]
    readonly_fields = [
        "password_changed_at",
        "last_login_ip",
        "previous_login_at",
        "previous_login_ip",
        "disabled_at",
        "reactivated_at",
    ]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("real_name", "phone", "email")}),
        ("角色与范围", {"fields": ("role", "region", "unit")}),
        ("权限", {"fields": ("is_active", "is_staff", "is_superuser")}),
        (
            "账号安全",
            {
                "fields": (
                    "must_change_password",
                    "password_changed_at",
                    "disabled_at",
                    "disabled_reason",
                    "reactivated_at",
                )
            },
        ),
        (
            "时间",
            {
                "fields": (
                    "last_login",
                    "last_login_ip",
                    "previous_login_at",
                    "previous_login_ip",
                    "date_joined",
                )
            },
        ),
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

    def save_model(self, request, obj, form, change):
        if not change:
            # The administrator chose the first password: its owner replaces it at first login.
            obj.must_change_password = True
        elif "is_active" in form.changed_data and obj.is_active:
            # Enabled again by hand: the idle-account rule starts counting afresh.
            super().save_model(request, obj, form, change)
            idle.reactivate(obj)
            return
        super().save_model(request, obj, form, change)
