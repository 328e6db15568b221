"""The entry page of a place's year (a unit's or a region's): the figures it owes, each with last
year's figure, its target and what is stored, and the state of the whole year."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.forms import BoundField

from healthreport.lib.versions import version_of
from indicators import workflow
from indicators.evaluation import plain_number, target_text
from indicators.forms import ValuesForm
from indicators.models import Indicator, Period, Value
from indicators.results import TargetBook, active_indicators, region_and_ancestor_ids
from indicators.workflow import Place, PlaceState
from units.models import Unit


@dataclass(frozen=True)
class EntryRow:
    indicator: Indicator
    field: BoundField
    comment: BoundField
    version: BoundField  # hidden: the version of the figure shown (healthreport.lib.versions)
    previous: Decimal | None
    target: str  # e.g. "≥500张"; "" when no target
    stored: Value | None


@dataclass(frozen=True)
class EntrySheet:
    """What a place's entry page shows, loaded once for GET and POST alike."""

    place: Place
    year: int
    indicators: list[Indicator]  # the input indicators the place owes, in catalogue order
    computed: list[Indicator]  # computed indicators with both operands owed (the ratio check)
    stored: dict[int, Value]  # indicator id → this year's value
    previous: dict[int, Decimal]  # indicator id → last year's figure
    targets: dict[int, str]  # indicator id → the target as the plans write it
    state: PlaceState

    def form(self, data: Mapping[str, Any] | None = None) -> ValuesForm:
        """The entry form: bound to `data` when posted, else holding the stored figures."""
        return ValuesForm(
            data,
            initial=self.initial(),
            indicators=self.indicators,
            previous=self.previous,
            computed=self.computed,
        )

    def initial(self) -> dict[str, str]:
        initial = {}
        for indicator in self.indicators:
            value = self.stored.get(indicator.pk)
            initial[f"s_{indicator.code}"] = version_of(value.updated if value else None)
            if value is not None:
                initial[f"v_{indicator.code}"] = plain_number(value.value)
                initial[f"c_{indicator.code}"] = value.comment
        return initial

    def refreshed(self, data: Mapping[str, Any], indicator_ids: Iterable[int]) -> dict[str, Any]:
        """The posted `data` with the given cells replaced by what is stored now (this sheet
        being loaded after a refused save): everything else the person typed stays."""
        data = dict(data.items())
        stored = self.initial()
        for indicator in self.indicators:
            if indicator.pk in indicator_ids:
                for prefix in ("v", "c", "s"):
                    name = f"{prefix}_{indicator.code}"
                    data[name] = stored.get(name, "")
        return data

    def rows(self, form: ValuesForm) -> list[EntryRow]:
        return [
            EntryRow(
                indicator=indicator,
                field=form[f"v_{indicator.code}"],
                comment=form[f"c_{indicator.code}"],
                version=form[f"s_{indicator.code}"],
                previous=self.previous.get(indicator.pk),
                target=self.targets.get(indicator.pk, ""),
                stored=self.stored.get(indicator.pk),
            )
            for indicator in self.indicators
        ]


def load_sheet(place: Place, year: int, period: str = Period.ANNUAL) -> EntrySheet:
    """The entry page of a place's year, or of its first half (报告期: last year's figure is then
    last year's first half; the target is the year's)."""
    indicators = active_indicators()
    owed = workflow.entry_indicators(place, indicators)
    values = Value.all_periods.filter(period=period).for_place(place)
    stored = {v.indicator_id: v for v in values.filter(year__in=[year])}
    previous = {
        v.indicator_id: v.value for v in values.filter(year=year - 1).only("indicator", "value")
    }
    owed_ids = {i.pk for i in owed}
    return EntrySheet(
        place=place,
        year=year,
        indicators=owed,
        computed=[
            i
            for i in indicators
            if i.is_computed and {i.numerator_id, i.denominator_id} <= owed_ids
        ],
        stored=stored,
        previous=previous,
        targets=_target_texts(place, year, owed),
        state=workflow.state_of([v.status for v in stored.values()], len(owed)),
    )


def _target_texts(place: Place, year: int, indicators: list[Indicator]) -> dict[int, str]:
    """Each indicator's target for the place: its own (a unit's), else its region's or above."""
    if isinstance(place, Unit):
        path, unit_id = place.region.path, place.pk
        query = Q(unit_id=place.pk) | Q(region_id__in=region_and_ancestor_ids(path))
    else:
        path, unit_id = place.path, None
        query = Q(region_id__in=region_and_ancestor_ids(path))
    targets = TargetBook.load([year], query)
    texts = {}
    for indicator in indicators:
        target = targets.find(indicator.pk, year, path, unit_id)
        if target is not None:
            texts[indicator.pk] = target_text(target.operator, target.value, indicator.unit_label)
    return texts
