"""The admin lives at settings.ADMIN_URL (DJANGO_ADMIN_URL), /admin/ unless it is set."""

import importlib

from django.urls import clear_url_caches, reverse

import healthreport.urls


def test_the_admin_is_at_admin_by_default():
    assert reverse("admin:index") == "/admin/"


def test_the_admin_moves_to_the_configured_path(settings, client):
    settings.ADMIN_URL = "manage-7f3k/"
    try:
        importlib.reload(healthreport.urls)
        clear_url_caches()
        assert reverse("admin:index") == "/manage-7f3k/"
        assert client.get("/admin/").status_code == 404
    finally:
        settings.ADMIN_URL = "admin/"
        importlib.reload(healthreport.urls)
        clear_url_caches()
    assert reverse("admin:index") == "/admin/"
