"""Removing audit records older than the retention period, the one way a record ever goes.

On PostgreSQL the table's trigger (migration 0001) refuses every UPDATE and DELETE unless the
transaction has set `audit.purge` to on, which only this function does (SET LOCAL: the setting
ends with the transaction). The purge is itself recorded.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from audit import recorder
from audit.models import Action, AuditEvent
from healthreport.lib import clock


class RetentionError(Exception):
    pass


def earliest_allowed(today: date | None = None) -> date:
    """The latest `before` a purge may use: records of the last AUDIT_RETENTION_DAYS stay."""
    return (today or clock.today()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)


def purge(before: date) -> int:
    """Delete the records from before `before` (local midnight); refuse a date within retention."""
    limit = earliest_allowed()
    if before > limit:
        raise RetentionError(
            f"审计记录须保留 {settings.AUDIT_RETENTION_DAYS} 天："
            f"--before 不能晚于 {limit:%Y-%m-%d}。"
        )
    cutoff = timezone.make_aware(datetime.combine(before, time.min))
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    column = connection.ops.quote_name("at")
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL audit.purge = 'on'")
        cursor.execute(f"DELETE FROM {table} WHERE {column} < %s", [cutoff])
        count = cursor.rowcount
    recorder.record(
        Action.PURGE,
        detail=f"删除 {before:%Y-%m-%d} 之前的记录 {count} 条"
        f"（保留期 {settings.AUDIT_RETENTION_DAYS} 天）",
    )
    return count
