from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True  # the app's config (AdminSiteConfig below is django.contrib.admin's)
    name = "accounts"
    verbose_name = "用户与权限"

    def ready(self) -> None:
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from accounts.logins import record_login

        # record_login sets last_login itself, after keeping the previous one.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_login, dispatch_uid="accounts_record_login")


class AdminSiteConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the site of accounts.admin_site (opened by role)."""

    default = False  # named in INSTALLED_APPS; "accounts" alone is AccountsConfig
    default_site = "accounts.admin_site.AdminSite"
