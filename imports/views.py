from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.scoping import get_object_for_user, get_object_for_writer
from healthreport.lib.excel import UPLOAD_CONTENT_TYPES, upload_extension
from healthreport.lib.http import AuthenticatedRequest, attachment, paginate
from healthreport.lib.replica import reads_from_replica
from imports.models import ImportBatch
from imports.records import records_of


@require_GET
@reads_from_replica()
def batch_list(request: AuthenticatedRequest) -> HttpResponse:
    batches = ImportBatch.objects.visible_to(request.user).select_related("user")
    return render(request, "imports/batch_list.html", paginate(request, batches))


@require_GET
def batch_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = get_object_for_user(ImportBatch.objects.select_related("user"), request.user, pk=pk)
    records = records_of(batch, request.user)
    context = {"batch": batch, "records": records}
    if records is not None:
        context |= paginate(request, records.items)
        page = context["page"]
        page.object_list = records.mark(page.object_list)
        context["unseen"] = records.total - page.paginator.count  # outside the user's scope
    return render(request, "imports/batch_detail.html", context)


@require_GET
def batch_file(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The file as it was imported. Those who import get it back to correct and re-import;
    readers read the records themselves (the file names the responsible people)."""
    batch = get_object_for_writer(ImportBatch, request.user, pk=pk)
    if not batch.file:
        raise Http404("这次导入没有保存原始文件。")
    with batch.file.open("rb") as file:
        data = file.read()
    content_type = UPLOAD_CONTENT_TYPES[upload_extension(batch.filename)]
    return attachment(data, batch.filename, content_type)
