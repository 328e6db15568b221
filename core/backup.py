"""Backup and restore (备份与恢复): the database and the media files (evidence), with a manifest.

A backup directory holds:
  manifest.json   every model's row count and every media file's sha256, the dump's format
  database.*      database.dump (pg_dump -Fc), database.sqlite3 (SQLite's online backup API) or,
                  when pg_dump is missing or older than the server, database.json (dumpdata)
  media/          a copy of MEDIA_ROOT (absent with --no-media)

Media are copied as files: this works with STORAGE_BACKEND=filesystem (MEDIA_ROOT, a local disk
or a shared mount). With object storage (STORAGE_BACKEND=s3) backup and restore refuse to run
unless told --no-media: the bucket's own versioning or replication keeps the files then
(docs/deploy.md), and the backup holds the database alone, which its manifest says.

The counts are taken from the same snapshot as the dump: on PostgreSQL pg_dump is given the
exported snapshot of the transaction that counts, on SQLite they are counted in the copied file.

backup() only writes into a new or empty directory (a second run into the same one is refused, so
two dumps are never mixed); prune() then keeps the newest N dated backups beside it (--keep N).

restore() only writes into an empty database. "Empty" means: no rows in any model's table except
the ones `migrate` itself fills (SEEDED: content types, permissions and the seed lists of the data
migrations), whatever their number, since those are replaced wholesale by the backup's rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.db import connection, transaction

from healthreport.lib import remembered

MANIFEST = "manifest.json"
FORMAT_PG = "pg_dump-custom"
FORMAT_SQLITE = "sqlite-backup"
FORMAT_JSON = "dumpdata-json"
FILES = {
    FORMAT_PG: "database.dump",
    FORMAT_SQLITE: "database.sqlite3",
    FORMAT_JSON: "database.json",
}

# Models whose rows `migrate` writes (post_migrate and the data migrations): a freshly migrated
# database has them, and a restore replaces them.
SEEDED = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "rectification.source",
        "rectification.category",
        "reports.workfield",
        "indicators.indicator",
    }
)


class BackupError(Exception):
    """A backup or restore that cannot be made or does not check out; the message is for people."""


def _models() -> list[Any]:
    return sorted(
        (m for m in apps.get_models(include_auto_created=True) if m._meta.managed),
        key=lambda m: m._meta.label_lower,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_hashes(root: Path) -> dict[str, str]:
    """Every file under root, by its path relative to root (with /), and its sha256."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def row_counts() -> dict[str, int]:
    """Every model's row count in the current database (0 for a table not yet created)."""
    tables = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for model in _models():
            table = model._meta.db_table
            if table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                counts[model._meta.label_lower] = cursor.fetchone()[0]
            else:
                counts[model._meta.label_lower] = 0
    return counts


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {
            m._meta.label_lower: (
                db.execute(f'SELECT COUNT(*) FROM "{m._meta.db_table}"').fetchone()[0]
                if m._meta.db_table in tables
                else 0
            )
            for m in _models()
        }
    finally:
        db.close()


def _pg_args() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = ["--dbname", s["NAME"]]
    if s.get("HOST"):
        args += ["--host", str(s["HOST"])]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", str(s["USER"])]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env


def _pg_dump_usable() -> tuple[bool, str]:
    """pg_dump dumps servers of its own major version or older."""
    binary = shutil.which("pg_dump")
    if binary is None:
        return False, "pg_dump 不存在，改用 dumpdata 导出 JSON"
    out = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    mine = int(match.group(1)) if match else 0
    connection.ensure_connection()
    server = connection.pg_version // 10000  # type: ignore[attr-defined]
    if mine < server:
        return False, f"pg_dump {mine} 低于数据库服务器 {server}，改用 dumpdata 导出 JSON"
    return True, f"pg_dump {mine}，服务器 {server}"


def _pg_dump(target: Path, *, snapshot: str) -> None:
    args, env = _pg_args()
    command = ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(target)]
    result = subprocess.run(command + args, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise BackupError(f"pg_dump 失败：{result.stderr.strip()}")


MEDIA_ELSEWHERE = (
    "媒体文件存放在对象存储中（STORAGE_BACKEND={}），{} 只能复制本机的 MEDIA_ROOT。"
    "请用对象存储自身的版本控制或跨区域复制保护媒体文件，"
    "并加 --no-media 只{}数据库（见 docs/deploy.md）。"
)


def media_on_disk() -> bool:
    """Whether uploaded files are files under MEDIA_ROOT (else object storage)."""
    return isinstance(storages["default"], FileSystemStorage)


def backup(out: Path, *, media: bool = True) -> dict[str, Any]:
    """Write the database dump, a copy of MEDIA_ROOT (unless media=False) and manifest.json into
    out (new or empty)."""
    out = Path(out)
    if media and not media_on_disk():
        raise BackupError(MEDIA_ELSEWHERE.format(settings.STORAGE_BACKEND, "backup", "备份"))
    if out.exists() and any(out.iterdir()):
        found = "、".join(sorted(p.name for p in out.iterdir())[:3])
        raise BackupError(
            f"备份目录 {out} 不是空目录（已有 {found}），拒绝写入，以免与其中的备份混在一起。"
            "请换一个新目录（如以日期命名）。"
        )
    out.mkdir(parents=True, exist_ok=True)
    note = ""
    if connection.vendor == "sqlite":
        fmt = FORMAT_SQLITE
        target = out / FILES[fmt]
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
        finally:
            dest.close()
        counts = _sqlite_counts(target)
    else:
        usable, note = (
            _pg_dump_usable() if connection.vendor == "postgresql" else (False, "非 PostgreSQL")
        )
        fmt = FORMAT_PG if usable else FORMAT_JSON
        target = out / FILES[fmt]
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            counts = row_counts()
            if usable:
                cursor.execute("SELECT pg_export_snapshot()")
                _pg_dump(target, snapshot=cursor.fetchone()[0])
            else:
                call_command("dumpdata", format="json", output=str(target), verbosity=0)
    media_root = Path(settings.MEDIA_ROOT)
    if media and media_root.is_dir():
        shutil.copytree(media_root, out / "media")
    else:
        (out / "media").mkdir()
    manifest = {
        "format": fmt,
        "database": FILES[fmt],
        "note": note,
        # False: the media live elsewhere (object storage) and this backup holds none of them.
        "media": media,
        "counts": counts,
        "files": file_hashes(out / "media"),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    return manifest


DATED = re.compile(r"\d{4}-\d{2}-\d{2}")
KEEP_RULE = "--keep 须为正整数，且只用于以日期命名的备份目录（如 --out /srv/backup/2026-06-15）。"


def is_dated(path: Path) -> bool:
    """Backups named by their date (2026-06-15, 2026-06-15T0215…) sort by name as by time."""
    return DATED.match(path.name) is not None


def prune(out: Path, keep: int) -> list[Path]:
    """Remove the dated backups beside out (same parent) but the newest `keep`, out included.
    Only complete backups (with a manifest) are candidates: anything else there is left alone."""
    out = Path(out).resolve()
    if keep < 1 or not is_dated(out):
        raise BackupError(KEEP_RULE)
    others = sorted(
        (
            p
            for p in out.parent.iterdir()
            if p != out and p.is_dir() and is_dated(p) and (p / MANIFEST).is_file()
        ),
        key=lambda p: p.name,
        reverse=True,
    )
    removed = others[keep - 1 :]
    for path in removed:
        shutil.rmtree(path)
    return removed


def occupied_tables() -> dict[str, int]:
    """The models outside SEEDED that have rows: a database with any is not empty."""
    return {label: n for label, n in row_counts().items() if n and label not in SEEDED}


def restore(source: Path, *, media: bool = True) -> dict[str, Any]:
    """Restore a backup into the (empty) database and MEDIA_ROOT (unless media=False), then check
    it by the manifest."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise BackupError(f"{source} 中没有可读的 {MANIFEST}：{e}") from e
    if media and manifest["files"] and not media_on_disk():
        raise BackupError(
            MEDIA_ELSEWHERE.format(settings.STORAGE_BACKEND, "restore", "恢复")
            + f"备份中的媒体文件在 {source / 'media'}，可先上传到存储桶。"
        )
    if not media:
        manifest = {**manifest, "files": {}}
    fmt = manifest["format"]
    dump = source / manifest["database"]
    if not dump.is_file():
        raise BackupError(f"备份中缺少数据库文件 {dump.name}。")
    bad = [
        name
        for name, digest in manifest["files"].items()
        if not (source / "media" / name).is_file() or _sha256(source / "media" / name) != digest
    ]
    if bad:
        raise BackupError(f"备份中的媒体文件缺失或已损坏：{', '.join(bad[:5])}")
    occupied = occupied_tables()
    if occupied:
        listed = "、".join(f"{label}（{n} 行）" for label, n in sorted(occupied.items())[:5])
        raise BackupError(f"目标数据库不是空库，拒绝恢复：{listed}。请先换用新建的空数据库。")
    media_root = Path(settings.MEDIA_ROOT)
    clashes = [
        name
        for name, digest in manifest["files"].items()
        if (media_root / name).is_file() and _sha256(media_root / name) != digest
    ]
    if clashes:
        raise BackupError(f"媒体目录中已有不同内容的同名文件，拒绝覆盖：{', '.join(clashes[:5])}")

    if fmt == FORMAT_SQLITE:
        if connection.vendor != "sqlite":
            raise BackupError("这是 SQLite 备份，目标数据库不是 SQLite。")
        connection.ensure_connection()
        src = sqlite3.connect(dump)
        try:
            src.backup(connection.connection)
        finally:
            src.close()
    elif fmt == FORMAT_PG:
        if connection.vendor != "postgresql":
            raise BackupError("这是 PostgreSQL 备份，目标数据库不是 PostgreSQL。")
        args, env = _pg_args()
        connection.close()
        result = subprocess.run(
            ["pg_restore", "--clean", "--if-exists", "--single-transaction", "--no-owner"]
            + ["--no-privileges", *args, str(dump)],
            capture_output=True,
            text=True,
            env=env,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore 失败：{result.stderr.strip()}")
    elif fmt == FORMAT_JSON:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
        call_command("loaddata", str(dump), verbosity=0)
    else:
        raise BackupError(f"未知的备份格式：{fmt}")
    # A backup taken before the figure counters existed brings tables without their triggers, and
    # a restored counter starts again from the backup's count: put the triggers back and forget
    # the figures remembered under counts that may now come round again.
    remembered.install()
    cache.clear()

    for name in manifest["files"]:
        (media_root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / "media" / name, media_root / name)

    problems = []
    counts = row_counts()
    for label, expected in manifest["counts"].items():
        if counts.get(label) != expected:
            problems.append(f"{label} 行数 {counts.get(label)}，备份中为 {expected}")
    restored = {name: _sha256(media_root / name) for name in manifest["files"]}
    problems += [
        f"文件 {name} 的 sha256 与备份不符"
        for name, digest in manifest["files"].items()
        if restored[name] != digest
    ]
    if problems:
        raise BackupError("恢复后核对不一致：" + "；".join(problems[:10]))
    return manifest
