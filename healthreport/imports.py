"""The preview-then-commit flow shared by every Excel import (units, ledger, indicators).

An importer checks every row without writing and returns a `Preview`; `commit` runs the same
check inside one transaction and writes only when no row has an error, so a file with any bad row
changes nothing. The web views and the management commands both go through here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from healthreport import uploads
from healthreport.excel import ImportFileError, RowError, check_upload, read_sheet


@dataclass
class PreviewRow:
    row: int
    action: str  # 新增 / 更新
    cells: list[Any]


@dataclass
class Preview:
    headers: list[str]
    rows: list[PreviewRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def summary(self) -> str:
        created, updated = self.count("新增"), self.count("更新")
        return f"共{len(self.rows)}行：新增{created}条，更新{updated}条"


class Importer:
    """Subclasses set `kind`, `headers`, `required` and implement `check_rows` and `write`."""

    kind = ""
    title = ""
    headers: list[str] = []
    required: list[str] = []
    template_rows: list[list[Any]] = []

    def __init__(self, user=None):
        # user None: a management command acting for the whole system.
        self.user = user

    def check_rows(self, rows: list[tuple[int, dict[str, Any]]], preview: Preview) -> Any:
        """Validate every row, add errors and preview rows; return what `write` needs."""
        raise NotImplementedError

    def write(self, plan: Any) -> None:
        raise NotImplementedError

    def run(self, data: bytes, *, commit: bool) -> Preview:
        preview = Preview(headers=list(self.headers))
        try:
            sheet = read_sheet(data, self.headers, self.required)
        except ImportFileError as error:
            preview.errors = error.errors
            return preview
        with transaction.atomic():
            plan = self.check_rows(sheet.rows, preview)
            if commit and preview.ok:
                self.write(plan)
                preview.written = True
        return preview


def handle_import(
    request: HttpRequest,
    importer: Importer,
    *,
    template: str,
    done_url: str,
    context: dict | None = None,
) -> HttpResponse:
    """Upload → preview (nothing written) → confirm (everything written, or nothing)."""
    context = {"importer": importer, **(context or {})}
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        data = uploads.load(importer.kind, request.user.pk, token)
        if data is None:
            messages.error(request, "预览已失效，请重新上传文件。")
            return redirect(request.path)
        preview = importer.run(data, commit=True)
        if preview.written:
            uploads.discard(importer.kind, request.user.pk, token)
            messages.success(request, f"导入成功。{preview.summary}。")
            return redirect(done_url)
        context["preview"] = preview
        return render(request, template, context, status=400)

    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["upload_error"] = "请选择要上传的 Excel 文件。"
            return render(request, template, context, status=400)
        try:
            check_upload(upload.name, upload.size)
        except ImportFileError as error:
            context["preview"] = Preview(headers=list(importer.headers), errors=error.errors)
            return render(request, template, context, status=400)
        data = upload.read()
        preview = importer.run(data, commit=False)
        context["preview"] = preview
        if preview.ok:
            context["token"] = uploads.stage(importer.kind, request.user.pk, data)
            return render(request, template, context)
        return render(request, template, context, status=400)

    return render(request, template, context)


def run_import_command(
    command: BaseCommand, importer: Importer, file: Path, *, dry_run: bool
) -> None:
    """Shared by every import command: check the file, print errors by row, exit 1 on any."""
    if not file.exists():
        raise CommandError(f"找不到文件：{file}")
    try:
        check_upload(file.name, file.stat().st_size)
    except ImportFileError as error:
        raise CommandError("\n".join(str(e) for e in error.errors)) from None
    preview = importer.run(file.read_bytes(), commit=not dry_run)
    if preview.errors:
        for error in preview.errors:
            command.stderr.write(str(error))
        raise CommandError(f"文件有{len(preview.errors)}处错误，未导入任何数据。")
    verb = "检查通过（未写入）" if dry_run else "导入成功"
    command.stdout.write(command.style.SUCCESS(f"{verb}：{preview.summary}。"))
