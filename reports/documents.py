"""A generated document together with everything that stands behind it.

`render` reads the record once and returns the .docx, its 数据底稿 (workpaper) and the facts it
was built from, as a JSON-safe snapshot. `rebuild` turns such a snapshot back into the same
document: this is what makes an issued (定稿) document reproducible. `figure_changes` compares the
figures of two renderings, e.g. an issued document against the record as it stands today.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from reports import builders, facts, workpaper
from reports.models import ReportTemplate
from reports.outline import Outline
from units.models import Region


@dataclass(frozen=True)
class FigureRow:
    """One figure as a document prints it: a row of the workpaper's 底稿 sheet."""

    key: str  # stable across renderings of the same document, e.g. "rect.overdue"
    section: str  # 段落: the heading it sits under
    sentence: str  # 表述: the sentence (or table row) that prints it
    printed: str  # 数值: the figure as printed, e.g. "85个", "82.35%"
    definition: str  # 口径: the definition in words
    records: int | None  # 记录数: how many records it counts
    link: str = ""  # the records behind it (a URL of this site), "" when there is none
    name: str = ""  # what the figure is, in a few words: "逾期未整改", "孕产妇死亡率（目标）"


@dataclass(frozen=True)
class FigureChange:
    key: str
    name: str
    section: str
    definition: str
    old: str  # "—" when the figure was not printed before
    new: str  # "—" when it is no longer printed


@dataclass(frozen=True)
class RenderedDocument:
    kind: str
    year: int
    region_id: int
    title: str
    file_name: str
    outline: Outline
    docx: bytes
    facts: dict  # JSON-safe: store it, hand it to `rebuild`
    figures: list[FigureRow]
    # What the workpaper is written from; the region (a Region) only when built from the record.
    data: Any = field(repr=False, compare=False, default=None)
    region: Region | None = field(repr=False, compare=False, default=None)
    # Which bulletin (reports.bulletin.BulletinData.key); "" for the documents of a year.
    period: str = ""

    @cached_property
    def workpaper(self) -> bytes:
        """The 数据底稿 (.xlsx), written when first asked for: a Word download needs none."""
        return workpaper.build_workbook(self.data, self.figures, region=self.region)

    @property
    def workpaper_name(self) -> str:
        return self.file_name.removesuffix(".docx") + "（数据底稿）.xlsx"

    def figures_json(self) -> list[dict]:
        return [asdict(row) for row in self.figures]


def render(
    kind: str, year: int, region: Region, *, as_of: datetime.date, period: str = ""
) -> RenderedDocument:
    """The document of (kind, year, region) as the record stands, read on `as_of`; a bulletin
    is chosen by `period` ("week:2026-06-10": the week or month holding that day) instead."""
    data = collect(kind, year, region, as_of=as_of, period=period)
    snapshot = facts.snapshot(data)
    template = ReportTemplate.objects.for_region(region)
    return _render(kind, data, snapshot, bytes(template.content) if template else None, region)


def rebuild(kind: str, snapshot: dict, template: bytes | None = None) -> RenderedDocument:
    """The document built again from a stored snapshot, without reading the record."""
    data = facts.restore(snapshot)
    return _render(kind, data, snapshot, template, None)


def collect(kind: str, year: int, region: Region, *, as_of: datetime.date, period: str = ""):
    """What the document of `kind` is built from: a ReportData, or a BulletinData."""
    if kind == builders.DocumentKind.BULLETIN:
        from reports import bulletin

        return bulletin.collect(*bulletin.parse_key(period), region, as_of=as_of)
    return builders.collect(year, region, as_of=as_of, half=kind == builders.DocumentKind.HALFYEAR)


def _render(kind, data, snapshot, template, region) -> RenderedDocument:
    # python-docx and lxml take a quarter of a second to import: every page and command loads
    # this module through the URLconf, few of them write a document.
    from reports import docx_layout

    outline, figures = workpaper.outline_with_figures(kind, data)
    docx = docx_layout.render_outline(outline, template)
    is_bulletin = kind == builders.DocumentKind.BULLETIN
    return RenderedDocument(
        kind=kind,
        year=data.year,
        region_id=data.region.pk,
        title=outline.title,
        file_name=(
            data.file_name if is_bulletin else builders.file_name(kind, data.year, data.region)
        ),
        period=data.key if is_bulletin else "",
        outline=outline,
        docx=docx,
        facts=snapshot,
        figures=figures,
        data=data,
        region=region,
    )


def figures_from_json(rows: Iterable[dict]) -> list[FigureRow]:
    return [FigureRow(**row) for row in rows]


def figure_changes(old: Iterable[FigureRow], new: Iterable[FigureRow]) -> list[FigureChange]:
    """Each figure whose printed value differs, in the order of the newer document.

    A figure printed more than once (the opening and its section) is listed once.
    """
    before: dict[str, FigureRow] = {}
    after: dict[str, FigureRow] = {}
    for rows, by_key in ((old, before), (new, after)):
        for row in rows:
            by_key.setdefault(row.key, row)  # where the document first prints it
    changes = []
    for key in [*after, *(k for k in before if k not in after)]:
        was, now = before.get(key), after.get(key)
        if was is not None and now is not None and was.printed == now.printed:
            continue
        shown = now or was
        changes.append(
            FigureChange(
                key=key,
                name=shown.name,
                section=shown.section,
                definition=shown.definition,
                old=was.printed if was else "—",
                new=now.printed if now else "—",
            )
        )
    return changes
