"""Figures about institutions for home pages and charts."""

from __future__ import annotations

from django.db.models import Count, Sum

from accounts.models import User
from units.models import Region, UnitKind


def units_by_kind(units) -> list[dict]:
    rows = units.order_by().values("kind").annotate(count=Count("pk"), beds=Sum("approved_beds"))
    labels = dict(UnitKind.choices)
    result = [
        {"label": labels[row["kind"]], "count": row["count"], "beds": row["beds"] or 0}
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
    result = []
    for area in areas:
        total = sum(n for path, n in counts.items() if path.startswith(area.path))
        result.append({"label": area.name, "count": total})
    # Units attached directly to the root (city hospitals, the CDC) form their own bar.
    for root in roots:
        direct = counts.get(root.path, 0)
        if direct and areas is not roots:
            result.insert(0, {"label": f"{root.name}直属", "count": direct})
    return result
