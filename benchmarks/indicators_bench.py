"""Benchmark of the indicators: import 100,000 values, then time the scorecard of 1,000 units.

    .venv/bin/python benchmarks/indicators_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python benchmarks/indicators_bench.py

Runs in a throw-away test database (Django's test database beside DATABASE_URL's, dropped at the
end), like the other benchmarks.

Builds a county with 1,000 health centres, imports 1,000 units × 10 counts × 10 years through the
same ValueImporter as the web page and the command (rows per second), then renders the scorecard
of the county through the real view, several times (median).
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from openpyxl import Workbook  # noqa: E402

UNITS = 1000
YEARS = list(range(2016, 2026))
CODES = [
    "DOCTORS",
    "NURSES",
    "GPS",
    "BEDS",
    "PRIMARY_VISITS",
    "ALL_VISITS",
    "INPATIENT_DAYS",
    "DISCHARGES",
    "DRUG_REVENUE",
    "MEDICAL_REVENUE",
]
BASE = [30, 40, 5, 60, 50000, 60000, 9000, 1000, 400, 1500]


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run() -> None:
    from accounts.models import Role, User
    from indicators.importers import VALUE_HEADERS, ValueImporter
    from units.credit_code import make_credit_code
    from units.models import Region, RegionLevel, Unit, UnitKind

    city = Region.objects.create(name="基准市", level=RegionLevel.CITY)
    county = Region.objects.create(name="基准县", level=RegionLevel.COUNTY, parent=city)
    Unit.objects.bulk_create(
        Unit(
            name=f"基准卫生院{n:04d}",
            region=county,
            kind=UnitKind.TOWNSHIP_HEALTH_CENTER,
            credit_code=make_credit_code(f"12329990{n:09d}"),
        )
        for n in range(UNITS)
    )
    staff = User(username="bench", real_name="基准", role=Role.STAFF)
    staff.set_password("x")
    staff.save()

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(VALUE_HEADERS)
    for n in range(UNITS):
        for year in YEARS:
            for code, base in zip(CODES, BASE, strict=True):
                sheet.append(
                    [year, code, None, f"基准卫生院{n:04d}", base + (n % 7) + year % 3, None]
                )
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    rows = UNITS * len(YEARS) * len(CODES)

    started = time.perf_counter()
    preview = ValueImporter(staff).run(data, commit=True)
    elapsed = time.perf_counter() - started
    assert preview.written, preview.errors[:5]
    print(f"数据库：{connection.vendor}")
    print(f"导入 {rows:,} 行指标数值：{elapsed:.1f} 秒，{rows / elapsed:,.0f} 行/秒")

    client = Client()
    client.force_login(staff)
    url = f"/indicators/?year={YEARS[-1]}&region={county.pk}"
    times = []
    for _ in range(7):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, secure=True)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    print(
        f"{UNITS:,} 家单位的区划指标完成情况页面：中位数 {statistics.median(times) * 1000:.0f} 毫秒"
        f"（{len(queries)} 次查询）"
    )
    from indicators.exports import export_year

    started = time.perf_counter()
    export_year(YEARS[-1], county)
    print(f"导出该区划{YEARS[-1]}年指标（数值 + 完成情况）：{time.perf_counter() - started:.1f} 秒")


if __name__ == "__main__":
    main()
