"""The left menu: work areas and their pages, each shown only to the roles that may use it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from accounts.policy import access_for
from healthreport.lib.urls import reverse_cached

if TYPE_CHECKING:
    from accounts.models import User
    from accounts.policy import Access


@dataclass(frozen=True)
class Viewer:
    """Who the menu is for: what their role allows (accounts.policy, asked once per page rather
    than once per item) and whether they are the installation's superuser."""

    access: Access
    superuser: bool


Predicate = Callable[[Viewer], bool]


def everyone(viewer: Viewer) -> bool:
    return True


# Each reads accounts.policy, as the pages themselves do.


def business(viewer: Viewer) -> bool:
    """Bureau and unit people: the three administrators open no business page."""
    return viewer.access.business


def bureau(viewer: Viewer) -> bool:
    return viewer.access.bureau


def writer(viewer: Viewer) -> bool:
    return viewer.access.write


def enters_figures(viewer: Viewer) -> bool:
    return viewer.access.enter_figures


def unread_reminders(user: User) -> int:
    from core.models import Notification

    return Notification.objects.filter(recipient=user, read=False).news().count()


def system_admin(viewer: Viewer) -> bool:
    return viewer.access.sys_admin or viewer.superuser


def security_admin(viewer: Viewer) -> bool:
    return viewer.access.sec_admin or viewer.superuser


def audit_admin(viewer: Viewer) -> bool:
    # The audit app's page asks audit.policy.may_read_audit, the same role.
    return viewer.access.audit_admin


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    icon: str
    allowed: Predicate = everyone
    # A count shown beside the label (e.g. unread reminders); None shows nothing.
    badge: Callable[[User], int] | None = None


@dataclass(frozen=True)
class Section:
    label: str
    items: tuple[Item, ...]


MENU: tuple[Section, ...] = (
    Section("首页", (Item("首页", "home", "house"),)),
    Section(
        "机构管理",
        (
            Item("医疗卫生机构", "units:unit_list", "hospital", business),
            Item("医共体", "units:community_list", "diagram-3", business),
            Item("行政区划", "units:region_tree", "map", bureau),
            Item("批量导入机构", "units:unit_import", "upload", writer),
        ),
    ),
    Section(
        "督查整改",
        (
            Item("问题清单", "rectification:problem_list", "list-check", business),
            Item("检查记录", "rectification:inspection_list", "clipboard2-check", bureau),
            Item("待办/审核队列", "rectification:queue", "inbox", writer),
            Item("整改统计", "rectification:stats", "bar-chart", bureau),
            Item("导入整改台账", "rectification:ledger_import", "upload", writer),
            Item("提醒", "core:notifications", "bell", business, badge=unread_reminders),
        ),
    ),
    Section(
        "指标管理",
        (
            Item("指标完成情况", "indicators:scorecard", "speedometer2", bureau),
            Item("数据填报", "indicators:entry_index", "pencil-square", enters_figures),
            Item("填报进度", "indicators:progress", "list-check", bureau),
            Item("指标目录", "indicators:catalogue", "journal-text", bureau),
            Item("导入指标数据", "indicators:import_values", "upload", writer),
        ),
    ),
    Section(
        "工作总结与报告",
        (
            Item("生成年度文件", "reports:index", "file-earmark-word", bureau),
            Item("已定稿文件", "reports:issued_list", "archive", bureau),
            Item("工作条目", "reports:entry_list", "journal-text", business),
            Item("文件模板", "reports:template", "file-earmark-richtext", writer),
        ),
    ),
    Section(
        "系统管理",
        (
            Item("导入记录", "imports:batch_list", "clock-history", writer),
            # 系统管理员: accounts, regions, units, communities and lists on the admin site.
            Item("用户与基础数据", "admin:index", "gear", system_admin),
            # 安全管理员: roles and scopes, resets, unlocking, idle accounts.
            Item("账号角色与范围", "admin:accounts_user_changelist", "person-gear", security_admin),
            Item("登录锁定", "admin:axes_accessattempt_changelist", "lock", security_admin),
            Item("长期未登录账号", "idle_accounts", "person-slash", security_admin),
            # 审计管理员: the audit trail (the audit app's page).
            Item("安全审计日志", "audit:log", "shield-check", audit_admin),
        ),
    ),
)


def menu_for(user: User, current_path: str, access: Access | None = None) -> list[dict[str, Any]]:
    """The sections and items `user` may open, the one `current_path` is in marked active."""
    viewer = Viewer(access or access_for(user), user.is_superuser)
    sections: list[dict[str, Any]] = []
    for section in MENU:
        items: list[dict[str, Any]] = []
        for item in section.items:
            if not item.allowed(viewer):
                continue
            url = reverse_cached(item.url_name)
            active = current_path == url if url == "/" else current_path.startswith(url)
            items.append(
                {
                    "label": item.label,
                    "url": url,
                    "icon": item.icon,
                    "active": active,
                    "badge": item.badge(user) if item.badge else 0,
                }
            )
        if items:
            sections.append({"label": section.label, "items": items})
    # Only the longest matching URL is highlighted (/units/ vs /units/communities/).
    matching = [i for s in sections for i in s["items"] if i["active"]]
    for entry in matching:
        entry["active"] = len(entry["url"]) == max(len(i["url"]) for i in matching)
    return sections


def admin_entries(user: User) -> list[dict[str, Any]]:
    """The menu's pages for an administrator's start page (all but 首页)."""
    items = [item for section in menu_for(user, "") for item in section["items"]]
    return [item for item in items if item["url"] != reverse_cached("home")]


# A menu as a hashable value: ((section label, ((label, url, icon, active, badge), …)), …).
FrozenMenu = tuple[tuple[str, tuple[tuple[Any, ...], ...]], ...]
ITEM_KEYS = ("label", "url", "icon", "active", "badge")


def menu_html(menu: list[dict[str, Any]]) -> SafeString:
    """The menu's HTML (templates/includes/menu.html). A page shows one of a few dozen menus (a
    role's items, the active one, a badge), so each is rendered once per process and kept: the
    template's loops cost more than the rest of the menu. Not kept with DEBUG on, where
    templates change under a running server."""
    frozen = tuple(
        (section["label"], tuple(tuple(item[k] for k in ITEM_KEYS) for item in section["items"]))
        for section in menu
    )
    if settings.DEBUG:
        return _render(frozen)
    return _rendered(frozen)


def _render(frozen: FrozenMenu) -> SafeString:
    menu = [
        {"label": label, "items": [dict(zip(ITEM_KEYS, item, strict=True)) for item in items]}
        for label, items in frozen
    ]
    return SafeString(render_to_string("includes/menu.html", {"menu": menu}))


_rendered = functools.lru_cache(maxsize=1024)(_render)
