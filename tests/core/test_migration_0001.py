"""core 0001 / rectification 0005: Notification and WebhookDelivery move to core by state only;
the tables keep their names and every row stays readable through core.models."""

import datetime

import pytest
from django.core.management import call_command

from tests.migrating import apps_before, migrate_to

BEFORE = [("rectification", "0004_webhook_channel_choices"), ("core", None)]
AFTER = [("core", "0001_initial"), ("rectification", "0005_move_notifications_to_core")]


@pytest.fixture
def old_apps(transactional_db):
    yield from apps_before(BEFORE)


def test_the_rows_survive_the_move(old_apps):
    user = old_apps.get_model("accounts", "User").objects.create(username="mover")
    day = datetime.date(2025, 6, 15)
    old_note = old_apps.get_model("rectification", "Notification").objects.create(
        recipient_id=user.pk, kind="digest", day=day, title="升级前的提醒"
    )
    old_sent = old_apps.get_model("rectification", "WebhookDelivery").objects.create(
        channel="wecom", day=day
    )
    migrate_to(AFTER)
    call_command("migrate", verbosity=0)

    from core.models import Notification, WebhookDelivery

    note = Notification.objects.get(pk=old_note.pk)
    assert (note.recipient.username, note.title, note.read) == ("mover", "升级前的提醒", False)
    assert WebhookDelivery.objects.get(pk=old_sent.pk).channel == "wecom"


def test_the_content_types_move_with_the_models(old_apps):
    """Permissions given on notifications in the admin stay attached to the moved models."""
    content_types = old_apps.get_model("contenttypes", "ContentType")
    content_types.objects.filter(app_label="core").delete()
    old = content_types.objects.get_or_create(app_label="rectification", model="notification")[0]
    call_command("migrate", verbosity=0)

    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    moved = ContentType.objects.get(pk=old.pk)
    assert (moved.app_label, moved.model) == ("core", "notification")
