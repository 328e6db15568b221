"""What the home pages show of the indicators: owed figures, approvals waiting, key results."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Subquery

from accounts.models import User
from accounts.policy import access_for
from indicators import workflow
from indicators.evaluation import Direction, Status
from indicators.models import Value, ValueStatus
from indicators.results import active_indicators, region_results
from units.lookup import home_region
from units.models import Unit

KEY_RESULTS = 6
# How many of the units waiting for review the staff's home names.
WAITING_LISTED = 10


def home_context(user: User, today: datetime.date) -> dict:
    year = today.year
    access = access_for(user)
    if access.unit_id is not None:
        return {"indicators_home": _unit_home(access.unit_id, year)}
    if access.leader:
        return {"indicators_home": _leader_home(user, year)}
    if access.write:
        return {"indicators_home": _staff_home(user, year)}
    return {}


def _unit_home(unit_id: int, year: int) -> dict:
    unit = Unit.objects.get(pk=unit_id)
    owed = workflow.entry_indicators(unit)
    stored = {
        v.indicator_id: v.status for v in Value.objects.filter(unit=unit, year=year).only("status")
    }
    state = workflow.state_of(list(stored.values()), len(owed))
    return {
        "year": year,
        "unit": unit,
        "state": state,
        "missing": [i for i in owed if i.pk not in stored],
    }


def _staff_home(user: User, year: int) -> dict:
    """The units whose figures wait for review: how many, and the first few by name.

    A province's year has tens of thousands of such units; grouping them all to show ten took
    most of a second, so the count and the first names are asked for separately."""
    submitted = Value.objects.visible_to(user).filter(
        year=year, status=ValueStatus.SUBMITTED, unit__isnull=False
    )
    units = submitted.order_by().values("unit_id").distinct().count()
    of_unit = submitted.filter(unit_id=OuterRef("pk")).order_by()
    waiting = (
        Unit.objects.filter(Exists(of_unit))
        .annotate(n=Subquery(of_unit.values("unit_id").annotate(n=Count("pk")).values("n")))
        .order_by("name", "pk")
        .values("pk", "name", "n")[:WAITING_LISTED]
    )
    return {"year": year, "waiting": list(waiting), "waiting_units": units}


def _leader_home(user: User, year: int) -> dict:
    region = home_region(user)
    if region is None:
        return {}
    results = [
        r
        for r in region_results(year, region, indicators=active_indicators())
        if r.direction != Direction.NONE and r.target_text
    ]
    # The misses first: that is what a leader needs to hear about.
    order: dict[str, int] = {
        Status.NOT_MET: 0,
        Status.SLIGHTLY_BELOW: 1,
        Status.EXCEEDED: 2,
        Status.MET: 3,
    }
    shown = sorted(results, key=lambda r: order.get(r.status, 4))[:KEY_RESULTS]
    return {"year": year, "region": region, "results": shown, "total": len(results)}
