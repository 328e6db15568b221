"""The preview-then-commit flow shared by every Excel import (units, ledger, indicators).

An importer declares its columns; the flow reads the sheet, turns every cell into a value by its
column's declaration (required, parser, length, range, choices) and then hands each row to the
importer's own checks across columns and against the database. `run(commit=False)` only checks
and returns a `Preview`; `run(commit=True)` runs the same checks inside one transaction and
writes only when no row has an error, so a file with any bad row changes nothing. The web pages
and the management commands both go through here, by `imports.flow`, which records each import
as a batch (the library imports no app: the flow that needs the batch model lives in its app).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from itertools import islice
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import transaction
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from healthreport.lib.excel import (
    Guide,
    ImportFileError,
    RowError,
    error_count,
    iter_sheet,
    limit_errors,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    parse_yes_no,
    xlsx_response,
)
from healthreport.lib.http import AuthenticatedRequest

if TYPE_CHECKING:
    from accounts.models import User

CREATE = "新增"
UPDATE = "更新"
BLANK_REQUIRED = "必填，不能为空。"
# Rows read, looked up (`look_up`) and checked together: the importer's queries are per chunk,
# and only a chunk of rows is held as `Row`s, however long the file.
CHUNK_ROWS = 2000
# The rows a preview lists (its counts cover all of them): a page of 100,000 rows would be
# megabytes, and holding them would hold the whole file.
PREVIEW_ROWS = 500
# The 填写说明 sheet names the choices of a column up to this many (its drop-down has them all).
LISTED_CHOICES = 20
# The 填写说明 sheet's lines below the columns, the same for every template.
TEMPLATE_REMARKS = (
    "第2行起为示例，请改写或删除后再填写；导入时读取第一个工作表，请勿改动它的名称和第一行的列名。",
    "带下拉列表的列请从列表中选择；一行填写一条记录，行与行之间不要留空行。",
    "上传后先预览：任何一行有错误时不会导入任何数据，按提示改正后重新上传即可。",
)


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
    help: str = ""  # what the column means, for the template's 填写说明 sheet

    @property
    def is_text(self) -> bool:
        return self.parse is None and not self.choices

    @cached_property
    def by_label(self) -> dict[str, Any]:
        """A choice's stored value by its label or alias, for `clean` (built once, not per cell)."""
        return {**{str(label): key for key, label in self.choices}, **self.aliases}

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
            text = str(cell).strip()
            if text in self.by_label:
                value = self.by_label[text]
            else:
                value = parse_choice(cell, self.choices, aliases=self.aliases)  # its message
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
        try:
            return self.values[name]
        except KeyError:
            if name not in self.columns:
                raise  # a misspelt name, not a blank cell
            return None

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
    rows: list[PreviewRow] = field(default_factory=list)  # the first PREVIEW_ROWS
    errors: list[RowError] = field(default_factory=list)
    written: bool = False
    # The rows without errors by action (新增/更新), all of them, listed or not.
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_count(self) -> int:
        """All the file's errors, the unlisted beyond MAX_ERRORS included."""
        return error_count(self.errors)

    def add(self, row: PreviewRow) -> None:
        self.counts[row.action] = self.counts.get(row.action, 0) + 1
        if len(self.rows) < PREVIEW_ROWS:
            self.rows.append(row)

    def count(self, action: str) -> int:
        return self.counts.get(action, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def unlisted(self) -> int:
        """The rows beyond those the preview lists."""
        return self.total - len(self.rows)

    @property
    def summary(self) -> str:
        created, updated = self.count(CREATE), self.count(UPDATE)
        return f"共{self.total}行：新增{created}条，更新{updated}条"


class Importer:
    """Subclasses set `kind`, `title` and `columns`, and may override the hooks of `run`:

    `prepare()` looks up what the checks need, once per file; `look_up(rows)` what they need of
    the database for a chunk of rows (CHUNK_ROWS, cells only: one query per chunk, not per row);
    `check(row)` checks the row's values together and against what was looked up (it runs even
    when a column failed, so that every error of a row is listed; a failed column's value is
    None); `stage(row)` returns what `write` needs for a row without errors — compact, as the
    plan of a 100,000-row file is held until it is written — and sets `row.action` to 更新 for
    an update; `check_file()` returns the errors found across rows; `write(plan)` writes the
    staged rows (in bulk) and names each record it saved by `wrote`.

    Rows are streamed from the file: nothing is written before every row is checked, so that
    what was looked up is the database as it was before the file, and nothing is written at
    all when a row has an error. An importer that sets `write_by_chunk` writes each chunk once
    it is checked, in the run's transaction, which a later error rolls back: nothing is written
    all the same, and its plan is never more than a chunk.
    """

    kind = ""
    title = ""
    columns: ClassVar[Sequence[Column]] = ()
    headers: ClassVar[list[str]] = []  # derived from `columns`
    required: ClassVar[list[str]] = []  # derived from `columns`
    template_rows: ClassVar[list[list[Any]]] = []
    # Write each chunk's plan as soon as it is checked, when no row has failed so far, rather
    # than the whole file's plan at the end: a 100,000-row file is then never held, and a row
    # failing later rolls the run's savepoint back, so that still nothing is written. For an
    # importer whose `look_up` cannot see what earlier chunks wrote (it looks up only what no
    # earlier chunk named) and whose `write` takes any part of a plan.
    write_by_chunk: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.headers = [column.header for column in cls.columns]
        cls.required = [column.header for column in cls.columns if column.required]

    def __init__(self, user: User | None = None):
        # user None: a management command acting for the whole system.
        self.user = user
        # The import batch being written (imports.models.ImportBatch), set by the flow before a
        # run that writes, for importers whose records remember the batch that created them.
        self.batch: Any = None
        # The keys of the records `write` created and changed, kept on the batch by the flow so
        # that its page lists them (records that do not remember their batch have no other link).
        self.created: list[int] = []
        self.updated: list[int] = []

    def wrote(self, pk: int | None, *, created: bool) -> None:
        """`write` saved the record `pk`, new or changed."""
        if pk is not None:
            (self.created if created else self.updated).append(pk)

    def template_choices(self) -> dict[str, list[str]]:
        """The values offered in each choice column's drop-down: its choices' labels; an
        importer whose column is found in a live list (问题来源…) adds that list."""
        offered = {}
        for column in self.columns:
            if column.choices:
                offered[column.header] = [str(label) for _, label in column.choices]
            elif column.parse is parse_yes_no:
                offered[column.header] = ["是", "否"]
        return offered

    def example_rows(self) -> list[list[Any]]:
        """The template's example rows; an importer may fill them from the user's own scope."""
        return [list(row) for row in self.template_rows]

    def guide(self) -> Guide:
        """The template's drop-downs and its 填写说明 sheet, one row per column."""
        choices = self.template_choices()
        notes = [
            [
                column.header,
                "必填" if column.required else "选填",
                column.help,
                _column_format(column, choices.get(column.header, [])),
            ]
            for column in self.columns
        ]
        return Guide(choices=choices, notes=notes, remarks=TEMPLATE_REMARKS)

    def prepare(self) -> None:
        """Look up what the checks of every row need, once per file."""

    def look_up(self, rows: list[Row]) -> None:
        """Look up what the checks of these rows need (cells only: values are not parsed yet)."""

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
        by_name = {column.name: column for column in self.columns}
        self.created, self.updated = [], []
        # What is to be written: nothing for a preview, nor once a row has failed (nothing will
        # be); a chunk's worth for an importer that writes by chunk.
        plan: list[Any] = []
        errors: list[RowError] = []
        wrote = False  # a chunk was written, to be rolled back if a later row fails
        with transaction.atomic():
            self.prepare()
            try:
                for chunk in _chunks(iter_sheet(data, self.headers, self.required)):
                    rows = [Row(number, cells, by_name) for number, cells in chunk]
                    self.look_up(rows)
                    for row in rows:
                        self._parse(row)
                        self.check(row)
                        if row.errors:
                            errors.extend(row.errors)
                            plan = []
                            continue
                        staged = self.stage(row)
                        if commit and not errors:
                            plan.append(staged)
                        cells = [row.cells[header] for header in self.headers]
                        preview.add(PreviewRow(row.number, row.action, cells))
                    if self.write_by_chunk and plan:
                        self.write(plan)
                        plan, wrote = [], True
            except ImportFileError as error:
                # The file as a whole: its errors alone, as when it was refused before any row.
                self._undo(wrote)
                return Preview(headers=list(self.headers), errors=error.errors)
            errors.extend(self.check_file())
            preview.errors = limit_errors(errors)
            if commit and preview.ok:
                self.write(plan)
                preview.written = True
            else:
                self._undo(wrote)
        return preview

    def _undo(self, wrote: bool) -> None:
        """Roll back the chunks written (the run's savepoint), as if nothing had been."""
        if wrote:
            transaction.set_rollback(True)
            self.created, self.updated = [], []

    def _parse(self, row: Row) -> None:
        cells, values = row.cells, row.values
        for column in self.columns:
            try:
                values[column.name] = column.clean(cells.get(column.header), self)
            except ValueError as error:
                row.fail(column.name, str(error))


def _chunks(rows: Iterator[tuple[int, dict[str, Any]]]) -> Iterator[list[tuple[int, dict]]]:
    """The rows of a sheet in lists of CHUNK_ROWS."""
    while chunk := list(islice(rows, CHUNK_ROWS)):
        yield chunk


def _column_format(column: Column, offered: Sequence[str]) -> str:
    """How a column's cell is written, in words, from its declaration."""
    parts = []
    if len(offered) > LISTED_CHOICES:
        parts.append(f"从下拉列表选择（共{len(offered)}项）")
    elif offered:
        parts.append(f"从下拉列表选择：{'、'.join(offered)}")
    elif column.parse is parse_date:
        parts.append("日期，如 2025-12-31")
    elif column.parse is parse_int:
        parts.append("整数")
    elif column.parse is parse_decimal:
        parts.append("数字，可带小数")
    elif column.is_text:
        parts.append(f"文字，不超过{column.max_length}个字" if column.max_length else "文字")
    if column.minimum is not None:
        parts.append(f"不小于{column.minimum}")
    if column.maximum is not None:
        parts.append(f"不大于{column.maximum}")
    if not column.required and column.default not in (None, ""):
        labels = dict(column.choices)
        default = labels.get(column.default, column.default)
        if isinstance(default, bool):
            default = "是" if default else "否"
        parts.append(f"不填时为“{default}”")
    return "；".join(parts)


@require_GET
def workbook_download(
    request: AuthenticatedRequest, *, build: Callable[[User], bytes], filename: str
) -> HttpResponse:
    """A template or other generated workbook, built when asked for, for the person asking
    (its example rows are of their own scope)."""
    return xlsx_response(build(request.user), filename)
