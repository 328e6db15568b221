from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import cast

from django import forms

from accounts.models import User
from healthreport.lib.forms import StyledFormMixin, TypedNumberInput
from healthreport.lib.numbers import DECIMAL_PLACES, STORED_DIGITS
from healthreport.lib.versions import VersionField
from indicators.checks import check_ratios, check_value
from indicators.evaluation import TargetOperator
from indicators.models import Indicator, Target
from indicators.targets import (
    save_target,
    settable_regions,
    settable_units,
    target_errors,
    target_for,
)
from units.forms import year_choices
from units.models import Region, Unit
from units.pickers import RegionChoiceField, UnitChoiceField

NUMBER_ERRORS = {"invalid": "请填写数字。", "max_digits": "数字位数过多。"}
WHOLE_DIGITS = STORED_DIGITS - DECIMAL_PLACES


def number_field(indicator: Indicator) -> forms.DecimalField:
    # The digits both backends keep exactly (healthreport.lib.numbers), as the importer's.
    return forms.DecimalField(
        label=indicator.name,
        required=False,
        max_digits=STORED_DIGITS,
        decimal_places=DECIMAL_PLACES,
        error_messages={
            **NUMBER_ERRORS,
            "max_decimal_places": f"小数位数过多（最多{DECIMAL_PLACES}位）。",
            "max_whole_digits": f"数值过大：整数部分最多{WHOLE_DIGITS}位。",
        },
        widget=TypedNumberInput(),
    )


def comment_field() -> forms.CharField:
    return forms.CharField(label="备注", required=False, max_length=300)


class ValuesForm(StyledFormMixin, forms.Form):
    """One number and one comment per indicator; rows carry last year's figure and the target.

    `previous` maps indicator id → last year's value (for the 50% jump check); `computed` are
    the computed indicators whose numerator and denominator may both appear in this form.
    """

    def __init__(
        self,
        *args,
        indicators: list[Indicator],
        previous: dict[int, Decimal],
        computed: Sequence[Indicator] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.previous = previous
        self.computed = computed
        for indicator in indicators:
            self.fields[f"v_{indicator.code}"] = number_field(indicator)
            self.fields[f"c_{indicator.code}"] = comment_field()
            # The version of the figure the page showed (healthreport.lib.versions).
            self.fields[f"s_{indicator.code}"] = VersionField()
        # StyledFormMixin styled the fields that existed before these were added.
        self._style()

    def _style(self) -> None:
        for field in self.fields.values():
            css = field.widget.attrs.get("class", "")
            if "form-control" not in css:
                field.widget.attrs["class"] = f"{css} form-control form-control-sm".strip()

    def clean(self):
        cleaned = super().clean()
        figures = {}
        for indicator in self.indicators:
            value = cleaned.get(f"v_{indicator.code}")
            if value is None:
                continue
            comment = cleaned.get(f"c_{indicator.code}") or ""
            for message in check_value(indicator, value, self.previous.get(indicator.pk), comment):
                self.add_error(f"v_{indicator.code}", message)
            figures[indicator.pk] = value
        for indicator, message in check_ratios(figures, self.computed):
            self.add_error(f"v_{indicator.code}", message)
        return cleaned

    def versions(self) -> dict[int, str]:
        """Indicator id → the version of the figure the page showed (only those posted)."""
        return {
            indicator.pk: self.data[f"s_{indicator.code}"]
            for indicator in self.indicators
            if f"s_{indicator.code}" in self.data
        }

    def entries(self) -> list[tuple[Indicator, Decimal | None, str]]:
        return [
            (
                indicator,
                self.cleaned_data.get(f"v_{indicator.code}"),
                (self.cleaned_data.get(f"c_{indicator.code}") or "").strip(),
            )
            for indicator in self.indicators
        ]


class ReopenForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="退回原因",
        max_length=200,
        error_messages={"required": "请填写退回原因。"},
        widget=forms.TextInput(attrs={"placeholder": "如：床位数与卫生统计年报不一致，请核实"}),
    )


class TargetForm(StyledFormMixin, forms.Form):
    """A year's target for an indicator in a region or at one unit, set or changed on the web by
    the rules and with the history of the Excel import (indicators.targets): a target already
    stored for the same indicator, year and place is changed, as the import changes it."""

    indicator = forms.ModelChoiceField(label="指标", queryset=Indicator.objects.none())
    year = forms.TypedChoiceField(label="年度", coerce=int)
    region = RegionChoiceField(label="区划", queryset=Region.objects.none(), required=False)
    unit = UnitChoiceField(
        label="单位",
        queryset=Unit.objects.none(),
        required=False,
        active_only=True,
        help_text="目标设在区划上时留空（区划的目标适用于其下各地各单位）。",
    )
    operator = forms.ChoiceField(label="目标类型", choices=TargetOperator.choices)
    value = forms.DecimalField(
        label="目标值",
        max_digits=STORED_DIGITS,
        decimal_places=DECIMAL_PLACES,
        error_messages={
            **NUMBER_ERRORS,
            "required": "请填写目标值。",
            "max_decimal_places": f"小数位数过多（最多{DECIMAL_PLACES}位）。",
            "max_whole_digits": f"数值过大：整数部分最多{WHOLE_DIGITS}位。",
        },
    )
    source = forms.CharField(label="依据", max_length=200, required=False)

    def __init__(self, *args, user: User, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        cast(forms.ModelChoiceField, fields["indicator"]).queryset = Indicator.objects.active()
        cast(forms.ChoiceField, fields["year"]).choices = year_choices(today)
        cast(forms.ModelChoiceField, fields["region"]).queryset = settable_regions(user)
        units = settable_units(user).filter(is_active=True)  # no new target at a 停用 unit
        cast(UnitChoiceField, fields["unit"]).queryset = units

    def clean(self):
        cleaned = super().clean()
        region, unit = cleaned.get("region"), cleaned.get("unit")
        if region and unit:
            self.add_error("unit", "区划和单位只选一个：目标设在区划上，或设在一个单位上。")
        elif not (region or unit or self.has_error("region") or self.has_error("unit")):
            self.add_error("region", "请选择目标所在的区划，或选择一个单位。")
        rules = target_errors(
            cleaned.get("indicator"), unit or region, cleaned.get("operator"), cleaned.get("value")
        )
        for name, message in rules:
            self.add_error("unit" if name == "place" else name, message)
        return cleaned

    def save(self, user: User) -> Target:
        data = self.cleaned_data
        target = target_for(data["indicator"], data["year"], data["unit"] or data["region"])
        target.operator, target.value, target.source = (
            data["operator"],
            data["value"],
            data["source"],
        )
        save_target(target, user)
        return target
