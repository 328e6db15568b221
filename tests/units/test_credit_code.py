import pytest
from django.core.exceptions import ValidationError

from units.credit_code import check_character, make_credit_code, validate_credit_code

# The example code used in GB 32100-2015's explanation of the check character.
STANDARD_EXAMPLE = "91350100M000100Y43"


def test_it_accepts_the_standard_example():
    validate_credit_code(STANDARD_EXAMPLE)


def test_it_computes_the_check_character_by_hand():
    # Σ(value × weight) over 91350100M000100Y4 is 1640; 1640 mod 31 = 28; 31 − 28 = 3 → "3".
    assert check_character(STANDARD_EXAMPLE[:17]) == "3"


def test_it_accepts_lowercase_and_spaces():
    validate_credit_code(" " + STANDARD_EXAMPLE.lower() + " ")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y4", "应为18位"),
        ("91350100M000100Y44", "校验位不符"),
        ("91350100M0001O0Y43", "不允许的字符：O"),
        ("9135010IM000100Y43", "不允许的字符：I"),
    ],
)
def test_it_rejects_with_a_chinese_reason(code, message):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert message in error.value.messages[0]


def test_make_credit_code_round_trips():
    validate_credit_code(make_credit_code("12329900000000001"))
