"""The records an import wrote, as its batch's page lists them: the kinds whose records do not
remember their batch (units, indicator values, targets) are found by the keys the batch kept.

The importing apps sit above this one, so their models are named by label, as `RECORD_LISTS`
names their pages by URL. A person sees the records of their own scope only (`visible_to`): a
unit moved out of it since the import, say, is counted but not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import QuerySet

from healthreport.lib.imports import CREATE, UPDATE

if TYPE_CHECKING:
    from accounts.models import User
    from imports.models import ImportBatch


@dataclass(frozen=True)
class RecordKind:
    model: str  # "app_label.Model"
    template: str  # the table of the records, included by the batch page
    related: tuple[str, ...]  # what the table shows of each record, fetched with it
    ordering: tuple[str, ...]
    manager: str = "objects"


KINDS = {
    "units": RecordKind(
        "units.Unit", "imports/_records_units.html", ("region",), ("region__path", "name", "pk")
    ),
    # Every period: a half-year figure is as much the import's record as an annual one.
    "indicator-values": RecordKind(
        "indicators.Value",
        "imports/_records_values.html",
        ("indicator", "unit", "region"),
        ("year", "indicator__order", "period", "pk"),
        manager="all_periods",
    ),
    "indicator-targets": RecordKind(
        "indicators.Target",
        "imports/_records_targets.html",
        ("indicator", "unit", "region"),
        ("year", "indicator__order", "pk"),
    ),
}


@dataclass
class Records:
    kind: RecordKind
    items: QuerySet[Any]  # the records the user may see, in the table's order
    created: set[int]  # the keys of those the import created (the others it changed)
    total: int  # how many the import wrote, seen or not

    @property
    def template(self) -> str:
        return self.kind.template

    def mark(self, records: Any) -> list[Any]:
        """The records of a page, each labelled 新增 or 更新 for the table's column."""
        marked = list(records)
        for record in marked:
            record.import_action = CREATE if record.pk in self.created else UPDATE
        return marked


def records_of(batch: ImportBatch, user: User) -> Records | None:
    """The records `batch` wrote that `user` may see; None for a kind listed elsewhere (the
    ledger's problems remember their batch) or a batch that wrote nothing."""
    kind = KINDS.get(batch.kind)
    keys = batch.record_keys
    if kind is None or not keys:
        return None
    manager = getattr(apps.get_model(kind.model), kind.manager)
    items = (
        manager.visible_to(user)
        .filter(pk__in=keys)
        .select_related(*kind.related)
        .order_by(*kind.ordering)
    )
    return Records(kind, items, set(batch.created_keys), len(keys))
