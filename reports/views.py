from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.policy import access_for
from accounts.scoping import (
    bureau_required,
    get_object_for_user,
    get_object_for_writer,
    require_writer,
    writer_required,
)
from healthreport.lib import clock
from healthreport.lib.excel import XLSX_CONTENT_TYPE
from healthreport.lib.http import AuthenticatedRequest, attachment, paginate, render_form
from reports import builders, documents, issuance, notes, policy, workpaper
from reports.entries import set_status as set_entry_status
from reports.filters import IssuedFilter
from reports.forms import (
    IndicatorNoteForm,
    IssueForm,
    MeetingContextForm,
    ReportForm,
    TemplateUploadForm,
    WorkEntryForm,
    default_year,
)
from reports.models import (
    EntryStatus,
    IndicatorNote,
    IssuedReport,
    MeetingContext,
    Part,
    ReportTemplate,
    WorkEntry,
)
from reports.phrases import SHORT_OF_TARGET
from units.forms import YearRegionForm, year_range
from units.models import Region

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report_form(request: AuthenticatedRequest) -> ReportForm:
    """The document chooser, bound to the query string; a region outside the scope is a 404,
    like any object outside it, rather than a form error."""
    form = ReportForm(request.GET or None, user=request.user, today=clock.today())
    region = request.GET.get("region", "")
    if form.is_bound and not form.is_valid() and "region" in form.errors and region.isdigit():
        get_object_for_user(Region, request.user, pk=region)
    return form


@require_GET
@bureau_required
def report_index(request: AuthenticatedRequest) -> HttpResponse:
    """Choose year, region and document; see its outline; download it; issue it (定稿)."""
    form = _report_form(request)
    context: dict = {"form": form, "template": None}
    if form.is_valid():
        context.update(_preview_context(request, form))
    return render_form(request, "reports/index.html", context)


def _preview_context(
    request: AuthenticatedRequest, form: ReportForm, issue_form: IssueForm | None = None
) -> dict:
    """The outline of the chosen document, and its 定稿 state and form."""
    kind, year = form.cleaned_data["kind"], form.cleaned_data["year"]
    region, period = form.cleaned_data["region"], form.cleaned_data["period_key"]
    data = documents.collect(kind, year, region, as_of=clock.today(), period=period)
    if period:
        period = data.key  # the week's Monday or the month's first day, as issues store it
    outline, figures = workpaper.outline_with_figures(kind, data)
    current = issuance.current_issue(kind, year, region, period)
    may_issue = issuance.may_issue(request.user)
    if issue_form is None and may_issue:
        issue_form = IssueForm(
            initial={"replacing": current.number if current else ""},
            user=request.user,
            today=clock.today(),
        )
    return {
        "outline": outline,
        "blocks": workpaper.preview_blocks(outline, figures),
        "figure_count": len(figures),
        "data": data,
        "download_query": urlencode(form.query()),
        "template": ReportTemplate.objects.for_region(region),
        "current_issue": current,
        "issue_form": issue_form if may_issue else None,
        **_inputs_context(request, kind, data, region),
    }


def _inputs_context(
    request: AuthenticatedRequest, kind: str, data: builders.ReportData, region: Region
) -> dict:
    """What the writers recorded for the document (causes and measures, the speech's meeting)
    and where to record the rest; read from the collected facts, not queried again."""
    short = [r for r in data.judged if r.status in SHORT_OF_TARGET]
    context: dict = {
        "notes_missing": sum(1 for r in short if not (r.cause and r.measure)),
        "notes_url": f"{reverse('reports:note_list')}?"
        + urlencode({"year": data.year, "region": region.pk}),
    }
    if kind == builders.DocumentKind.SPEECH:
        context["meeting"] = data.meeting
        context["meeting_url"] = reverse("reports:meeting", args=[region.pk, data.year])
        if access_for(request.user).write:
            instance = MeetingContext.objects.filter(region=region, year=data.year).first()
            context["meeting_form"] = MeetingContextForm(instance=instance, year=data.year)
    return context


def _rendered(request: AuthenticatedRequest) -> documents.RenderedDocument | HttpResponse:
    """The chosen document as the record stands today, or the page explaining a bad choice."""
    form = _report_form(request)
    if not form.is_valid():
        return render_form(request, "reports/index.html", {"form": form})
    choice = form.cleaned_data
    return documents.render(
        choice["kind"],
        choice["year"],
        choice["region"],
        as_of=clock.today(),
        period=choice["period_key"],
    )


@require_GET
@bureau_required
def report_download(request: AuthenticatedRequest) -> HttpResponse:
    rendered = _rendered(request)
    if isinstance(rendered, HttpResponse):
        return rendered
    return attachment(rendered.docx, rendered.file_name, DOCX_CONTENT_TYPE)


@require_GET
@bureau_required
def report_workpaper(request: AuthenticatedRequest) -> HttpResponse:
    """The 数据底稿 of the previewed document: each printed figure and the records behind it."""
    rendered = _rendered(request)
    if isinstance(rendered, HttpResponse):
        return rendered
    return attachment(rendered.workpaper, rendered.workpaper_name, XLSX_CONTENT_TYPE)


@require_GET
def entry_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "reports/entry_list.html", _entry_list_context(request, _year_param(request))
    )


def _entry_list_context(request: AuthenticatedRequest, year: int) -> dict:
    entries = (
        WorkEntry.objects.visible_to(request.user)
        .filter(year=year)
        .select_related("field", "unit", "region", "created_by")
        .order_by("part", "field__order", "order", "pk")
    )
    status = request.GET.get("status")
    if status in EntryStatus.values:
        entries = entries.filter(status=status)
    for entry in entries:
        entry.may = policy.entry_access(request.user, entry)  # type: ignore[attr-defined]
    groups = [(label, [e for e in entries if e.part == part]) for part, label in Part.choices]
    return {
        "groups": groups,
        "year": year,
        "years": year_range(clock.today()),
        "status": status,
        "statuses": EntryStatus.choices,
        "entry_count": len(entries),
    }


def _after_entry_change(request: AuthenticatedRequest, entry: WorkEntry) -> HttpResponse:
    """htmx swaps the list in place; without JavaScript the browser goes back to the list."""
    if request.headers.get("HX-Request"):
        context = _entry_list_context(request, entry.year)
        return render(request, "reports/_entry_groups.html", context)
    return redirect(f"{_list_url()}?year={entry.year}#entry-{entry.pk}")


def _year_param(request: AuthenticatedRequest) -> int:
    today = clock.today()
    return YearRegionForm(
        request.GET, user=request.user, today=today, default_year=default_year(today)
    ).selected_year()


@require_http_methods(["GET", "POST"])
def entry_create(request: AuthenticatedRequest) -> HttpResponse:
    if not policy.may_add_entries(request.user):
        raise PermissionDenied("局领导不填写工作条目。")
    form = WorkEntryForm(request.POST or None, user=request.user, today=clock.today())
    if form.is_valid():
        entry = form.save(commit=False)
        entry.status = policy.new_entry_status(request.user)
        entry.order = _next_order(entry)
        entry.save()
        messages.success(request, f"已保存“{entry.title}”。")
        return redirect(f"{_list_url()}?year={entry.year}")
    return render_form(request, "reports/entry_form.html", {"form": form})


def _next_order(entry: WorkEntry) -> int:
    last = (
        WorkEntry.objects.filter(year=entry.year, part=entry.part, field=entry.field)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
    )
    return (last or 0) + 10


def _list_url() -> str:
    return reverse("reports:entry_list")


def _get_entry_for_editor(request: AuthenticatedRequest, pk: int) -> WorkEntry:
    entry, may = policy.entry_for_user(request.user, pk)
    if not may.edit:
        raise PermissionDenied("已采用的条目由局机关工作人员修改。")
    return entry


@require_http_methods(["GET", "POST"])
def entry_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = _get_entry_for_editor(request, pk)
    form = WorkEntryForm(
        request.POST or None, instance=entry, user=request.user, today=clock.today()
    )
    if form.is_valid():
        form.save()
        messages.success(request, f"已保存“{entry.title}”。")
        return redirect(f"{_list_url()}?year={entry.year}")
    return render_form(request, "reports/entry_form.html", {"form": form, "entry": entry})


@require_POST
def entry_set_status(request: AuthenticatedRequest, pk: int, status: str) -> HttpResponse:
    entry = get_object_for_writer(WorkEntry, request.user, pk=pk)
    set_entry_status(entry, request.user, status)
    verb = "采用" if status == EntryStatus.ADOPTED else "暂不采用"
    messages.success(request, f"已{verb}“{entry.title}”。")
    return _after_entry_change(request, entry)


@require_POST
@transaction.atomic
def entry_move(request: AuthenticatedRequest, pk: int, direction: str) -> HttpResponse:
    """Swap an entry with its neighbour in the same part and field."""
    entry = get_object_for_writer(WorkEntry, request.user, pk=pk)
    siblings = WorkEntry.objects.visible_to(request.user).filter(
        year=entry.year, part=entry.part, field=entry.field
    )
    if direction == "up":
        neighbour = siblings.filter(order__lt=entry.order).order_by("-order").first()
    else:
        neighbour = siblings.filter(order__gt=entry.order).order_by("order").first()
    if neighbour is not None:
        entry.order, neighbour.order = neighbour.order, entry.order
        WorkEntry.objects.bulk_update([entry, neighbour], ["order"])
    return _after_entry_change(request, entry)


@require_POST
def entry_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = _get_entry_for_editor(request, pk)
    entry.delete()
    messages.success(request, f"已删除“{entry.title}”。")
    return redirect(f"{_list_url()}?year={entry.year}")


@require_http_methods(["GET", "POST"])
@bureau_required
def template_page(request: AuthenticatedRequest) -> HttpResponse:
    """Upload the bureau's own .docx (letterhead, styles) for the user's region."""
    region = request.user.region
    current = ReportTemplate.objects.filter(region=region).first() if region else None
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not policy.may_upload_template(request.user):
            raise PermissionDenied("只有局机关工作人员可以上传文件模板。")
        if region is None:
            raise PermissionDenied("全系统账号没有所属区划，请用区划内的账号上传模板。")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            ReportTemplate.objects.update_or_create(
                region=region,
                defaults={
                    "name": upload.name,
                    "content": upload.data,
                    "uploaded_by": request.user,
                },
            )
            messages.success(request, f"已启用模板“{upload.name}”，此后生成的文件将套用它。")
            return redirect("reports:template")
    return render_form(
        request, "reports/template.html", {"form": form, "current": current, "region": region}
    )


@require_POST
@writer_required
def template_delete(request: AuthenticatedRequest) -> HttpResponse:
    deleted, _ = ReportTemplate.objects.filter(region=request.user.region).delete()
    if deleted:
        messages.success(request, "已停用本局模板，文件将按标准公文格式生成。")
    return redirect("reports:template")


# ---------------------------------------------------------------------------------------------
# 定稿 (issued documents)
# ---------------------------------------------------------------------------------------------


@require_POST
@bureau_required
def report_issue(request: AuthenticatedRequest) -> HttpResponse:
    """定稿: store the previewed document, its 数据底稿 and the facts behind them."""
    if not issuance.may_issue(request.user):
        raise PermissionDenied("只有局机关工作人员和局领导可以定稿。")
    form = IssueForm(request.POST, user=request.user, today=clock.today())
    region = request.POST.get("region", "")
    if not form.is_valid() and "region" in form.errors and region.isdigit():
        get_object_for_user(Region, request.user, pk=region)
    if form.is_valid():
        try:
            issued = issuance.issue(
                form.cleaned_data["kind"],
                form.cleaned_data["year"],
                form.cleaned_data["region"],
                user=request.user,
                note=form.cleaned_data["note"],
                as_of=clock.today(),
                replacing=form.cleaned_data["replacing"],
                period=form.cleaned_data["period_key"],
            )
        except issuance.IssueError as error:
            form.add_error("note", str(error))
            widget = form.fields["note"].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid"
        else:
            replaced = f"，替代 {form.cleaned_data['replacing']}" if issued.supersedes_id else ""
            messages.success(request, f"已定稿，编号 {issued.number}{replaced}。")
            return redirect(issued)
    # Show the preview again, with the reason for the refusal beside the 定稿 form.
    chooser = ReportForm(request.POST, user=request.user, today=clock.today())
    context: dict = {"form": chooser, "template": None, "issue_error": True}
    if chooser.is_valid():
        context.update(_preview_context(request, chooser, issue_form=form))
    return render(request, "reports/index.html", context, status=400)


@require_GET
@bureau_required
def issued_list(request: AuthenticatedRequest) -> HttpResponse:
    """已定稿文件: the issued documents of the user's region subtree."""
    issued_filter = IssuedFilter(
        request.GET or None,
        queryset=IssuedReport.objects.visible_to(request.user).for_listing(),
        user=request.user,
        today=clock.today(),
    )
    return render(
        request,
        "reports/issued_list.html",
        {"filter": issued_filter, **paginate(request, issued_filter.qs)},
        status=400 if issued_filter.form.errors else 200,
    )


def _get_issued(request: AuthenticatedRequest, number: str, *fields: str) -> IssuedReport:
    """An issued document in the user's scope (404 outside it), with only `fields` loaded."""
    queryset = IssuedReport.objects.all()
    if fields:
        queryset = queryset.only(*fields)
    return get_object_for_user(queryset, request.user, number=number)


@require_GET
@bureau_required
def issued_compare(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """与当前数据对比: the issued document's particulars and each figure changed since."""
    issued = get_object_for_user(
        IssuedReport.objects.defer("docx", "workpaper", "facts")
        .select_related("region", "issued_by")
        .with_neighbours(),
        request.user,
        number=number,
    )
    today = clock.today()
    now = documents.render(
        issued.kind, issued.year, issued.region, as_of=today, period=issued.period
    )
    changes = documents.figure_changes(documents.figures_from_json(issued.figures), now.figures)
    return render(
        request,
        "reports/issued_compare.html",
        {"issued": issued, "changes": changes, "today": today},
    )


@require_GET
@bureau_required
def issued_download(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """The issued Word file, byte for byte as stored."""
    issued = _get_issued(request, number, "number", "file_name", "docx", "region")
    return attachment(bytes(issued.docx), issued.file_name, DOCX_CONTENT_TYPE)


@require_GET
@bureau_required
def issued_workpaper(request: AuthenticatedRequest, number: str) -> HttpResponse:
    """The 数据底稿 stored with the issued document."""
    issued = _get_issued(request, number, "number", "workpaper_name", "workpaper", "region")
    return attachment(bytes(issued.workpaper), issued.workpaper_name, XLSX_CONTENT_TYPE)


# ---------------------------------------------------------------------------------------------
# What the documents cannot read from figures: 原因分析/下步措施 and the speech's meeting
# ---------------------------------------------------------------------------------------------


def _year_in_range(year: int) -> int:
    if year not in year_range(clock.today()):
        raise Http404("没有该年度。")
    return year


@require_GET
@bureau_required
def note_list(request: AuthenticatedRequest) -> HttpResponse:
    """The region's shortfalls of the year: those still without a cause or a measure first."""
    today = clock.today()
    choice = YearRegionForm(
        request.GET, user=request.user, today=today, default_year=default_year(today)
    )
    year, region = choice.selected_year(), choice.selected_region()
    items = notes.shortfalls(year, region)
    return render(
        request,
        "reports/note_list.html",
        {
            "year": year,
            "region": region,
            "region_error": choice.region_error,
            "years": year_range(today),
            "missing": [item for item in items if not item.complete],
            "done": [item for item in items if item.complete],
            "may_write": access_for(request.user).write,
        },
    )


@require_http_methods(["GET", "POST"])
@bureau_required
def note_edit(request: AuthenticatedRequest, region: int, year: int, code: str) -> HttpResponse:
    """原因分析 and 下步措施 of one indicator for a region and year."""
    place = get_object_for_user(Region, request.user, pk=region)
    year = _year_in_range(year)
    indicator = next((i for i in notes.noted_indicators() if i.code == code), None)
    if indicator is None:
        raise Http404("没有该指标。")
    require_writer(request.user)
    note = IndicatorNote.objects.filter(indicator=indicator, region=place, year=year).first()
    form = IndicatorNoteForm(request.POST if request.method == "POST" else None, instance=note)
    if form.is_valid():
        saved = form.save(commit=False)
        saved.indicator, saved.region, saved.year = indicator, place, year
        saved.updated_by = request.user
        saved.save()
        messages.success(request, f"已保存{indicator.name}的原因分析和下步措施。")
        query = urlencode({"year": year, "region": place.pk})
        return redirect(f"{reverse('reports:note_list')}?{query}")
    return render_form(
        request,
        "reports/note_form.html",
        {"form": form, "indicator": indicator, "region": place, "year": year},
    )


@require_http_methods(["GET", "POST"])
@bureau_required
def meeting_edit(request: AuthenticatedRequest, region: int, year: int) -> HttpResponse:
    """The speech's meeting for a region's year: name, date, who approved it, what came before."""
    place = get_object_for_user(Region, request.user, pk=region)
    year = _year_in_range(year)
    require_writer(request.user)
    meeting = MeetingContext.objects.filter(region=place, year=year).first()
    # Every field may be empty, so an empty POST is a submission too.
    data = request.POST if request.method == "POST" else None
    form = MeetingContextForm(data, instance=meeting, year=year)
    if form.is_valid():
        saved = form.save(commit=False)
        saved.region, saved.year, saved.updated_by = place, year, request.user
        saved.save()
        messages.success(request, "已保存会议背景，讲话开头将据此生成。")
        query = urlencode({"kind": builders.DocumentKind.SPEECH, "year": year, "region": place.pk})
        return redirect(f"{reverse('reports:index')}?{query}")
    return render_form(
        request, "reports/meeting_form.html", {"form": form, "region": place, "year": year}
    )
