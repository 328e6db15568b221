"""The whole tree's year figures merged from its branches' (rectification.metrics._tree_figures):
the same figures as one pass over the whole, and after a write in one county only that county's
are computed again (healthreport/lib/remembered.py, BRANCHED)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction

from healthreport.lib import remembered
from healthreport.lib.remembered import Records, branch_of
from rectification import metrics
from rectification.models import Inspection, Problem, SanctionKind, Status
from tests.clock import TODAY
from tests.fixtures import connection_apart, make_unit
from tests.rectification.conftest import make_inspection, make_problem, make_sanction
from units.branches import tree_branches
from units.models import Region, RegionLevel

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = TODAY.year
POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def tree(city, county_a, county_b, township_a):
    """A city with its own hospital, two counties (one with a township) and the year's problems
    in every state, closed ones with their days, overdue ones, ties and sanctions."""
    units = {
        "city": make_unit(city, "市第一人民医院"),
        "a1": make_unit(county_a, "青山县人民医院"),
        "a2": make_unit(township_a, "城关镇卫生院"),
        "b1": make_unit(county_b, "白沙县人民医院"),
        "b2": make_unit(county_b, "白沙县中医院"),
    }
    spring = make_inspection("春季院感督查", date=datetime.date(YEAR, 3, 2))
    summer = make_inspection("夏季安全检查", date=datetime.date(YEAR, 6, 9), source="专项检查")
    past = datetime.date(YEAR, 4, 30)
    later = TODAY + datetime.timedelta(days=30)
    plan = [
        ("city", spring, Status.CLOSED, past, datetime.date(YEAR, 4, 2)),
        ("city", summer, Status.OPEN, past, None),
        ("a1", spring, Status.CLOSED, past, datetime.date(YEAR, 3, 9)),
        ("a1", summer, Status.OPEN, later, None),
        ("a2", spring, Status.OPEN, past, None),
        ("a2", summer, Status.CANCELLED, past, None),
        ("b1", spring, Status.CLOSED, past, datetime.date(YEAR, 5, 20)),
        ("b1", summer, Status.OPEN, past, None),
        ("b2", spring, Status.OPEN, past, None),
        ("b2", summer, Status.OPEN, later, None),
    ]
    problems = {}
    for key, inspection, status, deadline, closed_on in plan:
        problems[key, inspection.pk] = make_problem(
            inspection, units[key], deadline=deadline, status=status, closed_on=closed_on
        )
    make_sanction(problems["b1", spring.pk], date=datetime.date(YEAR, 5, 1), amount=3000)
    make_sanction(
        problems["a1", spring.pk], kind=SanctionKind.WARNING, date=datetime.date(YEAR, 4, 1)
    )
    make_sanction(problems["city", spring.pk], date=datetime.date(YEAR, 4, 5), amount=2000)
    return units, problems


def _computed(region):
    """One pass over the whole, as the figures were before there were branches."""
    with transaction.atomic():  # nothing is remembered inside a transaction
        return metrics.year_figures(YEAR, region, as_of=TODAY)


@pytest.mark.parametrize("listed", [100, 1, 2], ids=["all", "cut-1", "cut-2"])
def test_the_merge_gives_the_figures_of_one_pass(tree, city, monkeypatch, listed):
    monkeypatch.setattr(metrics, "UNITS_LISTED", listed)
    one_pass = _computed(city)
    merged = metrics.year_figures(YEAR, city, as_of=TODAY)
    assert merged == one_pass
    assert merged.problems == 10 and merged.overdue == 4 and merged.sanctions_count == 3
    assert merged.avg_days_to_close == one_pass.avg_days_to_close is not None
    # An empty year merges to the empty figures.
    empty = metrics.year_figures(YEAR - 3, city, as_of=TODAY)
    with transaction.atomic():
        assert empty == metrics.year_figures(YEAR - 3, city, as_of=TODAY)
    assert empty.problems == 0 and empty.avg_days_to_close is None and empty.by_unit == []
    # And from the branches remembered by the county pages.
    for county in Region.objects.filter(parent=city):
        metrics.year_figures(YEAR, county, as_of=TODAY)
    Region.objects.filter(pk=-1).update(name="")  # a write elsewhere forgets the city's own
    assert metrics.year_figures(YEAR, city, as_of=TODAY) == one_pass


class Computing:
    """Counts the passes over the problems, by region and part."""

    def __init__(self, monkeypatch):
        self.calls: list[tuple[str, bool]] = []
        compute = metrics._compute_year_figures

        def counted(year, region, *, as_of, until, own=False):
            self.calls.append((region.name if region is not None else "全部", own))
            return compute(year, region, as_of=as_of, until=until, own=own)

        monkeypatch.setattr(metrics, "_compute_year_figures", counted)

    def taken(self) -> list[tuple[str, bool]]:
        calls, self.calls = self.calls, []
        return sorted(calls)


def test_a_write_in_one_county_computes_that_county_again(tree, city, county_a, monkeypatch):
    units, problems = tree
    computing = Computing(monkeypatch)
    first = metrics.year_figures(YEAR, city, as_of=TODAY)
    assert computing.taken() == [("白沙县", False), ("示例市", True), ("青山县", False)]
    assert metrics.year_figures(YEAR, city, as_of=TODAY) == first
    assert computing.taken() == []
    Problem.objects.filter(unit=units["a2"], status=Status.OPEN).update(
        status=Status.CLOSED, closed_on=TODAY
    )
    after = metrics.year_figures(YEAR, city, as_of=TODAY)
    if POSTGRES:
        assert computing.taken() == [("青山县", False)]
    else:  # SQLite moves every branch's version on every write
        assert computing.taken() == [("白沙县", False), ("示例市", True), ("青山县", False)]
    assert after.closed == first.closed + 1
    assert after == _computed(city)
    computing.taken()
    # The county's page reads the figures the merge remembered.
    assert metrics.year_figures(YEAR, county_a, as_of=TODAY).closed == 2
    assert computing.taken() == []


def test_a_unit_or_an_inspection_written_forgets_its_branches(tree, city, county_a, monkeypatch):
    units, problems = tree
    computing = Computing(monkeypatch)
    every_branch = [("白沙县", False), ("示例市", True), ("青山县", False)]
    metrics.year_figures(YEAR, city, as_of=TODAY)
    computing.taken()
    units["b2"].name = "白沙县第二人民医院"
    units["b2"].save()
    figures = metrics.year_figures(YEAR, city, as_of=TODAY)
    assert computing.taken() == ([("白沙县", False)] if POSTGRES else every_branch)
    assert "白沙县第二人民医院" in [row.name for row in figures.by_unit]
    # A county's new inspection counts in its branch (organised there, nothing found yet).
    make_inspection("青山县冬季自查", date=datetime.date(YEAR, 11, 2), region=county_a)
    figures = metrics.year_figures(YEAR, city, as_of=TODAY)
    assert computing.taken() == ([("青山县", False)] if POSTGRES else every_branch)
    assert metrics.year_figures(YEAR, county_a, as_of=TODAY).inspections == 3
    assert figures.inspections == 3
    # An inspection moved to another year takes its problems' branches with it.
    spring = Inspection.objects.get(title="春季院感督查")
    spring.date = datetime.date(YEAR - 1, 12, 30)
    spring.save()
    after = metrics.year_figures(YEAR, city, as_of=TODAY)
    assert computing.taken() == every_branch  # spring found problems in every branch
    assert after == _computed(city) and after.problems == 5


def test_too_many_branches_to_compute_make_one_grouped_pass(tree, city, county_a, monkeypatch):
    units, _ = tree
    monkeypatch.setattr(remembered, "BRANCHES_RECOMPUTED", 2)
    computing = Computing(monkeypatch)
    grouped = []
    branch_pass = metrics._branch_year_figures
    monkeypatch.setattr(
        metrics,
        "_branch_year_figures",
        lambda *args, **kwargs: grouped.append(1) or branch_pass(*args, **kwargs),
    )
    assert metrics.year_figures(YEAR, city, as_of=TODAY) == _computed(city)
    # Every branch in one grouped pass (the second call is _computed's one pass).
    assert (len(grouped), computing.taken()) == (1, [("示例市", False)])
    # Each branch was remembered: a write in one county computes that county again.
    Problem.objects.filter(unit=units["a2"], status=Status.OPEN).update(
        status=Status.CLOSED, closed_on=TODAY
    )
    after = metrics.year_figures(YEAR, city, as_of=TODAY)
    if POSTGRES:
        assert (len(grouped), computing.taken()) == (1, [("青山县", False)])
    else:  # SQLite moves every branch's version on every write
        assert (len(grouped), computing.taken()) == (2, [])
    assert after == _computed(city)
    assert metrics.year_figures(YEAR, county_a, as_of=TODAY) == _computed(county_a)


@pytest.mark.parametrize("listed", [100, 1, 2], ids=["all", "cut-1", "cut-2"])
@pytest.mark.parametrize("until", [None, datetime.date(YEAR, 3, 31)], ids=["year", "quarter"])
def test_the_grouped_pass_gives_each_branch_its_own_figures(
    tree, city, county_a, county_b, monkeypatch, listed, until
):
    units, _ = tree
    monkeypatch.setattr(metrics, "UNITS_LISTED", listed)
    empty = Region.objects.create(name="无问题县", level=RegionLevel.COUNTY, parent=city)
    # Inspections a county's bureau organised: one found nothing, one only in the other county.
    make_inspection("青山县自查", date=datetime.date(YEAR, 2, 3), region=county_a)
    joint = make_inspection("青山县联合检查", date=datetime.date(YEAR, 2, 4), region=county_a)
    make_problem(joint, units["b1"], deadline=datetime.date(YEAR, 3, 1))
    make_inspection("市级检查", date=datetime.date(YEAR, 2, 5), region=city)
    branches = tree_branches()
    assert len(branches) == 4
    with transaction.atomic():  # nothing remembered: every figure computed here
        grouped = metrics._branch_year_figures(YEAR, branches, as_of=TODAY, until=until)
        for branch, (region, own) in branches.items():
            one = metrics._compute_year_figures(YEAR, region, as_of=TODAY, until=until, own=own)
            assert grouped[branch] == one, region.name
    a, b = grouped[branch_of(county_a.path)], grouped[branch_of(county_b.path)]
    if until is None:
        # 青山县: spring and summer found problems there, and its bureau's two found none.
        assert (a.inspections, a.problems, b.inspections, b.problems) == (4, 4, 3, 5)
        assert b.by_unit[0].name == "白沙县人民医院"
        assert (a.sanctioned_units, a.sanctions_count, b.sanctions_fine_total) == (1, 1, 3000)
    assert grouped[branch_of(empty.path)].problems == 0
    assert grouped[branch_of(empty.path)].region_name == "无问题县"
    assert grouped[branch_of(city.path)].inspections == 0  # the root's own: the merge counts


@pytest.mark.skipif(not POSTGRES, reason="SQLite moves the whole set on every write")
def test_the_triggers_move_the_branches_a_write_touches(tree, city, county_a, county_b):
    units, problems = tree
    a, b, own = branch_of(county_a.path), branch_of(county_b.path), branch_of(city.path)

    def versions() -> dict[str, int]:
        return remembered._branch_versions(Records.RECTIFICATION, [a, b, own], "default")

    before = versions()
    # A problem moved from a county's unit to the other's leaves one branch for the other.
    moving = Problem.objects.filter(unit=units["a1"]).first()
    Problem.objects.filter(pk=moving.pk).update(unit=units["b1"], fingerprint="f" * 40)
    moved = versions()
    assert (moved[a] - before[a], moved[b] - before[b], moved[own] - before[own]) == (1, 1, 0)
    # A bulk insert counts once per branch it touches; a delete too.
    inspection = make_inspection("冬季检查", date=datetime.date(YEAR, 11, 2))
    # An inspection nobody organised, with no problem yet, is in no branch: the whole set moves.
    after_inspection = versions()
    assert all(after_inspection[k] == moved[k] + 1 for k in (a, b, own))
    Problem.objects.bulk_create(
        [
            Problem(
                inspection=inspection,
                unit=units["a2"],
                category=moving.category,
                description=f"冬季问题{i}",
                deadline=TODAY,
                original_deadline=TODAY,
            )
            for i in range(3)
        ]
    )
    inserted = versions()
    assert inserted[a] == after_inspection[a] + 1 and inserted[b] == after_inspection[b]
    make_sanction(Problem.objects.filter(unit=units["b2"]).first())
    sanctioned = versions()
    assert (sanctioned[a], sanctioned[b], sanctioned[own]) == (
        inserted[a],
        inserted[b] + 1,
        inserted[own],
    )
    # A unit moved to the other county moves both branches, in both sets.
    indicators_before = remembered._branch_versions(Records.INDICATORS, [a, b, own], "default")
    units["a2"].region = county_b
    units["a2"].save()
    unit_moved = versions()
    assert (unit_moved[a], unit_moved[b], unit_moved[own]) == (
        sanctioned[a] + 1,
        sanctioned[b] + 1,
        sanctioned[own],
    )
    indicators = remembered._branch_versions(Records.INDICATORS, [a, b, own], "default")
    assert [indicators[k] - indicators_before[k] for k in (a, b, own)] == [1, 1, 0]
    sanctioned = unit_moved
    # The set's version counts the branches' writes: what reads the whole sees them.
    whole = remembered.version(Records.RECTIFICATION)
    Problem.objects.filter(unit=units["city"]).update(measures="改写的整改措施")
    assert remembered.version(Records.RECTIFICATION) == whole + 1
    assert versions()[own] == sanctioned[own] + 1


@pytest.mark.parametrize("limit", [15, 1, 3])
def test_the_overdue_ranking_merged_from_branches_is_the_one_pass_ranking(
    tree, city, county_b, monkeypatch, limit
):
    with transaction.atomic():
        one_pass = metrics.overdue_ranking(city, TODAY, limit)
    assert metrics.overdue_ranking(city, TODAY, limit) == one_pass
    assert one_pass[1] == 4 and len(one_pass[0]) == min(limit, 4)
    ranked = []
    compute = metrics._overdue_ranking
    monkeypatch.setattr(
        metrics, "_overdue_ranking", lambda *args: ranked.append(args) or compute(*args)
    )
    units, _ = tree
    Problem.objects.filter(unit=units["b2"]).update(
        deadline=datetime.date(YEAR, 1, 2), original_deadline=datetime.date(YEAR, 1, 2)
    )
    after = metrics.overdue_ranking(city, TODAY, limit)
    assert len(ranked) == (1 if POSTGRES else 3)
    with transaction.atomic():
        assert after == metrics.overdue_ranking(city, TODAY, limit)
    assert after[1] == 5
    # The county's staff home reads the branch the merge remembered.
    ranked.clear()
    metrics.overdue_ranking(county_b, TODAY, limit)
    assert ranked == []


@pytest.mark.skipif(not POSTGRES, reason="SQLite has one writer at a time")
def test_a_writer_does_not_wait_for_another_writers_branch_counter(tree, county_b):
    """Two unit heads of one county report at once, and an import there holds its counter until it
    commits: the other writer takes another row of the branch's counter instead of waiting."""
    units, _ = tree
    branch = branch_of(county_b.path)

    def version() -> int:
        return remembered._branch_versions(Records.RECTIFICATION, [branch], "default")[branch]

    before = version()
    # Each touches a different problem row, so only the counter could make one wait.
    write = "UPDATE rectification_problem SET measures = measures WHERE id = %s"
    first, second = (Problem.objects.filter(unit=units[key]).first().pk for key in ("b1", "b2"))
    importing, form = connection_apart(), connection_apart()
    try:
        with importing.cursor() as cursor:
            cursor.execute(write, [first])  # holds a row of the branch's counter until commit
        form.autocommit = True
        with form.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
            cursor.execute(write, [second])  # LockNotAvailable if it waited for the import
        assert version() == before + 1
        importing.commit()
    finally:
        importing.close()
        form.close()
    assert version() == before + 2
