"""Migration 0007: the problem list's indexes. The trigram indexes of the keyword search exist on
PostgreSQL only, and match the SQL Django writes for icontains (else the planner ignores them)."""

import pytest
from django.db import connection

from rectification.filters import ProblemFilter
from rectification.models import Problem
from tests.clock import TODAY

TRIGRAM = {"problem_description_trgm", "problem_measures_trgm"}


def _indexes(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


@pytest.mark.django_db
def test_the_trigram_indexes_are_postgresqls_only():
    problem_indexes = _indexes("rectification_problem")
    assert "problem_open_deadline_idx" in problem_indexes
    if connection.vendor == "postgresql":
        assert problem_indexes >= TRIGRAM
        assert "inspection_title_trgm" in _indexes("rectification_inspection")
        assert "unit_name_trgm" in _indexes("units_unit")
    else:
        assert not problem_indexes & TRIGRAM


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_the_keyword_search_can_use_the_trigram_index(staff):
    search = ProblemFilter(
        {"q": "消防通道"}, queryset=Problem.objects.all(), user=staff, today=TODAY
    )
    sql, params = search.qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is too small to need it
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "problem_description_trgm" in plan and "problem_measures_trgm" in plan
