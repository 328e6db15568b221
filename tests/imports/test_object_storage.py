"""Staged previews and imported files go through Django's storage API only: the preview and its
confirmation may reach different app servers sharing an object store (STORAGE_BACKEND=s3). An
in-memory storage stands in for it; nothing lands on the app server's disk."""

import datetime
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from healthreport.lib import uploads
from imports.models import ImportBatch, Outcome
from tests.imports.conftest import LEDGER_PAGE, preview

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def object_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def test_preview_and_confirmation_share_the_storage(client, staff, unit_a, settings):
    client.force_login(staff)
    token = preview(client)
    assert default_storage.exists(uploads.staged_name("ledger", staff.pk, token))
    response = client.post(LEDGER_PAGE, {"token": token})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.outcome == Outcome.IMPORTED and default_storage.exists(batch.file.name)
    assert uploads.load("ledger", staff.pk, token) is None  # consumed
    download = client.get(reverse("imports:batch_file", args=[batch.pk]))
    assert download.status_code == 200 and download.content.startswith(b"PK")
    assert not Path(settings.MEDIA_ROOT).exists()


def test_stale_previews_are_cleaned_from_the_storage(client, staff, unit_a, clock, capsys):
    client.force_login(staff)
    old = preview(client)
    clock.shift(datetime.timedelta(hours=25))
    client.force_login(staff)
    fresh = preview(client)
    call_command("clean_staged_uploads")
    assert "删除暂存文件1个" in capsys.readouterr().out
    assert uploads.load("ledger", staff.pk, old) is None
    assert uploads.load("ledger", staff.pk, fresh) is not None
