"""Evidence goes through Django's storage API only, so an object store (django-storages S3,
STORAGE_BACKEND=s3) serves it to every app server: here an in-memory storage stands in for it."""

from pathlib import Path

import pytest

from rectification.models import Evidence
from tests.rectification.conftest import png_bytes, upload, url


@pytest.fixture
def object_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def test_evidence_is_stored_and_served_through_the_storage(
    client, head_a, problem_a, object_storage, settings
):
    client.force_login(head_a)
    upload(client, problem_a)
    evidence = Evidence.objects.get()
    assert evidence.file.storage.exists(evidence.file.name)
    download = client.get(url("evidence_download", evidence.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == png_bytes()
    thumbnail = client.get(url("evidence_thumbnail", evidence.pk))
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing on the app server's disk


def test_a_file_missing_from_the_storage_is_404(client, head_a, problem_a, object_storage):
    client.force_login(head_a)
    upload(client, problem_a)
    evidence = Evidence.objects.get()
    evidence.file.storage.delete(evidence.file.name)
    assert client.get(url("evidence_download", evidence.pk)).status_code == 404
