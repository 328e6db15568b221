"""One place that records what a request was, so that no view has to remember to.

- Every non-GET request that wrote something (a model of the project's apps saved or deleted:
  `audit.signals`) or was refused (400/409, or an error message for the person): a write, named
  by its URL and its object — 新增, 修改, 删除, 状态变更 (TRANSITIONS), 导入 (an ImportBatch and
  its outcome).
- Every response carrying a file (Content-Disposition): 导出 or 下载, with the file's name and,
  for an issued document, its number (the URL's).
- Every 403, and every 404 of a logged-in person (outside the scope, or no such page): 拒绝访问,
  with the reason the refusal gave (audit.views.denied/not_found).
- The events signals recorded during the request (login, logout, password, account changes),
  which then stand for the request.
All are stored with one INSERT when the response is ready (`recorder.store`). Page views (GET
without a file) are not recorded: they change nothing and release nothing but the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import ResolverMatch

from audit import recorder
from audit.models import Action, AuditEvent, Result
from audit.recorder import RequestLog, Write
from healthreport.lib.http import personal_data_of

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# Requests that change nothing anyone needs to audit (the session's keep-alive) or release
# nothing beyond the page that shows them (a picture's thumbnail).
QUIET = {"keep_alive", "rectification:evidence_thumbnail"}
# Writes that move a record through its workflow rather than edit it.
TRANSITIONS = {
    "rectification:problem_action",
    "rectification:extension_decide",
    "rectification:sanction_void",
    "indicators:submit",
    "indicators:approve",
    "indicators:reopen",
    "units:unit_deactivate",
    "units:unit_reactivate",
    "reports:entry_adopt",
    "reports:entry_set_aside",
    "reports:issue",
    "enable_account",
}
# The object a URL's pk stands for, where its name does not say it (see url_object).
URL_OBJECTS = {
    "rectification:problem_create": "rectification.inspection",
    "rectification:evidence_upload": "rectification.problem",
    "rectification:extension_request": "rectification.problem",
    "rectification:sanction_add": "rectification.problem",
    "enable_account": "accounts.user",
}
# URL words that are not the model's name: (namespace, first word of the URL name) → model.
URL_WORDS = {
    ("units", "community"): "medicalcommunity",
    ("imports", "batch"): "importbatch",
    ("reports", "issued"): "issuedreport",
    ("reports", "entry"): "workentry",
    ("rectification", "extension"): "extensionrequest",
}
IMPORT_BATCH = "imports.importbatch"

REFUSALS = {
    400: "提交的内容未通过检查，未保存",
    403: "无权访问",
    404: "页面或对象不存在，或不在管辖范围内",
    409: "数据已被他人修改，未保存",
}


class AuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with recorder.collecting(request) as log:
            response = self.get_response(request)
            events = list(log.events)
            if not events:
                event = request_event(request, response, log)
                if event is not None:
                    events.append(event)
        recorder.store(events)
        return response


def request_event(
    request: HttpRequest, response: HttpResponse, log: RequestLog
) -> AuditEvent | None:
    """The event the request itself was, if it is one the trail keeps."""
    status = response.status_code
    match = request.resolver_match
    view = match.view_name if match is not None else ""
    if view in QUIET or status >= 500:
        return None
    object_type, object_id = url_object(match)
    if status == 404 and not request.user.is_authenticated:
        # A visitor who has not logged in asks for an address that does not exist (the pages
        # that do exist send them to the login page): no data was refused, only scanned for.
        return None
    if status in (403, 404):
        return recorder.build(
            Action.DENIED,
            request=request,
            result=Result.REFUSED,
            reason=log.refusal or REFUSALS[status],
            detail=view,
            object_type=object_type,
            object_id=object_id,
        )
    disposition = response.get("Content-Disposition", "")
    if disposition and status < 300:
        personal = personal_data_of(response)
        return recorder.build(
            Action.EXPORT if "export" in view else Action.DOWNLOAD,
            request=request,
            detail=f"{view}；含个人信息：{personal}" if personal else view,
            object_type=object_type,
            object_id=object_id,
            object_name=recorder.attachment_name(disposition),
        )
    if request.method in SAFE_METHODS:
        return None
    refusal = _refusal(request, status)
    if not log.writes and not refusal:
        return None
    return _write_event(request, log, view, object_type, object_id, refusal)


def _refusal(request: HttpRequest, status: int) -> str:
    """Why a write was refused: the error the person was shown, or what the status says."""
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
    errors = [str(m.message) for m in queued if m.level >= messages.ERROR]
    if errors:
        return "；".join(errors)
    if status >= 400:
        return REFUSALS.get(status, f"请求未完成（{status}）")
    return ""


def _write_event(
    request: HttpRequest,
    log: RequestLog,
    view: str,
    object_type: str,
    object_id: str,
    refusal: str,
) -> AuditEvent:
    primary = _primary(log.writes, object_type, object_id)
    result, reason = (Result.REFUSED, refusal) if refusal else (Result.SUCCESS, "")
    if primary is None:
        action = Action.TRANSITION if view in TRANSITIONS else Action.UPDATE
    elif primary.label == IMPORT_BATCH:
        action = Action.IMPORT
        outcome = getattr(primary.instance, "outcome", "")
        if outcome == "refused":
            result, reason = Result.REFUSED, refusal or "有错误，未导入"
    elif view in TRANSITIONS:
        action = Action.TRANSITION
    else:
        action = {"create": Action.CREATE, "delete": Action.DELETE}.get(primary.kind, Action.UPDATE)
    event = recorder.build(
        action,
        request=request,
        result=result,
        reason=reason,
        detail=_detail(view, request.resolver_match, log, primary),
        object_type=primary.label if primary else object_type,
        object_id=primary.pk if primary else object_id,
        object_name=recorder.name_of(primary.instance) if primary else "",
    )
    if primary is not None:
        event.history_id = log.history.get((primary.label, primary.pk))
        if primary.label == IMPORT_BATCH:
            outcome = primary.instance.get_outcome_display()  # type: ignore[attr-defined]
            event.object_name = f"{event.object_name}（{outcome}）"[:200]
    return event


def _primary(writes: list[Write], object_type: str, object_id: str) -> Write | None:
    """The object a write was about: the URL's, an import's batch, the first created, the first."""
    if not writes:
        return None
    for write in writes:
        if write.label == object_type and write.pk == object_id:
            return write
    for write in writes:
        if write.label == IMPORT_BATCH:
            return write
    return next((w for w in writes if w.kind == "create"), writes[0])


def _detail(view: str, match: ResolverMatch | None, log: RequestLog, primary: Write | None) -> str:
    """The URL's name and its other arguments (e.g. action=close), then what else was written."""
    parts = [view]
    if match is not None:
        # What the address itself carried (action=close), not the view's configuration.
        captured = match.captured_kwargs  # type: ignore[attr-defined]  # Django 4.1+, not in the stubs
        parts += [f"{k}={v}" for k, v in captured.items() if k not in ("pk", "number")]
    if primary is not None and primary.label == IMPORT_BATCH:
        # An import writes its rows in bulk, which no signal reports: the batch counts them.
        batch: Any = primary.instance  # an imports.ImportBatch (an app above this one)
        parts.append(f"新增{batch.rows_created}条，更新{batch.rows_updated}条")
    others = [w for w in log.writes if w is not primary]
    if others:
        names = [
            f"{recorder.name_of(w.instance)}（{w.instance._meta.verbose_name}）" for w in others[:3]
        ]
        total = log.write_count - 1
        parts.append(
            "另写入：" + "，".join(names) + (f" 等 {total} 条" if total > len(names) else "")
        )
    return " ".join(p for p in parts if p)


def url_object(match: ResolverMatch | None) -> tuple[str, str]:
    """(model label, id) of the object a URL names, read from the URL alone (no query)."""
    if match is None:
        return "", ""
    kwargs = match.kwargs
    if match.namespace == "admin":
        object_id = kwargs.get("object_id")
        if object_id is None:
            return "", ""
        for model in apps.get_models():
            meta = model._meta
            if (match.url_name or "").startswith(f"{meta.app_label}_{meta.model_name}_"):
                return meta.label_lower, str(object_id)
        return "", ""
    ident = kwargs.get("pk", kwargs.get("number"))
    if ident is None:
        return "", ""
    label = URL_OBJECTS.get(match.view_name)
    if label is None and kwargs.get("kind") in ("unit", "region"):
        label = f"units.{kwargs['kind']}"  # indicators' entry pages: a unit's or a region's
    if label is None:
        word = (match.url_name or "").split("_")[0]
        label = f"{match.namespace}.{URL_WORDS.get((match.namespace, word), word)}"
        try:
            apps.get_model(label)
        except (LookupError, ValueError):
            label = ""
    return label, str(ident)
