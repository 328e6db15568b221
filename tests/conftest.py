"""Shared fixtures are small functions in tests/fixtures.py (djangopackages' conftest style)."""

import pytest

pytest_plugins = ["tests.fixtures"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
