"""Benchmark of the rectification pages on 100,000 problems in 1,000 units.

    /work/main/.venv/bin/python benchmarks/rectification_bench.py

Creates a throw-away test database (SQLite in memory by default; with DATABASE_URL set, Django's
test database next to it, e.g. test_<name> on PostgreSQL, dropped at the end), loads the problems
with bulk_create and prints the median time of the filtered problem list page, of the ledger
export of 10,000 rows and of the year's metrics for the whole region.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

UNITS = 1_000
PROBLEMS = 100_000
EXPORT_ROWS = 10_000  # the problems of the earlier year
RUNS = 5
warnings.filterwarnings("ignore", message="No directory at")


@contextmanager
def counting_queries():
    """Counts the queries of a block (the request cycle resets connection.queries)."""
    count = [0]

    def wrapper(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield count


def timed(function, runs: int = RUNS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def load() -> tuple:
    from accounts.models import Role, User
    from rectification.models import Category, Inspection, Problem, Source, Status
    from units.credit_code import make_credit_code
    from units.models import Region, RegionLevel, Unit

    city = Region.objects.create(name="基准市", level=RegionLevel.CITY)
    counties = [
        Region.objects.create(name=f"基准县{i}", level=RegionLevel.COUNTY, parent=city)
        for i in range(10)
    ]
    Unit.objects.bulk_create(
        Unit(
            name=f"基准单位{i:04d}",
            credit_code=make_credit_code(f"12329900{i:09d}"),
            kind="township_center",
            region=counties[i % len(counties)],
        )
        for i in range(UNITS)
    )
    units = list(Unit.objects.values_list("pk", flat=True))
    sources = list(Source.objects.all())
    categories = list(Category.objects.values_list("pk", flat=True))
    inspections = Inspection.objects.bulk_create(
        Inspection(
            source=sources[i % len(sources)],
            title=f"基准检查{i}",
            date=datetime.date(2024 if i < 100 else 2025, 1 + i % 12, 1 + i % 28),
        )
        for i in range(1_000)
    )
    statuses = [Status.OPEN, Status.IN_PROGRESS, Status.SUBMITTED, Status.CLOSED, Status.CLOSED]
    batch = []
    for i in range(PROBLEMS):
        # The first EXPORT_ROWS problems belong to the 100 inspections of 2024.
        inspection = inspections[i % 100] if i < EXPORT_ROWS else inspections[100 + i % 900]
        deadline = inspection.date + datetime.timedelta(days=30 + i % 60)
        status = statuses[i % len(statuses)]
        batch.append(
            Problem(
                inspection=inspection,
                unit_id=units[i % len(units)],
                category_id=categories[i % len(categories)],
                description=f"基准问题{i}：消防通道堆放杂物",
                measures="立即清理",
                original_deadline=deadline,
                deadline=deadline,
                status=status,
                closed_on=deadline if status == Status.CLOSED else None,
                verifier_name="验收人" if status == Status.CLOSED else "",
            )
        )
        if len(batch) == 5_000:
            Problem.objects.bulk_create(batch)
            batch = []
    Problem.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        # Autovacuum would gather the statistics within a minute of such a load; without them
        # the planner takes every table for one row and picks nested loops.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    staff = User(username="bench", real_name="基准", role=Role.STAFF, region=city)
    staff.set_password("x")
    staff.save()
    return staff, city


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        staff, city = load()
        print(
            f"数据库：{connection.vendor}；载入 {PROBLEMS:,} 个问题、{UNITS:,} 家单位用时 "
            f"{time.perf_counter() - start:.1f} 秒"
        )
        client = Client()
        client.force_login(staff)

        list_url = "/rectification/?year=2025&status=in_progress&q=消防&sort=deadline&page=3"
        with counting_queries() as queries:
            response = client.get(list_url)
        assert response.status_code == 200, response.status_code
        seconds, _ = timed(lambda: client.get(list_url))
        print(
            f"筛选后的问题清单（{list_url}）：中位数 {seconds * 1000:.0f} ms，{queries[0]} 次查询"
        )

        def export():
            response = client.get("/rectification/export/?year=2024")
            assert response.status_code == 200
            return response.content

        seconds, data = timed(export, runs=3)
        from io import BytesIO

        from openpyxl import load_workbook

        rows = sum(1 for _ in load_workbook(BytesIO(data), read_only=True).worksheets[0].rows) - 1
        print(f"导出整改台账 {rows:,} 行：中位数 {seconds:.2f} 秒（{len(data) / 1024:.0f} KB）")

        from rectification.metrics import year_figures

        with counting_queries() as queries:
            year_figures(2025, city, as_of=datetime.date(2025, 12, 31))
        seconds, figures = timed(
            lambda: year_figures(2025, city, as_of=datetime.date(2025, 12, 31))
        )
        print(
            f"年度整改指标（{figures.problems:,} 个问题，{figures.units_with_problems:,} 家单位）："
            f"中位数 {seconds * 1000:.0f} ms，{queries[0]} 次查询"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
