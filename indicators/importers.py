"""Excel import of indicator values and targets: preview every row, then write all or nothing.

Values: 年度, 指标编码, 指标名称, 区划或单位, 数值, 备注 (指标编码 may be empty when 指标名称 names
exactly one indicator). Targets: 年度, 指标编码, 区划或单位, 目标类型, 目标值, 依据.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from healthreport.excel import RowError, parse_choice, parse_decimal, parse_int
from healthreport.imports import Importer, Preview, PreviewRow
from indicators.catalogue import former_names
from indicators.checks import check_ratios, check_value
from indicators.evaluation import CHANGE_OPERATORS, TargetOperator
from indicators.models import Indicator, Level, Target, Value, ValueStatus
from units.importer import region_label
from units.models import Region, Unit

VALUE_HEADERS = ["年度", "指标编码", "指标名称", "区划或单位", "数值", "备注"]
VALUE_REQUIRED = ["年度", "区划或单位", "数值"]
TARGET_HEADERS = ["年度", "指标编码", "区划或单位", "目标类型", "目标值", "依据"]
TARGET_REQUIRED = ["年度", "指标编码", "区划或单位", "目标类型", "目标值"]

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


class Lookups:
    """Indicators, regions and units by the names people write in the files, within the scope."""

    def __init__(self, user):
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
        for unit in units.only("pk", "name", "credit_code", "kind", "region_id"):
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


def _bureau_region_ids(user) -> list[int]:
    # Unit people see their unit's region but never act for it.
    if not user.is_bureau:
        return []
    return list(Region.objects.visible_to(user).values_list("pk", flat=True))


def _year(value: Any) -> int:
    year = parse_int(value, minimum=2000)
    if year > 2100:
        raise ValueError("年度应为四位年份，如2025。")
    return year


def _key(place) -> tuple[str, int]:
    return ("u", place.pk) if isinstance(place, Unit) else ("r", place.pk)


@dataclass
class ValuePlan:
    created: list[Value]
    updated: list[Value]


class ValueImporter(Importer):
    kind = "indicator-values"
    title = "指标数值"
    headers = VALUE_HEADERS
    required = VALUE_REQUIRED

    def check_rows(self, rows: list[tuple[int, dict[str, Any]]], preview: Preview) -> ValuePlan:
        look = Lookups(self.user)
        years = set()
        for _, record in rows:
            with contextlib.suppress(ValueError, TypeError):
                years.add(_year(record["年度"]))
        stored: dict[tuple, Value] = {}
        by_place: dict[tuple, dict[int, Decimal]] = defaultdict(dict)
        for value in Value.objects.filter(year__in=years | {y - 1 for y in years}):
            place = ("u", value.unit_id) if value.unit_id else ("r", value.region_id)
            stored[(value.indicator_id, value.year, *place)] = value
            by_place[(value.year, *place)][value.indicator_id] = value.value
        status = ValueStatus.SUBMITTED
        now = timezone.now()
        plan = ValuePlan([], [])
        seen: dict[tuple, int] = {}
        figures: dict[tuple, dict[int, Decimal]] = defaultdict(dict)
        row_of: dict[tuple, int] = {}
        for number, record in rows:
            errors: list[RowError] = []

            def fail(column: str, message: str, number=number, errors=errors) -> None:
                errors.append(RowError(number, column, message))

            for column in VALUE_REQUIRED:
                if record.get(column) is None:
                    fail(column, "必填，不能为空。")
            year = indicator = place = amount = None
            if record["年度"] is not None:
                try:
                    year = _year(record["年度"])
                except ValueError as error:
                    fail("年度", str(error))
            try:
                indicator = look.indicator(record["指标编码"], record["指标名称"])
            except ValueError as error:
                fail("指标编码" if record["指标编码"] is not None else "指标名称", str(error))
            if indicator is not None and indicator.is_computed:
                fail(
                    "指标编码",
                    f"“{indicator.name}”是计算指标，由{indicator.numerator.name}等分子、"
                    "分母自动计算，不能直接导入数值。",
                )
                indicator = None
            if indicator is not None and record["区划或单位"] is not None:
                try:
                    place = look.place(record["区划或单位"], indicator.level)
                except ValueError as error:
                    fail("区划或单位", str(error))
            comment = str(record["备注"] or "")[:300]
            if record["数值"] is not None:
                try:
                    amount = parse_decimal(record["数值"])
                except ValueError as error:
                    fail("数值", str(error))
            if None not in (year, indicator, place, amount):
                key = (indicator.pk, year, *_key(place))
                if key in seen:
                    fail("区划或单位", f"与第{seen[key]}行是同一指标、年度和区划或单位。")
                seen.setdefault(key, number)
                previous = stored.get((indicator.pk, year - 1, *_key(place)))
                for message in check_value(
                    indicator, amount, previous.value if previous else None, comment
                ):
                    fail("数值", message)
                current = stored.get(key)
                if current is not None and current.is_locked:
                    fail(
                        "数值",
                        f"{place.name}{year}年的“{indicator.name}”已审核锁定，"
                        "请先由局机关退回后再导入。",
                    )
                figures[(year, *_key(place))][indicator.pk] = amount
                row_of[(indicator.pk, year, *_key(place))] = number
            if errors:
                preview.errors.extend(errors)
                continue
            current = stored.get(key)
            if current is None:
                current = Value(
                    indicator=indicator,
                    year=year,
                    unit=place if isinstance(place, Unit) else None,
                    region=place if isinstance(place, Region) else None,
                )
                plan.created.append(current)
            else:
                plan.updated.append(current)
            current.value, current.comment, current.status = amount, comment, status
            current.updated_by, current.updated = self.user, now
            preview.rows.append(
                PreviewRow(
                    number,
                    "新增" if current.pk is None else "更新",
                    [record[h] for h in VALUE_HEADERS],
                )
            )
        self._check_ratios(figures, by_place, row_of, look, preview)
        return plan

    def _check_ratios(self, figures, by_place, row_of, look, preview) -> None:
        """A numerator above its denominator, the file's figures taking over the stored ones."""
        computed = [i for i in look.indicators.values() if i.is_computed]
        for (year, *place), in_file in figures.items():
            merged = {**by_place.get((year, *place), {}), **in_file}
            for indicator, message in check_ratios(merged, computed):
                row = row_of.get((indicator.pk, year, *place))
                if row is not None:
                    preview.errors.append(RowError(row, "数值", message))

    def write(self, plan: ValuePlan) -> None:
        if plan.created:
            bulk_create_with_history(plan.created, Value, batch_size=BATCH, default_user=self.user)
        if plan.updated:
            bulk_update_with_history(
                plan.updated,
                Value,
                ["value", "comment", "status", "updated_by", "updated"],
                batch_size=BATCH,
                default_user=self.user,
            )


class TargetImporter(Importer):
    kind = "indicator-targets"
    title = "指标目标"
    headers = TARGET_HEADERS
    required = TARGET_REQUIRED

    def check_rows(self, rows, preview: Preview) -> list[Target]:
        look = Lookups(self.user)
        existing = {
            (t.indicator_id, t.year, "u" if t.unit_id else "r", t.unit_id or t.region_id): t
            for t in Target.objects.all()
        }
        plan, seen = [], {}
        for number, record in rows:
            errors: list[RowError] = []

            def fail(column: str, message: str, number=number, errors=errors) -> None:
                errors.append(RowError(number, column, message))

            for column in TARGET_REQUIRED:
                if record.get(column) is None:
                    fail(column, "必填，不能为空。")
            year = indicator = place = operator = amount = None
            if record["年度"] is not None:
                try:
                    year = _year(record["年度"])
                except ValueError as error:
                    fail("年度", str(error))
            if record["指标编码"] is not None:
                try:
                    indicator = look.indicator(record["指标编码"], None)
                except ValueError as error:
                    fail("指标编码", str(error))
            if record["区划或单位"] is not None:
                try:
                    place = look.place(record["区划或单位"], None)
                except ValueError as error:
                    fail("区划或单位", str(error))
            if (
                indicator is not None
                and isinstance(place, Unit)
                and indicator.level == Level.REGION
            ):
                fail("区划或单位", f"“{indicator.name}”按区划评价，目标应设在区划上，而不是单位。")
            if record["目标类型"] is not None:
                try:
                    operator = parse_choice(
                        record["目标类型"], TargetOperator.choices, aliases=OPERATOR_ALIASES
                    )
                except ValueError as error:
                    fail("目标类型", str(error))
            if record["目标值"] is not None:
                try:
                    amount = parse_decimal(record["目标值"])
                except ValueError as error:
                    fail("目标值", str(error))
            if amount is not None and indicator is not None and operator is not None:
                if amount < 0:
                    fail("目标值", "不能为负数；下降目标请用“较上年下降至少”并填写正数。")
                elif indicator.is_percentage and operator not in CHANGE_OPERATORS and amount > 100:
                    fail("目标值", "百分比应在0到100之间。")
            if None not in (year, indicator, place):
                key = (indicator.pk, year, *_key(place))
                if key in seen:
                    fail("区划或单位", f"与第{seen[key]}行是同一指标、年度和区划或单位。")
                seen.setdefault(key, number)
            if errors:
                preview.errors.extend(errors)
                continue
            target = existing.get(key) or Target(
                indicator=indicator,
                year=year,
                unit=place if isinstance(place, Unit) else None,
                region=place if isinstance(place, Region) else None,
            )
            action = "新增" if target.pk is None else "更新"
            target.operator, target.value = operator, amount
            target.source = str(record["依据"] or "")[:200]
            plan.append(target)
            preview.rows.append(PreviewRow(number, action, [record[h] for h in TARGET_HEADERS]))
        return plan

    def write(self, plan: list[Target]) -> None:
        for target in plan:
            target._history_user = self.user
            target.save()
