"""Hand-worked cases of the evaluation rules, for both directions and every target type."""

from decimal import Decimal as D

import pytest

from indicators.evaluation import Status, evaluate, target_text, year_on_year

S = Status


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        ("96", "95", S.EXCEEDED),
        ("95", "95", S.MET),
        ("90.25", "95", S.SLIGHTLY_BELOW),  # 95 − 5% × 95 = 90.25: still within the tolerance
        ("90.24", "95", S.NOT_MET),
        ("80", "95", S.NOT_MET),
    ],
)
def test_at_least(value, target, expected):
    assert evaluate(D(value), ">=", D(target), "higher", None) == expected


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        ("8.5", "14.5", S.EXCEEDED),  # a death rate below its ceiling
        ("14.5", "14.5", S.MET),
        ("15.225", "14.5", S.SLIGHTLY_BELOW),  # 14.5 + 5% × 14.5 = 15.225
        ("15.23", "14.5", S.NOT_MET),
    ],
)
def test_at_most(value, target, expected):
    assert evaluate(D(value), "<=", D(target), "lower", None) == expected


def test_equal_follows_the_direction():
    assert evaluate(D("3.3"), "=", D("3.2"), "higher", None) == S.EXCEEDED
    assert evaluate(D("3.1"), "=", D("3.2"), "higher", None) == S.SLIGHTLY_BELOW
    assert evaluate(D("9"), "=", D("10"), "lower", None) == S.EXCEEDED
    assert evaluate(D("10.4"), "=", D("10"), "lower", None) == S.SLIGHTLY_BELOW
    assert evaluate(D("10"), "=", D("10"), "none", None) == S.MET
    assert evaluate(D("10.5"), "=", D("10"), "none", None) == S.SLIGHTLY_BELOW
    assert evaluate(D("9"), "=", D("10"), "none", None) == S.NOT_MET


@pytest.mark.parametrize(
    ("value", "previous", "expected"),
    [
        ("17", "20", S.EXCEEDED),  # down 3 points against "at least 2"
        ("18", "20", S.MET),  # down exactly 2
        ("18.1", "20", S.SLIGHTLY_BELOW),  # down 1.9 ≥ 2 − 5% × 2 = 1.9
        ("18.2", "20", S.NOT_MET),  # down 1.8
        ("21", "20", S.NOT_MET),  # went up
    ],
)
def test_decrease_by(value, previous, expected):
    assert evaluate(D(value), "decrease_by", D("2"), "lower", D(previous)) == expected


@pytest.mark.parametrize(
    ("value", "previous", "expected"),
    [
        ("79.5", "78", S.EXCEEDED),  # up 1.5 years against "at least 1"
        ("79", "78", S.MET),
        ("78.95", "78", S.SLIGHTLY_BELOW),  # up 0.95 ≥ 1 − 0.05
        ("78.9", "78", S.NOT_MET),
    ],
)
def test_increase_by(value, previous, expected):
    assert evaluate(D(value), "increase_by", D("1"), "higher", D(previous)) == expected


def test_a_change_target_without_last_year_cannot_be_judged():
    assert evaluate(D("18"), "decrease_by", D("2"), "lower", None) == S.NOT_COMPUTABLE


def test_missing_value_and_missing_target():
    assert evaluate(None, ">=", D("95"), "higher", D("90")) == S.NOT_REPORTED
    assert evaluate(D("95"), None, None, "higher", None) == S.NO_TARGET


def test_a_custom_tolerance():
    assert evaluate(D("85"), ">=", D("95"), "higher", None, tolerance=D("0.2")) == (
        S.SLIGHTLY_BELOW
    )


def test_a_zero_ceiling_has_no_slack():
    assert evaluate(D("0"), "<=", D("0"), "lower", None) == S.MET
    assert evaluate(D("1"), "<=", D("0"), "lower", None) == S.NOT_MET


def test_statuses_are_codes_with_the_words_of_the_reports_as_labels():
    assert [s.value for s in list(S)[:5]] == [
        "exceeded",
        "met",
        "slightly_below",
        "not_met",
        "not_reported",
    ]
    assert [s.label for s in list(S)[:5]] == ["超额完成", "达标", "略低于预期", "未达标", "未填报"]


def test_year_on_year():
    assert year_on_year(D("65.2"), D("63.7")) == D("1.5")
    assert year_on_year(D("7.1"), D("7.4")) == D("-0.3")
    assert year_on_year(None, D("1")) is None
    assert year_on_year(D("1"), None) is None


def test_target_text():
    assert target_text(">=", D("95.000000"), "%") == "≥95%"
    assert target_text("<=", D("14.5"), "/10万") == "≤14.5/10万"
    assert target_text("decrease_by", D("2"), "%") == "较上年下降至少2个百分点"
    assert target_text("increase_by", D("1"), "岁") == "较上年提高至少1岁"
    assert target_text(None, None, "%") == ""
