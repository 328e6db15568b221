"""The rectification status machine: the one place where a problem changes state.

    待整改 OPEN ─┬→ 整改中 IN_PROGRESS ─→ 待验收 SUBMITTED ─→ 已销号 CLOSED
                 └──────────────────────↗        │ 退回 (reason) → IN_PROGRESS
    any open state ─→ 已撤销 CANCELLED (staff, reason)

Submitting and closing both need at least one evidence file: closing checks again because the
ledger import puts problems into 待验收 without any (history rows imported as 已销号 stay closed).

`transition()` checks role, scope and preconditions, then saves the problem and its
`ProblemEvent` in one transaction, holding a row lock on the problem (SELECT … FOR UPDATE on
PostgreSQL) so that two people acting at once cannot both succeed: the second one waits, then
sees the new state and is refused with a clear message. Views, the ledger importer, the demo data
and the tests all go through here. Extensions are decided here too, under the same lock.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from accounts.policy import NotAllowed, WorkflowError, access_for
from healthreport.lib import clock
from healthreport.lib.events import Event, announce
from rectification import policy
from rectification.models import (
    OPEN_STATES,
    UNIT_STATES,
    EventAction,
    ExtensionRequest,
    ExtensionStatus,
    Problem,
    ProblemEvent,
    Severity,
    Status,
)


class Action(models.TextChoices):
    START = "start", "开始整改"
    PROGRESS = "progress", "报告整改进展"
    SUBMIT = "submit", "申请销号"
    CLOSE = "close", "验收销号"
    RETURN = "return", "退回整改"
    CANCEL = "cancel", "撤销问题"
    IMPORT = "import", "台账导入"


# The note of a 台账导入 event that carries no reason.
IMPORTED_NOTE = "由整改台账导入"

# Why a 待验收 problem without evidence cannot be closed: the refusal and the problem page say it.
NO_EVIDENCE_TO_CLOSE = "该问题没有佐证材料，不能验收销号：请退回单位补充佐证。"

# The 四不放过 points a 重大 problem needs when it is closed: field → label.
FOUR_POINTS = {
    "cause_found": "原因已查清",
    "people_dealt_with": "责任人已处理",
    "measures_checked": "整改措施已落实",
    "education_done": "相关人员已受教育",
}


@dataclass(frozen=True)
class Rule:
    sources: tuple[str, ...]
    target: str  # the state after the action (progress leaves a problem 整改中)
    who: str  # "unit" (people of the problem's unit), "head" (its head), "writer" (bureau staff)
    event: str


RULES: dict[str, Rule] = {
    Action.START: Rule((Status.OPEN,), Status.IN_PROGRESS, "unit_or_writer", EventAction.STARTED),
    Action.PROGRESS: Rule(UNIT_STATES, Status.IN_PROGRESS, "unit_or_writer", EventAction.PROGRESS),
    Action.SUBMIT: Rule(UNIT_STATES, Status.SUBMITTED, "head", EventAction.SUBMITTED),
    Action.CLOSE: Rule((Status.SUBMITTED,), Status.CLOSED, "writer", EventAction.CLOSED),
    Action.RETURN: Rule((Status.SUBMITTED,), Status.IN_PROGRESS, "writer", EventAction.RETURNED),
    Action.CANCEL: Rule(OPEN_STATES, Status.CANCELLED, "writer", EventAction.CANCELLED),
}


def _in_scope(user: User, problem: Problem) -> bool:
    return Problem.objects.visible_to(user).filter(pk=problem.pk).exists()


def allowed_actions(problem: Problem, user: User) -> list[str]:
    """The actions to offer this person on this problem (role and state; preconditions are
    checked when the action is tried, so that the refusal can say what is missing)."""
    return [
        action
        for action, rule in RULES.items()
        if problem.status in rule.sources and policy.may(rule.who, user, problem)
    ]


def _locked(problem: Problem | int) -> Problem:
    pk = problem.pk if isinstance(problem, Problem) else problem
    try:
        return Problem.objects.select_for_update().get(pk=pk)
    except Problem.DoesNotExist:
        raise WorkflowError("该问题不存在或已被删除。") from None


# The events the problem's unit is told of (core.notify), once the transaction commits.
ANNOUNCED: dict[str, Event] = {
    EventAction.CREATED: Event.ISSUED,
    EventAction.RETURNED: Event.RETURNED,
    EventAction.CLOSED: Event.CLOSED,
}


def _record(
    problem: Problem, user: User | None, action: str, before: str, note: str
) -> ProblemEvent:
    if action in ANNOUNCED:
        announce(ANNOUNCED[action], problem, user, note)
    return ProblemEvent.objects.create(
        problem=problem,
        actor=user,
        action=action,
        from_status=before,
        to_status=problem.status,
        note=note,
    )


def transition(
    problem: Problem | int,
    action: str,
    user: User | None,
    *,
    note: str = "",
    today: datetime.date | None = None,
    four_points: dict[str, str] | None = None,
    to_status: str | None = None,
    verifier_name: str = "",
    closed_on: datetime.date | None = None,
) -> Problem:
    """Apply `action` to the problem for `user`; return the saved problem or raise WorkflowError.

    `note` is the progress report, the 整改说明 (submit), the verification opinion (close) or
    the reason (return, cancel). IMPORT (ledger history, user None for a command) puts a newly
    created problem straight into `to_status` (with `verifier_name` and `closed_on` if closed).
    """
    today = today or clock.today()
    note = (note or "").strip()
    with transaction.atomic():
        current = _locked(problem)
        before = current.status
        if action == Action.IMPORT:
            _import(current, user, to_status, note, verifier_name, closed_on)
            _record(current, user, EventAction.IMPORTED, before, note or IMPORTED_NOTE)
            return current

        rule = RULES.get(action)
        if rule is None:
            raise WorkflowError("未知的操作。")
        if user is None or not _in_scope(user, current):
            raise NotAllowed("该问题不在您的管辖范围内。")
        if not policy.may(rule.who, user, current):
            raise NotAllowed(_role_message(action, user))
        if before not in rule.sources:
            raise WorkflowError(
                f"该问题当前状态为“{current.get_status_display()}”，不能{Action(action).label}。"
                "请刷新页面查看最新情况。"
            )
        fields = ["status", "updated"]
        if action == Action.PROGRESS:
            if not note:
                raise WorkflowError("请填写整改进展。")
            current.progress = note
            fields.append("progress")
        elif action == Action.SUBMIT:
            if not note:
                raise WorkflowError("申请销号须填写整改说明。")
            if not current.evidence.exists():
                raise WorkflowError("申请销号须至少上传一份佐证材料（照片或文件）。")
            current.rectification_note = note
            current.submitted_by = user
            current.submitted_at = timezone.now()
            fields += ["rectification_note", "submitted_by", "submitted_at"]
        elif action == Action.CLOSE:
            # Checked here rather than only on submission: a ledger import puts problems
            # straight into 待验收 without any evidence.
            if not current.evidence.exists():
                raise WorkflowError(NO_EVIDENCE_TO_CLOSE)
            if current.submitted_by_id == user.pk:
                raise WorkflowError("不能验收自己提交的销号申请，请由局机关其他工作人员验收。")
            if current.severity == Severity.MAJOR:
                points = {k: (v or "").strip() for k, v in (four_points or {}).items()}
                missing = [label for key, label in FOUR_POINTS.items() if not points.get(key)]
                if missing:
                    raise WorkflowError(
                        f"重大问题销号须落实“四不放过”，请填写：{'、'.join(missing)}。"
                    )
                for key in FOUR_POINTS:
                    setattr(current, key, points[key])
                fields += list(FOUR_POINTS)
            current.verified_by = user
            current.verifier_name = user.display_name
            current.closed_on = today
            fields += ["verified_by", "verifier_name", "closed_on"]
        elif action in (Action.RETURN, Action.CANCEL):
            if not note:
                what = "退回原因" if action == Action.RETURN else "撤销原因"
                raise WorkflowError(f"请填写{what}。")
            if action == Action.CANCEL:
                current.cancel_reason = note
                fields.append("cancel_reason")
        current.status = rule.target
        current.save(update_fields=fields)
        _record(current, user, rule.event, before, note)
        return current


def _role_message(action: str, user: User) -> str:
    if action == Action.SUBMIT:
        if access_for(user).unit_clerk:
            return "单位填报员不能申请销号，请由单位负责人提交。"
        return "只有责任单位的负责人可以申请销号。"
    if action in (Action.CLOSE, Action.RETURN, Action.CANCEL):
        return f"只有局机关工作人员可以{Action(action).label}。"
    return "只有责任单位人员或局机关工作人员可以报告整改进展。"


def _import(
    problem: Problem,
    user: User | None,
    to_status: str | None,
    note: str,
    verifier_name: str,
    closed_on: datetime.date | None,
) -> None:
    check_import_allowed(user)
    if problem.status != Status.OPEN:
        raise WorkflowError("只有新建的问题可以按台账设定状态。")
    set_imported_state(problem, to_status, note, verifier_name, closed_on)
    problem.save()


def check_import_allowed(user: User | None) -> None:
    if user is not None and not policy.writes(user):
        raise NotAllowed("只有局机关工作人员可以导入整改台账。")


def set_imported_state(
    problem: Problem,
    to_status: str | None,
    note: str,
    verifier_name: str,
    closed_on: datetime.date | None,
) -> None:
    """Put a new (unsaved or just created) problem into the ledger's state, without saving."""
    if to_status not in Status.values:
        raise WorkflowError("整改状态无效。")
    if to_status == Status.CLOSED:
        if not closed_on or not verifier_name:
            raise WorkflowError("已销号的问题须有验收人和验收日期。")
        problem.closed_on = closed_on
        problem.verifier_name = verifier_name
    if to_status == Status.CANCELLED:
        if not note:
            raise WorkflowError("已撤销的问题须在备注中写明撤销原因。")
        problem.cancel_reason = note
    problem.status = to_status


def import_event(problem: Problem, user: User | None, note: str) -> ProblemEvent:
    """The 台账导入 event of a problem the ledger created (unsaved, for bulk_create); imported
    problems are not announced (ANNOUNCED has no IMPORTED)."""
    return ProblemEvent(
        problem=problem,
        actor=user,
        action=EventAction.IMPORTED,
        from_status=Status.OPEN,
        to_status=problem.status,
        note=note.strip() or IMPORTED_NOTE,
    )


# Extensions (延期) -------------------------------------------------------------------------


def request_extension(
    problem: Problem | int, user: User, *, new_deadline: datetime.date | None, reason: str
) -> ExtensionRequest:
    reason = (reason or "").strip()
    with transaction.atomic():
        current = _locked(problem)
        if not policy.may_request_extension(user, current):
            raise NotAllowed("只有责任单位人员可以申请延期。")
        if current.status not in UNIT_STATES:
            raise WorkflowError(f"该问题当前状态为“{current.get_status_display()}”，不能申请延期。")
        if new_deadline is None:
            raise WorkflowError("请填写申请延至的日期。")
        if new_deadline <= current.deadline:
            raise WorkflowError(f"延期后的时限应晚于当前整改时限（{current.deadline:%Y-%m-%d}）。")
        if not reason:
            raise WorkflowError("请填写延期理由。")
        if current.extensions.filter(status=ExtensionStatus.PENDING).exists():
            raise WorkflowError("该问题已有一份待审批的延期申请，请等待局机关审批。")
        extension = ExtensionRequest.objects.create(
            problem=current,
            previous_deadline=current.deadline,
            new_deadline=new_deadline,
            reason=reason,
            requested_by=user,
        )
        _record(
            current,
            user,
            EventAction.EXTENSION_REQUESTED,
            current.status,
            f"申请延至{new_deadline:%Y-%m-%d}：{reason}",
        )
        return extension


def decide_extension(
    extension: ExtensionRequest | int, user: User, *, approve: bool, note: str = ""
) -> ExtensionRequest:
    """Approval moves the current deadline; the original deadline stays on record."""
    note = (note or "").strip()
    pk = extension.pk if isinstance(extension, ExtensionRequest) else extension
    with transaction.atomic():
        extension = ExtensionRequest.objects.select_for_update().get(pk=pk)
        current = _locked(extension.problem_id)
        if not _in_scope(user, current):
            raise NotAllowed("该问题不在您的管辖范围内。")
        if not policy.may_decide_extension(user):
            raise NotAllowed("只有局机关工作人员可以审批延期申请。")
        if extension.status != ExtensionStatus.PENDING:
            raise WorkflowError(
                f"该延期申请已处理（{extension.get_status_display()}），不能重复审批。"
            )
        if not approve and not note:
            raise WorkflowError("不同意延期时请填写理由。")
        extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
        extension.decided_by = user
        extension.decided_at = timezone.now()
        extension.decision_note = note
        extension.save()
        if approve and current.is_open and extension.new_deadline > current.deadline:
            current.deadline = extension.new_deadline
            current.save(update_fields=["deadline", "updated"])
        announce(Event.EXTENDED if approve else Event.NOT_EXTENDED, extension, user, note)
        text = f"延至{extension.new_deadline:%Y-%m-%d}" + (f"：{note}" if note else "")
        _record(
            current,
            user,
            EventAction.EXTENSION_APPROVED if approve else EventAction.EXTENSION_REFUSED,
            current.status,
            text,
        )
        return extension


def record_event(problem: Problem, user: User, action: str, note: str = "") -> ProblemEvent:
    """An event that does not change the state (created, i.e. issued to the unit, which is told;
    evidence uploaded, details edited)."""
    return _record(problem, user, action, problem.status, note)
