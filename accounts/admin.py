from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import PermissionDenied

from accounts import idle
from accounts.models import Role, User
from accounts.policy import access_for

# 三员分立 on the user form: the 系统管理员 creates accounts and keeps who a person is; the
# 安全管理员 decides what the account may do (role, scope, enabled, password). Each sees the
# other's fields read-only; is_staff and is_superuser are the superuser's (installation).
SYSTEM_FIELDS = frozenset({"username", "real_name", "phone", "email"})
SECURITY_FIELDS = frozenset({"role", "region", "unit", "is_active", "must_change_password"})
NEW_ACCOUNT_FIELDS = ("username", "real_name", "phone", "password1", "password2")


class ResetPasswordForm(AdminPasswordChangeForm):
    """A password an administrator set is known to them: its owner must replace it."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = ResetPasswordForm
    list_display = ["username", "real_name", "role", "region", "unit", "is_active", "last_login"]
    # No filter by region: its sidebar would list every region (a province has about 1,600);
    # the search finds people by their region's name instead.
    list_filter = ["role", "is_active"]
    search_fields = ["username", "real_name", "phone", "region__name"]
    # Search boxes (the admin's own autocomplete), not selects of every region and unit.
    autocomplete_fields = ["region", "unit"]
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

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser or obj is None:
            return readonly
        access = access_for(request.user)
        editable = (
            SYSTEM_FIELDS if access.sys_admin else SECURITY_FIELDS if access.sec_admin else ()
        )
        if obj.pk == request.user.pk:
            # Nobody gives themself another role or scope, or enables their own account.
            editable = frozenset(editable) & SYSTEM_FIELDS
        fields = [f for _, options in self.get_fieldsets(request, obj) for f in options["fields"]]
        # The password field is a read-only summary with the reset link already (never a hash).
        locked = [f for f in fields if f not in editable and f not in readonly and f != "password"]
        return readonly + locked

    def get_fieldsets(self, request, obj=None):
        if obj is None and not request.user.is_superuser:
            # The 系统管理员's new account: who the person is and a first password; the role
            # and scope are the 安全管理员's to give.
            return ((None, {"classes": ("wide",), "fields": NEW_ACCOUNT_FIELDS}),)
        return super().get_fieldsets(request, obj)

    def has_change_permission(self, request, obj=None):
        # A superuser's account is the installation's: no administrator changes (or resets) it.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        # Resetting a password is the 安全管理员's (who then hands it over; it must be changed).
        if not (request.user.is_superuser or access_for(request.user).sec_admin):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        if not change:
            # Created by the 系统管理员: no role or scope until the 安全管理员 gives them.
            if not request.user.is_superuser:
                obj.role, obj.region, obj.unit = Role.PENDING, None, None
            # The administrator chose the first password: its owner replaces it at first login.
            obj.must_change_password = True
        elif "is_active" in form.changed_data and obj.is_active:
            # Enabled again by hand: the idle-account rule starts counting afresh.
            super().save_model(request, obj, form, change)
            idle.reactivate(obj)
            return
        super().save_model(request, obj, form, change)
