"""统一社会信用代码 (GB 32100-2015): 18 characters, the last one a check character."""

from __future__ import annotations

from django.core.exceptions import ValidationError

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    total = sum(CHARSET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalize(code: str) -> str:
    return (code or "").strip().upper()


def validate_credit_code(code: str) -> None:
    """Raise a ValidationError in Chinese saying what is wrong with the code."""
    code = normalize(code)
    if len(code) != 18:
        raise ValidationError(f"统一社会信用代码应为18位，当前为{len(code)}位。", code="length")
    bad = sorted({char for char in code if char not in CHARSET})
    if bad:
        raise ValidationError(
            f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（代码不使用字母I、O、Z、S、V）。",
            code="charset",
        )
    if check_character(code[:17]) != code[17]:
        raise ValidationError(
            "统一社会信用代码校验位不符，请逐位核对（常见原因是输错或漏输了一位）。",
            code="checksum",
        )


def make_credit_code(first17: str) -> str:
    """Complete 17 characters with their check character (demo data, tests)."""
    return first17 + check_character(first17)
