"""Fixtures: a small city with two counties, a unit in each, and one person per role.

示例市 ─┬─ 青山县 ── 城关镇          unit_a: 青山县人民医院 (青山县), lead of 青山县医共体
       └─ 白沙县 ── 白沙镇          unit_b: 白沙县人民医院 (白沙县)
"""

from __future__ import annotations

import pytest

from accounts.models import Role, User
from units.credit_code import make_credit_code
from units.models import MedicalCommunity, Region, RegionLevel, Unit, UnitKind

_codes = iter(range(1, 100000))


def connection_apart():
    """A PostgreSQL connection of its own to the test database: another writer, whose
    transaction is not the test's."""
    import psycopg2
    from django.db import connection

    settings = connection.settings_dict
    return psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"],
    )


def credit_code() -> str:
    return make_credit_code(f"12329900{next(_codes):09d}")


def make_unit(region: Region, name: str, **fields) -> Unit:
    fields.setdefault("kind", UnitKind.GENERAL_HOSPITAL)
    return Unit.objects.create(name=name, region=region, credit_code=credit_code(), **fields)


def make_user(username: str, role: str, **fields) -> User:
    user = User(username=username, real_name=fields.pop("real_name", username), role=role, **fields)
    user.set_password("password")
    user.save()
    return user


@pytest.fixture
def city(db):
    return Region.objects.create(name="示例市", level=RegionLevel.CITY, code="329900")


@pytest.fixture
def county_a(city):
    return Region.objects.create(name="青山县", level=RegionLevel.COUNTY, parent=city)


@pytest.fixture
def county_b(city):
    return Region.objects.create(name="白沙县", level=RegionLevel.COUNTY, parent=city)


@pytest.fixture
def township_a(county_a):
    return Region.objects.create(name="城关镇", level=RegionLevel.TOWNSHIP, parent=county_a)


@pytest.fixture
def unit_a(county_a):
    return make_unit(county_a, "青山县人民医院", approved_beds=600)


@pytest.fixture
def unit_b(county_b):
    return make_unit(county_b, "白沙县人民医院", approved_beds=500)


@pytest.fixture
def community_a(county_a, unit_a):
    return MedicalCommunity.objects.create(name="青山县医共体", region=county_a, lead_unit=unit_a)


@pytest.fixture
def admin_user(city):
    """The installation's superuser (no role: its powers are is_superuser's)."""
    return make_user("admin", Role.PENDING, is_superuser=True, is_staff=True)


# The three administrators (三员分立): none is a superuser or staff; their role is the grant.
@pytest.fixture
def sys_admin(city):
    return make_user("sysadmin", Role.SYS_ADMIN, real_name="孙系统")


@pytest.fixture
def sec_admin(city):
    return make_user("secadmin", Role.SEC_ADMIN, real_name="钱安全")


@pytest.fixture
def audit_admin(city):
    return make_user("auditadmin", Role.AUDIT_ADMIN, real_name="李审计")


@pytest.fixture
def leader(city):
    return make_user("leader", Role.LEADER, region=city, real_name="王局长")


@pytest.fixture
def staff(city):
    return make_user("staff", Role.STAFF, region=city, real_name="刘晓燕")


@pytest.fixture
def county_staff(county_a):
    return make_user("county", Role.STAFF, region=county_a, real_name="赵永明")


@pytest.fixture
def head_a(unit_a):
    return make_user("head_a", Role.UNIT_HEAD, unit=unit_a, real_name="何振华")


@pytest.fixture
def clerk_a(unit_a):
    return make_user("clerk_a", Role.UNIT_CLERK, unit=unit_a, real_name="林小青")


@pytest.fixture
def head_b(unit_b):
    return make_user("head_b", Role.UNIT_HEAD, unit=unit_b, real_name="谢白")
