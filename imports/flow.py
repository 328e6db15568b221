"""The recorded import flow: upload → preview → confirm on the web, and the import commands.

The library (`healthreport.lib.imports`) reads and checks a file and writes it in one
transaction; this module keeps the record of each import (`ImportBatch`) around that. The
confirmation locks its batch (`select_for_update`) in the transaction that writes and writes only
a batch still waiting for it: a second 确认导入 of the same preview — a double click, another tab,
sent at the same moment or a day later — writes nothing and goes to the batch's page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from healthreport.lib import uploads
from healthreport.lib.excel import ImportFileError, RowError, check_upload
from healthreport.lib.http import AuthenticatedRequest
from healthreport.lib.imports import Importer, Preview
from imports.models import ImportBatch, Outcome

EXPIRED = "预览已失效，请重新上传文件。"
# The database refused a row the checks had let through: someone wrote the same record
# between this file's checks and its writing (the problem's unique fingerprint).
CONFLICT = (
    "与系统中刚写入的数据重复（可能有人同时导入了相同的内容），未导入任何数据。请重新上传预览。"
)


def already_imported(batch: ImportBatch) -> str:
    when = timezone.localtime(batch.finished) if batch.finished else None
    at = f"于{when:%Y-%m-%d %H:%M}" if when else ""
    return f"导入已完成：这个文件已{at}导入（{batch.by_label}），不会再次导入。"


def _run(importer: Importer, data: bytes, batch: ImportBatch) -> Preview:
    """The importer's run with writing, its batch recorded; a duplicate the database refused is
    an error of the file (the transaction's savepoint is rolled back, the batch stays)."""
    importer.batch = batch
    try:
        with transaction.atomic():
            preview = importer.run(data, commit=True)
    except IntegrityError:
        preview = Preview(headers=list(importer.headers), errors=[RowError(None, "", CONFLICT)])
    batch.finish(preview, data, importer)
    return preview


def confirm(
    request: AuthenticatedRequest, importer: Importer, token: str
) -> tuple[ImportBatch | None, Preview | None]:
    """Consume the preview's token: (batch, preview of the run) when this request wrote or tried
    to; (batch, None) when the batch was imported already; (None, None) when there is nothing to
    confirm (unknown token, someone else's, refused or expired)."""
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update()
            .filter(token=token, kind=importer.kind, user=request.user)
            .first()
        )
        if batch is None or batch.outcome == Outcome.IMPORTED:
            return batch, None
        data = uploads.load(importer.kind, request.user.pk, token)
        if batch.outcome != Outcome.PREVIEWED or data is None:
            return None, None
        preview = _run(importer, data, batch)
    if preview.written:
        uploads.discard(importer.kind, request.user.pk, token)
    return batch, preview


def handle_import(
    request: AuthenticatedRequest,
    importer: Importer,
    *,
    template: str,
    done_url: str,
    context: dict | None = None,
) -> HttpResponse:
    """Upload → preview (nothing written) → confirm (everything written, or nothing)."""
    context = {"importer": importer, **(context or {})}
    if request.method == "POST" and request.POST.get("token"):
        batch, preview = confirm(request, importer, request.POST["token"])
        if batch is None:
            messages.error(request, EXPIRED)
            return redirect(request.path)
        if preview is None:
            messages.info(request, already_imported(batch))
            return redirect(batch)
        if preview.written:
            messages.success(request, f"导入成功。{preview.summary}。")
            return redirect(done_url)
        context["preview"] = preview
        return render(request, template, context, status=400)

    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["upload_error"] = "请选择要上传的 Excel 文件。"
            return render(request, template, context, status=400)
        filename = upload.name or ""
        try:
            check_upload(filename, upload.size or 0)
        except ImportFileError as error:
            preview = Preview(headers=list(importer.headers), errors=error.errors)
            ImportBatch.begin(importer, request.user, filename, preview=preview)
            context["preview"] = preview
            return render(request, template, context, status=400)
        data = upload.read()
        preview = importer.run(data, commit=False)
        context["preview"] = preview
        if preview.ok:
            token = uploads.stage(importer.kind, request.user.pk, data)
            ImportBatch.begin(importer, request.user, filename, token=token, preview=preview)
            context["token"] = token
            return render(request, template, context)
        ImportBatch.begin(importer, request.user, filename, preview=preview)
        return render(request, template, context, status=400)

    return render(request, template, context)


def run_import_command(
    command: BaseCommand, importer: Importer, file: Path, *, dry_run: bool
) -> None:
    """Shared by every import command: the upload's checks (type, size), then every row's.

    Any error is printed by row and column and ends the command with CommandError (exit status
    1) before anything is written; --dry-run checks the same and never writes. A run that is not
    a dry run is recorded as a batch (导入人: 命令行), imported or refused.
    """
    if not file.is_file():
        raise CommandError(f"找不到文件：{file}")
    try:
        check_upload(file.name, file.stat().st_size)
    except ImportFileError as error:
        raise CommandError("\n".join(str(e) for e in error.errors)) from None
    data = file.read_bytes()
    if dry_run:
        preview = importer.run(data, commit=False)
    else:
        with transaction.atomic():
            batch = ImportBatch.begin(importer, None, file.name)
            preview = _run(importer, data, batch)
    if preview.errors:
        for row_error in preview.errors:
            command.stderr.write(str(row_error))
        raise CommandError(f"文件有{preview.error_count}处错误，未导入任何数据。")
    verb = "检查通过（未写入）" if dry_run else "导入成功"
    command.stdout.write(command.style.SUCCESS(f"{verb}：{preview.summary}。"))


class ImportCommand(BaseCommand):
    """`manage.py import_… FILE [--dry-run]`: a command names its importer and says its help."""

    importer: type[Importer]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="Excel 工作簿（.xlsx、.xls）或 .ods 表格，按下载的模板填写"
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args: Any, file: Path, dry_run: bool, **options: Any) -> None:
        run_import_command(self, self.importer(), file, dry_run=dry_run)


# The import pages are configured in each app's URLs (importer, template, where to go next), as
# Django's generic views are; the app wraps them in its permission decorator there.


@require_http_methods(["GET", "POST"])
def import_page(
    request: AuthenticatedRequest,
    *,
    importer: Callable[[Any], Importer],
    template: str,
    done: str,
    context: dict | None = None,
) -> HttpResponse:
    """An import page: upload → preview → confirm; `done` is the URL name to go to after."""
    return handle_import(
        request, importer(request.user), template=template, done_url=reverse(done), context=context
    )
