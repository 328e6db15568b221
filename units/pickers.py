"""Choosing a unit, a region or a 医共体 through a search box, not a <select> listing every one.

A select of units grows with the record (1,069 options at 1,000 units, megabytes at a province's
100,000), one of regions with a province's 1,600 counties and towns, one of 医共体 with the
communities of each of its counties. `UnitChoiceField`, `RegionChoiceField` and
`CommunityChoiceField` render one text box instead; static/js/picker.js offers up to
`SUGGESTIONS` choices from the box's `data-picker` address (`units:unit_suggest`,
`units:region_suggest`, `units:community_suggest`) as the person types, each within their
scope. The box holds a label the server resolves (`unit_label`: "青山县人民医院（1233…）";
`region_label`: "某市 / 青山县 / 城关镇"; `community_label`: the 医共体's name, unique in the
record), so the page works without JavaScript too: the box also takes a credit code, an exact
name or an id (links such as ?unit=12, ?region=4 or ?medical_community=3 keep working and show
the label).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar, TypeVar

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from units.credit_code import normalize
from units.lookup import RegionNotFound, find_region
from units.models import (
    MedicalCommunity,
    Region,
    RegionLevel,
    RegionQuerySet,
    Unit,
    UnitQuerySet,
)

SUGGESTIONS = 20
# The code in brackets at the end of a unit_label, full-width (as written) or half-width.
CODE_IN_LABEL = re.compile(r"[（(]\s*([0-9A-Za-z]{18})\s*[）)]$")
CODE = re.compile(r"[0-9A-Za-z]{18}")
# Between the names of a region_label; find_region reads the same "/" (spaces stripped).
PATH_SEPARATOR = " / "

_M = TypeVar("_M", bound=Model)


# --- shared -----------------------------------------------------------------------------------


def _by_id_or_name(text: str, records: QuerySet[_M]) -> list[_M]:
    """The records whose id (digits) or exact name is `text`: two at most, to tell twins."""
    if text.isdigit():
        return list(records.filter(pk=int(text))[:1])
    return list(records.filter(name=text)[:2])


def _the_one(found: list[_M], text: str, noun: str, *, codes: str = "") -> _M:
    """The one record a box's `text` named, or a ValidationError in Chinese saying why not
    (`noun`: 单位, 医共体; `codes`: what else tells them apart, if anything)."""
    if len(found) > 1:
        or_code = f"，或输入{codes}" if codes else ""
        raise ValidationError(
            f"名为“{text}”的{noun}不止一个，请从提示中选择{or_code}。", code="ambiguous"
        )
    if not found:
        and_code = f"、{codes}" if codes else ""
        raise ValidationError(
            f"找不到{noun}“{text}”，请从提示中选择，或输入{noun}全称{and_code}。",
            code="invalid_choice",
        )
    return found[0]


def _suggest(text: str, records: QuerySet[_M], *fields: str) -> list[_M]:
    """At most SUGGESTIONS of `records` with `text` in one of `fields`, by name."""
    text = text.strip()
    if not text:
        return []
    matching = Q()
    for field in fields:
        matching |= Q(**{f"{field}__icontains": text})
    return list(records.filter(matching).order_by("name", "pk")[:SUGGESTIONS])


# --- units ------------------------------------------------------------------------------------


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
    else:
        found = _by_id_or_name(text, units)
    return _the_one(found, text, "单位", codes="统一社会信用代码")


def suggest_units(text: str, units: QuerySet[Unit]) -> list[Unit]:
    """At most SUGGESTIONS units among `units` whose name or credit code contains `text`."""
    return _suggest(text, units.select_related("region"), "name", "credit_code")


def unit_suggestion(unit: Unit) -> dict[str, str]:
    """One unit as units:unit_suggest sends it (the unit's region must be loaded)."""
    return {
        "label": unit_label(unit),
        "name": unit.name,
        "detail": f"{unit.region.name} · {unit.credit_code}",
        "code": unit.credit_code,
        "region": unit.region.name,
    }


def active_or_current(units: UnitQuerySet, current: int | None) -> UnitQuerySet:
    """The units a form may hold: those in use, and the one the record has already, even if it
    has since been 停用 (its edit form must show and keep it, without offering closed units)."""
    return units.filter(Q(is_active=True) | Q(pk=current)) if current else units.active()


# --- communities ------------------------------------------------------------------------------


def community_label(community: MedicalCommunity) -> str:
    """What the box shows for a 医共体: its name, unique in the record."""
    return community.name


def find_community(text: str, communities: QuerySet[MedicalCommunity]) -> MedicalCommunity:
    """The 医共体 among `communities` that `text` names: an exact name or an id. A
    ValidationError in Chinese says why none was found."""
    text = text.strip()
    return _the_one(_by_id_or_name(text, communities), text, "医共体")


def suggest_communities(
    text: str, communities: QuerySet[MedicalCommunity]
) -> list[MedicalCommunity]:
    """At most SUGGESTIONS 医共体 among `communities` whose name contains `text`."""
    return _suggest(text, communities.select_related("region"), "name")


def community_suggestion(community: MedicalCommunity) -> dict[str, str]:
    """One 医共体 as units:community_suggest sends it (its region must be loaded)."""
    return {
        "label": community_label(community),
        "name": community.name,
        "detail": community.region.name,
    }


# --- regions ----------------------------------------------------------------------------------


def _path_ids(region: Region) -> list[int]:
    return [int(pk) for pk in region.path.strip("/").split("/") if pk]


def region_labels(regions: Iterable[Region]) -> dict[int, str]:
    """Each region's full path of names ("某市 / 青山县 / 城关镇"), in one query for all of
    their ancestors (none when every region is a top one)."""
    regions = list(regions)
    names = {region.pk: region.name for region in regions}
    missing = {pk for region in regions for pk in _path_ids(region)} - names.keys()
    if missing:
        names.update(Region.objects.filter(pk__in=missing).values_list("pk", "name"))
    return {
        region.pk: PATH_SEPARATOR.join(names.get(pk, "？") for pk in _path_ids(region))
        for region in regions
    }


def region_label(region: Region) -> str:
    """What the box shows for a region: its full path, which tells twins (城关镇) apart and
    which find_region reads back."""
    return region_labels([region])[region.pk]


def find_region_in(text: str, regions: QuerySet[Region]) -> Region:
    """find_region for a search box: a ValidationError in Chinese when `text` names none."""
    try:
        return find_region(text, regions)  # type: ignore[arg-type]
    except RegionNotFound as error:
        raise ValidationError(str(error), code="invalid_choice") from None


def suggest_regions(text: str, regions: QuerySet[Region]) -> list[Region]:
    """At most SUGGESTIONS regions among `regions` whose name contains `text`, higher levels
    first. "青山/城关" looks for 城关 under a region whose name contains 青山."""
    *parents, leaf = [part.strip() for part in text.split("/")]
    if not leaf:
        return []
    matching = regions.filter(name__icontains=leaf)
    if parents and parents[-1]:
        matching = matching.filter(parent__name__icontains=parents[-1])
    return list(matching.order_by("level", "name", "pk")[:SUGGESTIONS])


def region_suggestions(regions: list[Region]) -> list[dict[str, str]]:
    """Regions as units:region_suggest sends them, labelled in one query."""
    labels = region_labels(regions)
    return [
        {
            "label": labels[region.pk],
            "name": region.name,
            "detail": f"{region.get_level_display()} · {labels[region.pk]}",
        }
        for region in regions
    ]


# --- fields -----------------------------------------------------------------------------------


class PickerInput(forms.TextInput):
    """A text box that picker.js turns into a search box: `data-picker` is where it asks."""

    def __init__(
        self,
        url_name: str,
        placeholder: str,
        none: str,
        query: dict[str, Any] | None = None,
        attrs: dict[str, Any] | None = None,
    ):
        self.url_name, self.query, self.none = url_name, dict(query or {}), none
        defaults = {"autocomplete": "off", "placeholder": placeholder}
        super().__init__({**defaults, **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        # Reversed here, not in __init__: forms are built when their module is imported,
        # which may be before the URLconf is.
        url = reverse(self.url_name) + (f"?{urlencode(self.query)}" if self.query else "")
        extra = {"data-picker": url, "data-picker-none": self.none}
        return super().get_context(name, value, {**(attrs or {}), **extra})


class SearchChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField entered as text (see the module docstring); subclasses say how a
    record is labelled and found.

    `queryset` stays the set of records that may be chosen, as for a select; the one record shown
    is resolved once per request, however often the form renders it."""

    model: ClassVar[type[Model]]
    invalid_choice: ClassVar[str]

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.pop("null_label", None)  # django-filter's extras for a select; none here
        kwargs.pop("null_value", None)
        kwargs.setdefault("widget", self.make_widget())
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_choice"] = self.invalid_choice
        self._resolved: dict[str, Model] = {}

    def make_widget(self) -> PickerInput:
        raise NotImplementedError

    def label_for(self, obj: Any) -> str:
        raise NotImplementedError

    def find(self, text: str) -> Model:
        raise NotImplementedError

    def __deepcopy__(self, memo: dict) -> SearchChoiceField:
        field = super().__deepcopy__(memo)
        field._resolved = {}  # each form resolves its own value
        return field

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if isinstance(value, self.model):
            return value
        text = str(value).strip()
        if text not in self._resolved:
            self._resolved[text] = self.find(text)
        return self._resolved[text]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, self.model):
            return self.label_for(value)
        if value in self.empty_values:
            return ""
        try:
            return self.label_for(self.to_python(value))
        except ValidationError:
            return value  # shown as typed, beside the error

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)  # to_python has already looked in the queryset

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.prepare_value(initial) != self.prepare_value(data)


class UnitChoiceField(SearchChoiceField):
    """A unit typed into a search box; `active_only` suggests only units in use (new records:
    the queryset decides what is accepted, see active_or_current)."""

    model = Unit
    invalid_choice = "所选单位不在可选范围内。"

    def __init__(self, *args: Any, active_only: bool = False, **kwargs: Any):
        self.active_only = active_only
        super().__init__(*args, **kwargs)

    def make_widget(self) -> PickerInput:
        return PickerInput(
            "units:unit_suggest",
            "输入单位名称或信用代码",
            "没有匹配的单位",
            {"active": 1} if self.active_only else None,
        )

    def label_for(self, obj: Any) -> str:
        return unit_label(obj)

    def find(self, text: str) -> Model:
        return find_unit(text, self.queryset)  # type: ignore[arg-type]


class RegionChoiceField(SearchChoiceField):
    """A region typed into a search box; `max_level` suggests only regions down to that level
    (a 医共体 is a county's, a document a county's or the city's)."""

    model = Region
    invalid_choice = "所选区划不在可选范围内。"

    def __init__(self, *args: Any, max_level: RegionLevel | None = None, **kwargs: Any):
        self.max_level = max_level
        super().__init__(*args, **kwargs)

    def make_widget(self) -> PickerInput:
        return PickerInput(
            "units:region_suggest",
            "输入区划名称",
            "没有匹配的区划",
            {"max_level": int(self.max_level)} if self.max_level else None,
        )

    def label_for(self, obj: Any) -> str:
        return region_label(obj)

    def find(self, text: str) -> Model:
        return find_region_in(text, self.queryset)  # type: ignore[arg-type]


class CommunityChoiceField(SearchChoiceField):
    """A 医共体 typed into a search box (a province has hundreds)."""

    model = MedicalCommunity
    invalid_choice = "所选医共体不在可选范围内。"

    def make_widget(self) -> PickerInput:
        return PickerInput("units:community_suggest", "输入医共体名称", "没有匹配的医共体")

    def label_for(self, obj: Any) -> str:
        return community_label(obj)

    def find(self, text: str) -> Model:
        return find_community(text, self.queryset)  # type: ignore[arg-type]


class UnitSearchFilter(django_filters.ModelChoiceFilter):
    """A FilterSet's unit, typed into a search box, not chosen from a select of every unit."""

    # A forms.ModelChoiceField, not django-filter's select-only subclass (null choice, iterator).
    field_class = UnitChoiceField  # type: ignore[assignment]


class RegionSearchFilter(django_filters.ModelChoiceFilter):
    """A FilterSet's region, typed into a search box, not chosen from a select of every region."""

    field_class = RegionChoiceField  # type: ignore[assignment]


class CommunitySearchFilter(django_filters.ModelChoiceFilter):
    """A FilterSet's 医共体, typed into a search box, not chosen from a select of every one."""

    field_class = CommunityChoiceField  # type: ignore[assignment]


def regions_to(regions: RegionQuerySet, max_level: RegionLevel | None) -> RegionQuerySet:
    """`regions` down to `max_level` (all of them for None)."""
    return regions.filter(level__lte=max_level) if max_level else regions
