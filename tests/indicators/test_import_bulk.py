"""The value and target imports' bulk writes (issue 13): new records and their history rows as
bulk_create_with_history wrote them, stored ones looked up a year at a time, as many queries
for 50 rows as for 5."""

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal as D

import pytest
from django.db import connection

from healthreport.lib import imports
from indicators.importers import TargetImporter
from indicators.models import Target, Value, ValueStatus
from indicators.targets import NEGATIVE_TARGET
from tests.indicators.conftest import xlsx
from tests.indicators.test_import import YEAR, run

pytestmark = pytest.mark.django_db


def test_new_figures_have_their_history(places, staff):
    preview = run([[YEAR, "BEDS", None, "青山县人民医院", 600, "新建病区"]], staff)
    assert preview.written
    value = Value.objects.get()
    assert (value.value, value.comment, value.status, value.updated_by) == (
        D(600),
        "新建病区",
        ValueStatus.SUBMITTED,
        staff,
    )
    history = value.history.get()
    assert (history.history_type, history.history_user, history.history_change_reason) == (
        "+",
        staff,
        "",
    )
    assert (history.value, history.unit_id, history.updated) == (
        D(600),
        value.unit_id,
        value.updated,
    )


def test_a_later_chunk_of_another_year_checks_against_the_year_before(places, staff, monkeypatch):
    assert run([[YEAR - 1, "BEDS", None, "青山县人民医院", 600, ""]], staff).written
    monkeypatch.setattr(imports, "CHUNK_ROWS", 1)
    preview = run(
        [
            [YEAR - 1, "BEDS", None, "青山县人民医院", 610, ""],  # an update, looked up
            [YEAR, "BEDS", None, "青山县人民医院", 6000, ""],  # ten times the year before
        ],
        staff,
    )
    assert preview.count("更新") == 1
    assert any(error.row == 3 and error.column == "数值" for error in preview.errors)


# Lookups (indicators, regions twice, units), the stored targets of the file's years, in the
# savepoint of the run; then an UPDATE and the history's INSERT for stored targets. The new
# targets' two INSERTs (bulk.insert, past Django's cursor) are counted by `sqlite_inserts`.
TARGET_IMPORT_QUERIES = 8
TARGET_UPDATE_QUERIES = 10
TARGET_HEADERS = ["年度", "指标编码", "区划或单位", "目标类型", "目标值", "依据"]


@contextmanager
def sqlite_inserts() -> Iterator[list[str]]:
    """The INSERT statements SQLite runs, those bulk.insert sends past Django's cursor (which
    django_assert_num_queries does not see) included."""
    if connection.vendor != "sqlite":
        pytest.skip("counts SQLite's statements")
    statements: list[str] = []
    connection.ensure_connection()
    raw = connection.connection
    raw.set_trace_callback(statements.append)
    try:
        yield statements
    finally:
        raw.set_trace_callback(None)
    statements[:] = [s for s in statements if s.lstrip().upper().startswith("INSERT")]


def target_rows(n: int, value=14.5) -> list[list]:
    """n targets of MMR for the city, a year each from 2000."""
    return [[2000 + i, "MMR", "示例市", "≤", value, "规划"] for i in range(n)]


def run_targets(rows, user):
    return TargetImporter(user).run(xlsx(TARGET_HEADERS, rows), commit=True)


@pytest.mark.parametrize("n", [5, 50])
def test_a_target_import_takes_the_same_queries_for_5_rows_and_50(
    places, staff, n, django_assert_num_queries
):
    with django_assert_num_queries(TARGET_IMPORT_QUERIES), sqlite_inserts() as inserts:
        preview = run_targets(target_rows(n), staff)
    assert len(inserts) == 2  # the targets, their history
    assert preview.written and preview.count("新增") == n
    assert Target.objects.count() == n


@pytest.mark.parametrize("n", [5, 50])
def test_a_target_update_takes_the_same_queries_for_5_rows_and_50(
    places, staff, n, django_assert_num_queries
):
    assert run_targets(target_rows(n), staff).written
    with django_assert_num_queries(TARGET_UPDATE_QUERIES):
        preview = run_targets(target_rows(n, value=12), staff)
    assert preview.written and preview.count("更新") == n
    assert set(Target.objects.values_list("value", flat=True)) == {D(12)}


def test_new_targets_have_their_history(places, staff):
    assert run_targets(target_rows(1), staff).written
    target = Target.objects.get()
    assert (target.year, target.operator, target.value, target.source) == (
        2000,
        "<=",
        D("14.5"),
        "规划",
    )
    assert target.region.name == "示例市" and target.unit is None
    history = target.history.get()
    assert (history.history_type, history.history_user, history.value) == ("+", staff, D("14.5"))


def test_a_changed_target_has_its_history(places, staff):
    assert run_targets(target_rows(1), staff).written
    preview = run_targets([[2000, "MMR", "示例市", "≤", 12, "新规划"]], staff)
    assert preview.count("更新") == 1
    target = Target.objects.get()
    assert (target.value, target.source) == (D(12), "新规划")
    changed = target.history.filter(history_type="~").get()
    assert (changed.history_user, changed.value, changed.source) == (staff, D(12), "新规划")
    assert preview.written and TargetImporter(staff).created == []


def test_a_target_file_with_one_bad_row_saves_nothing(places, staff):
    assert run_targets(target_rows(1), staff).written
    rows = [
        [2000, "MMR", "示例市", "≤", 12, ""],
        *target_rows(3)[1:],
        [2003, "MMR", "示例市", "≤", -1, ""],
    ]
    preview = run_targets(rows, staff)
    assert not preview.written
    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (5, "目标值", NEGATIVE_TARGET)
    ]
    assert Target.objects.get().value == D("14.5")
    assert Target.objects.count() == 1 and Target.history.count() == 1
