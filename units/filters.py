from __future__ import annotations

import django_filters
from django.db.models import Q

from accounts.models import User
from healthreport.lib.forms import style_filter_form
from units.models import (
    APPROVED_BEDS_LABEL,
    Grade,
    MedicalCommunity,
    Ownership,
    Region,
    Unit,
    UnitKind,
)
from units.pickers import CommunitySearchFilter, RegionSearchFilter


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="名称或信用代码", method="search")
    region = RegionSearchFilter(
        label="区划（含下级）", queryset=Region.objects.none(), method="in_region"
    )
    kind = django_filters.ChoiceFilter(label="机构类别", choices=UnitKind.choices)
    grade = django_filters.ChoiceFilter(label="等级", choices=Grade.choices)
    ownership = django_filters.ChoiceFilter(label="经营性质", choices=Ownership.choices)
    medical_community = CommunitySearchFilter(
        label="医共体", queryset=MedicalCommunity.objects.none()
    )
    # Units in use by default; 停用 ones on request (their problems and figures stay).
    status = django_filters.ChoiceFilter(
        label="状态",
        choices=[("inactive", "已停用"), ("all", "全部")],
        empty_label="在用",
        method="by_status",
    )
    sort = django_filters.OrderingFilter(
        label="排序",
        fields=(
            ("name", "name"),
            ("region__path", "region"),
            ("kind", "kind"),
            ("grade", "grade"),
            ("approved_beds", "beds"),
        ),
        field_labels={
            "name": "单位名称",
            "region__path": "区划",
            "kind": "机构类别",
            "grade": "等级",
            "approved_beds": APPROVED_BEDS_LABEL,
        },
    )

    class Meta:
        model = Unit
        fields = ["q", "region", "kind", "grade", "ownership", "medical_community", "status"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # Applied here rather than in `by_status`, which django-filter skips for an empty choice.
        status = (self.data or {}).get("status")
        if status == "inactive":
            self.queryset = self.queryset.filter(is_active=False)
        elif status != "all":
            self.queryset = self.queryset.filter(is_active=True)
        self.filters["region"].queryset = Region.objects.visible_to(user)
        self.filters["medical_community"].queryset = MedicalCommunity.objects.visible_to(user)
        style_filter_form(self.form)

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__icontains=value.upper()))

    def by_status(self, queryset, name, value):
        return queryset  # see __init__

    def in_region(self, queryset, name, value):
        return queryset.in_region(value)
