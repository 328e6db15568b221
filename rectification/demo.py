"""A year and a half of inspections in 示例市 with about 200 problems in every state.

Problems of 青山县人民医院 (the demo unit head's unit) go through the live workflow; the others are
put into their state as a ledger import would (their units have no demo logins). Only the demo's
own units (see `units.demo.demo_units`) get problems and sanctions; units users created never do.
Idempotent: once the demo inspections exist nothing is added or changed.
"""

from __future__ import annotations

import datetime
import io
import random

from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import User
from healthreport.lib import clock
from healthreport.lib.events import muted
from healthreport.lib.seeds import ensure_seeded
from rectification.evidence import add_evidence
from rectification.models import (
    UNIT_STATES,
    Category,
    EventAction,
    ExtensionRequest,
    ExtensionStatus,
    Inspection,
    Kind,
    Problem,
    Sanction,
    SanctionKind,
    Severity,
    Source,
    Status,
)
from rectification.workflow import (
    Action,
    decide_extension,
    record_event,
    request_extension,
    transition,
)
from units.demo import demo_units

HEAD_UNIT = "青山县人民医院"

# (source, title, organiser, campaign)
INSPECTIONS = [
    ("暗访", "“四不两直”夜间值班暗访", "医政医管科", ""),
    ("专项检查", "医疗废物处置专项检查", "卫生监督所", "医疗服务市场专项整治"),
    ("安全生产大检查", "安全生产大检查", "办公室", "安全生产专项整治三年行动"),
    ("局督查", "院感防控督导检查", "疾控科", ""),
    ("专项检查", "打击非法行医专项行动", "卫生监督所", "打击非法行医专项行动"),
    ("暗访", "行风建设明察暗访", "机关纪委", "纪律作风集中整顿"),
    ("上级巡查", "市委巡察反馈问题", "市委第三巡察组", ""),
    ("群众举报", "群众投诉核查", "信访办", ""),
    ("自查自纠", "医疗质量安全自查", "医政医管科", "医疗质量提升年"),
    ("相互查", "医共体成员单位相互检查", "医共体办公室", ""),
    ("媒体曝光", "媒体曝光问题核查", "办公室", ""),
    ("征求意见", "行风评议座谈会意见", "机关纪委", "纪律作风集中整顿"),
]

# category → problem descriptions and measures
FINDINGS = {
    "医疗质量安全": [
        ("核心制度落实不到位，三级查房记录不全", "严格落实三级查房制度，医务科每月抽查病历"),
        ("危急值报告登记不规范", "完善危急值登记本，开展全员培训"),
        ("手术安全核查表填写不完整", "规范手术安全核查流程，纳入科室考核"),
    ],
    "院感防控": [
        ("发热门诊手卫生设施不全", "增设感应式洗手设施和速干手消毒剂"),
        ("消毒供应室清洗消毒记录缺失", "补齐记录，落实双人核对"),
        ("预检分诊流程执行不严", "调整预检分诊点，加强人员培训"),
    ],
    "安全生产与消防": [
        ("住院部消防通道堆放杂物", "立即清理通道，落实每日巡查"),
        ("配电房电气线路老化", "更换老化线路，委托专业机构检测"),
        ("液氧罐区未设置警示标识和围栏", "增设围栏与警示标识，完善应急预案"),
        ("电梯年检合格证过期", "联系特检机构完成年检"),
        ("微型消防站器材配备不足", "补充灭火器、防毒面具等器材"),
    ],
    "危化品与毒麻药品": [
        ("麻醉药品专柜未双人双锁", "改造专柜，落实双人双锁管理"),
        ("危化品仓库台账与实物不符", "全面盘点，建立出入库登记制度"),
    ],
    "医疗废物": [
        ("医疗废物暂存点未上锁", "加装门锁，专人管理"),
        ("医疗废物交接登记不全", "规范交接登记，保存三年"),
    ],
    "行风建设与廉政": [
        ("个别医生收受患者红包", "退还红包，约谈当事人，全院通报"),
        ("存在大处方、过度检查现象", "开展处方点评，对超常处方公示"),
    ],
    "药事管理": [("抗菌药物使用强度超标", "落实抗菌药物分级管理，按月通报")],
    "服务流程与就医环境": [
        ("门诊挂号排队时间长", "增设自助机，推行分时段预约"),
        ("卫生间保洁不及时", "调整保洁排班，增加巡查频次"),
    ],
    "信息化": [("电子病历系统未按要求设置权限", "梳理账号权限，实行最小授权")],
    "非法行医/超范围执业": [("超出登记范围开展医疗美容项目", "立即停止超范围项目，申请变更登记")],
    "传染病防治与疫情防控": [("传染病报告卡填报不及时", "明确专人负责，每日核对")],
}
SEVERITY_WEIGHTS = [(Severity.GENERAL, 70), (Severity.SERIOUS, 22), (Severity.MAJOR, 8)]
FOUR = {
    "cause_found": "日常巡查不到位，管理制度落实不严",
    "people_dealt_with": "对分管负责人进行约谈，责任科室通报批评",
    "measures_checked": "现场复核，整改措施已全部落实",
    "education_done": "组织全院警示教育和专题培训",
}


def _photo(rng: random.Random, label: str) -> bytes:
    image = Image.new("RGB", (640, 480), tuple(rng.randint(90, 200) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 600, 440), outline=(255, 255, 255), width=6)
    draw.text((60, 60), label, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def load(today: datetime.date | None = None) -> int:
    """Add the demo inspections and problems unless they exist; return the number of problems."""
    for model in ("rectification.Source", "rectification.Category"):
        ensure_seeded(model, "rectification.migrations.0002_default_lists", "add_lists")
    if Inspection.objects.filter(title__startswith="【演示】").exists():
        return 0
    today = today or clock.today()
    rng = random.Random(20250101)
    staff = User.objects.get(username="staff")
    county_staff = User.objects.get(username="qingshan")
    head = User.objects.get(username="head")
    by_name = demo_units()
    units = list(by_name.values())
    head_unit = by_name[HEAD_UNIT]
    # The past is written without telling anyone (it happened before today); the last few
    # days go through the workflow as they would live, so that the unit's people have news.
    with muted():
        count, inspections = _past(rng, today, staff, county_staff, head, units, head_unit)
    count += _this_week(head_unit, inspections[-1], today, head, staff)
    return count


def _past(rng, today, staff, county_staff, head, units, head_unit) -> tuple[int, list]:
    """A year and a half of inspections and problems, each moved to a plausible state."""
    categories = {c.name: c for c in Category.objects.all()}
    sources = {s.name: s for s in Source.objects.all()}
    start = today - datetime.timedelta(days=540)

    count = 0
    inspections = []
    for number in range(30):
        source, title, organiser, campaign = INSPECTIONS[number % len(INSPECTIONS)]
        date = start + datetime.timedelta(days=number * 18 + rng.randint(0, 5))
        inspection = Inspection.objects.create(
            source=sources[source],
            title=f"【演示】{date.year}年{title}（第{number // len(INSPECTIONS) + 1}轮）",
            date=date,
            organiser=organiser,
            campaign=campaign,
            created_by=staff,
        )
        inspections.append(inspection)
        found: set[tuple[int, str]] = set()
        for _ in range(rng.randint(5, 8)):
            unit = head_unit if rng.random() < 0.18 else rng.choice(units)
            category = rng.choice(list(FINDINGS))
            description, measures = rng.choice(FINDINGS[category])
            if (unit.pk, description) in found:
                # One problem per inspection, unit and description
                # (problem_unique_inspection_unit_description): the category's next finding, with
                # no further draw, so that the rest of the demo stays as it was.
                unused = [f for f in FINDINGS[category] if (unit.pk, f[0]) not in found]
                if not unused:
                    continue
                description, measures = unused[0]
            found.add((unit.pk, description))
            kind = _pick(rng, [(Kind.IMMEDIATE, 25), (Kind.DEADLINE, 65), (Kind.LONG_TERM, 10)])
            days = {Kind.IMMEDIATE: 7, Kind.DEADLINE: rng.choice([15, 30, 45, 60])}.get(kind, 180)
            deadline = date + datetime.timedelta(days=days)
            problem = Problem.objects.create(
                inspection=inspection,
                unit=unit,
                category=categories[category],
                severity=_pick(rng, SEVERITY_WEIGHTS),
                description=description,
                measures=measures,
                kind=kind,
                first_responsible=unit.head_name,
                direct_responsible=rng.choice(["王科长", "李主任", "张护士长", "赵科长"]),
                original_deadline=deadline,
                deadline=deadline,
                created_by=staff,
            )
            record_event(problem, staff, EventAction.CREATED, f"整改时限：{deadline:%Y-%m-%d}")
            _advance(problem, rng, today, unit == head_unit, head, staff, county_staff)
            count += 1
    _sanctions(rng, units, inspections, today)
    return count, inspections


def _advance(problem, rng, today, live, head, staff, county_staff) -> None:
    """Move a problem to a plausible state for its age: old ones mostly closed, some overdue."""
    age = (today - problem.inspection.date).days
    roll = rng.random()
    if age > 120:
        target = Status.CLOSED if roll < 0.78 else (Status.CANCELLED if roll < 0.85 else None)
    elif age > 45:
        target = Status.CLOSED if roll < 0.55 else (Status.SUBMITTED if roll < 0.7 else None)
    else:
        target = Status.SUBMITTED if roll < 0.2 else (Status.CLOSED if roll < 0.3 else None)
    if target is None:
        target = Status.IN_PROGRESS if rng.random() < 0.6 else Status.OPEN

    # Some problems got more time.
    if target != Status.CANCELLED and rng.random() < 0.12:
        new = problem.deadline + datetime.timedelta(days=rng.choice([15, 30, 60]))
        ExtensionRequest.objects.create(
            problem=problem,
            previous_deadline=problem.deadline,
            new_deadline=new,
            reason="设备采购周期较长，需延长整改时间",
            status=ExtensionStatus.APPROVED,
            requested_by=head if live else None,
            decided_by=staff,
            decided_at=timezone.now(),
        )
        problem.deadline = new
        problem.save(update_fields=["deadline"])
        record_event(problem, staff, EventAction.EXTENSION_APPROVED, f"延至{new:%Y-%m-%d}")

    closed_on = min(today, problem.inspection.date + datetime.timedelta(days=rng.randint(5, 120)))
    if target in (Status.SUBMITTED, Status.CLOSED) and rng.random() < 0.35:
        uploader = head if live else staff
        add_evidence(
            problem, uploader, name="整改后现场照片.jpg", data=_photo(rng, f"No.{problem.pk}")
        )
    if not live:
        if target == Status.OPEN:
            return
        transition(
            problem,
            Action.IMPORT,
            staff,
            to_status=target,
            note="示例数据，按台账设定状态" if target != Status.CANCELLED else "与其他检查重复",
            verifier_name=county_staff.display_name,
            closed_on=closed_on,
        )
        return
    if target == Status.OPEN:
        return
    transition(problem, Action.PROGRESS, head, note="已制定整改方案，正在落实")
    if target == Status.IN_PROGRESS:
        return
    if target == Status.CANCELLED:
        transition(problem, Action.CANCEL, staff, note="经核实不属于本单位问题")
        return
    if not problem.evidence.exists():
        add_evidence(problem, head, name="整改完成照片.jpg", data=_photo(rng, f"No.{problem.pk}"))
    transition(problem, Action.SUBMIT, head, note="已按整改措施全部落实，附现场照片")
    if target == Status.CLOSED:
        transition(
            problem,
            Action.CLOSE,
            county_staff,
            note="现场复核合格，同意销号",
            today=closed_on,
            four_points=FOUR,
        )


RETURN_REASON = "佐证照片未体现整改后的现场，请补充整改前后对比照片后重新申请销号"


def _this_week(head_unit, inspection, today, head, staff) -> int:
    """What happened to the demo unit lately, through the workflow (core.notify tells its
    people): a problem just issued, an application sent back with the reason, an extension
    refused. Returns the number of problems added (one)."""
    taken = set(
        Problem.objects.filter(inspection=inspection, unit=head_unit).values_list(
            "description", flat=True
        )
    )
    description, measures = next(
        f for f in FINDINGS["院感防控"] + FINDINGS["医疗废物"] if f[0] not in taken
    )
    deadline = today + datetime.timedelta(days=30)
    problem = Problem.objects.create(
        inspection=inspection,
        unit=head_unit,
        category=Category.objects.get(name="院感防控"),
        severity=Severity.GENERAL,
        description=description,
        measures=measures,
        kind=Kind.DEADLINE,
        first_responsible=head_unit.head_name,
        direct_responsible="张护士长",
        original_deadline=deadline,
        deadline=deadline,
        created_by=staff,
    )
    record_event(problem, staff, EventAction.CREATED, f"整改时限：{deadline:%Y-%m-%d}")
    submitted = (
        Problem.objects.filter(unit=head_unit, status=Status.SUBMITTED)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if submitted is not None:
        transition(submitted, Action.RETURN, staff, note=RETURN_REASON)
    candidates = Problem.objects.filter(
        unit=head_unit, status__in=UNIT_STATES, extensions__isnull=True
    ).exclude(pk=problem.pk)
    if submitted is not None:
        candidates = candidates.exclude(pk=submitted.pk)
    waiting = candidates.order_by("deadline", "pk").first()
    if waiting is not None:
        extension = request_extension(
            waiting,
            head,
            new_deadline=max(waiting.deadline, today) + datetime.timedelta(days=30),
            reason="整改所需设备尚未到货",
        )
        decide_extension(extension, staff, approve=False, note="设备可先行租用，请按原时限完成整改")
    return 1


def _sanctions(rng: random.Random, units, inspections, today: datetime.date) -> None:
    kinds = [
        (SanctionKind.WARNING, None),
        (SanctionKind.FINE, 5000),
        (SanctionKind.FINE, 20000),
        (SanctionKind.CRITICISM, None),
        (SanctionKind.TALK, None),
        (SanctionKind.CASE, None),
        (SanctionKind.CLOSURE, None),
        (SanctionKind.CONFISCATION, None),  # only a fine carries an amount
    ]
    problems = list(
        Problem.objects.filter(
            inspection__in=inspections, severity__in=[Severity.SERIOUS, Severity.MAJOR]
        )[:40]
    )
    for index in range(18):
        kind, amount = kinds[index % len(kinds)]
        problem = rng.choice(problems) if problems and index % 3 else None
        unit = problem.unit if problem else rng.choice(units)
        Sanction.objects.create(
            unit=unit,
            problem=problem,
            kind=kind,
            target=unit.name,
            amount=amount,
            date=today - datetime.timedelta(days=rng.randint(0, 500)),
            note="演示数据",
        )
