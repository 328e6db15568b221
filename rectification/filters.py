from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.http import QueryDict

from accounts.models import User
from accounts.policy import access_for
from healthreport.lib.forms import style_filter_form
from rectification.models import Category, Inspection, Kind, Problem, Severity, Source, Status
from units.forms import year_choices
from units.models import Region, Unit
from units.pickers import RegionSearchFilter, UnitSearchFilter

ACTIVE, ALL = "active", "all"
NOT_FILTERS = ("sort", "page")


# Past this many matching units or inspections a search names them by a subquery instead.
SEARCH_KEYS = 2_000


def _keys_or_subquery(queryset: QuerySet) -> list[int] | QuerySet:
    """The primary keys of `queryset` when there are at most SEARCH_KEYS, else the subquery."""
    keys = list(queryset.values_list("pk", flat=True)[: SEARCH_KEYS + 1])
    return keys if len(keys) <= SEARCH_KEYS else queryset.values("pk")


class StableOrdering(django_filters.OrderingFilter):
    """Ties (many problems share a deadline) keep one order, so pages neither repeat nor skip."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk")


class ProblemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="search")
    year = django_filters.ChoiceFilter(label="年度", method="of_year", empty_label="全部年度")
    region = RegionSearchFilter(
        label="区划（含下级）", queryset=Region.objects.none(), method="in_region"
    )
    unit = UnitSearchFilter(label="责任单位", queryset=Unit.objects.none())
    source = django_filters.ModelChoiceFilter(
        label="问题来源", field_name="inspection__source", queryset=Source.objects.all()
    )
    category = django_filters.ModelChoiceFilter(label="问题类别", queryset=Category.objects.all())
    severity = django_filters.ChoiceFilter(label="严重程度", choices=Severity.choices)
    # The list opens on the work in hand (未办结, every year); 全部 is one choice away.
    status = django_filters.ChoiceFilter(
        label="整改状态",
        choices=[(ACTIVE, "未办结"), *Status.choices, (ALL, "全部")],
        empty_label=None,
        method="of_status",
    )
    kind = django_filters.ChoiceFilter(label="整改类型", choices=Kind.choices)
    overdue = django_filters.ChoiceFilter(
        label="是否逾期",
        method="only_overdue",
        choices=[("true", "逾期"), ("false", "未逾期")],
        empty_label="全部",
    )
    due_within = django_filters.NumberFilter(label="N天内到期", method="due", min_value=0)
    # The problems one ledger import created (the link of its 导入记录 page).
    batch = django_filters.NumberFilter(label="导入批次", field_name="import_batch", min_value=1)
    # Chinese choices with the direction in words (django-filter would add "(descending)").
    # Status and severity are filters, not sorts: their stored codes have no meaningful order.
    sort = StableOrdering(
        empty_label=None,
        label="排序",
        fields=(
            ("deadline", "deadline"),
            ("inspection__date", "inspected"),
            ("unit__name", "unit"),
        ),
        choices=[
            ("deadline", "整改时限（由近到远）"),
            ("-deadline", "整改时限（由远到近）"),
            ("-inspected", "检查日期（由近到远）"),
            ("inspected", "检查日期（由远到近）"),
            ("unit", "责任单位（按名称）"),
        ],
    )

    class Meta:
        model = Problem
        fields = ["q", "year", "region", "unit", "source", "category", "severity", "status", "kind"]

    def __init__(self, data=None, *args, user: User, today: datetime.date, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("status"):
            # Opened from the menu, the list shows the work in hand: 未办结 of every year. A link
            # that names its own records (a unit's problems of a year, an import batch, a
            # document's figure) means all of them, as its count does.
            filtered = any(data.get(name) for name in data if name not in NOT_FILTERS)
            data["status"] = ALL if filtered else ACTIVE
        if not data.get("sort"):
            data["sort"] = "deadline"  # the most urgent deadline first
        super().__init__(data, *args, **kwargs)
        self.today = today
        self.filters["year"].extra["choices"] = year_choices(today)
        self.filters["region"].queryset = Region.objects.visible_to(user)
        self.filters["unit"].queryset = Unit.objects.visible_to(user)
        if access_for(user).unit:
            for name in ("region", "unit"):
                del self.filters[name]
        if not self.data.get("batch"):
            del self.filters["batch"]  # shown only while the list is one batch's
        style_filter_form(self.form)

    def search(self, queryset, name, value):
        value = value.strip()
        # The units and inspections named first (two small queries), as keys: an OR across
        # joined tables would make PostgreSQL read every problem, while an OR of the problem's
        # own columns and keys is a BitmapOr of indexes (trigram on the texts, btree on the keys).
        units = _keys_or_subquery(Unit.objects.filter(name__icontains=value))
        inspections = _keys_or_subquery(Inspection.objects.filter(title__icontains=value))
        return queryset.filter(
            Q(description__icontains=value)
            | Q(measures__icontains=value)
            | Q(unit__in=units)
            | Q(inspection__in=inspections)
        )

    def of_status(self, queryset, name, value):
        if value == ACTIVE:
            return queryset.still_open()
        if value == ALL:
            return queryset
        return queryset.filter(status=value)

    def of_year(self, queryset, name, value):
        return queryset.of_year(int(value)) if value else queryset

    def in_region(self, queryset, name, value):
        return queryset.in_region(value)

    def only_overdue(self, queryset, name, value):
        if value == "true":
            return queryset.overdue(self.today)
        return queryset.exclude(pk__in=queryset.overdue(self.today).values("pk"))

    def due(self, queryset, name, value):
        return queryset.due_within(int(value), self.today)
