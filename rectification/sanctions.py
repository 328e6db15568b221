"""Sanctions (处理处罚): recording, correcting and voiding them, and reading their history.

A sanction is never deleted or edited in place without a trace: a correction or a void (作废) goes
through one function here that checks the person, locks the row, validates, and saves in one
transaction; `Sanction.history` (django-simple-history) keeps each version with who and why.
The pages, and any command, call these functions; the figures count `Sanction.objects.in_force()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.policy import NotAllowed, WorkflowError
from healthreport.lib.events import Event, announce
from rectification import policy
from rectification.models import Problem, Sanction

# What a correction may change; the unit and the problem a sanction belongs to stay.
EDITABLE_FIELDS = ("kind", "target", "amount", "date", "note")
# simple-history keeps the reason in a CharField of 100 characters.
REASON_MAX_LENGTH = 100


class StaleSanction(WorkflowError):
    """The sanction changed since the page was opened; nothing was saved."""


def version_of(sanction: Sanction) -> int:
    """The id of the sanction's latest history record (0 if none): what a page saw."""
    latest = sanction.history.order_by("-history_id").values_list("history_id", flat=True)
    return latest.first() or 0


def _check_writer(user: User, sanction: Sanction) -> None:
    if user is None or not Sanction.objects.visible_to(user).filter(pk=sanction.pk).exists():
        raise NotAllowed("该处理处罚不在您的管辖范围内。")
    if not policy.writes(user):
        raise NotAllowed("只有局机关工作人员可以更正或作废处理处罚。")


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(f"请填写{what}。")
    if len(reason) > REASON_MAX_LENGTH:
        raise WorkflowError(f"{what}不能超过{REASON_MAX_LENGTH}个字。")
    return reason


def _invalid(error: ValidationError) -> WorkflowError:
    messages = []
    for field, errors in error.message_dict.items():
        label = Sanction._meta.get_field(field).verbose_name if field != "__all__" else ""
        messages += [f"{label}：{e}" if label else e for e in errors]
    return WorkflowError("；".join(messages))


def _locked(sanction: Sanction | int) -> Sanction:
    pk = sanction.pk if isinstance(sanction, Sanction) else sanction
    try:
        return Sanction.objects.select_for_update().get(pk=pk)
    except Sanction.DoesNotExist:
        raise WorkflowError("该处理处罚不存在。") from None


def record_sanction(problem: Problem, user: User, **fields: Any) -> Sanction:
    """Register a sanction on a problem (its unit is the problem's unit)."""
    if user is None or not Problem.objects.visible_to(user).filter(pk=problem.pk).exists():
        raise NotAllowed("该问题不在您的管辖范围内。")
    if not policy.writes(user):
        raise NotAllowed("只有局机关工作人员可以登记处理处罚。")
    sanction = Sanction(
        problem=problem,
        unit_id=problem.unit_id,
        created_by=user,
        **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS},
    )
    try:
        sanction.full_clean()
    except ValidationError as error:
        raise _invalid(error) from None
    sanction._history_user = user  # type: ignore[attr-defined]
    sanction.save()
    announce(Event.SANCTION, sanction, user)
    return sanction


def correct_sanction(
    sanction: Sanction | int,
    user,
    *,
    changes: dict[str, Any],
    reason: str,
    seen_version: int | None = None,
) -> Sanction:
    """Change some of EDITABLE_FIELDS, with a reason kept in the history.

    `seen_version` (from `version_of` when the page was shown) refuses a correction made on a
    page that someone else's change has since made stale.
    """
    reason = _reason(reason, "更正原因")
    with transaction.atomic():
        current = _locked(sanction)
        _check_writer(user, current)
        if current.is_void:
            raise WorkflowError("该处理处罚已作废，不能再更正。")
        if seen_version is not None and seen_version != version_of(current):
            raise StaleSanction("该处理处罚在您打开页面后已被他人修改，请刷新页面后重新更正。")
        changed = [
            field
            for field in EDITABLE_FIELDS
            if field in changes and changes[field] != getattr(current, field)
        ]
        if not changed:
            raise WorkflowError("没有修改任何内容。")
        for field in changed:
            setattr(current, field, changes[field])
        try:
            current.full_clean()
        except ValidationError as error:
            raise _invalid(error) from None
        current._history_user = user  # type: ignore[attr-defined]
        current._change_reason = reason  # type: ignore[attr-defined]
        current.save(update_fields=changed)
        return current


def void_sanction(sanction: Sanction | int, user: User, *, reason: str) -> Sanction:
    """作废: the sanction stays on record, struck out, and no figure counts it any more."""
    reason = _reason(reason, "作废原因")
    with transaction.atomic():
        current = _locked(sanction)
        _check_writer(user, current)
        if current.is_void:
            raise WorkflowError(
                f"该处理处罚已于{timezone.localtime(current.voided_at):%Y-%m-%d}作废，不能重复作废。"
            )
        current.voided_at = timezone.now()
        current.voided_by = user
        current.void_reason = reason
        current._history_user = user  # type: ignore[attr-defined]
        current._change_reason = reason  # type: ignore[attr-defined]
        current.save(update_fields=["voided_at", "voided_by", "void_reason"])
        return current


# History ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryRow:
    at: Any
    who: str
    action: str  # 登记 / 更正 / 作废
    reason: str
    changes: list[Change]


def _shown(record, field: str) -> str:
    value = getattr(record, field)
    if value is None or value == "":
        return "—"
    if field == "kind":
        return record.get_kind_display()
    if field == "amount":
        return f"{value:,.2f}"
    if field == "date":
        return f"{value:%Y-%m-%d}"
    return str(value)


def history(sanction: Sanction) -> list[HistoryRow]:
    """The sanction's versions, newest first, each with what it changed from the one before."""
    records = list(sanction.history.select_related("history_user").order_by("history_id"))
    rows = []
    previous = None
    for record in records:
        voided_here = record.voided_at is not None and (previous is None or not previous.voided_at)
        changes: list[Change]
        if previous is None and record.history_type == "+":
            action, changes = "登记", []
        elif voided_here:
            action, changes = "作废", []
        elif previous is None:
            # Recorded before the history was kept: what it changed from is not known.
            action, changes = "更正", []
        else:
            action = "更正"
            changes = [
                Change(
                    str(Sanction._meta.get_field(f).verbose_name),
                    _shown(previous, f),
                    _shown(record, f),
                )
                for f in EDITABLE_FIELDS
                if getattr(previous, f) != getattr(record, f)
            ]
        user = record.history_user
        rows.append(
            HistoryRow(
                at=record.history_date,
                who=user.display_name if user else "系统",
                action=action,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    return rows[::-1]
