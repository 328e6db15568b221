"""Plausibility checks on an entered figure, shared by the entry form, the grid and the importer.

Each check returns Chinese messages (empty when the figure is plausible); nothing here touches the
database.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from indicators.evaluation import plain_number
from indicators.models import Indicator
from indicators.results import operands

# A change of more than this fraction against last year needs a comment.
JUMP_THRESHOLD = Decimal("0.5")


def check_value(
    indicator: Indicator, value: Decimal, previous: Decimal | None = None, comment: str = ""
) -> list[str]:
    errors = []
    if indicator.is_computed:
        errors.append("这是计算指标，由分子、分母自动计算，不能直接填写。")
        return errors
    if out_of_range := indicator.range_error(value):
        errors.append(out_of_range)
        return errors
    if indicator.is_count and value != value.to_integral_value():
        errors.append(f"{indicator.name}是计数，应填写整数。")
    if (
        not errors
        and previous is not None
        and previous != 0
        and abs(value - previous) > JUMP_THRESHOLD * abs(previous)
        and not (comment or "").strip()
    ):
        errors.append(f"与上年（{plain_number(previous)}）相比变化超过50%，请在备注中说明原因。")
    return errors


def check_ratios(
    figures: dict[int, Decimal], computed: Iterable[Indicator]
) -> list[tuple[Indicator, str]]:
    """Numerators that exceed their denominators among figures of one place ({indicator id: value}).

    Only pairs entered at the same place are compared (床位数 of a unit is never held against the
    region's 常住人口).
    """
    problems = []
    for indicator in computed:
        if not indicator.is_computed or not indicator.numerator_not_above_denominator:
            continue
        if indicator.numerator_id is None or indicator.denominator_id is None:
            continue
        numerator = figures.get(indicator.numerator_id)
        denominator = figures.get(indicator.denominator_id)
        if numerator is None or denominator is None or numerator <= denominator:
            continue
        top, bottom = operands(indicator)
        problems.append(
            (
                top,
                f"不能大于{bottom.name}（{plain_number(denominator)}）"
                f"——{indicator.name}的分子不能超过分母。",
            )
        )
    return problems
