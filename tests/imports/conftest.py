"""Import batches made through the pages and commands, as people make them."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from imports.models import ImportBatch
from tests.rectification.conftest import ledger_row, ledger_workbook

LEDGER_PAGE = reverse("rectification:ledger_import")


def upload(client, data: bytes, name: str = "台账.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(LEDGER_PAGE, {"file": file})


def preview(client, *rows) -> str:
    """Upload a ledger and return the preview's token."""
    response = upload(client, ledger_workbook(*(rows or [ledger_row()])))
    assert response.status_code == 200, response.content.decode()
    return response.context["token"]


@pytest.fixture
def imported(client, staff, unit_a) -> ImportBatch:
    """A ledger of one problem at unit_a, imported by the city's staff member."""
    client.force_login(staff)
    client.post(LEDGER_PAGE, {"token": preview(client)})
    client.logout()
    return ImportBatch.objects.get()


def import_through_page(client, page: str, data: bytes, name: str = "导入.xlsx") -> ImportBatch:
    """Upload `data` to an import page, confirm its preview, and return the batch it made."""
    file = io.BytesIO(data)
    file.name = name
    response = client.post(page, {"file": file})
    assert response.status_code == 200, response.content.decode()
    response = client.post(page, {"token": response.context["token"]})
    assert response.status_code == 302, response.content.decode()
    return ImportBatch.objects.latest("pk")
