"""原因分析 and 下步措施: which shortfalls of a region's year still lack them, and where they go.

A shortfall is what the documents call one: an indicator whose region figure is judged short of
its target (`indicators.results.region_results`, statuses `reports.phrases.SHORT_OF_TARGET`). The
list page and the documents read the same results, so a shortfall the summary prints is one the
page lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators.models import Indicator
from indicators.results import IndicatorResult, has_region_figure, region_results
from reports.models import IndicatorNote
from reports.phrases import SHORT_OF_TARGET
from units.models import Region


@dataclass(frozen=True)
class Shortfall:
    result: IndicatorResult
    note: IndicatorNote | None

    @property
    def complete(self) -> bool:
        """Both the cause and the measure are recorded."""
        return bool(self.note and self.note.cause.strip() and self.note.measure.strip())


def shortfalls(year: int, region: Region) -> list[Shortfall]:
    """The region's shortfalls of the year, in catalogue order, each with its note if any."""
    notes = {n.indicator_id: n for n in IndicatorNote.objects.filter(year=year, region=region)}
    return [
        Shortfall(result, notes.get(result.indicator.pk))
        for result in region_results(year, region)
        if result.status in SHORT_OF_TARGET
    ]


def noted_indicators() -> list[Indicator]:
    """The indicators a note may be written for: those with a region figure."""
    return [i for i in Indicator.objects.active() if has_region_figure(i)]
