from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import django_filters
from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.models import Action, AuditEvent, Result
from audit.signals import PROJECT_APPS
from healthreport.lib.forms import style_filter_form


def object_types() -> list[tuple[str, str]]:
    """The kinds of object an event can name: the project's models, by their Chinese names."""
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label in PROJECT_APPS and "instance_type" not in m.__dict__
    ]
    return sorted(
        ((m._meta.label_lower, str(m._meta.verbose_name)) for m in models), key=lambda c: c[1]
    )


def _day_start(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class AuditEventFilter(django_filters.FilterSet):
    start = django_filters.DateFilter(label="起始日期", method="from_day")
    end = django_filters.DateFilter(label="截止日期", method="to_day")
    user = django_filters.CharFilter(label="用户（用户名或姓名）", method="by_user")
    action = django_filters.ChoiceFilter(label="操作", choices=Action.choices)
    object_type = django_filters.ChoiceFilter(label="对象类型", choices=object_types)
    object = django_filters.CharFilter(label="对象（编号或名称）", method="by_object")
    result = django_filters.ChoiceFilter(label="结果", choices=Result.choices)

    class Meta:
        model = AuditEvent
        fields = ["start", "end", "user", "action", "object_type", "object", "result"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_filter_form(self.form)

    # Time bounds on `at` itself (its index), from midnight in the local time zone.
    def from_day(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(at__gte=_day_start(value))

    def to_day(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(at__lt=_day_start(value + timedelta(days=1)))

    def by_user(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(username__icontains=value) | Q(user_name__icontains=value))

    def by_object(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(object_id=value) | Q(object_name__icontains=value))
