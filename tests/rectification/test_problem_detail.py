"""A problem's page: the actions offered by role, scope."""

import pytest

from tests.rectification.conftest import SOON, text, url


@pytest.fixture
def deadline():
    return SOON


def test_detail_offers_the_actions_of_the_role(client, head_a, problem_a):
    client.force_login(head_a)
    body = text(client.get(url("problem_detail", problem_a.pk)))
    assert "报告整改进展" in body and "申请销号" in body and "验收销号" not in body


def test_detail_of_another_unit_is_404(client, head_b, problem_a):
    client.force_login(head_b)
    assert client.get(url("problem_detail", problem_a.pk)).status_code == 404


def test_detail_of_another_county_is_404(client, county_staff, problem_b):
    client.force_login(county_staff)
    assert client.get(url("problem_detail", problem_b.pk)).status_code == 404


def test_leader_reads_without_any_action(client, leader, problem_a):
    client.force_login(leader)
    response = client.get(url("problem_detail", problem_a.pk))
    assert response.status_code == 200
    body = text(response)
    assert problem_a.description in body
    assert "报告整改进展" not in body and "验收销号" not in body and "撤销问题" not in body


def test_detail_rejects_post(client, staff, problem_a):
    client.force_login(staff)
    assert client.post(url("problem_detail", problem_a.pk)).status_code == 405
