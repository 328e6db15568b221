from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q

from accounts.models import User
from accounts.policy import access_for
from healthreport.lib.forms import style_filter_form
from rectification.models import Category, Kind, Problem, Severity, Source, Status
from units.forms import year_choices
from units.models import Region, Unit


class ProblemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="search")
    year = django_filters.ChoiceFilter(label="年度", method="of_year", empty_label="全部年度")
    region = django_filters.ModelChoiceFilter(
        label="区划（含下级）", queryset=Region.objects.none(), method="in_region"
    )
    unit = django_filters.ModelChoiceFilter(label="责任单位", queryset=Unit.objects.none())
    source = django_filters.ModelChoiceFilter(
        label="问题来源", field_name="inspection__source", queryset=Source.objects.all()
    )
    category = django_filters.ModelChoiceFilter(label="问题类别", queryset=Category.objects.all())
    severity = django_filters.ChoiceFilter(label="严重程度", choices=Severity.choices)
    status = django_filters.ChoiceFilter(label="整改状态", choices=Status.choices)
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
    sort = django_filters.OrderingFilter(
        empty_label="默认",
        label="排序",
        fields=(
            ("deadline", "deadline"),
            ("inspection__date", "inspected"),
            ("unit__name", "unit"),
            ("status", "status"),
            ("severity", "severity"),
        ),
        field_labels={
            "deadline": "整改时限",
            "inspection__date": "检查日期",
            "unit__name": "责任单位",
            "status": "整改状态",
            "severity": "严重程度",
        },
    )

    class Meta:
        model = Problem
        fields = ["q", "year", "region", "unit", "source", "category", "severity", "status", "kind"]

    def __init__(self, *args, user: User, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
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
        return queryset.filter(
            Q(description__icontains=value)
            | Q(measures__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(inspection__title__icontains=value)
        )

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
