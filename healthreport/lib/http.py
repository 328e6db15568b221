from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

if TYPE_CHECKING:
    from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """The request a view gets: LoginRequiredMiddleware lets no anonymous visitor reach a view
    (the login page aside), so `user` is one of ours. For the type checker; Django passes its own
    HttpRequest."""

    user: User


def attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """A download with a Chinese file name that every browser keeps (RFC 6266 filename*)."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# The attribute of a download that carries personal information (个人信息保护法): what it holds,
# in Chinese. The audit trail (the audit app's middleware) reads it with `personal_data_of` and
# records the export as one of personal data.
PERSONAL_DATA_ATTRIBUTE = "personal_data"


def mark_personal_data(response: HttpResponse, what: str) -> HttpResponse:
    """Marks a download as carrying personal information, e.g. "机构负责人姓名、联系电话"."""
    setattr(response, PERSONAL_DATA_ATTRIBUTE, what)
    return response


def personal_data_of(response: HttpResponse) -> str:
    """What personal information a response carries ("" for none)."""
    return getattr(response, PERSONAL_DATA_ATTRIBUTE, "")


def render_form(request, template: str, context: dict) -> HttpResponse:
    """A form page: 400 when the bound form (context["form"]) has errors, so that nothing saved
    is visible to scripts and tests as well as to people."""
    status = 400 if context["form"].errors else 200
    return render(request, template, context, status=status)


def next_url(request, default: str) -> str:
    """The page to go back to after a POST: `next` if it is on this site, else `default`.

    Never follows a `next` that leads elsewhere (an open redirect).
    """
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# Rows on a list page.
PAGE_SIZE = 50


def paginate(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> dict[str, Any]:
    """`page` (the one ?page= asks for) and `query` (the query string without it), which
    includes/pagination.html reads to keep the filters when it turns the page."""
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    return {"page": page, "query": query.urlencode()}
