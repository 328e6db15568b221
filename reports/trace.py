"""The thread from a printed figure back to its definition and its records.

The sentence functions of `reports.phrases` print every figure through :func:`figure`, which
returns the text unchanged and, while a :func:`recording` is open, notes what was printed, under
which key, with which definition and how many records it counts. :func:`sentence` marks a function
that returns one sentence: the figures noted inside it are tied to the sentence it returns. The
document builders record a whole outline this way and the 数据底稿 lists what they noted, so the
workpaper can never list a figure the text does not print, nor miss one it does.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import ParamSpec

P = ParamSpec("P")


@dataclass(frozen=True)
class Printed:
    """One figure as printed in a sentence."""

    key: str  # stable across renderings, e.g. "rect.overdue", "indicator.A01.value"
    printed: str  # as the text prints it: "85个", "82.35%"
    definition: str  # 口径, in words
    records: int | None = None  # how many records it counts; None when it counts none
    name: str = ""  # what the figure is, in a few words: "逾期未整改", "孕产妇死亡率（目标）"
    # What the records are: ("problems", {"status": "closed"}), ("indicator", {"code": "A01"}),
    # ("sanctions", {}); the workpaper adds the year and the region and turns it into a link.
    source: tuple[str, Mapping[str, str]] | None = None
    sentence: str = ""


@dataclass
class Recording:
    figures: list[Printed] = field(default_factory=list)


_current: ContextVar[Recording | None] = ContextVar("reports_trace", default=None)


@contextmanager
def recording() -> Iterator[Recording]:
    """Note every figure printed inside the block."""
    record = Recording()
    token = _current.set(record)
    try:
        yield record
    finally:
        _current.reset(token)


def figure(
    key: str,
    printed: str,
    definition: str,
    *,
    records: int | None = None,
    source: tuple[str, Mapping[str, str]] | None = None,
    name: str = "",
) -> str:
    """`printed`, noted under `key` when a recording is open."""
    record = _current.get()
    if record is not None:
        record.figures.append(Printed(key, printed, definition, records, name, source))
    return printed


def sentence(func: Callable[P, str]) -> Callable[P, str]:
    """Tie the figures printed inside `func` to the sentence it returns."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> str:
        outer = _current.get()
        if outer is None:
            return func(*args, **kwargs)
        with recording() as inner:
            text = func(*args, **kwargs)
        outer.figures.extend(
            printed if printed.sentence else replace(printed, sentence=text)
            for printed in inner.figures
        )
        return text

    return wrapper


# How a table row reads in the workpaper's 表述 column.
ROW_SEPARATOR = " | "


def row(cells: Callable[[], list[str]]) -> list[str]:
    """The cells of a table row; the figures printed in them are tied to the row."""
    outer = _current.get()
    if outer is None:
        return cells()
    with recording() as inner:
        values = cells()
    text = ROW_SEPARATOR.join(values)
    outer.figures.extend(replace(printed, sentence=text) for printed in inner.figures)
    return values
