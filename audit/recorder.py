"""Writing audit events: at once outside a request (commands), at the end of a request inside one.

During a request, `audit.middleware` opens a `RequestLog`; the signal handlers (`audit.signals`)
put into it the events they know (login, password change, account change) and the writes they
saw (model saves and deletes, simple-history records). When the response is ready, the
middleware adds the event the request itself was (a write, an export or download, a refusal)
and stores them all with one INSERT: recording costs a request at most one query.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from django.db import connection
from django.db.models import Model

from accounts.logins import client_ip
from audit.models import Action, AuditEvent, Result

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User

# The most writes of one request kept to choose its object from (an import writes thousands).
MAX_WRITES = 50
# The session keeps the scope label of its person, so that no request needs a query for it.
SCOPE_KEY = "audit_scope"


@dataclass
class Write:
    instance: Model
    kind: str  # "create", "update" or "delete"

    @property
    def label(self) -> str:
        return self.instance._meta.label_lower

    @property
    def pk(self) -> str:
        return "" if self.instance.pk is None else str(self.instance.pk)


@dataclass
class RequestLog:
    request: HttpRequest
    events: list[AuditEvent] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    write_count: int = 0
    # (model label, pk) → the simple-history record this request made of that object.
    history: dict[tuple[str, str], int] = field(default_factory=dict)
    # Why the request was refused (403/404), noted by audit.views.denied / not_found.
    refusal: str = ""

    def add_write(self, instance: Model, kind: str) -> None:
        self.write_count += 1
        if len(self.writes) < MAX_WRITES:
            self.writes.append(Write(instance, kind))


_current: ContextVar[RequestLog | None] = ContextVar("audit_request_log", default=None)


def current() -> RequestLog | None:
    return _current.get()


@contextlib.contextmanager
def collecting(request: HttpRequest) -> Iterator[RequestLog]:
    log = RequestLog(request)
    token = _current.set(log)
    try:
        yield log
    finally:
        _current.reset(token)


def store(events: list[AuditEvent]) -> None:
    """One INSERT for all the events of a request."""
    if len(events) == 1:
        events[0].save()
    elif events:
        AuditEvent.objects.bulk_create(events)


def record(
    action: str,
    *,
    request: HttpRequest | None = None,
    user: User | None = None,
    username: str = "",
    result: str = Result.SUCCESS,
    reason: str = "",
    detail: str = "",
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_name: str = "",
) -> AuditEvent:
    """Record one event: kept for the end of the current request, or saved now outside one."""
    log = current()
    if request is None and log is not None:
        request = log.request
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or ("" if obj.pk is None else str(obj.pk))
        object_name = object_name or name_of(obj)
    event = build(
        action,
        request=request,
        user=user,
        username=username,
        result=result,
        reason=reason,
        detail=detail,
        object_type=object_type,
        object_id=object_id,
        object_name=object_name,
    )
    if log is not None:
        log.events.append(event)
    else:
        event.save()
    return event


def build(
    action: str,
    *,
    request: HttpRequest | None,
    user: User | None = None,
    username: str = "",
    result: str = Result.SUCCESS,
    reason: str = "",
    detail: str = "",
    object_type: str = "",
    object_id: str = "",
    object_name: str = "",
) -> AuditEvent:
    if user is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    event = AuditEvent(
        action=action,
        result=result,
        reason=reason[:300],
        detail=detail[:500],
        object_type=object_type[:60],
        object_id=object_id[:64],
        object_name=object_name[:200],
        username=(user.username if user is not None else username)[:150],
    )
    if user is not None:
        event.user = user
        event.user_name = user.display_name[:60]
        event.role = role_label(user)[:40]
        event.scope = scope_of(user, request)[:100]
    if request is not None:
        event.ip = client_ip(request)
        event.method = request.method or ""
        event.path = request.get_full_path()[:300]
    return event


def role_label(user: User) -> str:
    label = user.get_role_display()
    return f"{label}（超级用户）" if user.is_superuser else label


def scope_text(user: User) -> str:
    """The person's scope in words (one query, for the region or unit name)."""
    if user.unit_id is not None:
        return user.unit.name
    if user.region_id is not None:
        return f"{user.region.name}（含下级）"
    return "全部"


def scope_of(user: User, request: HttpRequest | None) -> str:
    """The scope label, kept in the session for as long as the role and scope stay the same."""
    session = getattr(request, "session", None)
    key = f"{user.pk}:{user.role}:{user.region_id}:{user.unit_id}"
    if session is not None:
        kept = session.get(SCOPE_KEY)
        if isinstance(kept, list) and len(kept) == 2 and kept[0] == key:
            return str(kept[1])
    label = scope_text(user)
    # (Django's login() gives the request its user only if it had one: a test client's has not.)
    if session is not None and getattr(request, "user", user) == user:
        session[SCOPE_KEY] = [key, label]
    return label


class _QueryBlocked(Exception):
    pass


def _refuse_query(*args: Any) -> Any:
    raise _QueryBlocked


NAME_FIELDS = ("name", "title", "number", "username", "original_name", "description")


def name_of(obj: Model) -> str:
    """The object's name as far as it is known without asking the database: its __str__ unless
    that would run a query (a related object not loaded), else its own name-like field."""
    try:
        with connection.execute_wrapper(_refuse_query):
            return str(obj)[:200]
    except _QueryBlocked:
        pass
    for name in NAME_FIELDS:
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            return value[:200]
    return ""


_FILENAME = re.compile(r"filename\*=UTF-8''([^;]+)|filename=\"?([^\";]+)\"?", re.IGNORECASE)


def attachment_name(disposition: str) -> str:
    match = _FILENAME.search(disposition)
    if not match:
        return ""
    return unquote(match.group(1)) if match.group(1) else match.group(2)


__all__ = ["Action", "Result", "record", "current", "collecting", "store", "name_of"]
