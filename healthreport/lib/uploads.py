"""Uploaded files held between the preview of an import and its confirmation.

The preview stores the file under a random token in the private `staged/` folder of the default
storage (MEDIA_ROOT, or the bucket with STORAGE_BACKEND=s3), so that the confirmation may reach
another app server than the preview; the confirmation names the token, and only the person who
uploaded it can use it. A preview left unconfirmed leaves its file there until
`manage.py clean_staged_uploads` (run daily by send_reminders) removes it.
"""

from __future__ import annotations

import datetime
import re
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
FOLDER = "staged"


def staged_name(kind: str, user_id: int, token: str) -> str:
    """The file's name in the default storage."""
    return f"{FOLDER}/{kind}-{user_id}-{token}.xlsx"


def stage(kind: str, user_id: int, data: bytes) -> str:
    token = secrets.token_urlsafe(24)
    default_storage.save(staged_name(kind, user_id, token), ContentFile(data))
    return token


def load(kind: str, user_id: int, token: str) -> bytes | None:
    """The staged file, or None when the token is unknown, malformed or someone else's."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    name = staged_name(kind, user_id, token)
    # exists() first: not every storage raises FileNotFoundError on opening a missing object.
    if not default_storage.exists(name):
        return None
    try:
        with default_storage.open(name, "rb") as file:
            data: bytes = file.read()
    except FileNotFoundError:  # removed in between by clean_staged_uploads
        return None
    return data


def discard(kind: str, user_id: int, token: str) -> None:
    if TOKEN_PATTERN.match(token or ""):
        default_storage.delete(staged_name(kind, user_id, token))


def remove_older_than(age: datetime.timedelta) -> int:
    """Remove the staged files last written more than `age` ago (previews never confirmed);
    returns how many were removed."""
    cutoff = timezone.now() - age
    try:
        _, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:  # nothing was ever staged here
        return 0
    removed = 0
    for name in names:
        path = f"{FOLDER}/{name}"
        if name.endswith(".xlsx") and default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed
