"""Benchmark of the year-end summary for a region of 1,000 units and 100,000 problems.

    .venv/bin/python benchmarks/report_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python benchmarks/report_bench.py

Loads the problems of benchmarks/rectification_bench.py (1,000 units in 10 counties, 100,000
problems) into a throw-away test database, adds a year of indicator counts for every unit and
region with targets, then builds the whole summary (.docx) for the city several times and prints
the median time, the number of queries and the size of the file.
"""

from __future__ import annotations

import datetime
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import rectification_bench as base  # noqa: E402, I001  (imported first: it sets up Django)
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

YEAR = 2025
RUNS = 5
UNIT_COUNTS = {
    "BEDS": 40,
    "DOCTORS": 12,
    "NURSES": 15,
    "PRIMARY_VISITS": 30000,
    "ALL_VISITS": 52000,
}


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

        def build():
            return build_document(DocumentKind.SUMMARY, YEAR, city, as_of=as_of)

        with base.counting_queries() as queries:
            content, _ = build()
        seconds, _ = base.timed(build, RUNS)
        print(
            f"年度工作总结（全市，{base.UNITS:,} 家单位、{base.PROBLEMS:,} 个问题）："
            f"中位数 {seconds * 1000:.0f} ms（{RUNS} 次），{queries[0]} 次查询，"
            f"文件 {len(content) // 1024} KB"
        )
        seconds, _ = base.timed(
            lambda: build_document(DocumentKind.SPEECH, YEAR, city, as_of=as_of), RUNS
        )
        print(f"工作会议讲话：中位数 {seconds * 1000:.0f} ms（{RUNS} 次）")

        # The 数据底稿 lists every problem of the year, so its floor is the ledger export of the
        # same problems, measured in the same run.
        from rectification.ledger import export_for_year
        from reports import documents

        def workpaper():
            return documents.render(DocumentKind.SUMMARY, YEAR, city, as_of=as_of).workpaper

        paper_seconds, _ = base.timed(workpaper, 3)
        ledger_seconds, _ = base.timed(lambda: export_for_year(YEAR, city), 3)
        print(
            f"数据底稿（含问题表 {base.PROBLEMS:,} 行）：中位数 {paper_seconds:.2f} s；"
            f"同年整改台账导出 {ledger_seconds:.2f} s；比值 {paper_seconds / ledger_seconds:.2f}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
