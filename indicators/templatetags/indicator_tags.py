"""Figures as pages show them: rounded to the indicator's decimals, with thousands separators."""

from __future__ import annotations

from decimal import Decimal

from django import template

from indicators.evaluation import STATUS_CSS, Direction, Status, plain_number, round_half_up

register = template.Library()


@register.filter
def figure(value: Decimal | None, decimals: int = 2) -> str:
    """1234.5678 → '1,234.57'; None → '—'."""
    if value is None or value == "":
        return "—"
    decimals = int(decimals)
    return format(round_half_up(Decimal(value), decimals), f",.{decimals}f")


@register.filter
def plain(value: Decimal | None) -> str:
    """600.000000 → '600' (as entered), None → '—'."""
    return "—" if value is None else plain_number(Decimal(value))


@register.filter
def change(result) -> str:
    """'+1.50个百分点', '-0.30张', '' without last year's figure."""
    if result.change is None:
        return ""
    text = format(round_half_up(result.change, result.decimals), f"+,.{result.decimals}f")
    return text + ("个百分点" if result.is_percentage else result.unit_label)


@register.filter
def status_css(status: str) -> str:
    """The badge class of a status code."""
    return STATUS_CSS.get(status, "badge-no-target")


@register.inclusion_tag("indicators/_status.html")
def status_badge(result) -> dict:
    """The badge of a result, or of a bare status code."""
    status = result.display_status if hasattr(result, "display_status") else result
    return {"label": Status(status).label, "css": STATUS_CSS.get(status, "badge-no-target")}


@register.inclusion_tag("indicators/_unit_panel.html", takes_context=True)
def unit_indicator_panel(context, unit, year: int | None = None) -> dict:
    """The indicator panel of a unit's page: this year's figures with targets and status."""
    from healthreport.lib import clock
    from indicators.policy import may_open_entry
    from indicators.results import unit_results

    year = year or clock.today().year
    results = [r for r in unit_results(year, unit) if r.direction != Direction.NONE]
    user = context.get("user")
    may_open = user is not None and user.is_authenticated and may_open_entry(user, unit)
    return {"unit": unit, "year": year, "results": results, "may_open_entry": may_open}
