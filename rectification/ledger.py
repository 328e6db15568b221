"""The rectification ledger (整改台账) in Excel: template, export, and import with history.

Import groups rows into inspections by (问题来源, 检查名称, 检查日期), creates one problem per
row and puts it into the row's state through the workflow (Action.IMPORT): a 待验收 or 已销号
row keeps its state, its 验收人 and 验收日期, without the evidence the live workflow asks for;
a 已撤销 row gives its reason in 备注. A file with any bad row writes nothing. An imported 待验收
problem still needs evidence before 验收销号: the workflow's close step checks it, not this file.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from accounts.models import User
from healthreport.lib import bulk
from healthreport.lib.excel import build_workbook, parse_date
from healthreport.lib.imports import Column, Importer, Row
from rectification.models import (
    Category,
    Inspection,
    Kind,
    Problem,
    ProblemEvent,
    Severity,
    Source,
    Status,
    description_fingerprint,
)
from rectification.workflow import check_import_allowed, import_event, set_imported_state
from units.models import Region, Unit
from units.status import refusal_if_inactive

WIDTHS = [6, 12, 24, 12, 26, 16, 9, 40, 36, 10, 10, 10, 12, 9, 30, 9, 12, 24]
SEVERITY_ALIASES = {"重大隐患": Severity.MAJOR, "严重": Severity.SERIOUS}
# Rows per INSERT of the import: within SQLite's 32,766 parameters at the problem's 32 columns.
BATCH_SIZE = 1000
# The fields the import writes of a problem (the others take their defaults) and of its event.
PROBLEM_COLUMNS = (
    "inspection_id",
    "unit_id",
    "category_id",
    "severity",
    "description",
    "measures",
    "kind",
    "first_responsible",
    "direct_responsible",
    "original_deadline",
    "deadline",
    "progress",
    "remarks",
    "created_by_id",
    "import_batch_id",
    "fingerprint",
    "status",
    "closed_on",
    "verifier_name",
    "cancel_reason",
)
EVENT_COLUMNS = ("problem_id", "actor_id", "action", "from_status", "to_status", "note")
STATUS_ALIASES = {"已整改": Status.CLOSED, "已完成": Status.CLOSED, "未整改": Status.OPEN}


InspectionKey = tuple[int, str, datetime.date]  # (source, title, date): one inspection


@dataclass(slots=True)
class LedgerRow:
    """What the import writes of a row: plain values and keys, so that the plan of a
    100,000-row file stays small; the problem and its event are built in `write`, a batch at a
    time."""

    inspection_key: InspectionKey
    unit_id: int
    category_id: int
    severity: str
    description: str
    fingerprint: str
    measures: str
    kind: str
    first_responsible: str
    direct_responsible: str
    deadline: datetime.date
    progress: str
    status: str
    verifier: str
    closed_on: datetime.date | None
    remarks: str


class LedgerImporter(Importer):
    kind = "ledger"
    title = "整改台账"
    # A chunk's look_up reads only inspections no earlier chunk named: it never sees what they
    # wrote (their problems are in `seen`, checked first).
    write_by_chunk = True
    columns = [
        # The export's row number; not imported.
        Column("序号", "number", help="导出台账时的行号，导入时不读取，可留空"),
        Column(
            "问题来源",
            "source",
            required=True,
            parse="find_source",
            help="发现问题的检查方式（系统管理中维护的列表）",
        ),
        Column(
            "检查名称",
            "title",
            required=True,
            max_length=100,
            help="同一来源、名称和日期的行归入同一次检查",
        ),
        Column("检查日期", "date", required=True, parse=parse_date, help="检查（发现问题）的日期"),
        Column(
            "责任单位",
            "unit",
            required=True,
            parse="find_unit",
            help="系统中单位的全称，须在您的管辖范围内",
        ),
        Column(
            "问题类别",
            "category",
            required=True,
            parse="find_category",
            help="问题所属的业务类别（系统管理中维护的列表）",
        ),
        Column(
            "严重程度",
            "severity",
            required=True,
            choices=Severity.choices,
            aliases=SEVERITY_ALIASES,
            help="问题的严重程度",
        ),
        Column("问题描述", "description", required=True, help="发现的问题，一行一个问题"),
        Column("整改措施", "measures", help="责任单位采取或拟采取的措施"),
        Column(
            "整改类型",
            "kind",
            required=True,
            choices=Kind.choices,
            help="立行立改、限期整改或长期整改",
        ),
        Column("第一责任人", "first_responsible", max_length=30, help="通常为单位主要负责人"),
        Column("直接责任人", "direct_responsible", max_length=30, help="具体负责整改的人"),
        Column(
            "整改时限",
            "deadline",
            required=True,
            parse=parse_date,
            help="应完成整改的日期，不早于检查日期",
        ),
        Column(
            "整改状态",
            "status",
            required=True,
            choices=Status.choices,
            aliases=STATUS_ALIASES,
            help="问题当前所处的环节",
        ),
        Column("整改进展", "progress", help="目前的整改情况"),
        Column("验收人", "verifier", max_length=30, help="已销号的问题必填"),
        Column("验收日期", "closed_on", parse=parse_date, help="已销号的问题必填（销号日期）"),
        Column("备注", "remarks", help="已撤销的问题须在此写明撤销原因"),
    ]
    template_rows = [
        [
            1,
            "暗访",
            "2025年第一季度院感防控暗访",
            datetime.date(2025, 3, 10),
            "示例县人民医院",
            "院感防控",
            "一般",
            "发热门诊手卫生设施不全",
            "增设感应式洗手设施，开展手卫生培训",
            "限期整改",
            "张三",
            "李四",
            datetime.date(2025, 4, 30),
            "整改中",
            "已采购设施，待安装",
            "",
            None,
            "",
        ]
    ]

    def template_choices(self) -> dict[str, list[str]]:
        # The lists the admin keeps, as they are today; retired entries are still read.
        return {
            **super().template_choices(),
            "问题来源": list(Source.objects.filter(active=True).values_list("name", flat=True)),
            "问题类别": list(Category.objects.filter(active=True).values_list("name", flat=True)),
        }

    def example_rows(self) -> list[list[Any]]:
        """The example with a unit of the person's scope and the first source and category in
        use, where there are any."""
        units = Unit.objects.all() if self.user is None else Unit.objects.visible_to(self.user)
        unit = units.active().order_by("pk").first()
        source = Source.objects.filter(active=True).first()
        category = Category.objects.filter(active=True).first()
        rows = super().example_rows()
        for row in rows:
            row[1] = source.name if source else row[1]
            row[4] = unit.name if unit else row[4]
            row[5] = category.name if category else row[5]
        return rows

    def prepare(self) -> None:
        units = Unit.objects.all() if self.user is None else Unit.objects.visible_to(self.user)
        self.units: dict[str, list[Unit]] = {}
        for unit in units.only("pk", "name", "is_active", "deactivated_on", "deactivation_reason"):
            self.units.setdefault(unit.name, []).append(unit)
        self.sources = {s.name: s for s in Source.objects.all()}
        self.categories = {c.name: c for c in Category.objects.all()}
        # The inspections of the file's (source, title, date) found in the database, and the
        # problems they hold as (inspection key, unit, fingerprint): the duplicate rule's lookup,
        # filled by `look_up` a chunk of rows at a time.
        self.inspections: dict[InspectionKey, int] = {}
        self.looked_up: set[InspectionKey] = set()
        self.stored: set[tuple[InspectionKey, int, str]] = set()
        # (source, inspection title, date, unit, description's fingerprint) → the first row,
        # kept as a 16-byte digest of the key: the one thing held for every row of the file,
        # a tenth of the tuple with its strings.
        self.seen: dict[bytes, int] = {}

    def look_up(self, rows: list[Row]) -> None:
        """The inspections these rows name that are not looked up yet, and their problems'
        fingerprints: two queries per chunk. Nothing of the file is written before every row is
        checked, so an inspection looked up later finds the database as the first did."""
        keys = set()
        for row in rows:
            source = self.sources.get(str(row.cell("source")))
            title, date = row.cell("title"), row.cell("date")
            if source is None or title is None or date is None:
                continue
            with contextlib.suppress(ValueError):
                keys.add((source.pk, str(title), parse_date(date)))
        keys -= self.looked_up
        if not keys:
            return
        self.looked_up |= keys
        found = Inspection.objects.filter(
            source_id__in={key[0] for key in keys},
            title__in={key[1] for key in keys},
            date__in={key[2] for key in keys},
        ).values_list("pk", "source_id", "title", "date")
        by_pk: dict[int, InspectionKey] = {}
        for pk, source_id, title, date in found:
            key = (source_id, title, date)
            if key in keys:
                self.inspections[key], by_pk[pk] = pk, key
        problems = Problem.objects.filter(
            inspection_id__in=list(by_pk), fingerprint__isnull=False
        ).values_list("inspection_id", "unit_id", "fingerprint")
        self.stored.update(
            (by_pk[pk], unit, fingerprint)
            for pk, unit, fingerprint in problems
            if fingerprint is not None  # filtered, as mypy cannot tell
        )

    def find_unit(self, value: Any) -> Unit:
        name = str(value)
        found = self.units.get(name, [])
        if not found:
            raise ValueError(
                f"找不到单位“{name}”，或它不在您的管辖范围内。请使用系统中的单位全称。"
            )
        if len(found) > 1:
            raise ValueError(f"单位名称“{name}”在多个区划中重复，请联系管理员区分后再导入。")
        # Every ledger row is a new problem, and a 停用 unit takes none (as the problem form).
        refusal = refusal_if_inactive(found[0], "下发新问题")
        if refusal:
            raise ValueError(refusal)
        return found[0]

    def find_source(self, value: Any) -> Source:
        return _named(self.sources, value, "问题来源")

    def find_category(self, value: Any) -> Category:
        return _named(self.categories, value, "问题类别")

    def check(self, row: Row) -> None:
        inspected, deadline, status = row["date"], row["deadline"], row["status"]
        if inspected and deadline and deadline < inspected:
            row.fail("deadline", "整改时限不能早于检查日期。")
        if status == Status.CLOSED:
            if not row["verifier"]:
                row.fail("verifier", "已销号的问题须填写验收人。")
            if row.cell("closed_on") is None:
                row.fail("closed_on", "已销号的问题须填写验收日期（销号日期）。")
            elif row["closed_on"] and inspected and row["closed_on"] < inspected:
                row.fail("closed_on", "验收日期不能早于检查日期。")
        if status == Status.CANCELLED and not row["remarks"]:
            row.fail("remarks", "已撤销的问题须在备注中写明撤销原因。")
        if row.errors:
            return  # a row is compared with others only once it is right in itself
        # The rule of the constraint problem_unique_inspection_unit_description, checked first so
        # that the file's errors are listed by row.
        row["fingerprint"] = fingerprint = description_fingerprint(row["description"])
        inspection: InspectionKey = (row["source"].pk, row["title"], inspected)
        key = _digest((*inspection, row["unit"].pk, fingerprint))
        if key in self.seen:
            row.fail("description", f"与第{self.seen[key]}行重复。")
        elif (inspection, row["unit"].pk, fingerprint) in self.stored:
            row.fail(
                "description", "系统中已有这条问题（同一检查、同一单位、相同描述），不能重复导入。"
            )
        else:
            self.seen[key] = row.number

    def stage(self, row: Row) -> LedgerRow:
        return LedgerRow(
            inspection_key=(row["source"].pk, row["title"], row["date"]),
            unit_id=row["unit"].pk,
            category_id=row["category"].pk,
            severity=row["severity"],
            description=row["description"],
            # As `check` worked it out (a stage without the check works it out itself).
            fingerprint=row.values.get("fingerprint")
            or description_fingerprint(row["description"]),
            measures=row["measures"],
            kind=row["kind"],
            first_responsible=row["first_responsible"],
            direct_responsible=row["direct_responsible"],
            deadline=row["deadline"],
            progress=row["progress"],
            status=row["status"],
            verifier=row["verifier"],
            closed_on=row["closed_on"],
            remarks=row["remarks"],
        )

    def write(self, plan: list[LedgerRow]) -> None:
        """The inspections the plan names (looked up by `look_up` or created by an earlier
        chunk, the others created together), then its problems and their 台账导入 events,
        BATCH_SIZE rows at a time, as plain values (healthreport.lib.bulk.insert: no model
        instance per row, which cost more than reading the file). The database's unique
        fingerprint still refuses a duplicate written meanwhile (the flow turns the
        IntegrityError into the file's error)."""
        check_import_allowed(self.user)
        region_id = getattr(self.user, "region_id", None) if self.user is not None else None
        user_id = self.user.pk if self.user is not None else None
        new = [
            Inspection(
                source_id=source_id,
                title=title,
                date=date,
                region_id=region_id,
                created_by=self.user,
            )
            for source_id, title, date in dict.fromkeys(item.inspection_key for item in plan)
            if (source_id, title, date) not in self.inspections
        ]
        for inspection in Inspection.objects.bulk_create(new, batch_size=BATCH_SIZE):
            self.inspections[(inspection.source_id, inspection.title, inspection.date)] = (
                inspection.pk
            )
        batch_id = self.batch.pk if self.batch is not None else None
        # The event's fields by (state, note), as import_event gives them: one event object per
        # kind of row, not per row.
        events: dict[tuple[str, str], tuple[Any, ...]] = {}
        for start in range(0, len(plan), BATCH_SIZE):
            problems, states = [], []
            for item in plan[start : start + BATCH_SIZE]:
                note = item.remarks.strip() if item.status == Status.CANCELLED else ""
                # The workflow's rule for an imported state, on a holder of the four fields it
                # sets rather than a model instance per row.
                state = _ImportedState()
                set_imported_state(
                    cast(Problem, state), item.status, note, item.verifier, item.closed_on
                )
                problems.append(
                    (
                        self.inspections[item.inspection_key],
                        item.unit_id,
                        item.category_id,
                        item.severity,
                        item.description,
                        item.measures,
                        item.kind,
                        item.first_responsible,
                        item.direct_responsible,
                        item.deadline,
                        item.deadline,
                        item.progress,
                        item.remarks if item.status != Status.CANCELLED else "",
                        user_id,
                        batch_id,
                        item.fingerprint,  # what Problem.save() keeps
                        state.status,
                        state.closed_on,
                        state.verifier_name,
                        state.cancel_reason,
                    )
                )
                states.append((state.status, note))
            keys = bulk.insert(Problem, PROBLEM_COLUMNS, problems, batch_size=BATCH_SIZE)
            rows = []
            for key, (status, note) in zip(keys, states, strict=True):
                if (status, note) not in events:
                    event = import_event(Problem(status=status), self.user, note)
                    events[(status, note)] = tuple(getattr(event, c) for c in EVENT_COLUMNS[1:])
                rows.append((key, *events[(status, note)]))
            bulk.insert(ProblemEvent, EVENT_COLUMNS, rows, batch_size=BATCH_SIZE)


def _digest(key: tuple[Any, ...]) -> bytes:
    return hashlib.blake2b(repr(key).encode(), digest_size=16).digest()


class _ImportedState:
    """What set_imported_state sets on a problem."""

    status = ""
    closed_on: datetime.date | None = None
    verifier_name = ""
    cancel_reason = ""


HEADERS = LedgerImporter.headers


def _named(table: dict[str, Any], value: Any, what: str) -> Any:
    text = str(value)
    if text not in table:
        raise ValueError(f"“{text}”不是系统中的{what}，可选：{'、'.join(table)}。")
    return table[text]


def ledger_rows(problems) -> Iterable[list[Any]]:
    """One row per problem, in the column order of HEADERS."""
    labels = {
        "status": dict(Status.choices),
        "severity": dict(Severity.choices),
        "kind": dict(Kind.choices),
    }
    fields = (
        "inspection__source__name",
        "inspection__title",
        "inspection__date",
        "unit__name",
        "category__name",
        "severity",
        "description",
        "measures",
        "kind",
        "first_responsible",
        "direct_responsible",
        "deadline",
        "original_deadline",
        "status",
        "progress",
        "verifier_name",
        "closed_on",
        "remarks",
        "cancel_reason",
    )
    # values_list instead of model instances: an export of 10,000 rows stays one query and light.
    for number, row in enumerate(problems.values_list(*fields).iterator(chunk_size=2000), start=1):
        (source, title, date, unit, category, severity, description, measures, kind) = row[:9]
        (first, direct, deadline, original, status, progress) = row[9:15]
        (verifier, closed_on, remarks, reason) = row[15:]
        notes = [remarks] if remarks else []
        if status == Status.CANCELLED and reason:
            notes.insert(0, reason)
        if deadline != original:
            notes.append(f"原整改时限：{original:%Y-%m-%d}，已批准延期")
        yield [
            number,
            source,
            title,
            date,
            unit,
            category,
            labels["severity"][severity],
            description,
            measures,
            labels["kind"][kind],
            first,
            direct,
            deadline,
            labels["status"][status],
            progress,
            verifier,
            closed_on,
            "；".join(notes),
        ]


def export_ledger(problems, *, title: str = "整改台账") -> bytes:
    """The given problems (already filtered and scoped) as the ledger, ready to re-import."""
    ordered = problems.order_by("inspection__date", "inspection_id", "unit__name", "pk")
    return build_workbook(HEADERS, ledger_rows(ordered), title=title, widths=WIDTHS)


def template_workbook(user: User | None = None) -> bytes:
    """The import template, its example of the user's scope, with drop-downs and 填写说明."""
    importer = LedgerImporter(user)
    return build_workbook(
        HEADERS,
        importer.example_rows(),
        title="整改台账导入模板",
        widths=WIDTHS,
        guide=importer.guide(),
    )


def export_for_year(year: int, region: Region | None) -> bytes:
    """The problems whose inspection date falls in `year`, in the region's subtree."""
    return export_ledger(Problem.objects.of_year(year).in_region(region), title=f"{year}年整改台账")
