"""purge_audit --before DATE: only records older than AUDIT_RETENTION_DAYS, on both databases
(on PostgreSQL through the trigger's one exception), and the purge itself recorded."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from audit.models import Action, AuditEvent
from tests.clock import NOW


@pytest.fixture
def old_and_new(db):
    old = AuditEvent.objects.create(at=NOW - datetime.timedelta(days=200), action=Action.LOGIN)
    kept = AuditEvent.objects.create(at=NOW - datetime.timedelta(days=170), action=Action.LOGIN)
    return old, kept


def test_it_removes_records_before_the_date(old_and_new, capsys):
    old, kept = old_and_new
    call_command("purge_audit", "--before", "2025-12-01")
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=kept.pk).exists()
    assert "已删除 2025-12-01 之前的审计记录 1 条" in capsys.readouterr().out
    purge = AuditEvent.objects.get(action=Action.PURGE)
    assert "删除 2025-12-01 之前的记录 1 条" in purge.detail


def test_it_refuses_a_date_within_retention(old_and_new):
    # 2026-06-15 minus 180 days is 2025-12-17: a later date would remove younger records.
    with pytest.raises(CommandError, match="须保留 180 天.*不能晚于 2025-12-17"):
        call_command("purge_audit", "--before", "2025-12-18")
    assert AuditEvent.objects.count() == 2


def test_the_last_allowed_date_is_accepted(old_and_new):
    call_command("purge_audit", "--before", "2025-12-17")
    assert AuditEvent.objects.filter(action=Action.LOGIN).count() == 1


def test_retention_is_a_setting(old_and_new, settings):
    settings.AUDIT_RETENTION_DAYS = 365
    with pytest.raises(CommandError, match="须保留 365 天"):
        call_command("purge_audit", "--before", "2025-12-01")


def test_a_bad_date_is_explained(db):
    with pytest.raises(CommandError, match="无法识别"):
        call_command("purge_audit", "--before", "去年")
