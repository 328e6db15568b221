"""The login record: each login keeps the time and address of the one before it, so that the
person sees "上次登录：时间，地址" and notices a login that was not theirs (MLPS 2.0)."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from accounts import sessions
from healthreport.lib import clock

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, or the header the reverse proxy sets when
    CLIENT_IP_HEADER names one (for X-Forwarded-For, the address the proxy added: the last)."""
    if request is None:
        return None
    value = request.META.get("REMOTE_ADDR", "")
    if settings.CLIENT_IP_HEADER:
        value = request.headers.get(settings.CLIENT_IP_HEADER, "").split(",")[-1] or value
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def record_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """user_logged_in: what was this login becomes the previous one; replaces Django's
    update_last_login (disconnected in AccountsConfig.ready), which would overwrite last_login
    before the previous value could be kept."""
    user.previous_login_at = user.last_login
    user.previous_login_ip = user.last_login_ip
    user.last_login = clock.now()
    user.last_login_ip = client_ip(request)
    user.save(
        update_fields=["previous_login_at", "previous_login_ip", "last_login", "last_login_ip"]
    )
    if request is not None and hasattr(request, "session"):
        sessions.touch(request)


def previous_login_text(user: User) -> str:
    if user.previous_login_at is None:
        return "这是您第一次登录本系统。"
    at = timezone.localtime(user.previous_login_at)
    where = user.previous_login_ip or "未知"
    return f"上次登录：{at.year}年{at.month}月{at.day}日 {at:%H:%M}，地址 {where}"
