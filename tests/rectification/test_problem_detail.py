"""A problem's page: the actions offered by role, scope."""

import pytest

from rectification.models import Status
from rectification.workflow import (
    FOUR_POINTS,
    NO_EVIDENCE_TO_CLOSE,
    Action,
    request_extension,
    transition,
)
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


def test_a_submission_without_evidence_offers_return_instead_of_close(client, staff, problem_a):
    transition(problem_a, Action.IMPORT, None, to_status=Status.SUBMITTED)
    client.force_login(staff)
    body = text(client.get(url("problem_detail", problem_a.pk)))
    assert 'data-action="close"' not in body
    assert 'data-testid="close-blocked"' in body and NO_EVIDENCE_TO_CLOSE in body
    assert 'data-action="return"' in body


def test_a_submission_with_evidence_offers_close(client, staff, head_a, problem_a, with_photo):
    with_photo(problem_a, head_a)
    transition(problem_a, Action.SUBMIT, head_a, note="已整改")
    client.force_login(staff)
    body = text(client.get(url("problem_detail", problem_a.pk)))
    assert 'data-action="close"' in body and "close-blocked" not in body


def test_the_four_points_have_visible_labels(client, staff, head_a, major_a, with_photo):
    with_photo(major_a, head_a)
    transition(major_a, Action.SUBMIT, head_a, note="已整改")
    client.force_login(staff)
    body = text(client.get(url("problem_detail", major_a.pk)))
    for key, label in FOUR_POINTS.items():
        # A <label> that stays when typing begins, not a placeholder that goes.
        assert f'<label class="form-label small mb-0" for="four-{key}">{label}</label>' in body
        assert f'name="{key}" id="four-{key}"' in body
    assert 'placeholder="原因已查清"' not in body


def test_the_extension_table_keeps_dates_on_one_line(client, staff, head_a, problem_a):
    request_extension(
        problem_a, head_a, new_deadline=SOON.replace(year=SOON.year + 1), reason="设备未到"
    )
    client.force_login(staff)
    body = text(client.get(url("problem_detail", problem_a.pk)))
    table = body[body.index('data-testid="extensions"') :]
    assert f'<td class="text-nowrap">{SOON.replace(year=SOON.year + 1):%Y-%m-%d}</td>' in table
