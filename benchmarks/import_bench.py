"""Benchmark of the imports against the parser: the whole command versus openpyxl's read alone.

    .venv/bin/python benchmarks/import_bench.py                 # 10,000 and 100,000 rows
    .venv/bin/python benchmarks/import_bench.py --rows 10000 --runs 1
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python benchmarks/import_bench.py

Creates a throw-away test database (a SQLite file by default; with DATABASE_URL set, Django's
test database next to it, e.g. test_<name> on PostgreSQL), dropped at the end, with a city of
its own (基准市: 10 counties, 1,000 units). For each size it writes a ledger (整改台账) and an
indicator value file with openpyxl, then times, each as a median of --runs:
- the floor: openpyxl's read-only parse of the same file (`load_workbook(read_only=True)` and
  `iter_rows(values_only=True)` over every row), in this process;
- the import through the project's own command (`manage.py import_ledger FILE`,
  `import_indicator_values FILE`) in a subprocess, from start-up to exit, with its peak memory
  (the subprocess's own maxrss); the records it wrote are removed after each run, so that every
  run imports into the same database.
It prints the ratio import/floor: the goal is ≤ 1.0 at 100,000 rows on SQLite and PostgreSQL.
Wall-clock times on a shared machine vary with its load: the CPU seconds of both (the floor's in
this process, the command's from its own resource usage; the database server's, on PostgreSQL,
are not the command's) are printed beside them.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402

# The counts of indicators_bench, which keep clear of the value checks (jumps, ratios).
from benchmarks.indicators_bench import BASE, CODES  # noqa: E402

UNITS = 1_000
COUNTIES = 10
INSPECTIONS = 500  # the ledger's rows fall into this many inspections
warnings.filterwarnings("ignore", message="No directory at")


def load() -> tuple[list[str], list[str], list[str]]:
    """The city, its units; the seeded sources and categories the ledger names."""
    from rectification.models import Category, Source
    from units.credit_code import make_credit_code
    from units.models import Region, RegionLevel, Unit, UnitKind

    city = Region.objects.create(name="基准市", level=RegionLevel.CITY)
    counties = [
        Region.objects.create(name=f"基准县{i}", level=RegionLevel.COUNTY, parent=city)
        for i in range(COUNTIES)
    ]
    Unit.objects.bulk_create(
        Unit(
            name=f"基准卫生院{n:04d}",
            credit_code=make_credit_code(f"12329990{n:09d}"),
            kind=UnitKind.TOWNSHIP_HEALTH_CENTER,
            region=counties[n % COUNTIES],
        )
        for n in range(UNITS)
    )
    units = [f"基准卫生院{n:04d}" for n in range(UNITS)]
    sources = list(Source.objects.filter(active=True).values_list("name", flat=True))
    categories = list(Category.objects.filter(active=True).values_list("name", flat=True))
    return units, sources, categories


def write(path: Path, headers: list[str], rows) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)


def ledger_file(path: Path, count: int, units: list[str], sources, categories) -> None:
    from rectification.ledger import HEADERS
    from rectification.models import Kind, Severity, Status

    severities = [label for _, label in Severity.choices]
    kinds = [label for _, label in Kind.choices]
    statuses = dict(Status.choices)

    def rows():
        for i in range(count):
            inspection = i % INSPECTIONS
            date = datetime.date(2025, 1 + inspection % 12, 1 + inspection % 28)
            status = (Status.IN_PROGRESS, Status.OPEN, Status.CLOSED, Status.CANCELLED)[i % 4]
            closed = status == Status.CLOSED
            yield [
                i + 1,
                sources[inspection % len(sources)],
                f"基准检查{inspection:03d}",
                date,
                units[i % len(units)],
                categories[i % len(categories)],
                severities[i % len(severities)],
                f"基准问题{i}：消防通道堆放杂物，应急照明不亮",
                "立即清理，更换应急照明",
                kinds[i % len(kinds)],
                "张三",
                "李四",
                date + datetime.timedelta(days=30 + i % 60),
                statuses[status],
                "已清理" if i % 3 else "",
                "王五" if closed else "",
                date + datetime.timedelta(days=20) if closed else None,
                "重复检查合并" if status == Status.CANCELLED else "",
            ]

    write(path, HEADERS, rows())


def value_file(path: Path, count: int, units: list[str]) -> None:
    from indicators.importers import VALUE_HEADERS

    def rows():
        n = 0
        for year in range(2025, 1900, -1):
            for unit_number, unit in enumerate(units):
                for code, base in zip(CODES, BASE, strict=True):
                    if n == count:
                        return
                    n += 1
                    yield [year, code, None, unit, base + unit_number % 7 + year % 3, None]

    write(path, VALUE_HEADERS, rows())


def unit_file(path: Path, count: int) -> None:
    """`count` new institutions (the unit import), spread over the city's counties."""
    from units.credit_code import make_credit_code
    from units.importer import HEADERS
    from units.models import UnitKind

    kinds = [label for _, label in UnitKind.choices]

    def rows():
        for n in range(count):
            yield [
                f"导入卫生室{n:06d}",
                make_credit_code(f"12329991{n:09d}"),
                kinds[n % len(kinds)],
                f"基准县{n % COUNTIES}",
                *[None] * (len(HEADERS) - 4),
            ]

    write(path, HEADERS, rows())


def floor(path: Path) -> tuple[float, float]:
    """openpyxl's read-only parse of every row, the time the import is measured against:
    (seconds, CPU seconds)."""
    started, cpu = time.perf_counter(), time.process_time()
    book = load_workbook(path, read_only=True)
    rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert rows > 1
    return time.perf_counter() - started, time.process_time() - cpu


def database_url() -> str:
    """The test database, as the command's DATABASE_URL."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def command(name: str, path: Path, media: str) -> tuple[float, float, int]:
    """The import command in a subprocess: (seconds, its CPU seconds, peak memory in MB)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "healthreport.settings",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "0123456789" * 5,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": media,
        "UPLOAD_MAX_MB": "100",
    }
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), name, str(path)],
            env=env,
            stdout=out,
            stderr=err,
        )
        # wait4, not wait: the child's own resource usage (its peak memory), not the maximum
        # over every child this process has waited for.
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode:
            raise SystemExit(f"{name} failed:\n{err.read().decode()[-3000:]}")
        output = out.read().decode()
    assert "导入成功" in output, output
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024  # maxrss in KB


def clear(kind: str) -> None:
    """Remove what a run wrote, so that the next imports the same rows into the same state."""
    from imports.models import ImportBatch
    from indicators.models import Value
    from rectification.models import Inspection, Problem, ProblemEvent

    if kind == "ledger":
        models = [ProblemEvent, Problem, Inspection]
    elif kind == "units":
        from units.models import Unit

        with connection.cursor() as cursor:
            for model in [Unit.history.model, Unit]:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"DELETE FROM {table} WHERE name LIKE %s", ["导入卫生室%"])
        models = []
    else:
        models = [Value.history.model, Value]
    with connection.cursor() as cursor:
        for model in [*models, ImportBatch]:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", default="10000,100000", help="sizes, e.g. 10000,100000")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--kinds", default="ledger,values", help="ledger, values or both")
    options = parser.parse_args()
    sizes = [int(size) for size in options.rows.split(",")]
    kinds = options.kinds.split(",")

    with bench_database() as (work, (units, sources, categories)):
        print(f"数据库：{connection.vendor}；{UNITS:,} 家单位；每项取 {options.runs} 次的中位数")
        for size in sizes:
            for kind in kinds:
                path = work / f"{kind}-{size}.xlsx"
                if kind == "ledger":
                    ledger_file(path, size, units, sources, categories)
                    name, label = "import_ledger", "整改台账"
                else:
                    value_file(path, size, units)
                    name, label = "import_indicator_values", "指标数值"
                floors = [floor(path) for _ in range(options.runs)]
                runs = []
                for _ in range(options.runs):
                    runs.append(command(name, path, str(work / "media")))
                    clear(kind)
                parse = statistics.median(seconds for seconds, _ in floors)
                parse_cpu = statistics.median(cpu for _, cpu in floors)
                whole = statistics.median(seconds for seconds, _, _ in runs)
                whole_cpu = statistics.median(cpu for _, cpu, _ in runs)
                memory = max(mb for _, _, mb in runs)
                print(
                    f"{label} {size:,} 行（{path.stat().st_size / 1024 / 1024:.1f} MB）："
                    f"openpyxl 只读解析 {parse:.2f} 秒（CPU {parse_cpu:.2f}）；"
                    f"{name} 全程 {whole:.2f} 秒（CPU {whole_cpu:.2f}）；"
                    f"比值 {whole / parse:.2f}（CPU {whole_cpu / parse_cpu:.2f}）；"
                    f"峰值内存 {memory} MB"
                )
                path.unlink()


@contextmanager
def bench_database() -> Iterator[tuple[Path, tuple[list[str], list[str], list[str]]]]:
    """A throw-away test database with the benchmark's city (`load`), and a work directory;
    both removed at the end."""
    work = Path(tempfile.mkdtemp(prefix="import-bench-"))
    if connection.vendor == "sqlite":
        # The command runs in another process: the test database is a file, not in memory.
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(work / "bench.sqlite3")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        loaded = load()
        connection.close()  # SQLite: let the command write
        yield work, loaded
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        subprocess.run(["rm", "-rf", str(work)], check=False)


if __name__ == "__main__":
    main()
