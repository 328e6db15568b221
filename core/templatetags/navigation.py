"""{% menu %}: the left menu of base.html (core.navigation.menu_html)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from core.navigation import menu_html

register = template.Library()


@register.simple_tag(takes_context=True)
def menu(context: template.Context) -> SafeString:
    return menu_html(context.get("menu") or [])
