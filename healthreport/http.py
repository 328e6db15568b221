from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import render


def attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """A download with a Chinese file name that every browser keeps (RFC 6266 filename*)."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def render_form(request, template: str, context: dict) -> HttpResponse:
    """A form page: 400 when the bound form (context["form"]) has errors, so that nothing saved
    is visible to scripts and tests as well as to people."""
    status = 400 if context["form"].errors else 200
    return render(request, template, context, status=status)
