"""Template helpers shared by every app's pages."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, label: str, key: str, css: str = "") -> str:
    """A column header that sorts by `key` (django-filter's OrderingFilter param `sort`).

    Clicking again reverses the order; the arrow shows the current direction.
    """
    request = context["request"]
    current = request.GET.get("sort", "")
    query = request.GET.copy()
    query.pop("page", None)
    if current == key:
        query["sort"], arrow = f"-{key}", " ▲"
    elif current == f"-{key}":
        query["sort"], arrow = key, " ▼"
    else:
        query["sort"], arrow = key, ""
    return format_html(
        '<th class="{}"><a class="text-reset text-decoration-none" href="?{}">{}{}</a></th>',
        css,
        query.urlencode(),
        label,
        arrow,
    )


@register.simple_tag
def query_with(request, key: str, value: str) -> str:
    """The page's query string with `key` set to `value` and the page number dropped (a link
    that changes one filter and keeps the others)."""
    query = request.GET.copy()
    query.pop("page", None)
    query[key] = value
    return query.urlencode()


@register.filter
def phone_for(unit, user) -> str:
    """{{ unit|phone_for:user }}: the unit's phone, masked for people outside its scope."""
    from units.privacy import phone_for as unit_phone_for

    return unit_phone_for(user, unit)


@register.filter
def thousands(value) -> str:
    """1234567 → 1,234,567 (the Chinese locale groups by 4 digits, tables here group by 3)."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number.is_integer():
        return f"{int(number):,}"
    return f"{value:,}" if not isinstance(value, str) else value


@register.filter
def cell(value: Any) -> Any:
    """A spreadsheet cell as an import preview shows it: Excel stores every date as a date-time,
    so a date reads 2025-06-01, not "2025-06-01 00:00:00"; a blank cell reads empty."""
    if isinstance(value, datetime.datetime):
        return f"{value:%Y-%m-%d}" if value.time() == datetime.time() else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    return "" if value is None else value
