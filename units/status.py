"""停用 and 启用 of a unit: the one place that changes `Unit.is_active`, with a reason that the
unit's history keeps (simple_history's change reason). Units are never deleted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from accounts.scoping import require_writer
from healthreport.lib.clock import today
from units.models import Unit

REASON_MAX = Unit._meta.get_field("deactivation_reason").max_length or 200


def _reason(reason: str, action: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(f"请填写{action}原因。")
    if len(reason) > REASON_MAX:
        raise ValidationError(f"{action}原因不能超过{REASON_MAX}个字。")
    return reason


@transaction.atomic
def deactivate(unit: Unit, user: User, reason: str) -> Unit:
    """停用: the unit leaves the pickers and default lists; everything it has stays."""
    require_writer(user)
    reason = _reason(reason, "停用")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_active:
        raise ValidationError(f"“{unit.name}”已于{unit.deactivated_on:%Y-%m-%d}停用。")
    unit.is_active = False
    unit.deactivated_on = today()
    unit.deactivation_reason = reason
    unit._change_reason = f"停用：{reason}"  # type: ignore[attr-defined]
    unit.save(update_fields=["is_active", "deactivated_on", "deactivation_reason", "updated"])
    return unit


@transaction.atomic
def reactivate(unit: Unit, user: User, reason: str) -> Unit:
    """启用: a unit stopped by mistake, or reopened, is offered again."""
    require_writer(user)
    reason = _reason(reason, "启用")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.is_active:
        raise ValidationError(f"“{unit.name}”正在使用，无需启用。")
    unit.is_active = True
    unit.deactivated_on = None
    unit.deactivation_reason = ""
    unit._change_reason = f"启用：{reason}"  # type: ignore[attr-defined]
    unit.save(update_fields=["is_active", "deactivated_on", "deactivation_reason", "updated"])
    return unit


def refusal_if_inactive(unit: Unit, refused: str) -> str | None:
    """Why a 停用 unit takes no new record, as an import tells it per cell, e.g.
    “该单位已于2026-05-01停用（停用原因：撤并），不能下发新问题。”; None for a unit in use."""
    if unit.is_active:
        return None
    when = f"于{unit.deactivated_on:%Y-%m-%d}" if unit.deactivated_on else ""
    return f"该单位已{when}停用（停用原因：{unit.deactivation_reason}），不能{refused}。"
