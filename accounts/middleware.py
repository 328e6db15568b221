"""Gates in front of every page: an idle session ends (accounts.sessions), a person whose
password must be changed (accounts.passwords.change_reason) sees only the change form, and the
administrators open no business page (accounts.policy)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts import passwords, sessions
from accounts.policy import BUSINESS_NAMESPACES, access_for

BUSINESS_ONLY_MESSAGE = "管理员账号不能打开业务页面（三员分立）。"

# What a person who must change their password may still open.
OPEN_DURING_CHANGE = {"password_change", "password_change_done", "logout", "keep_alive"}


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.SESSION_IDLE_MINUTES or not request.user.is_authenticated:
            return self.get_response(request)
        if sessions.expired(request):
            logout(request)
            messages.warning(request, sessions.IDLE_LOGOUT_MESSAGE)
            return redirect_to_login(request.get_full_path())
        if not sessions.is_background(request):
            sessions.touch(request)
        response = self.get_response(request)
        # For htmx requests and the keep-alive: the page restarts its countdown from this.
        if request.user.is_authenticated:
            response["X-Session-Remaining"] = str(sessions.remaining(request))
        return response


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or request.path.startswith(f"/{settings.STATIC_URL}"):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_DURING_CHANGE and not match.namespace:
            return None
        if passwords.change_reason(user) is None:
            return None
        return redirect("password_change")


class BusinessPagesMiddleware:
    """The administrators (三员分立) and accounts still 待授权 open no business page: each app's
    pages are refused whole here (403), whatever a view would otherwise show them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        user = request.user
        match = request.resolver_match
        if not user.is_authenticated or match is None or not match.namespaces:
            return None
        if match.namespaces[0] in BUSINESS_NAMESPACES and not access_for(user).business:
            raise PermissionDenied(BUSINESS_ONLY_MESSAGE)
        return None
