"""Fixtures of the indicator tests: the shipped catalogue (loaded by migration) and helpers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.models import Indicator, Target, Value, ValueStatus
from tests.units.excel_helpers import xlsx_bytes as xlsx  # noqa: F401  (used by the tests)

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


def add_counties(city, n: int) -> None:
    """n more counties under the city, each with its population and a hospital's beds."""
    from tests.fixtures import make_unit
    from units.models import Region, RegionLevel

    start = Region.objects.filter(parent=city).count()
    for i in range(start, start + n):
        county = Region.objects.create(name=f"县{i}", level=RegionLevel.COUNTY, parent=city)
        put("POPULATION", county, 1000 + i)
        put("BEDS", make_unit(county, f"县{i}医院"), 10 + i)


@pytest.fixture
def health_centre(township_a):
    from tests.fixtures import make_unit
    from units.models import UnitKind

    return make_unit(township_a, "城关镇中心卫生院", kind=UnitKind.TOWNSHIP_HEALTH_CENTER)


def url(name: str, unit, year: int = YEAR) -> str:
    """A page of a unit's figures of a year: entry, submit, approve, reopen, history."""
    from django.urls import reverse

    return reverse(f"indicators:{name}", args=["unit", unit.pk, year])


def full_form(**overrides):
    """Every figure a general hospital owes."""
    data = {
        "v_DOCTORS": "400",
        "v_NURSES": "600",
        "v_GPS": "20",
        "v_BEDS": "620",
        "v_ALL_VISITS": "300000",
        "v_INPATIENT_DAYS": "54000",
        "v_DISCHARGES": "6000",
        "v_DRUG_REVENUE": "9000",
        "v_MEDICAL_REVENUE": "30000",
        "v_ANTIBIOTIC_DDDS": "38.5",
        "v_EMR_LEVEL": "4",
    }
    data.update(overrides)
    return data


HEADERS = ["年度", "指标编码", "指标名称", "区划或单位", "数值", "备注"]
TARGET_HEADERS = ["年度", "指标编码", "区划或单位", "目标类型", "目标值", "依据"]


@pytest.fixture
def places(city, county_a, county_b, unit_a, unit_b):
    return None


@pytest.fixture
def figures(city, county_a, county_b, unit_a, unit_b):
    put("POPULATION", county_a, 500000)
    put("POPULATION", county_b, 300000)
    put("BEDS", unit_a, 600)
    put("BEDS", unit_b, 500)
    aim("BEDS_PER_1000", city, ">=", "1.4")


def opened_versions(response) -> dict[str, str]:
    """The hidden versions (s_…) a page carries, as its form would post them."""
    import re

    found = {}
    for tag in re.findall(r"<input [^>]*>", response.content.decode()):
        name = re.search(r'name="(s_[^"]+)"', tag)
        if name and 'type="hidden"' in tag:
            value = re.search(r'value="([^"]*)"', tag)
            found[name.group(1)] = value.group(1) if value else ""
    return found


def later(clock, minutes: int = 5) -> None:
    """Someone else's save happens after the page was opened (the tests' clock stands still)."""
    import datetime

    from tests.clock import NOW

    clock.move_to(NOW + datetime.timedelta(minutes=minutes))


def save_as(user, place, code: str, figure, comment: str = "") -> None:
    """Another person's save through the entry form's own function."""
    from indicators import workflow

    number = None if figure is None else Decimal(str(figure))
    workflow.save_values(place, YEAR, [(ind(code), number, comment)], user)
