from __future__ import annotations

import datetime
from collections.abc import Callable

from django import forms
from django.core.validators import MaxValueValidator
from django.http import Http404

from accounts.models import User
from healthreport.lib.forms import StyledFormMixin
from healthreport.lib.versions import VersionedFormMixin
from units.lookup import RegionNotFound, find_region, top_region
from units.models import MAX_APPROVED_BEDS, MedicalCommunity, Region, Unit
from units.pickers import UnitChoiceField

# The one year range of every year picker: from the first year the bureau keeps figures for, up
# to next year, since targets, work entries and documents are prepared a year ahead.
FIRST_YEAR = 2020


def year_range(today: datetime.date) -> list[int]:
    """The years a page offers, newest first: FIRST_YEAR to next year."""
    return list(range(today.year + 1, FIRST_YEAR - 1, -1))


def year_choices(today: datetime.date) -> list[tuple[int, str]]:
    return [(year, f"{year}年") for year in year_range(today)]


class YearRegionForm(forms.Form):
    """A page's ?year=&region=: a year of year_range and a region within the user's scope.

    The region is named as find_region reads it (an id, as the pickers send, or a name or
    "县区/乡镇" path); one outside the scope, or unknown, is a 404: the user learns nothing. An
    omitted or unlisted year is `default_year` (this year unless the page says otherwise).
    """

    year = forms.TypedChoiceField(label="年度", coerce=int, required=False)
    region = forms.CharField(label="区划", required=False)

    def __init__(
        self, data, *, user: User, today: datetime.date, default_year: int | None = None
    ) -> None:
        super().__init__(data)
        self.years = year_range(today)
        self.fields["year"].choices = year_choices(today)
        self.user = user
        self.regions = Region.objects.visible_to(user)
        self.default_year = today.year if default_year is None else default_year

    def selected_year(self) -> int:
        asked = str(self.data.get("year") or "")
        return int(asked) if asked.isdigit() and int(asked) in self.years else self.default_year

    def selected_region(self) -> Region:
        """The region asked for, else the user's own, else the single top region they see."""
        return self._region() or self._found(lambda: top_region(self.regions))

    def selected_region_or_all(self) -> Region | None:
        """The region asked for, else the user's own; None (all they see) when they have none."""
        return self._region()

    def _region(self) -> Region | None:
        text = str(self.data.get("region") or "").strip()
        if text:
            return self._found(lambda: find_region(text, self.regions))
        return self.user.region

    @staticmethod
    def _found(find: Callable[[], Region]) -> Region:
        try:
            return find()
        except RegionNotFound as error:
            raise Http404(str(error)) from None


class UnitForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """A unit; an edit carries the version it was opened at (healthreport.lib.versions)."""

    record_label = "该单位"

    class Meta:
        model = Unit
        fields = [
            "name",
            "credit_code",
            "kind",
            "region",
            "ownership",
            "grade",
            "approved_beds",
            "head_name",
            "phone",
            "medical_community",
        ]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user)
        self.fields["medical_community"].queryset = MedicalCommunity.objects.visible_to(user)
        # The column would take 10¹² beds on SQLite and answer 500 on PostgreSQL.
        beds = self.fields["approved_beds"]
        beds.validators.append(
            MaxValueValidator(MAX_APPROVED_BEDS, f"不能大于{MAX_APPROVED_BEDS}张。")
        )
        beds.widget.attrs["max"] = MAX_APPROVED_BEDS
        self.fields["credit_code"].widget.attrs.update(
            {"maxlength": 18, "style": "text-transform: uppercase", "autocomplete": "off"}
        )

    def clean_credit_code(self) -> str:
        return self.cleaned_data["credit_code"].strip().upper()


class RegionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Region
        fields = ["name", "level", "parent", "code"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Region.objects.visible_to(user).exclude(level=3)
        if not user.sees_everything:
            self.fields["parent"].required = True


class MedicalCommunityForm(StyledFormMixin, forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label="成员单位",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text="按住 Ctrl 可多选。牵头单位自动成为成员。",
    )

    lead_unit = UnitChoiceField(label="牵头单位", queryset=Unit.objects.none())

    class Meta:
        model = MedicalCommunity
        fields = ["name", "region", "lead_unit"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(level__lte=2)
        units = Unit.objects.visible_to(user).select_related("medical_community")
        self.fields["lead_unit"].queryset = units
        self.fields["lead_unit"].required = True
        self.fields["members"].queryset = units
        if self.instance.pk:
            self.fields["members"].initial = list(self.instance.members.all())

    def clean(self):
        cleaned = super().clean()
        members = list(cleaned.get("members") or [])
        lead = cleaned.get("lead_unit")
        region = cleaned.get("region")
        taken = [
            unit
            for unit in members + ([lead] if lead else [])
            if unit.medical_community_id not in (None, self.instance.pk)
        ]
        if taken:
            names = "、".join(f"{u.name}（已属于{u.medical_community}）" for u in taken)
            raise forms.ValidationError(f"一个单位只能属于一个医共体：{names}。")
        if region is not None:
            outside = [u.name for u in members if not u.region.is_in(region)]
            if outside:
                raise forms.ValidationError(f"以下成员单位不在所属区划内：{'、'.join(outside)}。")
        return cleaned

    def save(self, commit: bool = True) -> MedicalCommunity:
        community = super().save()
        members = set(self.cleaned_data.get("members") or [])
        Unit.objects.filter(medical_community=community).exclude(
            pk__in=[u.pk for u in members] + [community.lead_unit_id]
        ).update(medical_community=None)
        Unit.objects.filter(pk__in=[u.pk for u in members]).update(medical_community=community)
        return community
