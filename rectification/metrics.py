"""Rectification figures of a year, for the leader's view, the home pages and the documents.

The problems of a year are those whose inspection date falls in it; their states are counted as
they stand when the figures are read, overdue as of `as_of`. Everything is computed by a constant
number of aggregate queries, whatever the number of problems.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connections
from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Window,
)

from accounts.scoping import region_is_everything
from healthreport.lib.remembered import Records, branch_of, remember
from healthreport.lib.terms import Term
from rectification.models import (
    OPEN_STATES,
    Inspection,
    Kind,
    Problem,
    ProblemQuerySet,
    Sanction,
    SanctionKind,
    SanctionQuerySet,
    Severity,
    Status,
    overdue_q,
)
from units.branches import branch_region, merged_over_branches, only_root, tree_branches
from units.models import Region, Unit

# How many units `by_unit` and `overdue_by_unit` list (the statistics page's table, the charts'
# top 15, the documents' top 5).
UNITS_LISTED = 100

# Open problems by how long past their current deadline they are (label, min days, max days).
AGEING_BUCKETS = (
    ("未到期", None, 0),
    ("逾期1-30天", 1, 30),
    ("逾期31-90天", 31, 90),
    ("逾期90天以上", 91, None),
)


@dataclass(frozen=True)
class UnitRectification:
    unit_id: int
    name: str
    problems: int
    closed: int
    overdue: int
    open: int = 0


@dataclass(frozen=True)
class SanctionLine:
    """The year's sanctions of one kind: entries (起), distinct units (家) and the amount (元)."""

    kind: str  # a SanctionKind code
    entries: int
    units: int
    amount: Decimal = Decimal(0)

    @property
    def label(self) -> str:
        return SanctionKind(self.kind).label


@dataclass(frozen=True)
class RectificationFigures:
    year: int
    as_of: datetime.date
    region_name: str
    inspections: int  # inspections dated in the year (with a region: ≥1 problem in its subtree)
    problems: int  # all problems of the year's inspections, cancelled included
    cancelled: int
    closed: int
    open: int  # not closed and not cancelled
    overdue: int  # open and as_of > current deadline
    completion_rate: Decimal | None  # closed / (problems − cancelled) × 100
    on_time_rate: Decimal | None  # closed on or before the ORIGINAL deadline / closed × 100
    avg_days_to_close: Decimal | None  # inspection date → closing date
    by_status: dict[str, int]  # Status code → problems, every status
    by_source: dict[str, int]
    by_category: dict[str, int]
    by_severity: dict[str, int]
    by_unit: list[UnitRectification]  # the UNITS_LISTED units with the most problems
    overdue_by_unit: list[tuple[str, int]]  # the UNITS_LISTED with the most overdue, most first
    sanctions: list[SanctionLine]  # by kind, in SanctionKind order
    sanctioned_units: int  # distinct units over all kinds (家); entries are 起
    closed_on_time: int = 0
    extended: int = 0  # problems whose deadline was moved by an approved extension
    ageing: dict[str, int] = field(default_factory=dict)  # open problems by days past deadline
    # How the open problems stand: 列入长期整改, and those whose deadline was extended.
    open_long_term: int = 0
    open_extended: int = 0
    units_with_problems: int = 0  # all of them; by_unit lists the first UNITS_LISTED
    # What a merge of branches' figures needs (`merged`): the closed problems' days from
    # inspection to closing, summed, and how many they are; the ids of overdue_by_unit's units.
    days_to_close: Decimal = Decimal(0)
    closed_dated: int = 0
    overdue_unit_ids: tuple[int, ...] = ()

    @property
    def sanctions_count(self) -> int:
        return sum(line.entries for line in self.sanctions)

    @property
    def sanctions_fine_total(self) -> Decimal:
        """Yuan: the amounts of the 罚款 entries."""
        return sum(
            (line.amount for line in self.sanctions if line.kind == SanctionKind.FINE), Decimal(0)
        )


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _most_first(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _average_days(total_days: Decimal, count: int) -> Decimal | None:
    if not count:
        return None
    return (total_days / count).quantize(Decimal("0.1"), ROUND_HALF_UP)


def units_ranked(
    problems: ProblemQuerySet[Problem], limit: int, **counts: Count
) -> tuple[list[dict[str, Any]], int]:
    """The `limit` units with the most of `problems` (`n`, with `counts` beside it), most first
    and then by name, as dicts with `unit_id` and `unit__name`; and how many units have any."""
    return _units_ranked_by(problems, limit, False, **counts).get(None, ([], 0))


def _units_ranked_by(
    problems: ProblemQuerySet[Problem], limit: int, by_branch: bool, **counts: Count
) -> dict[int | None, tuple[list[dict[str, Any]], int]]:
    """`units_ranked`, for each branch (`branch_region`'s id) or else under None.

    Ranked by unit id and named afterwards: grouping a province's year by unit and name joins
    each of its 200,000 problems to its unit before counting, and hashing 100,000 (id, name)
    groups spills to disk. A tie at the cut keeps the older unit."""
    rows: list[dict[str, Any]]
    if by_branch:
        rows = _ranked_in_each_branch(
            problems.order_by().values("unit_id").annotate(n=Count("pk"), **counts), limit
        )
    else:
        rows = [
            dict(row)
            for row in problems.order_by()
            .values("unit_id")
            .annotate(n=Count("pk"), **counts, units=Window(Count("*")))
            .order_by("-n", "unit_id")[:limit]
        ]
        names = dict(
            Unit.objects.filter(pk__in=[row["unit_id"] for row in rows])
            .order_by()  # not Meta.ordering's region path: no join to the regions
            .values_list("pk", "name")
        )
        for row in rows:
            row["unit__name"] = names[row["unit_id"]]
    ranked: dict[int | None, tuple[list[dict[str, Any]], int]] = {}
    for row in rows:
        group = row.pop(BRANCH, None)
        row.pop("place", None)
        # The count of units is the query's, not the row's: a merge of branches adds them.
        units = row.pop("units")
        ranked.setdefault(group, ([], units))[0].append(row)
    for named, _units in ranked.values():
        named.sort(key=_by_count_and_name)
    return ranked


def _ranked_in_each_branch(by_unit: QuerySet[Any, Any], limit: int) -> list[dict[str, Any]]:
    """The first `limit` rows of `by_unit` (grouped by unit, with `n`) in each branch, by (most,
    oldest), with the branch (BRANCH), its count of rows (`units`) and the unit's name. The
    problems are grouped by unit alone and each unit's branch and name joined afterwards:
    joining a province's 200,000 problems to their units' regions costs more than their counts.
    Windowed in SQL around the two querysets' own (Django puts a window partitioned by an
    annotation into the GROUP BY)."""
    sql, params = by_unit.query.sql_with_params()
    units = (
        Unit.objects.order_by().values("pk", "name").annotate(**{BRANCH: branch_region("region")})
    )
    units_sql, units_params = units.query.sql_with_params()
    with connections[by_unit.db].cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM (SELECT grouped.*, unit.{BRANCH}, unit.name AS unit__name,"
            f" ROW_NUMBER() OVER (PARTITION BY unit.{BRANCH} ORDER BY n DESC, unit_id)"
            f" AS place, COUNT(*) OVER (PARTITION BY unit.{BRANCH}) AS units"
            f" FROM ({sql}) grouped JOIN ({units_sql}) unit ON unit.pk = grouped.unit_id)"
            " ranked WHERE place <= %s",
            [*params, *units_params, limit],
        )
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _by_count_and_name(row: dict[str, Any]) -> tuple[int, str]:
    return -row["n"], row["unit__name"]


def overdue_ranking(
    region: Region | None, today: datetime.date, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """The `limit` units with the most overdue problems of any year in the region (None: the
    whole tree), as `units_ranked` lists them, and how many problems are overdue there.

    Remembered until a write in the region's branch of the tree; the whole tree's merged from
    its branches' (the staff's home at a province reads 300,000 open problems otherwise)."""
    arguments = (today, limit)
    whole = _whole(region)
    if whole is None:
        return remember(
            Problem,
            Records.RECTIFICATION,
            ("overdue_ranking", region.pk if region is not None else None, *arguments),
            lambda: _merged_overdue_ranking(today, limit),
        )
    return remember(
        Problem,
        Records.RECTIFICATION,
        ("overdue_ranking", whole.pk, *arguments),
        lambda: _overdue_ranking(Problem.objects.in_region(whole), today, limit),
        branch=branch_of(whole.path) if whole.parent_id is not None else None,
    )


def _overdue_ranking(
    problems: ProblemQuerySet[Problem], today: datetime.date, limit: int
) -> tuple[list[dict[str, Any]], int]:
    overdue = problems.overdue(today)
    rows, _units = units_ranked(overdue, limit)
    return rows, overdue.count()


def _merged_overdue_ranking(
    today: datetime.date, limit: int, every: bool = False
) -> tuple[list[dict[str, Any]], int]:
    def compute(region: Region, own: bool) -> tuple[list[dict[str, Any]], int]:
        if own:
            return _overdue_ranking(Problem.objects.filter(unit__region=region), today, limit)
        return _overdue_ranking(Problem.objects.in_region(region), today, limit)

    parts = merged_over_branches(
        Problem, Records.RECTIFICATION, "overdue_ranking", (today, limit), compute, every=every
    )
    if parts is None:
        return _overdue_ranking(Problem.objects.all(), today, limit)
    # Each branch lists its first `limit` by (most, oldest): the tree's first are among them.
    rows = sorted(
        (row for branch_rows, _count in parts for row in branch_rows),
        key=lambda row: (-row["n"], row["unit_id"]),
    )[:limit]
    rows.sort(key=_by_count_and_name)
    return rows, sum(count for _rows, count in parts)


def _whole(region: Region | None) -> Region | None:
    """None when the region's subtree is every row (see `region_is_everything`): the figures
    then read the problems and sanctions without joining each one to its unit's region."""
    return None if region is None or region_is_everything(region) else region


def year_problems(year: int, region: Region | None) -> ProblemQuerySet[Problem]:
    return Problem.objects.of_year(year).in_region(_whole(region))


def counted_in(as_of: datetime.date) -> dict[str, Q]:
    """Which problems each figure of the year counts: the one definition the figures, the
    documents' sentences and the workpaper's 计入 column all read."""
    return {
        Term.FOUND: Q(pk__isnull=False),
        Term.CLOSED: Q(status=Status.CLOSED),
        Term.ON_TIME_RATE: Q(status=Status.CLOSED, closed_on__lte=F("original_deadline")),
        Term.OPEN: Q(status__in=OPEN_STATES),
        Term.OVERDUE: overdue_q(as_of),
        Term.CANCELLED: Q(status=Status.CANCELLED),
        Term.OPEN_LONG_TERM: Q(status__in=OPEN_STATES, kind=Kind.LONG_TERM),
        Term.OPEN_EXTENDED: Q(status__in=OPEN_STATES, deadline__gt=F("original_deadline")),
    }


def year_figures(
    year: int,
    region: Region | None,
    *,
    as_of: datetime.date,
    until: datetime.date | None = None,
) -> RectificationFigures:
    """The year's figures; with `until` (30 June for the 半年总结) only inspections and sanctions
    dated from 1 January to that day count.

    Remembered until a problem, inspection, sanction, unit or region is written (a province's
    year is 200,000 problems; the leader's home, the statistics page and the documents all ask);
    a region's until a write in its branch of the tree, and the whole tree's merged from its
    branches' (`_tree_figures`)."""
    key = ("year_figures", region.pk if region is not None else None, year, as_of, until)
    whole = _whole(region)
    if whole is None:
        return remember(
            Problem,
            Records.RECTIFICATION,
            key,
            lambda: _tree_figures(year, region, as_of=as_of, until=until),
        )
    return remember(
        Problem,
        Records.RECTIFICATION,
        key,
        lambda: _compute_year_figures(year, whole, as_of=as_of, until=until),
        # A root among several reads every branch below it.
        branch=branch_of(whole.path) if whole.parent_id is not None else None,
    )


def _tree_figures(
    year: int,
    region: Region | None,
    *,
    as_of: datetime.date,
    until: datetime.date | None,
    every: bool = False,
) -> RectificationFigures:
    """The whole tree's figures (`region` is None or the only root), merged from its branches'
    (units/branches.py). A county's figures are its branch's, shared with its pages. With more
    than remembered.BRANCHES_RECOMPUTED branches to compute (the first reader of the day, or
    after a region, a category or a source is written), one pass over the whole grouped by
    branch computes and remembers them all (`_branch_year_figures`); `warm_figures` computes
    them ahead of the readers (`every`). When nothing is remembered (inside a
    transaction), one plain pass over the whole."""

    def compute(branch_region: Region, own: bool) -> RectificationFigures:
        return _compute_year_figures(year, branch_region, as_of=as_of, until=until, own=own)

    parts = merged_over_branches(
        Problem,
        Records.RECTIFICATION,
        "year_figures",
        (year, as_of, until),
        compute,
        every=every,
        compute_together=lambda branches: _branch_year_figures(
            year, branches, as_of=as_of, until=until
        ),
    )
    if parts is None:
        return _compute_year_figures(year, region, as_of=as_of, until=until)
    last = until or datetime.date(year, 12, 31)
    inspections = Inspection.objects.filter(date__gte=datetime.date(year, 1, 1), date__lte=last)
    return merged(
        parts,
        region_name=region.name if region is not None else "全部",
        inspections=inspections.count(),
    )


def warm_overdue_ranking(today: datetime.date, limit: int) -> None:
    """The overdue ranking of every branch and of the whole tree, remembered (`warm_figures`)."""
    _merged_overdue_ranking(today, limit, every=True)
    # The whole's own keys: everyone's (None) and the root bureau's.
    root = only_root()
    for region in {None, root}:
        overdue_ranking(region, today, limit)


def warm_year_figures(year: int, as_of: datetime.date) -> int:
    """Compute and remember the year's figures of every branch of the tree and of the whole
    (`warm_figures`, after midnight, when as_of moves on, and after a deployment), so that the
    first reader of the day finds them; how many branches there are."""
    region = only_root()
    _tree_figures(year, region, as_of=as_of, until=None, every=True)
    # The whole's own key, merged from the branches just remembered.
    year_figures(year, region, as_of=as_of)
    return len(tree_branches())


def merged(
    parts: list[RectificationFigures], *, region_name: str, inspections: int
) -> RectificationFigures:
    """The figures of regions that share no unit, as one: what the figures of their union would
    be (`inspections` is the union's own: an inspection may find problems in several)."""
    first = parts[0]

    def total(name: str) -> Any:
        return sum(getattr(part, name) for part in parts)

    def summed(name: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for part in parts:
            for label, n in getattr(part, name).items():
                counts[label] = counts.get(label, 0) + n
        return counts

    # Each part lists its first UNITS_LISTED by (most, oldest): the union's first are among
    # them, cut the same way and then read by name.
    by_unit = sorted(
        (row for part in parts for row in part.by_unit), key=lambda r: (-r.problems, r.unit_id)
    )[:UNITS_LISTED]
    by_unit.sort(key=lambda r: (-r.problems, r.name))
    overdue = sorted(
        (
            (n, unit_id, name)
            for part in parts
            for (name, n), unit_id in zip(part.overdue_by_unit, part.overdue_unit_ids, strict=True)
        ),
        key=lambda row: (-row[0], row[1]),
    )[:UNITS_LISTED]
    overdue.sort(key=lambda row: (-row[0], row[2]))
    by_kind: dict[str, list[Any]] = {}
    for part in parts:
        for line in part.sanctions:
            entries, units, amount = by_kind.setdefault(line.kind, [0, 0, Decimal(0)])
            by_kind[line.kind] = [entries + line.entries, units + line.units, amount + line.amount]
    problems, cancelled, closed = total("problems"), total("cancelled"), total("closed")
    days_to_close, closed_dated = total("days_to_close"), total("closed_dated")
    return RectificationFigures(
        year=first.year,
        as_of=first.as_of,
        region_name=region_name,
        inspections=inspections,
        problems=problems,
        cancelled=cancelled,
        closed=closed,
        open=total("open"),
        overdue=total("overdue"),
        completion_rate=_percent(closed, problems - cancelled),
        on_time_rate=_percent(total("closed_on_time"), closed),
        avg_days_to_close=_average_days(days_to_close, closed_dated),
        by_status=summed("by_status"),
        by_source=_most_first(summed("by_source")),
        by_category=_most_first(summed("by_category")),
        by_severity=summed("by_severity"),
        by_unit=by_unit,
        overdue_by_unit=[(name, n) for n, _unit_id, name in overdue],
        sanctions=[
            SanctionLine(kind, *by_kind[kind]) for kind in SanctionKind.values if kind in by_kind
        ],
        sanctioned_units=total("sanctioned_units"),
        closed_on_time=total("closed_on_time"),
        extended=total("extended"),
        ageing=summed("ageing"),
        open_long_term=total("open_long_term"),
        open_extended=total("open_extended"),
        units_with_problems=total("units_with_problems"),
        days_to_close=days_to_close,
        closed_dated=closed_dated,
        overdue_unit_ids=tuple(unit_id for _n, unit_id, _name in overdue),
    )


def _compute_year_figures(
    year: int,
    region: Region | None,
    *,
    as_of: datetime.date,
    until: datetime.date | None,
    own: bool = False,
) -> RectificationFigures:
    """The figures of `region`'s subtree; with `own`, of its own units only, as a part of a
    merge (`inspections` is then left at 0: the merge counts the union's)."""
    last = until or datetime.date(year, 12, 31)
    whole = _whole(region)
    if own:
        assert region is not None
        problems = Problem.objects.of_year(year).filter(unit__region=region)
        sanctions = Sanction.objects.in_force().filter(date__year=year, unit__region=region)
    else:
        problems = year_problems(year, region)
        sanctions = year_sanctions(year, region)
    problems = problems.filter(inspection__date__lte=last)
    # Only a part of the tree needs the inspections that found its problems: a distinct count
    # over a province's year costs as much as all the other figures together.
    part = not own and whole is not None
    counts = _year_counts(problems, sanctions, as_of=as_of, last=last, inspections_found=part)
    found = counts.get(None, _Counts.nothing())

    inspections = Inspection.objects.filter(date__gte=datetime.date(year, 1, 1), date__lte=last)
    if own:
        inspection_count = 0
    elif whole is None:
        # The whole tree (no region, or the only root): every inspection of the year, as its
        # bureau sees them in the inspection list (visible_to adds no filter at the root).
        inspection_count = inspections.count()
    else:
        # Inspections that found problems here are counted with the problems; add those the
        # region's bureau organised that found nothing here. The EXISTS over all problems that
        # Inspection.in_region uses takes seconds on 100,000 problems.
        organised_only = inspections.filter(region__path__startswith=whole.path).exclude(
            Exists(problems.order_by().filter(inspection_id=OuterRef("pk")))
        )
        inspection_count = found.inspections_found + organised_only.count()
    return found.figures(
        year, as_of, region.name if region is not None else "全部", inspection_count
    )


def _branch_year_figures(
    year: int,
    branches: dict[str, tuple[Region, bool]],
    *,
    as_of: datetime.date,
    until: datetime.date | None,
) -> dict[str, RectificationFigures]:
    """`_compute_year_figures(year, region, own=own)` of each of `branches` (units/branches.py),
    in one pass over the whole tree's year grouped by branch: on a new day, or after a region,
    a category or a source is written, every branch is computed again, and a pass each would
    cost a hundred times a county's."""
    last = until or datetime.date(year, 12, 31)
    problems = year_problems(year, None).filter(inspection__date__lte=last)
    counts = _year_counts(
        problems,
        year_sanctions(year, None),
        as_of=as_of,
        last=last,
        inspections_found=True,
        by_branch=True,
    )
    # The inspections a branch's bureaus organised that found nothing in the branch. (Not from
    # the (branch, inspection) pairs of the year's problems: a province's campaign finds
    # problems in every county, and the pairs are as many as the problems.)
    problems_there = (
        problems.order_by()
        .annotate(**{BRANCH: branch_region("unit__region")})
        .filter(inspection_id=OuterRef("pk"), **{BRANCH: OuterRef(BRANCH)})
    )
    organised_only = dict(
        Inspection.objects.filter(date__gte=datetime.date(year, 1, 1), date__lte=last)
        .annotate(**{BRANCH: branch_region("region")})
        .exclude(Exists(problems_there))
        .order_by()
        .values_list(BRANCH)
        .annotate(n=Count("pk"))
    )
    figures = {}
    for branch, (region, own) in branches.items():
        found = counts.get(region.pk, _Counts.nothing())
        inspection_count = 0 if own else found.inspections_found + organised_only.get(region.pk, 0)
        figures[branch] = found.figures(year, as_of, region.name, inspection_count)
    return figures


# The name of a grouped pass's branch (the id of units.branches.branch_region) in its queries.
BRANCH = "figure_branch"


@dataclass
class _Counts:
    """What the year's problems and sanctions of one region (or branch) come to: the counts of
    `_year_counts`, before the inspections are counted."""

    totals: dict[str, Any]
    by_source: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    unit_rows: list[dict[str, Any]] = field(default_factory=list)
    units_with_problems: int = 0
    overdue_rows: list[dict[str, Any]] = field(default_factory=list)
    sanctions: dict[str, tuple[int, set[int], Decimal]] = field(default_factory=dict)
    inspections_found: int = 0

    @classmethod
    def nothing(cls) -> _Counts:
        return cls(totals=defaultdict(int))

    def figures(
        self, year: int, as_of: datetime.date, region_name: str, inspections: int
    ) -> RectificationFigures:
        totals = self.totals
        closed, problems, cancelled = totals["closed"], totals["problems"], totals["cancelled"]
        days_to_close = totals["days_to_close"] or Decimal(0)
        # By kind, in SanctionKind order; units (家) once per kind and once over all kinds.
        sanction_lines, sanctioned = [], set()
        for kind in SanctionKind.values:
            if kind in self.sanctions:
                entries, units, amount = self.sanctions[kind]
                sanction_lines.append(SanctionLine(kind, entries, len(units), amount))
                sanctioned |= units
        return RectificationFigures(
            year=year,
            as_of=as_of,
            region_name=region_name,
            inspections=inspections,
            problems=problems,
            cancelled=cancelled,
            closed=closed,
            open=totals["open"],
            overdue=totals["overdue"],
            completion_rate=_percent(closed, problems - cancelled),
            on_time_rate=_percent(totals["on_time"], closed),
            avg_days_to_close=_average_days(days_to_close, totals["closed_dated"]),
            by_status={status: totals[f"status_{status}"] for status in Status.values},
            by_source=_most_first(self.by_source),
            by_category=_most_first(self.by_category),
            by_severity={label: totals[f"severity_{code}"] for code, label in Severity.choices},
            by_unit=[
                UnitRectification(
                    r["unit_id"], r["unit__name"], r["n"], r["closed"], r["overdue"], r["open"]
                )
                for r in self.unit_rows
            ],
            overdue_by_unit=[(r["unit__name"], r["n"]) for r in self.overdue_rows],
            sanctions=sanction_lines,
            sanctioned_units=len(sanctioned),
            closed_on_time=totals["on_time"],
            extended=totals["extended"],
            ageing={label: totals[f"age{i}"] for i, (label, _, _) in enumerate(AGEING_BUCKETS)},
            open_long_term=totals["open_long_term"],
            open_extended=totals["open_extended"],
            units_with_problems=self.units_with_problems,
            days_to_close=days_to_close,
            closed_dated=totals["closed_dated"],
            overdue_unit_ids=tuple(r["unit_id"] for r in self.overdue_rows),
        )


def _year_counts(
    problems: ProblemQuerySet[Problem],
    sanctions: SanctionQuerySet[Sanction],
    *,
    as_of: datetime.date,
    last: datetime.date,
    inspections_found: bool = False,
    by_branch: bool = False,
) -> dict[int | None, _Counts]:
    """The counts of the year's `problems` and `sanctions`, by branch (the id of its region,
    `branch_region`) or else under None: a constant number of queries either way."""
    by = [BRANCH] if by_branch else []
    ranked = problems  # the rankings find each unit's branch after counting (below)
    if by_branch:
        sanctions = sanctions.annotate(**{BRANCH: branch_region("unit__region")})
        problems = problems.annotate(**{BRANCH: branch_region("unit__region")})
    counted = counted_in(as_of)
    open_q = counted[Term.OPEN]
    overdue = counted[Term.OVERDUE]
    closed_dated = Q(status=Status.CLOSED, closed_on__isnull=False)
    ageing_aggregates = {}
    for index, (_label, low, high) in enumerate(AGEING_BUCKETS):
        if low is None:
            condition = open_q & Q(deadline__gte=as_of)
        else:
            condition = open_q & Q(deadline__lte=as_of - datetime.timedelta(days=low))
            if high is not None:
                condition &= Q(deadline__gte=as_of - datetime.timedelta(days=high))
        ageing_aggregates[f"age{index}"] = Count("pk", filter=condition)

    counts: dict[int | None, _Counts] = defaultdict(_Counts.nothing)
    # Every count in one pass, grouped by source and category (a hundred-odd pairs) and added
    # up here: each pass over a province's year (200,000 problems) costs as much as the whole
    # page may.
    rows = (
        problems.order_by()
        .values(*by, "inspection__source__name", "category__name")
        .annotate(
            problems=Count("pk"),
            cancelled=Count("pk", filter=counted[Term.CANCELLED]),
            closed=Count("pk", filter=counted[Term.CLOSED]),
            open=Count("pk", filter=open_q),
            overdue=Count("pk", filter=overdue),
            on_time=Count("pk", filter=counted[Term.ON_TIME_RATE]),
            extended=Count("pk", filter=Q(deadline__gt=F("original_deadline"))),
            open_long_term=Count("pk", filter=counted[Term.OPEN_LONG_TERM]),
            open_extended=Count("pk", filter=counted[Term.OPEN_EXTENDED]),
            # Summed and counted rather than averaged: the figures of branches merge.
            days_to_close=Sum(
                ExpressionWrapper(
                    F("closed_on") - F("inspection__date"), output_field=DurationField()
                ),
                filter=closed_dated,
            ),
            closed_dated=Count("pk", filter=closed_dated),
            **ageing_aggregates,
            **{f"status_{code}": Count("pk", filter=Q(status=code)) for code in Status.values},
            **{
                f"severity_{code}": Count("pk", filter=Q(severity=code)) for code in Severity.values
            },
        )
    )
    for row in rows:
        found = counts[row.pop(BRANCH, None)]
        source, category = row.pop("inspection__source__name"), row.pop("category__name")
        found.by_source[source] = found.by_source.get(source, 0) + row["problems"]
        found.by_category[category] = found.by_category.get(category, 0) + row["problems"]
        row["days_to_close"] = _days(row["days_to_close"])
        for name, value in row.items():
            found.totals[name] += value
    if inspections_found:
        distinct = Count("inspection", distinct=True)
        if by_branch:
            for branch, n in problems.order_by().values_list(BRANCH).annotate(n=distinct):
                counts[branch].inspections_found = n
        else:
            counts[None].inspections_found = problems.aggregate(n=distinct)["n"]

    # The units with the most problems, and with the most overdue ones, ranked and cut in the
    # database: a province's year has 100,000 units, and every reader shows the first few.
    by_unit = _units_ranked_by(
        ranked,
        UNITS_LISTED,
        by_branch,
        closed=Count("pk", filter=counted[Term.CLOSED]),
        overdue=Count("pk", filter=overdue),
        open=Count("pk", filter=open_q),
    )
    for group, (unit_rows, units) in by_unit.items():
        counts[group].unit_rows, counts[group].units_with_problems = unit_rows, units
    for group, (overdue_rows, _units) in _units_ranked_by(
        ranked.filter(overdue), UNITS_LISTED, by_branch
    ).items():
        counts[group].overdue_rows = overdue_rows

    # One row per (kind, unit): entries (起) add up, units (家) are counted once per kind and
    # once overall.
    sanction_rows = (
        sanctions.filter(date__lte=last)
        .order_by()
        .values(*by, "kind", "unit_id")
        .annotate(n=Count("pk"), amount=Sum("amount"))
    )
    for row in sanction_rows:
        by_kind = counts[row.get(BRANCH)].sanctions
        entries, at_units, total = by_kind.get(row["kind"], (0, set(), Decimal(0)))
        at_units.add(row["unit_id"])
        amount = total + (row["amount"] or Decimal(0))
        by_kind[row["kind"]] = (entries + row["n"], at_units, amount)
    return counts


def _days(duration: datetime.timedelta | None) -> Decimal:
    if duration is None:
        return Decimal(0)
    return Decimal(duration.days) + Decimal(duration.seconds) / 86400


def sanctions_by_inspection(
    year: int, region: Region | None, *, until: datetime.date | None = None
) -> list[tuple[str, int]]:
    """The year's sanctions (as `year_sanctions` counts them) that follow from a problem, by the
    campaign of the problem's inspection or, without one, the inspection's title; most first.
    Sanctions recorded without a problem are left out: no inspection stands behind them.

    One query; the documents ask for it beside `year_figures`, whose other readers (pages,
    reminders) do not need it."""
    rows = (
        year_sanctions(year, region)
        .filter(problem__isnull=False, date__lte=until or datetime.date(year, 12, 31))
        .order_by()
        .values_list("problem__inspection__campaign", "problem__inspection__title")
        .annotate(n=Count("pk"))
    )
    by_name: dict[str, int] = {}
    campaigns: set[str] = set()
    for campaign, title, n in rows:
        name = campaign.strip() or title
        by_name[name] = by_name.get(name, 0) + n
        if campaign.strip():
            campaigns.add(name)
    # Campaigns before single inspections with as many: a campaign is what a reader knows.
    return sorted(by_name.items(), key=lambda item: (-item[1], item[0] not in campaigns, item[0]))


def year_sanctions(year: int, region: Region | None) -> SanctionQuerySet[Sanction]:
    """The sanctions a year's figures count: dated in the year, at units in the region, in force."""
    sanctions = Sanction.objects.in_force().filter(date__year=year)
    region = _whole(region)
    if region is not None:
        sanctions = sanctions.filter(unit__region__path__startswith=region.path)
    return sanctions


# ---------------------------------------------------------------------------------------------
# A week or a month: the 整改通报 ("每周一通报，每月一排名")
# ---------------------------------------------------------------------------------------------


class BulletinPeriod:
    WEEK = "week"
    MONTH = "month"
    LABELS = {WEEK: "周", MONTH: "月"}


def period_bounds(period: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the week (Monday–Sunday) or calendar month holding `day`."""
    if period == BulletinPeriod.WEEK:
        start = day - datetime.timedelta(days=day.weekday())
        return start, start + datetime.timedelta(days=6)
    if period == BulletinPeriod.MONTH:
        start = day.replace(day=1)
        following = (start + datetime.timedelta(days=32)).replace(day=1)
        return start, following - datetime.timedelta(days=1)
    raise ValueError(f"period must be week or month, not {period!r}")


@dataclass(frozen=True)
class PeriodRow:
    """A unit or a lower region in a bulletin.

    `new` and `closed` are the period's; `overdue` stands on the bulletin's as-of day, whatever
    the year of the problem; the year-to-date columns count the problems found from 1 January
    to the period's end, cancelled ones left out, and those of them closed by its end.
    """

    pk: int
    name: str
    new: int
    closed: int
    overdue: int
    to_date: int
    to_date_closed: int

    @property
    def completion_rate(self) -> Decimal | None:
        return _percent(self.to_date_closed, self.to_date)


@dataclass(frozen=True)
class OverdueProblem:
    """An overdue problem as the bulletin's 附件 lists it."""

    unit: str
    inspection: str
    description: str
    deadline: datetime.date
    days: int  # past the deadline on the as-of day
    status: str  # a Status code


@dataclass(frozen=True)
class PeriodFigures:
    period: str  # a BulletinPeriod
    start: datetime.date
    end: datetime.date
    as_of: datetime.date  # the period's end, or today when the period is not over
    region_name: str
    totals: PeriodRow
    by_unit: list[PeriodRow]  # every unit with a figure, by name
    by_region: list[PeriodRow]  # the region's direct sub-regions, in their order
    overdue_problems: list[OverdueProblem]

    @property
    def completion_ranking(self) -> list[PeriodRow]:
        """Units with problems this year, best 整改完成率 first (ties: fewer overdue, name)."""
        rows = [u for u in self.by_unit if u.to_date]
        return sorted(rows, key=lambda u: (-(u.completion_rate or 0), u.overdue, u.name))

    @property
    def overdue_ranking(self) -> list[PeriodRow]:
        """Units with overdue problems, most first."""
        return sorted((u for u in self.by_unit if u.overdue), key=lambda u: (-u.overdue, u.name))


def period_counted_in(
    start: datetime.date, end: datetime.date, as_of: datetime.date
) -> dict[str, Q]:
    """What each column of a bulletin counts: the one definition the figures and their tests
    read. Overdue is `overdue_q` itself, so the bulletin's figure is the pages' figure."""
    found_to_date = Q(
        inspection__date__gte=datetime.date(end.year, 1, 1), inspection__date__lte=end
    )
    to_date = found_to_date & ~Q(status=Status.CANCELLED)
    return {
        "new": Q(inspection__date__gte=start, inspection__date__lte=end),
        "closed": Q(status=Status.CLOSED, closed_on__gte=start, closed_on__lte=end),
        "overdue": overdue_q(as_of),
        "to_date": to_date,
        "to_date_closed": to_date & Q(status=Status.CLOSED, closed_on__lte=end),
    }


def period_figures(
    period: str, day: datetime.date, region: Region, *, today: datetime.date
) -> PeriodFigures:
    """The bulletin's figures for the week or month holding `day`, in three queries."""
    start, end = period_bounds(period, day)
    as_of = min(end, today)
    counted = period_counted_in(start, end, as_of)
    rows = (
        Problem.objects.in_region(region)
        .filter(counted["new"] | counted["closed"] | counted["overdue"] | counted["to_date"])
        .order_by()
        .values("unit_id", "unit__name", "unit__region__path")
        .annotate(**{column: Count("pk", filter=q) for column, q in counted.items()})
    )
    by_unit = []
    children = list(
        Region.objects.filter(parent=region).order_by("name").values_list("pk", "name", "path")
    )
    region_sums = {pk: dict.fromkeys(counted, 0) for pk, _, _ in children}
    totals = dict.fromkeys(counted, 0)
    for row in rows:
        figures = {column: row[column] for column in counted}
        by_unit.append(PeriodRow(row["unit_id"], row["unit__name"], **figures))
        for column, n in figures.items():
            totals[column] += n
        for pk, _, path in children:
            if row["unit__region__path"].startswith(path):
                for column, n in figures.items():
                    region_sums[pk][column] += n
    by_unit.sort(key=lambda u: u.name)
    overdue = (
        Problem.objects.in_region(region)
        .filter(counted["overdue"])
        .select_related("unit", "inspection")
        .order_by("unit__name", "deadline", "pk")
    )
    return PeriodFigures(
        period=period,
        start=start,
        end=end,
        as_of=as_of,
        region_name=region.name,
        totals=PeriodRow(region.pk, region.name, **totals),
        by_unit=by_unit,
        by_region=[PeriodRow(pk, name, **region_sums[pk]) for pk, name, _ in children],
        overdue_problems=[
            OverdueProblem(
                p.unit.name,
                p.inspection.title,
                p.description,
                p.deadline,
                (as_of - p.deadline).days,
                p.status,
            )
            for p in overdue
        ],
    )
