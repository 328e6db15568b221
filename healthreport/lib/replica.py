"""Reads from a PostgreSQL read replica (settings: DATABASE_REPLICA_URL adds the `replica` alias).

Only what is marked goes there: the list and statistics views wear `@reads_from_replica`, and
inside them `ReplicaRouter` sends reads to the replica. Everything else reads and writes the
primary, so a page that shows what someone just changed is never behind. Within a marked view a
read still goes to the primary when:
  - the primary is inside a transaction (atomic): a read there belongs to that transaction;
  - the view has already written (a notification marked read…): what follows must see it;
  - the person wrote within the last REPLICA_PIN_SECONDS (`ReplicaPinMiddleware` sets a cookie
    after every POST), so the list shown after a save or an import is never older than the save.

A replica lags its primary by the time its WAL takes to replay (usually under a second); that is
why the pages that decide something (details, forms, workflow steps, exports of one record) are
not marked. Without DATABASE_REPLICA_URL (and in the tests, unless a test asks) nothing changes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
REPLICA = "replica"
# The cookie that keeps a person on the primary for a while after they wrote (its value is
# meaningless: forging it only costs the forger the replica).
PIN_COOKIE = "hr_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Per request (contextvars: per thread under gunicorn's sync and threaded workers): None outside
# a marked view, else a dict recording whether the view has written.
_scope: ContextVar[dict[str, bool] | None] = ContextVar("replica_scope", default=None)

V = TypeVar("V", bound=Callable[..., HttpResponse])


def replica_alias() -> str | None:
    """The replica's alias when it is configured and its reads are on (settings.REPLICA_READS:
    the test settings declare the alias, as a mirror of the test database, with reads off)."""
    on = getattr(settings, "REPLICA_READS", False) and REPLICA in settings.DATABASES
    return REPLICA if on else None


class reads_from_replica:  # noqa: N801 - used as a decorator and a context manager
    """Route the reads inside to the replica (see the module's docstring for the exceptions)."""

    def __enter__(self) -> None:
        self._token = _scope.set({"wrote": False})

    def __exit__(self, *exc: object) -> None:
        _scope.reset(self._token)

    def __call__(self, view: V) -> V:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES:
                return view(request, *args, **kwargs)
            with reads_from_replica():
                return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: the replica for reads in a marked view, the primary otherwise."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        scope = _scope.get()
        alias = replica_alias()
        if scope is None or alias is None or scope["wrote"]:
            return None  # Django's default: the instance's own database, else the primary
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return alias

    def db_for_write(self, model: type, **hints: Any) -> str:
        scope = _scope.get()
        if scope is not None:
            scope["wrote"] = True
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary: objects read from either may relate.
        known = {PRIMARY, replica_alias()}
        if obj1._state.db in known and obj2._state.db in known:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # The replica follows the primary's WAL, schema included: never migrate it directly.
        return False if db == REPLICA else None


class ReplicaPinMiddleware:
    """After a request that may have written (any method but GET/HEAD/OPTIONS), keep the person
    on the primary for REPLICA_PIN_SECONDS, longer than the replica's usual lag."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and replica_alias() is not None:
            seconds = getattr(settings, "REPLICA_PIN_SECONDS", 5)
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
