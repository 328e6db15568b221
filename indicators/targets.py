"""Setting a year's target: the rules that the Excel import (TargetImporter) and the target form
share, so that a target means the same either way, and the form's save. The import writes its
targets in bulk with the same history rows (indicators.importers)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from accounts.models import User
from accounts.policy import access_for
from indicators.evaluation import CHANGE_OPERATORS
from indicators.models import Indicator, Level, Target, TargetQuerySet
from units.models import Region, Unit

NEGATIVE_TARGET = "不能为负数；下降目标请用“较上年下降至少”并填写正数。"


def target_errors(
    indicator: Indicator | None,
    place: Region | Unit | None,
    operator: str | None,
    amount: Decimal | None,
) -> list[tuple[str, str]]:
    """What is wrong with a target, as (field, Chinese message): "place" or "value". A part
    that is missing (already refused by its own column or field) is not judged."""
    errors = []
    if indicator is not None and isinstance(place, Unit) and indicator.level == Level.REGION:
        errors.append(("place", f"“{indicator.name}”按区划评价，目标应设在区划上，而不是单位。"))
    if amount is not None and indicator is not None and operator is not None:
        if amount < 0:
            errors.append(("value", NEGATIVE_TARGET))
        elif operator not in CHANGE_OPERATORS and (problem := indicator.range_error(amount)):
            errors.append(("value", problem))
    return errors


def settable_regions(user: User):
    """The regions whose targets `user` sets: bureau people, within their scope (unit people see
    their unit's region but never act for it)."""
    if not access_for(user).bureau:
        return Region.objects.none()
    return Region.objects.visible_to(user)


def settable_units(user: User):
    if not access_for(user).bureau:
        return Unit.objects.none()
    return Unit.objects.visible_to(user)


def settable_targets(user: User) -> TargetQuerySet:
    """The targets `user` may change: those set on a place of their own scope, not the ones
    inherited from above (a county bureau sees the city's targets, but the city sets them)."""
    return Target.objects.filter(
        Q(region__in=settable_regions(user)) | Q(unit__in=settable_units(user))
    )


def target_for(indicator: Indicator, year: int, place: Region | Unit) -> Target:
    """The stored target of the indicator, year and place, or a new (unsaved) one."""
    placed = {"unit": place} if isinstance(place, Unit) else {"region": place}
    found = Target.objects.filter(indicator=indicator, year=year, **placed).first()
    return found or Target(indicator=indicator, year=year, **placed)


def save_target(target: Target, user: User | None) -> None:
    """Save with `user` named in the target's history (simple-history)."""
    target._history_user = user  # type: ignore[attr-defined]
    target.save()
