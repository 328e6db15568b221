"""The ledger (整改台账) import pages: upload → preview → confirm, and the template."""

import io

import pytest

from rectification.models import Problem
from tests.rectification.conftest import ledger_row, ledger_workbook, text, url


def upload_file(client, data: bytes):
    file = io.BytesIO(data)
    file.name = "台账.xlsx"
    return client.post(url("ledger_import"), {"file": file})


def test_ledger_import_is_for_writers(client, leader, staff):
    client.force_login(leader)
    assert client.get(url("ledger_import")).status_code == 403
    client.force_login(staff)
    assert client.get(url("ledger_import")).status_code == 200
    assert client.get(url("ledger_template")).status_code == 200


def test_preview_then_confirm(client, staff, unit_a):
    client.force_login(staff)
    response = upload_file(client, ledger_workbook(ledger_row()))
    assert response.status_code == 200
    assert not Problem.objects.exists()
    token = response.context["token"]
    response = client.post(url("ledger_import"), {"token": token})
    assert response.url == url("problem_list")
    assert Problem.objects.get().description == "手卫生设施不全"


def test_the_preview_shows_dates_without_a_time(client, staff, unit_a):
    # Excel keeps a date as a date-time at midnight: the preview says 2025-03-10, not 00:00.
    client.force_login(staff)
    body = text(upload_file(client, ledger_workbook(ledger_row())))
    assert "<td>2025-03-10</td>" in body and "<td>2025-04-30</td>" in body
    assert "00:00" not in body


def test_a_bad_row_is_shown_and_nothing_saved(client, staff, unit_a):
    client.force_login(staff)
    response = upload_file(
        client, ledger_workbook(ledger_row(), ledger_row(序号=2, 责任单位="不存在医院"))
    )
    assert response.status_code == 400
    assert "找不到单位“不存在医院”" in text(response)
    assert "token" not in response.context
    assert not Problem.objects.exists()


def test_a_unit_outside_the_scope_is_unknown(client, county_staff, unit_b):
    client.force_login(county_staff)
    response = upload_file(client, ledger_workbook(ledger_row(责任单位="白沙县人民医院")))
    assert response.status_code == 400
    assert "找不到单位“白沙县人民医院”" in text(response)
    assert not Problem.objects.exists()


def test_unit_people_may_not_import(client, head_a, unit_a):
    client.force_login(head_a)
    assert upload_file(client, ledger_workbook(ledger_row())).status_code == 403
    assert not Problem.objects.exists()


def test_import_rejects_delete(client, staff):
    client.force_login(staff)
    assert client.delete(url("ledger_import")).status_code == 405


@pytest.mark.parametrize("who", ["leader", "head_a"])
def test_template_is_for_writers(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("ledger_template")).status_code == 403


def test_template_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post(url("ledger_template")).status_code == 405
