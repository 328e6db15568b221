"""Choosing a unit through a search box, not a <select> listing every unit.

A select of units grows with the record (1,069 options at 1,000 units, megabytes at a province's
100,000). `UnitChoiceField` renders one text box instead; static/js/picker.js offers up to
`SUGGESTIONS` units from `units:unit_suggest` as the person types, each within their scope. The
box holds `unit_label` ("青山县人民医院（1233…）"), which the server resolves, so the page works
without JavaScript too: the box also takes a credit code, an exact name or a unit's id (links
such as ?unit=12 keep working and show the unit's name).
"""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse

from units.credit_code import normalize
from units.models import Unit

SUGGESTIONS = 20
# The code in brackets at the end of a unit_label, full-width (as written) or half-width.
CODE_IN_LABEL = re.compile(r"[（(]\s*([0-9A-Za-z]{18})\s*[）)]$")
CODE = re.compile(r"[0-9A-Za-z]{18}")


def unit_label(unit: Unit) -> str:
    """What the box shows for a unit: its name, and its code, which tells twins apart."""
    return f"{unit.name}（{unit.credit_code}）"


def find_unit(text: str, units: QuerySet[Unit]) -> Unit:
    """The unit among `units` that `text` names: a unit_label, a credit code, an exact name
    (unique among `units`) or an id. A ValidationError in Chinese says why none was found."""
    text = text.strip()
    if match := CODE_IN_LABEL.search(text):
        found = list(units.filter(credit_code=normalize(match[1]))[:1])
    elif CODE.fullmatch(text):
        found = list(units.filter(credit_code=normalize(text))[:1])
    elif text.isdigit():
        found = list(units.filter(pk=int(text))[:1])
    else:
        found = list(units.filter(name=text)[:2])
        if len(found) > 1:
            raise ValidationError(
                f"名为“{text}”的单位不止一个，请从提示中选择，或输入统一社会信用代码。",
                code="ambiguous",
            )
    if not found:
        raise ValidationError(
            f"找不到单位“{text}”，请从提示中选择，或输入单位全称、统一社会信用代码。",
            code="invalid_choice",
        )
    return found[0]


def suggest_units(text: str, units: QuerySet[Unit]) -> list[Unit]:
    """At most SUGGESTIONS units among `units` whose name or credit code contains `text`."""
    text = text.strip()
    if not text:
        return []
    matching = units.filter(Q(name__icontains=text) | Q(credit_code__icontains=text))
    return list(matching.select_related("region").order_by("name", "pk")[:SUGGESTIONS])


class UnitPickerInput(forms.TextInput):
    """A text box that picker.js turns into a search box (`data-unit-picker` is the URL)."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, active_only: bool = False):
        self.active_only = active_only
        defaults = {"autocomplete": "off", "placeholder": "输入单位名称或信用代码"}
        super().__init__({**defaults, **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        # Reversed here, not in __init__: forms are built when their module is imported,
        # which may be before the URLconf is.
        url = reverse("units:unit_suggest") + ("?active=1" if self.active_only else "")
        return super().get_context(name, value, {**(attrs or {}), "data-unit-picker": url})


class UnitChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField of units entered as text (see the module docstring).

    `queryset` stays the set of units that may be chosen, as for a select; the one unit shown is
    resolved once per request, however often the form renders it."""

    def __init__(self, *args: Any, active_only: bool = False, **kwargs: Any):
        kwargs.pop("null_label", None)  # django-filter's extras for a select; none here
        kwargs.pop("null_value", None)
        kwargs.setdefault("widget", UnitPickerInput(active_only=active_only))
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_choice"] = "所选单位不在可选范围内。"
        self._resolved: dict[str, Unit] = {}

    def __deepcopy__(self, memo: dict) -> UnitChoiceField:
        field = super().__deepcopy__(memo)
        field._resolved = {}  # each form resolves its own value
        return field

    def to_python(self, value: Any) -> Unit | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Unit):
            return value
        text = str(value).strip()
        if text not in self._resolved:
            self._resolved[text] = find_unit(text, self.queryset)  # type: ignore[arg-type]
        return self._resolved[text]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Unit):
            return unit_label(value)
        if value in self.empty_values:
            return ""
        try:
            return unit_label(self.to_python(value))  # type: ignore[arg-type]
        except ValidationError:
            return value  # shown as typed, beside the error

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)  # to_python has already looked in the queryset

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.prepare_value(initial) != self.prepare_value(data)


class UnitSearchFilter(django_filters.ModelChoiceFilter):
    """A FilterSet's unit, typed into a search box, not chosen from a select of every unit."""

    # A forms.ModelChoiceField, not django-filter's select-only subclass (null choice, iterator).
    field_class = UnitChoiceField  # type: ignore[assignment]
