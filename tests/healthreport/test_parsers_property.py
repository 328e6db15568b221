"""Property tests of the number and date parsers (Excel cells, the entry form's number field):
whatever a cell or a field holds, the answer is a value that both databases store, or an error
with a Chinese message, never anything else."""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from healthreport.lib.excel import parse_date, parse_decimal, parse_int
from healthreport.lib.numbers import MAX_INTEGER
from indicators.forms import number_field
from indicators.models import FIGURE_LIMIT, Indicator

CHINESE = re.compile(r"[\u4e00-\u9fff]")

# What a cell read by openpyxl can hold, and text shaped like numbers and dates.
NUMBERISH = st.from_regex(r"\A\s?[-+]?[0-9０-９,._]{0,25}([eE][-+]?[0-9]{1,6})?\s?\Z")
DATEISH = st.from_regex(r"\A[0-9]{1,6}[-/.年][0-9]{1,3}[-/.月][0-9]{1,3}日?\Z")
CELLS = st.one_of(
    st.text(),
    NUMBERISH,
    DATEISH,
    st.sampled_from(["inf", "-inf", "nan", "sNaN", "1e400", "-1e400", "Infinity", "1e-400"]),
    st.integers(),
    st.integers(min_value=-(10**5000), max_value=10**5000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)
EXAMPLES = settings(max_examples=400, deadline=None)


def assert_chinese(error: Exception) -> None:
    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
    assert messages and all(CHINESE.search(message) for message in messages), messages


@EXAMPLES
@given(CELLS)
def test_parse_decimal_gives_a_storable_number_or_a_chinese_error(cell):
    try:
        number = parse_decimal(cell)
    except ValueError as error:
        assert_chinese(error)
        return
    assert isinstance(number, Decimal) and number.is_finite()
    assert abs(number) < FIGURE_LIMIT
    assert number == number.quantize(Decimal("0.000001"))


@EXAMPLES
@given(CELLS)
def test_parse_int_gives_an_integer_column_value_or_a_chinese_error(cell):
    try:
        number = parse_int(cell)
    except ValueError as error:
        assert_chinese(error)
        return
    assert isinstance(number, int) and not isinstance(number, bool)
    assert number <= MAX_INTEGER


@EXAMPLES
@given(CELLS)
def test_parse_date_gives_a_date_or_a_chinese_error(cell):
    try:
        date = parse_date(cell)
    except ValueError as error:
        assert_chinese(error)
        return
    assert type(date) is datetime.date


@EXAMPLES
@given(st.one_of(st.text(), NUMBERISH, st.sampled_from(["inf", "nan", "1e400", "1E+15"])))
def test_the_entry_forms_number_field_gives_a_storable_number_or_a_chinese_error(text):
    field = number_field(Indicator(code="X", name="床位"))
    try:
        number = field.clean(text)
    except ValidationError as error:
        assert_chinese(error)
        return
    assert number is None or (number.is_finite() and abs(number) < FIGURE_LIMIT)
