"""People and problems of the rectification tests, on top of tests/fixtures.py's small city."""

from __future__ import annotations

import datetime
import io

import pytest
from PIL import Image

from accounts.models import Role
from rectification.evidence import add_evidence
from rectification.models import Category, Inspection, Problem, Severity, Source
from tests.fixtures import make_user

D = datetime.date
TODAY = D(2025, 6, 15)


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
    fields.setdefault("description", "手卫生设施不全")
    return Problem.objects.create(
        inspection=inspection,
        unit=unit,
        original_deadline=fields.pop("original_deadline", deadline),
        deadline=deadline,
        **fields,
    )


@pytest.fixture
def staff2(city):
    return make_user("staff2", Role.STAFF, region=city, real_name="陈验收")


@pytest.fixture
def inspection(db):
    return make_inspection()


@pytest.fixture
def problem_a(inspection, unit_a):
    return make_problem(inspection, unit_a, measures="增设手消毒设施", first_responsible="何振华")


@pytest.fixture
def major_a(inspection, unit_a):
    return make_problem(
        inspection, unit_a, severity=Severity.MAJOR, description="液氧罐区消防通道被占用"
    )


@pytest.fixture
def problem_b(inspection, unit_b):
    return make_problem(inspection, unit_b, description="医疗废物暂存点未上锁")


@pytest.fixture
def with_photo():
    """Attach a photo to a problem as `user` (the unit's head, usually)."""

    def attach(problem, user, name="现场整改.png"):
        return add_evidence(problem, user, name=name, data=png_bytes())

    return attach
