"""Migration tests: move the test database to a migration, and back to the latest after."""

from __future__ import annotations

from collections.abc import Iterator

from django.apps.registry import Apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets: list[tuple[str, str | None]]) -> Apps:
    """Migrate to `targets`; the historical models as they stand there. (app, None) means none
    of that app's migrations, which is not a node of the state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def apps_before(targets: list[tuple[str, str | None]]) -> Iterator[Apps]:
    """The body of an `old_apps` fixture: the models at `targets`, then everything migrated."""
    yield migrate_to(targets)
    call_command("migrate", verbosity=0)
