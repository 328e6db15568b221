"""Uploaded files held between the preview of an import and its confirmation.

The preview stores the file under a random token in a private folder; the confirmation names the
token, and only the person who uploaded it can use it. A preview left unconfirmed leaves its file
here until `manage.py clean_staged_uploads` (run daily by send_reminders) removes it.
"""

from __future__ import annotations

import datetime
import re
import secrets
import time
from pathlib import Path

from django.conf import settings

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "staged"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(kind: str, user_id: int, token: str) -> Path:
    return _folder() / f"{kind}-{user_id}-{token}.xlsx"


def stage(kind: str, user_id: int, data: bytes) -> str:
    token = secrets.token_urlsafe(24)
    _path(kind, user_id, token).write_bytes(data)
    return token


def load(kind: str, user_id: int, token: str) -> bytes | None:
    """The staged file, or None when the token is unknown, malformed or someone else's."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    path = _path(kind, user_id, token)
    return path.read_bytes() if path.exists() else None


def discard(kind: str, user_id: int, token: str) -> None:
    if TOKEN_PATTERN.match(token or ""):
        _path(kind, user_id, token).unlink(missing_ok=True)


def remove_older_than(age: datetime.timedelta) -> int:
    """Remove the staged files last written more than `age` ago (previews never confirmed);
    returns how many were removed."""
    cutoff = time.time() - age.total_seconds()
    removed = 0
    for path in _folder().glob("*.xlsx"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
