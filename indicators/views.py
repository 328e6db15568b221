from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.scoping import bureau_required, get_object_for_user, writer_required
from healthreport import clock
from healthreport.excel import xlsx_response
from healthreport.http import next_url
from healthreport.imports import handle_import
from indicators import exports, workflow
from indicators.charts import status_pie, trend
from indicators.evaluation import Direction, Status, plain_number
from indicators.forms import ReopenForm, ValuesForm
from indicators.importers import TargetImporter, ValueImporter
from indicators.models import (
    CATEGORY_ORDER,
    Category,
    Indicator,
    Kind,
    Level,
    Value,
    ValueStatus,
)
from indicators.results import (
    RegionFigures,
    TargetBook,
    active_indicators,
    region_and_ancestor_ids,
    region_results,
    region_series,
    status_counts,
    units_results,
)
from units.models import Region, Unit

YEARS_SHOWN = 5


def current_year() -> int:
    return clock.today().year


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or current_year())
    except ValueError:
        return current_year()
    return year if 2000 <= year <= 2100 else current_year()


def _region(request: HttpRequest) -> Region:
    """The region asked for in ?region=, within the user's scope; else the user's own or the top."""
    regions = Region.objects.visible_to(request.user)
    pk = request.GET.get("region")
    if pk:
        if not pk.isdigit():
            raise Http404("区划不存在。")
        return get_object_or_404(regions, pk=pk)
    user = request.user
    if user.region_id:
        return user.region
    region = regions.filter(parent__isnull=True).first() or regions.first()
    if region is None:
        raise Http404("还没有区划，请先在“行政区划”中建立。")
    return region


def _year_choices(year: int) -> list[int]:
    top = max(current_year(), year) + 1
    return list(range(top, top - 8, -1))


def _place(request: HttpRequest, kind: str, pk: int):
    if kind == "unit":
        return get_object_for_user(Unit.objects.select_related("region"), request.user, pk=pk)
    if not request.user.is_bureau:
        raise PermissionDenied("区划的指标由局机关工作人员填报。")
    return get_object_for_user(Region, request.user, pk=pk)


def _place_url(name: str, place, year: int) -> str:
    kind = "unit" if isinstance(place, Unit) else "region"
    return reverse(f"indicators:{name}", args=[kind, place.pk, year])


# --- results ---------------------------------------------------------------------------------


def _grouped(results) -> list[tuple[str, list]]:
    groups = defaultdict(list)
    for result in results:
        groups[result.indicator.category].append(result)
    return [(Category(c).label, groups[c]) for c in CATEGORY_ORDER if groups[c]]


@require_GET
@bureau_required
def scorecard(request: HttpRequest) -> HttpResponse:
    year, region = _year(request), _region(request)
    results = region_results(year, region)
    evaluated = [r for r in results if r.direction != Direction.NONE]
    counts = status_counts(evaluated)
    return render(
        request,
        "indicators/scorecard.html",
        {
            "year": year,
            "region": region,
            "years": _year_choices(year),
            "regions": Region.objects.visible_to(request.user),
            "groups": _grouped(evaluated),
            "counts": [(status, Status(status).label, n) for status, n in counts.items() if n],
            "basics": [r for r in results if r.direction == Direction.NONE],
            "status_chart": status_pie(counts),
        },
    )


@require_GET
@bureau_required
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.select_related("numerator", "denominator"), code=code
    )
    year, region = _year(request), _region(request)
    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    series = region_series(region, indicator, years)
    ranking = []
    if indicator.level == Level.UNIT:
        for unit, results in units_results(year, region, indicators=[indicator]):
            for result in results:
                ranking.append((unit.name, unit, result))
    else:
        indicators = [indicator, *([indicator.numerator, indicator.denominator])]
        for child in Region.objects.filter(parent=region):
            figure = RegionFigures(child, [year], indicators).figure(indicator, year)
            ranking.append((child.name, child, figure))
    reported = [row for row in ranking if _ranking_value(row) is not None]
    reported.sort(key=_ranking_value, reverse=not indicator.lower_is_better)
    missing = [row for row in ranking if _ranking_value(row) is None]
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "year": year,
            "region": region,
            "years": _year_choices(year),
            "regions": Region.objects.visible_to(request.user),
            "series": series,
            "current": series[-1],
            "trend_chart": trend(indicator, series),
            "ranking": reported,
            "missing": missing,
        },
    )


def _ranking_value(row):
    return row[2].value


# --- entry -----------------------------------------------------------------------------------


@require_GET
def entry_index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_unit_person:
        return redirect("indicators:entry", "unit", user.unit_id, _year(request))
    if user.can_write:
        return redirect("indicators:grid")
    raise PermissionDenied("数据填报由填报单位和局机关工作人员使用。")


def _entry_context(place, year: int, user, form=None) -> dict:
    indicators = active_indicators()
    owed = workflow.entry_indicators(place, indicators)
    stored = {v.indicator_id: v for v in Value.objects.for_place(place).filter(year__in=[year])}
    previous = {
        v.indicator_id: v.value
        for v in Value.objects.for_place(place).filter(year=year - 1).only("indicator", "value")
    }
    if isinstance(place, Unit):
        path = place.region.path
        query = Q(unit_id=place.pk) | Q(region_id__in=region_and_ancestor_ids(path))
        unit_id = place.pk
    else:
        path, query, unit_id = (
            place.path,
            Q(region_id__in=region_and_ancestor_ids(place.path)),
            None,
        )
    targets = TargetBook.load([year], query)
    owed_ids = {i.pk for i in owed}
    computed = [
        i for i in indicators if i.is_computed and {i.numerator_id, i.denominator_id} <= owed_ids
    ]
    if form is None:
        initial = {}
        for indicator in owed:
            value = stored.get(indicator.pk)
            if value is not None:
                initial[f"v_{indicator.code}"] = plain_number(value.value)
                initial[f"c_{indicator.code}"] = value.comment
        form = ValuesForm(initial=initial, indicators=owed, previous=previous, computed=computed)
    from indicators.evaluation import target_text

    rows = []
    for indicator in owed:
        target = targets.find(indicator.pk, year, path, unit_id)
        rows.append(
            {
                "indicator": indicator,
                "field": form[f"v_{indicator.code}"],
                "comment": form[f"c_{indicator.code}"],
                "previous": previous.get(indicator.pk),
                "target": target_text(target.operator, target.value, indicator.unit_label)
                if target
                else "",
                "stored": stored.get(indicator.pk),
            }
        )
    state = workflow.state_of([v.status for v in stored.values()], len(owed))
    allowed = workflow.actions(user, place, state)
    return {
        "place": place,
        "place_kind": "unit" if isinstance(place, Unit) else "region",
        "year": year,
        "years": _year_choices(year),
        "form": form,
        "rows": rows,
        "state": state,
        "editable": allowed.enter,
        "actions": allowed,
        "reopen_form": ReopenForm(),
        "reopen_hint": workflow.resubmit_hint(place) if allowed.reopen else "",
    }


@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, kind: str, pk: int, year: int) -> HttpResponse:
    place = _place(request, kind, pk)
    context = _entry_context(place, year, request.user)
    if request.method == "POST":
        if not workflow.may_enter(request.user, place):
            raise PermissionDenied("您只能查看，不能填报这些指标。")
        old = context["form"]
        form = ValuesForm(
            request.POST, indicators=old.indicators, previous=old.previous, computed=old.computed
        )
        if form.is_valid():
            try:
                changed = workflow.save_values(place, year, form.entries(), request.user)
            except workflow.WorkflowError as error:
                messages.error(request, str(error))
                return redirect(_place_url("entry", place, year))
            messages.success(request, f"已保存，{changed}项有变动。")
            return redirect(_place_url("entry", place, year))
        context = _entry_context(place, year, request.user, form=form)
        return render(request, "indicators/entry.html", context, status=400)
    return render(request, "indicators/entry.html", context)


def _transition(request, kind: str, pk: int, year: int, operation, done, **extra):
    """Run a workflow operation on a place's year; `done(place, year, count)` is the message."""
    place = _place(request, kind, pk)
    try:
        count = operation(place, year, request.user, **extra)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done(place, year, count))
    return redirect(next_url(request, _place_url("entry", place, year)))


def _submitted(user):
    def message(place, year: int, count: int) -> str:
        if workflow.submits_on_behalf(user, place):
            return f"已代{place.name}上报{year}年的{count}项指标（该单位没有单位负责人账号）。"
        return f"已上报{place.name}{year}年的{count}项指标。"

    return message


@require_POST
def submit(request: HttpRequest, kind: str, pk: int, year: int) -> HttpResponse:
    return _transition(request, kind, pk, year, workflow.submit, _submitted(request.user))


@require_POST
def approve(request: HttpRequest, kind: str, pk: int, year: int) -> HttpResponse:
    return _transition(
        request,
        kind,
        pk,
        year,
        workflow.approve,
        lambda place, year, count: f"已审核{place.name}{year}年的{count}项指标，数据已锁定。",
    )


@require_POST
def reopen(request: HttpRequest, kind: str, pk: int, year: int) -> HttpResponse:
    form = ReopenForm(request.POST)
    if not form.is_valid():
        place = _place(request, kind, pk)
        if not workflow.may_approve(request.user, place):
            raise PermissionDenied("只有局机关工作人员可以退回。")
        messages.error(request, "请填写退回原因。")
        return redirect(_place_url("entry", place, year))
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
def history(request: HttpRequest, kind: str, pk: int, year: int) -> HttpResponse:
    place = _place(request, kind, pk)
    key = {"unit_id": place.pk} if isinstance(place, Unit) else {"region_id": place.pk}
    records = list(
        Value.history.filter(year=year, **key)
        .select_related("history_user", "indicator")
        .order_by("-history_date", "-history_id")[:300]
    )
    # Each record's predecessor (same value row) gives the "old" side of old → new.
    by_value = defaultdict(list)
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        by_value[record.id].append(record)
    rows = []
    for chain in by_value.values():
        for index, record in enumerate(chain):
            before = chain[index - 1] if index else None
            rows.append({"record": record, "before": before})
    rows.sort(key=lambda row: (row["record"].history_date, row["record"].history_id), reverse=True)
    return render(
        request,
        "indicators/history.html",
        {"place": place, "year": year, "rows": rows, "place_kind": kind},
    )


@require_http_methods(["GET", "POST"])
@writer_required
def grid(request: HttpRequest) -> HttpResponse:
    """One input indicator across every unit (or region) of a region: the staff's fast entry."""
    year, region = _year(request), _region(request)
    inputs = list(Indicator.objects.active().filter(kind=Kind.INPUT))
    code = request.GET.get("indicator") or (inputs[0].code if inputs else "")
    indicator = next((i for i in inputs if i.code == code), None)
    if indicator is None:
        raise Http404("没有这个填报指标。")
    if indicator.level == Level.UNIT:
        places = [
            u
            for u in Unit.objects.in_region(region).select_related("region")
            if indicator.applies_to_kind(u.kind)
        ]
        key = "unit_id"
        stored = Value.objects.filter(
            indicator=indicator, unit__region__path__startswith=region.path
        )
    else:
        places = list(Region.objects.subtree_of(region))
        key = "region_id"
        stored = Value.objects.filter(indicator=indicator, region__path__startswith=region.path)
    current = {getattr(v, key): v for v in stored.filter(year=year)}
    previous = {getattr(v, key): v.value for v in stored.filter(year=year - 1)}

    rows, errors, entries = [], 0, []
    for place in places:
        value = current.get(place.pk)
        row = {"place": place, "value": value, "previous": previous.get(place.pk), "error": ""}
        row["text"] = plain_number(value.value) if value else ""
        row["comment"] = value.comment if value else ""
        row["locked"] = bool(value and value.is_locked)
        if request.method == "POST" and not row["locked"]:
            row["text"] = request.POST.get(f"v_{place.pk}", "").strip()
            row["comment"] = request.POST.get(f"c_{place.pk}", "").strip()
            number, row["error"] = _parse_grid(indicator, row)
            errors += bool(row["error"])
            if not row["error"] and (number is not None or value is not None):
                entries.append((place, number, row["comment"]))
        rows.append(row)

    if request.method == "POST":
        if not errors:
            changed = 0
            for place, number, comment in entries:
                changed += workflow.save_values(
                    place, year, [(indicator, number, comment)], request.user
                )
            messages.success(request, f"已保存“{indicator.name}”，{changed}个单位有变动。")
            return redirect(f"{reverse('indicators:grid')}?{request.GET.urlencode()}")
        messages.error(request, f"有{errors}处填写有误，未保存任何数据。请修改标红的格子。")
    return render(
        request,
        "indicators/grid.html",
        {
            "indicator": indicator,
            "inputs": inputs,
            "year": year,
            "years": _year_choices(year),
            "region": region,
            "regions": Region.objects.visible_to(request.user),
            "rows": rows,
        },
        status=400 if errors else 200,
    )


def _parse_grid(indicator: Indicator, row: dict):
    from healthreport.excel import parse_decimal
    from indicators.checks import check_value

    if not row["text"]:
        return None, ""
    try:
        number = parse_decimal(row["text"])
    except ValueError as error:
        return None, str(error)
    problems = check_value(indicator, number, row["previous"], row["comment"])
    return number, "；".join(problems)


@require_GET
@bureau_required
def progress(request: HttpRequest) -> HttpResponse:
    """Which units and regions have reported the year's figures, and how far they have got."""
    year, region = _year(request), _region(request)
    indicators = active_indicators()
    statuses = defaultdict(list)
    for unit_id, region_id, status in (
        Value.objects.filter(year=year)
        .filter(
            Q(unit__region__path__startswith=region.path) | Q(region__path__startswith=region.path)
        )
        .values_list("unit_id", "region_id", "status")
    ):
        statuses[("unit", unit_id) if unit_id else ("region", region_id)].append(status)
    rows = []
    for unit in Unit.objects.in_region(region).select_related("region"):
        owed = workflow.entry_indicators(unit, indicators)
        if owed:
            state = workflow.state_of(statuses[("unit", unit.pk)], len(owed))
            rows.append({"place": unit, "kind": "unit", "state": state})
    region_rows = []
    owed_regions = len(workflow.entry_indicators(region, indicators))
    for place in Region.objects.subtree_of(region):
        state = workflow.state_of(statuses[("region", place.pk)], owed_regions)
        region_rows.append({"place": place, "kind": "region", "state": state})
    only = request.GET.get("only")
    if only == "late":
        rows = [r for r in rows if r["state"].status in ("", ValueStatus.DRAFT)]
    summary = defaultdict(int)
    for row in rows:
        summary[row["state"].label] += 1
    return render(
        request,
        "indicators/progress.html",
        {
            "year": year,
            "years": _year_choices(year),
            "region": region,
            "regions": Region.objects.visible_to(request.user),
            "rows": rows,
            "region_rows": region_rows,
            "summary": dict(summary),
            "only": only,
        },
    )


@require_GET
@bureau_required
def catalogue(request: HttpRequest) -> HttpResponse:
    indicators = Indicator.objects.select_related("numerator", "denominator")
    return render(request, "indicators/catalogue.html", {"groups": _catalogue_groups(indicators)})


def _catalogue_groups(indicators):
    groups = defaultdict(list)
    for indicator in indicators:
        groups[indicator.category].append(indicator)
    return [(Category(c).label, groups[c]) for c in CATEGORY_ORDER if groups[c]]


# --- Excel -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@writer_required
def import_values(request: HttpRequest) -> HttpResponse:
    return handle_import(
        request,
        ValueImporter(request.user),
        template="indicators/import.html",
        done_url=reverse("indicators:progress"),
        context={"template_url": reverse("indicators:values_template"), "what": "指标数值"},
    )


@require_http_methods(["GET", "POST"])
@writer_required
def import_targets(request: HttpRequest) -> HttpResponse:
    return handle_import(
        request,
        TargetImporter(request.user),
        template="indicators/import.html",
        done_url=reverse("indicators:scorecard"),
        context={"template_url": reverse("indicators:targets_template"), "what": "指标目标"},
    )


@require_GET
@writer_required
def values_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(exports.values_template(), "指标数值导入模板.xlsx")


@require_GET
@writer_required
def targets_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(exports.targets_template(), "指标目标导入模板.xlsx")


@require_GET
@bureau_required
def export(request: HttpRequest) -> HttpResponse:
    year, region = _year(request), _region(request)
    return xlsx_response(exports.export_year(year, region), f"{region.name}{year}年指标.xlsx")
