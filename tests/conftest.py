"""The shared people and places of the test suite (healthchecks' alice/bob/charlie, here)."""

import pytest

pytest_plugins = ["tests.fixtures"]


@pytest.fixture(autouse=True)
def _fast_and_plain_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = False
