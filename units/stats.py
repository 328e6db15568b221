"""Figures about institutions for home pages and charts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q, Sum

from accounts.models import User
from accounts.scoping import Scope, region_is_everything, scope_key
from healthreport.lib.remembered import Records, branch_of, remember
from units.branches import merged_over_branches
from units.models import HOSPITAL_KINDS, MedicalCommunity, Region, Unit, UnitKind


def scope_figures(user: User) -> dict:
    """The institutions the user sees, counted for the home pages: how many, their beds, the
    hospitals and 医共体 among them, by kind and by area. Remembered until a unit, a region or
    a 医共体 is written; a county's until a unit of its branch of the tree is, and the whole
    tree's merged from its branches' (a province's are 100,000 units, edited every day)."""
    key = ("scope_figures", scope_key(user))
    scope, _pk = key[1]
    region = user.region if scope == Scope.REGION else None
    if scope == Scope.ALL or (region is not None and region_is_everything(region)):
        return remember(Unit, Records.UNITS, key, lambda: _merged_figures(user))
    branch = branch_of(region.path) if region is not None and region.parent_id else None
    return remember(Unit, Records.UNITS, key, lambda: _figures(user), branch=branch)


def _figures(user: User) -> dict:
    units = Unit.objects.visible_to(user)
    return _summed(user, units_by_kind(units), units_by_area(units, user))


def _summed(user: User, by_kind: list[dict], by_area: list[dict]) -> dict:
    return {
        # From the kinds' rows: one pass over the units instead of four.
        "unit_count": sum(row["count"] for row in by_kind),
        "bed_total": sum(row["beds"] for row in by_kind),
        "hospital_count": sum(row["count"] for row in by_kind if row["kind"] in HOSPITAL_KINDS),
        "community_count": MedicalCommunity.objects.visible_to(user).count(),
        "by_kind": by_kind,
        "by_area": by_area,
    }


def _branch_kinds(region: Region, own: bool) -> tuple[str, bool, list[dict]]:
    """A branch's units by kind (units/branches.py), with its region's name."""
    place = Q(region=region) if own else Q(region__path__startswith=region.path)
    return region.name, own, units_by_kind(Unit.objects.filter(place))


def warm_unit_figures() -> None:
    """Every branch's units by kind, remembered (`warm_figures`, after a deployment): the
    whole tree's figures are then merged from them, and a unit edited costs its branch's."""
    merged_over_branches(Unit, Records.UNITS, "units_by_kind", (), _branch_kinds, every=True)


def _merged_figures(user: User) -> dict:
    """The whole tree's figures from its branches' units by kind: each branch is an area of
    the chart, a root's own units its 直属 bar."""
    parts = merged_over_branches(Unit, Records.UNITS, "units_by_kind", (), _branch_kinds)
    if parts is None:
        return _figures(user)
    kinds: dict[str, list[int]] = {}
    for _name, _own, by_kind in parts:
        for row in by_kind:
            count, beds = kinds.setdefault(row["kind"], [0, 0])
            kinds[row["kind"]] = [count + row["count"], beds + row["beds"]]
    areas = [(name, _count(rows)) for name, own, rows in parts if not own]
    roots = [(name, _count(rows)) for name, own, rows in parts if own]
    return _summed(
        user,
        _by_kind_rows((kind, count, beds) for kind, (count, beds) in kinds.items()),
        _area_bars(areas, roots) if areas else _area_bars(roots, []),
    )


def _count(by_kind: list[dict]) -> int:
    return sum(row["count"] for row in by_kind)


def units_by_kind(units) -> list[dict]:
    rows = (
        units.order_by().values_list("kind").annotate(count=Count("pk"), beds=Sum("approved_beds"))
    )
    return _by_kind_rows((kind, count, beds or 0) for kind, count, beds in rows)


def _by_kind_rows(rows: Iterable[tuple[str, int, int]]) -> list[dict]:
    """Most first, and by kind among as many."""
    labels = dict(UnitKind.choices)
    result = [
        {"kind": kind, "label": labels[kind], "count": count, "beds": beds}
        for kind, count, beds in rows
    ]
    return sorted(result, key=lambda row: (-row["count"], row["kind"]))


def units_by_area(units, user: User) -> list[dict]:
    """Units counted under each area one level below the user's own scope.

    A city-wide user sees the counties and districts, a county user the townships.
    """
    regions = list(Region.objects.visible_to(user))
    if not regions:
        return []
    top_depth = min(r.path.count("/") for r in regions)
    roots = [r for r in regions if r.path.count("/") == top_depth]
    areas = [r for r in regions if r.path.count("/") == top_depth + 1] or roots
    counts = dict(
        units.order_by()
        .values_list("region__path")
        .annotate(count=Count("pk"))
        .values_list("region__path", "count")
    )
    # Each region's units added to the area its path starts with, in one pass: a province has
    # 1,600 regions under 100 areas.
    area_depth = areas[0].path.count("/")
    totals: dict[str, int] = defaultdict(int)
    for path, n in counts.items():
        if path.count("/") >= area_depth:
            totals["/".join(path.split("/")[:area_depth]) + "/"] += n
    return _area_bars(
        [(area.name, totals[area.path]) for area in areas],
        [] if areas is roots else [(root.name, counts.get(root.path, 0)) for root in roots],
    )


def _area_bars(areas: list[tuple[str, int]], roots: list[tuple[str, int]]) -> list[dict]:
    """The chart's bars: each area's units; before them, the units attached directly to a root
    (city hospitals, the CDC), as their own bar."""
    result = [{"label": name, "count": count} for name, count in areas]
    for name, direct in roots:
        if direct:
            result.insert(0, {"label": f"{name}直属", "count": direct})
    return result
