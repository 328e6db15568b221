"""The units (机构) Excel template, its importer and the export of a filtered list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from healthreport.lib.excel import build_workbook, parse_int, parse_yes_no
from healthreport.lib.imports import UPDATE, Column, Importer, Row
from units.credit_code import make_credit_code, normalize, validate_credit_code
from units.models import (
    APPROVED_BEDS_LABEL,
    MAX_APPROVED_BEDS,
    Grade,
    MedicalCommunity,
    Ownership,
    Region,
    Unit,
    UnitKind,
)
from units.privacy import phone_for

WIDTHS = [34, 22, 18, 18, 10, 12, 10, 10, 16, 26, 12]
# Rows per INSERT or UPDATE of the import (and of its history rows).
BATCH_SIZE = 1000

# Spellings people use in their own ledgers for the same grade or kind.
GRADE_ALIASES = {
    "三甲": "3A",
    "三乙": "3B",
    "二甲": "2A",
    "二乙": "2B",
    "一级甲等": "1",
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


def region_label(region: Region, by_id: dict[int, Region]) -> str:
    """'宝应县/范水镇': the region's name prefixed with its ancestors below the city."""
    names = []
    for pk in region.path.strip("/").split("/")[1:]:
        names.append(by_id[int(pk)].name)
    return "/".join(names) or region.name


def parse_credit_code(value: Any) -> str:
    code = normalize(str(value))
    try:
        validate_credit_code(code)
    except ValidationError as error:
        raise ValueError(error.messages[0]) from None
    return code


@dataclass
class UnitRow:
    row: int
    unit: Unit
    community: MedicalCommunity | None
    is_lead: bool


class UnitImporter(Importer):
    kind = "units"
    title = "机构"
    # A chunk's look_up reads only its own codes and names, and a clash with a unit that an
    # earlier row of the file changes is that row's to decide (check): what earlier chunks
    # wrote changes no row's result.
    write_by_chunk = True
    columns = [
        Column(
            "单位名称", "name", required=True, max_length=100, help="机构的全称，与执业许可证一致"
        ),
        Column(
            "统一社会信用代码",
            "credit_code",
            required=True,
            parse=parse_credit_code,
            help="18位代码；系统中已有该代码的单位按本行更新，没有的新增",
        ),
        Column(
            "机构类别",
            "kind",
            required=True,
            choices=UnitKind.choices,
            aliases=KIND_ALIASES,
            help="按卫生统计的机构分类",
        ),
        Column(
            "所属区划",
            "region",
            required=True,
            parse="find_region",
            help="县区或乡镇街道的名称；重名时写成“县区/乡镇”，须在您的管辖范围内",
        ),
        Column(
            "经营性质",
            "ownership",
            choices=Ownership.choices,
            default=Ownership.PUBLIC,
            help="公立或非公立（民营）",
        ),
        Column(
            "等级",
            "grade",
            choices=Grade.choices,
            aliases=GRADE_ALIASES,
            default=Grade.UNGRADED,
            help="医院等级（三级甲等等）；也可写三甲、二甲",
        ),
        Column(
            APPROVED_BEDS_LABEL,
            "approved_beds",
            parse=parse_int,
            minimum=0,
            maximum=MAX_APPROVED_BEDS,
            default=0,
            help="执业许可证核定的床位数",
        ),
        Column("负责人", "head_name", max_length=30, help="单位主要负责人姓名"),
        Column("联系电话", "phone", max_length=30, help="如 0514-80000000"),
        Column(
            "所属医共体",
            "medical_community",
            parse="find_community",
            help="系统中已建立的医共体名称；不属于医共体的留空",
        ),
        Column(
            "是否牵头单位",
            "is_lead",
            parse=parse_yes_no,
            default=False,
            help="是否为所属医共体的牵头单位；填“是”时须填写所属医共体",
        ),
    ]
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

    def example_rows(self) -> list[list[Any]]:
        """A real unit of the person's scope as it stands (the first in use), so that the
        example shows their own names; the placeholder when there is none."""
        units = Unit.objects.all() if self.user is None else Unit.objects.visible_to(self.user)
        unit = units.active().select_related("region", "medical_community").order_by("pk").first()
        if unit is None:
            return super().example_rows()
        return [unit_row(unit, {region.pk: region for region in Region.objects.all()})]

    def prepare(self) -> None:
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
        self.visible = (
            None
            if self.user is None
            else set(Unit.objects.visible_to(self.user).values_list("pk", flat=True))
        )
        # Filled by `look_up` for each chunk of rows: the units of its codes, and the codes of
        # the units bearing its names by (region, name).
        self.existing: dict[str, Unit] = {}
        self.named: dict[tuple[int, str], str] = {}
        # The file's codes and (region, name)s so far, with their rows: the checks across rows.
        self.seen_codes: dict[str, int] = {}
        self.seen_names: dict[tuple[int, str], int] = {}
        self.leads: dict[int, int] = {}

    def look_up(self, rows: list[Row]) -> None:
        """The stored units of these rows' codes and names: two queries per chunk, where each
        row asked two of its own; only this chunk's are kept, so that a 100,000-row file holds
        a chunk's units. Earlier chunks may have been written: a code seen again is a repeated
        row, and a name is checked only against units no earlier row changes (`check`)."""
        codes = {normalize(str(row.cell("credit_code") or "")) for row in rows}
        units = Unit.objects.filter(credit_code__in=codes)
        # led_community: the check reads it of every unit the file changes.
        self.existing = {u.credit_code: u for u in units.select_related("led_community")}
        names = {str(row.cell("name")) for row in rows if row.cell("name") is not None}
        named = Unit.objects.filter(name__in=names).values_list("region_id", "name", "credit_code")
        self.named = {(region, name): code for region, name, code in named}

    def find_region(self, value: Any) -> Region:
        name = str(value)
        found = self.regions.get(name, [])
        if not found:
            raise ValueError(f"找不到区划“{name}”，或它不在您的管辖范围内。")
        if len(found) > 1:
            raise ValueError(
                f"区划名称“{name}”不唯一，请写成“县区/乡镇”的形式，如“示例县/{name}”。"
            )
        return found[0]

    def find_community(self, value: Any) -> MedicalCommunity:
        community = self.communities.get(str(value))
        if community is None:
            raise ValueError(f"找不到医共体“{value}”，请先在系统中建立该医共体。")
        return community

    def check(self, row: Row) -> None:
        code, name, region = row["credit_code"], row["name"], row["region"]
        community, is_lead = row["medical_community"], row["is_lead"]
        repeated = code in self.seen_codes
        if code:
            if repeated:
                row.fail("credit_code", f"与第{self.seen_codes[code]}行重复。")
            self.seen_codes.setdefault(code, row.number)
        if is_lead and row.cell("medical_community") is None:
            row.fail("is_lead", "牵头单位必须填写所属医共体。")

        # A repeated code's unit may be the one an earlier chunk wrote: the row fails anyway.
        unit = self.existing.get(code) if code and not repeated else None
        if unit is not None and self.visible is not None and unit.pk not in self.visible:
            row.fail("credit_code", "该代码对应的单位不在您的管辖范围内，不能修改。")
        if community is not None and is_lead:
            if community.pk in self.leads:
                row.fail(
                    "is_lead",
                    f"医共体“{community.name}”已在第{self.leads[community.pk]}行指定了牵头单位。",
                )
            self.leads.setdefault(community.pk, row.number)
            if community.lead_unit_id and community.lead_unit_id != getattr(unit, "pk", None):
                row.fail(
                    "is_lead", f"医共体“{community.name}”已有牵头单位“{community.lead_unit}”。"
                )
        if unit is not None and community is not None:
            led = getattr(unit, "led_community", None)
            if led is not None and led.pk != community.pk:
                row.fail(
                    "medical_community",
                    f"本单位是“{led.name}”的牵头单位，一个单位只能属于一个医共体。",
                )

        if region is not None and name:
            key = (region.pk, name)
            if key in self.seen_names:
                row.fail("name", f"与第{self.seen_names[key]}行是同一区划内的同名单位。")
            self.seen_names.setdefault(key, row.number)
            # A region's names are unique (unit_unique_name_in_region): one unit at most. A unit
            # an earlier row changes bears that row's name, checked above (seen_names), whether
            # or not its chunk is written yet: a file may rename a unit and give its old name to
            # another, in that order.
            clash = self.named.get(key)
            if clash is not None and clash != (code or "") and clash not in self.seen_codes:
                row.fail("name", f"“{region.name}”已有同名单位（信用代码{clash}）。")

    def stage(self, row: Row) -> UnitRow:
        unit = self.existing.get(row["credit_code"])
        if unit is None:
            unit = Unit(credit_code=row["credit_code"])
        else:
            row.action = UPDATE
        # Every column but 是否牵头单位 is the unit's field of the same name.
        for column in self.columns:
            if column.name != "is_lead":
                setattr(unit, column.name, row[column.name])
        return UnitRow(row.number, unit, row["medical_community"], row["is_lead"])

    def write(self, plan: list[UnitRow]) -> None:
        """The changed units, then the new ones, in bulk with their history (a unit's history
        is its record of who changed what); then the few communities whose lead unit the file
        names, one by one, as MedicalCommunity.save() keeps the lead a member."""
        created = [item.unit for item in plan if item.unit.pk is None]
        updated = [item.unit for item in plan if item.unit.pk is not None]
        new = {id(unit) for unit in created}
        if updated:
            now = timezone.now()
            for unit in updated:
                unit.updated = now  # auto_now, which bulk_update does not set
            fields = [c.name for c in self.columns if c.name != "is_lead"]
            bulk_update_with_history(
                updated,
                Unit,
                [*fields, "updated"],
                batch_size=BATCH_SIZE,
                default_user=self.user,
            )
        if created:
            bulk_create_with_history(created, Unit, batch_size=BATCH_SIZE, default_user=self.user)
        for item in plan:
            self.wrote(item.unit.pk, created=id(item.unit) in new)
            if item.is_lead and item.community.lead_unit_id != item.unit.pk:
                item.community.lead_unit = item.unit
                item.community.save()


HEADERS = UnitImporter.headers


def unit_row(unit: Unit, by_id: dict[int, Region]) -> list[Any]:
    """The unit in the import layout (HEADERS)."""
    return [
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


# What the unit list carries of people (个人信息保护法): the audit trail records its export as such.
PERSONAL_DATA = "机构负责人姓名、联系电话"


def export_units(units, user: User | None = None) -> bytes:
    """The given units (already filtered and scoped) in the import layout, ready to re-import.
    A phone the user may not read in full is masked, as on the pages (units.privacy)."""
    by_id = {region.pk: region for region in Region.objects.all()}
    phone_column = HEADERS.index("联系电话")

    def row(unit: Unit) -> list[Any]:
        cells = unit_row(unit, by_id)
        cells[phone_column] = phone_for(user, unit)
        return cells

    rows = (row(unit) for unit in units.select_related("region", "medical_community"))
    return build_workbook(HEADERS, rows, title="机构名录", widths=WIDTHS)


def template_workbook(user: User | None = None) -> bytes:
    """The import template, its example of the user's scope, with drop-downs and 填写说明."""
    importer = UnitImporter(user)
    return build_workbook(
        HEADERS,
        importer.example_rows(),
        title="机构导入模板",
        widths=WIDTHS,
        guide=importer.guide(),
    )
