"""Indexes added without stopping the writers, on a province's tables.

`CREATE INDEX` locks a table against writes while it reads every row: on a province's million
problems or ten million values, that is a minute in which no form saves and no import commits.
On PostgreSQL `AddIndexOnline` builds the index CONCURRENTLY instead (the migration must say
`atomic = False`); on SQLite, which has one writer anyway, it is Django's AddIndex.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db.migrations.operations import AddIndex


class AddIndexOnline(AddIndexConcurrently):
    def database_forwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, *args)
        else:
            AddIndex.database_forwards(self, app_label, schema_editor, *args)

    def database_backwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, *args)
        else:
            AddIndex.database_backwards(self, app_label, schema_editor, *args)
