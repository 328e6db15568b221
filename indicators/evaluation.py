"""Whether a figure meets its target, and how it moved since last year. Pure functions, no database.

Status values are codes; their labels (超额完成, 达标, …) are the words pages and documents
show, and nothing is keyed on a label. Evaluation always works on the unrounded value.

Rules (tolerance t, default 5%):
- ≥ x: above x 超额完成; exactly x 达标; at least x − t·|x| 略低于预期; below that 未达标.
- ≤ x: the mirror image (below x is 超额完成; up to x + t·|x| is 略低于预期).
- = x: for a higher-is-better indicator as ≥, for a lower-is-better one as ≤; for an indicator
  without direction exactly x is 达标, within t·|x| 略低于预期, otherwise 未达标.
- 较上年提高至少 d / 较上年下降至少 d (d in the indicator's unit, or 个百分点 for percentages): the
  achieved change c against d, as "≥ d" on c; the tolerance is t·|d|. Without last year's figure
  the change cannot be measured: 无法计算.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

DEFAULT_TOLERANCE = Decimal("0.05")


class Status(models.TextChoices):
    EXCEEDED = "exceeded", "超额完成"
    MET = "met", "达标"
    SLIGHTLY_BELOW = "slightly_below", "略低于预期"
    NOT_MET = "not_met", "未达标"
    NOT_REPORTED = "not_reported", "未填报"
    # Beyond the five of the reports: a figure with no target, and one that cannot be judged
    # (a zero denominator, or a change target without last year's figure).
    NO_TARGET = "no_target", "未设目标"
    NOT_COMPUTABLE = "not_computable", "无法计算"


# The CSS class of each status badge; always shown together with the word.
STATUS_CSS: dict[str, str] = {
    Status.EXCEEDED: "badge-exceeded",
    Status.MET: "badge-met",
    Status.SLIGHTLY_BELOW: "badge-slightly-below",
    Status.NOT_MET: "badge-not-met",
    Status.NOT_REPORTED: "badge-not-reported",
    Status.NO_TARGET: "badge-no-target",
    Status.NOT_COMPUTABLE: "badge-not-reported",
}


class Direction(models.TextChoices):
    """Which way an indicator improves; a count (人口, 床位数) has none and is never judged."""

    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"
    NONE = "none", "无方向（计数）"


class TargetOperator(models.TextChoices):
    GE = ">=", "≥"
    LE = "<=", "≤"
    EQ = "=", "="
    DECREASE_BY = "decrease_by", "较上年下降至少"
    INCREASE_BY = "increase_by", "较上年提高至少"


CHANGE_OPERATORS = (TargetOperator.DECREASE_BY, TargetOperator.INCREASE_BY)


def _against_floor(achieved: Decimal, floor: Decimal, tolerance: Decimal) -> Status:
    """'At least floor': above is exceeded, equal is met, a small shortfall is slightly below."""
    if achieved > floor:
        return Status.EXCEEDED
    if achieved == floor:
        return Status.MET
    if floor - achieved <= tolerance * abs(floor):
        return Status.SLIGHTLY_BELOW
    return Status.NOT_MET


def evaluate(
    value: Decimal | None,
    target_operator: str | None,
    target_value: Decimal | None,
    direction: str,
    previous_value: Decimal | None,
    *,
    tolerance: Decimal = DEFAULT_TOLERANCE,
) -> Status:
    """The status of `value` against the target, in the indicator's direction."""
    if value is None:
        return Status.NOT_REPORTED
    if not target_operator or target_value is None:
        return Status.NO_TARGET
    operator = TargetOperator(target_operator)
    if operator in CHANGE_OPERATORS:
        if previous_value is None:
            return Status.NOT_COMPUTABLE
        change = value - previous_value
        if operator == TargetOperator.DECREASE_BY:
            change = -change
        return _against_floor(change, abs(target_value), tolerance)
    if operator == TargetOperator.EQ:
        if direction == Direction.HIGHER:
            operator = TargetOperator.GE
        elif direction == Direction.LOWER:
            operator = TargetOperator.LE
        else:
            gap = abs(value - target_value)
            if gap == 0:
                return Status.MET
            return Status.SLIGHTLY_BELOW if gap <= tolerance * abs(target_value) else Status.NOT_MET
    if operator == TargetOperator.GE:
        return _against_floor(value, target_value, tolerance)
    # ≤: mirror the values so that "at most x" becomes "at least −x".
    return _against_floor(-value, -target_value, tolerance)


def year_on_year(value: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """The change since last year in the indicator's unit (个百分点 for percentages: the same
    difference, only named differently); None when either figure is missing."""
    if value is None or previous is None:
        return None
    return value - previous


def plain_number(value: Decimal, decimals: int | None = None) -> str:
    """12.500 → '12.5', 3.0 → '3': no '0.0' noise; rounded to `decimals` first when given."""
    if decimals is not None:
        value = round_half_up(value, decimals)
    # format(…, "f") after normalize() never falls into exponent notation (6E+2).
    return format(value.normalize(), "f")


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    from decimal import ROUND_HALF_UP

    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def target_text(operator: str | None, value: Decimal | None, unit_label: str) -> str:
    """The target as the plans write it: '≥95%', '≤14.5/10万', '较上年下降至少2个百分点'."""
    if not operator or value is None:
        return ""
    number = plain_number(abs(value) if operator in CHANGE_OPERATORS else value)
    label = TargetOperator(operator).label
    if operator in CHANGE_OPERATORS:
        unit = "个百分点" if unit_label == "%" else unit_label
        return f"{label}{number}{unit}"
    return f"{label}{number}{unit_label}"
