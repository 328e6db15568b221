"""Indexes on the big tables are built CONCURRENTLY on PostgreSQL
(healthreport/lib/online_index.py), and as plain indexes on SQLite."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.parametrize(
    "app, migration",
    [
        ("rectification", "0008_home_queue_indexes"),
        ("indicators", "0008_value_submitted_unit_idx"),
        ("units", "0005_unit_name_idx"),
        ("rectification", "0009_problem_deadline_idx"),
    ],
)
def test_the_index_migrations_do_not_lock_the_table_on_postgresql(transactional_db, app, migration):
    out = io.StringIO()
    call_command("sqlmigrate", app, migration, stdout=out)
    sql = out.getvalue()
    assert "CREATE INDEX" in sql
    if connection.vendor == "postgresql":
        assert "CREATE INDEX CONCURRENTLY" in sql
        assert "BEGIN;" not in sql  # CONCURRENTLY cannot run inside a transaction
    else:
        assert "CONCURRENTLY" not in sql
    backwards = io.StringIO()
    call_command("sqlmigrate", app, migration, backwards=True, stdout=backwards)
    assert "DROP INDEX" in backwards.getvalue()
