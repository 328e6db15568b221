"""The preview-then-commit flow shared by every Excel import (units, ledger, indicators).

An importer declares its columns; the flow reads the sheet, turns every cell into a value by its
column's declaration (required, parser, length, range, choices) and then hands each row to the
importer's own checks across columns and against the database. `run(commit=False)` only checks
and returns a `Preview`; `run(commit=True)` runs the same checks inside one transaction and
writes only when no row has an error, so a file with any bad row changes nothing. The web views
(`handle_import`) and the management commands (`run_import_command`) both go through here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib import messages
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from healthreport.lib import uploads
from healthreport.lib.excel import (
    ImportFileError,
    RowError,
    check_upload,
    limit_errors,
    parse_choice,
    read_sheet,
    xlsx_response,
)
from healthreport.lib.http import AuthenticatedRequest

if TYPE_CHECKING:
    from accounts.models import User

CREATE = "新增"
UPDATE = "更新"
BLANK_REQUIRED = "必填，不能为空。"


@dataclass(frozen=True)
class Column:
    """One column of an import: its header in the template and how its cell becomes a value.

    `parse` turns a non-blank cell into a value or raises ValueError with a Chinese message. It is
    a function, or the name of a method of the importer when it needs what the importer looked up
    (as a ModelAdmin's `list_display` names its methods). A column with `choices` takes a choice's
    label or one of `aliases`; a column with neither is text. A blank cell is `default` ("" for
    text), or the error 必填 when the column is required.
    """

    header: str
    name: str  # the key of the value in `Row`
    required: bool = False
    parse: Callable[[Any], Any] | str | None = None
    choices: Sequence[tuple[str, Any]] = ()  # (stored value, label), as TextChoices.choices
    aliases: Mapping[str, str] = field(default_factory=dict)
    max_length: int | None = None  # text: the model field's max_length
    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None
    default: Any = None

    @property
    def is_text(self) -> bool:
        return self.parse is None and not self.choices

    def clean(self, cell: Any, importer: Importer) -> Any:
        """The value of a cell; ValueError when the cell is not acceptable."""
        if cell is None:
            if self.required:
                raise ValueError(BLANK_REQUIRED)
            return "" if self.default is None and self.is_text else self.default
        if isinstance(self.parse, str):
            value = getattr(importer, self.parse)(cell)
        elif self.parse is not None:
            value = self.parse(cell)
        elif self.choices:
            value = parse_choice(cell, self.choices, aliases=self.aliases)
        else:
            value = str(cell)
        if self.max_length is not None and len(value) > self.max_length:
            raise ValueError(f"不能超过{self.max_length}个字（现有{len(value)}个字）。")
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"不能小于{self.minimum}。")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"不能大于{self.maximum}。")
        return value


class Row:
    """One data row: its cells by header, its values by column name, and its errors so far.

    As a form's `cleaned_data`, the values of columns that failed are missing (`row[name]` is
    None), and the importer's checks may add values they worked out (`row["indicator"] = …`).
    """

    def __init__(self, number: int, cells: dict[str, Any], columns: Mapping[str, Column]):
        self.number = number  # the Excel row number
        self.cells = cells
        self.columns = columns
        self.values: dict[str, Any] = {}
        self.errors: list[RowError] = []
        self.action = CREATE

    def __getitem__(self, name: str) -> Any:
        if name not in self.values and name not in self.columns:
            raise KeyError(name)  # a misspelt name, not a blank cell
        return self.values.get(name)

    def __setitem__(self, name: str, value: Any) -> None:
        self.values[name] = value

    def cell(self, name: str) -> Any:
        """The cell as read (stripped, None when blank), before any parsing."""
        return self.cells.get(self.columns[name].header)

    def fail(self, name: str, message: str) -> None:
        """An error in the named column, or in the whole row when `name` is ""."""
        header = self.columns[name].header if name else ""
        self.errors.append(RowError(self.number, header, message))


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
        created, updated = self.count(CREATE), self.count(UPDATE)
        return f"共{len(self.rows)}行：新增{created}条，更新{updated}条"


class Importer:
    """Subclasses set `kind`, `title` and `columns`, and may override the hooks of `run`:

    `prepare(rows)` looks up what the checks need, once per file; `check(row)` checks the row's
    values together and against the database (it runs even when a column failed, so that every
    error of a row is listed; a failed column's value is None); `stage(row)` returns what `write`
    needs for a row without errors and sets `row.action` to 更新 for an update; `check_file()`
    returns the errors found across rows; `write(plan)` writes the staged rows.
    """

    kind = ""
    title = ""
    columns: ClassVar[Sequence[Column]] = ()
    headers: ClassVar[list[str]] = []  # derived from `columns`
    required: ClassVar[list[str]] = []  # derived from `columns`
    template_rows: ClassVar[list[list[Any]]] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.headers = [column.header for column in cls.columns]
        cls.required = [column.header for column in cls.columns if column.required]

    def __init__(self, user: User | None = None):
        # user None: a management command acting for the whole system.
        self.user = user

    def prepare(self, rows: list[Row]) -> None:
        """Look up what the checks need (cells only: values are not parsed yet)."""

    def check(self, row: Row) -> None:
        """Checks across the row's columns and against the database, by `row.fail`."""

    def stage(self, row: Row) -> Any:
        return row.values

    def check_file(self) -> list[RowError]:
        return []

    def write(self, plan: list[Any]) -> None:
        raise NotImplementedError

    def run(self, data: bytes, *, commit: bool) -> Preview:
        preview = Preview(headers=list(self.headers))
        try:
            sheet = read_sheet(data, self.headers, self.required)
        except ImportFileError as error:
            preview.errors = error.errors
            return preview
        by_name = {column.name: column for column in self.columns}
        rows = [Row(number, cells, by_name) for number, cells in sheet.rows]
        with transaction.atomic():
            self.prepare(rows)
            plan = []
            for row in rows:
                self._parse(row)
                self.check(row)
                if row.errors:
                    preview.errors.extend(row.errors)
                    continue
                plan.append(self.stage(row))
                cells = [row.cells[header] for header in self.headers]
                preview.rows.append(PreviewRow(row.number, row.action, cells))
            preview.errors.extend(self.check_file())
            preview.errors = limit_errors(preview.errors)
            if commit and preview.ok:
                self.write(plan)
                preview.written = True
        return preview

    def _parse(self, row: Row) -> None:
        for column in self.columns:
            try:
                row[column.name] = column.clean(row.cells.get(column.header), self)
            except ValueError as error:
                row.fail(column.name, str(error))


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
            check_upload(upload.name or "", upload.size or 0)
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
    """Shared by every import command: the upload's checks (.xlsx, size), then every row's.

    Any error is printed by row and column and ends the command with CommandError (exit status
    1) before anything is written; --dry-run checks the same and never writes.
    """
    if not file.is_file():
        raise CommandError(f"找不到文件：{file}")
    try:
        check_upload(file.name, file.stat().st_size)
    except ImportFileError as error:
        raise CommandError("\n".join(str(e) for e in error.errors)) from None
    preview = importer.run(file.read_bytes(), commit=not dry_run)
    if preview.errors:
        for row_error in preview.errors:
            command.stderr.write(str(row_error))
        raise CommandError(f"文件有{len(preview.errors)}处错误，未导入任何数据。")
    verb = "检查通过（未写入）" if dry_run else "导入成功"
    command.stdout.write(command.style.SUCCESS(f"{verb}：{preview.summary}。"))


class ImportCommand(BaseCommand):
    """`manage.py import_… FILE [--dry-run]`: a command names its importer and says its help."""

    importer: type[Importer]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Excel 工作簿（.xlsx），按下载的模板填写")
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


@require_GET
def workbook_download(
    request: AuthenticatedRequest, *, build: Callable[[], bytes], filename: str
) -> HttpResponse:
    """A template or other generated workbook, built when asked for."""
    return xlsx_response(build(), filename)
