"""A place's (a unit's or a region's) figures of a year: who may enter, submit, approve, reopen.

草稿 → 已上报 → 已审核 (locked). Each operation here checks, writes and leaves history (who, when,
old → new, the reason of a reopening) in one transaction; views, the grid, the importer and the
tests all call these functions.

Who submits (上报): a unit's 单位负责人 submits its figures. Many units (most village clinics) have
no 单位负责人 account; the bureau's staff then submit on the unit's behalf, and the history says so.
A region's figures are the bureau's own: its staff submit them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from accounts.policy import NotAllowed, WorkflowError, access_for
from indicators.models import Indicator, Kind, Level, Value, ValueStatus
from indicators.policy import (
    Place,
    may_approve,
    may_enter,
    may_submit,
    submit_refusal,
    submits_itself,
    submits_on_behalf,
)
from units.models import Unit


def entry_indicators(
    place: Place, indicators: Iterable[Indicator] | None = None
) -> list[Indicator]:
    """The input indicators a place reports, in catalogue order."""
    if indicators is None:
        indicators = Indicator.objects.active().filter(kind=Kind.INPUT)
    if isinstance(place, Unit):
        return [
            i
            for i in indicators
            if i.kind == Kind.INPUT and i.level == Level.UNIT and i.applies_to_kind(place.kind)
        ]
    return [i for i in indicators if i.kind == Kind.INPUT and i.level == Level.REGION]


ON_BEHALF_REASON = "局机关代为上报（该单位没有单位负责人账号）"


def resubmit_hint(place: Place) -> str:
    """Who acts after a 退回, for the message that confirms it."""
    if isinstance(place, Unit) and submits_itself(place):
        return "单位可以修改后重新上报。"
    if isinstance(place, Unit):
        return "该单位没有单位负责人账号，请局机关工作人员修改后代为上报。"
    return "请修改后重新上报。"


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


# --- the state of a place's year ---------------------------------------------------------------


@dataclass(frozen=True)
class PlaceState:
    status: str  # "" (nothing entered), or a ValueStatus value
    label: str
    entered: int
    expected: int

    @property
    def missing(self) -> int:
        return max(self.expected - self.entered, 0)

    @property
    def css(self) -> str:
        return {
            "": "badge-not-reported",
            ValueStatus.DRAFT: "badge-draft",
            ValueStatus.SUBMITTED: "badge-in-progress",
            ValueStatus.APPROVED: "badge-closed",
        }[self.status]


def state_of(statuses: Sequence[str], expected: int) -> PlaceState:
    """A place's overall state from the statuses of its values: the least advanced one wins."""
    if not statuses:
        return PlaceState("", "未填报", 0, expected)
    for status in (ValueStatus.DRAFT, ValueStatus.SUBMITTED, ValueStatus.APPROVED):
        if status in statuses:
            return PlaceState(status, ValueStatus(status).label, len(statuses), expected)
    raise AssertionError(statuses)


def values_of(place: Place, year: int):
    return Value.objects.for_place(place).filter(year=year).select_related("indicator")


def _record(value: Value, user: User, reason: str = "") -> None:
    value._history_user = user  # type: ignore[attr-defined]
    if reason:
        value._change_reason = reason  # type: ignore[attr-defined]


# --- operations --------------------------------------------------------------------------------


@transaction.atomic
def save_values(
    place: Place,
    year: int,
    entries: Sequence[tuple[Indicator, Decimal | None, str]],
    user,
) -> int:
    """Write the given (indicator, value or None to clear, comment); returns how many changed.

    Figures entered by the bureau count as reported at once; a unit's own figures stay drafts
    until the unit head submits them. Approved figures are locked.
    """
    _require(may_enter(user, place), "您不能填报该单位或区划的指标。")
    existing = {v.indicator_id: v for v in values_of(place, year).select_for_update()}
    if any(v.is_locked for v in existing.values()):
        raise WorkflowError(f"{place.name}{year}年的指标已审核锁定，如需修改请由局机关退回。")
    key = {"unit": place} if isinstance(place, Unit) else {"region": place}
    # Figures the bureau enters count as reported at once; a unit's wait for its head to submit.
    bureau = user is not None and access_for(user).bureau
    new_status = ValueStatus.SUBMITTED if bureau else None
    changed = 0
    for indicator, number, comment in entries:
        if indicator.kind != Kind.INPUT:
            raise WorkflowError(f"“{indicator.name}”是计算指标，不能直接填写。")
        current = existing.get(indicator.pk)
        if number is None:
            if current is not None:
                _record(current, user)
                current.delete()
                changed += 1
            continue
        if current is None:
            current = Value(indicator=indicator, year=year, **key)
        elif current.value == number and current.comment == comment:
            continue
        current.value = number
        current.comment = comment
        current.updated_by = user
        current.status = new_status or ValueStatus.DRAFT
        _record(current, user)
        current.save()
        changed += 1
    return changed


def _set_status(values, status: str, user: User, reason: str = "") -> None:
    for value in values:
        value.status = status
        value.updated_by = user
        _record(value, user, reason)
        value.save(update_fields=["status", "updated_by", "updated"])


@transaction.atomic
def submit(place: Place, year: int, user: User) -> int:
    """上报: every figure the place owes must be there; drafts become 已上报.

    Staff submitting for a unit without a 单位负责人 account leave that in the history."""
    _require(may_submit(user, place), submit_refusal(user, place))
    values = list(values_of(place, year).select_for_update())
    entered = {v.indicator_id for v in values}
    missing = [i.name for i in entry_indicators(place) if i.pk not in entered]
    if missing:
        listed = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
        raise WorkflowError(f"还有{len(missing)}项指标未填写（{listed}），请填写完整后再上报。")
    drafts = [v for v in values if v.status == ValueStatus.DRAFT]
    if not drafts:
        raise WorkflowError("没有待上报的草稿：这些指标已经上报或审核。")
    reason = ON_BEHALF_REASON if submits_on_behalf(user, place) else ""
    _set_status(drafts, ValueStatus.SUBMITTED, user, reason=reason)
    return len(drafts)


@transaction.atomic
def approve(place: Place, year: int, user: User) -> int:
    """审核: 已上报 figures become 已审核 and are locked."""
    _require(may_approve(user, place), "只有局机关工作人员可以审核。")
    values = list(values_of(place, year).select_for_update())
    if any(v.status == ValueStatus.DRAFT for v in values):
        raise WorkflowError("还有草稿未上报，不能审核：请等单位上报后再审核。")
    pending = [v for v in values if v.status == ValueStatus.SUBMITTED]
    if not pending:
        raise WorkflowError("没有待审核的指标。")
    _set_status(pending, ValueStatus.APPROVED, user)
    return len(pending)


@transaction.atomic
def reopen(place: Place, year: int, user: User, reason: str) -> int:
    """退回: 已上报 or 已审核 figures go back to 草稿, with the reason kept in their history."""
    _require(may_approve(user, place), "只有局机关工作人员可以退回。")
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("请填写退回原因。")
    values = [
        v
        for v in values_of(place, year).select_for_update()
        if v.status in (ValueStatus.SUBMITTED, ValueStatus.APPROVED)
    ]
    if not values:
        raise WorkflowError("没有可退回的指标：它们还是草稿。")
    _set_status(values, ValueStatus.DRAFT, user, reason=f"退回：{reason}")
    return len(values)
