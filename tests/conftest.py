"""Shared fixtures are small functions in tests/fixtures.py (djangopackages' conftest style)."""

import pytest
import time_machine

from tests.clock import NOW

pytest_plugins = ["tests.fixtures"]


@pytest.fixture(autouse=True)
def clock(request):
    """Every test starts at tests.clock.NOW, whatever the day it is run on, and the clock stands
    still; a test moves it with `clock.move_to(...)`. In the browser tests it ticks on from NOW:
    Chromium keeps real time, and the live server's sessions and timestamps should advance."""
    ticking = request.node.get_closest_marker("browser") is not None
    with time_machine.travel(NOW, tick=ticking) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _seeded_lists(request):
    """A transactional test starts from a flushed database (the one before it emptied every
    table, the migrations' seed data included): put the seed lists back, as migrate does."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps

    seeds = (
        ("rectification.migrations.0002_default_lists", "add_lists"),
        ("reports.migrations.0002_seed_work_fields", "seed"),
        ("indicators.migrations.0002_load_catalogue", "load"),
    )
    for module, function in seeds:
        getattr(import_module(module), function)(apps, None)
