"""The original file of an import, for those who import, in their scope."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from imports.models import ImportBatch, Outcome

pytestmark = pytest.mark.django_db


def url(batch):
    return reverse("imports:batch_file", args=[batch.pk])


def test_it_downloads_the_file_as_imported(client, staff, imported):
    client.force_login(staff)
    response = client.get(url(imported))
    assert response.status_code == 200
    assert response.content == imported.file.read()
    assert response.content[:2] == b"PK"
    assert quote("台账.xlsx") in response["Content-Disposition"]


def test_it_rejects_post(client, staff, imported):
    client.force_login(staff)
    assert client.post(url(imported)).status_code == 405


def test_it_is_not_found_outside_the_scope(client, county_staff, imported):
    client.force_login(county_staff)  # the batch is the city's
    assert client.get(url(imported)).status_code == 404


def test_readers_may_not_download_it(client, leader, imported):
    client.force_login(leader)
    assert client.get(url(imported)).status_code == 403


def test_a_batch_without_a_file_has_none_to_download(client, staff, city):
    batch = ImportBatch.objects.create(
        kind="ledger", title="整改台账", filename="坏.xlsx", region=city, outcome=Outcome.REFUSED
    )
    client.force_login(staff)
    assert client.get(url(batch)).status_code == 404
