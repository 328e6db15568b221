from __future__ import annotations

import datetime

import django_filters

from accounts.models import User
from healthreport.lib.forms import style_filter_form
from reports.models import IssuedReport, document_kinds
from units.forms import year_choices
from units.models import Region, RegionLevel
from units.pickers import RegionSearchFilter


class IssuedFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label="年度", empty_label="全部年度")
    kind = django_filters.ChoiceFilter(label="文件", choices=document_kinds, empty_label="全部")
    region = RegionSearchFilter(
        label="区划（含下级）",
        queryset=Region.objects.none(),
        method="in_region",
        max_level=RegionLevel.COUNTY,
    )
    current = django_filters.ChoiceFilter(
        label="状态",
        method="only_current",
        choices=[("true", "现行"), ("false", "已被替代")],
        empty_label="全部",
    )

    class Meta:
        model = IssuedReport
        fields = ["year", "kind", "region", "current"]

    def __init__(self, *args, user: User, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = year_choices(today)
        self.filters["region"].queryset = Region.objects.visible_to(user).filter(
            level__lte=RegionLevel.COUNTY
        )
        style_filter_form(self.form)

    def in_region(self, queryset, name, value):
        return queryset.filter(region__path__startswith=value.path)

    def only_current(self, queryset, name, value):
        return queryset.filter(current=value == "true")
