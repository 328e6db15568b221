"""Benchmark of the year-end summary for a region of 1,000 units and 100,000 problems.

    .venv/bin/python benchmarks/report_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python benchmarks/report_bench.py

Loads the problems of benchmarks/rectification_bench.py (1,000 units in 10 counties, 100,000
problems) into a throw-away test database (SQLite in a temporary file, so that a command can open
it; on PostgreSQL Django's test_<name>), adds a year of indicator counts for every unit and region
with targets, then prints:
- the median time of the summary through its command, `manage.py build_report --kind summary`
  (a subprocess: start-up included), and of the command's start-up alone (`--help`);
- the median time of building the whole summary (.docx) in process, its queries and size, and the
  functions that take longest (cProfile, cumulative);
- the speech, and the 数据底稿 against the ledger export of the same problems.
"""

from __future__ import annotations

import cProfile
import datetime
import io
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import rectification_bench as base  # noqa: E402, I001  (imported first: it sets up Django)
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2025
RUNS = 5
PROFILE_LINES = 25
UNIT_COUNTS = {
    "BEDS": 40,
    "DOCTORS": 12,
    "NURSES": 15,
    "PRIMARY_VISITS": 30000,
    "ALL_VISITS": 52000,
}


def use_file_database(folder: Path) -> None:
    """On SQLite, a test database in a file, so that a command in its own process can read it
    (call before create_test_db)."""
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(folder / "bench.sqlite3")


def command_env() -> dict[str, str]:
    """The environment of a `manage.py` subprocess reading the benchmark's test database."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{database['NAME']}"
    else:
        user, host, port = database["USER"], database["HOST"], database["PORT"]
        url = f"postgres://{user}@{host}:{port}/{database['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "healthreport.settings",
        "DATABASE_URL": url,
        "DJANGO_SECRET_KEY": "benchmark-only-" + "0123456789" * 5,
    }


def manage(*arguments: str, env: dict[str, str], python_flags: tuple[str, ...] = ()) -> str:
    """Runs `python manage.py …` as a command line would; returns its standard error."""
    result = subprocess.run(
        [sys.executable, *python_flags, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{result.stderr}")
    return result.stderr


@dataclass(frozen=True)
class Timing:
    """Medians of wall-clock time and of CPU time (this process and the commands it ran): on a
    machine shared with other jobs the CPU time is the steadier of the two."""

    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall:.2f} 秒（CPU {self.cpu:.2f} 秒）"

    def ratio(self, floor: Timing) -> str:
        return f"{self.cpu / floor.cpu:.2f}（墙钟 {self.wall / floor.wall:.2f}）"


def cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def measure(function, runs: int) -> Timing:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), cpu_seconds()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(cpu_seconds() - cpu)
    return Timing(statistics.median(walls), statistics.median(cpus))


def profile(function) -> str:
    """The functions that take longest in `function`, cumulative, as cProfile prints them."""
    profiler = cProfile.Profile()
    profiler.runcall(function)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(PROFILE_LINES)
    return out.getvalue()


def add_indicators(city) -> None:
    from indicators.models import Indicator, Target, Value, ValueStatus
    from units.models import Region, Unit

    indicators = {i.code: i for i in Indicator.objects.all()}
    values = []
    for year in (YEAR - 1, YEAR):
        for unit_id in Unit.objects.values_list("pk", flat=True):
            for code, base_value in UNIT_COUNTS.items():
                values.append(
                    Value(
                        indicator=indicators[code],
                        year=year,
                        unit_id=unit_id,
                        value=Decimal(base_value + unit_id % 7 + (year - YEAR)),
                        status=ValueStatus.APPROVED,
                    )
                )
        for region in Region.objects.filter(level=2):
            for code, value in (("POPULATION", 80000), ("LIVE_BIRTHS", 700), ("MAT_DEATHS", 1)):
                values.append(
                    Value(
                        indicator=indicators[code],
                        year=year,
                        region=region,
                        value=Decimal(value),
                        status=ValueStatus.APPROVED,
                    )
                )
    Value.objects.bulk_create(values, batch_size=5000)
    for code, operator, target in (
        ("MMR", "<=", "14.5"),
        ("BEDS_PER_1000", ">=", "7.2"),
        ("DOCTORS_PER_1000", ">=", "2.6"),
        ("PRIMARY_VISIT_RATE", ">=", "65"),
    ):
        Target.objects.create(
            indicator=indicators[code],
            year=YEAR,
            region=city,
            operator=operator,
            value=Decimal(target),
        )


def main() -> None:
    from reports.builders import DocumentKind, build_document

    setup_test_environment()
    folder = Path(tempfile.mkdtemp(prefix="report-bench-"))
    use_file_database(folder)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        _, city = base.load()
        add_indicators(city)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would after such a load
        print(
            f"数据库：{connection.vendor}；载入 {base.PROBLEMS:,} 个问题、"
            f"{base.UNITS:,} 家单位和指标用时 {time.perf_counter() - start:.1f} 秒"
        )
        as_of = datetime.date(2026, 1, 15)

        # Through the command, as a bureau runs it: start-up, queries, the .docx, the file.
        env = command_env()
        out = folder / "summary.docx"
        command = [
            *("build_report", "--kind", "summary", "--year", str(YEAR)),
            *("--region", city.name, "--out", str(out)),
        ]
        startup = measure(lambda: manage("build_report", "--help", env=env), RUNS)
        timing = measure(lambda: manage(*command, env=env), RUNS)
        print(
            f"命令 manage.py {' '.join(command[:-2])}：中位数 {timing}（{RUNS} 次，"
            f"文件 {out.stat().st_size // 1024} KB）；其中启动（build_report --help）{startup}"
        )

        from django.core.cache import cache

        def build_warm():
            return build_document(DocumentKind.SUMMARY, YEAR, city, as_of=as_of)

        def build():
            # Cold, as the command runs it: no figure remembered (healthreport/lib/remembered.py).
            cache.clear()
            return build_warm()

        with base.counting_queries() as queries:
            content, _ = build()
        print(
            f"年度工作总结（全市，{base.UNITS:,} 家单位、{base.PROBLEMS:,} 个问题），进程内："
            f"中位数 {measure(build, RUNS)}（{RUNS} 次，汇总数不缓存），缓存命中时 "
            f"{measure(build_warm, RUNS)}；{queries[0]} 次查询，文件 {len(content) // 1024} KB"
        )
        print(profile(build))

        def speech():
            cache.clear()
            return build_document(DocumentKind.SPEECH, YEAR, city, as_of=as_of)

        print(f"工作会议讲话：中位数 {measure(speech, RUNS)}（{RUNS} 次，汇总数不缓存）")

        # The 数据底稿 lists every problem of the year, so its floor is the ledger export of the
        # same problems, measured in the same run.
        from rectification.ledger import export_for_year
        from reports import documents

        def workpaper():
            return documents.render(DocumentKind.SUMMARY, YEAR, city, as_of=as_of).workpaper

        paper = measure(workpaper, 3)
        ledger = measure(lambda: export_for_year(YEAR, city), 3)
        print(
            f"数据底稿（含问题表 {base.PROBLEMS:,} 行）：中位数 {paper}；"
            f"同年整改台账导出 {ledger}；比值 {paper.ratio(ledger)}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
