"""Fixtures of the indicator tests: the shipped catalogue (loaded by migration) and helpers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.models import Indicator, Target, Value, ValueStatus

YEAR = 2025


def ind(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def put(code: str, place, value, *, year: int = YEAR, status=ValueStatus.SUBMITTED, **fields):
    """Store a value for a unit or a region (reported by default, so results count it)."""
    from units.models import Unit

    key = {"unit": place} if isinstance(place, Unit) else {"region": place}
    return Value.objects.create(
        indicator=ind(code), year=year, value=Decimal(str(value)), status=status, **key, **fields
    )


def aim(code: str, place, operator: str, value, *, year: int = YEAR, source: str = ""):
    from units.models import Unit

    key = {"unit": place} if isinstance(place, Unit) else {"region": place}
    return Target.objects.create(
        indicator=ind(code),
        year=year,
        operator=operator,
        value=Decimal(str(value)),
        source=source,
        **key,
    )


@pytest.fixture
def health_centre(township_a):
    from tests.fixtures import make_unit
    from units.models import UnitKind

    return make_unit(township_a, "城关镇中心卫生院", kind=UnitKind.TOWNSHIP_HEALTH_CENTER)
