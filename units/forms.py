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
from units.models import MAX_APPROVED_BEDS, MedicalCommunity, Region, RegionLevel, Unit
from units.pickers import (
    CommunityChoiceField,
    RegionChoiceField,
    UnitChoiceField,
    active_or_current,
    find_region_in,
)

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

    The region is named as find_region reads it: an id, as the pickers and links send, or a name
    or "县区/乡镇" path typed into the box. An id outside the scope, or unknown, is a 404: the
    user learns nothing. A typed name that names no region of the scope, or several, is
    `region_error`, which the page shows beside its box while it shows the user's own region
    (the same words whether the name is outside the scope or nowhere). An omitted or unlisted
    year is `default_year` (this year unless the page says otherwise).
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

    @property
    def region_error(self) -> str:
        """Why the name typed names no region ("" when it names one, or none was typed)."""
        return " ".join(str(error) for error in self.errors.get("region", []))

    def refuse_unknown_region(self) -> None:
        """For a download, which has no page to show `region_error` on: a 404 saying it, rather
        than a file of a region that was not asked for."""
        if self.region_error:
            raise Http404(self.region_error)

    def clean_region(self) -> Region | None:
        text = self.cleaned_data["region"]
        if not text:
            return None
        if text.isdigit():
            return self._found(lambda: find_region(text, self.regions))
        return find_region_in(text, self.regions)

    def _region(self) -> Region | None:
        asked = self.cleaned_data["region"] if self.is_bound and not self.region_error else None
        return asked or self.user.region

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
        field_classes = {"region": RegionChoiceField, "medical_community": CommunityChoiceField}

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
    # A township has no lower regions: the box offers cities and counties only.
    parent = RegionChoiceField(
        label="上级区划",
        queryset=Region.objects.none(),
        required=False,
        max_level=RegionLevel.COUNTY,
    )

    class Meta:
        model = Region
        fields = ["name", "level", "parent", "code"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Region.objects.visible_to(user).filter(
            level__lte=RegionLevel.COUNTY
        )
        if not user.sees_everything:
            self.fields["parent"].required = True


class MedicalCommunityForm(StyledFormMixin, forms.ModelForm):
    """A 医共体's name, region and lead unit. Its other members are added and removed one at a
    time on its page (MemberForm), with a search box: a select of every unit would not scale."""

    region = RegionChoiceField(
        label="所属区划", queryset=Region.objects.none(), max_level=RegionLevel.COUNTY
    )
    lead_unit = UnitChoiceField(label="牵头单位", queryset=Unit.objects.none(), active_only=True)

    class Meta:
        model = MedicalCommunity
        fields = ["name", "region", "lead_unit"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(
            level__lte=RegionLevel.COUNTY
        )
        units = Unit.objects.visible_to(user).select_related("medical_community", "region")
        # A lead unit since 停用 is still shown and kept; a new lead is a unit in use.
        self.fields["lead_unit"].queryset = active_or_current(units, self.instance.lead_unit_id)
        self.fields["lead_unit"].help_text = "牵头单位自动成为成员。其他成员单位在医共体页面添加。"


class MemberForm(forms.Form):
    """One unit to add to a 医共体 (MedicalCommunity.add_member says which may join)."""

    unit = UnitChoiceField(label="成员单位", queryset=Unit.objects.none(), active_only=True)

    def __init__(self, *args, user: User, community: MedicalCommunity, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        self.fields["unit"].queryset = (
            Unit.objects.visible_to(user).active().select_related("region", "medical_community")
        )
        self.fields["unit"].widget.attrs["class"] = "form-control form-control-sm"

    def clean_unit(self) -> Unit:
        unit = self.cleaned_data["unit"]
        self.community.check_member(unit)
        return unit

    def save(self) -> Unit:
        unit = self.cleaned_data["unit"]
        self.community.add_member(unit)
        return unit
