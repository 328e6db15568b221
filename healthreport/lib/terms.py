"""The figures the system shows, each defined once: its code, its name and its definition in words.

Pages, messages, exports, the documents and their 数据底稿 read the name and the definition (口径)
from here, keyed by code; the computation lives next to the records it counts (the QuerySets of
`rectification.models`, `rectification.metrics`, `indicators.results`). A label never carries a
meaning of its own: code that decides something compares codes. It imports no app, so any
models module may import it.
"""

from __future__ import annotations

from django.db import models

# 即将到期: the current deadline falls within this many days from today, today included.
DUE_SOON_DAYS = 7
# The second reminder of a problem due soon, this many days before its deadline.
FINAL_REMINDER_DAYS = 3


class Term(models.TextChoices):
    INSPECTIONS = "inspections", "开展督查检查"
    FOUND = "found", "发现问题"
    CLOSED = "closed", "已销号"
    OPEN = "open", "正在整改"
    CANCELLED = "cancelled", "已撤销"
    COMPLETION_RATE = "completion_rate", "整改完成率"
    ON_TIME_RATE = "on_time_rate", "按期销号率"
    OVERDUE = "overdue", "逾期未整改"
    OPEN_LONG_TERM = "open_long_term", "列入长期整改"
    OPEN_EXTENDED = "open_extended", "已延期"
    DUE_SOON = "due_soon", "即将到期"
    AVG_DAYS = "avg_days", "平均整改用时"
    SANCTION_ENTRIES = "sanction_entries", "处理处罚（起）"
    SANCTIONED_UNITS = "sanctioned_units", "处理处罚（家）"
    FINE_TOTAL = "fine_total", "罚款金额"
    APPROVED_BEDS = "approved_beds", "核定床位"
    ACTUAL_BEDS = "actual_beds", "实有床位"
    COMMUNITY_MEMBERS = "community_members", "医共体成员单位数"
    INDICATORS_JUDGED = "indicators_judged", "纳入评估的指标"
    INDICATORS_MET = "indicators_met", "达到或超过预期的指标"
    INDICATORS_SHORT = "indicators_short", "未达到预期的指标"


# Problems are those of the year's inspections (inspection date in the year) at units in the
# region's subtree; states are as they stand on the date the figures are read ("as of").
DEFINITIONS: dict[str, str] = {
    Term.INSPECTIONS: "检查日期在本年度、在本区划内发现问题或由本区划组织的督查检查次数",
    Term.FOUND: "检查日期在本年度的督查检查发现的问题数，含已撤销的问题",
    Term.CLOSED: "本年度发现、截至统计日状态为“已销号”的问题数",
    Term.OPEN: "本年度发现、截至统计日尚未销号也未撤销的问题数（待整改、整改中、待验收）",
    Term.CANCELLED: "本年度发现、经核实撤销的问题数",
    Term.COMPLETION_RATE: "已销号问题数 ÷（发现问题数 − 已撤销问题数）× 100%",
    Term.ON_TIME_RATE: "在原定整改时限（不含延期）内销号的问题数 ÷ 已销号问题数 × 100%",
    Term.OVERDUE: "截至统计日未销号、未撤销（含待验收），且已超过当前整改时限的问题数",
    Term.OPEN_LONG_TERM: "本年度发现、截至统计日尚未销号也未撤销、整改类型为“长期整改”的问题数",
    Term.OPEN_EXTENDED: "本年度发现、截至统计日尚未销号也未撤销、整改时限经批准延期的问题数",
    Term.DUE_SOON: (
        f"未销号、未撤销，当前整改时限在今天起{DUE_SOON_DAYS}天内（含今天和第{DUE_SOON_DAYS}天）的问题数"
    ),
    Term.AVG_DAYS: "已销号问题从检查日期到销号日期的平均天数",
    Term.SANCTION_ENTRIES: "处理日期在本年度、未作废的处理处罚记录条数（一家单位多次处理计多次）",
    Term.SANCTIONED_UNITS: "处理日期在本年度、未作废的处理处罚涉及的单位数（同一单位只计一家）",
    Term.FINE_TOTAL: "处理日期在本年度、未作废的罚款记录的金额合计（元）",
    Term.APPROVED_BEDS: "机构登记的核定（编制）床位数之和",
    Term.ACTUAL_BEDS: "指标“医疗卫生机构实有床位数”（BEDS）填报值之和（已上报、已审核的数据）",
    Term.COMMUNITY_MEMBERS: "医共体的牵头单位与成员单位合计数",
    Term.INDICATORS_JUDGED: "本年度设有目标、已填报并完成评价的指标项数",
    Term.INDICATORS_MET: "完成情况为“超额完成”或“达标”的指标项数",
    Term.INDICATORS_SHORT: "完成情况为“略低于预期”或“未达标”的指标项数",
}


def definition(term: str) -> str:
    return DEFINITIONS[term]
