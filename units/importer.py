"""The units (机构) Excel template, its importer and the export of a filtered list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from healthreport.excel import RowError, build_workbook, parse_choice, parse_int
from healthreport.imports import Importer, Preview, PreviewRow
from units.credit_code import make_credit_code, normalize, validate_credit_code
from units.models import (
    APPROVED_BEDS_LABEL,
    Grade,
    MedicalCommunity,
    Ownership,
    Region,
    Unit,
    UnitKind,
)

HEADERS = [
    "单位名称",
    "统一社会信用代码",
    "机构类别",
    "所属区划",
    "经营性质",
    "等级",
    APPROVED_BEDS_LABEL,
    "负责人",
    "联系电话",
    "所属医共体",
    "是否牵头单位",
]
REQUIRED = ["单位名称", "统一社会信用代码", "机构类别", "所属区划"]
WIDTHS = [34, 22, 18, 18, 10, 12, 10, 10, 16, 26, 12]

# Spellings people use in their own ledgers for the same grade or kind.
GRADE_ALIASES = {
    "三甲": "3A",
    "三乙": "3B",
    "二甲": "2A",
    "二乙": "2B",
    "一级甲等": "1",
    "": "none",
}
KIND_ALIASES = {
    "中心卫生院": UnitKind.TOWNSHIP_HEALTH_CENTER,
    "卫生院": UnitKind.TOWNSHIP_HEALTH_CENTER,
    "诊所": UnitKind.CLINIC,
    "门诊部": UnitKind.CLINIC,
    "疾控中心": UnitKind.CDC,
    "卫生监督所（执法支队）": UnitKind.SUPERVISION,
    "执法支队": UnitKind.SUPERVISION,
    "中西医结合医院": UnitKind.INTEGRATED_HOSPITAL,
}
YES_NO = {"是": True, "否": False, "Y": True, "N": False}


def region_label(region: Region, by_id: dict[int, Region]) -> str:
    """'宝应县/范水镇': the region's name prefixed with its ancestors below the city."""
    names = []
    for pk in region.path.strip("/").split("/")[1:]:
        names.append(by_id[int(pk)].name)
    return "/".join(names) or region.name


@dataclass
class UnitRow:
    row: int
    unit: Unit
    is_new: bool
    community: MedicalCommunity | None
    is_lead: bool


class UnitImporter(Importer):
    kind = "units"
    title = "机构"
    headers = HEADERS
    required = REQUIRED
    template_rows = [
        [
            "示例县人民医院",
            make_credit_code("12321000000000001"),
            "综合医院",
            "示例县",
            "公立",
            "二级甲等",
            500,
            "张三",
            "0514-80000000",
            "示例县人民医院医共体",
            "是",
        ]
    ]

    def _lookups(self) -> None:
        regions = (
            Region.objects.all() if self.user is None else Region.objects.visible_to(self.user)
        )
        all_regions = {r.pk: r for r in Region.objects.all()}
        self.regions: dict[str, list[Region]] = {}
        for region in regions:
            for key in {region.name, region_label(region, all_regions)}:
                self.regions.setdefault(key, []).append(region)
        communities = MedicalCommunity.objects.all()
        if self.user is not None:
            communities = communities.visible_to(self.user)
        self.communities = {c.name: c for c in communities}

    def _region(self, name: str) -> Region:
        found = self.regions.get(name, [])
        if not found:
            raise ValueError(f"找不到区划“{name}”，或它不在您的管辖范围内。")
        if len(found) > 1:
            raise ValueError(
                f"区划名称“{name}”不唯一，请写成“县区/乡镇”的形式，如“示例县/{name}”。"
            )
        return found[0]

    def check_rows(self, rows: list[tuple[int, dict[str, Any]]], preview: Preview) -> list[UnitRow]:
        self._lookups()
        plan: list[UnitRow] = []
        seen_codes: dict[str, int] = {}
        seen_names: dict[tuple[int, str], int] = {}
        leads: dict[int, int] = {}
        existing = {
            u.credit_code: u
            for u in Unit.objects.filter(
                credit_code__in=[normalize(str(r.get("统一社会信用代码") or "")) for _, r in rows]
            )
        }
        visible = (
            None
            if self.user is None
            else set(Unit.objects.visible_to(self.user).values_list("pk", flat=True))
        )

        for number, record in rows:
            errors: list[RowError] = []

            def fail(column: str, message: str, number=number, errors=errors) -> None:
                errors.append(RowError(number, column, message))

            for column in REQUIRED:
                if record.get(column) is None:
                    fail(column, "必填，不能为空。")
            name = str(record["单位名称"] or "")
            code = normalize(str(record["统一社会信用代码"] or ""))
            if code:
                try:
                    validate_credit_code(code)
                except ValidationError as error:
                    fail("统一社会信用代码", error.messages[0])
                if code in seen_codes:
                    fail("统一社会信用代码", f"与第{seen_codes[code]}行重复。")
                seen_codes.setdefault(code, number)

            values: dict[str, Any] = {}
            parsers = {
                "机构类别": (
                    "kind",
                    lambda v: parse_choice(v, UnitKind.choices, aliases=KIND_ALIASES),
                ),
                "所属区划": ("region", self._region),
                "经营性质": ("ownership", lambda v: parse_choice(v, Ownership.choices)),
                "等级": ("grade", lambda v: parse_choice(v, Grade.choices, aliases=GRADE_ALIASES)),
                APPROVED_BEDS_LABEL: ("approved_beds", lambda v: parse_int(v, minimum=0)),
            }
            for column, (attribute, parse) in parsers.items():
                if record.get(column) is None:
                    continue
                try:
                    values[attribute] = parse(
                        record[column] if column != "所属区划" else str(record[column])
                    )
                except ValueError as error:
                    fail(column, str(error))

            community = None
            if record.get("所属医共体"):
                community = self.communities.get(str(record["所属医共体"]))
                if community is None:
                    fail(
                        "所属医共体",
                        f"找不到医共体“{record['所属医共体']}”，请先在系统中建立该医共体。",
                    )
            is_lead = False
            if record.get("是否牵头单位") is not None:
                if str(record["是否牵头单位"]) not in YES_NO:
                    fail("是否牵头单位", "应填写“是”或“否”。")
                else:
                    is_lead = YES_NO[str(record["是否牵头单位"])]
                    if is_lead and community is None:
                        fail("是否牵头单位", "牵头单位必须填写所属医共体。")

            unit = existing.get(code)
            is_new = unit is None
            if unit is not None and visible is not None and unit.pk not in visible:
                fail("统一社会信用代码", "该代码对应的单位不在您的管辖范围内，不能修改。")
            if unit is None:
                unit = Unit(credit_code=code)
            if community is not None and is_lead:
                if community.pk in leads:
                    fail(
                        "是否牵头单位",
                        f"医共体“{community.name}”已在第{leads[community.pk]}行指定了牵头单位。",
                    )
                leads.setdefault(community.pk, number)
                if community.lead_unit_id and community.lead_unit_id != unit.pk:
                    fail(
                        "是否牵头单位",
                        f"医共体“{community.name}”已有牵头单位“{community.lead_unit}”。",
                    )
            if unit.pk and community is not None:
                led = getattr(unit, "led_community", None) if unit.pk else None
                if led is not None and led.pk != community.pk:
                    fail(
                        "所属医共体",
                        f"本单位是“{led.name}”的牵头单位，一个单位只能属于一个医共体。",
                    )

            region = values.get("region")
            if region is not None and name:
                key = (region.pk, name)
                if key in seen_names:
                    fail("单位名称", f"与第{seen_names[key]}行是同一区划内的同名单位。")
                seen_names.setdefault(key, number)
                clash = (
                    Unit.objects.filter(region=region, name=name).exclude(credit_code=code).first()
                )
                if clash is not None:
                    fail(
                        "单位名称", f"“{region.name}”已有同名单位（信用代码{clash.credit_code}）。"
                    )

            if errors:
                preview.errors.extend(errors)
                continue
            unit.name = name
            unit.head_name = str(record["负责人"] or "")
            unit.phone = str(record["联系电话"] or "")
            unit.medical_community = community
            values.setdefault("ownership", Ownership.PUBLIC)
            values.setdefault("grade", Grade.UNGRADED)
            values.setdefault("approved_beds", 0)
            for attribute, value in values.items():
                setattr(unit, attribute, value)
            plan.append(UnitRow(number, unit, is_new, community, is_lead))
            preview.rows.append(
                PreviewRow(number, "新增" if is_new else "更新", [record[h] for h in HEADERS])
            )
        return plan

    def write(self, plan: list[UnitRow]) -> None:
        for item in plan:
            item.unit.save()
            if item.is_lead and item.community.lead_unit_id != item.unit.pk:
                item.community.lead_unit = item.unit
                item.community.save()


def export_units(units) -> bytes:
    """The given units (already filtered and scoped) in the import layout, ready to re-import."""
    by_id = {region.pk: region for region in Region.objects.all()}
    rows = (
        [
            unit.name,
            unit.credit_code,
            unit.get_kind_display(),
            region_label(unit.region, by_id),
            unit.get_ownership_display(),
            unit.get_grade_display(),
            unit.approved_beds,
            unit.head_name,
            unit.phone,
            unit.medical_community.name if unit.medical_community else "",
            "是" if unit.is_community_lead else "否",
        ]
        for unit in units.select_related("region", "medical_community")
    )
    return build_workbook(HEADERS, rows, title="机构名录", widths=WIDTHS)


def template_workbook() -> bytes:
    return build_workbook(HEADERS, UnitImporter.template_rows, title="机构导入模板", widths=WIDTHS)
