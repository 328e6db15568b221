from django.conf import settings
from django.http import HttpRequest

from accounts import sessions


def session_idle(request: HttpRequest) -> dict:
    """How long the session has left, for the page's idle warning (static/js/session-timeout.js)."""
    user = getattr(request, "user", None)
    if not settings.SESSION_IDLE_MINUTES or user is None or not user.is_authenticated:
        return {}
    return {
        "session_idle": {
            "remaining": sessions.remaining(request),
            "warn": min(sessions.WARN_SECONDS, sessions.idle_seconds() // 2),
        }
    }
