"""Work entries of the demo city for last year: adopted highlights, shortcomings and plans,
three of them flagged 亮点, and two highlights a hospital has proposed and the bureau has not yet
read; the causes and measures of some shortfalls, and the meeting the speech is given at."""

from __future__ import annotations

import datetime

from accounts.models import User
from healthreport.lib.seeds import ensure_seeded
from indicators.models import Indicator
from reports.models import (
    EntryStatus,
    HighlightKind,
    IndicatorNote,
    MeetingContext,
    Part,
    WorkEntry,
    WorkField,
)
from units.demo import demo_city, demo_units

YEAR = 2025

# (part, field, title, body)
ADOPTED = [
    (
        Part.ACHIEVEMENT,
        "清廉建设",
        "深化医疗领域群众身边不正之风整治",
        "聚焦收受回扣、“红包”和过度诊疗等问题，组织全市二级以上医院开展自查自纠，"
        "建立院长接待日和患者满意度回访制度，对群众反映的问题逐件登记、限时办结。",
    ),
    (
        Part.ACHIEVEMENT,
        "公共卫生与疫情防控",
        "织密传染病监测预警网络",
        "在二级以上医院和乡镇卫生院全面推行传染病智能监测，完善多点触发预警机制；"
        "组织开展流感、登革热等重点传染病应急演练，提升基层早发现、早处置能力。",
    ),
    (
        Part.ACHIEVEMENT,
        "医共体建设",
        "推动县域医共体紧密运行",
        "青山县、白沙县两家医共体实行人员、财务、药品耗材统一管理，牵头医院专家定期下沉成员单位坐诊带教，"
        "乡镇卫生院住院服务和适宜手术逐步恢复，群众在家门口看病更加便利。",
    ),
    (
        Part.ACHIEVEMENT,
        "数字化改革",
        "建成检查检验结果互认平台",
        "全市二级以上公立医院和医共体成员单位接入检查检验结果互认平台，"
        "医生调阅外院报告一键可查，减少患者重复检查和费用负担。",
    ),
    (
        Part.ACHIEVEMENT,
        "安全稳定",
        "开展医疗机构安全生产大排查",
        "围绕消防设施、电气线路、液氧罐区和危化品管理开展“四不两直”暗访，"
        "发现的隐患全部建立台账，实行清单化管理、销号式整改。",
    ),
    (
        Part.PROBLEM,
        "医共体建设",
        "基层服务能力仍然偏弱",
        "部分乡镇卫生院全科医生和专业技术人员不足，住院和手术服务开展不多，"
        "县域内就诊率与群众需求相比还有差距。",
    ),
    (
        Part.PLAN,
        "医共体建设",
        "提升县域医共体建设质量",
        "持续推进医共体内人员、业务和药品耗材统一管理，新建一批基层特色专科，"
        "力争每个医共体至少有一家中心卫生院达到二级医院服务能力。",
    ),
    (
        Part.PLAN,
        "安全稳定",
        "守牢医疗卫生安全底线",
        "常态化开展安全生产和消防隐患排查整治，落实问题整改“回头看”，"
        "对逾期未整改的问题约谈单位负责人，确保全年不发生较大以上安全事故。",
    ),
]

# The year's highlights (亮点), adopted with the entries: (kind, field, title, body).
HIGHLIGHTS = [
    (
        HighlightKind.HONOUR,
        "健康城市",
        "顺利通过国家卫生城市复审",
        "对照国家卫生城市标准，组织开展城乡环境卫生整洁行动和病媒生物防制，"
        "全市健康细胞建设持续推进，复审现场评估各项指标全部达标。",
    ),
    (
        HighlightKind.PILOT,
        "医共体建设",
        "青山县入选全国紧密型县域医共体建设试点县",
        "青山县以医共体为单元推行医保资金打包付费，建立结余留用、合理超支分担机制，"
        "县域医疗资源统筹使用更加有效。",
    ),
    (
        HighlightKind.RANKING,
        "医药卫生体制改革",
        "二级公立医院绩效考核成绩位列全省第三",
        "以绩效考核为抓手，推动公立医院落实功能定位、控制药品耗材费用、提升运行效率，"
        "市第二人民医院等3家医院考核等次达到A级。",
    ),
]

# 原因分析 and 下步措施 of some of the demo city's shortfalls; the others are left for the
# 原因与措施 page to list. (indicator code, cause, measure)
NOTES = [
    (
        "PRIMARY_VISIT_RATE",
        "基层医疗机构服务能力不强，常见病、慢性病患者仍习惯到城区大医院就诊",
        "推进医共体内专家下沉和检查检验结果互认，扩大家庭医生签约服务覆盖面，"
        "引导常见病、慢性病患者首诊在基层",
    ),
    (
        "GP_PER_10000",
        "全科医生培养周期长，基层岗位吸引力不足，近两年有部分全科医生流向城区医院",
        "实施全科医生转岗培训和订单定向培养，落实基层岗位津贴和职称评聘倾斜政策",
    ),
    (
        "NMR",
        "部分乡镇危重新生儿转运距离长，县级新生儿救治中心能力有待提升",
        "加强危重新生儿救治中心建设，完善市县两级转诊网络和绿色通道，开展新生儿复苏全员培训",
    ),
]

MEETING = {
    "name": "2026年全市卫生健康工作会议",
    "date": datetime.date(2026, 2, 12),
    "approved_by": "经市委、市政府同意",
    "preceded_by": "刚才，李卫东同志代表市卫生健康局作了工作报告",
}

PROPOSED = [
    (
        "青山县人民医院",
        "胸痛中心通过国家标准版认证",
        "医院优化急性胸痛救治流程，与县急救站和乡镇卫生院建立远程心电网络，"
        "患者从进门到球囊扩张的平均时间明显缩短。",
    ),
    (
        "青山县人民医院",
        "开展“专家进乡村”巡回义诊",
        "全年组织专家到医共体成员单位巡回义诊，服务群众并开展健康宣教。",
    ),
]


def load() -> None:
    """Add the demo's entries unless the demo city has entries of that year: a second run, or
    one after people wrote or edited entries there, writes nothing. Entries of other regions
    (people's own) neither stop the demo nor are touched by it."""
    ensure_seeded("reports.WorkField", "reports.migrations.0002_seed_work_fields", "seed")
    ensure_seeded(
        "reports.FieldIndicator", "reports.migrations.0004_writing_inputs", "map_indicators"
    )
    city = demo_city()
    if city is not None:
        _load_writing_inputs(city)
    if (
        city is None
        or WorkEntry.objects.filter(year=YEAR, region__path__startswith=city.path).exists()
    ):
        return
    units = demo_units()
    staff = User.objects.get(username="staff")
    head = User.objects.get(username="head")
    fields = {f.name: f for f in WorkField.objects.all()}
    for order, (part, field, title, body) in enumerate(ADOPTED, start=1):
        WorkEntry.objects.create(
            year=YEAR,
            part=part,
            field=fields[field],
            title=title,
            body=body,
            region=city,
            status=EntryStatus.ADOPTED,
            order=order * 10,
            created_by=staff,
        )
    for order, (kind, field, title, body) in enumerate(HIGHLIGHTS, start=1):
        WorkEntry.objects.create(
            year=YEAR,
            part=Part.ACHIEVEMENT,
            field=fields[field],
            title=title,
            body=body,
            region=city,
            status=EntryStatus.ADOPTED,
            order=order,  # before the field's other entries
            highlight=kind,
            created_by=staff,
        )
    for order, (unit_name, title, body) in enumerate(PROPOSED, start=1):
        unit = units[unit_name]
        WorkEntry.objects.create(
            year=YEAR,
            part=Part.ACHIEVEMENT,
            field=fields["医共体建设"],
            title=title,
            body=body,
            region=unit.region,
            unit=unit,
            status=EntryStatus.PROPOSED,
            order=100 + order * 10,
            created_by=head,
        )


def _load_writing_inputs(city) -> None:
    """The demo city's causes, measures and meeting, each added only where none is recorded."""
    staff = User.objects.get(username="staff")
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[n[0] for n in NOTES])}
    for code, cause, measure in NOTES:
        if code in indicators:
            IndicatorNote.objects.get_or_create(
                indicator=indicators[code],
                region=city,
                year=YEAR,
                defaults={"cause": cause, "measure": measure, "updated_by": staff},
            )
    MeetingContext.objects.get_or_create(
        region=city, year=YEAR, defaults={**MEETING, "updated_by": staff}
    )
