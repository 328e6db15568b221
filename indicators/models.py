"""The indicator catalogue, each year's targets and the reported values.

An indicator is either entered (input) or computed as factor × numerator / denominator over two
input indicators (DHIS2's model). Values are stored only for input indicators; every computed
figure, for a unit or a region, is recomputed from the stored counts (see `indicators.results`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from healthreport.lib.numbers import validate_stored_decimal
from indicators.evaluation import Direction, TargetOperator, plain_number, target_text
from units.models import Region, Unit, UnitKind

if TYPE_CHECKING:
    pass


class Category(models.TextChoices):
    # The seven categories of the planning documents, in their order.
    HEALTH = "health", "健康水平"
    DISEASE = "disease", "疾病防治"
    MATERNAL_CHILD = "maternal_child", "妇幼健康"
    MEDICAL_SERVICE = "medical_service", "医疗服务"
    POPULATION = "population", "计划生育"
    SYSTEM = "system", "医疗卫生服务体系"
    SECURITY = "security", "医疗卫生保障"


CATEGORY_ORDER = [value for value, _ in Category.choices]

# Every figure stays below this: a city's people, beds or visits, a hospital's revenue in 万元.
# It is also what the figures' columns hold exactly on both backends (9 whole digits and 6
# decimal places: the 15 significant digits of SQLite's REAL; see healthreport.lib.numbers).
FIGURE_LIMIT = Decimal(10**9)


class Level(models.TextChoices):
    REGION = "region", "按区划填报"
    UNIT = "unit", "按单位填报"


class Kind(models.TextChoices):
    INPUT = "input", "填报"
    COMPUTED = "computed", "计算"


class IndicatorQuerySet(models.QuerySet):
    def active(self) -> IndicatorQuerySet:
        return self.filter(is_active=True)

    def inputs(self) -> IndicatorQuerySet:
        return self.filter(kind=Kind.INPUT)


class Indicator(models.Model):
    code = models.CharField("指标编码", max_length=40, unique=True)
    name = models.CharField("指标名称", max_length=100)
    category = models.CharField("指标类别", max_length=20, choices=Category.choices)
    unit_label = models.CharField("计量单位", max_length=20, blank=True)
    direction = models.CharField(
        "方向", max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    decimals = models.PositiveSmallIntegerField("小数位数", default=2)
    level = models.CharField("填报层级", max_length=10, choices=Level.choices)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.INPUT)
    factor = models.DecimalField(
        "系数",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="如 100、1000、100000",
    )
    numerator = models.ForeignKey(
        "self",
        verbose_name="分子指标",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name="分母指标",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    numerator_not_above_denominator = models.BooleanField(
        "分子不得大于分母",
        default=True,
        help_text="如诊疗人次占比、药占比；平均住院日等比值不受此限。",
    )
    unit_kinds = models.JSONField(
        "适用机构类别",
        default=list,
        blank=True,
        help_text="按单位填报的指标适用的机构类别编码；留空表示全部单位。",
    )
    national_operator = models.CharField(
        "国家目标类型", max_length=20, choices=TargetOperator.choices, blank=True
    )
    national_target = models.DecimalField(
        "国家目标值",
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[validate_stored_decimal],
    )
    source = models.CharField("目标依据", max_length=200, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标目录"
        ordering = ["order", "code"]
        constraints = [
            # A computed indicator always names both operands and its factor; an input never does.
            models.CheckConstraint(
                name="indicator_computed_has_operands",
                condition=(
                    Q(
                        kind=Kind.COMPUTED,
                        numerator__isnull=False,
                        denominator__isnull=False,
                        factor__isnull=False,
                    )
                    | Q(kind=Kind.INPUT, numerator__isnull=True, denominator__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator_detail", args=[self.code])

    @property
    def is_percentage(self) -> bool:
        return self.unit_label == "%"

    def range_error(self, value: Decimal) -> str:
        """Why `value` is not a plausible figure of the indicator ("" when it is): a percentage
        lies in 0–100; a rate, count or amount is at least 0 and below FIGURE_LIMIT."""
        if not value.is_finite():
            return "应填写有限的数字。"
        if value < 0:
            return f"不能为负数（填写的是{plain_number(value)}）。"
        if self.is_percentage and value > 100:
            return f"百分比应在0到100之间，填写的{plain_number(value)}超出了范围。"
        if value >= FIGURE_LIMIT:
            return f"超出合理范围：{self.name}应小于10亿（填写的是{plain_number(value)}）。"
        return ""

    @property
    def is_computed(self) -> bool:
        return self.kind == Kind.COMPUTED

    @property
    def is_count(self) -> bool:
        """Counts and amounts add up across units and regions; rates and levels never do."""
        return self.kind == Kind.INPUT and self.direction == Direction.NONE

    @property
    def lower_is_better(self) -> bool:
        """A death rate or a drug share: its rankings run from the lowest figure up."""
        return self.direction == Direction.LOWER

    @property
    def category_label(self) -> str:
        return Category(self.category).label

    def applies_to(self, unit: Unit) -> bool:
        return self.level == Level.UNIT and (not self.unit_kinds or unit.kind in self.unit_kinds)

    def applies_to_kind(self, kind: str) -> bool:
        return not self.unit_kinds or kind in self.unit_kinds

    @property
    def unit_kind_labels(self) -> str:
        if not self.unit_kinds:
            return "全部单位"
        labels = dict(UnitKind.choices)
        return "、".join(labels.get(k, k) for k in self.unit_kinds)


def one_place_per_year(prefix: str, *, period: bool = False) -> list[models.BaseConstraint]:
    """A target or a value belongs to a region or to a unit, once per indicator and year (and
    reporting period, for values)."""
    span = ["period"] if period else []
    return [
        models.CheckConstraint(
            name=f"{prefix}_region_xor_unit",
            condition=Q(region__isnull=False, unit__isnull=True)
            | Q(region__isnull=True, unit__isnull=False),
        ),
        models.UniqueConstraint(
            fields=["indicator", "year", *span, "region"],
            condition=Q(region__isnull=False),
            name=f"{prefix}_unique_region",
        ),
        models.UniqueConstraint(
            fields=["indicator", "year", *span, "unit"],
            condition=Q(unit__isnull=False),
            name=f"{prefix}_unique_unit",
        ),
    ]


class TargetQuerySet(ScopedQuerySet["Target"]):
    """A target applies to its unit, or to its region and every place below it (see
    `results.TargetBook`): a user sees the targets set in their scope and those set above it
    that apply to it."""

    region_path_lookup = ("region__path", "unit__region__path")
    inherited_region_lookup = "region_id"


class Target(models.Model):
    """A year's target for an indicator in a region (and the units below it) or for one unit."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(
        Region, verbose_name="区划", on_delete=models.CASCADE, null=True, blank=True
    )
    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.CASCADE, null=True, blank=True
    )
    operator = models.CharField("目标类型", max_length=20, choices=TargetOperator.choices)
    value = models.DecimalField(
        "目标值", max_digits=20, decimal_places=6, validators=[validate_stored_decimal]
    )
    source = models.CharField("依据", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "指标目标"
        verbose_name_plural = "指标目标"
        ordering = ["year", "indicator__order"]
        constraints = one_place_per_year("target")
        indexes = [
            # results: all targets of a year (and the next) for a set of regions or units.
            models.Index(fields=["year", "region"], name="target_year_region_idx"),
            models.Index(fields=["year", "unit"], name="target_year_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.indicator.name} {self.get_operator_display()}{self.value}"

    @property
    def place(self) -> Region | Unit:
        place = self.unit if self.unit_id else self.region
        assert place is not None  # target_region_xor_unit
        return place

    @property
    def text(self) -> str:
        """'≥95%', as the plans write it."""
        return target_text(self.operator, self.value, self.indicator.unit_label)


class Period(models.TextChoices):
    """The span a figure covers: the year, or its first half (for the 半年工作总结)."""

    ANNUAL = "annual", "年度"
    FIRST_HALF = "h1", "上半年"


class ValueStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已上报"
    APPROVED = "approved", "已审核"


class ValueQuerySet(ScopedQuerySet["Value"]):
    """A figure of a region or of a unit; unit people see their unit's only."""

    region_path_lookup = ("region__path", "unit__region__path")

    def for_place(self, place: Region | Unit) -> ValueQuerySet:
        if isinstance(place, Unit):
            return self.filter(unit=place)
        return self.filter(region=place)


_ValueManager = models.Manager.from_queryset(ValueQuerySet)


class AnnualValueManager(_ValueManager):
    """`Value.objects`: the annual figures only. Every page, ranking, export and document of a
    year reads annual figures; a half-year figure must never be added into them, so the one
    place that says so is here. Half-year figures are read through `Value.all_periods`."""

    def get_queryset(self) -> ValueQuerySet:  # type: ignore[override]  # the stubs' _T
        return cast(ValueQuerySet, super().get_queryset().filter(period=Period.ANNUAL))


class Value(models.Model):
    """A reported figure of an input indicator for a year (or its first half), for a unit or
    for a region."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="values"
    )
    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(
        Region,
        verbose_name="区划",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_values",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_values",
    )
    period = models.CharField(
        "报告期", max_length=10, choices=Period.choices, default=Period.ANNUAL
    )
    value = models.DecimalField(
        "数值", max_digits=20, decimal_places=6, validators=[validate_stored_decimal]
    )
    comment = models.CharField("备注", max_length=300, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT
    )
    updated_by = models.ForeignKey(
        "accounts.User",
        verbose_name="填报人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    objects = AnnualValueManager()
    all_periods = ValueQuerySet.as_manager()

    class Meta:
        verbose_name = "指标数值"
        verbose_name_plural = "指标数值"
        # Admin, forms' unique checks and related managers see every period.
        default_manager_name = "all_periods"
        constraints = one_place_per_year("value", period=True)
        indexes = [
            # The unit entry form and the unit's results: one unit, one or two years.
            models.Index(fields=["unit", "year"], name="value_unit_year_idx"),
            # Region results and exports: one region's own figures for a year.
            models.Index(fields=["region", "year"], name="value_region_year_idx"),
            # Completeness and the staff grid: every unit's figures of one year, by status.
            models.Index(fields=["year", "indicator", "status"], name="value_year_ind_status_idx"),
            # The region figures' sums over units (results.RegionFigures, the ranking's sums by
            # sub-region): a year's counted annual values of a few indicators, summed from the
            # index alone; without it a province's scorecard reads the ten million values.
            models.Index(
                fields=["year", "period", "indicator", "status"],
                include=["unit", "value"],
                name="value_sums_idx",
            ),
            # The staff's home: how many units have figures waiting for review this year, and
            # the first few by name (indicators.dashboard._staff_home).
            models.Index(
                fields=["year", "unit"],
                condition=Q(status=ValueStatus.SUBMITTED, unit__isnull=False, period=Period.ANNUAL),
                name="value_submitted_unit_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.indicator.name} {self.place}：{self.value}"

    @property
    def place(self) -> Region | Unit:
        place = self.unit if self.unit_id else self.region
        assert place is not None  # value_region_xor_unit
        return place

    @property
    def is_locked(self) -> bool:
        return self.status == ValueStatus.APPROVED
