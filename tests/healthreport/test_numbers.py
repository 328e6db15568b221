"""healthreport.lib.numbers: the digits check, and the scan for non-finite stored numbers that
indicators' migration 0005 reports (SQLite turned an imported 1e400 into inf)."""

import importlib
from decimal import Decimal

import pytest
from django.db import connection

from healthreport.lib.numbers import check_digits, find_non_finite, normalise_number, shown
from tests.indicators.conftest import put

MIGRATION = importlib.import_module("indicators.migrations.0005_number_bounds")
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="only SQLite stores inf in a decimal column"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Infinity", "应填写有限的数字。"),
        ("NaN", "应填写有限的数字。"),
        ("1e400", "数值过大：整数部分最多9位。"),
        ("1000000000", "数值过大：整数部分最多9位。"),
        ("0.0000001", "小数位数过多（最多6位）。"),
    ],
)
def test_check_digits_refuses_in_chinese(text, message):
    with pytest.raises(ValueError, match=message):
        check_digits(Decimal(text))


@pytest.mark.parametrize("text", ["999999999.999999", "-999999999", "0", "1.500000000", "1E-6"])
def test_check_digits_keeps_what_both_backends_store(text):
    assert check_digits(Decimal(text)) == Decimal(text)


def test_shown_never_fails():
    assert shown(10**5000) == "（过长的数字）"
    assert shown("院" * 50) == "院" * 20 + "…"


def test_the_scan_finds_nothing_in_a_clean_database(unit_a, capsys):
    put("BEDS", unit_a, 600)
    assert find_non_finite(connection) == []
    MIGRATION.report_non_finite(None, connection.schema_editor())
    assert capsys.readouterr().out == ""


@on_sqlite
def test_the_scan_reports_an_inf_stored_on_sqlite(unit_a, capsys):
    value = put("BEDS", unit_a, 600)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE indicators_value SET value = 1e999 WHERE id = %s", [value.pk])
    assert find_non_finite(connection) == [("indicators_value", value.pk, "value", float("inf"))]
    MIGRATION.report_non_finite(None, connection.schema_editor())
    out = capsys.readouterr().out
    assert "发现1个非有限数值" in out and f"indicators_value 主键={value.pk} 列=value 值=inf" in out


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("17,500", "17500"),
        ("-1,234,567.89", "-1234567.89"),
        ("１７５００", "17500"),
        ("１７，５００．５", "17500.5"),
        ("－３", "-3"),
        ("\u3000２０\u3000", "20"),
        ("1,5", "1,5"),  # a decimal comma perhaps: left for the caller to refuse, never 15
        ("12,34", "12,34"),
        ("abc", "abc"),
    ],
)
def test_normalise_number_reads_what_people_type(typed, read):
    assert normalise_number(typed) == read
