"""A place's (a unit's or a region's) figures of a year: who may enter, submit, approve, reopen.

草稿 → 已上报 → 已审核 (locked). Each operation here checks, writes and leaves history (who, when,
old → new, the reason of a reopening) in one transaction; views, the grid, the importer and the
tests all call these functions.

Who submits (上报): a unit's 单位负责人 submits its figures. Many units (most village clinics) have
no 单位负责人 account; the bureau's staff then submit on the unit's behalf, and the history says so.
A region's figures are the bureau's own: its staff submit them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.policy import NotAllowed, WorkflowError, access_for
from healthreport.lib.events import Event, announce
from healthreport.lib.versions import SOMEONE, is_current, last_change, local_time, parse_version
from indicators.evaluation import plain_number
from indicators.models import Indicator, Kind, Level, Period, Value, ValueStatus
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


def values_of(place: Place, year: int, period: str = Period.ANNUAL):
    """The place's figures of a year, or of its first half (报告期)."""
    values = Value.all_periods.filter(period=period).for_place(place)
    return values.filter(year=year).select_related("indicator")


def _record(value: Value, user: User, reason: str = "") -> None:
    value._history_user = user  # type: ignore[attr-defined]
    if reason:
        value._change_reason = reason  # type: ignore[attr-defined]


# --- operations --------------------------------------------------------------------------------


class StaleValues(WorkflowError):
    """Figures changed by someone else since the page was opened; nothing was saved.

    `conflicts` maps indicator id → the refusal of that cell, `current` → the figure stored now
    (None when it was removed), for the page to show again."""

    def __init__(self, conflicts: dict[int, str], current: dict[int, Value | None]):
        super().__init__(
            f"有{len(conflicts)}项数值在您打开页面后已被他人修改，本次未保存任何数据。"
            "标红的格子已换成对方保存的数值，请核对后再保存。"
        )
        self.conflicts = conflicts
        self.current = current


# What save_values does with one posted figure.
WRITE, SKIP = "write", "skip"


@transaction.atomic
def save_values(
    place: Place,
    year: int,
    entries: Sequence[tuple[Indicator, Decimal | None, str]],
    user,
    versions: Mapping[int, str] | None = None,
    period: str = Period.ANNUAL,
) -> int:
    """Write the given (indicator, value or None to clear, comment); returns how many changed.
    `period` is the 报告期 of the figures (the year's by default).

    Figures entered by the bureau count as reported at once; a unit's own figures stay drafts
    until the unit head submits them. Approved figures are locked.

    `versions` maps indicator id → the version of the figure the page showed (see
    healthreport.lib.versions; "" for an empty cell). A figure that changed since then is
    written only when the page's figure was still the stored one; a cell the person left as it
    was keeps the newer figure; any other change to it refuses the whole save (StaleValues).
    Indicators missing from `versions` are not checked (scripts, the importer).
    """
    _require(may_enter(user, place), "您不能填报该单位或区划的指标。")
    existing = {v.indicator_id: v for v in values_of(place, year, period).select_for_update()}
    if any(v.is_locked for v in existing.values()):
        raise WorkflowError(f"{place.name}{year}年的指标已审核锁定，如需修改请由局机关退回。")
    key = {"unit": place} if isinstance(place, Unit) else {"region": place}
    # Figures the bureau enters count as reported at once; a unit's wait for its head to submit.
    bureau = user is not None and access_for(user).bureau
    new_status = ValueStatus.SUBMITTED if bureau else None
    changed = 0
    conflicts: dict[int, str] = {}
    for indicator, number, comment in entries:
        if indicator.kind != Kind.INPUT:
            raise WorkflowError(f"“{indicator.name}”是计算指标，不能直接填写。")
        current = existing.get(indicator.pk)
        version = None if versions is None else versions.get(indicator.pk)
        while True:
            decision = _decide(place, year, indicator, current, version, number, comment)
            if decision == SKIP:
                break
            if decision != WRITE:
                conflicts[indicator.pk] = decision
                break
            if number is None:
                assert current is not None  # _decide skips clearing an empty cell
                _record(current, user)
                current.delete()
                changed += 1
                break
            if current is None:
                fresh = Value(indicator=indicator, year=year, period=period, **key)
                _fill(fresh, number, comment, user, new_status)
                current = _insert(fresh)
                if current is None:
                    changed += 1
                    break
                # Someone else's first save of this figure won the race: decide again against it.
                continue
            if current.value == number and current.comment == comment:
                break
            _fill(current, number, comment, user, new_status)
            current.save()
            changed += 1
            break
    if conflicts:
        # Raised inside the transaction: what was written above is rolled back.
        current_values = {pk: _stored(place, year, pk, period) for pk in conflicts}
        raise StaleValues(conflicts, current_values)
    return changed


def _fill(value: Value, number: Decimal, comment: str, user, status: str | None) -> None:
    value.value = number
    value.comment = comment
    value.updated_by = user
    value.status = status or ValueStatus.DRAFT
    _record(value, user)


def _insert(value: Value) -> Value | None:
    """Insert a place's first figure of an indicator; None when it went in, else the row another
    save inserted meanwhile (value_unique_unit / value_unique_region), now locked.

    The savepoint keeps the transaction usable after the unique constraint refuses the row
    (get_or_create's pattern, by hand so that the history names the person)."""
    try:
        with transaction.atomic():
            value.save(force_insert=True)
    except IntegrityError:
        value.pk = None
        return _stored(value.place, value.year, value.indicator_id, value.period, lock=True)
    return None


def _stored(
    place: Place, year: int, indicator_id: int, period: str, *, lock: bool = False
) -> Value | None:
    values = values_of(place, year, period).filter(indicator_id=indicator_id)
    return (values.select_for_update() if lock else values).first()


def _content(value: Value | None) -> tuple[Decimal, str] | None:
    return None if value is None else (value.value, value.comment)


def _decide(
    place: Place,
    year: int,
    indicator: Indicator,
    current: Value | None,
    version: str | None,
    number: Decimal | None,
    comment: str,
) -> str:
    """WRITE, SKIP, or the refusal of a cell whose figure changed since the page was opened.

    A three-way comparison of what the page showed (read back from the history by its version),
    what is stored now and what was posted: the post wins only when the page's figure is still
    the stored one (a submission or reopening moves the version, not the figure)."""
    posted = None if number is None else (number, comment)
    stored = _content(current)
    if posted == stored:
        return SKIP  # nothing to change (the same figure, or clearing an empty cell)
    if version is None or is_current(version, current.updated if current else None):
        return WRITE
    shown = _shown(place, year, indicator, version)
    if shown == stored:
        return WRITE
    if posted == shown:
        return SKIP  # left as the page showed it: the newer figure stands
    return _refusal(place, year, indicator, current)


UNKNOWN = ("unknown",)


def _shown(place: Place, year: int, indicator: Indicator, version: str) -> object:
    """The (figure, comment) the page showed at `version`; None for an empty cell."""
    when = parse_version(version)
    if when is None:
        return None
    key = {"unit": place} if isinstance(place, Unit) else {"region": place}
    found = (
        Value.history.filter(indicator=indicator, year=year, updated=when, **key)
        .exclude(history_type="-")
        .order_by("-history_id")
        .values_list("value", "comment")
        .first()
    )
    return UNKNOWN if found is None else tuple(found)


def _refusal(place: Place, year: int, indicator: Indicator, current: Value | None) -> str:
    if current is not None:
        change = last_change(current)
        figure = f"{plain_number(current.value)}{indicator.unit_label}"
        return f"该数值已被{change.text}修改为{figure}，请刷新后再改"
    key = {"unit": place} if isinstance(place, Unit) else {"region": place}
    removal = (
        Value.history.filter(indicator=indicator, year=year, history_type="-", **key)
        .select_related("history_user")
        .order_by("-history_id")
        .first()
    )
    if removal is None:
        return "该数值已被他人删除，请刷新后再改"
    who = removal.history_user or SOMEONE
    return f"该数值已被{who}于{local_time(removal.history_date)}删除，请刷新后再改"


def _set_status(values, status: str, user: User, reason: str = "") -> None:
    for value in values:
        value.status = status
        value.updated_by = user
        _record(value, user, reason)
        value.save(update_fields=["status", "updated_by", "updated"])


@transaction.atomic
def submit(place: Place, year: int, user: User, period: str = Period.ANNUAL) -> int:
    """上报: every figure the place owes must be there; drafts become 已上报.

    Staff submitting for a unit without a 单位负责人 account leave that in the history."""
    _require(may_submit(user, place), submit_refusal(user, place))
    values = list(values_of(place, year, period).select_for_update())
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
def approve(place: Place, year: int, user: User, period: str = Period.ANNUAL) -> int:
    """审核: 已上报 figures become 已审核 and are locked."""
    _require(may_approve(user, place), "只有局机关工作人员可以审核。")
    values = list(values_of(place, year, period).select_for_update())
    if any(v.status == ValueStatus.DRAFT for v in values):
        raise WorkflowError("还有草稿未上报，不能审核：请等单位上报后再审核。")
    pending = [v for v in values if v.status == ValueStatus.SUBMITTED]
    if not pending:
        raise WorkflowError("没有待审核的指标。")
    entered_by = {v.updated_by_id for v in pending if v.updated_by_id}
    _set_status(pending, ValueStatus.APPROVED, user)
    announce(Event.VALUES_APPROVED, place, user, year=year, entered_by=entered_by)
    return len(pending)


@transaction.atomic
def reopen(place: Place, year: int, user: User, reason: str, period: str = Period.ANNUAL) -> int:
    """退回: 已上报 or 已审核 figures go back to 草稿, with the reason kept in their history."""
    _require(may_approve(user, place), "只有局机关工作人员可以退回。")
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("请填写退回原因。")
    values = [
        v
        for v in values_of(place, year, period).select_for_update()
        if v.status in (ValueStatus.SUBMITTED, ValueStatus.APPROVED)
    ]
    if not values:
        raise WorkflowError("没有可退回的指标：它们还是草稿。")
    entered_by = {v.updated_by_id for v in values if v.updated_by_id}
    _set_status(values, ValueStatus.DRAFT, user, reason=f"退回：{reason}")
    announce(Event.VALUES_RETURNED, place, user, reason, year=year, entered_by=entered_by)
    return len(values)
