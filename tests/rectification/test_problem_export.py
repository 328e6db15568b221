"""The ledger export of the filtered problem list."""

import pytest

from tests.rectification.conftest import SOON, sheet_rows, url


@pytest.fixture
def deadline():
    return SOON


def test_export_is_the_ledger_of_the_filtered_list(client, staff, problem_a, problem_b):
    client.force_login(staff)
    response = client.get(url("problem_export"), {"unit": problem_a.unit_id})
    rows = sheet_rows(response.content)
    assert rows[0][0] == "序号" and len(rows) == 2


def test_export_holds_only_the_scope(client, head_a, problem_a, problem_b):
    client.force_login(head_a)
    rows = sheet_rows(client.get(url("problem_export")).content)
    assert [r[7] for r in rows[1:]] == [problem_a.description]


def test_export_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post(url("problem_export")).status_code == 405


def test_a_unit_outside_the_scope_exports_nothing_of_it(client, county_staff, problem_a, problem_b):
    client.force_login(county_staff)
    response = client.get(url("problem_export"), {"unit": problem_b.unit_id})
    assert response.status_code == 200
    assert [r[7] for r in sheet_rows(response.content)[1:]] == [problem_a.description]
