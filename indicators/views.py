from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.policy import WorkflowError, access_for, refuse
from accounts.scoping import bureau_required, writer_required
from healthreport.lib import clock
from healthreport.lib.excel import xlsx_response
from healthreport.lib.http import AuthenticatedRequest, next_url, paginate, render_form
from healthreport.lib.replica import reads_from_replica
from indicators import exports, policy, workflow
from indicators.charts import status_pie, trend
from indicators.entry import EntrySheet, load_sheet
from indicators.evaluation import Direction, Status
from indicators.forms import ReopenForm, TargetForm, ValuesForm
from indicators.grid import GridError, input_indicators, load_grid, save_grid
from indicators.history import changes
from indicators.models import CATEGORY_ORDER, Category, Indicator, Period, Target
from indicators.progress import count_by_state, reporting_progress
from indicators.ranking import rank
from indicators.results import region_results, region_series, status_counts
from indicators.targets import settable_regions, settable_units, target_for
from units.forms import YearRegionForm, year_range
from units.lookup import export_filename
from units.models import Region, Unit

YEARS_SHOWN = 5

T = TypeVar("T")


def _form(request: AuthenticatedRequest) -> YearRegionForm:
    data = request.GET.copy()
    data.setdefault("year", request.POST.get("year", ""))  # the grid posts its year
    return YearRegionForm(data, user=request.user, today=clock.today())


def _selection(request: AuthenticatedRequest) -> tuple[int, Region, str]:
    """?year=&region=: the region within the user's scope (an id outside it is a 404), and the
    form's region_error: a typed name that names none, which the page shows beside its box while
    it shows the user's own region."""
    form = _form(request)
    return form.selected_year(), form.selected_region(), form.region_error


def _years() -> list[int]:
    return year_range(clock.today())


def _place(request: AuthenticatedRequest, kind: str, pk: int):
    return policy.place_for_user(request.user, kind, pk)


def _place_url(name: str, place, year: int, period: str = Period.ANNUAL) -> str:
    kind = "unit" if isinstance(place, Unit) else "region"
    url = reverse(f"indicators:{name}", args=[kind, place.pk, year])
    return url + _period_query(period)


def _period(request: AuthenticatedRequest) -> str:
    """The entry page's 报告期 (?period=h1 for the first half), the year's otherwise."""
    return Period.FIRST_HALF if request.GET.get("period") == Period.FIRST_HALF else Period.ANNUAL


def _period_query(period: str) -> str:
    return f"?period={period}" if period != Period.ANNUAL else ""


# --- results ---------------------------------------------------------------------------------


def _by_category(items: Iterable[T], category_of: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """(category label, items) in catalogue order, leaving out empty categories."""
    groups = defaultdict(list)
    for item in items:
        groups[category_of(item)].append(item)
    return [(Category(c).label, groups[c]) for c in CATEGORY_ORDER if groups[c]]


@require_GET
@bureau_required
@reads_from_replica()
def scorecard(request: AuthenticatedRequest) -> HttpResponse:
    year, region, region_error = _selection(request)
    results = region_results(year, region)
    evaluated = [r for r in results if r.direction != Direction.NONE]
    counts = status_counts(evaluated)
    return render(
        request,
        "indicators/scorecard.html",
        {
            "year": year,
            "region": region,
            "region_error": region_error,
            "years": _years(),
            "groups": _by_category(evaluated, lambda r: r.indicator.category),
            "counts": [(status, Status(status).label, n) for status, n in counts.items() if n],
            "basics": [r for r in results if r.direction == Direction.NONE],
            "status_chart": status_pie(counts),
        },
    )


def _target_asked(request: AuthenticatedRequest) -> Target | None:
    """The target ?indicator=&year=&region= (or &unit=) names, stored or new, so that the form
    opens on it to change it; None when the link names none. A place outside the user's scope
    is a 404 (they learn nothing); an unknown indicator or year just opens the empty form."""
    code, year = request.GET.get("indicator"), request.GET.get("year", "")
    region, unit = request.GET.get("region"), request.GET.get("unit")
    if not (region or unit):
        return None
    try:
        if unit:
            place: Region | Unit = get_object_or_404(settable_units(request.user), pk=int(unit))
        else:
            place = get_object_or_404(settable_regions(request.user), pk=int(region or ""))
    except ValueError:
        raise Http404("找不到该区划或单位。") from None
    indicator = Indicator.objects.filter(code=code).first() if code else None
    if indicator is None or not year.isdigit():
        placed = {"unit": place} if isinstance(place, Unit) else {"region": place}
        return Target(**placed)
    return target_for(indicator, int(year), place)


@require_http_methods(["GET", "POST"])
@bureau_required
@writer_required
def target_set(request: AuthenticatedRequest) -> HttpResponse:
    """Set or change a year's target (the import's rules and history: indicators.targets)."""
    asked = _target_asked(request)
    initial: dict[str, Any] = {}
    if asked is not None:
        initial = {"region": asked.region_id, "unit": asked.unit_id}
        if asked.indicator_id:
            initial |= {"indicator": asked.indicator_id, "year": asked.year}
        if asked.pk:
            initial |= {"operator": asked.operator, "value": asked.value, "source": asked.source}
    form = TargetForm(request.POST or None, user=request.user, today=clock.today(), initial=initial)
    if request.method == "POST" and form.is_valid():
        target = form.save(request.user)
        messages.success(request, f"已保存{target.year}年“{target.indicator.name}”的目标。")
        region = target.region or target.place.region
        return redirect(f"{reverse('indicators:scorecard')}?year={target.year}&region={region.pk}")
    history = asked.history.select_related("history_user")[:10] if asked and asked.pk else []
    return render_form(
        request,
        "indicators/target_form.html",
        {"form": form, "stored": asked if asked and asked.pk else None, "history": history},
    )


@require_GET
@bureau_required
def indicator_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.select_related("numerator", "denominator"), code=code
    )
    year, region, region_error = _selection(request)
    series = region_series(region, indicator, list(range(year - YEARS_SHOWN + 1, year + 1)))
    ranking = rank(indicator, year, region)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            # A county has a thousand units: the ranking reads a page at a time.
            **paginate(request, ranking.positions()),
            "indicator": indicator,
            "year": year,
            "region": region,
            "region_error": region_error,
            "years": _years(),
            "series": series,
            "current": series[-1],
            "trend_chart": trend(indicator, series),
            "ranked": len(ranking.reported),
            "missing_count": len(ranking.missing),
        },
    )


# --- entry -----------------------------------------------------------------------------------


@require_GET
def entry_index(request: AuthenticatedRequest) -> HttpResponse:
    user, access = request.user, access_for(request.user)
    if access.unit:
        return redirect("indicators:entry", "unit", user.unit_id, _form(request).selected_year())
    if access.write:
        return redirect("indicators:grid")
    raise PermissionDenied("数据填报由填报单位和局机关工作人员使用。")


def _entry_context(
    sheet: EntrySheet, form: ValuesForm, user: User, period: str = Period.ANNUAL
) -> dict[str, Any]:
    allowed = policy.actions(user, sheet.place, sheet.state)
    return {
        "period": period,
        "period_label": "上半年" if period == Period.FIRST_HALF else "",
        "period_query": _period_query(period),
        "periods": [(p, label, _period_query(p)) for p, label in Period.choices],
        "place": sheet.place,
        "place_kind": "unit" if isinstance(sheet.place, Unit) else "region",
        "year": sheet.year,
        "years": _years(),
        "form": form,
        "rows": sheet.rows(form),
        "state": sheet.state,
        "editable": allowed.enter,
        "actions": allowed,
        "reopen_form": ReopenForm(),
        "reopen_hint": workflow.resubmit_hint(sheet.place) if allowed.reopen else "",
    }


@require_http_methods(["GET", "POST"])
def entry(request: AuthenticatedRequest, kind: str, pk: int, year: int) -> HttpResponse:
    place = _place(request, kind, pk)
    period = _period(request)
    sheet = load_sheet(place, year, period)
    posted = request.method == "POST"
    form = sheet.form(request.POST if posted else None)
    if posted:
        if not policy.may_enter(request.user, place):
            raise PermissionDenied("您只能查看，不能填报这些指标。")
        if form.is_valid():
            try:
                changed = workflow.save_values(
                    place,
                    year,
                    form.entries(),
                    request.user,
                    versions=form.versions(),
                    period=period,
                )
            except workflow.StaleValues as error:
                # Nothing saved: show the page again, the stale cells holding what is stored now.
                sheet = load_sheet(place, year, period)
                form = sheet.form(sheet.refreshed(request.POST, error.conflicts))
                form.is_valid()
                form.add_error(None, error.message)
                for indicator in sheet.indicators:
                    if indicator.pk in error.conflicts:
                        form.add_error(f"v_{indicator.code}", error.conflicts[indicator.pk])
                context = _entry_context(sheet, form, request.user, period)
                return render(request, "indicators/entry.html", context, status=409)
            except WorkflowError as error:
                refuse(request, error)
            else:
                messages.success(request, f"已保存，{changed}项有变动。")
            return redirect(_place_url("entry", place, year, period))
    context = _entry_context(sheet, form, request.user, period)
    return render(request, "indicators/entry.html", context, status=400 if posted else 200)


def _transition(request, kind: str, pk: int, year: int, operation, done, **extra):
    """Run a workflow operation on a place's year; `done(place, year, count)` is the message."""
    place, period = _place(request, kind, pk), _period(request)
    try:
        count = operation(place, year, request.user, period=period, **extra)
    except WorkflowError as error:
        refuse(request, error)
    else:
        messages.success(request, done(place, year, count))
    return redirect(next_url(request, _place_url("entry", place, year, period)))


def _submitted(user: User):
    def message(place, year: int, count: int) -> str:
        if policy.submits_on_behalf(user, place):
            return f"已代{place.name}上报{year}年的{count}项指标（该单位没有单位负责人账号）。"
        return f"已上报{place.name}{year}年的{count}项指标。"

    return message


@require_POST
def submit(request: AuthenticatedRequest, kind: str, pk: int, year: int) -> HttpResponse:
    return _transition(request, kind, pk, year, workflow.submit, _submitted(request.user))


@require_POST
def approve(request: AuthenticatedRequest, kind: str, pk: int, year: int) -> HttpResponse:
    return _transition(
        request,
        kind,
        pk,
        year,
        workflow.approve,
        lambda place, year, count: f"已审核{place.name}{year}年的{count}项指标，数据已锁定。",
    )


@require_POST
def reopen(request: AuthenticatedRequest, kind: str, pk: int, year: int) -> HttpResponse:
    form = ReopenForm(request.POST)
    if not form.is_valid():
        place = _place(request, kind, pk)
        if not policy.may_approve(request.user, place):
            raise PermissionDenied("只有局机关工作人员可以退回。")
        messages.error(request, "请填写退回原因。")
        return redirect(_place_url("entry", place, year, _period(request)))
    return _transition(
        request,
        kind,
        pk,
        year,
        workflow.reopen,
        lambda place, year, count: (
            f"已退回{place.name}{year}年的{count}项指标，{workflow.resubmit_hint(place)}"
        ),
        reason=form.cleaned_data["reason"],
    )


@require_GET
def history(request: AuthenticatedRequest, kind: str, pk: int, year: int) -> HttpResponse:
    place = _place(request, kind, pk)
    return render(
        request,
        "indicators/history.html",
        {"place": place, "year": year, "rows": changes(place, year), "place_kind": kind},
    )


@require_http_methods(["GET", "POST"])
@writer_required
def grid(request: AuthenticatedRequest) -> HttpResponse:
    """One input indicator across every unit (or region) of a region: the staff's fast entry."""
    year, region, region_error = _selection(request)
    inputs = input_indicators()
    code = request.GET.get("indicator") or (inputs[0].code if inputs else "")
    indicator = next((i for i in inputs if i.code == code), None)
    if indicator is None:
        raise Http404("没有这个填报指标。")
    rows = load_grid(indicator, region, year)
    if request.method == "POST":
        try:
            changed = save_grid(indicator, year, rows, request.POST, request.user)
        except GridError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"已保存“{indicator.name}”，{changed}个单位有变动。")
            return redirect(f"{reverse('indicators:grid')}?{request.GET.urlencode()}")
    return render(
        request,
        "indicators/grid.html",
        {
            "indicator": indicator,
            "inputs": inputs,
            "year": year,
            "years": _years(),
            "region": region,
            "region_error": region_error,
            "rows": rows,
        },
        status=_grid_status(request, rows),
    )


def _grid_status(request: AuthenticatedRequest, rows) -> int:
    if request.method != "POST":
        return 200
    # 409 when someone else's figure stood in the way, 400 for the person's own mistakes.
    return 409 if any(row.stale for row in rows) else 400


@require_GET
@bureau_required
def progress(request: AuthenticatedRequest) -> HttpResponse:
    """Which units and regions have reported the year's figures, and how far they have got."""
    year, region, region_error = _selection(request)
    found = reporting_progress(year, region)
    only = request.GET.get("only")
    rows = [row for row in found.units if row.is_late] if only == "late" else found.units
    return render(
        request,
        "indicators/progress.html",
        {
            "year": year,
            "years": _years(),
            "region": region,
            "region_error": region_error,
            "rows": rows,
            "region_rows": found.regions,
            "summary": count_by_state(rows),
            "only": only,
        },
    )


@require_GET
@bureau_required
def catalogue(request: AuthenticatedRequest) -> HttpResponse:
    indicators = Indicator.objects.select_related("numerator", "denominator")
    groups = _by_category(indicators, lambda indicator: indicator.category)
    return render(request, "indicators/catalogue.html", {"groups": groups})


# --- Excel -----------------------------------------------------------------------------------


@require_GET
@bureau_required
def export(request: AuthenticatedRequest) -> HttpResponse:
    form = _form(request)
    form.refuse_unknown_region()
    year, region = form.selected_year(), form.selected_region()
    filename = export_filename("指标", request.user, year=year, region=region)
    return xlsx_response(exports.export_year(year, region), filename)
