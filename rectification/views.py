from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.policy import NotAllowed, WorkflowError, refuse
from accounts.scoping import (
    bureau_required,
    get_object_for_user,
    get_object_for_writer,
    writer_required,
)
from healthreport.lib import clock
from healthreport.lib.excel import xlsx_response
from healthreport.lib.http import AuthenticatedRequest, next_url, paginate, render_form
from healthreport.lib.replica import reads_from_replica
from healthreport.lib.versions import save_if_current, save_unique
from rectification import dashboard, policy, sanctions, workflow
from rectification.evidence import add_evidence
from rectification.filters import ProblemFilter
from rectification.forms import (
    ActionForm,
    DecisionForm,
    EvidenceForm,
    ExtensionForm,
    InspectionForm,
    ProblemForm,
    SanctionCorrectionForm,
    SanctionForm,
    SanctionVoidForm,
)
from rectification.ledger import export_ledger
from rectification.metrics import year_figures
from rectification.models import (
    DUPLICATE_PROBLEM,
    EventAction,
    Evidence,
    ExtensionRequest,
    ExtensionStatus,
    Inspection,
    Problem,
    Sanction,
)
from units.forms import YearRegionForm, year_choices
from units.lookup import export_filename


def _filtered(request: AuthenticatedRequest) -> ProblemFilter:
    today = clock.today()
    problems = (
        Problem.objects.visible_to(request.user)
        .select_related("unit", "category", "inspection__source")
        .with_flags(today)
    )
    return ProblemFilter(request.GET or None, queryset=problems, user=request.user, today=today)


@require_GET
@reads_from_replica()
def problem_list(request: AuthenticatedRequest) -> HttpResponse:
    problem_filter = _filtered(request)
    # The page's keys in a subquery, the rows of those keys around it: sorting a year's problems
    # (200,000 in a province) to find 50 then sorts narrow (deadline, id) pairs, and the joins
    # of the rows shown are made for those 50 only. Still one query.
    problems = problem_filter.qs
    context = paginate(request, problems.values_list("pk", flat=True))
    page = context["page"]
    page.object_list = problem_filter.queryset.filter(pk__in=page.object_list).order_by(
        *problems.query.order_by
    )
    return render(request, "rectification/problem_list.html", {"filter": problem_filter, **context})


@require_GET
def problem_export(request: AuthenticatedRequest) -> HttpResponse:
    problem_filter = _filtered(request)
    problem_filter.is_valid()  # the fields that are valid are what the list shows
    asked = getattr(problem_filter.form, "cleaned_data", {})  # none for an unbound form
    year = int(asked["year"]) if asked.get("year") else None
    filename = export_filename("整改台账", request.user, year=year, region=asked.get("region"))
    return xlsx_response(export_ledger(problem_filter.qs), filename)


@require_GET
def problem_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    problem, may = policy.problem_for_user(
        request.user,
        Problem.objects.select_related(
            "unit__region", "category", "inspection__source", "submitted_by", "verified_by"
        ).with_flags(clock.today()),
        pk,
    )
    actions = list(may.actions)
    evidence = list(problem.evidence.select_related("uploaded_by"))
    # Without evidence the 验收销号 button would only lead to a refusal: say why instead.
    close_blocked = ""
    if workflow.Action.CLOSE in actions and not evidence:
        actions.remove(workflow.Action.CLOSE)
        close_blocked = workflow.NO_EVIDENCE_TO_CLOSE
    pending = [e for e in problem.extensions.all() if e.status == ExtensionStatus.PENDING]
    context = {
        "problem": problem,
        "may": may,
        "events": problem.events.select_related("actor"),
        "evidence": evidence,
        "extensions": problem.extensions.select_related("requested_by", "decided_by"),
        "pending_extension": pending[0] if pending else None,
        "sanctions": problem.sanctions.select_related("voided_by"),
        "actions": [(a, workflow.Action(a).label) for a in actions],
        "close_blocked": close_blocked,
        "action_form": ActionForm(),
        "four_points": workflow.FOUR_POINTS,
        "may_upload": may.upload,
        "may_extend": may.extend,
        "extension_form": ExtensionForm(),
        "sanction_form": SanctionForm(initial={"date": clock.today()}) if may.sanction else None,
        "evidence_max_mb": settings.EVIDENCE_MAX_BYTES // 2**20,
    }
    return render(request, "rectification/problem_detail.html", context)


def _refused(request: AuthenticatedRequest, error: WorkflowError, problem_pk: int):
    refuse(request, error)
    return redirect("rectification:problem_detail", pk=problem_pk)


@require_POST
def problem_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    problem = get_object_for_user(Problem, request.user, pk=pk)
    if action not in workflow.RULES:
        raise Http404("未知的操作。")
    form = ActionForm(request.POST)
    form.is_valid()
    try:
        workflow.transition(
            problem,
            action,
            request.user,
            note=form.cleaned_data.get("note", ""),
            four_points=form.four_points(),
        )
    except WorkflowError as error:
        return _refused(request, error, pk)
    messages.success(request, f"已{workflow.Action(action).label}。")
    return redirect("rectification:problem_detail", pk=pk)


@require_POST
def evidence_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    problem = get_object_for_user(Problem, request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
        return redirect("rectification:problem_detail", pk=pk)
    upload = form.cleaned_data["file"]
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        limit = settings.EVIDENCE_MAX_BYTES // 2**20
        messages.error(request, f"文件大小为{upload.size / 2**20:.1f}MB，超过了{limit}MB的上限。")
        return redirect("rectification:problem_detail", pk=pk)
    try:
        add_evidence(problem, request.user, name=upload.name, data=upload.read())
    except WorkflowError as error:
        return _refused(request, error, pk)
    messages.success(request, f"已上传“{upload.name}”。")
    return redirect("rectification:problem_detail", pk=pk)


def _serve(evidence: Evidence, field: str) -> FileResponse:
    stored = getattr(evidence, field)
    if not stored:
        raise Http404("没有缩略图。")
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        # The record outlived its file (a restore without its media, a file removed by hand).
        raise Http404("文件已不在服务器上，请联系系统管理员。") from None
    response = FileResponse(
        handle,
        content_type="image/jpeg" if field == "thumbnail" else evidence.content_type,
        as_attachment=field == "file" and not evidence.is_image,
        filename=evidence.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def evidence_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    return _serve(get_object_for_user(Evidence, request.user, pk=pk), "file")


@require_GET
def evidence_thumbnail(request: AuthenticatedRequest, pk: int) -> FileResponse:
    return _serve(get_object_for_user(Evidence, request.user, pk=pk), "thumbnail")


@require_POST
def extension_request(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    problem = get_object_for_user(Problem, request.user, pk=pk)
    form = ExtensionForm(request.POST)
    form.is_valid()
    try:
        workflow.request_extension(
            problem,
            request.user,
            new_deadline=form.cleaned_data.get("new_deadline"),
            reason=form.cleaned_data.get("reason", ""),
        )
    except WorkflowError as error:
        return _refused(request, error, pk)
    messages.success(request, "延期申请已提交，等待局机关审批。")
    return redirect("rectification:problem_detail", pk=pk)


@require_POST
def extension_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    extension = get_object_for_user(ExtensionRequest, request.user, pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    approve = form.cleaned_data.get("approve", False)
    try:
        workflow.decide_extension(
            extension, request.user, approve=approve, note=form.cleaned_data.get("note", "")
        )
    except WorkflowError as error:
        return _refused(request, error, extension.problem_id)
    messages.success(request, "已同意延期。" if approve else "已驳回延期申请。")
    return redirect(next_url(request, extension.problem.get_absolute_url()))


@require_POST
def sanction_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    problem = get_object_for_writer(Problem, request.user, pk=pk)
    form = SanctionForm(request.POST)
    if not form.is_valid():
        errors = "；".join(
            f"{form.fields[k].label}：{v[0]}" if k in form.fields else str(v[0])
            for k, v in form.errors.items()
        )
        messages.error(request, f"处理处罚未登记。{errors}")
        return redirect("rectification:problem_detail", pk=pk)
    try:
        sanction = sanctions.record_sanction(problem, request.user, **form.cleaned_data)
    except WorkflowError as error:
        refuse(request, error, "处理处罚未登记。")
        return redirect("rectification:problem_detail", pk=pk)
    messages.success(request, f"已登记处理：{sanction.get_kind_display()}。")
    return redirect("rectification:problem_detail", pk=pk)


def _sanction_for(user: User, pk: int, *, writer: bool = False) -> Sanction:
    fetch = get_object_for_writer if writer else get_object_for_user
    return fetch(
        Sanction.objects.select_related("unit", "problem", "created_by", "voided_by"),
        user,
        pk=pk,
    )


@require_GET
def sanction_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    sanction = _sanction_for(request.user, pk)
    context = {
        "sanction": sanction,
        "history": sanctions.history(sanction),
        "may_change": policy.sanction_access(request.user, sanction),
        "void_form": SanctionVoidForm(),
    }
    return render(request, "rectification/sanction_detail.html", context)


@require_http_methods(["GET", "POST"])
def sanction_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """更正: change a sanction's fields, with a reason kept in its history."""
    sanction = _sanction_for(request.user, pk, writer=True)
    if sanction.is_void:
        messages.error(request, "该处理处罚已作废，不能再更正。")
        return redirect(sanction)
    form = SanctionCorrectionForm(
        request.POST or None,
        instance=sanction,
        initial={"version": sanctions.version_of(sanction)},
    )
    if form.is_valid():
        try:
            sanctions.correct_sanction(
                sanction.pk,
                request.user,
                changes={f: form.cleaned_data[f] for f in sanctions.EDITABLE_FIELDS},
                reason=form.cleaned_data["reason"],
                seen_version=form.cleaned_data.get("version"),
            )
        except NotAllowed:
            raise
        except WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "已更正处理处罚，原记录保留在修改记录中。")
            return redirect(sanction)
    return render_form(
        request, "rectification/sanction_form.html", {"form": form, "sanction": sanction}
    )


@require_POST
def sanction_void(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """作废: the sanction stays on record, struck out, and is no longer counted."""
    sanction = _sanction_for(request.user, pk, writer=True)
    form = SanctionVoidForm(request.POST)
    form.is_valid()
    try:
        sanctions.void_sanction(sanction, request.user, reason=form.cleaned_data.get("reason", ""))
    except WorkflowError as error:
        refuse(request, error, "未作废。")
        return redirect(sanction)
    messages.success(request, "已作废该处理处罚，原记录保留。")
    return redirect(sanction)


@require_http_methods(["GET", "POST"])
def problem_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    problem = get_object_for_writer(Problem, request.user, pk=pk)
    if not problem.is_open:
        messages.error(request, f"该问题{problem.state_phrase}，不能再修改。")
        return redirect(problem)
    form = ProblemForm(
        request.POST or None, instance=problem, user=request.user, inspection=problem.inspection
    )
    # The problem is locked and its version checked in the transaction that saves it.
    if form.is_valid() and save_if_current(
        form, lambda: _saved(form, request.user, EventAction.EDITED, "修改了问题信息")
    ):
        messages.success(request, "已保存修改。")
        return redirect(problem)
    return render_form(
        request,
        "rectification/problem_form.html",
        {"form": form, "inspection": problem.inspection, "problem": problem},
    )


def _saved(form: ProblemForm, user: User, action: str, note: str = "") -> bool:
    """Save the problem and record the event; False, with the form's error, when the database
    refuses a duplicate the form's check could not see (the same problem sent at the same
    moment: problem_unique_inspection_unit_description)."""
    problem = form.save(commit=False)
    if problem._state.adding:
        problem.created_by = user
        note = f"整改时限：{problem.deadline:%Y-%m-%d}"

    def save() -> None:
        problem.save()
        workflow.record_event(problem, user, action, note)

    return save_unique(form, save, field="description", message=DUPLICATE_PROBLEM) is not False


# Inspections --------------------------------------------------------------------------------


@require_GET
@bureau_required
def inspection_list(request: AuthenticatedRequest) -> HttpResponse:
    inspections = (
        Inspection.objects.visible_to(request.user)
        .select_related("source", "region")
        .annotate(problem_count=Count("problems"))
        .order_by("-date", "-pk")
    )
    year = request.GET.get("year")
    if year and year.isdigit():
        inspections = inspections.filter(date__year=int(year))
    return render(
        request,
        "rectification/inspection_list.html",
        {
            **paginate(request, inspections),
            "years": year_choices(clock.today()),
            "year": year,
        },
    )


@require_GET
def inspection_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    inspection, may = policy.inspection_for_user(
        request.user, Inspection.objects.select_related("source", "region"), pk
    )
    problems = (
        Problem.objects.visible_to(request.user)
        .filter(inspection=inspection)
        .select_related("unit", "category")
        .with_flags(clock.today())
    )
    return render(
        request,
        "rectification/inspection_detail.html",
        {"inspection": inspection, "problems": problems, "may": may},
    )


def _inspection_form_page(request, inspection: Inspection | None) -> HttpResponse:
    form = InspectionForm(request.POST or None, instance=inspection)
    if form.is_valid():
        saved = form.save(commit=False)
        if saved.pk is None:
            saved.created_by = request.user
            saved.region = request.user.region
        # A twin (source, title, date) saved since the form's check is refused in Chinese.
        if save_unique(form, saved.save) is not False:
            messages.success(request, f"已保存检查“{saved.title}”。")
            return redirect(saved)
    return render_form(
        request, "rectification/inspection_form.html", {"form": form, "inspection": inspection}
    )


@require_http_methods(["GET", "POST"])
@writer_required
def inspection_create(request: AuthenticatedRequest) -> HttpResponse:
    return _inspection_form_page(request, None)


@require_http_methods(["GET", "POST"])
def inspection_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    inspection = get_object_for_writer(Inspection, request.user, pk=pk)
    if not policy.may_edit_inspection(request.user, inspection):
        raise PermissionDenied("该检查由上级卫健局组织，只有组织单位可以修改检查信息。")
    return _inspection_form_page(request, inspection)


CARRIED_OVER = ("unit", "deadline")


@require_http_methods(["GET", "POST"])
def problem_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    inspection = get_object_for_writer(Inspection, request.user, pk=pk)
    # 保存并继续下发 carries the unit and deadline over: an inspection's problems often share them.
    # The unit is still chosen among the units the form offers (scope, 在用).
    initial = {name: request.GET[name] for name in CARRIED_OVER if request.GET.get(name)}
    form = ProblemForm(
        request.POST or None, initial=initial, user=request.user, inspection=inspection
    )
    if form.is_valid() and _saved(form, request.user, EventAction.CREATED):
        messages.success(request, "已下发整改问题。")
        if "another" in request.POST:
            kept = form.cleaned_data
            carried = {"unit": kept["unit"].pk, "deadline": f"{kept['deadline']:%Y-%m-%d}"}
            create = reverse("rectification:problem_create", args=[inspection.pk])
            return redirect(f"{create}?{urlencode(carried)}")
        return redirect(inspection)
    return render_form(
        request, "rectification/problem_form.html", {"form": form, "inspection": inspection}
    )


# Queue, statistics, import ----------------------------------------------------------------------


@require_GET
@writer_required
def queue(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "rectification/queue.html", dashboard.staff_context(request.user, clock.today())
    )


# The units the statistics page lists, most problems first (at most metrics.UNITS_LISTED).
STATS_UNITS = 100


@require_GET
@bureau_required
@reads_from_replica()
def stats(request: AuthenticatedRequest) -> HttpResponse:
    scope = _stats_scope(request)
    year, region = scope.selected_year(), scope.selected_region_or_all()
    figures = year_figures(year, region, as_of=clock.today())
    context = {
        "figures": figures,
        # A province has 100,000 units: the table lists those with the most problems
        # (year_figures ranks them; the export has them all), so that the page's size does not
        # grow with the record.
        "units_shown": figures.by_unit[:STATS_UNITS],
        "years": year_choices(clock.today()),
        "year": year,
        "region": region,
        "region_error": scope.region_error,
        "overdue_label": dashboard.overdue_label(year),
        **dashboard.charts_for(figures),
    }
    return render(request, "rectification/stats.html", context)


def _stats_scope(request: AuthenticatedRequest) -> YearRegionForm:
    """The year and region of the statistics page and of its export: the region asked for
    (within the user's scope), else the user's own, else all they see."""
    return YearRegionForm(request.GET, user=request.user, today=clock.today())


@require_GET
@bureau_required
@reads_from_replica()
def stats_export(request: AuthenticatedRequest) -> HttpResponse:
    """The ledger of the year and region shown on the statistics page."""
    scope = _stats_scope(request)
    scope.refuse_unknown_region()
    year, region = scope.selected_year(), scope.selected_region_or_all()
    problems = Problem.objects.visible_to(request.user).of_year(year).in_region(region)
    filename = export_filename("整改台账", request.user, year=year, region=region)
    return xlsx_response(export_ledger(problems, title=f"{year}年整改台账"), filename)
