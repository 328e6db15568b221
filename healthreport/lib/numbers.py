"""What a number must be before it reaches the database: finite, and no more digits than stored.

SQLite keeps a decimal column as a REAL: 15 significant digits, and 1e400 becomes `inf`, which
Django then cannot read back (every page and `dumpdata` that touches the row fails).
PostgreSQL's numeric(p, s) refuses what does not fit, as a 500. So every figure entered or
imported is checked here first, and the checks say in Chinese what is wrong.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

# Significant digits a decimal keeps on both backends (SQLite's REAL holds 15).
STORED_DIGITS = 15
# Decimal places of the indicator figures (Value.value, Target.value): 6, leaving 9 whole digits.
DECIMAL_PLACES = 6
# Whole numbers in a PositiveIntegerField: PostgreSQL's integer.
MAX_INTEGER = 2_147_483_647


# A number written with thousands separators: 17,500 or -1,234,567.89 (groups of three only, so
# that "1,5" — a decimal comma — is refused rather than read as 15).
GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def normalise_number(text: str) -> str:
    """What a person typed for a number, as Python's Decimal and int read it: full-width digits,
    comma, point and sign (１７，５００．５) become ASCII, thousands separators are dropped, and
    white space around it goes. Anything else is returned as it was, for the caller to refuse.

    The one rule for numbers typed on the web (healthreport.lib.forms) and read from Excel cells
    (healthreport.lib.excel.parse_int/parse_decimal).
    """
    text = unicodedata.normalize("NFKC", text).strip()
    if GROUPED.fullmatch(text):
        return text.replace(",", "")
    return text


def shown(value: Any, limit: int = 20) -> str:
    """A cell as quoted in a message: short, and never failing (str() of a 5000-digit int does)."""
    try:
        text = str(value)
    except ValueError:
        return "（过长的数字）"
    return text if len(text) <= limit else f"{text[:limit]}…"


def decimal_places(number: Decimal) -> int:
    """The decimal places a finite number needs (1.500 needs 1), without rounding it."""
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite
    places = -exponent
    # Trailing zeros after the point need no place: 1.500 is 1.5.
    index = len(digits) - 1
    while places > 0 and index > 0 and digits[index] == 0:
        places -= 1
        index -= 1
    return max(places, 0)


def check_digits(
    number: Decimal, *, max_digits: int = STORED_DIGITS, places: int = DECIMAL_PLACES
) -> Decimal:
    """`number` when finite and within max_digits (places of them after the point); ValueError
    in Chinese otherwise."""
    if not number.is_finite():
        raise ValueError("应填写有限的数字。")
    whole = max_digits - places
    if number and number.adjusted() >= whole:
        raise ValueError(f"数值过大：整数部分最多{whole}位。")
    if decimal_places(number) > places:
        raise ValueError(
            f"小数位数过多（最多{places}位）。" if places else "应填写整数，不能有小数。"
        )
    return number


def validate_stored_decimal(value: Decimal) -> None:
    """A model field's validator: what check_digits refuses, as a ValidationError (the admin)."""
    from django.core.exceptions import ValidationError

    try:
        check_digits(value)
    except ValueError as error:
        raise ValidationError(str(error), code="digits") from None


def find_non_finite(connection: Any) -> list[tuple[str, Any, str, Any]]:
    """Every stored number that is not finite, as (table, primary key, column, raw value).

    Reads each decimal and float column of every table with a plain cursor: the ORM's converter
    fails on SQLite's `inf`, the very value looked for. Backend-neutral, for the data migration
    that reports them and for `manage.py` shells.
    """
    introspection = connection.introspection
    found = []
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            columns = [
                column.name
                for column in introspection.get_table_description(cursor, table)
                if _is_number_column(introspection, column)
            ]
            key = introspection.get_primary_key_column(cursor, table)
            if not columns or key is None:
                continue
            quote = connection.ops.quote_name
            names = ", ".join(quote(name) for name in columns)
            cursor.execute(f"SELECT {quote(key)}, {names} FROM {quote(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for name, raw in zip(columns, row[1:], strict=True):
                    if raw is not None and not _finite(raw):
                        found.append((table, row[0], name, raw))
    return found


def _is_number_column(introspection: Any, column: Any) -> bool:
    try:
        kind = introspection.get_field_type(column.type_code, column)
    except KeyError:
        return False
    return kind in {"DecimalField", "FloatField"}


def _finite(raw: Any) -> bool:
    try:
        return Decimal(str(raw)).is_finite()
    except ArithmeticError:
        return False
