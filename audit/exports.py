"""The audit trail as an Excel workbook (the page's filters applied), in Chinese."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone

from audit.models import AuditEvent
from healthreport.lib.excel import build_workbook

HEADERS = [
    "时间",
    "用户名",
    "姓名",
    "角色",
    "范围",
    "地址",
    "操作",
    "对象类型",
    "对象编号",
    "对象名称",
    "结果",
    "原因",
    "详情",
    "修改历史编号",
    "请求",
]
WIDTHS = [20, 14, 10, 14, 16, 16, 14, 14, 12, 30, 10, 30, 40, 12, 40]


def _rows(events: Iterable[AuditEvent]) -> Iterator[list[Any]]:
    for event in events:
        yield [
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            event.username or "系统（命令行）",
            event.user_name,
            event.role,
            event.scope,
            event.ip or "",
            event.get_action_display(),
            event.object_type_label,
            event.object_id,
            event.object_name,
            event.get_result_display(),
            event.reason,
            event.detail,
            event.history_id or "",
            f"{event.method} {event.path}".strip(),
        ]


def audit_workbook(events: Iterable[AuditEvent]) -> bytes:
    return build_workbook(HEADERS, _rows(events), title="安全审计日志", widths=WIDTHS)
