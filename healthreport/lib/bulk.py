"""Bulk inserts for the imports: rows of plain values straight into a model's table.

`bulk_create` builds a model instance per row and prepares every field of it through the ORM:
at 100,000 ledger rows that is most of the import's time, more than reading the file. The
import already holds each row's values, checked; `insert` writes them as multi-row
`INSERT … RETURNING id` statements, the statement bulk_create itself sends, with every field
the row does not name at its default, as bulk_create would give it (auto_now and auto_now_add:
the time of the call). No signal is sent, as with bulk_create.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

# SQLite's limit on the parameters of one statement (SQLITE_MAX_VARIABLE_NUMBER since 3.32).
SQLITE_MAX_PARAMETERS = 32_766
# Identity on both backends: the driver takes the Python value as it is.
PLAIN = (
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
)


def insert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    batch_size: int = 5000,
) -> list[int]:
    """Insert `rows` (each the values of `columns`, field attnames such as "unit_id", as
    Python values) into `model`'s table; return the new primary keys, in the rows' order."""
    connection = connections[router.db_for_write(model)]
    fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
    named = [fields[name] for name in columns]
    others = [f for f in fields.values() if f.attname not in set(columns)]
    now = timezone.now()
    defaults = [
        f.get_db_prep_save(
            now
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            # A field without a default takes None, as a model instance would hold.
            else f.get_default(),
            connection,
        )
        for f in others
    ]
    adapters = [_adapter(field, connection) for field in named]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.attname if f.column is None else f.column) for f in [*named, *others])
    width = len(named) + len(others)
    sqlite = connection.vendor == "sqlite"
    # SQLite's own "?" marks: Django's SQLite cursor would rewrite every "%s" of a statement of
    # 30,000 parameters with a regular expression, which costs more than the INSERT.
    mark = "?" if sqlite else "%s"
    placeholder = f"({', '.join([mark] * width)})"
    if sqlite:
        batch_size = min(batch_size, SQLITE_MAX_PARAMETERS // width)
    pk_field = model._meta.pk
    assert pk_field is not None and pk_field.column is not None  # a concrete model's key
    table, pk = quote(model._meta.db_table), quote(pk_field.column)
    keys: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            params: list[Any] = []
            for row in batch:
                params.extend(
                    value if adapt is None or value is None else adapt(value)
                    for adapt, value in zip(adapters, row, strict=True)
                )
                params.extend(defaults)
            values = ", ".join([placeholder] * len(batch))
            sql = f"INSERT INTO {table} ({names}) VALUES {values} RETURNING {pk}"  # noqa: S608
            if sqlite:
                # sqlite3's own execute, under Django's cursor wrapper that would rewrite marks;
                # its errors as Django's (an IntegrityError the import flow turns into a message).
                with connection.wrap_database_errors:
                    sqlite3.Cursor.execute(cursor.cursor, sql, params)
            else:
                cursor.execute(sql, params)
            keys.extend(key for (key,) in cursor.fetchall())
    return keys


def _adapter(field: models.Field, connection: BaseDatabaseWrapper) -> Callable[[Any], Any] | None:
    """How a value of `field` goes to the driver: None when as it is, else a function that is
    cheaper than the field's own preparation, which the other types fall back on."""
    kind = field.get_internal_type()
    if kind in PLAIN:
        return None
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "DateTimeField":
        # An import stamps its rows with one time: adapted once, not per row.
        adapt = connection.ops.adapt_datetimefield_value
        last: list[Any] = [None, None]

        def adapt_datetime(value: Any) -> Any:
            if value is not last[0]:
                last[:] = [value, adapt(value)]
            return last[1]

        return adapt_datetime
    if isinstance(field, models.DecimalField):
        max_digits, places = field.max_digits, field.decimal_places
        return lambda value: connection.ops.adapt_decimalfield_value(value, max_digits, places)
    return lambda value: field.get_db_prep_save(value, connection)


def insert_history(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    keys: Sequence[int],
    *,
    user_id: int | None,
    batch_size: int = 5000,
) -> None:
    """The django-simple-history rows (history_type "+") of the records `insert` just wrote
    from `rows` with `keys`, as `bulk_create_with_history` writes them: by `user_id`, now, no
    change reason. `columns` names every field the history tracks."""
    history = model.history.model  # type: ignore[attr-defined]
    tracked = {field.attname for field in history.tracked_fields}
    missing = tracked - {*columns, model._meta.pk.attname}
    if missing:
        raise ValueError(f"insert_history needs every tracked field; missing {sorted(missing)}")
    now = timezone.now()
    extra = (now, "", "+", user_id)
    insert(
        history,
        [
            model._meta.pk.attname,
            *columns,
            "history_date",
            "history_change_reason",
            "history_type",
            "history_user_id",
        ],
        [(key, *row, *extra) for key, row in zip(keys, rows, strict=True)],
        batch_size=batch_size,
    )
