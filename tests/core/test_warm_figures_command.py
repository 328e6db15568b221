"""`warm_figures`: the year's figures of every branch and of the whole, computed ahead of the
first reader of the day."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from healthreport.lib import remembered
from indicators import results
from indicators.results import RegionFigures, active_indicators
from rectification import dashboard, metrics
from tests.clock import TODAY
from tests.rectification.test_branch_figures import YEAR, Computing, tree  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_after_it_no_reader_computes(tree, city, county_a, county_b, monkeypatch, capsys):  # noqa: F811
    computing = Computing(monkeypatch)
    reads = []
    read = results._region_figures
    monkeypatch.setattr(
        results, "_region_figures", lambda region, *a: reads.append(region.name) or read(region, *a)
    )
    grouped = []
    branch_pass = metrics._branch_year_figures
    monkeypatch.setattr(
        metrics,
        "_branch_year_figures",
        lambda *a, **kw: grouped.append(sorted(a[1])) or branch_pass(*a, **kw),
    )
    # A reader came first: the year figures' branches are remembered from one grouped pass;
    # the indicators' whole from one pass, their branches not.
    monkeypatch.setattr(remembered, "BRANCHES_RECOMPUTED", 0)
    metrics.year_figures(YEAR, city, as_of=TODAY)
    RegionFigures(city, [YEAR, YEAR - 1], active_indicators())
    assert (len(grouped), computing.taken(), reads) == (1, [], ["示例市"])
    reads.clear()
    call_command("warm_figures", "--year", str(YEAR), "--date", TODAY.isoformat())
    assert sorted(reads) == ["白沙县", "示例市", "青山县"]  # every branch of the indicators too
    assert (len(grouped), computing.taken()) == (1, [])  # found every branch of the year's
    assert f"{YEAR}年：3 个分支" in capsys.readouterr().out
    # The next day's: every branch in one grouped pass.
    tomorrow = TODAY + datetime.timedelta(days=1)
    call_command("warm_figures", "--year", str(YEAR), "--date", tomorrow.isoformat())
    assert len(grouped) == 2 and len(grouped[1]) == 3 and computing.taken() == []
    assert metrics.year_figures(YEAR, county_a, as_of=tomorrow) is not None
    assert (len(grouped), computing.taken()) == (2, [])
    for region in (city, county_a, county_b):
        metrics.year_figures(YEAR, region, as_of=TODAY)
        RegionFigures(region, [YEAR, YEAR - 1], active_indicators())
    assert computing.taken() == [] and len(reads) == 3
    ranked = []
    rank = metrics._overdue_ranking
    monkeypatch.setattr(metrics, "_overdue_ranking", lambda *a: ranked.append(a) or rank(*a))
    for region in (city, county_a, county_b):
        metrics.overdue_ranking(region, TODAY, dashboard.OVERDUE_UNITS_LISTED)
    assert ranked == []


def test_by_default_this_year_and_in_january_the_last_one_too(db, monkeypatch):
    warmed = []
    monkeypatch.setattr(
        "core.management.commands.warm_figures.warm_year_figures",
        lambda year, as_of: warmed.append((year, as_of)) or 0,
    )
    monkeypatch.setattr(
        "core.management.commands.warm_figures.warm_region_figures", lambda year: None
    )
    monkeypatch.setattr(
        "core.management.commands.warm_figures.warm_overdue_ranking", lambda today, limit: None
    )
    call_command("warm_figures", "--date", "2027-01-01")
    call_command("warm_figures", "--date", "2027-03-01")
    assert [year for year, _ in warmed] == [2026, 2027, 2027]
