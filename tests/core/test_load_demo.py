"""load_demo builds the demo city once, writes only its own records, and a second run writes
nothing: no row, no history row, no changed timestamp, in any year. It runs only in DEBUG or with
--force, and outside DEBUG it never creates a superuser with the known demo password."""

import datetime
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import DateTimeField, Max

from accounts.models import Role, User
from core.demo import PASSWORD
from indicators import workflow
from indicators.demo import AUTHOR
from indicators.models import Indicator, Value, ValueStatus
from rectification.models import Problem, Sanction
from reports.models import WorkEntry, WorkField
from tests.clock import TODAY, at
from tests.fixtures import make_user
from units.credit_code import make_credit_code, validate_credit_code
from units.demo import UNIT_CODES
from units.models import MedicalCommunity, Region, RegionLevel, Unit, UnitKind


@pytest.fixture(autouse=True)
def _debug(settings):
    """load_demo is a development command: the tests below run it as scripts/run does."""
    settings.DEBUG = True


def _real_code(seq: int) -> str:
    """A credit code of a real division (宝应县 321023), unlike the demo's fictional 3299xx."""
    return make_credit_code(f"12321023{seq:09d}")


def _snapshot() -> dict:
    """Every table's row count (history tables included) and its latest auto_now timestamp."""
    state = {}
    for model in apps.get_models():
        state[model._meta.label] = model._default_manager.count()
        for field in model._meta.concrete_fields:
            if isinstance(field, DateTimeField) and field.auto_now:
                latest = model._default_manager.aggregate(latest=Max(field.name))["latest"]
                state[f"{model._meta.label}.{field.name}"] = latest
    return state


def _load_on(clock, day: datetime.date) -> None:
    clock.move_to(at(day))
    call_command("load_demo", stdout=None)


def _assert_unchanged(before: dict) -> None:
    after = _snapshot()
    changed = {key: (before[key], after[key]) for key in before if before[key] != after[key]}
    assert changed == {}


def test_it_builds_the_demo_city(db, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "demo12345" in out and "leader" in out and "head" in out
    assert Region.objects.filter(level=2).count() == 3
    assert 35 <= Unit.objects.count() <= 45
    assert MedicalCommunity.objects.count() == 2
    for kind in ["general_hospital", "township_center", "village_clinic", "cdc", "clinic"]:
        assert Unit.objects.filter(kind=kind).exists(), UnitKind(kind).label
    for unit in Unit.objects.all():
        validate_credit_code(unit.credit_code)
    assert {u.role for u in User.objects.filter(is_active=True)} == set(Role.values)
    assert User.objects.get(username="head").unit.name == "青山县人民医院"
    assert Value.objects.exists() and Problem.objects.exists() and WorkEntry.objects.exists()


def test_running_it_twice_writes_nothing(db):
    call_command("load_demo")
    before = _snapshot()
    call_command("load_demo")
    _assert_unchanged(before)


def test_running_it_in_later_years_writes_nothing(db, clock):
    today = datetime.date(2025, 6, 30)
    _load_on(clock, today)
    before = _snapshot()
    for later in (2026, 2028):
        _load_on(clock, today.replace(year=later))
    _assert_unchanged(before)
    assert not Value.objects.filter(year__gt=today.year).exists()


def test_demo_figures_are_recorded_under_an_account_that_cannot_log_in(db):
    call_command("load_demo")
    author = User.objects.get(username=AUTHOR)
    assert not author.is_active and not author.has_usable_password()
    assert author.real_name == "演示数据（系统生成）"
    assert set(Value.objects.values_list("updated_by", flat=True)) == {author.pk}
    assert set(Value.history.values_list("history_user", flat=True)) == {author.pk}
    assert Value.objects.filter(status=ValueStatus.APPROVED).exists()


def test_a_unit_and_a_year_added_after_the_demo_are_left_alone(db, clock):
    today = datetime.date(2025, 6, 30)
    _load_on(clock, today)
    staff = User.objects.get(username="staff")
    township = Region.objects.get(name="青山镇")
    clinic = Unit.objects.create(
        name="青山镇新建村卫生室",
        kind=UnitKind.VILLAGE_CLINIC,
        region=township,
        credit_code=_real_code(1),
    )
    # A year of data people entered for a demo unit, and the first figure of the new clinic.
    hospital = Unit.objects.get(credit_code=UNIT_CODES["青山县人民医院"])
    beds = Indicator.objects.get(code="BEDS")
    doctors = Indicator.objects.get(code="DOCTORS")
    workflow.save_values(hospital, 2026, [(beds, Decimal(640), "")], staff)
    workflow.save_values(clinic, 2025, [(doctors, Decimal(2), "")], staff)
    before = _snapshot()

    _load_on(clock, today)
    _load_on(clock, today.replace(year=2026))

    _assert_unchanged(before)
    assert list(Value.objects.filter(unit=clinic).values_list("indicator__code", "year")) == [
        ("DOCTORS", 2025)
    ]
    assert list(Value.objects.filter(unit=hospital, year=2026).values_list("value", flat=True)) == [
        Decimal(640)
    ]
    assert not Problem.objects.filter(unit=clinic).exists()
    assert not Sanction.objects.filter(unit=clinic).exists()
    assert clinic.history.count() == 1


def test_figures_people_changed_are_not_put_back(db):
    call_command("load_demo")
    staff = User.objects.get(username="staff")
    hospital = Unit.objects.get(credit_code=UNIT_CODES["白沙县人民医院"])
    year = TODAY.year - 1
    workflow.reopen(hospital, year, staff, "与统计年报不一致")
    beds = Indicator.objects.get(code="BEDS")
    workflow.save_values(hospital, year, [(beds, None, "")], staff)  # cleared
    before = _snapshot()

    call_command("load_demo")

    _assert_unchanged(before)
    assert not Value.objects.filter(unit=hospital, year=year, indicator=beds).exists()
    assert not Value.objects.filter(unit=hospital, year=year, status=ValueStatus.APPROVED).exists()


def test_places_that_existed_before_the_demo_are_left_alone(db):
    """A bureau that set up its own city first: none of its units get figures, problems,
    sanctions or a 医共体, and none of its records is written to."""
    own_city = Region.objects.create(name="宝应县", level=RegionLevel.CITY, code="321023")
    own_unit = Unit.objects.create(
        name="宝应县人民医院",
        kind=UnitKind.GENERAL_HOSPITAL,
        region=own_city,
        credit_code=_real_code(2),
    )
    own_staff = make_user("baoying", Role.STAFF, region=own_city, real_name="宝应县工作人员")
    own_entry = WorkEntry.objects.create(
        year=2025,
        part="achievement",
        field=WorkField.objects.first(),
        title="宝应县自己的工作条目",
        body="正文",
        region=own_city,
        created_by=own_staff,
    )
    before = {
        "unit": (own_unit.history.count(), Unit.objects.get(pk=own_unit.pk).updated),
        "city": own_city.history.count(),
        "entry": WorkEntry.objects.filter(pk=own_entry.pk).values().get(),
    }

    call_command("load_demo")

    own_unit.refresh_from_db()
    assert (own_unit.history.count(), own_unit.updated) == before["unit"]
    assert own_unit.medical_community is None
    assert own_city.history.count() == before["city"]
    assert WorkEntry.objects.filter(pk=own_entry.pk).values().get() == before["entry"]
    assert not Value.objects.filter(unit=own_unit).exists()
    assert not Value.objects.filter(region=own_city).exists()
    assert not Problem.objects.filter(unit=own_unit).exists()
    assert not Sanction.objects.filter(unit=own_unit).exists()
    # The demo itself is complete all the same.
    assert Unit.objects.filter(credit_code__in=UNIT_CODES.values()).count() == len(UNIT_CODES)
    assert WorkEntry.objects.filter(region__name="示例市").exists()


def test_outside_debug_it_refuses_without_force(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists()
    assert not Unit.objects.filter(name="青山县人民医院").exists()


def test_outside_debug_with_force_the_admin_has_no_known_password(db, settings):
    settings.DEBUG = False
    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert not admin.has_usable_password()
    assert not admin.check_password(PASSWORD)
    assert "changepassword admin" in out.getvalue()
    # The other demo people still log in with the demo password; none of them is a superuser.
    assert User.objects.get(username="leader").check_password(PASSWORD)
    assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()


def test_in_debug_the_admin_logs_in_with_the_demo_password(db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert User.objects.get(username="admin").check_password(PASSWORD)
    assert "changepassword" not in out.getvalue()
