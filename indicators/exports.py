"""The indicator workbooks: import templates and the year's export (sheets 数值 and 完成情况)."""

from __future__ import annotations

from decimal import Decimal

from accounts.models import User
from accounts.policy import access_for
from healthreport.lib.excel import build_workbook
from indicators.evaluation import round_half_up
from indicators.importers import TARGET_HEADERS, VALUE_HEADERS, TargetImporter, ValueImporter
from indicators.models import Indicator, Value
from indicators.results import active_indicators, region_results, units_results
from units.importer import region_label
from units.models import Region, Unit

RESULT_HEADERS = [
    "年度",
    "指标编码",
    "指标名称",
    "区划或单位",
    "数值",
    "目标",
    "完成情况",
    "上年数值",
    "变化",
]
VALUE_WIDTHS = [8, 22, 30, 30, 14, 30]
TARGET_WIDTHS = [8, 22, 30, 16, 12, 36]


def _number(value: Decimal | None, decimals: int | None = None):
    if value is None:
        return None
    if decimals is not None:
        value = round_half_up(value, decimals)
    normalized = value.normalize()
    # Whole numbers as integers, so that Excel shows 1180 rather than 1180.000000.
    return int(normalized) if normalized == normalized.to_integral_value() else normalized


def _example_places(user: User | None) -> tuple[str | None, str | None]:
    """The region (for a bureau person or a command) and the unit of the person's scope the
    examples name: their own region, else the top one; the first unit in use."""
    region: Region | None = None
    if user is None or access_for(user).bureau:
        region = user.region if user is not None and user.region_id else None
        region = region or Region.objects.filter(parent=None).order_by("pk").first()
    units = Unit.objects.all() if user is None else Unit.objects.visible_to(user)
    unit = units.active().order_by("pk").first()
    by_id = {r.pk: r for r in Region.objects.all()} if region else {}
    return (region_label(region, by_id) if region else None), (unit.name if unit else None)


def values_template(user: User | None = None) -> bytes:
    """The value import template: its examples name the person's own region and unit."""
    region, unit = _example_places(user)
    rows = [
        [2025, "BEDS", "医疗卫生机构实有床位数", unit or "示例县人民医院", 500, ""],
        [2025, "", "常住人口", region or "示例县", 520000, "指标编码可不填，指标名称须与目录一致"],
    ]
    if user is not None and region is None:
        rows = rows[:1]  # unit people report their unit's figures only
    importer = ValueImporter(user)
    return build_workbook(
        VALUE_HEADERS, rows, title="数值", widths=VALUE_WIDTHS, guide=importer.guide()
    )


def targets_template(user: User | None = None) -> bytes:
    """The target import template: its examples name the person's own region (or unit)."""
    region, unit = _example_places(user)
    place = region or unit or "示例县"
    rows = [
        [2025, "MMR", place, "≤", 14.5, "十四五国民健康规划"],
        [2025, "PRIMARY_VISIT_RATE", place, "较上年提高至少", 2, "县域医共体建设要求"],
    ]
    importer = TargetImporter(user)
    return build_workbook(
        TARGET_HEADERS, rows, title="目标", widths=TARGET_WIDTHS, guide=importer.guide()
    )


def value_rows(year: int, region: Region) -> list[list]:
    """The stored values of the region's subtree, in the import layout (round trip)."""
    by_id = {r.pk: r for r in Region.objects.all()}
    values = (
        Value.objects.filter(year=year, region__path__startswith=region.path)
        .select_related("indicator", "region")
        .order_by("region__path", "indicator__order")
    )
    rows = [
        [
            v.year,
            v.indicator.code,
            v.indicator.name,
            region_label(v.region, by_id),  # type: ignore[arg-type]  # region values only
            _number(v.value),
            v.comment,
        ]
        for v in values
    ]
    unit_values = (
        Value.objects.filter(year=year, unit__region__path__startswith=region.path)
        .select_related("indicator", "unit")
        .order_by("unit__region__path", "unit__name", "indicator__order")
    )
    rows.extend(
        [v.year, v.indicator.code, v.indicator.name, v.unit.name, _number(v.value), v.comment]
        for v in unit_values
    )
    return rows


def _result_row(result) -> list:
    return [
        result.year,
        result.code,
        result.name,
        result.place_name,
        "无法计算" if result.not_computable else _number(result.value, result.decimals),
        result.target_text,
        result.status_label,
        _number(result.previous_value, result.decimals),
        _number(result.change, result.decimals),
    ]


def result_rows(year: int, region: Region, indicators: list[Indicator] | None = None) -> list:
    """The scorecard of the region, then of each unit in it, computed indicators included."""
    indicators = indicators if indicators is not None else active_indicators()
    rows = [_result_row(r) for r in region_results(year, region, indicators=indicators)]
    for _unit, results in units_results(year, region, indicators=indicators):
        rows.extend(_result_row(r) for r in results)
    return rows


def export_year(year: int, region: Region) -> bytes:
    return build_workbook(
        VALUE_HEADERS,
        value_rows(year, region),
        title="数值",
        widths=VALUE_WIDTHS,
        extra_sheets=[("完成情况", RESULT_HEADERS, result_rows(year, region))],
    )
