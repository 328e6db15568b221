"""Reporting progress (填报进度): which units and regions of a region have reported a year's
figures, and how far they have got. Loaded in a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from indicators import workflow
from indicators.models import Value, ValueStatus
from indicators.results import active_indicators
from indicators.workflow import Place, PlaceState
from units.models import Region, Unit


@dataclass(frozen=True)
class ProgressRow:
    place: Place
    kind: str  # "unit" or "region", as in the entry page's URL
    state: PlaceState

    @property
    def is_late(self) -> bool:
        """Not reported yet: nothing entered, or drafts still to submit."""
        return self.state.status in ("", ValueStatus.DRAFT)


@dataclass(frozen=True)
class Progress:
    units: list[ProgressRow]  # the units that owe figures, in the units' order
    regions: list[ProgressRow]  # every region of the subtree, the region itself first


def reporting_progress(year: int, region: Region) -> Progress:
    indicators = active_indicators()
    statuses: defaultdict[tuple[str, int], list[str]] = defaultdict(list)
    for unit_id, region_id, status in (
        Value.objects.filter(year=year)
        .filter(
            Q(unit__region__path__startswith=region.path) | Q(region__path__startswith=region.path)
        )
        .values_list("unit_id", "region_id", "status")
    ):
        statuses[("unit", unit_id) if unit_id else ("region", region_id)].append(status)
    units = []
    for unit in Unit.objects.in_region(region).active().select_related("region"):
        owed = workflow.entry_indicators(unit, indicators)
        if owed:
            state = workflow.state_of(statuses[("unit", unit.pk)], len(owed))
            units.append(ProgressRow(unit, "unit", state))
    owed_by_region = len(workflow.entry_indicators(region, indicators))
    regions = [
        ProgressRow(
            place, "region", workflow.state_of(statuses[("region", place.pk)], owed_by_region)
        )
        for place in Region.objects.subtree_of(region)
    ]
    return Progress(units, regions)


def count_by_state(rows: list[ProgressRow]) -> dict[str, int]:
    """How many rows are in each state, by the state's label, in the order first met."""
    counts: defaultdict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.state.label] += 1
    return dict(counts)
