"""A server refuses to start production (DEBUG off) without a DJANGO_SECRET_KEY of at least 50
characters; development, and the commands, keep working without one."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LONG_KEY = "k" * 50


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python in a fresh process on the project's own settings, under `env`."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DJANGO_ADMIN_URL")
    }
    environment.update(DJANGO_SETTINGS_MODULE="healthreport.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )


SERVE = "import healthreport.wsgi"
SETTING = "import django; django.setup(); from django.conf import settings; print(settings.{})"


def test_production_without_a_key_refuses_to_start():
    refused = _run(SERVE)
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr and "DJANGO_SECRET_KEY" in refused.stderr
    assert "生产环境" in refused.stderr
    assert "at least 50 characters" in refused.stderr


def test_production_with_a_short_key_refuses_to_start():
    refused = _run("import healthreport.asgi", DJANGO_SECRET_KEY="k" * 49)
    assert refused.returncode != 0 and "DJANGO_SECRET_KEY" in refused.stderr


def test_production_with_a_long_key_starts():
    started = _run(SERVE, DJANGO_SECRET_KEY=LONG_KEY)
    assert started.returncode == 0, started.stderr


def test_development_starts_without_a_key():
    started = _run(SERVE, DJANGO_DEBUG="1")
    assert started.returncode == 0, started.stderr


def test_commands_read_the_models_without_a_key():
    """makemigrations, mypy's plugin and the report commands never serve a request."""
    ran = _run(SETTING.format("SECRET_KEY"))
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "dev-only-insecure-key-change-me"


def test_the_admin_url_comes_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.ADMIN_URL)"
    )
    assert _run(code, DJANGO_DEBUG="1").stdout.strip() == "admin/"
    moved = _run(code, DJANGO_DEBUG="1", DJANGO_ADMIN_URL="/manage-7f3k")
    assert moved.stdout.strip() == "manage-7f3k/"


STATIC = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.WHITENOISE_USE_FINDERS, s.STORAGES['staticfiles']['BACKEND'])"
)


def test_the_run_script_serves_with_debug_off_and_static_files_from_source():
    # scripts/run shows the project's own error pages and needs no collectstatic.
    script = (ROOT / "scripts" / "run").read_text()
    assert "export DJANGO_DEBUG=${DJANGO_DEBUG:-0}" in script
    assert "DJANGO_STATIC_FROM_SOURCE=1" in script
    done = _run(STATIC, DJANGO_STATIC_FROM_SOURCE="1")
    assert done.stdout.split() == [
        "False",
        "True",
        "django.contrib.staticfiles.storage.StaticFilesStorage",
    ]


def test_production_serves_the_collected_manifest():
    done = _run(STATIC, DJANGO_STATIC_FROM_SOURCE="")
    assert done.stdout.split() == [
        "False",
        "False",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]
