from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.policy import access_for
from core import reminders
from core.models import Notification
from core.navigation import admin_entries
from healthreport.lib import charts, clock
from healthreport.lib.http import AuthenticatedRequest, paginate
from healthreport.lib.replica import reads_from_replica
from indicators import dashboard as indicator_dashboard
from rectification import dashboard as rectification_dashboard
from reports import dashboard as reports_dashboard
from units.models import APPROVED_BEDS_LABEL, Unit
from units.stats import scope_figures


@require_GET
@reads_from_replica()
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Each role's start page: what there is to see and to do in the user's scope."""
    user = request.user
    if not access_for(user).business:
        # The three administrators (and accounts still 待授权) read no business figures: their
        # start page is their own pages, as in the menu.
        return render(request, "core/admin.html", {"entries": admin_entries(user)})
    today = clock.today()
    context: dict = rectification_dashboard.home_context(user, today)
    context.update(indicator_dashboard.home_context(user, today))
    context.update(reports_dashboard.home_context(user, today))
    # 核定床位 (the registry), never a bare 床位: the documents print 实有床位 (indicator BEDS).
    context["approved_beds_label"] = APPROVED_BEDS_LABEL
    access = access_for(user)
    if access.unit and user.unit_id is not None:
        context["unit"] = (
            Unit.objects.select_related("region", "medical_community__lead_unit")
            .filter(pk=user.unit_id)
            .first()
        )
        return render(request, "core/unit.html", context)

    figures = scope_figures(user)
    context.update(
        {
            **figures,
            "kind_chart": charts.bar(
                [r["label"] for r in reversed(figures["by_kind"])],
                [r["count"] for r in reversed(figures["by_kind"])],
                name="机构数",
                horizontal=True,
            ),
            "area_chart": charts.bar(
                [r["label"] for r in figures["by_area"]],
                [r["count"] for r in figures["by_area"]],
                name="机构数",
            ),
        }
    )
    template = "core/leader.html" if access.leader else "core/staff.html"
    return render(request, template, context)


@require_GET
def notifications(request: AuthenticatedRequest) -> HttpResponse:
    """A person's 提醒: today's reminders, computed now (what send_reminders sends today), then
    the news of events (core.notify), newest first."""
    items = Notification.objects.filter(recipient=request.user).news().select_related("problem")
    context = paginate(request, items)
    context["due"] = reminders.due_today(request.user, clock.today())
    return render(request, "core/notifications.html", context)


@require_POST
def notifications_read(request: AuthenticatedRequest) -> HttpResponse:
    Notification.objects.filter(recipient=request.user, read=False).update(read=True)
    messages.success(request, "已全部标为已读。")
    return redirect("core:notifications")
