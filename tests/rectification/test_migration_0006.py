"""Migration 0006: existing problems get their fingerprint; duplicates already there stay."""

import pytest

from rectification.models import description_fingerprint
from tests.migrating import apps_before, migrate_to

BEFORE = [("rectification", "0005_move_notifications_to_core")]
AFTER = [("rectification", "0006_problem_fingerprint_import_batch")]


@pytest.fixture
def old_apps(transactional_db):
    yield from apps_before(BEFORE)


def test_the_first_of_duplicates_gets_the_fingerprint_and_the_others_stay(old_apps, capsys):
    # Units are not migrated back: their current models match their tables.
    from tests.fixtures import make_unit
    from units.models import Region, RegionLevel

    Source = old_apps.get_model("rectification", "Source")
    Category = old_apps.get_model("rectification", "Category")
    Inspection = old_apps.get_model("rectification", "Inspection")
    Problem = old_apps.get_model("rectification", "Problem")
    region = Region.objects.create(name="示例市", level=RegionLevel.CITY, code="329900")
    unit = make_unit(region, "青山县人民医院")
    # A flush by an earlier transactional test may have emptied the seeded lists.
    inspection = Inspection.objects.create(
        source=Source.objects.get_or_create(name="暗访检查")[0], title="暗访", date="2025-03-10"
    )
    category = Category.objects.get_or_create(name="医疗质量")[0]

    def problem(description):
        return Problem.objects.create(
            inspection=inspection,
            unit_id=unit.pk,
            category=category,
            description=description,
            original_deadline="2025-06-30",
            deadline="2025-06-30",
        ).pk

    first, twin, other = problem("消防通道堵塞"), problem("消防通道堵塞　"), problem("灭火器过期")
    new = migrate_to(AFTER).get_model("rectification", "Problem")
    fingerprints = dict(new.objects.values_list("pk", "fingerprint"))
    assert fingerprints == {
        first: description_fingerprint("消防通道堵塞"),
        twin: None,
        other: description_fingerprint("灭火器过期"),
    }
    assert "1条问题与先前的问题重复" in capsys.readouterr().out
