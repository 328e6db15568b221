"""The settings refuse to start production (DEBUG off) without a DJANGO_SECRET_KEY of at least
50 characters, and keep working in development without one."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

LONG_KEY = "k" * 50
SETTINGS = Path(__file__).resolve().parents[2] / "healthreport" / "settings.py"


def _load(monkeypatch, **env):
    """Run healthreport/settings.py afresh under the given environment; return its names."""
    for name in ("DJANGO_SECRET_KEY", "DJANGO_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # As a server runs it: not under mypy, not `manage.py makemigrations`.
    monkeypatch.setattr("sys.argv", ["manage.py", "runserver"])
    monkeypatch.delitem("sys.modules", "mypy", raising=False)
    return runpy.run_path(str(SETTINGS))


def test_production_without_a_key_refuses_to_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY") as refused:
        _load(monkeypatch)
    assert "生产环境" in str(refused.value)
    assert "at least 50 characters" in str(refused.value)


def test_production_with_a_short_key_refuses_to_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        _load(monkeypatch, DJANGO_SECRET_KEY="k" * 49)


def test_production_with_a_long_key_starts(monkeypatch):
    assert _load(monkeypatch, DJANGO_SECRET_KEY=LONG_KEY)["SECRET_KEY"] == LONG_KEY


def test_development_starts_without_a_key(monkeypatch):
    loaded = _load(monkeypatch, DJANGO_DEBUG="1")
    assert loaded["DEBUG"] is True
    assert loaded["SECRET_KEY"]


def test_makemigrations_reads_the_models_without_a_key(monkeypatch):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    monkeypatch.setattr("sys.argv", ["manage.py", "makemigrations", "--check"])
    monkeypatch.delitem("sys.modules", "mypy", raising=False)
    assert runpy.run_path(str(SETTINGS))["SECRET_KEY"]


def test_the_admin_url_comes_from_the_environment(monkeypatch):
    assert _load(monkeypatch, DJANGO_DEBUG="1")["ADMIN_URL"] == "admin/"
    loaded = _load(monkeypatch, DJANGO_DEBUG="1", DJANGO_ADMIN_URL="/manage-7f3k")
    assert loaded["ADMIN_URL"] == "manage-7f3k/"
