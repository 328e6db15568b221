"""Who may do what with work entries, templates and issued documents: the one place that
decides it. Views fetch through these helpers and hand the flags to the templates."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from accounts.policy import access_for
from accounts.scoping import get_object_for_user
from reports.models import EntryStatus, WorkEntry


def may_issue(user: User) -> bool:
    """Staff who write and leaders issue documents; other bureau people only read them."""
    return access_for(user).issue


def may_add_entries(user: User) -> bool:
    """Staff write work entries; unit people propose them; leaders write none."""
    return access_for(user).add_entries


def new_entry_status(user: User) -> str:
    """Staff's entries are adopted at once; a unit's are proposals until staff adopt them."""
    return EntryStatus.ADOPTED if access_for(user).write else EntryStatus.PROPOSED


def may_upload_template(user: User) -> bool:
    return access_for(user).write


@dataclass(frozen=True)
class EntryAccess:
    review: bool  # reorder, adopt, set aside (staff)
    edit: bool  # edit and delete


def may_edit_entry(user: User, entry: WorkEntry) -> bool:
    """Staff edit any entry in scope; unit people only their own unit's, until adopted."""
    if access_for(user).write:
        return True
    return (
        access_for(user).unit
        and entry.unit_id == user.unit_id
        and entry.status == EntryStatus.PROPOSED
    )


def entry_access(user: User, entry: WorkEntry) -> EntryAccess:
    return EntryAccess(review=access_for(user).write, edit=may_edit_entry(user, entry))


def entry_for_user(user: User, pk: int) -> tuple[WorkEntry, EntryAccess]:
    """The entry (404 outside the scope) and what the person may do with it."""
    entry: WorkEntry = get_object_for_user(WorkEntry, user, pk=pk)
    return entry, entry_access(user, entry)
