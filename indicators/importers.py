"""Excel import of indicator values and targets: preview every row, then write all or nothing.

Values: 年度, 指标编码, 指标名称, 区划或单位, 数值, 备注 (指标编码 may be empty when 指标名称 names
exactly one indicator). Targets: 年度, 指标编码, 区划或单位, 目标类型, 目标值, 依据.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from accounts.models import User
from accounts.policy import access_for
from healthreport.lib import bulk
from healthreport.lib.excel import RowError, parse_decimal, parse_int
from healthreport.lib.imports import UPDATE, Column, Importer, Row
from indicators.catalogue import former_names
from indicators.checks import check_ratios, check_value
from indicators.evaluation import TargetOperator
from indicators.models import Indicator, Level, Period, Target, Value, ValueStatus
from indicators.targets import target_errors
from units.importer import region_label
from units.models import Region, Unit
from units.status import refusal_if_inactive

OPERATOR_ALIASES = {
    ">=": TargetOperator.GE,
    "<=": TargetOperator.LE,
    "不低于": TargetOperator.GE,
    "不高于": TargetOperator.LE,
    "达到": TargetOperator.GE,
    "较上年下降": TargetOperator.DECREASE_BY,
    "较上年提高": TargetOperator.INCREASE_BY,
    "下降": TargetOperator.DECREASE_BY,
    "提高": TargetOperator.INCREASE_BY,
}
BATCH = 2000
# The fields of a new value, as ValueImporter.stage gives them.
VALUE_COLUMNS = (
    "indicator_id",
    "year",
    "region_id",
    "unit_id",
    "period",
    "value",
    "comment",
    "status",
    "updated_by_id",
    "updated",
)
# The fields of a new target, as TargetImporter.stage gives them.
TARGET_COLUMNS = ("indicator_id", "year", "region_id", "unit_id", "operator", "value", "source")
Placed = TypeVar("Placed", Value, Target)


class Lookups:
    """Indicators, regions and units by the names people write in the files, within the scope."""

    def __init__(self, user: User | None):
        self.user = user
        self.indicators = {i.code: i for i in Indicator.objects.select_related("numerator")}
        self.by_name: dict[str, list[Indicator]] = defaultdict(list)
        for indicator in self.indicators.values():
            for name in (indicator.name, *former_names(indicator.code)):
                self.by_name[name].append(indicator)
        all_regions = {r.pk: r for r in Region.objects.all()}
        regions = (
            all_regions.values()
            if user is None
            else Region.objects.visible_to(user).filter(pk__in=_bureau_region_ids(user))
        )
        self.regions: dict[str, list[Region]] = defaultdict(list)
        for region in regions:
            for key in {region.name, region_label(region, all_regions)}:
                self.regions[key].append(region)
        units = Unit.objects.all() if user is None else Unit.objects.visible_to(user)
        self.units: dict[str, list[Unit]] = defaultdict(list)
        named = ("pk", "name", "credit_code", "kind", "region_id")
        status = ("is_active", "deactivated_on", "deactivation_reason")  # refusal_if_inactive
        for unit in units.only(*named, *status):
            self.units[unit.name].append(unit)
            self.units[unit.credit_code].append(unit)

    def indicator(self, code: Any, name: Any) -> Indicator:
        if code is not None:
            found = self.indicators.get(str(code).strip().upper())
            if found is None:
                raise ValueError(f"没有编码为“{code}”的指标，请对照指标目录填写。")
            if name is not None and str(name) not in (found.name, *former_names(found.code)):
                raise ValueError(f"编码“{code}”是“{found.name}”，与指标名称“{name}”不符。")
            return found
        if name is None:
            raise ValueError("请填写指标编码或指标名称。")
        matches = self.by_name.get(str(name), [])
        if len(matches) != 1:
            raise ValueError(
                f"没有名为“{name}”的指标，请填写指标编码。"
                if not matches
                else f"有{len(matches)}个指标名为“{name}”，请填写指标编码。"
            )
        return matches[0]

    def region(self, text: str) -> Region | None:
        found = self.regions.get(text, [])
        if len(found) > 1:
            raise ValueError(f"区划名称“{text}”不唯一，请写成“县区/乡镇”的形式。")
        return found[0] if found else None

    def unit(self, text: str) -> Unit | None:
        found = {u.pk: u for u in self.units.get(text, [])}
        if len(found) > 1:
            raise ValueError(f"有{len(found)}个单位名为“{text}”，请改填统一社会信用代码。")
        return next(iter(found.values()), None)

    def place(self, text: Any, level: str | None) -> Region | Unit:
        """The region or unit named `text`; `level` (if given) must match what it is."""
        text = str(text).strip()
        unit, region = self.unit(text), self.region(text)
        if level == Level.UNIT:
            if unit is None:
                raise ValueError(
                    f"该指标按单位填报，“{text}”是区划而不是单位。"
                    if region is not None
                    else f"找不到单位“{text}”，或它不在您的管辖范围内。"
                )
            return unit
        if level == Level.REGION:
            if region is None:
                raise ValueError(
                    f"该指标按区划填报，“{text}”是单位而不是区划。"
                    if unit is not None
                    else f"找不到区划“{text}”，或它不在您的管辖范围内。"
                )
            return region
        if unit is not None:
            return unit
        if region is not None:
            return region
        raise ValueError(f"找不到区划或单位“{text}”，或它不在您的管辖范围内。")


def _bureau_region_ids(user: User) -> list[int]:
    # Unit people see their unit's region but never act for it.
    if not access_for(user).bureau:
        return []
    return list(Region.objects.visible_to(user).values_list("pk", flat=True))


def parse_year(value: Any) -> int:
    year = parse_int(value, minimum=2000)
    if year > 2100:
        raise ValueError("年度应为四位年份，如2025。")
    return year


def parse_period(value: Any) -> str:
    """报告期: 年度 (also 全年) or 上半年 (also 半年); an empty cell is 年度."""
    text = str(value or "").strip()
    if text in ("", "年度", "全年"):
        return Period.ANNUAL
    if text in ("上半年", "半年"):
        return Period.FIRST_HALF
    raise ValueError("报告期应填“年度”或“上半年”，不填为年度。")


def _key(place: Region | Unit) -> tuple[str, int]:
    return ("u", place.pk) if isinstance(place, Unit) else ("r", place.pk)


def _stored(row: Row, stored: dict[tuple, Placed]) -> Placed | None:
    """The stored value or target of the row's indicator, year and place (the row an update)."""
    found = stored.get((row["indicator"].pk, row["year"], *_key(row["place"])))
    if found is not None:
        row.action = UPDATE
    return found


def _place_ids(place: Region | Unit) -> tuple[int | None, int | None]:
    """(region_id, unit_id) of a new value or target: one of them set."""
    return (None, place.pk) if isinstance(place, Unit) else (place.pk, None)


def _write(
    importer: Importer,
    model: type[Placed],
    columns: Sequence[str],
    changed: Sequence[str],
    plan: Sequence[Placed | tuple[Any, ...]],
) -> None:
    """A value or target import's plan written in bulk: the new records (tuples of `columns`)
    inserted with their history rows as plain values (healthreport.lib.bulk: no model instance
    per row), the stored ones' `changed` fields by bulk_update_with_history. Queries by batch,
    however many rows."""
    created = [record for record in plan if isinstance(record, tuple)]
    updated = [record for record in plan if isinstance(record, model)]
    if created:
        keys = bulk.insert(model, columns, created, batch_size=BATCH)
        user_id = getattr(importer.user, "pk", None)
        bulk.insert_history(model, columns, created, keys, user_id=user_id)
        for key in keys:
            importer.wrote(key, created=True)
    if updated:
        bulk_update_with_history(
            updated, model, list(changed), batch_size=BATCH, default_user=importer.user
        )
        for record in updated:
            importer.wrote(record.pk, created=False)


class ValueImporter(Importer):
    kind = "indicator-values"
    title = "指标数值"
    # A chunk's look_up reads only years no earlier chunk named (nor the year before one): it
    # never sees what they wrote.
    write_by_chunk = True
    columns = [
        Column("年度", "year", required=True, parse=parse_year, help="数值所属的年度，如2025"),
        # One of 指标编码 and 指标名称 names the indicator: `check` finds it.
        Column("指标编码", "code", help="指标目录中的编码；与指标名称至少填一项"),
        Column("指标名称", "name", help="指标目录中的名称；编码留空时按名称查找"),
        # A region or a unit, as the indicator is reported: `check` finds it.
        Column(
            "区划或单位",
            "place",
            required=True,
            help="按区划填报的指标填区划名称，按单位填报的填单位全称或统一社会信用代码",
        ),
        Column("数值", "value", required=True, parse=parse_decimal, help="指标的数值，不带单位"),
        Column("备注", "comment", max_length=300, help="数值变化较大时说明原因"),
        # Optional, and last, so that the published columns keep their places: files without it
        # are annual figures, as before it existed.
        Column("报告期", "period", parse=parse_period, help="年度或上半年；不填为年度"),
    ]

    def template_choices(self) -> dict[str, list[str]]:
        # The indicators a file may carry: those in use that are entered, not computed.
        indicators = Indicator.objects.active().inputs().order_by("order", "code")
        return {
            **super().template_choices(),
            "指标编码": [i.code for i in indicators],
            "指标名称": list(dict.fromkeys(i.name for i in indicators)),
        }

    def prepare(self) -> None:
        self.look = Lookups(self.user)
        # By 报告期, then (indicator, year, place): a half-year figure is checked against the
        # half of the year before, an annual one against the year before. Filled by `look_up`
        # with the years of the file and the years before them.
        self.stored: dict[str, dict[tuple, Value]] = defaultdict(dict)
        self.by_place: dict[tuple, dict[int, Decimal]] = defaultdict(dict)
        self.years: set[int] = set()
        self.now = timezone.now()
        self.seen: dict[tuple, int] = {}
        # The file's figures by (year, place), and the row of each, for `check_file`.
        self.figures: dict[tuple, dict[int, Decimal]] = defaultdict(dict)
        self.row_of: dict[tuple, int] = {}

    def look_up(self, rows: list[Row]) -> None:
        """The stored values of the years these rows name and the years before, those not
        looked up yet: a query for a chunk that brings a new year, none for the others."""
        years = set()
        for row in rows:
            with contextlib.suppress(ValueError, TypeError):
                years.add(parse_year(row.cell("year")))
        years = (years | {year - 1 for year in years}) - self.years
        if not years:
            return
        self.years |= years
        for value in Value.all_periods.filter(year__in=years):
            place = ("u", value.unit_id) if value.unit_id else ("r", value.region_id)
            self.stored[value.period][(value.indicator_id, value.year, *place)] = value
            self.by_place[(value.year, value.period, *place)][value.indicator_id] = value.value

    def check(self, row: Row) -> None:
        try:
            indicator = self.look.indicator(row["code"] or None, row["name"] or None)
        except ValueError as error:
            row.fail("code" if row["code"] else "name", str(error))
            return
        if indicator.is_computed:
            row.fail(
                "code",
                f"“{indicator.name}”是计算指标，由{indicator.numerator.name}等分子、"
                "分母自动计算，不能直接导入数值。",
            )
            return
        row["indicator"] = indicator
        if row["place"]:
            try:
                row["place"] = self.look.place(row["place"], indicator.level)
            except ValueError as error:
                row.fail("place", str(error))
                return
        year, place, amount = row["year"], row["place"], row["value"]
        row["period"] = period = row["period"] or Period.ANNUAL
        stored = self.stored[period]
        if year is None or not place or amount is None:
            return
        key = (indicator.pk, year, *_key(place))
        # A 停用 unit takes no new figure; one it already has may still be corrected.
        if isinstance(place, Unit) and key not in stored:
            refusal = refusal_if_inactive(place, "填报新的指标数值")
            if refusal:
                row.fail("place", refusal)
        if (period, *key) in self.seen:
            row.fail(
                "place", f"与第{self.seen[(period, *key)]}行是同一指标、年度、报告期和区划或单位。"
            )
        self.seen.setdefault((period, *key), row.number)
        previous = stored.get((indicator.pk, year - 1, *_key(place)))
        for message in check_value(
            indicator, amount, previous.value if previous else None, row["comment"]
        ):
            row.fail("value", message)
        current = stored.get(key)
        if current is not None and current.is_locked:
            row.fail(
                "value",
                f"{place.name}{year}年的“{indicator.name}”已审核锁定，请先由局机关退回后再导入。",
            )
        self.figures[(year, period, *_key(place))][indicator.pk] = amount
        self.row_of[(period, *key)] = row.number

    def stage(self, row: Row) -> Value | tuple[Any, ...]:
        """The stored value, changed; or a new one's fields (VALUE_COLUMNS), not an instance:
        the plan of 100,000 new figures stays small."""
        status, user_id = ValueStatus.SUBMITTED, getattr(self.user, "pk", None)
        current = _stored(row, self.stored[row["period"]])
        if current is None:
            return (
                row["indicator"].pk,
                row["year"],
                *_place_ids(row["place"]),
                row["period"],
                row["value"],
                row["comment"],
                status,
                user_id,
                self.now,
            )
        current.period = row["period"]
        current.value, current.comment = row["value"], row["comment"]
        current.status = status
        current.updated_by, current.updated = self.user, self.now
        return current

    def check_file(self) -> list[RowError]:
        """A numerator above its denominator, the file's figures taking over the stored ones."""
        computed = [i for i in self.look.indicators.values() if i.is_computed]
        errors = []
        for (year, period, *place), in_file in self.figures.items():
            merged = {**self.by_place.get((year, period, *place), {}), **in_file}
            for indicator, message in check_ratios(merged, computed):
                row = self.row_of.get((period, indicator.pk, year, *place))
                if row is not None:
                    errors.append(RowError(row, "数值", message))
        return errors

    def write(self, plan: list[Value | tuple[Any, ...]]) -> None:
        _write(
            self,
            Value,
            VALUE_COLUMNS,
            ["value", "comment", "status", "updated_by", "updated"],
            plan,
        )


class TargetImporter(Importer):
    kind = "indicator-targets"
    title = "指标目标"
    write_by_chunk = True  # as ValueImporter: a chunk's look_up reads only years not read yet
    columns = [
        Column("年度", "year", required=True, parse=parse_year, help="目标所属的年度，如2025"),
        Column(
            "指标编码",
            "indicator",
            required=True,
            parse="find_indicator",
            help="指标目录中的编码",
        ),
        Column(
            "区划或单位",
            "place",
            required=True,
            parse="find_place",
            help="目标所设的区划名称，或单位全称（按单位评价的指标）",
        ),
        Column(
            "目标类型",
            "operator",
            required=True,
            choices=TargetOperator.choices,
            aliases=OPERATOR_ALIASES,
            help="≥、≤、= 比较当年数值；“较上年…至少”比较与上年相比的变化",
        ),
        Column(
            "目标值",
            "value",
            required=True,
            parse=parse_decimal,
            help="目标的数值；变化类目标填变化量（正数）",
        ),
        Column("依据", "source", max_length=200, help="目标的出处，如规划或文件名称"),
    ]

    def template_choices(self) -> dict[str, list[str]]:
        codes = Indicator.objects.active().order_by("order", "code").values_list("code", flat=True)
        return {**super().template_choices(), "指标编码": list(codes)}

    def prepare(self) -> None:
        self.look = Lookups(self.user)
        # The stored targets of the years the file names, by (indicator, year, place): filled
        # by `look_up`, a query for a chunk that brings a new year.
        self.existing: dict[tuple, Target] = {}
        self.years: set[int] = set()
        self.seen: dict[tuple, int] = {}

    def look_up(self, rows: list[Row]) -> None:
        years = set()
        for row in rows:
            with contextlib.suppress(ValueError, TypeError):
                years.add(parse_year(row.cell("year")))
        years -= self.years
        if not years:
            return
        self.years |= years
        for target in Target.objects.filter(year__in=years):
            place = ("u", target.unit_id) if target.unit_id else ("r", target.region_id)
            self.existing[(target.indicator_id, target.year, *place)] = target

    def find_indicator(self, value: Any) -> Indicator:
        return self.look.indicator(value, None)

    def find_place(self, value: Any) -> Region | Unit:
        return self.look.place(value, None)

    def check(self, row: Row) -> None:
        year, indicator, place = row["year"], row["indicator"], row["place"]
        # The target form's rules (indicators.targets), then what only a file can get wrong.
        for name, message in target_errors(indicator, place, row["operator"], row["value"]):
            row.fail(name, message)
        if None not in (year, indicator, place):
            key = (indicator.pk, year, *_key(place))
            if key in self.seen:
                row.fail("place", f"与第{self.seen[key]}行是同一指标、年度和区划或单位。")
            self.seen.setdefault(key, row.number)

    def stage(self, row: Row) -> Target | tuple[Any, ...]:
        """The stored target, changed; or a new one's fields (TARGET_COLUMNS)."""
        operator, value, source = row["operator"], row["value"], row["source"]
        current = _stored(row, self.existing)
        if current is None:
            place = _place_ids(row["place"])
            return (row["indicator"].pk, row["year"], *place, operator, value, source)
        current.operator, current.value, current.source = operator, value, source
        return current

    def write(self, plan: list[Target | tuple[Any, ...]]) -> None:
        _write(self, Target, TARGET_COLUMNS, ["operator", "value", "source"], plan)


# The template and the export keep the columns they always had (annual figures); a file may add
# 报告期 (see ValueImporter.columns and its guide).
VALUE_HEADERS = [header for header in ValueImporter.headers if header != "报告期"]
TARGET_HEADERS = TargetImporter.headers
