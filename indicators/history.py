"""The history of a place's figures of a year: who changed what, old → new, newest first."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from indicators.models import Value
from indicators.workflow import Place
from units.models import Unit

# The page shows the latest changes; a year of figures rarely has more.
HISTORY_SHOWN = 300


@dataclass(frozen=True)
class Change:
    record: Any  # a historical Value (django-simple-history's generated model)
    before: Any | None  # the same value's previous record: the "old" side; None when created


def changes(place: Place, year: int, *, limit: int = HISTORY_SHOWN) -> list[Change]:
    key = {"unit_id": place.pk} if isinstance(place, Unit) else {"region_id": place.pk}
    records = list(
        Value.history.filter(year=year, **key)
        .select_related("history_user", "indicator")
        .order_by("-history_date", "-history_id")[:limit]
    )
    # Each record's predecessor (same value row) gives the "old" side of old → new.
    by_value = defaultdict(list)
    for record in sorted(records, key=_when):
        by_value[record.id].append(record)
    found = [
        Change(record, chain[index - 1] if index else None)
        for chain in by_value.values()
        for index, record in enumerate(chain)
    ]
    found.sort(key=lambda change: _when(change.record), reverse=True)
    return found


def _when(record: Any) -> tuple[datetime.datetime, int]:
    return (record.history_date, record.history_id)
