"""Domain events that people are told about (issue 12): the domain functions announce them,
core.notify decides who hears and what they read.

The apps sit below core (accounts ← units ← rectification, indicators ← reports ← core), so they
cannot call core; they `announce()` here and core connects the receiver (CoreConfig.ready). The
signal goes out only after the transaction that made the change commits (nothing is said about a
change that was rolled back), and `robust` on_commit keeps a failing receiver from turning a saved
action into an error page.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from functools import partial
from typing import Any

from django.db import models, transaction
from django.dispatch import Signal


class Event(models.TextChoices):
    """What happened, keyed by code; the label is the badge on the 提醒 page."""

    ISSUED = "issued", "新下发"
    RETURNED = "returned", "退回整改"
    EXTENDED = "extended", "同意延期"
    NOT_EXTENDED = "no_extend", "不同意延期"
    CLOSED = "closed", "已销号"
    SANCTION = "sanction", "处理处罚"
    VALUES_RETURNED = "val_back", "指标退回"
    VALUES_APPROVED = "val_ok", "指标已审核"
    ADOPTED = "adopted", "条目已采用"
    SET_ASIDE = "set_aside", "条目未采用"


# sender: the Event; kwargs: subject (the object it happened to), actor (a User), note, and
# whatever else the event carries (see core.notify).
happened = Signal()

_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("events_muted", default=False)


def announce(event: Event, subject: Any, actor: Any, note: str = "", **details: Any) -> None:
    """Tell the receivers once the current transaction commits (at once outside one)."""
    if _muted.get():
        return
    send = partial(happened.send, sender=event, subject=subject, actor=actor, note=note, **details)
    transaction.on_commit(send, robust=True)


@contextlib.contextmanager
def muted() -> Iterator[None]:
    """Announce nothing: for history written after the fact (the demo's past year), which
    nobody should be told about today."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)
