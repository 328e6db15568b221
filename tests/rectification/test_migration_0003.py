"""Migration 0003: existing sanctions are made to meet the amount rules before the constraints."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("rectification", "0002_default_lists")]
AFTER = [("rectification", "0003_sanction_void_history_amount_rules")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps(transactional_db):
    apps = _migrate(BEFORE)
    yield apps
    call_command("migrate", verbosity=0)


def _old_sanction(apps, kind, amount, note=""):
    Region = apps.get_model("units", "Region")
    Unit = apps.get_model("units", "Unit")
    region = Region.objects.create(name="示例市", level=1, code="329900", path="0001")
    unit = Unit.objects.create(name="青山县人民医院", region=region, credit_code="X" * 18)
    Sanction = apps.get_model("rectification", "Sanction")
    return Sanction.objects.create(
        unit=unit, kind=kind, amount=amount, date="2025-06-01", note=note
    )


def test_an_amount_on_another_kind_moves_into_the_note(old_apps):
    old = _old_sanction(old_apps, "confiscation", Decimal("8600"), note="演示数据")
    new_apps = _migrate(AFTER)
    moved = new_apps.get_model("rectification", "Sanction").objects.get(pk=old.pk)
    assert moved.amount is None
    assert moved.note == "演示数据；原登记金额8600.00元（只有罚款登记金额，升级时移入说明）"


def test_a_fine_without_an_amount_stops_the_migration_and_names_it(old_apps):
    old = _old_sanction(old_apps, "fine", None)
    with pytest.raises(RuntimeError, match=f"没有大于0的金额.*#{old.pk}"):
        _migrate(AFTER)
    old.delete()
