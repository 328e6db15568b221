"""Figures remembered under the exact version of their records (healthreport/lib/remembered.py):
kept while nothing is written, recomputed after any write that commits, whatever wrote it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from healthreport.lib import remembered
from healthreport.lib.remembered import WATCHED, Records, remember
from indicators.models import Value
from rectification.metrics import year_figures
from rectification.models import Problem
from tests.clock import TODAY
from tests.fixtures import connection_apart
from tests.indicators.conftest import put
from tests.rectification.conftest import make_inspection, make_problem
from units.models import Region, RegionLevel

pytestmark = pytest.mark.django_db(transaction=True)


class Counted:
    """A compute function that counts its calls."""

    def __init__(self, records: str = Records.RECTIFICATION):
        self.records = records
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls

    def read(self) -> int:
        return remember(Problem, self.records, ("counted", id(self)), self)


def _create(city):
    Region.objects.create(name="新区", level=RegionLevel.COUNTY, parent=city)


def _bulk_create(city):
    Region.objects.bulk_create(
        [Region(name=f"新区{i}", level=RegionLevel.COUNTY, parent=city, path="") for i in range(3)]
    )


def _update(city):
    Region.objects.filter(pk=city.pk).update(name="改名市")


def _save(city):
    city.name = "改名市"
    city.save()


def _delete(city):
    Region.objects.filter(parent=city).delete()


def _raw_sql(city):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE units_region SET name = %s WHERE id = %s", ["改名市", city.pk])


@pytest.mark.parametrize(
    "write", [_create, _bulk_create, _update, _save, _delete, _raw_sql], ids=lambda f: f.__name__
)
def test_a_figure_is_kept_until_a_write_commits(city, county_a, write):
    counted = Counted()
    assert counted.read() == 1
    assert counted.read() == 1  # nothing written: remembered
    write(city)
    assert counted.read() == 2
    assert counted.read() == 2


def test_a_write_rolled_back_changes_nothing(city):
    counted = Counted()
    counted.read()
    with pytest.raises(RuntimeError), transaction.atomic():
        _update(city)
        raise RuntimeError
    assert counted.read() == 1


def test_an_indicator_write_leaves_the_rectification_figures(city, county_a, unit_a):
    rectification, indicators = Counted(), Counted(Records.INDICATORS)
    rectification.read(), indicators.read()
    put("DOCTORS", unit_a, 400, year=TODAY.year)
    assert (rectification.read(), indicators.read()) == (1, 2)
    make_problem(make_inspection(), unit_a)
    assert (rectification.read(), indicators.read()) == (2, 2)
    # Units and regions are behind both: a renamed unit moves in every ranking.
    unit_a.name = "青山县第一人民医院"
    unit_a.save()
    assert (rectification.read(), indicators.read()) == (3, 3)


def test_nothing_is_remembered_inside_a_transaction(city):
    counted = Counted()
    with transaction.atomic():
        counted.read()
        counted.read()
    assert counted.calls == 2
    counted.read()
    counted.read()
    assert counted.calls == 3


def test_off_when_the_setting_is_zero(city, settings):
    settings.FIGURE_CACHE_SECONDS = 0
    counted = Counted()
    counted.read()
    counted.read()
    assert counted.calls == 2


def test_year_figures_follow_every_write(city, county_a, unit_a):
    inspection = make_inspection(date=TODAY)
    make_problem(inspection, unit_a, description="消毒记录缺失")
    assert year_figures(TODAY.year, city, as_of=TODAY).problems == 1
    assert year_figures(TODAY.year, city, as_of=TODAY).problems == 1
    make_problem(inspection, unit_a, description="处方点评未开展")
    figures = year_figures(TODAY.year, city, as_of=TODAY)
    assert figures.problems == 2
    Problem.objects.filter(description="消毒记录缺失").delete()
    assert year_figures(TODAY.year, city, as_of=TODAY).problems == 1
    # The remembered figures are the computed ones.
    with transaction.atomic():
        computed = year_figures(TODAY.year, city, as_of=TODAY)
    assert year_figures(TODAY.year, city, as_of=TODAY) == computed


def test_region_figures_follow_a_value_write(city, county_a, unit_a):
    from indicators.results import RegionFigures, active_indicators

    indicators = active_indicators()
    beds = next(i for i in indicators if i.code == "BEDS")
    put("BEDS", unit_a, 600, year=TODAY.year)
    assert RegionFigures(city, [TODAY.year], indicators).figure(beds, TODAY.year).value == 600
    Value.objects.filter(unit=unit_a).update(value=650)
    assert RegionFigures(city, [TODAY.year], indicators).figure(beds, TODAY.year).value == 650


def test_migrate_puts_a_trigger_on_every_watched_table(city):
    before = {records: remembered.version(records) for records in WATCHED}
    call_command("migrate", verbosity=0)
    # A deployment's migrate moves every version on: the figures of the code before it go.
    assert all(remembered.version(records) > before[records] for records in WATCHED)
    installed = remembered.installed_triggers()
    for records, tables in WATCHED.items():
        for table in tables:
            prefix = f"{remembered.TABLE}_{records}_{table}"
            assert any(name.startswith(prefix) for name in installed), prefix


def test_install_is_idempotent(city):
    before = remembered.installed_triggers()
    remembered.install()
    remembered.install()
    assert remembered.installed_triggers() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
def test_a_writer_does_not_wait_for_another_writers_counter(city):
    before = remembered.version(Records.RECTIFICATION)
    # A statement trigger fires for a statement that changes no row: no row lock is taken but
    # the counter's.
    write = "UPDATE units_region SET name = name WHERE id = %s"
    # Three imports hold every counter row there is, each until it commits.
    importing = [connection_apart() for _ in range(3)]
    form = connection_apart()
    try:
        for connected in importing:
            with connected.cursor() as cursor:
                cursor.execute(write, [-1])
        form.autocommit = True
        with form.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
            cursor.execute(write, [-1])  # raises LockNotAvailable if it waits for an import
        assert remembered.version(Records.RECTIFICATION) == before + 1
        for connected in importing:
            connected.commit()
    finally:
        for connected in [*importing, form]:
            connected.close()
    assert remembered.version(Records.RECTIFICATION) == before + 4


@pytest.mark.parametrize(
    "missing, one_by_one",
    [(3, True), (5, True), (6, False), (20, False)],
    ids=["few", "a-quarter", "more-than-a-quarter", "all"],
)
def test_branches_are_computed_one_by_one_up_to_a_quarter(db, missing, one_by_one):
    branches = [f"/9/{i}/" for i in range(20)]
    keys = {branch: ("share", branch) for branch in branches}
    alone, together = [], []

    def read() -> dict[str, str] | None:
        return remembered.remember_branches(
            Problem,
            Records.RECTIFICATION,
            keys,
            lambda branch: alone.append(branch) or branch,
            compute_together=lambda wanted: together.append(wanted) or {b: b for b in wanted},
        )

    assert read() == {branch: branch for branch in branches}
    assert (alone, len(together)) == ([], 1)  # 20 missing: one grouped pass
    together.clear()
    # Forget some branches: their remembered aggregates are read under a new key.
    for branch in branches[:missing]:
        keys[branch] = ("share", branch, "again")
    assert read() == {branch: branch for branch in branches}
    if one_by_one:
        assert (sorted(alone), together) == (sorted(branches[:missing]), [])
    else:
        assert (alone, together) == ([], [branches[:missing]])
