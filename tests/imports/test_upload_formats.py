""".xls and .ods uploads go through every import page as .xlsx does: preview, then confirm.

The files are the tests' own .xlsx converted by LibreOffice (headless), as a bureau's older
Excel or WPS would save them; the tests are skipped where LibreOffice Calc is not installed.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from imports.models import ImportBatch, Outcome
from indicators.models import Target, Value
from rectification.models import Problem
from tests.indicators.conftest import HEADERS as VALUE_HEADERS
from tests.indicators.conftest import TARGET_HEADERS, YEAR
from tests.rectification.conftest import ledger_row, ledger_workbook
from tests.units.excel_helpers import xlsx_bytes
from tests.units.test_importer import CODE_1, row
from units.importer import HEADERS as UNIT_HEADERS
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def office(tmp_path_factory) -> Path:
    """A LibreOffice profile of the session (its first start writes one)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return tmp_path_factory.mktemp("office")


def convert(office: Path, data: bytes, extension: str) -> bytes:
    """The .xlsx `data` saved by LibreOffice as .xls or .ods."""
    work = office / extension
    work.mkdir(exist_ok=True)
    source = work / "导入.xlsx"
    source.write_bytes(data)
    target = work / f"导入.{extension}"
    target.unlink(missing_ok=True)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{office}/profile",
            "--headless",
            "--convert-to",
            extension,
            "--outdir",
            str(work),
            str(source),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    if not target.exists():
        pytest.skip("LibreOffice cannot convert spreadsheets here (Calc is not installed)")
    return target.read_bytes()


def ledger() -> bytes:
    return ledger_workbook(ledger_row())


def units() -> bytes:
    return xlsx_bytes(UNIT_HEADERS, [row()])


def values() -> bytes:
    return xlsx_bytes(VALUE_HEADERS, [[YEAR, "POPULATION", None, "青山县", 5, ""]])


def targets() -> bytes:
    return xlsx_bytes(TARGET_HEADERS, [[YEAR, "MMR", "示例市", "≤", 14.5, "规划"]])


KINDS = {
    # page, the file, what it wrote (the record's fields), how to remove it
    "ledger": (
        "rectification:ledger_import",
        ledger,
        lambda: Problem.objects.values_list("unit__name", "description", "deadline").get(),
        lambda: Problem.objects.all().delete(),
    ),
    "units": (
        "units:unit_import",
        units,
        lambda: Unit.objects.values_list("credit_code", "approved_beds").get(credit_code=CODE_1),
        lambda: Unit.objects.filter(credit_code=CODE_1).delete(),
    ),
    "values": (
        "indicators:import_values",
        values,
        lambda: Value.objects.values_list("region__name", "value").get(),
        lambda: Value.all_periods.all().delete(),
    ),
    "targets": (
        "indicators:import_targets",
        targets,
        lambda: Target.objects.values_list("region__name", "operator", "value").get(),
        lambda: Target.objects.all().delete(),
    ),
}


def through_page(client, page: str, data: bytes, name: str):
    """Upload, preview, confirm: the preview's response and the confirmation's."""
    upload = io.BytesIO(data)
    upload.name = name
    previewed = client.post(page, {"file": upload})
    assert previewed.status_code == 200, previewed.content.decode()
    assert "检查通过" in previewed.content.decode()
    confirmed = client.post(page, {"token": previewed.context["token"]})
    return previewed, confirmed


@pytest.mark.parametrize("extension", ["xls", "ods"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_an_xls_or_ods_upload_is_previewed_and_imported_as_its_xlsx(
    client, staff, city, county_a, county_b, unit_a, unit_b, office, kind, extension
):
    page_name, build, written, remove = KINDS[kind]
    page = reverse(page_name)
    client.force_login(staff)
    data = build()
    _, confirmed = through_page(client, page, data, "导入.xlsx")
    assert confirmed.status_code == 302
    expected = written()
    ImportBatch.objects.all().delete()
    remove()

    converted = convert(office, data, extension)
    previewed, confirmed = through_page(client, page, converted, f"导入.{extension}")
    assert previewed.context["preview"].summary == "共1行：新增1条，更新0条"
    assert confirmed.status_code == 302
    assert written() == expected
    batch = ImportBatch.objects.get()
    assert batch.outcome == Outcome.IMPORTED
    assert batch.file.name.endswith(f".{extension}")
    assert batch.file.read() == converted
