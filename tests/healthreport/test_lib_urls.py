"""healthreport.lib.urls.reverse_cached: reverse() kept per URLconf and script prefix."""

import importlib

from django.urls import clear_url_caches, reverse, set_script_prefix

import healthreport.urls
from healthreport.lib.urls import reverse_cached


def test_it_gives_what_reverse_gives():
    assert reverse_cached("rectification:problem_list") == reverse("rectification:problem_list")
    assert reverse_cached("indicators:indicator_detail", "MMR") == reverse(
        "indicators:indicator_detail", args=["MMR"]
    )


def test_it_follows_the_script_prefix():
    try:
        set_script_prefix("/health/")
        assert reverse_cached("home") == "/health/"
    finally:
        set_script_prefix("/")
    assert reverse_cached("home") == "/"


def test_it_forgets_a_reloaded_urlconf(settings):
    assert reverse_cached("admin:index") == "/admin/"
    settings.ADMIN_URL = "manage-7f3k/"
    try:
        importlib.reload(healthreport.urls)
        clear_url_caches()
        assert reverse_cached("admin:index") == "/manage-7f3k/"
    finally:
        settings.ADMIN_URL = "admin/"
        importlib.reload(healthreport.urls)
        clear_url_caches()
    assert reverse_cached("admin:index") == "/admin/"
