"""What the home pages, the staff queue and the leader's view show about rectification."""

from __future__ import annotations

import datetime

from django.db.models import Count

from accounts.models import Role
from healthreport import charts
from rectification.metrics import RectificationFigures, year_figures
from rectification.models import (
    OPEN_STATES,
    ExtensionRequest,
    ExtensionStatus,
    Notification,
    Problem,
    Status,
)

HOME_LIMIT = 20


def unit_context(user, today: datetime.date) -> dict:
    """A unit's open problems by deadline (overdue first, since their deadline is earliest)."""
    problems = (
        Problem.objects.visible_to(user)
        .filter(status__in=OPEN_STATES)
        .select_related("category", "inspection__source")
        .with_flags(today)
        .order_by("deadline", "pk")
    )
    rows = list(problems[:HOME_LIMIT])
    return {
        "rect_problems": rows,
        "rect_open_count": problems.count(),
        "rect_overdue_count": problems.overdue(today).count(),
        "rect_due_soon_count": problems.due_within(7, today).count(),
    }


def staff_context(user, today: datetime.date) -> dict:
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
    overdue_by_unit = list(
        visible.overdue(today)
        .order_by()
        .values("unit_id", "unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit__name")[:15]
    )
    return {
        "rect_awaiting": list(awaiting[:HOME_LIMIT]),
        "rect_awaiting_count": awaiting.count(),
        "rect_extensions": list(extensions[:HOME_LIMIT]),
        "rect_extensions_count": extensions.count(),
        "rect_overdue_by_unit": overdue_by_unit,
        "rect_overdue_count": visible.overdue(today).count(),
        "today": today,
    }


# The status colours of static/css/app.css, so that the chart speaks like the badges.
STATUS_COLOURS = {
    "待整改": "#adb5bd",
    "整改中": "#1f6fb2",
    "待验收": "#0dcaf0",
    "已销号": "#1e8449",
    "已撤销": "#7f8c8d",
}


def _status_pie(by_status: dict[str, int]) -> dict:
    return charts.pie(list(by_status.items()), name="整改状态", colours=STATUS_COLOURS)


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


def home_context(user, today: datetime.date) -> dict:
    """Everything the rectification panels of the home pages need, for any role."""
    context: dict = {
        "rect_unread": Notification.objects.filter(recipient=user, read=False).count(),
    }
    if user.is_unit_person:
        context.update(unit_context(user, today))
    elif user.can_write:
        context.update(staff_context(user, today))
    if user.role == Role.LEADER:
        figures = year_figures(today.year, user.region, as_of=today)
        context.update({"rect_figures": figures, **charts_for(figures)})
    return context
