"""Figures about institutions for home pages and charts."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Sum

from accounts.models import User
from accounts.scoping import scope_key
from healthreport.lib.remembered import Records, remember
from units.models import HOSPITAL_KINDS, MedicalCommunity, Region, Unit, UnitKind


def scope_figures(user: User) -> dict:
    """The institutions the user sees, counted for the home pages: how many, their beds, the
    hospitals and 医共体 among them, by kind and by area. Remembered until a unit, a region or
    a 医共体 is written (a province's are 100,000 units)."""
    return remember(Unit, Records.UNITS, ("scope_figures", scope_key(user)), lambda: _figures(user))


def _figures(user: User) -> dict:
    units = Unit.objects.visible_to(user)
    by_kind = units_by_kind(units)
    return {
        # From the kinds' rows: one pass over the units instead of four.
        "unit_count": sum(row["count"] for row in by_kind),
        "bed_total": sum(row["beds"] for row in by_kind),
        "hospital_count": sum(row["count"] for row in by_kind if row["kind"] in HOSPITAL_KINDS),
        "community_count": MedicalCommunity.objects.visible_to(user).count(),
        "by_kind": by_kind,
        "by_area": units_by_area(units, user),
    }


def units_by_kind(units) -> list[dict]:
    rows = units.order_by().values("kind").annotate(count=Count("pk"), beds=Sum("approved_beds"))
    labels = dict(UnitKind.choices)
    result = [
        {
            "kind": row["kind"],
            "label": labels[row["kind"]],
            "count": row["count"],
            "beds": row["beds"] or 0,
        }
        for row in rows
    ]
    return sorted(result, key=lambda row: -row["count"])


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
    result = [{"label": area.name, "count": totals[area.path]} for area in areas]
    # Units attached directly to the root (city hospitals, the CDC) form their own bar.
    for root in roots:
        direct = counts.get(root.path, 0)
        if direct and areas is not roots:
            result.insert(0, {"label": f"{root.name}直属", "count": direct})
    return result
