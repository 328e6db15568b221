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

A province's problems change all day, each in one county, and every write would make the province's
figures cold again. So the writes that touch units one at a time (problems, sanctions, indicator
values, inspections and the units themselves: `BRANCHED`) move, on PostgreSQL, only the versions of
the branches of the tree they touch (a root's child and everything below it, or the root's own
units: `branch_of`), counted in a second table; every other write (regions, categories, sources,
indicators) moves the whole set. A branch's figures are remembered under the set's
version outside the branches plus the branch's own (`remember(..., branch=)`), and the root's are
merged from its branches' (`remember_branches`): after a problem is closed in one county, the
province's figures cost that county's sums and a merge. The set's version (`version`) adds both
tables, so what reads the whole set sees every write. SQLite (one writer, a city's data) moves the
whole set on every write.

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
BRANCH_TABLE = "figure_branch_stamp"


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


# Tables whose writes move only the versions of the branches their rows lie in (on PostgreSQL):
# a unit's problems, sanctions and values, and a region's own values, are counted in their
# branch and nowhere else; a unit (its name, its region) is read by its region's branch; an
# inspection by the branch of the region that organised it and by those of its problems (its
# date decides their year). Staff add inspections and edit units every day: were they not
# branched, each would make the whole province's figures cold.
BRANCHED: dict[str, tuple[str, ...]] = {
    Records.RECTIFICATION: (
        "rectification_problem",
        "rectification_sanction",
        "rectification_inspection",
        "units_unit",
    ),
    Records.INDICATORS: ("indicators_value", "units_unit"),
    Records.UNITS: ("units_unit",),
}


def branch_of(path: str) -> str:
    """The branch of the tree a region's path lies in: the root and the root's child on the way
    ("/1/4/17/" → "/1/4/"). A root's own path ("/1/") is the branch of the root's own units."""
    return "/" + "/".join(path.strip("/").split("/")[:2]) + "/"


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
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {BRANCH_TABLE} (records varchar(20) NOT NULL, "
            "branch varchar(255) NOT NULL, shard integer NOT NULL, writes bigint NOT NULL, "
            "PRIMARY KEY (records, branch, shard))"
        )
        if connection.vendor == "postgresql":
            # One row per statement, whatever it touched (FOR EACH STATEMENT): a bulk insert of
            # 100,000 problems costs one increment.
            # A writer never waits for another's counter: it takes the first row no other
            # open transaction holds (SKIP LOCKED; its own count as free), and adds a row when
            # every one is held (an import holds its row until it commits).
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {TABLE}_add(counted text) RETURNS void"
                " LANGUAGE plpgsql AS $$ DECLARE chosen integer; BEGIN"
                f" SELECT shard INTO chosen FROM {TABLE} WHERE records = counted"
                "  ORDER BY shard LIMIT 1 FOR UPDATE SKIP LOCKED;"
                f" IF FOUND THEN UPDATE {TABLE} SET writes = writes + 1"
                "  WHERE records = counted AND shard = chosen;"
                f" ELSE INSERT INTO {TABLE} (records, shard, writes)"
                "  VALUES (counted, floor(random() * 2000000000)::integer, 1)"
                f"  ON CONFLICT (records, shard) DO UPDATE SET writes = {TABLE}.writes + 1;"
                " END IF; END $$"
            )
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {TABLE}_bump() RETURNS trigger LANGUAGE plpgsql AS $$"
                f" BEGIN PERFORM {TABLE}_add(TG_ARGV[0]); RETURN NULL; END $$"
            )
            _install_branch_triggers(cursor, existing)
            for records, tables in watched.items():
                for table in tables:
                    if table in BRANCHED.get(records, ()):
                        continue
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


def _install_branch_triggers(cursor, existing: set[str]) -> None:
    """PostgreSQL: the branched tables' triggers. Each statement finds the regions its rows are
    at (`at`: before and after an update, since a problem moved to another unit leaves one
    branch for another), their branches, and adds one to each branch's counter, taking a row no
    other open transaction holds as `figure_stamp_bump` does. TRUNCATE moves the whole set."""
    cursor.execute(
        "CREATE OR REPLACE FUNCTION figure_branch(path text) RETURNS text LANGUAGE sql "
        "IMMUTABLE AS $$ SELECT substring(path from '^/[0-9]+/(?:[0-9]+/)?') $$"
    )
    # The regions the rows are at: their units' (a value is a unit's or a region's own; a unit
    # is at its region; an inspection at its organiser's and its problems' units').
    at = {
        "indicators_value": "SELECT array_agg(DISTINCT COALESCE(u.region_id, r.region_id)) "
        "FROM {rows} r LEFT JOIN units_unit u ON u.id = r.unit_id",
        "units_unit": "SELECT array_agg(DISTINCT r.region_id) FROM {rows} r",
        "rectification_inspection": "SELECT array_agg(DISTINCT x) FROM (SELECT r.region_id"
        " FROM {rows} r UNION SELECT u.region_id FROM {rows} r JOIN rectification_problem p"
        " ON p.inspection_id = r.id JOIN units_unit u ON u.id = p.unit_id) found (x)",
    }
    units_at = (
        "SELECT array_agg(DISTINCT u.region_id) FROM {rows} r JOIN units_unit u ON u.id = r.unit_id"
    )
    found = " ".join(
        f" {'IF' if i == 0 else 'ELSIF'} TG_TABLE_NAME = '{table}' THEN"
        f"  IF TG_OP <> 'DELETE' THEN {query.format(rows='new_rows')} INTO added; END IF;"
        f"  IF TG_OP <> 'INSERT' THEN {query.format(rows='old_rows')} INTO removed; END IF;"
        for i, (table, query) in enumerate([*at.items(), ("", units_at)])
    ).replace("ELSIF TG_TABLE_NAME = '' THEN", "ELSE")
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {TABLE}_bump_branches() RETURNS trigger LANGUAGE plpgsql AS $$"
        " DECLARE added integer[]; removed integer[]; touched text; chosen integer; BEGIN"
        f" {found} END IF;"
        " FOR touched IN SELECT DISTINCT figure_branch(path) FROM units_region"
        "  WHERE id = ANY(COALESCE(added, '{}') || COALESCE(removed, '{}')) LOOP"
        f"  SELECT shard INTO chosen FROM {BRANCH_TABLE}"
        "   WHERE records = TG_ARGV[0] AND branch = touched"
        "   ORDER BY shard LIMIT 1 FOR UPDATE SKIP LOCKED;"
        f"  IF FOUND THEN UPDATE {BRANCH_TABLE} SET writes = writes + 1"
        "   WHERE records = TG_ARGV[0] AND branch = touched AND shard = chosen;"
        f"  ELSE INSERT INTO {BRANCH_TABLE} (records, branch, shard, writes) VALUES"
        "   (TG_ARGV[0], touched, floor(random() * 2000000000)::integer, 1)"
        f"   ON CONFLICT (records, branch, shard) DO UPDATE SET writes = {BRANCH_TABLE}.writes + 1;"
        "  END IF;"
        # No branch (an inspection nobody organised, with no problem yet): the whole set moves,
        # so that what reads the whole sees the write.
        f" END LOOP; IF NOT FOUND THEN PERFORM {TABLE}_add(TG_ARGV[0]); END IF;"
        " RETURN NULL; END $$"
    )
    transitions = {
        "insert": "REFERENCING NEW TABLE AS new_rows",
        "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "delete": "REFERENCING OLD TABLE AS old_rows",
    }
    for records, tables in BRANCHED.items():
        for table in tables:
            if table not in existing:
                continue
            # The trigger of the whole set that the table had before it was branched.
            cursor.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(records, table)} ON {table}")
            for event, referencing in transitions.items():
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {_trigger_name(records, table, '_' + event)} "
                    f"AFTER {event.upper()} ON {table} {referencing} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_bump_branches('{records}')"
                )
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {_trigger_name(records, table, '_truncate')} "
                f"AFTER TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_bump('{records}')"
            )


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
    sees them: its own uncommitted ones included), the branches' included."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COALESCE(SUM(writes), 0) FROM {TABLE} WHERE records = %s)"
            f" + (SELECT COALESCE(SUM(writes), 0) FROM {BRANCH_TABLE} WHERE records = %s)",
            [records, records],
        )
        return int(cursor.fetchone()[0])


def _branch_versions(records: str, branches: list[str], using: str) -> dict[str, int]:
    """Each branch's version: the writes to the set's tables outside the branches plus the
    branch's own."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT '', COALESCE(SUM(writes), 0) FROM {TABLE} WHERE records = %s"
            f" UNION ALL SELECT branch, SUM(writes) FROM {BRANCH_TABLE}"
            f" WHERE records = %s AND branch IN ({', '.join(['%s'] * len(branches))})"
            " GROUP BY branch",
            [records, records, *branches],
        )
        counted = dict(cursor.fetchall())
    outside = int(counted.pop(""))
    return {branch: outside + int(counted.get(branch, 0)) for branch in branches}


def _cache_key(records: str, version: int, key: tuple[Hashable, ...]) -> str:
    digest = hashlib.sha1(repr(key).encode()).hexdigest()
    return f"figures:{records}:{version}:{digest}"


def active(model: type[models.Model]) -> bool:
    """Whether `model`'s figures are remembered here (not inside a transaction, nor when the
    setting is 0)."""
    return _remembering(model) is not None


def _remembering(model: type[models.Model]) -> str | None:
    """The database whose version counts for `model`'s figures, or None when nothing is
    remembered (the setting is 0, or inside a transaction)."""
    using = router.db_for_read(model)
    if not settings.FIGURE_CACHE_SECONDS or connections[using].in_atomic_block:
        return None
    return using


def remember(
    model: type[models.Model],
    records: str,
    key: tuple[Hashable, ...],
    compute: Callable[[], T],
    *,
    branch: str | None = None,
) -> T:
    """What `compute()` returns, from the cache while `records` have not changed since.

    `model` is the one the aggregate reads (its read database is the one whose version counts:
    a replica's figures go with the replica's version); `key` names the aggregate and its
    arguments (a function's name, a year, a region's id, the as-of day…). With `branch`, the
    aggregate reads only that branch's rows, and only writes there (or outside every branch)
    change it."""
    using = _remembering(model)
    if using is None:
        return compute()
    if branch is None:
        current = version(records, using)
    else:
        current = _branch_versions(records, [branch], using)[branch]
    cache_key = _cache_key(records, current, key)
    found = cache.get(cache_key)
    if found is not None:
        return found
    value = compute()
    cache.set(cache_key, value, settings.FIGURE_CACHE_SECONDS)
    return value


# How many branches' aggregates a merge may compute before one pass over the whole costs less
# (a county is a hundredth of a province, but each pass has its own fixed cost).
BRANCHES_RECOMPUTED = 3
# A pass over the whole grouped by branch costs about what a quarter of the branches cost one
# by one (a province's year: 2 s against 101 × 66 ms, benchmarks/province_bench.py), so up to
# a quarter are computed one by one: a few counties written between two readers stay cheap.
GROUPED_PASS_SHARE = 4


def remember_branches(
    model: type[models.Model],
    records: str,
    keys: dict[str, tuple[Hashable, ...]],
    compute: Callable[[str], T],
    *,
    every: bool = False,
    compute_together: Callable[[list[str]], dict[str, T]] | None = None,
) -> dict[str, T] | None:
    """Each branch's aggregate, as `remember(model, records, keys[branch], ..., branch=branch)`
    remembers it, read in one round trip; the missing ones computed (`compute(branch)`) and
    remembered. With more missing than BRANCHES_RECOMPUTED (or than a GROUPED_PASS_SHARE of
    the branches, with `compute_together`), one pass over the whole costs less than a pass per
    branch: `compute_together(missing)` computes them all in one grouped pass (and they are
    remembered, so that the next write costs one branch again); without it, None (unless
    `every`: ahead of the readers, `warm_figures`) and the caller makes its own pass. None too
    when nothing is remembered."""
    using = _remembering(model)
    if using is None or not keys:
        return None
    versions = _branch_versions(records, list(keys), using)
    cache_keys = {
        branch: _cache_key(records, versions[branch], key) for branch, key in keys.items()
    }
    found = cache.get_many(list(cache_keys.values()))
    missing = [branch for branch, cache_key in cache_keys.items() if cache_key not in found]
    few = BRANCHES_RECOMPUTED
    if compute_together is not None:
        few = max(few, len(keys) // GROUPED_PASS_SHARE)
    if len(missing) <= few:
        computed = {branch: compute(branch) for branch in missing}
    elif compute_together is not None:
        computed = compute_together(missing)
    elif every:
        computed = {branch: compute(branch) for branch in missing}
    else:
        return None
    cache.set_many(
        {cache_keys[branch]: value for branch, value in computed.items()},
        settings.FIGURE_CACHE_SECONDS,
    )
    return {
        branch: computed[branch] if branch in computed else found[cache_key]
        for branch, cache_key in cache_keys.items()
    }
