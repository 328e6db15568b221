from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.scoping import (
    bureau_required,
    get_object_for_user,
    get_object_for_writer,
    writer_required,
)
from healthreport.lib import clock
from healthreport.lib.excel import xlsx_response
from healthreport.lib.http import AuthenticatedRequest, mark_personal_data, paginate, render_form
from healthreport.lib.terms import Term, definition
from healthreport.lib.versions import save_if_current, save_unique
from units.filters import UnitFilter
from units.forms import MedicalCommunityForm, MemberForm, RegionForm, UnitForm
from units.importer import PERSONAL_DATA, export_units
from units.lookup import export_filename
from units.models import (
    APPROVED_BEDS_LABEL,
    MedicalCommunity,
    Region,
    RegionLevel,
    RegionQuerySet,
    Unit,
)
from units.pickers import (
    community_suggestion,
    region_suggestions,
    regions_to,
    suggest_communities,
    suggest_regions,
    suggest_units,
    unit_suggestion,
)
from units.status import deactivate, reactivate

# The names of the figures these pages show, read from their one definition.
LABELS = {
    "approved_beds_label": APPROVED_BEDS_LABEL,
    "members_label": Term.COMMUNITY_MEMBERS.label,
    "members_definition": definition(Term.COMMUNITY_MEMBERS),
}


def _filtered_units(request: AuthenticatedRequest) -> UnitFilter:
    units = Unit.objects.visible_to(request.user).select_related("region", "medical_community")
    return UnitFilter(request.GET or None, queryset=units, user=request.user)


@require_GET
def unit_list(request: AuthenticatedRequest) -> HttpResponse:
    unit_filter = _filtered_units(request)
    return render(
        request,
        "units/unit_list.html",
        {"filter": unit_filter, **paginate(request, unit_filter.qs), **LABELS},
    )


def _units_filename(request: AuthenticatedRequest, unit_filter: UnitFilter) -> str:
    """'2026年青山县机构名录.xlsx': the list as it stands this year, of the region chosen."""
    region = unit_filter.form.cleaned_data.get("region") if unit_filter.is_valid() else None
    return export_filename("机构名录", request.user, year=clock.today().year, region=region)


@require_GET
def unit_export(request: AuthenticatedRequest) -> HttpResponse:
    unit_filter = _filtered_units(request)
    filename = _units_filename(request, unit_filter)
    response = xlsx_response(export_units(unit_filter.qs, request.user), filename)
    return mark_personal_data(response, PERSONAL_DATA)


@require_GET
def unit_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = get_object_for_user(
        Unit.objects.select_related("region", "medical_community__lead_unit"), request.user, pk=pk
    )
    history = unit.history.select_related("history_user").order_by("-history_date")[:10]
    return render(request, "units/unit_detail.html", {"unit": unit, "history": history, **LABELS})


def _status_change(request: AuthenticatedRequest, pk: int, change, done: str) -> HttpResponse:
    unit = get_object_for_writer(Unit, request.user, pk=pk)
    try:
        change(unit, request.user, request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"已{done}“{unit.name}”。")
    return redirect("units:unit_detail", pk=unit.pk)


@require_GET
def unit_suggest(request: AuthenticatedRequest) -> JsonResponse:
    """The units a search box offers (units.pickers): at most 20 in the person's scope whose
    name or credit code contains ?q=; only units in use with ?active=1 (for new records)."""
    units = Unit.objects.visible_to(request.user)
    if request.GET.get("active"):
        units = units.active()
    found = suggest_units(request.GET.get("q", ""), units)
    return JsonResponse({"results": [unit_suggestion(unit) for unit in found]})


@require_GET
def region_suggest(request: AuthenticatedRequest) -> JsonResponse:
    """The regions a search box offers (units.pickers): at most 20 in the person's scope whose
    name contains ?q=, each with its full path; ?max_level=2 stops at counties."""
    level = request.GET.get("max_level", "")
    max_level = RegionLevel(int(level)) if level in {str(v) for v in RegionLevel.values} else None
    regions = regions_to(Region.objects.visible_to(request.user), max_level)
    found = suggest_regions(request.GET.get("q", ""), regions)
    return JsonResponse({"results": region_suggestions(found)})


@require_GET
def community_suggest(request: AuthenticatedRequest) -> JsonResponse:
    """The 医共体 a search box offers (units.pickers): at most 20 in the person's scope whose
    name contains ?q=."""
    communities = MedicalCommunity.objects.visible_to(request.user)
    found = suggest_communities(request.GET.get("q", ""), communities)
    return JsonResponse({"results": [community_suggestion(c) for c in found]})


@require_POST
def unit_deactivate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, deactivate, "停用")


@require_POST
def unit_reactivate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, reactivate, "启用")


@require_http_methods(["GET", "POST"])
@writer_required
def unit_create(request: AuthenticatedRequest) -> HttpResponse:
    form = UnitForm(request.POST or None, user=request.user)
    # save_unique: a twin saved between the form's check and this save is refused in Chinese.
    if form.is_valid() and (unit := save_unique(form)):
        messages.success(request, f"已新增单位“{unit.name}”。")
        return redirect("units:unit_detail", pk=unit.pk)
    return render_form(request, "units/unit_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def unit_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = get_object_for_writer(Unit, request.user, pk=pk)
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    # The unit is locked and its version checked in the transaction that saves it.
    if form.is_valid() and save_if_current(form, lambda: save_unique(form)):
        messages.success(request, f"已保存“{unit.name}”的修改。")
        return redirect("units:unit_detail", pk=unit.pk)
    return render_form(request, "units/unit_form.html", {"form": form, "unit": unit})


def _tree_rows(regions: RegionQuerySet) -> RegionQuerySet:
    """Rows of the region tree with each one's 直属机构数 and whether it has lower regions, in
    one query however many rows (a province has about 1,600 regions: the page shows some)."""
    lower = Region.objects.filter(parent=OuterRef("pk"))
    return regions.annotate(unit_count=Count("units"), has_children=Exists(lower)).order_by("path")


@require_GET
@bureau_required
def region_tree(request: AuthenticatedRequest) -> HttpResponse:
    """The top of the person's part of the tree and the level below it; each lower level comes
    on demand (static/js/tree.js asks region_children), or, without JavaScript, as the tree
    rooted there (?root=)."""
    visible = Region.objects.visible_to(request.user)
    root = request.GET.get("root", "")
    if root:
        top = get_object_for_user(Region, request.user, pk=root) if root.isdigit() else None
        if top is None:
            raise Http404("找不到区划。")
        tops = [top]
    elif request.user.region is not None:
        tops = [request.user.region]
    else:
        tops = list(visible.filter(parent__isnull=True))
    ids = [region.pk for region in tops]
    regions = _tree_rows(visible.filter(Q(pk__in=ids) | Q(parent__in=ids)))
    up = tops[0].parent_id if root and tops[0].parent_id else None
    if up is not None and not visible.filter(pk=up).exists():
        up = None
    return render(
        request,
        "units/region_tree.html",
        {"regions": regions, "root": tops[0] if root else None, "up": up, "shown": set(ids)},
    )


@require_GET
@bureau_required
def region_children(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The rows of one region's lower regions, for the tree's 展开 (static/js/tree.js)."""
    region = get_object_for_user(Region, request.user, pk=pk)
    regions = _tree_rows(Region.objects.visible_to(request.user).filter(parent=region))
    return render(request, "units/_region_rows.html", {"regions": regions, "shown": set()})


def _region_form_page(request: AuthenticatedRequest, region: Region | None) -> HttpResponse:
    form = RegionForm(request.POST or None, instance=region, user=request.user)
    if form.is_valid() and (saved := save_unique(form)):
        messages.success(request, f"已保存区划“{saved.name}”。")
        return redirect("units:region_tree")
    return render_form(request, "units/region_form.html", {"form": form, "region": region})


@require_http_methods(["GET", "POST"])
@writer_required
def region_create(request: AuthenticatedRequest) -> HttpResponse:
    return _region_form_page(request, None)


@require_http_methods(["GET", "POST"])
def region_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    region = get_object_for_writer(Region, request.user, pk=pk)
    return _region_form_page(request, region)


@require_GET
def community_list(request: AuthenticatedRequest) -> HttpResponse:
    communities = (
        MedicalCommunity.objects.visible_to(request.user)
        .select_related("region", "lead_unit")
        .with_member_figures()
    )
    return render(
        request,
        "units/community_list.html",
        {
            "communities": communities,
            "member_details": _sees_member_details(request),
            **LABELS,
        },
    )


def _sees_member_details(request: AuthenticatedRequest) -> bool:
    """Beds, heads and phones of a community's units are the bureau's; a unit person sees the
    other members' names only (and reaches no other unit's page)."""
    return request.user.is_bureau


def _community_page(
    request: AuthenticatedRequest, pk: int, member_form: MemberForm | None = None
) -> HttpResponse:
    community = get_object_for_user(
        MedicalCommunity.objects.select_related("region", "lead_unit").with_member_figures(),
        request.user,
        pk=pk,
    )
    members = (
        community.member_units().select_related("region").order_by("region__path", "kind", "name")
    )
    if member_form is None and request.user.can_write:
        member_form = MemberForm(user=request.user, community=community)
    return render(
        request,
        "units/community_detail.html",
        {
            "community": community,
            "members": members,
            "member_details": _sees_member_details(request),
            "member_form": member_form,
            **LABELS,
        },
        status=400 if member_form is not None and member_form.errors else 200,
    )


@require_GET
def community_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _community_page(request, pk)


@require_POST
def community_member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add one unit, found with the search box, to a 医共体 (its rules: MedicalCommunity)."""
    community = get_object_for_writer(
        MedicalCommunity.objects.select_related("region"), request.user, pk=pk
    )
    form = MemberForm(request.POST, user=request.user, community=community)
    if not form.is_valid():
        return _community_page(request, pk, form)
    unit = form.save()
    messages.success(request, f"已将“{unit.name}”加入{community.name}。")
    return redirect("units:community_detail", pk=community.pk)


@require_POST
def community_member_remove(request: AuthenticatedRequest, pk: int, unit_pk: int) -> HttpResponse:
    """Take one unit out of a 医共体 (never its lead unit)."""
    community = get_object_for_writer(MedicalCommunity, request.user, pk=pk)
    unit = get_object_for_user(community.member_units(), request.user, pk=unit_pk)
    try:
        community.remove_member(unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"已将“{unit.name}”移出{community.name}。")
    return redirect("units:community_detail", pk=community.pk)


def _community_form_page(request: AuthenticatedRequest, community: MedicalCommunity | None):
    form = MedicalCommunityForm(request.POST or None, instance=community, user=request.user)
    if form.is_valid() and (saved := save_unique(form)):
        messages.success(request, f"已保存医共体“{saved.name}”。")
        return redirect("units:community_detail", pk=saved.pk)
    return render_form(request, "units/community_form.html", {"form": form, "community": community})


@require_http_methods(["GET", "POST"])
@writer_required
def community_create(request: AuthenticatedRequest) -> HttpResponse:
    return _community_form_page(request, None)


@require_http_methods(["GET", "POST"])
def community_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    community = get_object_for_writer(MedicalCommunity, request.user, pk=pk)
    return _community_form_page(request, community)
