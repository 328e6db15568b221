"""What the home pages, the staff queue and the leader's view show about rectification."""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, Subquery

from accounts.models import User
from accounts.policy import access_for
from accounts.scoping import Scope, scope_key
from healthreport.lib import charts
from healthreport.lib.terms import Term
from rectification.metrics import RectificationFigures, overdue_ranking, year_figures
from rectification.models import (
    DUE_SOON_BADGE,
    OPEN_STATES,
    EventAction,
    ExtensionRequest,
    ExtensionStatus,
    Problem,
    ProblemEvent,
    Status,
)

HOME_LIMIT = 20
# How many units the staff's home lists by their overdue problems.
OVERDUE_UNITS_LISTED = 15

# 待验收 problems someone else submitted: those this staff member may verify (not all 待验收).
AWAITING_MINE_LABEL = "待您验收"
# The part of 逾期未整改 the units still have to act on (`ProblemQuerySet.overdue_at_unit`).
OVERDUE_AT_UNIT_LABEL = "逾期待单位整改"


def scoped(label: str, year: int | None) -> str:
    """A figure's label naming its scope, for places that show it over different scopes:
    "2026年逾期未整改" (the problems of one year's inspections) or "逾期未整改（全部年度）"."""
    return f"{year}年{label}" if year is not None else f"{label}（全部年度）"


def overdue_label(year: int | None) -> str:
    """逾期未整改 over one year's problems, or over all years (None)."""
    return scoped(Term.OVERDUE.label, year)


def returned(user: User) -> list[Problem]:
    """Problems sent back (退回) and not yet submitted again, latest first, each with the reason
    (`return_reason`) and time (`returned_at`) of its latest 退回: a 退回 leaves a problem 整改中
    until the unit applies again, so 整改中 with a 退回 event is exactly that."""
    latest = ProblemEvent.objects.filter(
        problem=OuterRef("pk"), action=EventAction.RETURNED
    ).order_by("-at", "-pk")
    problems = (
        Problem.objects.visible_to(user)
        .filter(status=Status.IN_PROGRESS)
        .annotate(
            return_reason=Subquery(latest.values("note")[:1]),
            returned_at=Subquery(latest.values("at")[:1]),
        )
        .filter(returned_at__isnull=False)
        .order_by("-returned_at", "-pk")
    )
    return list(problems[:HOME_LIMIT])


def unit_context(user: User, today: datetime.date) -> dict:
    """A unit's returned problems (退回, with the reason) first, then its open problems by
    deadline (overdue first, since their deadline is earliest)."""
    problems = (
        Problem.objects.visible_to(user)
        .filter(status__in=OPEN_STATES)
        .select_related("category", "inspection__source")
        .with_flags(today)
        .order_by("deadline", "pk")
    )
    rows = list(problems[:HOME_LIMIT])
    return {
        "rect_returned": returned(user),
        "rect_problems": rows,
        "rect_open_count": problems.count(),
        "rect_overdue_count": problems.overdue(today).count(),
        "rect_due_soon_count": problems.due_soon(today).count(),
        "rect_due_soon_label": DUE_SOON_BADGE,
    }


def staff_context(user: User, today: datetime.date) -> dict:
    """Awaiting verification (not the person's own submissions), extension requests, overdue."""
    from django.db.models import Exists, OuterRef

    from rectification.models import Evidence

    visible = Problem.objects.visible_to(user)
    awaiting = (
        visible.filter(status=Status.SUBMITTED)
        .exclude(submitted_by=user)
        .select_related("unit", "category", "submitted_by")
        .with_flags(today)
        # 缺少佐证: imported 待验收 problems may have none, and cannot be closed until they do.
        .annotate(has_evidence=Exists(Evidence.objects.filter(problem=OuterRef("pk"))))
        .order_by("submitted_at")
    )
    extensions = (
        ExtensionRequest.objects.visible_to(user)
        .filter(status=ExtensionStatus.PENDING)
        .select_related("problem__unit", "requested_by")
        .order_by("requested_at")
    )
    scope, _pk = scope_key(user)
    if scope in (Scope.ALL, Scope.REGION):
        region = user.region if scope == Scope.REGION else None
        overdue_by_unit, overdue_count = overdue_ranking(region, today, OVERDUE_UNITS_LISTED)
    else:
        overdue_by_unit, overdue_count = [], 0
    return {
        "rect_awaiting": list(awaiting[:HOME_LIMIT]),
        "rect_awaiting_count": awaiting.count(),
        "rect_awaiting_label": AWAITING_MINE_LABEL,
        "rect_extensions": list(extensions[:HOME_LIMIT]),
        "rect_extensions_count": extensions.count(),
        "rect_overdue_by_unit": overdue_by_unit,
        "rect_overdue_count": overdue_count,
        # All years: the leader's cards and the statistics page show one year's.
        "rect_overdue_label": overdue_label(None),
        "today": today,
    }


# The status colours of static/css/app.css, so that the chart speaks like the badges.
STATUS_COLOURS = {
    Status.OPEN: "#adb5bd",
    Status.IN_PROGRESS: "#1f6fb2",
    Status.SUBMITTED: "#0dcaf0",
    Status.CLOSED: "#1e8449",
    Status.CANCELLED: "#7f8c8d",
}


def _status_pie(by_status: dict[str, int]) -> dict:
    """A ring of problems by status code, named by the statuses' labels."""
    return charts.pie(
        [(Status(status).label, n) for status, n in by_status.items()],
        name="整改状态",
        colours={Status(status).label: colour for status, colour in STATUS_COLOURS.items()},
    )


def charts_for(figures: RectificationFigures) -> dict:
    top_units = [u for u in figures.by_unit if u.problems][:15]
    return {
        "chart_status": _status_pie(figures.by_status),
        "chart_source": charts.bar(
            list(figures.by_source), list(figures.by_source.values()), name="问题数"
        ),
        "chart_category": charts.bar(
            list(reversed(figures.by_category)),
            list(reversed(figures.by_category.values())),
            name="问题数",
            horizontal=True,
        ),
        "chart_units": charts.bar(
            [u.name for u in reversed(top_units)],
            [u.problems for u in reversed(top_units)],
            name="问题数",
            horizontal=True,
        ),
        "chart_ageing": charts.bar(
            list(figures.ageing), list(figures.ageing.values()), name="未销号问题"
        ),
    }


def home_context(user: User, today: datetime.date) -> dict:
    """Everything the rectification panels of the home pages need, for any role."""
    context: dict = {}
    access = access_for(user)
    if access.unit:
        context.update(unit_context(user, today))
    elif access.write:
        context.update(staff_context(user, today))
    if access.leader:
        figures = year_figures(today.year, user.region, as_of=today)
        context.update(
            {
                "rect_figures": figures,
                "rect_overdue_year_label": overdue_label(figures.year),
                **charts_for(figures),
            }
        )
    return context
