"""The admin site, opened by the role (accounts.policy) rather than by `is_staff`: the
系统管理员 and 安全管理员 use it, each for the models of their job; the superuser installs."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from accounts.policy import access_for


class AdminSite(admin.AdminSite):
    site_header = "卫健工作报告系统 · 系统管理"
    site_title = "卫健工作报告系统"
    index_title = "用户与基础数据"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and access_for(user).admin_site
