"""No lost updates: a page that edits what others may edit meanwhile carries the version of what it
showed, and the save compares it, under `select_for_update`, with the record's version now. No
doubled records either: `save_unique` turns a unique constraint's refusal into the form's error.

A version is the record's `updated` (auto_now) as ISO text, "" for "nothing was there". Every save
moves it, so a record whose version differs from the page's has changed since the page was opened:
the save is refused with who changed it and when, rather than silently undoing their work.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django import forms
from django.db import IntegrityError, models, transaction
from django.utils import timezone

SOMEONE = "他人"
DUPLICATE_RECORD = "保存时发现已有相同的记录（可能有人同时提交了相同内容），请核对后再保存。"


def version_of(updated: datetime.datetime | None) -> str:
    """The version a page carries: `updated` as ISO text, "" when there was no record."""
    return updated.isoformat() if updated else ""


def parse_version(text: str | None) -> datetime.datetime | None:
    """A posted version back as an instant (None for "" or anything unreadable)."""
    try:
        return datetime.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def is_current(posted: str, updated: datetime.datetime | None) -> bool:
    """Whether the record is still at the version the page showed (compared as instants, so
    that the offset a database hands back does not matter)."""
    return parse_version(posted) == updated


def local_time(when: datetime.datetime) -> str:
    """An instant as the bureau reads it (Asia/Shanghai, the site's zone)."""
    return f"{timezone.localtime(when):%Y-%m-%d %H:%M}"


@dataclass(frozen=True)
class LastChange:
    who: str
    when: datetime.datetime

    @property
    def text(self) -> str:
        """e.g. 张三于2026-06-15 10:00"""
        return f"{self.who}于{local_time(self.when)}"


def last_change(record: models.Model) -> LastChange:
    """Who last saved `record` (its newest simple-history entry, if it keeps one) and when (its
    `updated`)."""
    entry = None
    if hasattr(record, "history"):
        entry = record.history.select_related("history_user").order_by("-history_id").first()
    who = getattr(entry, "history_user", None)
    when = getattr(record, "updated", None) or getattr(entry, "history_date", None)
    return LastChange(str(who) if who else SOMEONE, when or timezone.now())


class VersionField(forms.CharField):
    """The hidden version of a form's record."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, widget=forms.HiddenInput, **kwargs)


class VersionedFormMixin:
    """A ModelForm over a record with `updated` that carries the version it was opened at.

    The view calls `check_version(locked)` with the record fetched under `select_for_update`
    inside the transaction that saves it; when another save came between, the form gets a
    non-field error naming who and when, and (keeping the person's input) now carries the current
    version: pressing 保存 again after reading the message is a deliberate overwrite.
    """

    record_label = "该记录"
    fields: dict[str, forms.Field]
    instance: models.Model
    data: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"] = VersionField()
        self.fields["version"].initial = version_of(getattr(self.instance, "updated", None))

    def last_change(self, locked: models.Model) -> LastChange:
        """Who changed the record last: its simple-history entry (a form over a model without
        one names the person from the model's own record of changes)."""
        return last_change(locked)

    def check_version(self, locked: models.Model) -> bool:
        """True when `locked` (the record now, row-locked) is still the version posted; else
        the form carries the refusal and the current version."""
        posted = self.data.get("version")
        updated = getattr(locked, "updated", None)
        if posted is None or is_current(posted, updated):
            # A post without a version (a script, a page from before versions) is not checked.
            return True
        change = self.last_change(locked)
        self.add_error(  # type: ignore[attr-defined]
            None,
            f"{self.record_label}已被{change.text}修改，您的修改未保存。"
            "下面保留了您填写的内容：请刷新页面查看对方的修改，或核对后再次保存（将以您填写的内容为准）。",
        )
        self.data = self.data.copy()
        self.data["version"] = version_of(updated)
        return False


def save_if_current(form: Any, save: Callable[[], object]) -> bool:
    """Lock the form's record, check the version the form was opened at and, when current, run
    `save` in the same transaction: two people saving the same stale form cannot both pass.
    False when the form now carries the refusal."""
    instance = form.instance
    with transaction.atomic():
        locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        if not form.check_version(locked):
            return False
        # A save may refuse too (e.g. a duplicate the database caught): False, the form says why.
        return save() is not False


def save_unique(
    form: forms.BaseForm,
    save: Callable[[], Any] | None = None,
    *,
    field: str | None = None,
    message: str = DUPLICATE_RECORD,
) -> Any | Literal[False]:
    """Run `save` (the form's own `save` by default) and return what it returns; False, with the
    form refusing in Chinese, when a unique constraint refused it.

    The form's validation already refuses a duplicate that exists when it runs; this is the race
    between that check and the save (a double click, two people at once), which would otherwise
    be an IntegrityError and a 500. The save runs in its own savepoint, so the transaction around
    it (e.g. `save_if_current`'s) stays usable; the form is then validated again, and now sees the
    twin and says what it says for any duplicate. Should it see nothing (the twin gone meanwhile,
    or a rule only the database holds), `message` goes on `field` (None: the whole form).
    """
    try:
        with transaction.atomic():
            return (save or form.save)()  # type: ignore[attr-defined]
    except IntegrityError:
        form.full_clean()
        if not form.errors:
            form.add_error(field, message)
        return False
