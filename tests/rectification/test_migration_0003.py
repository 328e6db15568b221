"""Migration 0003: existing sanctions are made to meet the amount rules before the constraints."""

from decimal import Decimal

import pytest

from tests.migrating import apps_before, migrate_to

BEFORE = [("rectification", "0002_default_lists")]
AFTER = [("rectification", "0003_sanction_void_history_amount_rules")]


@pytest.fixture
def old_apps(transactional_db):
    yield from apps_before(BEFORE)


def _old_sanction(apps, kind, amount, note=""):
    # Units are not migrated back: their current models match their tables.
    from tests.fixtures import make_unit
    from units.models import Region, RegionLevel

    region = Region.objects.create(name="示例市", level=RegionLevel.CITY, code="329900")
    unit = make_unit(region, "青山县人民医院")
    Sanction = apps.get_model("rectification", "Sanction")
    return Sanction.objects.create(
        unit_id=unit.pk, kind=kind, amount=amount, date="2025-06-01", note=note
    )


def test_an_amount_on_another_kind_moves_into_the_note(old_apps):
    old = _old_sanction(old_apps, "confiscation", Decimal("8600"), note="演示数据")
    new_apps = migrate_to(AFTER)
    moved = new_apps.get_model("rectification", "Sanction").objects.get(pk=old.pk)
    assert moved.amount is None
    assert moved.note == "演示数据；原登记金额8600.00元（只有罚款登记金额，升级时移入说明）"


def test_a_fine_without_an_amount_stops_the_migration_and_names_it(old_apps):
    old = _old_sanction(old_apps, "fine", None)
    with pytest.raises(RuntimeError, match=f"没有大于0的金额.*#{old.pk}"):
        migrate_to(AFTER)
    old.delete()
