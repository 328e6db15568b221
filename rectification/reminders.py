"""Which problems are due for a reminder, and what the reminder says: problems due soon
(DUE_SOON_DAYS, then FINAL_REMINDER_DAYS before) and overdue ones, for the units' people; the day's
figures for bureau staff; the system-wide picture for the group robots. Queries and text only.

The digest and the robots count 逾期未整改 and 即将到期 as the pages do (`Problem.objects.overdue`,
`due_soon`: 待验收 included), over all years; a unit is reminded only of what it still has to do.

Sending (in-app `Notification`s, e-mail, WeCom/DingTalk robots) is core's: `core.reminders`,
run daily by `python manage.py send_reminders`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, QuerySet
from django.urls import reverse

from accounts.models import Role, User
from healthreport.lib.terms import FINAL_REMINDER_DAYS, Term
from rectification.dashboard import AWAITING_MINE_LABEL, OVERDUE_AT_UNIT_LABEL, overdue_label
from rectification.models import (
    DUE_SOON_BADGE,
    DUE_SOON_DAYS,
    UNIT_STATES,
    ExtensionRequest,
    ExtensionStatus,
    Problem,
    ReminderKind,
    Status,
    due_soon_q,
    overdue_q,
)

# The people of a unit who are reminded of its problems.
UNIT_ROLES = (Role.UNIT_HEAD, Role.UNIT_CLERK)


@dataclass(frozen=True)
class UnitReminder:
    """One person of a unit to be reminded of one problem today."""

    recipient: User
    problem: Problem
    kind: str
    title: str
    body: str


@dataclass(frozen=True)
class StaffDigest:
    """The day's figures of a staff member's scope."""

    title: str
    body: str


def kind_for(problem: Problem, today: datetime.date) -> str | None:
    days = (problem.deadline - today).days
    if days < 0:
        return ReminderKind.OVERDUE
    if days <= FINAL_REMINDER_DAYS:
        return ReminderKind.DUE_3
    if days <= DUE_SOON_DAYS:
        return ReminderKind.DUE_7
    return None


def _title(problem: Problem, today: datetime.date) -> str:
    days = (problem.deadline - today).days
    when = f"已逾期{-days}天" if days < 0 else ("今天到期" if days == 0 else f"{days}天后到期")
    return f"【{when}】{problem.unit.name}：{problem.description[:40]}"


def _due_problems(today: datetime.date) -> QuerySet[Problem]:
    """Problems due soon or overdue that their unit still has to act on (a 待验收 problem waits
    for the bureau, not them)."""
    return (
        Problem.objects.filter(status__in=UNIT_STATES)
        .filter(overdue_q(today) | due_soon_q(today))
        .select_related("unit")
    )


def _reminder(user: User, problem: Problem, today: datetime.date) -> UnitReminder | None:
    kind = kind_for(problem, today)
    if kind is None:  # the query finds only problems due soon or overdue
        return None
    return UnitReminder(
        recipient=user,
        problem=problem,
        kind=kind,
        title=_title(problem, today),
        body=f"整改时限：{problem.deadline:%Y-%m-%d}。请及时整改并上传佐证材料。",
    )


def unit_reminders(today: datetime.date) -> list[UnitReminder]:
    """Every reminder due today for the people of units with problems due soon or overdue."""
    problems = list(_due_problems(today))
    people: dict[int | None, list[User]] = defaultdict(list)
    for user in User.objects.filter(
        is_active=True,
        role__in=UNIT_ROLES,
        unit_id__in={p.unit_id for p in problems},
    ):
        people[user.unit_id].append(user)
    due = []
    for problem in problems:
        for user in people[problem.unit_id]:
            reminder = _reminder(user, problem, today)
            if reminder is not None:
                due.append(reminder)
    return due


def reminders_of(user: User, today: datetime.date) -> list[UnitReminder]:
    """The reminders `unit_reminders` has for this one person today, most urgent first: what
    the 提醒 page shows, computed when it is shown."""
    if not (user.is_active and user.role in UNIT_ROLES and user.unit_id):
        return []
    problems = _due_problems(today).filter(unit_id=user.unit_id).order_by("deadline", "pk")
    found = (_reminder(user, problem, today) for problem in problems)
    return [reminder for reminder in found if reminder is not None]


def staff_digest(user: User, today: datetime.date) -> StaffDigest | None:
    """The day's figures of a staff member's scope, all years (as the staff workbench); None
    when there is nothing to report."""
    visible = Problem.objects.visible_to(user)
    overdue = visible.overdue(today).count()
    due = visible.due_soon(today).count()
    awaiting = visible.filter(status=Status.SUBMITTED).exclude(submitted_by=user).count()
    extensions = (
        ExtensionRequest.objects.visible_to(user).filter(status=ExtensionStatus.PENDING).count()
    )
    if not (overdue or due or awaiting or extensions):
        return None
    return StaffDigest(
        title=f"整改日报：{AWAITING_MINE_LABEL}{awaiting}个，延期申请{extensions}个，"
        f"{overdue_label(None)}{overdue}个，{DUE_SOON_BADGE}{due}个",
        body="请在“待办/审核队列”中处理。",
    )


def group_message(today: datetime.date) -> tuple[str, str]:
    """(title, markdown) for the group robots: the system-wide picture of the day, all years.

    逾期未整改 is the pages' figure (待验收 included); the part the units still have to act on
    is given beside it under its own label.
    """
    overdue_problems = Problem.objects.overdue(today)
    overdue = list(
        overdue_problems.order_by()
        .values("unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit__name")[:10]
    )
    overdue_total = overdue_problems.count()
    overdue_at_unit = Problem.objects.overdue_at_unit(today).count()
    due = Problem.objects.due_soon(today).count()
    awaiting = Problem.objects.filter(status=Status.SUBMITTED).count()
    label = overdue_label(None)
    title = f"整改提醒 {today:%Y-%m-%d}"
    lines = [
        f"### {title}",
        f'> {label}：<font color="warning">{overdue_total}</font> 个'
        f"（其中{OVERDUE_AT_UNIT_LABEL}{overdue_at_unit}个）",
        f"> {DUE_SOON_BADGE}：{due} 个",
        f"> {Status.SUBMITTED.label}：{awaiting} 个",
    ]
    if overdue:
        lines.append("")
        lines.append(f"**{Term.OVERDUE.label}问题较多的单位：**")
        lines += [f"- {row['unit__name']}：{row['n']} 个" for row in overdue]
    if settings.SITE_URL:
        lines.append(f"\n[打开问题清单]({settings.SITE_URL}{reverse('rectification:queue')})")
    return title, "\n".join(lines)
