"""{% region_box %}: a page's region switcher as a search box (units.pickers), not a select of
every region the person sees (a province has about 1,600)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from units.models import Region, RegionLevel
from units.pickers import RegionChoiceField

register = template.Library()


@register.simple_tag
def region_box(
    region: Region | None,
    *,
    id: str = "",
    label: str = "区划",
    placeholder: str = "",
    max_level: int | None = None,
    name: str = "region",
    error: str = "",
) -> SafeString:
    """The box holding `region`'s full path; the page reads it back with find_region (the
    YearRegionForm of the page), as it read the select's id. `error` (the form's region_error:
    a typed name that names no region) is shown under the box, which holds the region the page
    shows instead."""
    field = RegionChoiceField(
        queryset=Region.objects.none(), max_level=RegionLevel(max_level) if max_level else None
    )
    attrs = {"class": "form-control form-control-sm app-picker-box", "aria-label": label}
    if id:
        attrs["id"] = id
    if placeholder:
        attrs["placeholder"] = placeholder
    error_id = f"{id or name}-error"
    if error:
        attrs["class"] += " is-invalid"
        attrs.update({"aria-invalid": "true", "aria-describedby": error_id})
    box = field.widget.render(name, field.prepare_value(region), attrs)
    if not error:
        return box
    return format_html(
        '<div>{}<div class="invalid-feedback d-block" id="{}" data-testid="region-error">{}</div>'
        "</div>",
        box,
        error_id,
        error,
    )
