from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.http import require_GET

from audit import recorder
from audit.exports import audit_workbook
from audit.filters import AuditEventFilter
from audit.models import Action, AuditEvent
from audit.policy import may_read_audit
from healthreport.lib.excel import xlsx_response
from healthreport.lib.http import AuthenticatedRequest, paginate

READERS_ONLY = "安全审计日志仅供审计管理员查阅。"
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def audit_reader_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_read_audit(request.user):
            raise PermissionDenied(READERS_ONLY)
        return view(request, *args, **kwargs)

    return wrapped


def _filtered(request: AuthenticatedRequest) -> AuditEventFilter:
    return AuditEventFilter(request.GET or None, queryset=AuditEvent.objects.all())


def _refused_filter(request: AuthenticatedRequest, event_filter: AuditEventFilter) -> HttpResponse:
    """A filter that cannot be applied shows no records rather than the unfiltered trail."""
    context = {"filter": event_filter, **paginate(request, AuditEvent.objects.none())}
    return render(request, "audit/event_list.html", context, status=400)


@require_GET
@audit_reader_required
def event_list(request: AuthenticatedRequest) -> HttpResponse:
    """安全审计日志: newest first, filtered by time, user, action, object and result."""
    event_filter = _filtered(request)
    # Reading the trail is itself an event of the trail.
    recorder.record(Action.AUDIT_READ, detail=request.GET.urlencode())
    if event_filter.form.errors:
        return _refused_filter(request, event_filter)
    context = {"filter": event_filter, **paginate(request, event_filter.qs)}
    return render(request, "audit/event_list.html", context)


@require_GET
@audit_reader_required
def event_export(request: AuthenticatedRequest) -> HttpResponse:
    """The filtered trail as Excel (recorded as an export by audit.middleware)."""
    event_filter = _filtered(request)
    if event_filter.form.errors:
        return _refused_filter(request, event_filter)
    events = event_filter.qs.iterator(chunk_size=2000)
    return xlsx_response(audit_workbook(events), "安全审计日志.xlsx")


def _note_refusal(exception: Exception | None) -> None:
    """The reason a refusal gave, when it speaks to people (Chinese), for the 拒绝访问 event."""
    log = recorder.current()
    message = str(exception or "")
    if log is not None and _CHINESE.search(message):
        log.refusal = message


def denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: Django's page, the reason noted for the audit trail."""
    _note_refusal(exception)
    return defaults.permission_denied(request, exception)  # type: ignore[arg-type]


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: Django's page, the reason noted for the audit trail."""
    _note_refusal(exception)
    return defaults.page_not_found(request, exception)
