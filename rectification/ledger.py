"""The rectification ledger (整改台账) in Excel: template, export, and import with history.

Import groups rows into inspections by (问题来源, 检查名称, 检查日期), creates one problem per
row and puts it into the row's state through the workflow (Action.IMPORT): a 待验收 or 已销号
row keeps its state, its 验收人 and 验收日期, without the evidence the live workflow asks for;
a 已撤销 row gives its reason in 备注. A file with any bad row writes nothing. An imported 待验收
problem still needs evidence before 验收销号: the workflow's close step checks it, not this file.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from healthreport.excel import RowError, build_workbook, parse_choice, parse_date
from healthreport.imports import Importer, Preview, PreviewRow
from rectification.models import Category, Inspection, Kind, Problem, Severity, Source, Status
from rectification.workflow import Action, transition
from units.models import Region, Unit

HEADERS = [
    "序号",
    "问题来源",
    "检查名称",
    "检查日期",
    "责任单位",
    "问题类别",
    "严重程度",
    "问题描述",
    "整改措施",
    "整改类型",
    "第一责任人",
    "直接责任人",
    "整改时限",
    "整改状态",
    "整改进展",
    "验收人",
    "验收日期",
    "备注",
]
REQUIRED = [
    "问题来源",
    "检查名称",
    "检查日期",
    "责任单位",
    "问题类别",
    "严重程度",
    "问题描述",
    "整改类型",
    "整改时限",
    "整改状态",
]
WIDTHS = [6, 12, 24, 12, 26, 16, 9, 40, 36, 10, 10, 10, 12, 9, 30, 9, 12, 24]
SEVERITY_ALIASES = {"重大隐患": Severity.MAJOR, "严重": Severity.SERIOUS}
STATUS_ALIASES = {"已整改": Status.CLOSED, "已完成": Status.CLOSED, "未整改": Status.OPEN}


@dataclass
class LedgerRow:
    row: int
    inspection_key: tuple[int, str, datetime.date]
    problem: Problem
    status: str
    verifier: str
    closed_on: datetime.date | None
    remarks: str


class LedgerImporter(Importer):
    kind = "ledger"
    title = "整改台账"
    headers = HEADERS
    required = REQUIRED
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

    def _lookups(self) -> None:
        units = Unit.objects.all() if self.user is None else Unit.objects.visible_to(self.user)
        self.units: dict[str, list[Unit]] = {}
        for unit in units.select_related("region"):
            self.units.setdefault(unit.name, []).append(unit)
        self.sources = {s.name: s for s in Source.objects.all()}
        self.categories = {c.name: c for c in Category.objects.all()}

    def _unit(self, name: str) -> Unit:
        found = self.units.get(name, [])
        if not found:
            raise ValueError(
                f"找不到单位“{name}”，或它不在您的管辖范围内。请使用系统中的单位全称。"
            )
        if len(found) > 1:
            raise ValueError(f"单位名称“{name}”在多个区划中重复，请联系管理员区分后再导入。")
        return found[0]

    def _named(self, table: dict, value: Any, what: str):
        text = str(value)
        if text not in table:
            raise ValueError(f"“{text}”不是系统中的{what}，可选：{'、'.join(table)}。")
        return table[text]

    def check_rows(self, rows: list[tuple[int, dict[str, Any]]], preview: Preview) -> list:
        self._lookups()
        plan: list[LedgerRow] = []
        seen: dict[tuple, dict] = {}
        for number, record in rows:
            errors: list[RowError] = []

            def fail(column: str, message: str, number=number, errors=errors) -> None:
                errors.append(RowError(number, column, message))

            for column in REQUIRED:
                if record.get(column) is None:
                    fail(column, "必填，不能为空。")
            values: dict[str, Any] = {}
            parsers = {
                "问题来源": lambda v: self._named(self.sources, v, "问题来源"),
                "检查日期": parse_date,
                "责任单位": lambda v: self._unit(str(v)),
                "问题类别": lambda v: self._named(self.categories, v, "问题类别"),
                "严重程度": lambda v: parse_choice(v, Severity.choices, aliases=SEVERITY_ALIASES),
                "整改类型": lambda v: parse_choice(v, Kind.choices),
                "整改时限": parse_date,
                "整改状态": lambda v: parse_choice(v, Status.choices, aliases=STATUS_ALIASES),
                "验收日期": parse_date,
            }
            for column, parse in parsers.items():
                if record.get(column) is None:
                    continue
                try:
                    values[column] = parse(record[column])
                except ValueError as error:
                    fail(column, str(error))

            inspected, deadline = values.get("检查日期"), values.get("整改时限")
            if inspected and deadline and deadline < inspected:
                fail("整改时限", "整改时限不能早于检查日期。")
            status = values.get("整改状态")
            verifier = str(record.get("验收人") or "")
            closed_on = values.get("验收日期")
            remarks = str(record.get("备注") or "")
            if status == Status.CLOSED:
                if not verifier:
                    fail("验收人", "已销号的问题须填写验收人。")
                if record.get("验收日期") is None:
                    fail("验收日期", "已销号的问题须填写验收日期（销号日期）。")
                elif closed_on and inspected and closed_on < inspected:
                    fail("验收日期", "验收日期不能早于检查日期。")
            if status == Status.CANCELLED and not remarks:
                fail("备注", "已撤销的问题须在备注中写明撤销原因。")

            unit = values.get("责任单位")
            key = (
                (values["问题来源"].pk, str(record["检查名称"]), inspected) if not errors else None
            )
            if key and key in seen.get((unit.pk, str(record["问题描述"])), {}):
                fail("问题描述", f"与第{seen[(unit.pk, str(record['问题描述']))][key]}行重复。")
            elif (
                key
                and Problem.objects.filter(
                    inspection__source_id=key[0],
                    inspection__title=key[1],
                    inspection__date=key[2],
                    unit=unit,
                    description=str(record["问题描述"]),
                ).exists()
            ):
                fail(
                    "问题描述", "系统中已有这条问题（同一检查、同一单位、相同描述），不能重复导入。"
                )
            if errors:
                preview.errors.extend(errors)
                continue
            seen.setdefault((unit.pk, str(record["问题描述"])), {})[key] = number
            problem = Problem(
                unit=unit,
                category=values["问题类别"],
                severity=values["严重程度"],
                description=str(record["问题描述"]),
                measures=str(record.get("整改措施") or ""),
                kind=values["整改类型"],
                first_responsible=str(record.get("第一责任人") or "")[:30],
                direct_responsible=str(record.get("直接责任人") or "")[:30],
                original_deadline=deadline,
                deadline=deadline,
                progress=str(record.get("整改进展") or ""),
                remarks=remarks if status != Status.CANCELLED else "",
                created_by=self.user,
            )
            plan.append(LedgerRow(number, key, problem, status, verifier, closed_on, remarks))
            preview.rows.append(PreviewRow(number, "新增", [record[h] for h in HEADERS]))
        return plan

    def write(self, plan: list[LedgerRow]) -> None:
        inspections: dict[tuple, Inspection] = {}
        region = getattr(self.user, "region", None) if self.user is not None else None
        for item in plan:
            inspection = inspections.get(item.inspection_key)
            if inspection is None:
                source_id, title, date = item.inspection_key
                inspection, _ = Inspection.objects.get_or_create(
                    source_id=source_id,
                    title=title,
                    date=date,
                    defaults={"region": region, "created_by": self.user},
                )
                inspections[item.inspection_key] = inspection
            problem = item.problem
            problem.inspection = inspection
            problem.save()
            transition(
                problem,
                Action.IMPORT,
                self.user,
                to_status=item.status,
                note=item.remarks if item.status == Status.CANCELLED else "",
                verifier_name=item.verifier[:30],
                closed_on=item.closed_on,
            )


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


def template_workbook() -> bytes:
    return build_workbook(
        HEADERS, LedgerImporter.template_rows, title="整改台账导入模板", widths=WIDTHS
    )


def export_for_year(year: int, region: Region | None) -> bytes:
    """The problems whose inspection date falls in `year`, in the region's subtree."""
    return export_ledger(Problem.objects.of_year(year).in_region(region), title=f"{year}年整改台账")
