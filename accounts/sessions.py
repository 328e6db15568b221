"""The idle session timeout (MLPS 2.0 会话超时): a session with no request for
SESSION_IDLE_MINUTES ends. The time of the last request is kept in the session; the page shows
how long is left (static/js/session-timeout.js) and warns before the end.

To keep the session table quiet, the time is written at most once a minute (a tenth of the
timeout if shorter); the remaining time the page is told is counted from the time written, so
the page never thinks it has longer.
A background request (header X-Background: 1, e.g. a polling element) does not count as use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from healthreport.lib import clock

if TYPE_CHECKING:
    from django.http import HttpRequest

LAST_ACTIVITY = "last_activity"
WARN_SECONDS = 120
IDLE_LOGOUT_MESSAGE = "长时间未操作，已自动退出，请重新登录。"


def idle_seconds() -> int:
    return int(settings.SESSION_IDLE_MINUTES) * 60


def write_every() -> int:
    return min(60, idle_seconds() // 10)


def touch(request: HttpRequest, force: bool = False) -> None:
    """The person used the system now."""
    now = clock.now().timestamp()
    last = request.session.get(LAST_ACTIVITY)
    if force or last is None or now - last >= write_every():
        request.session[LAST_ACTIVITY] = now


def expired(request: HttpRequest) -> bool:
    last = request.session.get(LAST_ACTIVITY)
    return last is not None and clock.now().timestamp() - last >= idle_seconds()


def remaining(request: HttpRequest) -> int:
    """Seconds until the session ends if nothing else happens."""
    last = request.session.get(LAST_ACTIVITY, clock.now().timestamp())
    return max(0, int(idle_seconds() - (clock.now().timestamp() - last)))


def is_background(request: HttpRequest) -> bool:
    return request.headers.get("X-Background") == "1"
