"""Trigram (pg_trgm) GIN indexes for `icontains` searches, on PostgreSQL only.

`django.contrib.postgres`'s GinIndex with OpClass("gin_trgm_ops") cannot be declared in a
model's Meta here: the same migrations run on SQLite, which has neither GIN nor pg_trgm. So a
migration creates them with `trigram_index`, which does nothing on another database, and the
model's Meta names them in a comment. With them, `icontains` (three characters or more,
Chinese included: the database's C.UTF-8 ctype makes them word characters) is a bitmap index
scan instead of a scan of the whole table.
"""

from __future__ import annotations

from django.db import migrations


def trigram_index(table: str, column: str, name: str) -> migrations.RunPython:
    """A migration operation that creates (and on reverse drops) a GIN trigram index on
    PostgreSQL, after the pg_trgm extension (a trusted extension: the database's owner may
    create it)."""

    def create(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        # Django writes icontains as UPPER("col"::text) LIKE UPPER('%…%'): the index holds that
        # expression, or the planner could not use it.
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )

    def drop(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(create, drop, elidable=False)
