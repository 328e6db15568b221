"""A year on record for the document tests: problems, sanctions, indicators and entries.

青山县 in 2025: one inspection with three problems of 青山县人民医院 — one closed on time, one
overdue, one cancelled — a fine of 3,000 元 and a warning; 孕产妇死亡率 computed from counts, with
a target; 基层就诊率 short of its target; two adopted entries and one merely proposed.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from reports.models import EntryStatus, Part, WorkEntry, WorkField
from tests.indicators.conftest import aim, put
from tests.rectification.conftest import make_inspection, make_problem

D = datetime.date
YEAR = 2025
AS_OF = D(2026, 1, 15)


@pytest.fixture
def year_record(county_a, unit_a, staff, head_a):
    from rectification.models import Sanction, SanctionKind, Status

    inspection = make_inspection("安全生产大检查", date=D(YEAR, 3, 10), source="专项检查")
    closed = make_problem(inspection, unit_a, deadline=D(YEAR, 4, 30), description="灭火器过期")
    type(closed).objects.filter(pk=closed.pk).update(status=Status.CLOSED, closed_on=D(YEAR, 4, 20))
    make_problem(inspection, unit_a, deadline=D(YEAR, 6, 30), description="消防通道堵塞")
    cancelled = make_problem(inspection, unit_a, description="重复登记")
    type(cancelled).objects.filter(pk=cancelled.pk).update(status=Status.CANCELLED)
    Sanction.objects.create(
        unit=unit_a, kind=SanctionKind.FINE, amount=Decimal(3000), date=D(YEAR, 5, 1)
    )
    Sanction.objects.create(unit=unit_a, kind=SanctionKind.WARNING, date=D(YEAR, 5, 2))

    for year, births, deaths in ((YEAR - 1, 4000, 1), (YEAR, 5000, 1)):
        put("LIVE_BIRTHS", county_a, births, year=year)
        put("MAT_DEATHS", county_a, deaths, year=year)
    aim("MMR", county_a, ">=" if False else "<=", "14.5")
    put("PRIMARY_VISITS", unit_a, 5000)
    put("ALL_VISITS", unit_a, 10000)
    aim("PRIMARY_VISIT_RATE", county_a, ">=", "65")
    aim("MMR", county_a, "<=", "12", year=YEAR + 1)

    fields = {f.name: f for f in WorkField.objects.all()}

    def entry(part, field, title, status=EntryStatus.ADOPTED, unit=None, order=10):
        return WorkEntry.objects.create(
            year=YEAR,
            part=part,
            field=fields[field],
            title=title,
            body=f"{title}的具体内容。",
            region=county_a,
            unit=unit,
            status=status,
            order=order,
            created_by=head_a if unit else staff,
        )

    entry(Part.ACHIEVEMENT, "医共体建设", "推进医共体紧密运行")
    entry(Part.PLAN, "数字化改革", "建设全民健康信息平台")
    entry(Part.ACHIEVEMENT, "中医药", "医院提出的亮点", EntryStatus.PROPOSED, unit=unit_a)
    return county_a


# The project's shared folder lies beside the checkout (../shared), here and in CI.
LAYOUT_CHECKER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "check_docx_layout.py"


@pytest.fixture
def check_layout(tmp_path):
    """Run the shared GB/T 9704 checker on a .docx; returns its report, asserts it passed."""
    if not LAYOUT_CHECKER.exists():
        pytest.skip(f"{LAYOUT_CHECKER} is not beside this checkout")

    def check(content: bytes) -> str:
        path = tmp_path / "document.docx"
        path.write_bytes(content)
        result = subprocess.run(
            [sys.executable, str(LAYOUT_CHECKER), str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout
        return result.stdout

    return check
