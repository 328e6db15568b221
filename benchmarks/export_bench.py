"""Benchmark of the Excel exports through their commands, against the writers' own speed.

    .venv/bin/python benchmarks/export_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python benchmarks/export_bench.py

Loads 1,000 units and 110,000 problems (10,000 inspected in 2024, 100,000 in 2025, as in
benchmarks/rectification_bench.py) and a year of indicator values into a throw-away test database
(SQLite in a temporary file, so that the commands can open it; on PostgreSQL Django's test_<name>),
then prints medians of:
- `manage.py export_ledger` at 10,000 and 100,000 rows (a subprocess: start-up included), and
  `export_for_year` in process, against two floors written from the same cells in the same run:
  a bare openpyxl write-only workbook (`append` of the plain values) and a bare XlsxWriter
  constant_memory workbook (`write_row`);
- `manage.py export_indicators` for the city against the same two floors;
- the start-up of a command (`manage.py export_ledger --help`, `manage.py help`) and what
  `python -X importtime` says it imports, heavy packages by name.
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import rectification_bench as base  # noqa: E402, I001  (imported first: it sets up Django)
import report_bench  # noqa: E402
from report_bench import Timing, command_env, manage, measure, use_file_database  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SMALL_YEAR, LARGE_YEAR = 2024, 2025  # 10,000 and 100,000 problems
RUNS = {SMALL_YEAR: 5, LARGE_YEAR: 3}
STARTUP_RUNS = 5
HEAVY = ("openpyxl", "xlsxwriter", "python_calamine", "docx", "lxml", "PIL")


def bare_openpyxl(sheets) -> bytes:
    """The floor: openpyxl's write-only mode appending the plain cells, no style at all."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        worksheet = workbook.create_sheet(title)
        worksheet.append(headers)
        for row in rows:
            worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bare_xlsxwriter(sheets) -> bytes:
    """XlsxWriter's constant_memory mode writing the same cells, each by its type."""
    import datetime

    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for title, headers, rows in sheets:
        worksheet = workbook.add_worksheet(title)
        worksheet.write_row(0, 0, headers)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if isinstance(value, str):
                    worksheet.write_string(number, column, value)
                elif isinstance(value, datetime.date):
                    worksheet.write_datetime(number, column, value, date)
                elif value is not None:
                    worksheet.write_number(number, column, value)
    workbook.close()
    return buffer.getvalue()


def floors(sheets, runs: int) -> tuple[Timing, Timing]:
    return (
        measure(lambda: bare_openpyxl(sheets), runs),
        measure(lambda: bare_xlsxwriter(sheets), runs),
    )


def import_times(env: dict[str, str], *arguments: str) -> tuple[float, list[tuple[str, float]]]:
    """(all imports in seconds, [(top-level package, seconds)] of the heaviest) by -X importtime."""
    lines = manage(*arguments, env=env, python_flags=("-X", "importtime")).splitlines()
    by_package: dict[str, float] = {}
    total = 0.0
    for line in lines:
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if not match:
            continue
        total += int(match.group(1)) / 1e6
        package = match.group(4).split(".")[0]
        by_package[package] = by_package.get(package, 0.0) + int(match.group(1)) / 1e6
    return total, sorted(by_package.items(), key=lambda item: -item[1])


def bench_startup(env: dict[str, str]) -> None:
    for arguments in (("export_ledger", "--help"), ("help",)):
        timing = measure(lambda a=arguments: manage(*a, env=env), STARTUP_RUNS)
        print(f"启动 manage.py {' '.join(arguments)}：中位数 {timing}（{STARTUP_RUNS} 次）")
    total, heaviest = import_times(env, "export_ledger", "--help")
    shown = "，".join(f"{name} {seconds * 1000:.0f}" for name, seconds in heaviest[:8])
    print(
        f"  -X importtime（export_ledger --help）：导入共 {total * 1000:.0f} ms；最重：{shown} ms"
    )
    heavy = [name for name in HEAVY if name in dict(heaviest)]
    print(f"  启动时导入的重型包：{'、'.join(heavy) or '无'}")


def bench_ledger(env: dict[str, str], year: int, region: str, out: Path) -> None:
    from rectification.ledger import HEADERS, export_for_year, ledger_rows
    from rectification.models import Problem

    runs = RUNS[year]
    problems = Problem.objects.of_year(year).order_by(
        "inspection__date", "inspection_id", "unit__name", "pk"
    )
    cells = list(ledger_rows(problems))
    sheets = [("台账", HEADERS, cells)]
    openpyxl_floor, xlsxwriter_floor = floors(sheets, runs)
    in_process = measure(lambda: export_for_year(year, None), runs)
    command = measure(
        lambda: manage(
            "export_ledger", "--year", str(year), "--region", region, "--out", str(out), env=env
        ),
        runs,
    )
    print(
        f"export_ledger {len(cells):,} 行（{runs} 次中位数）：命令 {command}"
        f"（{out.stat().st_size // 1024} KB），进程内 export_for_year {in_process}；"
        f"openpyxl 只写模式写同样的单元格 {openpyxl_floor}，"
        f"XlsxWriter constant_memory {xlsxwriter_floor}"
    )
    print(
        f"  比值（CPU）：命令/openpyxl {command.ratio(openpyxl_floor)}，"
        f"进程内/openpyxl {in_process.ratio(openpyxl_floor)}，"
        f"XlsxWriter/openpyxl {xlsxwriter_floor.ratio(openpyxl_floor)}"
    )


def bench_indicators(env: dict[str, str], city, out: Path) -> None:
    from indicators.exports import RESULT_HEADERS, result_rows, value_rows
    from indicators.importers import VALUE_HEADERS

    year = report_bench.YEAR
    values, results = value_rows(year, city), result_rows(year, city)
    sheets = [("数值", VALUE_HEADERS, values), ("完成情况", RESULT_HEADERS, results)]
    openpyxl_floor, xlsxwriter_floor = floors(sheets, 5)
    command = measure(
        lambda: manage(
            "export_indicators",
            "--year",
            str(year),
            "--region",
            city.name,
            "--out",
            str(out),
            env=env,
        ),
        5,
    )
    print(
        f"export_indicators（数值 {len(values):,} 行，完成情况 {len(results):,} 行，5 次中位数）："
        f"命令 {command}；openpyxl 只写模式 {openpyxl_floor}，XlsxWriter {xlsxwriter_floor}；"
        f"命令/openpyxl（CPU）{command.ratio(openpyxl_floor)}"
    )


def main() -> None:
    setup_test_environment()
    folder = Path(tempfile.mkdtemp(prefix="export-bench-"))
    use_file_database(folder)  # the commands run in their own processes
    base.PROBLEMS = 110_000  # 10,000 in 2024 (EXPORT_ROWS), 100,000 in 2025
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        _, city = base.load()
        report_bench.add_indicators(city)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        connection.close()  # the commands open it themselves; SQLite has it all on disk now
        print(
            f"数据库：{connection.vendor}；载入 {base.PROBLEMS:,} 个问题、{base.UNITS:,} 家单位"
            f"和指标用时 {time.perf_counter() - start:.1f} 秒"
        )
        env = command_env()
        bench_startup(env)
        for year in (SMALL_YEAR, LARGE_YEAR):
            bench_ledger(env, year, city.name, folder / f"ledger{year}.xlsx")
        bench_indicators(env, city, folder / "indicators.xlsx")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
