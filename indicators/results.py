"""Each indicator's figure, target and status for a region or a unit: what pages, exports and the
document generator show.

Region figures follow DHIS2: a computed indicator is factor × Σ numerator / Σ denominator, where
a unit-level operand (床位数, 诊疗人次) is summed over every unit in the region's subtree and a
region-level operand (常住人口) is the region's own figure or, when it has none, the sum of its
sub-regions' figures. Rates are never averaged. Unit-level rates that are entered directly
(接种率 of a health centre) have no region figure: they are judged per unit.

Only reported figures count (已上报 and 已审核); drafts are the unit's work in progress.
Everything is loaded in a constant number of queries, whatever the number of units.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, Q, Sum

from accounts.scoping import region_is_everything
from healthreport.lib.remembered import Records, branch_of, remember
from indicators.evaluation import Status, evaluate, target_text, year_on_year
from indicators.models import Indicator, Level, Period, Target, Value, ValueQuerySet, ValueStatus
from units.branches import merged_over_branches, only_root
from units.models import Region, Unit

COUNTED_STATUSES = (ValueStatus.SUBMITTED, ValueStatus.APPROVED)


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    code: str
    name: str
    category: str  # category label, one of the seven
    unit_label: str
    direction: str
    decimals: int
    is_percentage: bool
    value: Decimal | None  # unrounded; None = 未填报 or 无法计算
    not_computable: bool  # denominator 0
    target_operator: str | None
    target_value: Decimal | None
    target_text: str  # e.g. "≥95%"; "" when no target
    status: str  # Status value
    previous_value: Decimal | None
    change: Decimal | None  # in the unit, or 个百分点 for percentages
    year: int = 0
    place_name: str = ""  # the region or unit the figure is for

    @property
    def display_status(self) -> str:
        """The status code a badge shows: a zero denominator reads 无法计算 whatever the target."""
        return Status.NOT_COMPUTABLE if self.not_computable else self.status

    @property
    def status_label(self) -> str:
        return Status(self.display_status).label


@dataclass
class Figure:
    value: Decimal | None
    not_computable: bool = False


def active_indicators() -> list[Indicator]:
    return list(Indicator.objects.active().select_related("numerator", "denominator"))


def inputs_of(indicators: Iterable[Indicator]) -> list[Indicator]:
    """The input indicators whose values the figures of `indicators` read: each input itself,
    each computed one's numerator and denominator (loaded with select_related by every caller).
    Queries of values name them, so that a page about one indicator reads that indicator's
    values, not the whole year's (ten million values over five years in a province)."""
    found: dict[int, Indicator] = {}
    for indicator in indicators:
        for item in operands(indicator) if indicator.is_computed else (indicator,):
            found[item.pk] = item
    return [found[pk] for pk in sorted(found)]


def input_ids(indicators: Iterable[Indicator]) -> list[int]:
    """The ids of `inputs_of(indicators)`."""
    return [indicator.pk for indicator in inputs_of(indicators)]


def region_and_ancestor_ids(path: str) -> list[int]:
    """Region ids from the root down to the region itself, read from its materialised path."""
    return [int(pk) for pk in path.strip("/").split("/") if pk]


class TargetBook:
    """Targets of some years, found for a unit first, then its region and each region above."""

    def __init__(self, targets: Iterable[Target]):
        self.by_key: dict[tuple[int, int, str, int | None], Target] = {}
        for target in targets:
            place = ("u", target.unit_id) if target.unit_id else ("r", target.region_id)
            self.by_key[(target.indicator_id, target.year, *place)] = target

    @classmethod
    def load(cls, years: Sequence[int], query: Q) -> TargetBook:
        return cls(Target.objects.filter(query, year__in=years))

    def find(
        self, indicator_id: int, year: int, region_path: str, unit_id: int | None = None
    ) -> Target | None:
        if unit_id is not None:
            found = self.by_key.get((indicator_id, year, "u", unit_id))
            if found is not None:
                return found
        for region_id in reversed(region_and_ancestor_ids(region_path)):
            found = self.by_key.get((indicator_id, year, "r", region_id))
            if found is not None:
                return found
        return None


def _computed(
    indicator: Indicator, numerator: Decimal | None, denominator: Decimal | None
) -> Figure:
    if numerator is None or denominator is None:
        return Figure(None)
    if denominator == 0:
        return Figure(None, not_computable=True)
    assert indicator.factor is not None  # indicator_computed_has_operands
    return Figure(indicator.factor * numerator / denominator)


def operands(indicator: Indicator) -> tuple[Indicator, Indicator]:
    """A computed indicator's numerator and denominator: both are set (the database's
    indicator_computed_has_operands constraint)."""
    assert indicator.numerator is not None and indicator.denominator is not None
    return indicator.numerator, indicator.denominator


def _result(
    indicator: Indicator,
    year: int,
    place_name: str,
    figure: Figure,
    previous: Figure,
    target: Target | None,
) -> IndicatorResult:
    operator = target.operator if target else None
    goal = target.value if target else None
    if figure.not_computable:
        status = Status.NOT_COMPUTABLE
    else:
        status = evaluate(figure.value, operator, goal, indicator.direction, previous.value)
    return IndicatorResult(
        indicator=indicator,
        code=indicator.code,
        name=indicator.name,
        category=indicator.category_label,
        unit_label=indicator.unit_label,
        direction=indicator.direction,
        decimals=indicator.decimals,
        is_percentage=indicator.is_percentage,
        value=figure.value,
        not_computable=figure.not_computable,
        target_operator=operator,
        target_value=goal,
        target_text=target_text(operator, goal, indicator.unit_label),
        status=str(status),
        previous_value=previous.value,
        change=year_on_year(figure.value, previous.value),
        year=year,
        place_name=place_name,
    )


# --------------------------------------------------------------------------------------------
# Regions
# --------------------------------------------------------------------------------------------


# RegionFigures' three reads: the sub-regions of every region in the subtree, the region-level
# inputs of each (as text: a province's 48,000 of them are remembered and read back in a fifth
# of the time Decimals take, and a page reads a handful), and the sums of the units' counts.
Loaded = tuple[
    dict[int, list[int]], dict[tuple[int, int], dict[int, str]], dict[tuple[int, int], Decimal]
]


def _region_figures(
    region: Region,
    years: list[int],
    region_inputs: tuple[int, ...],
    unit_counts: tuple[int, ...],
    period: str,
    own_only: bool = False,
) -> Loaded:
    """RegionFigures' three reads of `region`'s subtree; with `own_only`, of the region itself
    and its own units (its children listed), as a branch of a merge (`_remembered_figures`)."""
    values = Value.all_periods.filter(period=period)
    # The root of the only tree: every place counts, and no value is joined to its path.
    everything = not own_only and region_is_everything(region)
    if own_only:
        subtree = Region.objects.filter(Q(pk=region.pk) | Q(parent=region))
        at_region, at_units = Q(region=region), Q(unit__region=region)
    else:
        subtree = Region.objects.filter(path__startswith=region.path)
        at_region = (
            Q(region__isnull=False) if everything else Q(region__path__startswith=region.path)
        )
        at_units = (
            Q(unit__isnull=False) if everything else Q(unit__region__path__startswith=region.path)
        )
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id in subtree.values_list("pk", "parent_id"):
        if pk != region.pk and parent_id is not None:
            children[parent_id].append(pk)
    # Region-level inputs of every region in the subtree (counts may need the children's).
    own: dict[tuple[int, int], dict[int, str]] = defaultdict(dict)
    region_values = values.filter(
        at_region,
        indicator_id__in=region_inputs,
        year__in=years,
        status__in=COUNTED_STATUSES,
    ).values_list("indicator_id", "year", "region_id", "value")
    for indicator_id, year, region_id, value in region_values:
        own[(indicator_id, year)][region_id] = str(value)
    # Unit-level counts summed over every unit in the subtree, in the database (a unit's rate
    # has no region figure: `input_value` never reads its sum, so it is not summed).
    sums = (
        values.filter(
            at_units,
            indicator_id__in=unit_counts,
            year__in=years,
            status__in=COUNTED_STATUSES,
        )
        .values("indicator_id", "year")
        .annotate(total=Sum("value"))  # no more columns than value_sums_idx holds
    )
    unit_sums = {(row["indicator_id"], row["year"]): row["total"] for row in sums}
    return children, own, unit_sums


def _remembered_figures(
    region: Region,
    years: list[int],
    region_inputs: tuple[int, ...],
    unit_counts: tuple[int, ...],
    period: str,
    every: bool = False,
) -> Loaded:
    """`_region_figures`, remembered until a value, an indicator, a unit or a region is
    written: a province's sums read two million values, and the leader's home and the
    scorecard ask for them. A region's until a write in its branch of the tree; the whole
    tree's merged from its branches', as `rectification.metrics.year_figures` does (`every`:
    each branch computed ahead of the readers, by `warm_figures`)."""
    arguments = (tuple(years), period, region_inputs, unit_counts)
    key = ("region_figures", region.pk, *arguments)
    if not region_is_everything(region):
        return remember(
            Value,
            Records.INDICATORS,
            key,
            lambda: _region_figures(region, years, region_inputs, unit_counts, period),
            # A root among several reads every branch below it.
            branch=branch_of(region.path) if region.parent_id is not None else None,
        )

    def merged() -> Loaded:
        def compute(place: Region, own_only: bool) -> Loaded:
            return _region_figures(place, years, region_inputs, unit_counts, period, own_only)

        parts = merged_over_branches(
            Value, Records.INDICATORS, "region_figures", arguments, compute, every=every
        )
        if parts is None:
            return _region_figures(region, years, region_inputs, unit_counts, period)
        children: dict[int, list[int]] = defaultdict(list)
        own: dict[tuple[int, int], dict[int, str]] = defaultdict(dict)
        unit_sums: dict[tuple[int, int], Decimal] = {}
        for part_children, part_own, part_sums in parts:
            for parent_id, pks in part_children.items():
                children[parent_id].extend(pks)
            for key_of_values, by_region in part_own.items():
                own[key_of_values].update(by_region)
            for key_of_sum, total in part_sums.items():
                unit_sums[key_of_sum] = unit_sums.get(key_of_sum, Decimal(0)) + total
        return children, own, unit_sums

    if every:
        merged()  # every branch, even when the whole is remembered already
    return remember(Value, Records.INDICATORS, key, merged)


class RegionFigures:
    """Every figure of a region for some years, from three queries: the regions of its subtree,
    their own values, and the sums of its units' values."""

    def __init__(
        self,
        region: Region,
        years: Sequence[int],
        indicators: list[Indicator],
        *,
        period: str = Period.ANNUAL,
        every_branch: bool = False,
    ):
        self.region = region
        self.years = list(years)
        inputs = inputs_of(indicators)
        region_inputs = tuple(sorted(i.pk for i in inputs if i.level == Level.REGION))
        unit_counts = tuple(sorted(i.pk for i in inputs if i.level == Level.UNIT and i.is_count))
        # Remembered until a value, an indicator, a unit or a region is written: a province's
        # sums read two million values, and the leader's home and the scorecard ask for them.
        self.children, self.own, self.unit_sums = _remembered_figures(
            region, self.years, region_inputs, unit_counts, period, every_branch
        )

    def _region_count(self, indicator_id: int, year: int, region_id: int) -> Decimal | None:
        """The region's own figure, else the sum of its sub-regions' figures (never both)."""
        own = self.own.get((indicator_id, year), {})
        if region_id in own:
            return Decimal(own[region_id])
        counts = (self._region_count(indicator_id, year, c) for c in self.children[region_id])
        parts = [count for count in counts if count is not None]
        return sum(parts, Decimal(0)) if parts else None

    def input_value(self, indicator: Indicator, year: int) -> Decimal | None:
        if indicator.level == Level.UNIT:
            # Only counts add up across units; a unit's rate has no region figure.
            return self.unit_sums.get((indicator.pk, year)) if indicator.is_count else None
        if indicator.is_count:
            return self._region_count(indicator.pk, year, self.region.pk)
        own = self.own.get((indicator.pk, year), {}).get(self.region.pk)
        return None if own is None else Decimal(own)

    def figure(self, indicator: Indicator, year: int) -> Figure:
        if indicator.is_computed:
            numerator, denominator = operands(indicator)
            return _computed(
                indicator, self.input_value(numerator, year), self.input_value(denominator, year)
            )
        return Figure(self.input_value(indicator, year))


def value_counts(
    years: Sequence[int], region: Region, *, period: str = Period.ANNUAL
) -> dict[tuple[int, int], int]:
    """How many counted values each (indicator, year) has in the region's subtree: the records
    behind the region's figures, for the documents' workpaper.

    Two queries, the units' values and the regions' own (a value has one or the other): an OR
    across both paths would make PostgreSQL read every value of the years."""
    everything = region_is_everything(region)
    counted = Value.all_periods.filter(
        period=period, year__in=list(years), status__in=COUNTED_STATUSES
    ).order_by()
    places = (
        Q(unit__isnull=False) if everything else Q(unit__region__path__startswith=region.path),
        Q(region__isnull=False) if everything else Q(region__path__startswith=region.path),
    )
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for place in places:
        rows = counted.filter(place).values_list("indicator_id", "year").annotate(n=Count("*"))
        for indicator_id, year, n in rows:
            counts[(indicator_id, year)] += n
    return dict(counts)


def value_rows(years: Sequence[int], region: Region) -> ValueQuerySet:
    """The values behind the region's figures of `years`, every status, for the workpaper."""
    return (
        Value.objects.filter(
            Q(unit__region__path__startswith=region.path) | Q(region__path__startswith=region.path),
            year__in=list(years),
        )
        .select_related("indicator", "unit", "region")
        .order_by("year", "indicator__code", "region__path", "unit__name", "pk")
    )


def has_region_figure(indicator: Indicator) -> bool:
    """Region-level indicators, every computed one, and unit counts (they add up)."""
    return indicator.level == Level.REGION or indicator.is_computed or indicator.is_count


def _region_targets(region: Region, years: Sequence[int]) -> TargetBook:
    return TargetBook.load(years, Q(region_id__in=region_and_ancestor_ids(region.path)))


def region_results(
    year: int,
    region: Region,
    *,
    indicators: list[Indicator] | None = None,
    period: str = Period.ANNUAL,
) -> list[IndicatorResult]:
    """Region-level and computed figures of `region` for the scorecard, in catalogue order.

    With `period` 上半年 the figures are the first half's (this year's and last year's), judged
    against the year's target: the half-year summary reads them as progress towards it."""
    indicators = indicators if indicators is not None else active_indicators()
    figures = RegionFigures(region, [year, year - 1], indicators, period=period)
    targets = _region_targets(region, [year])
    return [
        _region_result(indicator, year, region, figures, targets)
        for indicator in indicators
        if has_region_figure(indicator)
    ]


def warm_region_figures(year: int) -> None:
    """The figures `region_results(year, root)` reads (the scorecard and the leader's home at
    the root), remembered with every branch's (`warm_figures`)."""
    root = only_root()
    if root is not None:
        RegionFigures(root, [year, year - 1], active_indicators(), every_branch=True)


def _region_result(
    indicator: Indicator,
    year: int,
    region: Region,
    figures: RegionFigures,
    targets: TargetBook,
) -> IndicatorResult:
    return _result(
        indicator,
        year,
        region.name,
        figures.figure(indicator, year),
        figures.figure(indicator, year - 1),
        targets.find(indicator.pk, year, region.path),
    )


def next_year_targets(year: int, region: Region) -> list[IndicatorResult]:
    """The targets set for year + 1, each with this year's figure as `value` (for 工作思路).

    An absolute target is judged against this year's figure (已达到 or not yet); a change target
    cannot be judged before next year's figure exists, so its status is 未填报.
    """
    indicators = active_indicators()
    figures = RegionFigures(region, [year, year - 1], indicators)
    targets = _region_targets(region, [year + 1])
    results = []
    for indicator in indicators:
        if not has_region_figure(indicator):
            continue
        target = targets.find(indicator.pk, year + 1, region.path)
        if target is None:
            continue
        current = figures.figure(indicator, year)
        previous = figures.figure(indicator, year - 1)
        result = _result(indicator, year + 1, region.name, current, previous, target)
        if target.operator in ("decrease_by", "increase_by"):
            result = replace(result, status=str(Status.NOT_REPORTED))
        results.append(result)
    return results


def region_series(
    region: Region, indicator: Indicator, years: Sequence[int]
) -> list[IndicatorResult]:
    """One indicator's region figure over several years (the trend chart), in six queries."""
    figures = RegionFigures(region, [min(years) - 1, *years], [indicator])
    targets = _region_targets(region, years)
    return [_region_result(indicator, year, region, figures, targets) for year in years]


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------


UnitValues = dict[tuple[int | None, int, int | None], Decimal]


def _unit_figure(
    values: UnitValues,
    indicator: Indicator,
    unit_id: int,
    year: int,
) -> Figure:
    if indicator.is_computed:
        return _computed(
            indicator,
            values.get((indicator.numerator_id, year, unit_id)),
            values.get((indicator.denominator_id, year, unit_id)),
        )
    return Figure(values.get((indicator.pk, year, unit_id)))


def _units_results(
    year: int,
    units: Sequence[Unit],
    value_query: Q,
    target_query: Q,
    indicators: Sequence[Indicator],
) -> dict[int, list[IndicatorResult]]:
    # (indicator, year, unit) → value; a computed indicator looks up its operands' ids.
    values: UnitValues = {
        (indicator_id, value_year, unit_id): value
        for indicator_id, value_year, unit_id, value in Value.objects.filter(
            value_query,
            year__in=[year, year - 1],
            status__in=COUNTED_STATUSES,
            indicator_id__in=input_ids(indicators),
        ).values_list("indicator_id", "year", "unit_id", "value")
    }
    targets = TargetBook.load([year], target_query)
    unit_indicators = [i for i in indicators if i.level == Level.UNIT]
    results: dict[int, list[IndicatorResult]] = {}
    for unit in units:
        path = unit.region.path
        results[unit.pk] = [
            _result(
                indicator,
                year,
                unit.name,
                _unit_figure(values, indicator, unit.pk, year),
                _unit_figure(values, indicator, unit.pk, year - 1),
                targets.find(indicator.pk, year, path, unit.pk),
            )
            for indicator in unit_indicators
            if indicator.applies_to_kind(unit.kind)
        ]
    return results


def unit_results(
    year: int, unit: Unit, *, indicators: list[Indicator] | None = None
) -> list[IndicatorResult]:
    """The unit's own indicators (entered and computed) with their targets and status."""
    indicators = indicators if indicators is not None else active_indicators()
    unit = Unit.objects.select_related("region").get(pk=unit.pk)
    return _units_results(
        year,
        [unit],
        Q(unit_id=unit.pk),
        Q(unit_id=unit.pk) | Q(region_id__in=region_and_ancestor_ids(unit.region.path)),
        indicators,
    )[unit.pk]


def units_results(
    year: int, region: Region, *, indicators: list[Indicator] | None = None
) -> list[tuple[Unit, list[IndicatorResult]]]:
    """Every unit of the region's subtree with its results (exports, rankings): four queries."""
    indicators = indicators if indicators is not None else active_indicators()
    units = list(Unit.objects.in_region(region).select_related("region"))
    by_unit = _units_results(
        year,
        units,
        Q(unit__region__path__startswith=region.path),
        Q(unit__region__path__startswith=region.path)
        | Q(region__path__startswith=region.path)
        | Q(region_id__in=region_and_ancestor_ids(region.path)),
        indicators,
    )
    return [(unit, by_unit[unit.pk]) for unit in units]


def status_counts(results: Iterable[IndicatorResult]) -> dict[str, int]:
    """How many results have each status, in the order of Status (for charts and cards)."""
    counts = dict.fromkeys(Status.values, 0)
    for result in results:
        counts[result.status] += 1
    return counts
