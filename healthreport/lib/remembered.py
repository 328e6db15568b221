"""Aggregates remembered until the records under them change.

A province's year is 200,000 problems and two million indicator values. The leader's home, the
statistics page and the scorecard each sum them, which costs about half a second on PostgreSQL,
while the records change a few times a minute. `remember()` keeps what an aggregate returned in
the cache (Redis when REDIS_URL is set), under the version of the records it reads: until they
change, a page costs one small query instead of the sums.

The version is exact, not a timeout. A database trigger on every table behind a set of figures
(`WATCHED`) adds one to a counter in the same transaction as each writing statement: forms,
the imports' bulk inserts, queryset updates, deletes and hand-written SQL alike. So the version a
reader sees changes exactly when a write commits, and a figure read from the cache is the figure
the sums would give. On PostgreSQL the counter is split into rows, and a
writer takes one that no other open transaction holds, so that writers never queue behind one
another's counter (an import holds its row until it commits); the version is the rows' sum,
which grows with every commit.

The counter table and the triggers are created after every `migrate` (`install`, connected to
post_migrate in core's AppConfig), not by a migration. SQLite drops a table's triggers when a
migration rebuilds the table, and a later migration could not know to put them back. Flushing
the database between tests leaves the counters alone, so versions never repeat.

Nothing is remembered inside a transaction (`in_atomic_block`). A transaction that wrote sees its
own uncommitted version, and what it computed would outlive a rollback. Views run in autocommit,
so they remember; the tests' transactions, and the documents written inside `atomic`, compute.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connections, models, router

T = TypeVar("T")

TABLE = "figure_stamp"


class Records(models.TextChoices):
    """The sets of records a remembered aggregate may read."""

    RECTIFICATION = "rectification", "整改"
    INDICATORS = "indicators", "指标"
    UNITS = "units", "机构"


# The tables behind each set of figures: a write to any of them changes the version. A unit's
# name or region and a region's path change who is counted where, so both sets watch them.
WATCHED: dict[str, tuple[str, ...]] = {
    Records.RECTIFICATION: (
        "rectification_problem",
        "rectification_inspection",
        "rectification_sanction",
        "rectification_category",
        "rectification_source",
        "units_unit",
        "units_region",
    ),
    Records.INDICATORS: (
        "indicators_value",
        "indicators_indicator",
        "units_unit",
        "units_region",
    ),
    Records.UNITS: ("units_unit", "units_region", "units_medicalcommunity"),
}


def _add_one(records: str) -> str:
    """SQL adding one to the counter of `records` (an SQL expression: a literal or TG_ARGV[0])."""
    return (
        f"INSERT INTO {TABLE} (records, shard, writes) VALUES ({records}, 0, 1) "
        f"ON CONFLICT (records, shard) DO UPDATE SET writes = {TABLE}.writes + 1"
    )


def _trigger_name(records: str, table: str, suffix: str = "") -> str:
    return f"{TABLE}_{records}_{table}{suffix}"


def install(using: str = "default") -> None:
    """Create the counter table and the triggers, or bring them back, and move every version on
    (what was remembered before is not read again)."""
    connection = connections[using]
    # A partial migrate (`migrate units zero`) leaves some tables out: watch those that exist.
    existing = set(connection.introspection.table_names())
    watched = {
        records: [table for table in tables if table in existing]
        for records, tables in WATCHED.items()
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (records varchar(20) NOT NULL, "
            "shard integer NOT NULL, writes bigint NOT NULL, PRIMARY KEY (records, shard))"
        )
        if connection.vendor == "postgresql":
            # One row per statement, whatever it touched (FOR EACH STATEMENT): a bulk insert of
            # 100,000 problems costs one increment.
            # A writer never waits for another's counter: it takes the first row no other
            # open transaction holds (SKIP LOCKED; its own count as free), and adds a row when
            # every one is held (an import holds its row until it commits).
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {TABLE}_bump() RETURNS trigger LANGUAGE plpgsql AS $$"
                " DECLARE chosen integer; BEGIN"
                f" SELECT shard INTO chosen FROM {TABLE} WHERE records = TG_ARGV[0]"
                "  ORDER BY shard LIMIT 1 FOR UPDATE SKIP LOCKED;"
                f" IF FOUND THEN UPDATE {TABLE} SET writes = writes + 1"
                "  WHERE records = TG_ARGV[0] AND shard = chosen;"
                f" ELSE INSERT INTO {TABLE} (records, shard, writes)"
                "  VALUES (TG_ARGV[0], floor(random() * 2000000000)::integer, 1)"
                f"  ON CONFLICT (records, shard) DO UPDATE SET writes = {TABLE}.writes + 1;"
                " END IF; RETURN NULL; END $$"
            )
            for records, tables in watched.items():
                for table in tables:
                    cursor.execute(
                        f"CREATE OR REPLACE TRIGGER {_trigger_name(records, table)} "
                        f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_bump('{records}')"
                    )
        elif connection.vendor == "sqlite":
            # SQLite has row triggers only; it writes one transaction at a time, so one shard.
            for records, tables in watched.items():
                for table in tables:
                    for event in ("INSERT", "UPDATE", "DELETE"):
                        name = _trigger_name(records, table, f"_{event.lower()}")
                        literal = f"'{records}'"
                        cursor.execute(
                            f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table} "
                            f"BEGIN {_add_one(literal)}; END"
                        )

        # Every migrate moves every version on: a deployment runs it, and the figures the code
        # before it computed (in Redis, which outlives the processes) are not read again.
        for records in WATCHED:
            cursor.execute(_add_one("%s"), [records])


def installed_triggers(using: str = "default") -> set[str]:
    """The names of the counter's triggers in the database (for the checks and the tests)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
                [f"{TABLE}_%"],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{TABLE}_%"],
            )
        return {name for (name,) in cursor.fetchall()}


def version(records: str, using: str = "default") -> int:
    """How many writing statements have committed on the records' tables (as this connection
    sees them: its own uncommitted ones included)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(SUM(writes), 0) FROM {TABLE} WHERE records = %s", [records]
        )
        return int(cursor.fetchone()[0])


def remember(
    model: type[models.Model], records: str, key: tuple[Hashable, ...], compute: Callable[[], T]
) -> T:
    """What `compute()` returns, from the cache while `records` have not changed since.

    `model` is the one the aggregate reads (its read database is the one whose version counts:
    a replica's figures go with the replica's version); `key` names the aggregate and its
    arguments (a function's name, a year, a region's id, the as-of day…)."""
    seconds = settings.FIGURE_CACHE_SECONDS
    using = router.db_for_read(model)
    if not seconds or connections[using].in_atomic_block:
        return compute()
    digest = hashlib.sha1(repr(key).encode()).hexdigest()
    cache_key = f"figures:{records}:{version(records, using)}:{digest}"
    found = cache.get(cache_key)
    if found is not None:
        return found
    value = compute()
    cache.set(cache_key, value, seconds)
    return value
