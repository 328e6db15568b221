"""Audit records that nobody changes: not the model, not the admin, not SQL on PostgreSQL."""

import pytest
from django.contrib.admin.sites import site
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import RequestFactory

from audit.models import Action, AuditEvent, ImmutableError
from tests.clock import NOW

postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's"
)


@pytest.fixture
def event(db):
    return AuditEvent.objects.create(at=NOW, action=Action.LOGIN, username="staff")


def test_the_model_refuses_changes_and_deletion(event):
    event.username = "someone"
    with pytest.raises(ImmutableError):
        event.save()
    with pytest.raises(ImmutableError):
        event.delete()
    with pytest.raises(ImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(username="someone")
    with pytest.raises(ImmutableError):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.username == "staff"


def test_the_admin_only_shows(event, admin_user):
    model_admin = site._registry[AuditEvent]
    request = RequestFactory().get("/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    assert "delete_selected" not in model_admin.get_actions(request)


def _raw(sql: str, *params) -> None:
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), params)


@postgresql
def test_postgresql_refuses_an_update(event):
    with pytest.raises(DatabaseError, match="只能新增"):
        _raw("UPDATE {table} SET username = 'someone' WHERE id = %s", event.pk)
    event.refresh_from_db()
    assert event.username == "staff"


@postgresql
def test_postgresql_refuses_a_delete(event):
    with pytest.raises(DatabaseError, match="只能新增"):
        _raw("DELETE FROM {table} WHERE id = %s", event.pk)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@postgresql
def test_the_purge_setting_allows_no_update(event):
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with (
        pytest.raises(DatabaseError, match="只能新增"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL audit.purge = 'on'")
        cursor.execute(f"UPDATE {table} SET username = 'someone' WHERE id = %s", [event.pk])
