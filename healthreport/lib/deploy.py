"""Checks a server makes before it serves its first request."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Django's own deploy check asks for 50 characters.
MIN_SECRET_KEY_LENGTH = 50


def check_secret_key() -> None:
    """Production (DEBUG off) serves nothing on the development key or a short one."""
    key = settings.SECRET_KEY
    if settings.DEBUG:
        return
    if key == settings.DEV_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"生产环境（DJANGO_DEBUG 未开启）必须设置不少于 {MIN_SECRET_KEY_LENGTH} 个字符的"
            " DJANGO_SECRET_KEY。"
            f" DJANGO_SECRET_KEY must be set to at least {MIN_SECRET_KEY_LENGTH} characters"
            " when DJANGO_DEBUG is off."
        )
