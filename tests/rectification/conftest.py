"""People and problems of the rectification tests, on top of tests/fixtures.py's small city."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from accounts.models import Role
from healthreport.lib.excel import build_workbook
from rectification.evidence import add_evidence
from rectification.ledger import HEADERS
from rectification.models import (
    Category,
    Inspection,
    Problem,
    Sanction,
    SanctionKind,
    Severity,
    Source,
)
from tests import clock
from tests.fixtures import make_user

D = datetime.date
TODAY = D(2025, 6, 15)
# The pages judge deadlines by the clock (tests.clock): their problems fall due a month later.
SOON = clock.TODAY + datetime.timedelta(days=30)
LATER = SOON + datetime.timedelta(days=60)


def png_bytes(color: str = "red", size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def make_inspection(title: str = "院感防控暗访", date: D | None = None, source="暗访", **fields):
    return Inspection.objects.create(
        source=Source.objects.get(name=source), title=title, date=date or D(2025, 3, 10), **fields
    )


def make_problem(inspection, unit, *, deadline: D | None = None, **fields) -> Problem:
    deadline = deadline or D(2025, 6, 30)
    fields.setdefault(
        "category", Category.objects.get(name=fields.pop("category_name", "院感防控"))
    )
    if "description" not in fields:
        # One description per inspection and unit (problem_unique_inspection_unit_description).
        earlier = Problem.objects.filter(inspection=inspection, unit=unit).count()
        fields["description"] = "手卫生设施不全" + (f"（{earlier + 1}）" if earlier else "")
    return Problem.objects.create(
        inspection=inspection,
        unit=unit,
        original_deadline=fields.pop("original_deadline", deadline),
        deadline=deadline,
        **fields,
    )


def make_sanction(problem, *, kind=SanctionKind.FINE, amount=None, **fields) -> Sanction:
    """A sanction on the problem's unit, recorded as the page records it (with history)."""
    if kind == SanctionKind.FINE and amount is None:
        amount = 5000
    fields.setdefault("date", D(2025, 6, 1))
    return Sanction.objects.create(
        unit=problem.unit, problem=problem, kind=kind, amount=amount, **fields
    )


def url(name, *args):
    return reverse(f"rectification:{name}", args=args)


def text(response):
    return response.content.decode()


def upload(client, problem, name="整改后.png", data=None, content_type="image/png"):
    return client.post(
        url("evidence_upload", problem.pk),
        {"file": SimpleUploadedFile(name, data if data is not None else png_bytes(), content_type)},
    )


def ledger_row(**cells):
    """One row of the ledger (整改台账) with every column filled in; `cells` override by header."""
    base = {
        "序号": 1,
        "问题来源": "暗访",
        "检查名称": "院感暗访",
        "检查日期": D(2025, 3, 10),
        "责任单位": "青山县人民医院",
        "问题类别": "院感防控",
        "严重程度": "一般",
        "问题描述": "手卫生设施不全",
        "整改措施": "增设设施",
        "整改类型": "限期整改",
        "第一责任人": "何振华",
        "直接责任人": "李科长",
        "整改时限": D(2025, 4, 30),
        "整改状态": "整改中",
        "整改进展": "已采购",
        "验收人": None,
        "验收日期": None,
        "备注": None,
    }
    base.update(cells)
    return [base[h] for h in HEADERS]


def ledger_workbook(*rows) -> bytes:
    return build_workbook(HEADERS, rows, title="台账")


def sheet_rows(data: bytes):
    return list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))


@pytest.fixture
def deadline():
    """The deadline of problem_a and problem_b; the page tests override it with SOON."""
    return D(2025, 6, 30)


@pytest.fixture
def staff2(city):
    return make_user("staff2", Role.STAFF, region=city, real_name="陈验收")


@pytest.fixture
def inspection(db):
    return make_inspection()


@pytest.fixture
def problem_a(inspection, unit_a, deadline):
    return make_problem(
        inspection,
        unit_a,
        deadline=deadline,
        measures="增设手消毒设施",
        first_responsible="何振华",
    )


@pytest.fixture
def major_a(inspection, unit_a):
    return make_problem(
        inspection, unit_a, severity=Severity.MAJOR, description="液氧罐区消防通道被占用"
    )


@pytest.fixture
def problem_b(inspection, unit_b, deadline):
    return make_problem(inspection, unit_b, deadline=deadline, description="医疗废物暂存点未上锁")


@pytest.fixture
def with_photo():
    """Attach a photo to a problem as `user` (the unit's head, usually)."""

    def attach(problem, user, name="现场整改.png"):
        return add_evidence(problem, user, name=name, data=png_bytes())

    return attach
