"""The optional 报告期 column of the value import: 上半年 figures beside the annual ones, and files
without the column (every file before it existed) still annual."""

from decimal import Decimal as D

from indicators.importers import ValueImporter
from indicators.models import Period, Value
from tests.indicators.conftest import HEADERS, YEAR, put, xlsx

WITH_PERIOD = ["年度", "指标编码", "指标名称", "区划或单位", "数值", "备注", "报告期"]


def run(headers, rows, user):
    return ValueImporter(user).run(xlsx(headers, rows), commit=True)


def test_half_year_figures_sit_beside_the_annual_ones(places, staff, unit_a):
    put("BEDS", unit_a, 590)
    preview = run(
        WITH_PERIOD,
        [
            [YEAR, "BEDS", None, "青山县人民医院", 600, "", "上半年"],
            [YEAR, "POPULATION", None, "青山县", 500000, None, ""],
        ],
        staff,
    )
    assert preview.ok and preview.written
    assert Value.objects.get(unit=unit_a).value == D(590)  # the annual figure, untouched
    half = Value.all_periods.get(unit=unit_a, period=Period.FIRST_HALF)
    assert half.value == D(600)
    assert Value.objects.get(region__name="青山县").period == Period.ANNUAL


def test_a_file_without_the_column_is_annual(places, staff, unit_a):
    put("BEDS", unit_a, 590, period=Period.FIRST_HALF)
    preview = run(HEADERS, [[YEAR, "BEDS", None, "青山县人民医院", 610, ""]], staff)
    assert preview.ok and preview.written
    assert Value.objects.get(unit=unit_a).value == D(610)
    assert Value.all_periods.get(unit=unit_a, period=Period.FIRST_HALF).value == D(590)


def test_a_bad_period_and_a_repeated_row_are_named(places, staff):
    preview = ValueImporter(staff).run(
        xlsx(
            WITH_PERIOD,
            [
                [YEAR, "BEDS", None, "青山县人民医院", 600, "", "第三季度"],
                [YEAR, "BEDS", None, "青山县人民医院", 600, "", "上半年"],
                [YEAR, "BEDS", None, "青山县人民医院", 610, "", "半年"],
            ],
        ),
        commit=True,
    )
    assert not preview.ok and not Value.all_periods.exists()
    messages = " ".join(e.message for e in preview.errors)
    assert "报告期应填“年度”或“上半年”" in messages
    assert "与第3行是同一指标、年度、报告期和区划或单位" in messages
