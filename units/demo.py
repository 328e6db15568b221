"""The fictional 示例市 of the demo: its regions, about forty institutions and two 医共体."""

from __future__ import annotations

from units.credit_code import make_credit_code
from units.models import (
    Grade,
    MedicalCommunity,
    Ownership,
    Region,
    RegionLevel,
    Unit,
    UnitKind,
)

CITY = ("示例市", "329900")
# county/district → (division code, townships)
COUNTIES = {
    "东湖区": ("329902", ["湖滨街道", "东关街道"]),
    "青山县": ("329921", ["城关镇", "青山镇", "柳河镇", "石桥乡"]),
    "白沙县": ("329922", ["白沙镇", "桃源镇", "新港镇"]),
}

K = UnitKind
G = Grade
PUBLIC, PRIVATE = Ownership.PUBLIC, Ownership.PRIVATE

# (name, kind, region name, ownership, grade, beds, head)
UNITS = [
    ("示例市第一人民医院", K.GENERAL_HOSPITAL, "示例市", PUBLIC, G.TERTIARY_A, 1500, "周建国"),
    ("示例市第二人民医院", K.GENERAL_HOSPITAL, "示例市", PUBLIC, G.TERTIARY_B, 800, "李卫东"),
    ("示例市中西医结合医院", K.INTEGRATED_HOSPITAL, "示例市", PUBLIC, G.TERTIARY_B, 600, "孙立平"),
    ("示例市妇幼保健院", K.MATERNAL_CHILD, "示例市", PUBLIC, G.SECONDARY_A, 400, "陈慧"),
    ("示例市儿童医院", K.SPECIALTY_HOSPITAL, "示例市", PUBLIC, G.SECONDARY_A, 300, "吴敏"),
    ("示例市口腔医院", K.SPECIALTY_HOSPITAL, "示例市", PUBLIC, G.PRIMARY, 50, "郑海涛"),
    ("示例市疾病预防控制中心", K.CDC, "示例市", PUBLIC, G.UNGRADED, 0, "钱志强"),
    ("示例市卫生监督所", K.SUPERVISION, "示例市", PUBLIC, G.UNGRADED, 0, "冯玉兰"),
    ("示例市急救中心", K.EMERGENCY, "示例市", PUBLIC, G.UNGRADED, 0, "褚晓峰"),
    ("示例市中心血站", K.BLOOD_CENTER, "示例市", PUBLIC, G.UNGRADED, 0, "卫红"),
    ("示例市康华医院", K.PRIVATE_HOSPITAL, "示例市", PRIVATE, G.SECONDARY_B, 200, "蒋康华"),
    ("东湖区人民医院", K.GENERAL_HOSPITAL, "东湖区", PUBLIC, G.SECONDARY_A, 400, "沈明"),
    ("东湖区卫生监督所", K.SUPERVISION, "东湖区", PUBLIC, G.UNGRADED, 0, "韩冰"),
    ("湖滨街道社区卫生服务中心", K.COMMUNITY_CENTER, "湖滨街道", PUBLIC, G.PRIMARY, 30, "杨帆"),
    ("东关街道社区卫生服务中心", K.COMMUNITY_CENTER, "东关街道", PUBLIC, G.PRIMARY, 20, "朱琳"),
    ("东关街道新村社区卫生服务站", K.COMMUNITY_STATION, "东关街道", PUBLIC, G.UNGRADED, 0, "秦月"),
    ("东湖区仁和诊所", K.CLINIC, "湖滨街道", PRIVATE, G.UNGRADED, 0, "许仁和"),
    ("青山县人民医院", K.GENERAL_HOSPITAL, "青山县", PUBLIC, G.SECONDARY_A, 600, "何振华"),
    ("青山县中医院", K.TCM_HOSPITAL, "青山县", PUBLIC, G.SECONDARY_A, 300, "吕春生"),
    ("青山县妇幼保健院", K.MATERNAL_CHILD, "青山县", PUBLIC, G.SECONDARY_B, 100, "施燕"),
    ("青山县疾病预防控制中心", K.CDC, "青山县", PUBLIC, G.UNGRADED, 0, "张伟"),
    ("青山县卫生监督所", K.SUPERVISION, "青山县", PUBLIC, G.UNGRADED, 0, "孔祥"),
    ("城关镇中心卫生院", K.TOWNSHIP_HEALTH_CENTER, "城关镇", PUBLIC, G.PRIMARY, 80, "曹强"),
    ("青山镇卫生院", K.TOWNSHIP_HEALTH_CENTER, "青山镇", PUBLIC, G.PRIMARY, 40, "严军"),
    ("柳河镇卫生院", K.TOWNSHIP_HEALTH_CENTER, "柳河镇", PUBLIC, G.PRIMARY, 50, "华丽"),
    ("石桥乡卫生院", K.TOWNSHIP_HEALTH_CENTER, "石桥乡", PUBLIC, G.PRIMARY, 30, "金石"),
    ("城关镇南街村卫生室", K.VILLAGE_CLINIC, "城关镇", PUBLIC, G.UNGRADED, 0, "魏南"),
    ("柳河镇柳树村卫生室", K.VILLAGE_CLINIC, "柳河镇", PUBLIC, G.UNGRADED, 0, "陶柳"),
    ("石桥乡石桥村卫生室", K.VILLAGE_CLINIC, "石桥乡", PUBLIC, G.UNGRADED, 0, "姜桥"),
    ("青山县康宁医院", K.PRIVATE_HOSPITAL, "青山县", PRIVATE, G.PRIMARY, 60, "戚康宁"),
    ("白沙县人民医院", K.GENERAL_HOSPITAL, "白沙县", PUBLIC, G.SECONDARY_A, 550, "谢白"),
    ("白沙县中医院", K.TCM_HOSPITAL, "白沙县", PUBLIC, G.SECONDARY_B, 200, "邹中"),
    ("白沙县妇幼保健院", K.MATERNAL_CHILD, "白沙县", PUBLIC, G.SECONDARY_B, 80, "喻芳"),
    ("白沙县疾病预防控制中心", K.CDC, "白沙县", PUBLIC, G.UNGRADED, 0, "柏林"),
    ("白沙镇中心卫生院", K.TOWNSHIP_HEALTH_CENTER, "白沙镇", PUBLIC, G.PRIMARY, 90, "水清"),
    ("桃源镇卫生院", K.TOWNSHIP_HEALTH_CENTER, "桃源镇", PUBLIC, G.PRIMARY, 45, "窦桃"),
    ("新港镇卫生院", K.TOWNSHIP_HEALTH_CENTER, "新港镇", PUBLIC, G.PRIMARY, 40, "章港"),
    ("桃源镇桃花村卫生室", K.VILLAGE_CLINIC, "桃源镇", PUBLIC, G.UNGRADED, 0, "云桃"),
    ("新港镇渔港村卫生室", K.VILLAGE_CLINIC, "新港镇", PUBLIC, G.UNGRADED, 0, "苏渔"),
    ("白沙县惠民诊所", K.CLINIC, "白沙镇", PRIVATE, G.UNGRADED, 0, "潘惠民"),
]

COMMUNITIES = {
    "青山县医共体": (
        "青山县",
        "青山县人民医院",
        [
            "青山县妇幼保健院",
            "城关镇中心卫生院",
            "青山镇卫生院",
            "柳河镇卫生院",
            "石桥乡卫生院",
            "城关镇南街村卫生室",
            "柳河镇柳树村卫生室",
            "石桥乡石桥村卫生室",
        ],
    ),
    "白沙县医共体": (
        "白沙县",
        "白沙县人民医院",
        [
            "白沙县中医院",
            "白沙镇中心卫生院",
            "桃源镇卫生院",
            "新港镇卫生院",
            "桃源镇桃花村卫生室",
            "新港镇渔港村卫生室",
        ],
    ),
}


def _region_codes() -> dict[str, str]:
    """Every demo region's division code, by name."""
    codes = {CITY[0]: CITY[1]}
    for county, (code, townships) in COUNTIES.items():
        codes[county] = code
        for index, township in enumerate(townships, start=1):
            codes[township] = f"{code}{100 + index:03d}"
    return codes


def _unit_codes() -> dict[str, str]:
    """The fixed 统一社会信用代码 of every demo unit, by name.

    The codes carry the fictional division code 3299xx (no such prefecture exists), so they
    cannot belong to a real institution: they are what marks a unit as the demo's own.
    """
    regions = _region_codes()
    codes = {}
    for seq, (name, _kind, region_name, ownership, *_rest) in enumerate(UNITS, 1):
        prefix = "12" if ownership == PUBLIC else "52"
        codes[name] = make_credit_code(f"{prefix}{regions[region_name][:6]}{seq:09d}")
    return codes


REGION_CODES = _region_codes()
UNIT_CODES = _unit_codes()
UNIT_NAMES = {code: name for name, code in UNIT_CODES.items()}


def demo_units() -> dict[str, Unit]:
    """The demo's own units (found by their credit codes, whatever users renamed them to), keyed
    by their demo name, in the units' usual order. Units users created are never among them."""
    units = Unit.objects.filter(credit_code__in=UNIT_NAMES).select_related("region")
    return {UNIT_NAMES[unit.credit_code]: unit for unit in units}


def demo_city() -> Region | None:
    return Region.objects.filter(name=CITY[0], parent__isnull=True).first()


def _region(name: str, level: int, parent: Region | None) -> Region:
    region, _ = Region.objects.get_or_create(
        name=name, parent=parent, defaults={"level": level, "code": REGION_CODES[name]}
    )
    return region


def load() -> dict[str, Region]:
    """Create the demo regions, units and 医共体 that do not exist yet; never change one that does.

    A unit or 医共体 a user created (or changed) is left as it is: members are added only to a
    医共体 created in this run, and only demo units created in this run.
    """
    regions: dict[str, Region] = {}
    city = regions[CITY[0]] = _region(CITY[0], RegionLevel.CITY, None)
    for county, (_code, townships) in COUNTIES.items():
        regions[county] = _region(county, RegionLevel.COUNTY, city)
        for township in townships:
            regions[township] = _region(township, RegionLevel.TOWNSHIP, regions[county])

    units: dict[str, Unit] = {}
    created: set[str] = set()
    for seq, (name, kind, region_name, ownership, grade, beds, head) in enumerate(UNITS, 1):
        code = UNIT_CODES[name]
        unit = Unit.objects.filter(credit_code=code).first()
        if unit is None:
            region = regions[region_name]
            if Unit.objects.filter(region=region, name=name).exists():
                continue  # a user's own unit of that name: not the demo's, leave it alone
            unit = Unit.objects.create(
                credit_code=code,
                name=name,
                kind=kind,
                region=region,
                ownership=ownership,
                grade=grade,
                approved_beds=beds,
                head_name=head,
                phone=f"0599-8{seq:03d}{seq:04d}"[:13],
            )
            created.add(name)
        units[name] = unit

    for name, (region_name, lead, members) in COMMUNITIES.items():
        if lead not in created or MedicalCommunity.objects.filter(name=name).exists():
            continue
        community = MedicalCommunity.objects.create(
            name=name, region=regions[region_name], lead_unit=units[lead]
        )
        Unit.objects.filter(
            pk__in=[units[m].pk for m in members if m in created],
            medical_community__isnull=True,
        ).update(medical_community=community)
    return regions
