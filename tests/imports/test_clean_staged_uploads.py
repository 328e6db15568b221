"""clean_staged_uploads: previews nobody confirmed lose their staged file after a day and their
batch expires; send_reminders runs it every day."""

import datetime
import os
import time
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from healthreport.lib import uploads
from imports.models import ImportBatch, Outcome
from tests.imports.conftest import LEDGER_PAGE, preview

pytestmark = pytest.mark.django_db


def staged_path(token):
    """The staged file on disk (the tests' storage is the file system under MEDIA_ROOT)."""
    folder = Path(default_storage.path(uploads.FOLDER))
    return next(folder.glob(f"*-{token}.xlsx"))


def test_a_preview_older_than_a_day_is_cleaned(client, staff, unit_a, clock, capsys):
    client.force_login(staff)
    old = preview(client)
    path = staged_path(old)
    aged = time.time() - 25 * 3600
    os.utime(path, (aged, aged))
    clock.shift(datetime.timedelta(hours=25))
    client.force_login(staff)  # the idle session has ended
    fresh = preview(client)
    call_command("clean_staged_uploads")
    assert "删除暂存文件1个，过期导入记录1条。" in capsys.readouterr().out
    assert not path.exists() and staged_path(fresh).exists()
    assert ImportBatch.objects.get(token=old).outcome == Outcome.EXPIRED
    assert ImportBatch.objects.get(token=fresh).outcome == Outcome.PREVIEWED
    response = client.post(LEDGER_PAGE, {"token": old}, follow=True)
    assert "预览已失效" in response.content.decode()


def test_send_reminders_cleans_too(client, staff, unit_a, clock, capsys):
    client.force_login(staff)
    path = staged_path(preview(client))
    clock.shift(datetime.timedelta(days=2))
    os.utime(path, (time.time() - 2 * 86400,) * 2)
    call_command("send_reminders")
    assert "删除暂存文件1个，过期导入记录1条。" in capsys.readouterr().out
    assert not path.exists()
