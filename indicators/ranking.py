"""The indicator page's ranking: one indicator's figure for each unit of a region, or for each
region directly below it, best first.

Both are loaded in a constant number of queries, whatever the number of units or sub-regions.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Sum

from indicators.models import Indicator, Level, Value
from indicators.results import (
    COUNTED_STATUSES,
    Figure,
    IndicatorResult,
    RegionFigures,
    input_ids,
    region_and_ancestor_ids,
    units_results,
)
from units.models import Region, Unit


class RankingRow(NamedTuple):
    """One ranked place; a tuple so that templates can unpack it as `name, place, r`."""

    name: str
    place: Unit | Region
    result: IndicatorResult | Figure  # both carry .value and .not_computable


@dataclass(frozen=True)
class Ranking:
    reported: list[RankingRow]  # best first, in the indicator's direction
    missing: list[RankingRow]  # 未填报 or 无法计算, in the places' order

    def positions(self) -> list[tuple[int | None, RankingRow]]:
        """Every row as the page lists it: the reported ones with their place (名次), then the
        missing ones without one; a page of it shows its rows' places in the whole ranking."""
        return [
            *((position, row) for position, row in enumerate(self.reported, start=1)),
            *((None, row) for row in self.missing),
        ]


def rank(indicator: Indicator, year: int, region: Region) -> Ranking:
    """The units of `region` (a unit-level indicator) or its sub-regions, by their figure."""
    if indicator.level == Level.UNIT:
        rows = [
            RankingRow(unit.name, unit, result)
            for unit, results in units_results(year, region, indicators=[indicator])
            for result in results
        ]
    else:
        rows = [
            RankingRow(child.name, child, figure)
            for child, figure in subregion_figures(region, indicator, year)
        ]
    figures = [(row.result.value, row) for row in rows if row.result.value is not None]
    figures.sort(key=lambda pair: pair[0], reverse=not indicator.lower_is_better)
    missing = [row for row in rows if row.result.value is None]
    return Ranking([row for _figure, row in figures], missing)


def subregion_figures(
    region: Region, indicator: Indicator, year: int
) -> list[tuple[Region, Figure]]:
    """The indicator's figure for each region directly below `region`, as each one's own
    RegionFigures would give it, from five queries: the sub-regions, RegionFigures of `region`
    (whose subtree holds every sub-region's own values and sub-regions) and the units' sums."""
    children = list(Region.objects.filter(parent=region))
    loaded = RegionFigures(region, [year], [indicator])
    sums = _unit_sums_by_subregion(region, year, input_ids([indicator]))
    return [
        (child, _aimed_at(loaded, child, sums[child.pk]).figure(indicator, year))
        for child in children
    ]


def _unit_sums_by_subregion(
    region: Region, year: int, indicator_ids: list[int]
) -> defaultdict[int, dict[tuple[int, int], Decimal]]:
    """{sub-region id: {(indicator id, year): sum of the counted values of its units}}: summed
    per unit's region in the database, then up to the sub-region below `region` here."""
    rows = (
        Value.objects.filter(
            year=year,
            indicator_id__in=indicator_ids,
            unit__region__path__startswith=region.path,
            status__in=COUNTED_STATUSES,
        )
        .order_by()
        .values_list("indicator_id", "year", "unit__region__path")
        .annotate(total=Sum("value"))
    )
    depth = len(region_and_ancestor_ids(region.path))
    sums: defaultdict[int, dict[tuple[int, int], Decimal]] = defaultdict(dict)
    for indicator_id, value_year, path, total in rows:
        lineage = region_and_ancestor_ids(path)
        if len(lineage) <= depth:
            continue  # a unit of `region` itself, below none of its sub-regions
        child_sums = sums[lineage[depth]]
        key = (indicator_id, value_year)
        child_sums[key] = child_sums.get(key, Decimal(0)) + total
    return sums


def _aimed_at(
    loaded: RegionFigures, child: Region, unit_sums: dict[tuple[int, int], Decimal]
) -> RegionFigures:
    """`loaded` (a region's figures) answering for `child`, a region of its subtree: the subtree
    already holds the child's own values and sub-regions; only the units' sums are the child's."""
    figures = copy.copy(loaded)
    figures.region = child
    figures.unit_sums = unit_sums
    return figures
