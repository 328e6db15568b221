"""Reviewing work entries: staff adopt (采用) a unit's proposal or set it aside (暂不采用); its
author is told (core.notify). The view and the tests call this."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from healthreport.lib.events import Event, announce
from reports.models import EntryStatus, WorkEntry

ANNOUNCED: dict[str, Event] = {
    EntryStatus.ADOPTED: Event.ADOPTED,
    EntryStatus.SET_ASIDE: Event.SET_ASIDE,
}


@transaction.atomic
def set_status(entry: WorkEntry, user: User, status: str) -> WorkEntry:
    """Adopt or set aside the entry; its author hears of it unless nothing changed."""
    changed = entry.status != status
    entry.status = status
    entry.save(update_fields=["status", "updated"])
    if changed and status in ANNOUNCED:
        announce(ANNOUNCED[status], entry, user)
    return entry
