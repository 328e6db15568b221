"""Backup and restore (core.backup): a small world survives the round trip, row for row, byte for
byte, on whichever database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection

from core import backup
from core.backup import file_hashes, row_counts
from healthreport.lib import remembered
from rectification.evidence import add_evidence
from rectification.models import Evidence
from tests.indicators.conftest import put
from tests.rectification.conftest import make_inspection, make_problem, png_bytes

# pg_dump sees committed rows only, and restore writes outside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(unit_a, unit_b, head_a, county_a):
    inspection = make_inspection()
    problem = make_problem(inspection, unit_a)
    make_problem(inspection, unit_b, description="污物处置不规范")
    add_evidence(problem, head_a, name="整改后.png", data=png_bytes())
    put("BEDS", unit_a, 600)
    put("BEDS", county_a, 1800)
    return problem


def round_trip(tmp_path):
    media = Path(settings.MEDIA_ROOT)
    counts, files = row_counts(), file_hashes(media)
    assert Evidence.objects.count() == 1 and len(files) >= 1
    assert counts["rectification.problem"] == 2 and counts["indicators.value"] == 2
    out = tmp_path / "backup"
    call_command("backup", out=out, verbosity=0)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["counts"] == counts and manifest["files"] == files
    if connection.vendor == "sqlite":
        assert manifest["format"] == "sqlite-backup"
    else:  # pg_dump, unless this machine's is older than the server (then dumpdata, said so)
        usable, note = backup._pg_dump_usable()
        assert manifest["format"] == ("pg_dump-custom" if usable else "dumpdata-json")
        assert manifest["note"] == note

    with pytest.raises(CommandError, match="不是空库"):
        call_command("restore", out, verbosity=0)

    call_command("flush", interactive=False, verbosity=0)  # a freshly migrated database
    shutil.rmtree(media)
    assert row_counts()["rectification.problem"] == 0

    call_command("restore", out, verbosity=0)
    assert row_counts() == counts
    assert file_hashes(media) == files
    assert Evidence.objects.get().file.read() == png_bytes()


def test_round_trip_restores_every_row_and_file(world, tmp_path):
    round_trip(tmp_path)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="the fallback is PostgreSQL's, for a pg_dump older than the server",
)
def test_round_trip_without_a_usable_pg_dump_uses_dumpdata(world, tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "_pg_dump_usable", lambda: (False, "pg_dump 不可用"))
    round_trip(tmp_path)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text("utf-8"))
    assert manifest["format"] == "dumpdata-json" and manifest["note"] == "pg_dump 不可用"


def test_a_damaged_backup_is_refused(world, tmp_path):
    out = tmp_path / "backup"
    call_command("backup", out=out, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    name = next(iter(json.loads((out / "manifest.json").read_text("utf-8"))["files"]))
    (out / "media" / name).write_bytes(b"tampered")
    with pytest.raises(CommandError, match="已损坏"):
        call_command("restore", out, verbosity=0)


@pytest.fixture
def demo_city(settings):
    """The demo city as load_demo builds it (its evidence photos land in MEDIA_ROOT)."""
    settings.DEBUG = True  # load_demo is a development command
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_city_survives_the_round_trip(demo_city, tmp_path):
    media = Path(settings.MEDIA_ROOT)
    counts, files = row_counts(), file_hashes(media)
    assert counts["rectification.problem"] > 10 and counts["indicators.value"] > 10
    assert counts["rectification.evidence"] >= 1 and len(files) >= 1
    out = tmp_path / "backup"
    call_command("backup", out=out, verbosity=0)

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    call_command("restore", out, verbosity=0)

    assert row_counts() == counts
    assert file_hashes(media) == files


def test_a_second_backup_into_the_same_directory_is_refused(world, tmp_path):
    out = tmp_path / "backup"
    call_command("backup", out=out, verbosity=0)
    manifest = (out / "manifest.json").read_bytes()
    with pytest.raises(CommandError, match="不是空目录.*拒绝"):
        call_command("backup", out=out, verbosity=0)
    assert (out / "manifest.json").read_bytes() == manifest


def test_keep_removes_the_older_dated_backups_beside_the_new_one(world, tmp_path):
    parent = tmp_path / "backups"
    for day in ("2026-06-11", "2026-06-12", "2026-06-13", "2026-06-14"):
        call_command("backup", out=parent / day, verbosity=0)
    (parent / "2026-06-10").mkdir()  # not a backup (no manifest): left alone
    (parent / "keep-me").mkdir()
    call_command("backup", out=parent / "2026-06-15", keep=3, verbosity=0)
    left = sorted(p.name for p in parent.iterdir())
    assert left == ["2026-06-10", "2026-06-13", "2026-06-14", "2026-06-15", "keep-me"]


def test_keep_needs_a_dated_directory(world, tmp_path):
    with pytest.raises(CommandError, match="以日期命名"):
        call_command("backup", out=tmp_path / "latest", keep=3, verbosity=0)
    assert not (tmp_path / "latest").exists()


def test_with_object_storage_backup_refuses_unless_told_no_media(world, tmp_path, settings):
    """Media in a bucket (STORAGE_BACKEND=s3) are not files to copy: backup says so and writes
    nothing; --no-media backs the database up alone, and its manifest says the media are not in
    it. An in-memory storage stands in for the bucket."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    out = tmp_path / "backup"
    with pytest.raises(CommandError, match="对象存储.*--no-media"):
        call_command("backup", out=out, verbosity=0)
    assert not out.exists()
    call_command("backup", "--no-media", out=out, verbosity=0)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["media"] is False and manifest["files"] == {}
    assert manifest["counts"]["rectification.problem"] == 2


def test_a_backup_with_media_is_not_restored_into_object_storage(world, tmp_path, settings):
    out = tmp_path / "backup"
    call_command("backup", out=out, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    with pytest.raises(CommandError, match="对象存储.*--no-media"):
        call_command("restore", out, verbosity=0)
    call_command("restore", out, "--no-media", verbosity=0)
    assert row_counts()["rectification.problem"] == 2


def _drop_figure_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgrelid::regclass FROM pg_trigger WHERE tgname LIKE 'figure_stamp%'"
            )
            for name, table in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER {name} ON {table}")
        else:
            for name in remembered.installed_triggers():
                cursor.execute(f"DROP TRIGGER {name}")


def test_a_restore_puts_the_figure_counters_back_and_forgets_the_figures(world, tmp_path):
    installed = remembered.installed_triggers()
    assert installed
    _drop_figure_triggers()  # as in a backup taken before the counters existed
    out = tmp_path / "backup"
    call_command("backup", out=out, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    cache.set("figures:rectification:1:remembered", "from before the restore")

    call_command("restore", out, verbosity=0)
    assert remembered.installed_triggers() == installed
    assert cache.get("figures:rectification:1:remembered") is None
